/*
 * cmd_assess.c - `aisec assess PROFILE...`: assess one or more system
 * profiles against the knowledge base and print the findings as JSON or a
 * rendered report; --fail-on turns the findings into a CI gate (exit 1).
 */
#include <getopt.h>
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

const char cli_assess_usage[] =
	"usage: aisec assess PROFILE... [--format FORMAT] [-o FILE] [--as-of DATE]\n"
	"                    [--explain] [--fail-on GATE]... [--catalog DIR] [--scheme NAME]\n"
	"\n"
	"Assess AI systems described by profiles (docs/profile.md): their class under the\n"
	"AI Act, the requirements that apply, the threats that fit them, a TVRA risk table\n"
	"before and after the controls in place, coverage by the standards the organisation\n"
	"applies, the gaps and the next steps.\n"
	"\n"
	"  --format FORMAT   json, text (default), md, html, sarif, oscal-ar or csv; several\n"
	"                    profiles give a JSON array, or one report after another\n"
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

static bool format_ok(const char *f)
{
	const char *const *k = aisec_report_formats();

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

int cmd_assess(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
		{"as-of", required_argument, NULL, 'a'}, {"explain", no_argument, NULL, 'e'},
		{"fail-on", required_argument, NULL, 'g'}, {"catalog", required_argument, NULL, 'c'},
		{"scheme", required_argument, NULL, 's'}, {NULL, 0, NULL, 0}
	};
	const char *format = "text", *output = NULL, *catdir = NULL, *gates[MAX_GATES];
	struct aisec_assess_options aopt = {.verify_evidence = true};
	struct aisec_report_options ropt = {0};
	struct aisec_catalog *cat = NULL;
	struct aisec_buf out;
	struct aisec_error err;
	size_t ngates = 0;
	int c, ret = CLI_ERROR, nprof;
	bool hit = false, json_array_out;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'a': aopt.as_of = optarg; break;
		case 'e': ropt.explain = true; break;
		case 'c': catdir = optarg; break;
		case 's': aopt.scheme = optarg; break;
		case 'g':
			if (!gate_ok(optarg))
				return cli_usage("assess",
						 "unknown gate '%s' (prohibited, high-risk, risk:minor|major|critical, gap)",
						 optarg);
			if (ngates == MAX_GATES)
				return cli_usage("assess", "at most %d --fail-on gates", MAX_GATES);
			gates[ngates++] = optarg;
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
	if (!format_ok(format))
		return cli_usage("assess", "unknown format '%s'", format);
	ropt.color = !output && strcmp(format, "text") == 0 && cli_use_color();
	ropt.width = output ? 0 : cli_term_width();
	cat = cli_catalog_load(catdir, 0);
	if (!cat)
		return CLI_ERROR;
	aisec_buf_init(&out, 0);
	json_array_out = strcmp(format, "json") == 0 && nprof > 1;
	if (json_array_out)
		aisec_buf_adds(&out, "[\n");
	for (int i = optind; i < argc; i++) {
		struct aisec_profile *p = NULL;
		struct aisec_findings *f = NULL;
		int rc;

		aisec_error_clear(&err);
		rc = aisec_profile_load(argv[i], &p, &err);
		if (!rc)
			rc = aisec_assess(cat, p, &aopt, &f, &err);
		if (!rc) {
			if (strcmp(format, "json") == 0) {
				size_t start = out.len;

				rc = aisec_findings_to_json(f, &out, &err);
				if (!rc && json_array_out) {
					/* indent the document as an array element */
					struct aisec_buf t;

					aisec_buf_init(&t, 0);
					for (size_t k = start; k < out.len && !rc; k++) {
						if (k == start || out.data[k - 1] == '\n')
							if (out.data[k] != '\n')
								rc = aisec_buf_adds(&t, "  ");
						if (!rc && !(k + 1 == out.len && out.data[k] == '\n'))
							rc = aisec_buf_addch(&t, out.data[k]);
					}
					out.len = start;
					out.data[start] = '\0';
					if (!rc)
						rc = aisec_buf_add(&out, t.data, t.len);
					if (!rc)
						rc = aisec_buf_adds(&out, i + 1 < argc ? ",\n" : "\n");
					aisec_buf_release(&t);
				}
			} else {
				rc = aisec_report_render(f, format, &ropt, &out, &err);
			}
		}
		for (size_t g = 0; !rc && g < ngates; g++) {
			int gr = aisec_findings_gate(f, gates[g], &err);

			if (gr < 0)
				rc = gr;
			else if (gr > 0)
				hit = true;
		}
		aisec_findings_free(f);
		aisec_profile_free(p);
		if (rc) {
			cli_error_from(&err);
			ret = rc == AISEC_ERR_USAGE ? CLI_USAGE : CLI_ERROR;
			goto done;
		}
	}
	if (json_array_out)
		aisec_buf_adds(&out, "]\n");
	ret = write_out(output, &out);
	if (ret == CLI_OK && hit)
		ret = CLI_NEGATIVE;
done:
	aisec_buf_release(&out);
	aisec_catalog_free(cat);
	return ret;
}
