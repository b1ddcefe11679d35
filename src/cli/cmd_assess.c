/*
 * cmd_assess.c - `aisec assess PROFILE...`: assess one or more system
 * profiles against the knowledge base and print the findings as JSON or a
 * rendered report; --fail-on turns the findings into a CI gate (exit 1).
 * Several profiles are assessed on parallel threads and printed in order.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aisec/assess.h"
#include "aisec/catalog.h"
#include "aisec/report.h"
#include "aisec/store.h"
#include "cli/cli.h"
#include "cli/workspace_cli.h"

#define MAX_GATES 8
#define MAX_THREADS 16
#define BATCH 64 /* profiles held in memory at once */

const char cli_assess_usage[] =
	"usage: aisec assess PROFILE... [--format FORMAT] [-o FILE] [--as-of DATE]\n"
	"                    [--explain] [--fail-on GATE]... [--catalog DIR]\n"
	"                    [--scheme NAME] [--bom] [--base-dir DIR] [--sarif-single-run]\n"
	"\n"
	"Assess AI systems described by profiles (docs/profile.md): their class under\n"
	"the AI Act, the requirements that apply, the threats that fit them, a TVRA\n"
	"risk table before and after the controls in place, coverage by the standards\n"
	"the organisation applies, the gaps and the next steps.\n"
	"\n"
	"  --format FORMAT   json, text (default), md, html, pdf, sarif, oscal-ar, oscal-ap\n"
	"                    (the assessment plan oscal-ar imports) or csv; several profiles\n"
	"                    give one JSON array, SARIF log, OSCAL document, HTML page or\n"
	"                    PDF, or text, md and csv reports one after another; pdf is the\n"
	"                    HTML report printed to A4 by a headless Chromium (chromium on\n"
	"                    PATH or AISEC_CHROMIUM)\n"
	"  --import-ap HREF  oscal-ar: where the assessment plan lies (default oscal-ap.json)\n"
	"  -o, --output FILE write to FILE (atomically) instead of standard output\n"
	"  --as-of DATE      YYYY-MM-DD: which obligations apply on that day\n"
	"                    (default today, UTC)\n"
	"  --explain         add the source of every statement\n"
	"  --fail-on GATE    exit 1 when a profile hits GATE: prohibited, high-risk,\n"
	"                    risk:minor|major|critical (a residual risk at or above),\n"
	"                    gap; stderr names each gate hit and the findings behind it\n"
	"                    (less the findings a current decision accepts, mitigates or\n"
	"                    marks false-positive: see --workspace, --decisions)\n"
	"  --decisions FILE  decisions on findings (docs/profile.md); default: the file\n"
	"                    PROFILE.decisions.yaml next to each profile, when there is one\n"
	"  --workspace W     take the decisions from workspace W (aisec workspace decide)\n"
	"  --system NAME     the system of the profile in the workspace (default: the\n"
	"                    profile's file name without its extension)\n"
	"  --catalog DIR     read the knowledge base from DIR, not the built-in copy\n"
	"  --scheme NAME     TVRA scheme from tvra.yaml: etsi-tvra (default),\n"
	"                    iso-sae-21434; an unknown one is a usage error\n"
	"  --bom, --excel    csv formats: begin with a UTF-8 byte-order mark (for Excel)\n"
	"  --base-dir DIR    sarif: write profile paths relative to DIR (default: the git\n"
	"                    work tree around the current folder, else the current folder)\n"
	"  --sarif-single-run\n"
	"                    sarif: one run for all profiles (GitHub takes at most 20 runs)\n"
	"\n"
	"exit codes: 0 ok, 1 a --fail-on gate was hit, 2 usage error, 3 error (bad\n"
	"profile: the message names file, line and field).\n";

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

/*
 * The base folder of SARIF locations: --base-dir, else the enclosing git work
 * tree (the nearest folder upwards holding .git), else the current folder.
 * Absolute; caller frees; NULL after an error message.
 */
static char *base_dir_of(const char *given)
{
	char *cwd, *d;
	struct stat st;
	struct aisec_buf probe;

	if (given) {
		d = realpath(given, NULL);
		if (!d || stat(d, &st) != 0 || !S_ISDIR(st.st_mode)) {
			cli_error("--base-dir '%s': %s", given, d ? "not a folder" : strerror(errno));
			free(d);
			return NULL;
		}
		return d;
	}
	cwd = getcwd(NULL, 0);
	if (!cwd) {
		cli_error("cannot read the current folder: %s", strerror(errno));
		return NULL;
	}
	aisec_buf_init(&probe, 0);
	for (size_t len = strlen(cwd); len > 0;) {
		aisec_buf_reset(&probe);
		aisec_buf_add(&probe, cwd, len);
		aisec_buf_adds(&probe, "/.git");
		if (stat(probe.data, &st) == 0) {
			d = strndup(cwd, len ? len : 1);
			aisec_buf_release(&probe);
			free(cwd);
			return d;
		}
		while (len > 0 && cwd[--len] != '/')
			;
	}
	aisec_buf_release(&probe);
	return cwd;
}

/* What every job shares, read-only. */
struct run {
	const struct aisec_catalog *cat;
	struct aisec_assess_options aopt;
	struct aisec_report_options ropt;
	const char *format;
	const char **gates;
	size_t ngates;
	const char *workspace; /* decisions from this workspace */
	const char *system;    /* its system name, NULL = from the file name */
	const char *decisions; /* decisions file, NULL = PROFILE.decisions.yaml if present */
	bool merge; /* keep the findings: one document for all profiles at the end */
};

/* One profile: its rendered output, whether a gate was hit, or its error. */
struct job {
	const struct run *run;
	const char *path;
	struct aisec_buf out;
	struct aisec_findings *f; /* kept when run->merge */
	struct aisec_error err;
	struct aisec_buf why; /* stderr lines naming each gate hit and its findings */
	int rc;
	bool hit;
};

/* The decisions that apply to the job's profile (none is fine). */
static int job_decisions(struct job *j, struct aisec_decision **d, size_t *n)
{
	const struct run *r = j->run;
	struct aisec_buf path;
	int rc = 0;

	if (r->workspace) {
		struct aisec_store *s = NULL;
		char name[AISEC_STORE_NAME_MAX + 64];

		if (r->system)
			snprintf(name, sizeof(name), "%s", r->system);
		else
			ws_default_name(j->path, name, sizeof(name));
		if (!(rc = aisec_store_open(r->workspace, 0, &s, &j->err)))
			rc = aisec_store_decisions(s, name, NULL, false, d, n, &j->err);
		aisec_store_close(s);
		return rc;
	}
	if (r->decisions)
		return aisec_decisions_load(r->decisions, d, n, &j->err);
	aisec_buf_init(&path, 0);
	if (!(rc = aisec_decisions_path(j->path, &path, &j->err)) && access(path.data, F_OK) == 0)
		rc = aisec_decisions_load(path.data, d, n, &j->err);
	aisec_buf_release(&path);
	return rc;
}

static void run_job(struct job *j)
{
	struct aisec_decision *dec = NULL;
	size_t ndec = 0;
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
	aisec_buf_init(&j->why, 0);
	if (!j->rc && r->ngates)
		j->rc = job_decisions(j, &dec, &ndec);
	for (size_t g = 0; !j->rc && g < r->ngates; g++) {
		struct aisec_buf why;
		int gr;

		aisec_buf_init(&why, 0);
		gr = aisec_findings_gate_decided(f, r->gates[g], dec, ndec, r->aopt.as_of, &why,
						 &j->err);
		if (gr < 0)
			j->rc = gr;
		else if (gr > 0)
			j->hit = true;
		/* "gate risk:critical hit: model_extraction residual 6 critical (line 31)" */
		for (char *line = why.data, *nl; gr > 0 && *line; line = nl + 1) {
			if (!(nl = strchr(line, '\n')))
				nl = line + strlen(line) - 1;
			aisec_buf_addf(&j->why, "aisec: %s: gate %s hit: %.*s\n", j->path, r->gates[g],
				       (int)(nl - line), line);
		}
		if (gr > 0 && !why.len)
			aisec_buf_addf(&j->why, "aisec: %s: gate %s hit\n", j->path, r->gates[g]);
		aisec_buf_release(&why);
	}
	if (!j->rc && r->merge)
		j->f = f;
	else
		aisec_findings_free(f);
	aisec_profile_free(p);
	aisec_decisions_free(dec, ndec);
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
		{"scheme", required_argument, NULL, 's'}, {"bom", no_argument, NULL, 'b'},
		{"excel", no_argument, NULL, 'b'}, {"base-dir", required_argument, NULL, 'B'},
		{"sarif-single-run", no_argument, NULL, '1'},
		{"import-ap", required_argument, NULL, 'I'},
		{"workspace", required_argument, NULL, 'W'}, {"system", required_argument, NULL, 'Y'},
		{"decisions", required_argument, NULL, 'D'}, {NULL, 0, NULL, 0}
	};
	const char *output = NULL, *catdir = NULL, *gates[MAX_GATES], *base_dir = NULL;
	char *base = NULL;
	struct run run = {.format = "text", .aopt = {.verify_evidence = true}, .gates = gates};
	struct aisec_catalog *cat = NULL;
	struct aisec_assessor *as = NULL;
	struct aisec_buf out;
	struct aisec_error err;
	struct job *jobs = NULL;
	struct aisec_findings **all = NULL;
	int c, ret = CLI_ERROR, nprof, nthreads;
	bool hit = false, array, bom = false, pdf = false;
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
		case 'b': bom = true; break;
		case 'B': base_dir = optarg; break;
		case '1': run.ropt.sarif_single_run = true; break;
		case 'I': run.ropt.oscal_ap_href = optarg; break;
		case 'W': run.workspace = optarg; break;
		case 'Y': run.system = optarg; break;
		case 'D': run.decisions = optarg; break;
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
	if (run.workspace && run.decisions)
		return cli_usage("assess", "--workspace or --decisions, not both");
	if (run.system && (!run.workspace || nprof != 1))
		return cli_usage("assess", "--system is for one profile with --workspace");
	if ((run.workspace || run.decisions) && !run.ngates)
		return cli_usage("assess", "--workspace and --decisions are for --fail-on");
	if (!format_ok(run.format))
		return bad_format(run.format);
	if (bom && strncmp(run.format, "csv", 3) != 0)
		return cli_usage("assess", "--bom is for the csv formats, not '%s'", run.format);
	if (run.ropt.oscal_ap_href && strcmp(run.format, "oscal-ar") != 0)
		return cli_usage("assess", "--import-ap is for --format oscal-ar");
	if ((base_dir || run.ropt.sarif_single_run) && strcmp(run.format, "sarif") != 0)
		return cli_usage("assess", "--base-dir and --sarif-single-run are for --format sarif");
	if (strcmp(run.format, "sarif") == 0) {
		base = base_dir_of(base_dir);
		if (!base)
			return CLI_ERROR;
		run.ropt.base_dir = base;
		if (nprof > 20 && !run.ropt.sarif_single_run)
			fprintf(stderr, "aisec: notice: %d runs in one SARIF log; GitHub code scanning "
					"takes at most 20 per upload: use --sarif-single-run\n",
				nprof);
	}
	if (strcmp(run.format, "pdf") == 0) {
		pdf = true;
		run.format = "html";
	}
	run.ropt.color = !output && strcmp(run.format, "text") == 0 && cli_use_color();
	run.ropt.width = output ? 0 : cli_term_width();
	cat = cli_catalog_load(catdir, 0);
	if (!cat) {
		free(base);
		return CLI_ERROR;
	}
	aisec_error_clear(&err);
	if (aisec_assessor_new(cat, &as, &err)) {
		aisec_catalog_free(cat);
		free(base);
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
				  strcmp(run.format, "oscal-ap") == 0 ||
				  strcmp(run.format, "html") == 0);
	if (bom) /* UTF-8 byte-order mark: Excel then reads the file as UTF-8 */
		aisec_buf_adds(&out, "\xEF\xBB\xBF");
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
			if (!rc)
				fputs(j->why.data, stderr);
			aisec_findings_free(j->f);
			aisec_buf_release(&j->out);
			aisec_buf_release(&j->why);
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
	free(base);
	return ret;
}
