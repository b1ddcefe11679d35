/*
 * cmd_lineage.c - `aisec lineage`: digests of datasets and models, signed
 * provenance records, verification of the chain back to the sources, the
 * lineage graph, the AI bill of materials and OpenSSF Model Signing.  The
 * subcommand table is at the bottom; shared option handling is in
 * lineage_opts.c and the renderers of results in lineage_out.c.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aisec/lineage.h"
#include "cli/cli.h"
#include "cli/lineage_cli.h"

const char cli_lineage_usage[] =
	"usage: aisec lineage SUBCOMMAND [OPTIONS]\n\n"
	"  digest PATH...            manifest of files or directories: relative paths,\n"
	"                            sizes, SHA-256 and the artefact digest (OpenSSF\n"
	"                            Model Signing root digest for directories)\n"
	"      --format json|text|digest  -o FILE  --shard-size N[K|M|G]  --jobs N\n"
	"      --ignore PATH  --follow-external-symlinks  --skip-special\n"
	"      --skip-unreadable\n"
	"  record --step NAME --output PATH... [--input PATH...] [--tool CMD]\n"
	"         [--param KEY=VALUE...] [--builder-id URI] --key KEY [--store DIR]\n"
	"                            sign an in-toto Statement v1 / SLSA Provenance v1\n"
	"                            (DSSE) for the step into the store (.aisec/lineage);\n"
	"                            --tool: a file or a command on PATH, recorded with\n"
	"                            its digest; --builder-id: the pipeline's URI\n"
	"  verify ARTEFACT --trusted-key KEY... [--store DIR] [--root DIR] [--source PATH...]\n"
	"         [--format text|json]\n"
	"                            check signatures and digests back to the sources;\n"
	"                            exit 1 naming each broken link; --root: the folder\n"
	"                            the steps were recorded from (default: here)\n"
	"  graph [ARTEFACT] [--format dot|svg|json] [--trusted-key KEY...] [-o FILE]\n"
	"  bom ARTEFACT --format cyclonedx [--name N] [--version V] [--model-card JSON]\n"
	"      [--base-model PATH...] [--trusted-key KEY...] [-o FILE]\n"
	"                            CycloneDX 1.6 ML-BOM from the lineage (deterministic);\n"
	"                            with --trusted-key the lineage is verified and the\n"
	"                            result recorded (exit 1 when it does not verify)\n"
	"  sign-model DIR --key KEY [--signature FILE] [--ignore-paths P...]\n"
	"             [--shard-size N]\n"
	"                            OpenSSF Model Signing v1.0 bundle (ECDSA keys)\n"
	"  verify-model DIR --signature FILE --trusted-key KEY [--ignore-paths P...]\n"
	"               [--ignore-unsigned-files]\n\n"
	"KEY: a PEM key (aisec key generate) or a C2SP note key (.skey/.vkey, Ed25519);\n"
	"--key signs, --trusted-key verifies (repeatable for verify and graph).\n"
	"--public-key is the old name of --trusted-key.\n"
	"Exit codes: 0 ok or verified, 1 verification failed, 2 usage, 3 error.\n"
	"See docs/lineage.md for the formats and how to check them with other tools.\n";

static int lineage_digest(int argc, char **argv)
{
	static const struct option opts[] = {
		LCLI_DIGEST_OPTIONS,
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0}};
	struct lcli l;
	const char *format = "json", *output = NULL;
	struct aisec_buf all;
	int c, rc = CLI_OK;

	lcli_init(&l);
	aisec_buf_init(&all, 0);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":j:f:o:", opts, NULL)) != -1) {
		if (c == 'f') {
			format = optarg;
		} else if (c == 'o') {
			output = optarg;
		} else if (lcli_digest_opt(&l, c, optarg) != 0) {
			rc = cli_bad_option("lineage", "digest", c, argv);
			goto out;
		}
	}
	if (optind >= argc ||
	    (strcmp(format, "json") && strcmp(format, "text") &&
	     strcmp(format, "digest"))) {
		rc = cli_usage("lineage", "digest needs PATH... and --format "
			       "json|text|digest");
		goto out;
	}
	/* several manifests as JSON make one array */
	bool array = strcmp(format, "json") == 0 && argc - optind > 1;

	if (array)
		aisec_buf_adds(&all, "[\n");
	for (int i = optind; i < argc; i++) {
		struct aisec_manifest *m = NULL;
		struct aisec_error err;

		aisec_error_clear(&err);
		if (aisec_manifest_build(argv[i], &l.dopts, &m, &err) != 0) {
			lcli_progress_end(&l);
			rc = cli_error_from(&err);
			goto out;
		}
		lcli_progress_end(&l);
		for (size_t k = 0; k < m->nskipped; k++)
			cli_warn("'%s': skipped '%s': %s", argv[i],
				 m->skipped[k].path, m->skipped[k].reason);
		if (array && i > optind)
			aisec_buf_adds(&all, ",\n");
		rc = lcli_emit_manifest(m, argv[i], format, &all);
		aisec_manifest_free(m);
		if (rc)
			goto out;
	}
	if (array && aisec_buf_adds(&all, "]\n") != 0) {
		rc = cli_error("out of memory");
		goto out;
	}
	rc = lcli_write(output, all.data, all.len);
out:
	aisec_buf_release(&all);
	lcli_release(&l);
	return rc;
}

static int lineage_record(int argc, char **argv)
{
	static const struct option opts[] = {
		LCLI_DIGEST_OPTIONS,
		LCLI_STORE_OPTIONS,
		{"step", required_argument, NULL, 's'},
		{"input", required_argument, NULL, 'i'},
		{"output", required_argument, NULL, 'o'},
		{"tool", required_argument, NULL, 't'},
		{"param", required_argument, NULL, 'p'},
		{"builder-id", required_argument, NULL, 'b'},
		{NULL, 0, NULL, 0}};
	struct lcli l;
	struct aisec_lineage_step step = {0};
	struct aisec_error err;
	char *stored = NULL;
	int c, rc = CLI_OK;

	lcli_init(&l);
	aisec_error_clear(&err);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":j:s:i:o:t:p:k:", opts, NULL)) !=
	       -1) {
		int bad = 0;

		switch (c) {
		case 's': step.name = optarg; break;
		case 't': step.tool = optarg; break;
		case 'b': step.builder_id = optarg; break;
		case 'i': bad = lcli_push(&l.inputs, optarg); break;
		case 'o': bad = lcli_push(&l.outputs, optarg); break;
		case 'p': bad = lcli_param(&l, optarg); break;
		default: bad = lcli_digest_opt(&l, c, optarg) &&
			       lcli_store_opt(&l, c, optarg);
		}
		if (bad && c == 'p') {
			rc = cli_usage("lineage", "record: --param '%s': want KEY=VALUE", optarg);
			goto out;
		}
		if (bad) {
			rc = cli_bad_option("lineage", "record", c, argv);
			goto out;
		}
	}
	if (!step.name || !l.outputs.n || !l.key_path || optind != argc) {
		rc = cli_usage("lineage", "record needs --step NAME, "
			       "--output PATH... and --key KEY");
		goto out;
	}
	rc = lcli_load_signing_key(&l);
	if (rc)
		goto out;
	step.inputs = (const char *const *)l.inputs.v;
	step.ninputs = l.inputs.n;
	step.outputs = (const char *const *)l.outputs.v;
	step.noutputs = l.outputs.n;
	step.params = l.params;
	step.nparams = l.nparams;
	if (aisec_lineage_record(l.store, &step, l.signing_key, &l.dopts,
				 &stored, &err) != 0) {
		lcli_progress_end(&l);
		rc = cli_error_from(&err);
		goto out;
	}
	lcli_progress_end(&l);
	printf("recorded step '%s': %s\n", step.name, stored);
out:
	free(stored);
	lcli_release(&l);
	return rc;
}

static int lineage_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		LCLI_DIGEST_OPTIONS,
		LCLI_STORE_OPTIONS,
		{"format", required_argument, NULL, 'f'},
		{"root", required_argument, NULL, 'R'},
		{"source", required_argument, NULL, 'S'},
		{NULL, 0, NULL, 0}};
	struct lcli l;
	struct aisec_lineage_report *r = NULL;
	struct aisec_error err;
	const char *format = "text";
	int c, rc;

	lcli_init(&l);
	aisec_error_clear(&err);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":j:k:f:", opts, NULL)) != -1) {
		if (c == 'f') {
			format = optarg;
		} else if (c == 'R') {
			l.vopts.base_dir = optarg;
		} else if (c == 'S') {
			if (lcli_push(&l.sources, optarg) != 0) {
				rc = cli_error("out of memory");
				goto out;
			}
			l.vopts.sources = (const char *const *)l.sources.v;
			l.vopts.nsources = l.sources.n;
		} else if (lcli_digest_opt(&l, c, optarg) &&
			   lcli_store_opt(&l, c, optarg)) {
			rc = cli_bad_option("lineage", "verify", c, argv);
			goto out;
		}
	}
	if (optind + 1 != argc || !l.trusted.n ||
	    (strcmp(format, "text") && strcmp(format, "json"))) {
		rc = cli_usage("lineage", "verify needs one ARTEFACT, "
			       "--trusted-key KEY... and --format text|json");
		goto out;
	}
	rc = lcli_load_trusted(&l);
	if (rc)
		goto out;
	if (aisec_lineage_verify(argv[optind], &l.vopts, &r, &err) != 0) {
		lcli_progress_end(&l);
		rc = cli_error_from(&err);
		goto out;
	}
	lcli_progress_end(&l);
	rc = lcli_emit_report(r, format);
	if (rc == CLI_OK && r->status != AISEC_LINEAGE_VERIFIED)
		rc = CLI_NEGATIVE;
out:
	aisec_lineage_report_free(r);
	lcli_release(&l);
	return rc;
}

static int lineage_graph(int argc, char **argv)
{
	static const struct option opts[] = {
		LCLI_STORE_OPTIONS,
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0}};
	struct lcli l;
	struct aisec_error err;
	struct aisec_buf out;
	enum aisec_graph_format fmt = AISEC_GRAPH_DOT;
	const char *output = NULL;
	int c, rc;

	lcli_init(&l);
	aisec_error_clear(&err);
	aisec_buf_init(&out, 0);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":k:f:o:", opts, NULL)) != -1) {
		if (c == 'f') {
			if (strcmp(optarg, "dot") == 0)
				fmt = AISEC_GRAPH_DOT;
			else if (strcmp(optarg, "svg") == 0)
				fmt = AISEC_GRAPH_SVG;
			else if (strcmp(optarg, "json") == 0)
				fmt = AISEC_GRAPH_JSON;
			else
				fmt = 0;
		} else if (c == 'o') {
			output = optarg;
		} else if (lcli_store_opt(&l, c, optarg)) {
			rc = cli_bad_option("lineage", "graph", c, argv);
			goto out;
		}
		if (!fmt) {
			rc = cli_usage("lineage", "graph: unknown format '%s' (dot, svg, json)",
				       optarg);
			goto out;
		}
	}
	if (optind + 1 < argc) {
		rc = cli_usage("lineage", "graph takes at most one ARTEFACT");
		goto out;
	}
	rc = lcli_load_trusted(&l);
	if (rc)
		goto out;
	if (aisec_lineage_graph(optind < argc ? argv[optind] : NULL, &l.vopts,
				fmt, &out, &err) != 0) {
		rc = cli_error_from(&err);
		goto out;
	}
	rc = lcli_write(output, out.data, out.len);
out:
	aisec_buf_release(&out);
	lcli_release(&l);
	return rc;
}

static int lineage_bom(int argc, char **argv)
{
	static const struct option opts[] = {
		LCLI_STORE_OPTIONS,
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"name", required_argument, NULL, 'n'},
		{"version", required_argument, NULL, 'V'},
		{"model-card", required_argument, NULL, 'c'},
		{"base-model", required_argument, NULL, 'B'},
		{NULL, 0, NULL, 0}};
	struct lcli l;
	struct aisec_bom_opts b = {0};
	int status = -1;
	struct aisec_error err;
	struct aisec_buf out;
	const char *output = NULL, *format = "cyclonedx";
	int c, rc;

	lcli_init(&l);
	aisec_error_clear(&err);
	aisec_buf_init(&out, 0);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":k:f:o:n:V:c:B:", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'n': b.model_name = optarg; break;
		case 'V': b.model_version = optarg; break;
		case 'c': b.model_card = optarg; break;
		case 'B': /* base models: kept in the (otherwise unused) input list */
			if (lcli_push(&l.inputs, optarg)) {
				rc = cli_error("out of memory");
				goto out;
			}
			break;
		default:
			if (lcli_store_opt(&l, c, optarg)) {
				rc = cli_bad_option("lineage", "bom", c, argv);
				goto out;
			}
		}
	}
	if (optind + 1 != argc || strcmp(format, "cyclonedx") != 0) {
		rc = cli_usage("lineage", "bom needs one ARTEFACT and --format "
			       "cyclonedx");
		goto out;
	}
	rc = lcli_load_trusted(&l);
	if (rc)
		goto out;
	b.base_models = (const char *const *)l.inputs.v;
	b.nbase_models = l.inputs.n;
	b.status = &status;
	if (aisec_lineage_bom(argv[optind], &l.vopts, &b, &out, &err) != 0) {
		rc = cli_error_from(&err);
		goto out;
	}
	rc = lcli_write(output, out.data, out.len);
	/* written either way; a lineage that does not verify is a negative result */
	if (rc == CLI_OK && status > 0) {
		fprintf(stderr, "aisec: lineage of '%s' %s with the trusted keys (recorded in "
				"the BOM)\n", argv[optind],
			status == 1 ? "is broken" : "is missing");
		rc = CLI_NEGATIVE;
	}
out:
	aisec_buf_release(&out);
	lcli_release(&l);
	return rc;
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} subcommands[] = {
	{"digest", lineage_digest},
	{"record", lineage_record},
	{"verify", lineage_verify},
	{"graph", lineage_graph},
	{"bom", lineage_bom},
	{"sign-model", lcli_sign_model},
	{"verify-model", lcli_verify_model},
};

int cmd_lineage(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("lineage", "missing subcommand");
	opterr = 0; /* cli_bad_option says what was wrong */
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]);
	     i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].run(argc - 1, argv + 1);
	return cli_usage("lineage", "unknown subcommand '%s'", argv[1]);
}
