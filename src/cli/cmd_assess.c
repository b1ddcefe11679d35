/*
 * cmd_assess.c - `aisec assess PROFILE...`: assess one or more system
 * profiles against the knowledge base and print the findings as JSON or a
 * rendered report; --fail-on turns the findings into a CI gate (exit 1).
 * Several profiles are assessed on parallel threads and printed in order.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aisec/assess.h"
#include "aisec/catalog.h"
#include "aisec/report.h"
#include "cli/cli.h"
#include "core/core.h"

#define MAX_GATES 8
#define MAX_THREADS 16
#define BATCH 64 /* profiles held in memory at once */

const char cli_assess_usage[] =
	"usage: aisec assess PROFILE... [--format FORMAT] [-o FILE] [--as-of DATE]\n"
	"                    [--explain] [--fail-on GATE]... [--catalog DIR] [--scheme NAME]\n"
	"\n"
	"Assess AI systems described by profiles (docs/profile.md): their class under the\n"
	"AI Act, the requirements that apply, the threats that fit them, a TVRA risk table\n"
	"before and after the controls in place, coverage by the standards the organisation\n"
	"applies, the gaps and the next steps.\n"
	"\n"
	"  --format FORMAT   json, text (default), md, html, pdf, sarif, oscal-ar or csv;\n"
	"                    several profiles give one JSON array, SARIF log, OSCAL\n"
	"                    assessment-results, HTML page or PDF, or text, md and csv\n"
	"                    reports one after another; pdf is the HTML report printed to A4\n"
	"                    by a headless Chromium (chromium on PATH or AISEC_CHROMIUM)\n"
	"  -o, --output FILE write to FILE (atomically) instead of standard output\n"
	"  --as-of DATE      YYYY-MM-DD: which obligations apply on that day (default today, UTC)\n"
	"  --explain         add the source of every statement\n"
	"  --fail-on GATE    exit 1 when a profile hits GATE: prohibited, high-risk,\n"
	"                    risk:minor|major|critical (a residual risk at or above), gap\n"
	"  --catalog DIR     read the knowledge base from DIR instead of the built-in copy\n"
	"  --scheme NAME     TVRA scheme from tvra.yaml: etsi-tvra (default), iso-sae-21434\n"
	"\n"
	"exit codes: 0 ok, 1 a --fail-on gate was hit, 2 usage error, 3 error (bad profile:\n"
	"the message names file, line and field).\n";

static bool gate_ok(const char *g)
{
	return strcmp(g, "prohibited") == 0 || strcmp(g, "high-risk") == 0 ||
	       strcmp(g, "gap") == 0 || strcmp(g, "risk:minor") == 0 ||
	       strcmp(g, "risk:major") == 0 || strcmp(g, "risk:critical") == 0;
}

/* Usage error naming the formats there are (aisec_report_formats). */
static int bad_format(const char *f)
{
	char list[256];
	size_t off = 0;

	list[0] = '\0';
	for (const char *const *k = aisec_report_formats(); *k && off < sizeof(list); k++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s", off ? ", " : "", *k);
	if (off < sizeof(list))
		snprintf(list + off, sizeof(list) - off, ", pdf");
	return cli_usage("assess", "unknown format '%s' (%s)", f, list);
}

static bool format_ok(const char *f)
{
	const char *const *k = aisec_report_formats();

	if (strcmp(f, "pdf") == 0) /* the html report, printed by Chromium */
		return true;
	for (; *k; k++)
		if (strcmp(*k, f) == 0)
			return true;
	return false;
}

static int write_out(const char *path, const struct aisec_buf *b)
{
	struct aisec_error err;

	if (path) {
		aisec_error_clear(&err);
		if (aisec_file_write_atomic(path, b->data, b->len, 0644, &err))
			return cli_error_from(&err);
		return CLI_OK;
	}
	if (fwrite(b->data, 1, b->len, stdout) != b->len || fflush(stdout) != 0)
		return cli_error("cannot write to standard output");
	return CLI_OK;
}

/* What every job shares, read-only. */
struct run {
	const struct aisec_catalog *cat;
	struct aisec_assess_options aopt;
	struct aisec_report_options ropt;
	const char *format;
	const char **gates;
	size_t ngates;
	bool merge; /* keep the findings: one document for all profiles at the end */
};

/* One profile: its rendered output, whether a gate was hit, or its error. */
struct job {
	const struct run *run;
	const char *path;
	struct aisec_buf out;
	struct aisec_findings *f; /* kept when run->merge */
	struct aisec_error err;
	int rc;
	bool hit;
};

static void run_job(struct job *j)
{
	const struct run *r = j->run;
	struct aisec_profile *p = NULL;
	struct aisec_findings *f = NULL;

	aisec_buf_init(&j->out, 0);
	aisec_error_clear(&j->err);
	j->rc = aisec_profile_load(j->path, &p, &j->err);
	if (!j->rc)
		j->rc = aisec_assess(r->cat, p, &r->aopt, &f, &j->err);
	if (!j->rc && !r->merge)
		j->rc = strcmp(r->format, "json") == 0
			? aisec_findings_to_json(f, &j->out, &j->err)
			: aisec_report_render(f, r->format, &r->ropt, &j->out, &j->err);
	for (size_t g = 0; !j->rc && g < r->ngates; g++) {
		int gr = aisec_findings_gate(f, r->gates[g], &j->err);

		if (gr < 0)
			j->rc = gr;
		else if (gr > 0)
			j->hit = true;
	}
	if (!j->rc && r->merge)
		j->f = f;
	else
		aisec_findings_free(f);
	aisec_profile_free(p);
}

struct pool {
	struct job *jobs;
	size_t n;
	size_t next;
	pthread_mutex_t lock;
};

static void *worker(void *arg)
{
	struct pool *pl = arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&pl->lock);
		i = pl->next++;
		pthread_mutex_unlock(&pl->lock);
		if (i >= pl->n)
			return NULL;
		run_job(&pl->jobs[i]);
	}
}

/* Run jobs on up to `nthreads` threads (the library is reentrant). */
static void run_jobs(struct job *jobs, size_t n, int nthreads)
{
	struct pool pl = {jobs, n, 0, PTHREAD_MUTEX_INITIALIZER};
	pthread_t th[MAX_THREADS];
	int started = 0;

	if (nthreads > (int)n)
		nthreads = (int)n;
	for (int t = 1; t < nthreads; t++)
		if (pthread_create(&th[started], NULL, worker, &pl) == 0)
			started++;
	worker(&pl);
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
}

int cmd_assess(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
		{"as-of", required_argument, NULL, 'a'}, {"explain", no_argument, NULL, 'e'},
		{"fail-on", required_argument, NULL, 'g'}, {"catalog", required_argument, NULL, 'c'},
		{"scheme", required_argument, NULL, 's'}, {NULL, 0, NULL, 0}
	};
	const char *output = NULL, *catdir = NULL, *gates[MAX_GATES];
	struct run run = {.format = "text", .aopt = {.verify_evidence = true}, .gates = gates};
	struct aisec_catalog *cat = NULL;
	struct aisec_assessor *as = NULL;
	struct aisec_buf out;
	struct aisec_error err;
	struct job *jobs = NULL;
	struct aisec_findings **all = NULL;
	int c, ret = CLI_ERROR, nprof, nthreads;
	bool hit = false, array, pdf = false;
	long ncpu;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': run.format = optarg; break;
		case 'o': output = optarg; break;
		case 'a': run.aopt.as_of = optarg; break;
		case 'e': run.ropt.explain = true; break;
		case 'c': catdir = optarg; break;
		case 's': run.aopt.scheme = optarg; break;
		case 'g':
			if (!gate_ok(optarg))
				return cli_usage("assess",
						 "unknown gate '%s' (prohibited, high-risk, risk:minor|major|critical, gap)",
						 optarg);
			if (run.ngates == MAX_GATES)
				return cli_usage("assess", "at most %d --fail-on gates", MAX_GATES);
			gates[run.ngates++] = optarg;
			break;
		case ':':
			return cli_usage("assess", "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage("assess", "unknown option '%s'", argv[optind - 1]);
		}
	}
	nprof = argc - optind;
	if (nprof < 1)
		return cli_usage("assess", "no profile given");
	if (!format_ok(run.format))
		return bad_format(run.format);
	if (strcmp(run.format, "pdf") == 0) {
		pdf = true;
		run.format = "html";
	}
	run.ropt.color = !output && strcmp(run.format, "text") == 0 && cli_use_color();
	run.ropt.width = output ? 0 : cli_term_width();
	cat = cli_catalog_load(catdir, 0);
	if (!cat)
		return CLI_ERROR;
	aisec_error_clear(&err);
	if (aisec_assessor_new(cat, &as, &err)) {
		aisec_catalog_free(cat);
		return cli_error_from(&err);
	}
	run.cat = cat;
	run.aopt.assessor = as;
	json_object_seed(0); /* before any thread builds JSON objects */
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	nthreads = ncpu < 1 ? 1 : ncpu > MAX_THREADS ? MAX_THREADS : (int)ncpu;
	aisec_buf_init(&out, 0);
	array = strcmp(run.format, "json") == 0 && nprof > 1;
	/* SARIF, OSCAL and HTML documents cannot be concatenated: one for all */
	run.merge = nprof > 1 && (strcmp(run.format, "sarif") == 0 ||
				  strcmp(run.format, "oscal-ar") == 0 ||
				  strcmp(run.format, "html") == 0);
	if (array)
		aisec_buf_adds(&out, "[\n");
	jobs = calloc(BATCH, sizeof(*jobs));
	all = calloc((size_t)nprof, sizeof(*all));
	if (!jobs || !all) {
		ret = cli_error("out of memory");
		goto done;
	}
	for (int b = optind; b < argc; b += BATCH) {
		size_t n = (size_t)(argc - b) < BATCH ? (size_t)(argc - b) : BATCH;
		int rc = 0;

		for (size_t k = 0; k < n; k++)
			jobs[k] = (struct job){.run = &run, .path = argv[b + (int)k]};
		run_jobs(jobs, n, nthreads);
		for (size_t k = 0; k < n; k++) {
			struct job *j = &jobs[k];

			if (!rc && j->rc) {
				cli_error_from(&j->err);
				rc = j->rc;
			}
			if (!rc && run.merge) {
				hit |= j->hit;
				all[b - optind + (int)k] = j->f;
				j->f = NULL;
			} else if (!rc) {
				hit |= j->hit;
				/* several documents: one array, each element as printed alone */
				if (array && b + (int)k + 1 < argc && j->out.len)
					j->out.data[--j->out.len] = '\0';
				rc = aisec_buf_add(&out, j->out.data, j->out.len);
				if (!rc && array && b + (int)k + 1 < argc)
					rc = aisec_buf_adds(&out, ",\n");
				if (rc)
					cli_error("output: %s", aisec_strerror(rc));
			}
			aisec_findings_free(j->f);
			aisec_buf_release(&j->out);
		}
		if (rc) {
			ret = rc == AISEC_ERR_USAGE ? CLI_USAGE : CLI_ERROR;
			goto done;
		}
	}
	if (array)
		aisec_buf_adds(&out, "]\n");
	if (run.merge && aisec_report_render_many((const struct aisec_findings *const *)all,
						  (size_t)nprof, run.format, &run.ropt, &out, &err)) {
		ret = cli_error_from(&err);
		goto done;
	}
	if (pdf) {
		struct aisec_buf doc;

		aisec_buf_init(&doc, 0);
		ret = cli_html_to_pdf(&out, &doc);
		if (ret == CLI_OK)
			ret = write_out(output, &doc);
		aisec_buf_release(&doc);
	} else {
		ret = write_out(output, &out);
	}
	if (ret == CLI_OK && hit)
		ret = CLI_NEGATIVE;
done:
	for (int i = 0; all && i < nprof; i++)
		aisec_findings_free(all[i]);
	free(all);
	free(jobs);
	aisec_buf_release(&out);
	aisec_assessor_free(as);
	aisec_catalog_free(cat);
	return ret;
}
