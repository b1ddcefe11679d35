/*
 * lineage_model.c - `aisec lineage sign-model` and `verify-model`:
 * OpenSSF Model Signing v1.0 bundles, key-based (ECDSA), interoperable
 * with the reference `model_signing` tool.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/lineage_cli.h"

enum { MOPT_SIG = 300, MOPT_IGNORE, MOPT_PUB, MOPT_UNSIGNED, MOPT_SHARD };

static const struct option model_opts[] = {
	{"key", required_argument, NULL, 'k'},
	{"trusted-key", required_argument, NULL, MOPT_PUB},
	{"public-key", required_argument, NULL, MOPT_PUB}, /* old name */
	{"signature", required_argument, NULL, MOPT_SIG},
	{"ignore-paths", required_argument, NULL, MOPT_IGNORE},
	{"ignore-unsigned-files", no_argument, NULL, MOPT_UNSIGNED},
	{"shard-size", required_argument, NULL, MOPT_SHARD},
	{"jobs", required_argument, NULL, 'j'},
	{NULL, 0, NULL, 0}};

struct model_args {
	struct aisec_oms_opts o;
	struct lcli_list ignore;
	const char *key, *pub, *dir;
};

/* Parse the options of both commands; CLI exit code or -1 to go on. */
static int parse(int argc, char **argv, struct model_args *a)
{
	int c;

	memset(a, 0, sizeof(*a));
	optind = 1;
	while ((c = getopt_long(argc, argv, ":k:j:", model_opts, NULL)) != -1) {
		uint64_t v;

		switch (c) {
		case 'k': a->key = optarg; break;
		case MOPT_PUB: a->pub = optarg; break;
		case MOPT_SIG: a->o.signature = optarg; break;
		case MOPT_UNSIGNED: a->o.ignore_unsigned = true; break;
		case MOPT_IGNORE:
			if (lcli_push(&a->ignore, optarg) != 0)
				return cli_error("out of memory");
			break;
		case MOPT_SHARD:
			if (lcli_parse_size(optarg, &a->o.shard_size) != 0)
				return cli_usage("lineage", "bad --shard-size "
						 "'%s'", optarg);
			break;
		case 'j':
			if (lcli_parse_size(optarg, &v) != 0 || v > 1024)
				return cli_usage("lineage", "bad --jobs '%s'",
						 optarg);
			a->o.jobs = (unsigned)v;
			break;
		default: return cli_bad_option("lineage", argv[0], c, argv);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("lineage", "give one model DIR (or file)");
	a->dir = argv[optind];
	a->o.ignore = (const char *const *)a->ignore.v;
	a->o.nignore = a->ignore.n;
	return -1;
}

static void release(struct model_args *a)
{
	for (size_t i = 0; i < a->ignore.n; i++)
		free(a->ignore.v[i]);
	free(a->ignore.v);
}

int lcli_sign_model(int argc, char **argv)
{
	struct model_args a;
	struct aisec_key *key = NULL;
	struct aisec_error err;
	struct aisec_buf bundle;
	int rc = parse(argc, argv, &a);

	aisec_error_clear(&err);
	aisec_buf_init(&bundle, 0);
	if (rc >= 0)
		goto out;
	if (!a.key) {
		rc = cli_usage("lineage", "sign-model needs --key KEY");
		goto out;
	}
	if (!a.o.signature)
		a.o.signature = "model.sig";
	cli_key_file_check(a.key);
	if (aisec_note_key_load_key(a.key, true, &key, &err) != 0 ||
	    aisec_oms_sign(a.dir, key, &a.o, &bundle, &err) != 0) {
		rc = cli_error_from(&err);
		goto out;
	}
	rc = lcli_write(a.o.signature, bundle.data, bundle.len);
	if (rc == CLI_OK)
		printf("signed '%s': %s\n", a.dir, a.o.signature);
out:
	aisec_key_free(key);
	aisec_buf_release(&bundle);
	release(&a);
	return rc;
}

int lcli_verify_model(int argc, char **argv)
{
	struct model_args a;
	struct aisec_key *key = NULL;
	struct aisec_error err;
	struct aisec_buf bundle, notices;
	int rc = parse(argc, argv, &a);

	aisec_error_clear(&err);
	aisec_buf_init(&bundle, 64 << 20);
	aisec_buf_init(&notices, 0);
	if (rc >= 0)
		goto out;
	a.o.notices = &notices;
	if (!a.pub || !a.o.signature) {
		rc = cli_usage("lineage", "verify-model needs --signature "
			       "BUNDLE and --trusted-key KEY");
		goto out;
	}
	if (aisec_note_key_load_key(a.pub, false, &key, &err) != 0) {
		rc = cli_error_from(&err);
		goto out;
	}
	rc = lcli_read(a.o.signature, &bundle);
	if (rc)
		goto out;
	rc = aisec_oms_verify(a.dir, bundle.data, bundle.len, key, &a.o, &err);
	for (char *line = notices.data, *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1)
		fprintf(stderr, "aisec: notice: %.*s\n", (int)(nl - line), line);
	if (rc == AISEC_ERR_VERIFY || rc == AISEC_ERR_INVALID ||
	    rc == AISEC_ERR_PARSE) {
		fprintf(stderr, "aisec: verification failed: %s\n", err.msg);
		rc = CLI_NEGATIVE;
	} else if (rc) {
		rc = cli_error_from(&err);
	} else {
		printf("verified '%s' with '%s'\n", a.dir, a.pub);
		rc = CLI_OK;
	}
out:
	aisec_key_free(key);
	aisec_buf_release(&bundle);
	aisec_buf_release(&notices);
	release(&a);
	return rc;
}
