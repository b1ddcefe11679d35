/*
 * cmd_workspace.c - `aisec workspace`: a portfolio of AI systems kept in a
 * workspace (SQLite file or PostgreSQL), assessed over time.  This file
 * holds init, add, assess, list, show, history and diff; decisions and
 * tokens are in workspace_access.c.  docs/workspace.md.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/aisec.h"
#include "aisec/store.h"
#include "cli/cli.h"
#include "cli/workspace_cli.h"

const char cli_workspace_usage[] =
    "usage: aisec workspace init\n"
    "       aisec workspace add PROFILE... [--name NAME]\n"
    "       aisec workspace assess [SYSTEM...] [--all] [--as-of DATE] "
    "[--catalog DIR]\n"
    "       aisec workspace list [--sort name|class|risks|deadline|assessed] "
    "[--desc]\n"
    "                            [--class CLASS] [--filter TEXT] [--open] "
    "[--limit N]\n"
    "                            [--offset N] [--format table|json|csv|md]\n"
    "       aisec workspace show SYSTEM [--format text|json]\n"
    "       aisec workspace history SYSTEM [--format table|json|csv|md]\n"
    "       aisec workspace diff SYSTEM [A B] [--format text|json]\n"
    "       aisec workspace decide SYSTEM/FINDING --status STATUS --reason "
    "TEXT\n"
    "                              [--expires DATE] [--owner WHO] [--by WHO]\n"
    "       aisec workspace decisions SYSTEM [--history] [--format "
    "table|json|csv|md]\n"
    "       aisec workspace token create --role admin|editor|auditor --label "
    "TEXT\n"
    "                                    [--expires DATE]\n"
    "       aisec workspace token list [--format table|json|csv|md]\n"
    "       aisec workspace token revoke ID\n\n"
    "Every subcommand takes --workspace W: a SQLite file, or a PostgreSQL URL\n"
    "(postgresql://user@host/db); default $AISEC_WORKSPACE, else ./" WS_DEFAULT
    ".\n"
    "The schema is migrated forward on open.\n\n"
    "init        create the workspace (a SQLite file is created when missing)\n"
    "add         add systems from profiles, or update their profile text; "
    "NAME\n"
    "            defaults to the file name without its extension\n"
    "assess      assess systems (default: every system; --all says so) and "
    "record\n"
    "            the findings; a profile file that changed is read again "
    "first\n"
    "list        the portfolio: class, open risks by level (less accepted,\n"
    "            mitigated or false-positive ones), open gaps, evidence, next\n"
    "            deadline, last assessment\n"
    "show        one system: its latest assessment, decisions and evidence\n"
    "history     the assessments of a system, newest first\n"
    "diff        what changed between assessments A and B (default: the last "
    "two)\n"
    "decide      record a decision on a finding: FINDING is risk/THREAT,\n"
    "            gap/requirement/ID or gap/threat/ID; STATUS open, accepted,\n"
    "            mitigated or false-positive; accepted needs --expires\n"
    "decisions   the current decision of each finding (--history: all)\n"
    "token       tokens of `aisec serve`: create prints the secret once\n\n"
    "exit codes: 0 ok, 2 usage error, 3 error (workspace, profile, unknown "
    "system)\n";

const char *ws_where(const char *opt)
{
	const char *env = getenv("AISEC_WORKSPACE");

	if (opt && *opt)
		return opt;
	return env && *env ? env : WS_DEFAULT;
}

struct aisec_store *ws_open(const char *opt, unsigned flags)
{
	struct aisec_store *s = NULL;
	struct aisec_error err;

	aisec_error_clear(&err);
	if (aisec_store_open(ws_where(opt), flags, &s, &err) != 0) {
		cli_error_from(&err);
		return NULL;
	}
	return s;
}

int ws_fail(struct aisec_store *s, const struct aisec_error *err)
{
	aisec_store_close(s);
	return cli_error_from(err);
}

int ws_emit_close(struct aisec_store *s, json_t *items,
		  const struct cli_column *cols, size_t ncols,
		  enum cli_format fmt)
{
	int rc = CLI_OK;

	if (cli_emit_list(stdout, items, cols, ncols, fmt))
		rc = cli_error("cannot write the output");
	json_decref(items);
	aisec_store_close(s);
	return rc;
}

/* Options every subcommand shares; `extra` appends its own. */
#define WS_OPTS                                                                \
	{"workspace", required_argument, NULL, 'W'},                           \
	{                                                                      \
		"format", required_argument, NULL, 'f'                         \
	}

static int ws_init(int argc, char **argv)
{
	static const struct option opts[] = {WS_OPTS, {NULL, 0, NULL, 0}};
	const char *where = NULL;
	struct aisec_store *s;
	int c;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'W')
			where = optarg;
		else
			return cli_bad_option("workspace", "init", c, argv);
	}
	if (optind != argc)
		return cli_usage("workspace", "init takes no arguments");
	if (!(s = ws_open(where, AISEC_STORE_CREATE)))
		return CLI_ERROR;
	printf("workspace '%s': %s, schema version %d%s\n", ws_where(where),
	       aisec_store_backend(s), AISEC_STORE_SCHEMA_VERSION,
	       aisec_store_schema_found(s) == 0 ? " (new)" : "");
	aisec_store_close(s);
	return CLI_OK;
}

void ws_default_name(const char *path, char *out, size_t n)
{
	const char *base = strrchr(path, '/');
	const char *dot;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	snprintf(out, n, "%.*s",
		 (int)(dot && dot != base ? dot - base : (long)strlen(base)),
		 base);
}

static int ws_add(int argc, char **argv)
{
	static const struct option opts[] = {
	    WS_OPTS,
	    {"name", required_argument, NULL, 'n'},
	    {NULL, 0, NULL, 0}};
	const char *where = NULL, *name = NULL;
	struct aisec_store *s;
	int c, rc = CLI_OK;

	while ((c = getopt_long(argc, argv, ":n:", opts, NULL)) != -1) {
		if (c == 'W')
			where = optarg;
		else if (c == 'n')
			name = optarg;
		else
			return cli_bad_option("workspace", "add", c, argv);
	}
	if (optind >= argc)
		return cli_usage("workspace", "add needs a profile");
	if (name && argc - optind > 1)
		return cli_usage("workspace", "--name is for one profile");
	if (name && !aisec_store_name_valid(name))
		return cli_usage(
		    "workspace",
		    "system name '%s': expected 1 to %d of A-Z a-z 0-9 . _ -",
		    name, AISEC_STORE_NAME_MAX);
	if (!(s = ws_open(where, 0)))
		return CLI_ERROR;
	for (int i = optind; i < argc && rc == CLI_OK; i++) {
		struct aisec_profile *p = NULL;
		struct aisec_error err;
		struct aisec_buf text;
		char sys[AISEC_STORE_NAME_MAX + 64], abs[PATH_MAX];
		bool changed = false;

		aisec_error_clear(&err);
		aisec_buf_init(&text, 0);
		if (name)
			snprintf(sys, sizeof(sys), "%s", name);
		else
			ws_default_name(argv[i], sys, sizeof(sys));
		if (aisec_file_read_max(argv[i], AISEC_PROFILE_MAX, &text,
					&err) ||
		    aisec_profile_parse(argv[i], text.data ? text.data : "",
					text.len, &p, &err))
			rc = cli_error_from(&err);
		else if (!realpath(argv[i], abs))
			rc =
			    cli_error("'%s': cannot resolve the path", argv[i]);
		else if (aisec_store_system_put(s, sys, abs,
						text.data ? text.data : "",
						text.len, &changed, &err))
			rc = cli_error_from(&err);
		else
			printf("%s: %s from %s\n", sys,
			       changed ? "added or updated" : "unchanged",
			       argv[i]);
		aisec_profile_free(p);
		aisec_buf_release(&text);
	}
	aisec_store_close(s);
	return rc;
}

/* Assess one system and record the findings; prints a line. */
static int assess_one(struct aisec_store *s, const struct aisec_catalog *cat,
		      const struct aisec_assessor *as, const char *name,
		      const char *as_of)
{
	struct aisec_store_system *sys = NULL;
	struct aisec_profile *p = NULL;
	struct aisec_findings *f = NULL;
	struct aisec_assess_options opt = {
	    .assessor = as, .as_of = as_of, .verify_evidence = true};
	struct aisec_error err;
	struct aisec_buf json, text;
	int64_t seq = 0;
	int rc = CLI_ERROR;

	aisec_error_clear(&err);
	aisec_buf_init(&json, 0);
	aisec_buf_init(&text, 0);
	if (aisec_store_system_get(s, name, &sys, &err))
		goto fail;
	/* the profile file, when it is still there, is the truth: read it again
	 */
	if (sys->profile_file &&
	    aisec_file_read_max(sys->profile_file, AISEC_PROFILE_MAX, &text,
				&err) == 0) {
		if (aisec_store_system_put(s, name, sys->profile_file,
					   text.data ? text.data : "", text.len,
					   NULL, &err) ||
		    aisec_profile_load(sys->profile_file, &p, &err))
			goto fail;
	} else if (aisec_profile_parse(name, sys->profile, sys->profile_len, &p,
				       &err)) {
		goto fail;
	}
	if (aisec_assess(cat, p, &opt, &f, &err) ||
	    aisec_findings_to_json(f, &json, &err) ||
	    aisec_store_assessment_record(s, name, json.data, json.len, NULL,
					  &seq, &err))
		goto fail;
	printf("%s: assessment %lld: %s\n", name, (long long)seq,
	       aisec_findings_class(f));
	rc = CLI_OK;
	goto out;
fail:
	cli_error_from(&err);
out:
	aisec_findings_free(f);
	aisec_profile_free(p);
	aisec_store_system_free(sys);
	aisec_buf_release(&json);
	aisec_buf_release(&text);
	return rc;
}

static int ws_assess(int argc, char **argv)
{
	static const struct option opts[] = {
	    WS_OPTS,
	    {"all", no_argument, NULL, 'A'},
	    {"as-of", required_argument, NULL, 'a'},
	    {"catalog", required_argument, NULL, 'c'},
	    {NULL, 0, NULL, 0}};
	const char *where = NULL, *as_of = NULL, *catdir = NULL;
	struct aisec_catalog *cat = NULL;
	struct aisec_assessor *as = NULL;
	struct aisec_store *s = NULL;
	struct aisec_error err;
	char **names = NULL;
	size_t n = 0;
	bool all = false;
	int c, rc = CLI_OK;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'W':
			where = optarg;
			break;
		case 'A':
			all = true;
			break;
		case 'a':
			as_of = optarg;
			break;
		case 'c':
			catdir = optarg;
			break;
		default:
			return cli_bad_option("workspace", "assess", c, argv);
		}
	}
	if (all && optind < argc)
		return cli_usage("workspace",
				 "assess: --all or systems, not both");
	if (!(s = ws_open(where, 0)))
		return CLI_ERROR;
	aisec_error_clear(&err);
	if (!(cat = cli_catalog_load(catdir, 0))) {
		rc = CLI_ERROR;
		goto out;
	}
	if (aisec_assessor_new(cat, &as, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (optind == argc) {
		if (aisec_store_system_names(s, &names, &n, &err)) {
			rc = cli_error_from(&err);
			goto out;
		}
		if (!n)
			cli_warn("workspace '%s' has no systems (add them with "
				 "'aisec workspace add')",
				 ws_where(where));
		for (size_t i = 0; i < n; i++)
			if (assess_one(s, cat, as, names[i], as_of) != CLI_OK)
				rc = CLI_ERROR;
	} else {
		for (int i = optind; i < argc; i++)
			if (assess_one(s, cat, as, argv[i], as_of) != CLI_OK)
				rc = CLI_ERROR;
	}
out:
	aisec_store_names_free(names, n);
	aisec_assessor_free(as);
	aisec_catalog_free(cat);
	aisec_store_close(s);
	return rc;
}

static int parse_count(const char *s, size_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (!*s || *end || *s == '-' || v > 1000000)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int ws_list(int argc, char **argv)
{
	static const struct option opts[] = {
	    WS_OPTS,
	    {"sort", required_argument, NULL, 's'},
	    {"desc", no_argument, NULL, 'd'},
	    {"class", required_argument, NULL, 'k'},
	    {"filter", required_argument, NULL, 't'},
	    {"open", no_argument, NULL, 'o'},
	    {"limit", required_argument, NULL, 'l'},
	    {"offset", required_argument, NULL, 'O'},
	    {"today", required_argument, NULL, 'T'},
	    {NULL, 0, NULL, 0}};
	static const char *const sorts[] = {"name", "class", "risks",
					    "deadline", "assessed"};
	static const struct cli_column cols[] = {
	    {"name", "SYSTEM", false},
	    {"class", "CLASS", false},
	    {"critical", "CRIT", false},
	    {"major", "MAJOR", false},
	    {"minor", "MINOR", false},
	    {"gaps", "GAPS", false},
	    {"evidence", "EVIDENCE", false},
	    {"next_deadline", "NEXT DEADLINE", false},
	    {"last_assessed", "ASSESSED", false}};
	struct aisec_store_query q = {.limit = 1000};
	struct aisec_store_page page = {0};
	enum cli_format fmt = CLI_FMT_TABLE;
	const char *where = NULL;
	struct aisec_store *s;
	struct aisec_error err;
	json_t *items;
	int c, rc = CLI_OK;
	bool sorted;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'W':
			where = optarg;
			break;
		case 'f':
			if (cli_parse_format(optarg, &fmt))
				return cli_bad_option("workspace", "list", c,
						      argv);
			break;
		case 's':
			sorted = false;
			for (int k = 0; k < 5; k++)
				if (strcmp(optarg, sorts[k]) == 0) {
					q.sort = (enum aisec_store_sort)k;
					sorted = true;
				}
			if (!sorted)
				return cli_usage("workspace",
						 "unknown sort key '%s' (name, "
						 "class, risks, deadline, "
						 "assessed)",
						 optarg);
			break;
		case 'd':
			q.descending = true;
			break;
		case 'k':
			q.klass = optarg;
			break;
		case 't':
			q.text = optarg;
			break;
		case 'o':
			q.open_risks = true;
			break;
		case 'T':
			q.today = optarg;
			break;
		case 'l':
		case 'O':
			if (parse_count(optarg,
					c == 'l' ? &q.limit : &q.offset))
				return cli_usage(
				    "workspace",
				    "--%s: expected a number up to 1000000",
				    c == 'l' ? "limit" : "offset");
			break;
		default:
			return cli_bad_option("workspace", "list", c, argv);
		}
	}
	if (optind != argc)
		return cli_usage("workspace", "list takes no arguments");
	if (!(s = ws_open(where, 0)))
		return CLI_ERROR;
	aisec_error_clear(&err);
	if (aisec_store_portfolio(s, &q, &page, &err))
		return ws_fail(s, &err);
	items = json_array();
	for (size_t i = 0; i < page.n; i++) {
		const struct aisec_store_row *r = &page.rows[i];

		json_array_append_new(
		    items,
		    json_pack(
			"{s:s,s:s?,s:I,s:I,s:I,s:I,s:s?,s:s?,s:s?,s:I}", "name",
			r->name, "class", r->klass, "critical",
			(json_int_t)r->open_risks[AISEC_STORE_CRITICAL],
			"major", (json_int_t)r->open_risks[AISEC_STORE_MAJOR],
			"minor", (json_int_t)r->open_risks[AISEC_STORE_MINOR],
			"gaps", (json_int_t)r->gaps, "evidence", r->evidence,
			"next_deadline", r->next_deadline, "last_assessed",
			r->last_assessed, "assessments",
			(json_int_t)r->assessments));
	}
	rc = ws_emit_close(s, items, cols, sizeof(cols) / sizeof(cols[0]),
			   fmt);
	if (fmt == CLI_FMT_TABLE && page.total > page.n)
		fprintf(stderr,
			"aisec: %zu of %zu systems shown (--limit, --offset)\n",
			page.n, page.total);
	aisec_store_page_release(&page);
	return rc;
}

static json_t *assessment_json(const struct aisec_store_assessment *a)
{
	return json_pack(
	    "{s:I,s:s,s:s?,s:s?,s:s?,s:{s:I,s:I,s:I},s:I,s:s?,s:s?,s:s?}",
	    "seq", (json_int_t)a->seq, "at", a->at, "as_of", a->as_of, "class",
	    a->klass, "catalog", a->catalog_version, "risks", "critical",
	    (json_int_t)a->risks[AISEC_STORE_CRITICAL], "major",
	    (json_int_t)a->risks[AISEC_STORE_MAJOR], "minor",
	    (json_int_t)a->risks[AISEC_STORE_MINOR], "gaps",
	    (json_int_t)a->gaps, "evidence", a->evidence, "next_deadline",
	    a->next_deadline, "profile_digest", a->profile_digest);
}

/* Parse "SYSTEM" and the subcommand's shared options. */
static int one_system(int argc, char **argv, const char *sub,
		      const char **where, const char **format, bool *history)
{
	static const struct option opts[] = {
	    WS_OPTS, {"history", no_argument, NULL, 'H'}, {NULL, 0, NULL, 0}};
	int c;

	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'W')
			*where = optarg;
		else if (c == 'f')
			*format = optarg;
		else if (c == 'H' && history)
			*history = true;
		else
			return cli_bad_option("workspace", sub, c, argv);
	}
	return CLI_OK;
}

static int ws_history(int argc, char **argv)
{
	static const struct cli_column cols[] = {
	    {"seq", "#", false},
	    {"at", "RECORDED", false},
	    {"as_of", "AS OF", false},
	    {"class", "CLASS", false},
	    {"critical", "CRIT", false},
	    {"major", "MAJOR", false},
	    {"minor", "MINOR", false},
	    {"gaps", "GAPS", false},
	    {"evidence", "EVIDENCE", false},
	    {"catalog", "CATALOG", false}};
	const char *where = NULL, *format = "table";
	struct aisec_store_assessment *h = NULL;
	struct aisec_store *s;
	struct aisec_error err;
	enum cli_format fmt;
	json_t *items;
	size_t n = 0;
	int rc;

	if ((rc = one_system(argc, argv, "history", &where, &format, NULL)))
		return rc;
	if (argc - optind != 1)
		return cli_usage("workspace", "history needs one SYSTEM");
	if (cli_parse_format(format, &fmt))
		return cli_usage("workspace",
				 "unknown format '%s' (table, json, csv, md)",
				 format);
	if (!(s = ws_open(where, 0)))
		return CLI_ERROR;
	aisec_error_clear(&err);
	if (aisec_store_assessment_history(s, argv[optind], &h, &n, &err))
		return ws_fail(s, &err);
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = assessment_json(&h[i]),
		       *r = json_object_get(o, "risks");

		json_object_set(o, "critical", json_object_get(r, "critical"));
		json_object_set(o, "major", json_object_get(r, "major"));
		json_object_set(o, "minor", json_object_get(r, "minor"));
		if (fmt != CLI_FMT_JSON)
			json_object_del(o, "risks");
		json_array_append_new(items, o);
	}
	aisec_store_assessments_free(h, n);
	return ws_emit_close(s, items, cols, sizeof(cols) / sizeof(cols[0]),
			     fmt);
}

static int ws_show(int argc, char **argv)
{
	const char *where = NULL, *format = "text", *name;
	struct aisec_store_system *sys = NULL;
	struct aisec_store_assessment *a = NULL;
	struct aisec_decision *d = NULL;
	struct aisec_store_evidence *ev = NULL;
	struct aisec_store *s;
	struct aisec_error err;
	size_t nd = 0, ne = 0;
	json_t *doc = NULL, *decs, *evs;
	int rc;

	if ((rc = one_system(argc, argv, "show", &where, &format, NULL)))
		return rc;
	if (argc - optind != 1)
		return cli_usage("workspace", "show needs one SYSTEM");
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage("workspace",
				 "unknown format '%s' (text, json)", format);
	name = argv[optind];
	if (!(s = ws_open(where, 0)))
		return CLI_ERROR;
	aisec_error_clear(&err);
	rc = CLI_ERROR;
	if (aisec_store_system_get(s, name, &sys, &err) ||
	    aisec_store_decisions(s, name, NULL, false, &d, &nd, &err) ||
	    aisec_store_evidence_list(s, name, &ev, &ne, &err)) {
		cli_error_from(&err);
		goto out;
	}
	if (sys->assessments &&
	    aisec_store_assessment_get(s, name, 0, &a, &err)) {
		cli_error_from(&err);
		goto out;
	}
	decs = json_array();
	for (size_t i = 0; i < nd; i++)
		json_array_append_new(
		    decs,
		    json_pack("{s:s,s:s,s:s?,s:s?,s:s?,s:s?,s:s?}", "finding",
			      d[i].finding, "status",
			      aisec_decision_status_name(d[i].status), "owner",
			      d[i].owner, "reason", d[i].reason, "expires",
			      d[i].expires, "by", d[i].by, "at", d[i].at));
	evs = json_array();
	for (size_t i = 0; i < ne; i++)
		json_array_append_new(
		    evs, json_pack("{s:s,s:s,s:s,s:s?,s:s?}", "kind",
				   ev[i].kind, "path", ev[i].path, "status",
				   ev[i].status, "detail", ev[i].detail,
				   "verified_at", ev[i].verified_at));
	doc = json_pack("{s:s,s:s?,s:s,s:s,s:s,s:I,s:o,s:o,s:o}", "name",
			sys->name, "profile_file", sys->profile_file,
			"profile_digest", sys->profile_digest, "created",
			sys->created, "updated", sys->updated, "assessments",
			(json_int_t)sys->assessments, "latest",
			a ? assessment_json(a) : json_null(), "decisions", decs,
			"evidence", evs);
	if (strcmp(format, "json") == 0) {
		rc = cli_emit_json(stdout, doc) ? CLI_ERROR : CLI_OK;
		goto out;
	}
	printf("system      %s\nprofile     %s\ndigest      %s\nadded       "
	       "%s\nchanged     %s\n",
	       sys->name, sys->profile_file ? sys->profile_file : "(text only)",
	       sys->profile_digest, sys->created, sys->updated);
	if (a)
		printf("assessment  %lld of %lld, %s (as of %s, catalog %s)\n"
		       "class       %s\nrisks       %lld critical, %lld major, "
		       "%lld minor "
		       "(residual, before decisions)\ngaps        "
		       "%lld\nevidence    %s\n"
		       "deadline    %s\n",
		       (long long)a->seq, (long long)sys->assessments, a->at,
		       a->as_of ? a->as_of : "-",
		       a->catalog_version ? a->catalog_version : "-",
		       a->klass ? a->klass : "-",
		       (long long)a->risks[AISEC_STORE_CRITICAL],
		       (long long)a->risks[AISEC_STORE_MAJOR],
		       (long long)a->risks[AISEC_STORE_MINOR],
		       (long long)a->gaps, a->evidence ? a->evidence : "-",
		       a->next_deadline ? a->next_deadline : "none ahead");
	else
		printf("assessment  none yet (aisec workspace assess %s)\n",
		       name);
	for (size_t i = 0; i < nd; i++)
		printf("%s %s: %s%s%s%s%s\n", i ? "           " : "decisions  ",
		       d[i].finding, aisec_decision_status_name(d[i].status),
		       d[i].expires ? " until " : "",
		       d[i].expires ? d[i].expires : "",
		       d[i].reason ? ": " : "", d[i].reason ? d[i].reason : "");
	for (size_t i = 0; i < ne; i++)
		printf("%s %s %s: %s (%s)\n", i ? "           " : "evidence   ",
		       ev[i].kind, ev[i].path, ev[i].status, ev[i].verified_at);
	rc = CLI_OK;
out:
	json_decref(doc);
	aisec_store_evidence_free(ev, ne);
	aisec_decisions_free(d, nd);
	aisec_store_assessment_free(a);
	aisec_store_system_free(sys);
	aisec_store_close(s);
	return rc;
}

static int parse_seq(const char *s, int64_t *out)
{
	size_t v;

	if (parse_count(s, &v) || v == 0)
		return -1;
	*out = (int64_t)v;
	return 0;
}

/* The diff JSON as lines: "class: minimal -> high-risk". */
static void print_diff(json_t *d)
{
	json_t *e;
	size_t i;
	static const char *const keys[] = {"class", "evidence", "catalog",
					   "as_of"};
	bool any = false;

	printf("%s: assessment %lld -> %lld\n",
	       json_string_value(json_object_get(d, "system")),
	       (long long)json_integer_value(json_object_get(d, "from")),
	       (long long)json_integer_value(json_object_get(d, "to")));
	for (size_t k = 0; k < 4; k++) {
		json_t *ft = json_object_get(d, keys[k]);

		if (json_is_object(ft)) {
			const char *a =
			    json_string_value(json_object_get(ft, "from"));
			const char *b =
			    json_string_value(json_object_get(ft, "to"));

			printf("  %s: %s -> %s\n", keys[k], a ? a : "-",
			       b ? b : "-");
			any = true;
		}
	}
	json_array_foreach(json_object_get(d, "risks"), i, e)
	{
		const char *a = json_string_value(json_object_get(e, "from"));
		const char *b = json_string_value(json_object_get(e, "to"));

		printf("  %s: %s -> %s\n",
		       json_string_value(json_object_get(e, "finding")),
		       a ? a : "(none)", b ? b : "(none)");
		any = true;
	}
	json_array_foreach(json_object_get(json_object_get(d, "gaps"), "added"),
			   i, e)
	{
		printf("  + %s\n", json_string_value(e));
		any = true;
	}
	json_array_foreach(
	    json_object_get(json_object_get(d, "gaps"), "removed"), i, e)
	{
		printf("  - %s\n", json_string_value(e));
		any = true;
	}
	if (!any)
		printf("  no change\n");
}

static int ws_diff(int argc, char **argv)
{
	const char *where = NULL, *format = "text";
	struct aisec_store *s;
	struct aisec_error err;
	struct aisec_buf out;
	int64_t a = 0, b = 0;
	int rc, nargs;

	if ((rc = one_system(argc, argv, "diff", &where, &format, NULL)))
		return rc;
	nargs = argc - optind;
	if (nargs != 1 && nargs != 3)
		return cli_usage("workspace",
				 "diff needs SYSTEM, or SYSTEM A B");
	if (nargs == 3 && (parse_seq(argv[optind + 1], &a) ||
			   parse_seq(argv[optind + 2], &b)))
		return cli_usage(
		    "workspace",
		    "diff: A and B are assessment numbers (1, 2, ...)");
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage("workspace",
				 "unknown format '%s' (text, json)", format);
	if (!(s = ws_open(where, 0)))
		return CLI_ERROR;
	aisec_error_clear(&err);
	aisec_buf_init(&out, 0);
	if (aisec_store_assessment_diff(s, argv[optind], a, b, &out, &err)) {
		rc = cli_error_from(&err);
	} else if (strcmp(format, "json") == 0) {
		fwrite(out.data, 1, out.len, stdout);
	} else {
		json_t *d = json_loadb(out.data, out.len, 0, NULL);

		if (d)
			print_diff(d);
		else
			rc = cli_error("diff: unreadable result");
		json_decref(d);
	}
	aisec_buf_release(&out);
	aisec_store_close(s);
	return rc;
}

int cmd_workspace(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} subs[] = {{"init", ws_init},		 {"add", ws_add},
		    {"assess", ws_assess},	 {"list", ws_list},
		    {"show", ws_show},		 {"history", ws_history},
		    {"diff", ws_diff},		 {"decide", ws_decide},
		    {"decisions", ws_decisions}, {"token", ws_token}};

	if (argc < 2)
		return cli_usage("workspace", "no subcommand given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cli_help("workspace");
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(argv[1], subs[i].name) == 0) {
			optind = 1;
			opterr = 0;
			return subs[i].run(argc - 1, argv + 1);
		}
	return cli_usage("workspace", "unknown subcommand '%s'", argv[1]);
}
