/*
 * workspace_access.c - `aisec workspace decide | decisions | token`: who
 * decided what about a finding, and who may use the dashboard.  A token's
 * secret is printed once, at creation; the workspace keeps its hash.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "aisec/store.h"
#include "cli/cli.h"
#include "cli/workspace_cli.h"

int ws_decide(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"workspace", required_argument, NULL, 'W'},
	    {"status", required_argument, NULL, 's'},
	    {"reason", required_argument, NULL, 'r'},
	    {"expires", required_argument, NULL, 'e'},
	    {"owner", required_argument, NULL, 'o'},
	    {"by", required_argument, NULL, 'b'},
	    {NULL, 0, NULL, 0}};
	struct aisec_decision d = {0};
	const char *where = NULL, *status = NULL, *slash;
	char system[AISEC_STORE_NAME_MAX + 1];
	struct aisec_store *s;
	struct aisec_error err;
	int64_t id = 0;
	int c, rc = CLI_OK;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'W':
			where = optarg;
			break;
		case 's':
			status = optarg;
			break;
		case 'r':
			d.reason = optarg;
			break;
		case 'e':
			d.expires = optarg;
			break;
		case 'o':
			d.owner = optarg;
			break;
		case 'b':
			d.by = optarg;
			break;
		default:
			return cli_bad_option("workspace", "decide", c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage("workspace",
				 "decide needs one SYSTEM/FINDING "
				 "(cv-screening/risk/model_extraction)");
	slash = strchr(argv[optind], '/');
	if (!slash || (size_t)(slash - argv[optind]) > AISEC_STORE_NAME_MAX)
		return cli_usage("workspace",
				 "decide: '%s' is not SYSTEM/FINDING",
				 argv[optind]);
	snprintf(system, sizeof(system), "%.*s", (int)(slash - argv[optind]),
		 argv[optind]);
	d.system = system;
	d.finding = (char *)(slash + 1);
	if (!status || aisec_decision_status_parse(status, &d.status) != 0)
		return cli_usage("workspace",
				 "decide needs --status open, accepted, "
				 "mitigated or false-positive");
	if (!aisec_decision_finding_valid(d.finding))
		return cli_usage("workspace",
				 "decide: finding '%s': expected risk/THREAT, "
				 "gap/requirement/ID "
				 "or gap/threat/ID",
				 d.finding);
	if (!d.by)
		d.by = getenv("USER");
	if (!(s = ws_open(where, 0)))
		return CLI_ERROR;
	aisec_error_clear(&err);
	if (aisec_store_decide(s, &d, &id, &err))
		rc = err.code == AISEC_ERR_INVALID
			 ? cli_usage("workspace", "decide: %s", err.msg)
			 : cli_error_from(&err);
	else
		printf("%s/%s: %s%s%s (decision %lld)\n", system, d.finding,
		       status, d.expires ? " until " : "",
		       d.expires ? d.expires : "", (long long)id);
	aisec_store_close(s);
	return rc;
}

int ws_decisions(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"workspace", required_argument, NULL, 'W'},
	    {"format", required_argument, NULL, 'f'},
	    {"history", no_argument, NULL, 'H'},
	    {NULL, 0, NULL, 0}};
	static const struct cli_column cols[] = {
	    {"finding", "FINDING", false}, {"status", "STATUS", false},
	    {"expires", "EXPIRES", false}, {"owner", "OWNER", false},
	    {"by", "BY", false},	   {"at", "AT", false},
	    {"reason", "REASON", true}};
	enum cli_format fmt = CLI_FMT_TABLE;
	const char *where = NULL;
	struct aisec_decision *d = NULL;
	struct aisec_store *s;
	struct aisec_error err;
	bool history = false;
	json_t *items;
	size_t n = 0;
	int c;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'W':
			where = optarg;
			break;
		case 'H':
			history = true;
			break;
		case 'f':
			if (cli_parse_format(optarg, &fmt))
				return cli_bad_option("workspace", "decisions",
						      c, argv);
			break;
		default:
			return cli_bad_option("workspace", "decisions", c,
					      argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage("workspace", "decisions needs one SYSTEM");
	if (!(s = ws_open(where, 0)))
		return CLI_ERROR;
	aisec_error_clear(&err);
	if (aisec_store_decisions(s, argv[optind], NULL, history, &d, &n,
				  &err))
		return ws_fail(s, &err);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    items, json_pack("{s:s,s:s,s:s?,s:s?,s:s?,s:s?,s:s?}",
				     "finding", d[i].finding, "status",
				     aisec_decision_status_name(d[i].status),
				     "expires", d[i].expires, "owner",
				     d[i].owner, "by", d[i].by, "at", d[i].at,
				     "reason", d[i].reason));
	aisec_decisions_free(d, n);
	return ws_emit_close(s, items, cols, sizeof(cols) / sizeof(cols[0]),
			     fmt);
}

static int token_create(int argc, char **argv, const char *where)
{
	static const struct option opts[] = {
	    {"workspace", required_argument, NULL, 'W'},
	    {"role", required_argument, NULL, 'r'},
	    {"label", required_argument, NULL, 'l'},
	    {"expires", required_argument, NULL, 'e'},
	    {NULL, 0, NULL, 0}};
	const char *role = NULL, *label = NULL, *expires = NULL;
	char secret[AISEC_STORE_TOKEN_LEN + 1];
	enum aisec_store_role r;
	struct aisec_store *s;
	struct aisec_error err;
	int64_t id;
	int c, rc = CLI_OK;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'W':
			where = optarg;
			break;
		case 'r':
			role = optarg;
			break;
		case 'l':
			label = optarg;
			break;
		case 'e':
			expires = optarg;
			break;
		default:
			return cli_bad_option("workspace", "token", c, argv);
		}
	}
	if (optind != argc)
		return cli_usage("workspace",
				 "token create takes options only");
	if (!role || aisec_store_role_parse(role, &r) != 0)
		return cli_usage(
		    "workspace",
		    "token create needs --role admin, editor or auditor");
	if (!label)
		return cli_usage("workspace",
				 "token create needs --label (who holds it)");
	if (!(s = ws_open(where, 0)))
		return CLI_ERROR;
	aisec_error_clear(&err);
	if (aisec_store_token_create(s, r, label, expires, secret, &id, &err)) {
		rc = err.code == AISEC_ERR_INVALID
			 ? cli_usage("workspace", "token: %s", err.msg)
			 : cli_error_from(&err);
	} else {
		printf("%s\n", secret);
		fprintf(stderr,
			"aisec: token %lld (%s, %s%s%s): the secret above is "
			"shown only now\n",
			(long long)id, role, label, expires ? ", until " : "",
			expires ? expires : "");
	}
	OPENSSL_cleanse(secret, sizeof(secret));
	aisec_store_close(s);
	return rc;
}

static int token_list(int argc, char **argv, const char *where)
{
	static const struct option opts[] = {
	    {"workspace", required_argument, NULL, 'W'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0}};
	static const struct cli_column cols[] = {
	    {"id", "ID", false},	   {"role", "ROLE", false},
	    {"label", "LABEL", true},	   {"created", "CREATED", false},
	    {"expires", "EXPIRES", false}, {"revoked", "REVOKED", false}};
	enum cli_format fmt = CLI_FMT_TABLE;
	struct aisec_store_token *t = NULL;
	struct aisec_store *s;
	struct aisec_error err;
	json_t *items;
	size_t n = 0;
	int c;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'W')
			where = optarg;
		else if (c == 'f' && cli_parse_format(optarg, &fmt) == 0)
			continue;
		else
			return cli_bad_option("workspace", "token", c, argv);
	}
	if (optind != argc)
		return cli_usage("workspace", "token list takes no arguments");
	if (!(s = ws_open(where, 0)))
		return CLI_ERROR;
	aisec_error_clear(&err);
	if (aisec_store_token_list(s, &t, &n, &err))
		return ws_fail(s, &err);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    items,
		    json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s?}", "id",
			      (json_int_t)t[i].id, "role",
			      aisec_store_role_name(t[i].role), "label",
			      t[i].label, "created", t[i].created, "expires",
			      t[i].expires, "revoked", t[i].revoked));
	aisec_store_token_free(t, n);
	return ws_emit_close(s, items, cols, sizeof(cols) / sizeof(cols[0]),
			     fmt);
}

static int token_revoke(int argc, char **argv, const char *where)
{
	static const struct option opts[] = {
	    {"workspace", required_argument, NULL, 'W'}, {NULL, 0, NULL, 0}};
	struct aisec_store *s;
	struct aisec_error err;
	long long id;
	char *end;
	int c, rc = CLI_OK;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'W')
			where = optarg;
		else
			return cli_bad_option("workspace", "token", c, argv);
	}
	if (argc - optind != 1)
		return cli_usage("workspace", "token revoke needs one ID");
	id = strtoll(argv[optind], &end, 10);
	if (!*argv[optind] || *end || id <= 0)
		return cli_usage("workspace",
				 "token revoke: '%s' is not a token id",
				 argv[optind]);
	if (!(s = ws_open(where, 0)))
		return CLI_ERROR;
	aisec_error_clear(&err);
	if (aisec_store_token_revoke(s, id, &err))
		rc = cli_error_from(&err);
	else
		printf("token %lld revoked\n", id);
	aisec_store_close(s);
	return rc;
}

int ws_token(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("workspace",
				 "token needs create, list or revoke");
	optind = 1;
	if (strcmp(argv[1], "create") == 0)
		return token_create(argc - 1, argv + 1, NULL);
	if (strcmp(argv[1], "list") == 0)
		return token_list(argc - 1, argv + 1, NULL);
	if (strcmp(argv[1], "revoke") == 0)
		return token_revoke(argc - 1, argv + 1, NULL);
	return cli_usage(
	    "workspace",
	    "token: unknown subcommand '%s' (create, list, revoke)", argv[1]);
}
