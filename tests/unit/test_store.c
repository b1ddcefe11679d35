/*
 * test_store.c - the workspace store end to end on one backend: SQLite by
 * default, or the PostgreSQL server named by $AISEC_STORE_URL (the script
 * tests/cli/test_workspace_pg.sh starts one and runs this binary against
 * it).  The same tests run on both: each uses its own system names, so
 * they share one database.  Schema migration and read-only opens are
 * checked on SQLite files only.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "aisec/aisec.h"
#include "aisec/store.h"
#include "tmpdir.h"

static char tmp[256];
static char where[512];
static struct aisec_catalog *cat;

/* Findings JSON of a shipped example, on a fixed date. */
static char *findings_of(const char *example, const char *as_of,
			 struct aisec_findings **keep)
{
	char path[512];
	struct aisec_profile *p = NULL;
	struct aisec_findings *f = NULL;
	struct aisec_assess_options opt = {.as_of = as_of};
	struct aisec_error err;
	struct aisec_buf b;

	snprintf(path, sizeof(path), "%s/examples/%s.yaml", AISEC_SOURCE_DIR,
		 example);
	aisec_buf_init(&b, 0);
	assert_int_equal(aisec_profile_load(path, &p, &err), 0);
	assert_int_equal(aisec_assess(cat, p, &opt, &f, &err), 0);
	assert_int_equal(aisec_findings_to_json(f, &b, &err), 0);
	aisec_profile_free(p);
	if (keep)
		*keep = f;
	else
		aisec_findings_free(f);
	return aisec_buf_detach(&b, NULL);
}

static struct aisec_store *open_ws(void)
{
	struct aisec_store *s = NULL;
	struct aisec_error err;
	int rc = aisec_store_open(where, AISEC_STORE_CREATE, &s, &err);

	if (rc)
		fail_msg("open: %s", err.msg);
	return s;
}

static void put(struct aisec_store *s, const char *name, const char *text)
{
	struct aisec_error err;

	if (aisec_store_system_put(s, name, NULL, text, strlen(text), NULL,
				   &err))
		fail_msg("put: %s", err.msg);
}

static void record(struct aisec_store *s, const char *name, const char *json,
		   const char *at)
{
	struct aisec_error err;

	if (aisec_store_assessment_record(s, name, json, strlen(json), at, NULL,
					  &err))
		fail_msg("record: %s", err.msg);
}

static void test_systems(void **state)
{
	struct aisec_store *s = open_ws();
	struct aisec_store_system *sys = NULL;
	struct aisec_error err;
	const char *text =
	    "system: {name: \"O'Brien; DROP TABLE systems; --\"}\n";
	bool changed = false;
	char **names;
	size_t n;

	(void)state;
	assert_string_equal(aisec_store_backend(s), getenv("AISEC_STORE_URL")
							? "postgresql"
							: "sqlite");
	assert_int_equal(aisec_store_system_put(s, "sys-a", "a.yaml", text,
						strlen(text), &changed, &err),
			 0);
	assert_true(changed);
	assert_int_equal(aisec_store_system_put(s, "sys-a", "a.yaml", text,
						strlen(text), &changed, &err),
			 0);
	assert_false(changed);
	assert_int_equal(aisec_store_system_get(s, "sys-a", &sys, &err), 0);
	assert_string_equal(sys->profile, text);
	assert_string_equal(sys->profile_file, "a.yaml");
	assert_int_equal(strncmp(sys->profile_digest, "sha256:", 7), 0);
	assert_int_equal(strlen(sys->profile_digest), 71);
	aisec_store_system_free(sys);
	assert_int_equal(aisec_store_system_put(s, "sys-a", NULL, "x: 1\n", 5,
						&changed, &err),
			 0);
	assert_true(changed);
	/* SQL metacharacters never reach a statement as SQL */
	assert_int_equal(aisec_store_system_put(s, "x'; DROP TABLE systems;--",
						NULL, "x", 1, NULL, &err),
			 AISEC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "system name"));
	assert_int_equal(aisec_store_system_get(s, "sys-none", &sys, &err),
			 AISEC_ERR_NOTFOUND);
	assert_int_equal(aisec_store_system_names(s, &names, &n, &err), 0);
	assert_true(n >= 1);
	aisec_store_names_free(names, n);
	aisec_store_close(s);
}

static void test_assessments_and_diff(void **state)
{
	struct aisec_store *s = open_ws();
	struct aisec_store_assessment *h = NULL, *a = NULL;
	struct aisec_error err;
	struct aisec_buf d;
	char *spam = findings_of("spam-filter", "2026-12-01", NULL);
	char *cv = findings_of("cv-screening", "2026-12-01", NULL);
	size_t n;

	(void)state;
	put(s, "hist-1", "p: 1\n");
	record(s, "hist-1", spam, "2026-12-01T10:00:00Z");
	record(s, "hist-1", cv, "2026-12-02T10:00:00Z");
	assert_int_equal(
	    aisec_store_assessment_history(s, "hist-1", &h, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].seq, 2);
	assert_string_equal(h[0].klass, "high-risk");
	assert_string_equal(h[1].klass, "minimal");
	assert_string_equal(h[0].as_of, "2026-12-01");
	assert_null(h[0].findings);
	aisec_store_assessments_free(h, n);
	assert_int_equal(aisec_store_assessment_get(s, "hist-1", 0, &a, &err),
			 0);
	assert_int_equal(a->seq, 2);
	assert_string_equal(a->findings, cv);
	aisec_store_assessment_free(a);
	assert_int_equal(aisec_store_assessment_get(s, "hist-1", 1, &a, &err),
			 0);
	assert_string_equal(a->findings, spam);
	aisec_store_assessment_free(a);
	assert_int_equal(aisec_store_assessment_get(s, "hist-1", 7, &a, &err),
			 AISEC_ERR_NOTFOUND);

	aisec_buf_init(&d, 0);
	assert_int_equal(
	    aisec_store_assessment_diff(s, "hist-1", 0, 0, &d, &err), 0);
	assert_non_null(strstr(d.data, "\"from\": \"minimal\""));
	assert_non_null(strstr(d.data, "\"to\": \"high-risk\""));
	assert_non_null(strstr(d.data, "\"finding\": \"risk/"));
	aisec_buf_reset(&d);
	assert_int_equal(
	    aisec_store_assessment_diff(s, "hist-1", 2, 2, &d, &err), 0);
	assert_non_null(strstr(d.data, "\"class\": null"));
	assert_non_null(strstr(d.data, "\"risks\": []"));
	aisec_buf_release(&d);

	/* not findings: refused, nothing recorded */
	assert_int_equal(aisec_store_assessment_record(s, "hist-1", "{\"a\":1}",
						       7, NULL, NULL, &err),
			 AISEC_ERR_INVALID);
	assert_int_equal(aisec_store_assessment_record(s, "hist-1", "{", 1,
						       NULL, NULL, &err),
			 AISEC_ERR_PARSE);
	assert_int_equal(aisec_store_assessment_record(
			     s, "hist-none", cv, strlen(cv), NULL, NULL, &err),
			 AISEC_ERR_NOTFOUND);
	assert_int_equal(
	    aisec_store_assessment_history(s, "hist-1", &h, &n, &err), 0);
	assert_int_equal(n, 2);
	aisec_store_assessments_free(h, n);
	free(spam);
	free(cv);
	aisec_store_close(s);
}

static void test_portfolio(void **state)
{
	struct aisec_store *s = open_ws();
	struct aisec_store_page pg;
	struct aisec_error err;
	char *spam = findings_of("spam-filter", "2026-12-01", NULL);
	char *cv = findings_of("cv-screening", "2026-12-01", NULL);
	struct aisec_store_query q = {.text = "pf-",
				      .sort = AISEC_STORE_SORT_CLASS};

	(void)state;
	put(s, "pf-b-cv", "b\n");
	put(s, "pf-a-spam", "a\n");
	put(s, "pf-c-never", "c\n");
	put(s, "lk-x_y", "d\n");
	put(s, "lk-xzy", "d\n");
	record(s, "pf-b-cv", cv, NULL);
	record(s, "pf-a-spam", spam, NULL);
	assert_int_equal(aisec_store_portfolio(s, &q, &pg, &err), 0);
	assert_int_equal(pg.total, 3);
	assert_string_equal(pg.rows[0].name, "pf-b-cv");
	assert_string_equal(pg.rows[0].klass, "high-risk");
	assert_true(pg.rows[0].open_risks[AISEC_STORE_CRITICAL] +
			pg.rows[0].open_risks[AISEC_STORE_MAJOR] +
			pg.rows[0].open_risks[AISEC_STORE_MINOR] >
		    0);
	assert_non_null(pg.rows[0].last_assessed);
	assert_non_null(pg.rows[0].evidence);
	assert_non_null(pg.rows[0].next_deadline);
	assert_true(strcmp(pg.rows[0].next_deadline, "2026-12-01") > 0);
	assert_string_equal(pg.rows[1].klass, "minimal");
	assert_string_equal(pg.rows[2].name, "pf-c-never");
	assert_null(pg.rows[2].klass);
	aisec_store_page_release(&pg);

	/* a literal % and _ in the filter match only themselves */
	q.text = "X_Y";
	assert_int_equal(aisec_store_portfolio(s, &q, &pg, &err), 0);
	assert_int_equal(pg.total, 1);
	assert_string_equal(pg.rows[0].name, "lk-x_y");
	aisec_store_page_release(&pg);
	q.text = "%";
	assert_int_equal(aisec_store_portfolio(s, &q, &pg, &err), 0);
	assert_int_equal(pg.total, 0);
	aisec_store_page_release(&pg);
	q.text = "pf-";
	q.klass = "high-risk";
	assert_int_equal(aisec_store_portfolio(s, &q, &pg, &err), 0);
	assert_int_equal(pg.total, 1);
	aisec_store_page_release(&pg);
	q.klass = NULL;
	q.sort = AISEC_STORE_SORT_NAME;
	q.descending = true;
	q.limit = 1;
	q.offset = 1;
	assert_int_equal(aisec_store_portfolio(s, &q, &pg, &err), 0);
	assert_int_equal(pg.total, 3);
	assert_int_equal(pg.n, 1);
	assert_string_equal(pg.rows[0].name, "pf-b-cv");
	aisec_store_page_release(&pg);
	for (int k = 0; k <= AISEC_STORE_SORT_ASSESSED; k++) {
		struct aisec_store_query all = {.text = "pf-", .sort = k};

		assert_int_equal(aisec_store_portfolio(s, &all, &pg, &err), 0);
		assert_int_equal(pg.n, 3);
		aisec_store_page_release(&pg);
	}
	free(spam);
	free(cv);
	aisec_store_close(s);
}

/* The open risks of one system in the portfolio on `today`. */
static int64_t open_risks(struct aisec_store *s, const char *name,
			  const char *today)
{
	struct aisec_store_query q = {.text = name, .today = today};
	struct aisec_store_page pg;
	struct aisec_error err;
	int64_t n;

	if (aisec_store_portfolio(s, &q, &pg, &err))
		fail_msg("portfolio: %s", err.msg);
	assert_int_equal(pg.n, 1);
	n = pg.rows[0].open_risks[0] + pg.rows[0].open_risks[1] +
	    pg.rows[0].open_risks[2];
	aisec_store_page_release(&pg);
	return n;
}

static void test_decisions(void **state)
{
	struct aisec_store *s = open_ws();
	struct aisec_findings *f = NULL;
	char *cv = findings_of("cv-screening", "2026-12-01", &f);
	struct aisec_decision *cur = NULL;
	struct aisec_error err;
	struct aisec_buf why;
	size_t n;
	int64_t before;

	(void)state;
	put(s, "dec-cv", "x\n");
	record(s, "dec-cv", cv, NULL);
	before = open_risks(s, "dec-cv", "2027-01-01");
	assert_true(before > 0);
	assert_int_equal(aisec_findings_gate_decided(f, "risk:minor", NULL, 0,
						     "2027-01-01", NULL, &err),
			 1);
	/* accept every residual risk until 2027-06-30 */
	{
		json_t *doc = json_loads(cv, 0, NULL), *r;
		size_t i;

		assert_non_null(doc);
		json_array_foreach(json_object_get(doc, "risks"), i, r)
		{
			char finding[200];
			struct aisec_decision d = {
			    .system = "dec-cv",
			    .finding = finding,
			    .status = AISEC_DECISION_ACCEPTED,
			    .reason = "compensating controls; see 'ticket' 42",
			    .expires = "2027-06-30",
			    .owner = "ml-platform",
			    .by = "test"};

			snprintf(
			    finding, sizeof(finding), "risk/%s",
			    json_string_value(json_object_get(r, "threat")));
			if (aisec_store_decide(s, &d, NULL, &err))
				fail_msg("decide: %s", err.msg);
		}
		json_decref(doc);
	}
	assert_int_equal(open_risks(s, "dec-cv", "2027-01-01"), 0);
	/* lapsed: the portfolio counts them again */
	assert_int_equal(open_risks(s, "dec-cv", "2027-07-01"), before);
	assert_int_equal(open_risks(s, "dec-cv", "2027-01-01"), 0);

	assert_int_equal(
	    aisec_store_decisions(s, "dec-cv", NULL, false, &cur, &n, &err), 0);
	assert_true(n > 0);
	assert_int_equal(aisec_findings_gate_decided(f, "risk:minor", cur, n,
						     "2027-01-01", NULL, &err),
			 0);
	aisec_buf_init(&why, 0);
	assert_int_equal(aisec_findings_gate_decided(f, "risk:minor", cur, n,
						     "2027-07-01", &why, &err),
			 1);
	assert_non_null(strstr(why.data, "acceptance expired 2027-06-30"));
	aisec_buf_release(&why);
	{
		/* a later decision re-opens one; the history keeps both */
		struct aisec_decision d = {.system = "dec-cv",
					   .finding = cur[0].finding,
					   .status = AISEC_DECISION_OPEN,
					   .by = "test"};
		struct aisec_decision *hist = NULL;
		size_t nh;

		assert_int_equal(aisec_store_decide(s, &d, NULL, &err), 0);
		assert_int_equal(aisec_store_decisions(s, "dec-cv",
						       cur[0].finding, true,
						       &hist, &nh, &err),
				 0);
		assert_int_equal(nh, 2);
		assert_int_equal(hist[0].status, AISEC_DECISION_OPEN);
		assert_int_equal(hist[1].status, AISEC_DECISION_ACCEPTED);
		assert_string_equal(hist[1].reason,
				    "compensating controls; see 'ticket' 42");
		aisec_decisions_free(hist, nh);
		assert_int_equal(open_risks(s, "dec-cv", "2027-01-01"), 1);
	}
	aisec_decisions_free(cur, n);
	{
		struct aisec_decision bad = {.system = "dec-cv",
					     .finding = "risk/x",
					     .status = AISEC_DECISION_ACCEPTED,
					     .reason = "r"};

		assert_int_equal(aisec_store_decide(s, &bad, NULL, &err),
				 AISEC_ERR_INVALID);
		assert_non_null(strstr(err.msg, "expires"));
		bad.expires = "2027-01-01";
		bad.finding = "risk/X; --";
		assert_int_equal(aisec_store_decide(s, &bad, NULL, &err),
				 AISEC_ERR_INVALID);
		bad.finding = "risk/x";
		bad.system = "dec-none";
		assert_int_equal(aisec_store_decide(s, &bad, NULL, &err),
				 AISEC_ERR_NOTFOUND);
	}
	aisec_findings_free(f);
	free(cv);
	aisec_store_close(s);
}

static void test_decisions_file(void **state)
{
	const char *ok = "decisions:\n"
			 "  - finding: risk/model_extraction\n"
			 "    status: accepted\n"
			 "    reason: rate limit planned\n"
			 "    expires: 2027-06-30\n"
			 "    owner: ml team\n"
			 "  - finding: gap/requirement/ai_literacy\n"
			 "    status: mitigated\n"
			 "    reason: training done\n";
	struct {
		const char *text, *want;
	} bad[] = {
	    {"decisions:\n  - finding: risk/a\n    status: accepted\n    "
	     "reason: r\n",
	     "'d.yaml' line 2: field 'decisions[0].expires': required"},
	    {"decisions:\n  - finding: risk/a\n    status: acepted\n",
	     "line 3: field 'decisions[0].status': unknown status 'acepted'"},
	    {"decisions:\n  - finding: risk/a\n    status: open\n    colour: "
	     "red\n",
	     "line 4: field 'decisions[0].colour': unknown field"},
	    {"decisions:\n  - {finding: risk/a, status: open}\n  - {finding: "
	     "risk/a, status: open}\n",
	     "line 3: field 'decisions[1].finding': 'risk/a' already decided "
	     "on line 2"},
	    {"decisions:\n  - finding: threat/a\n    status: open\n",
	     "field 'decisions[0].finding': expected risk/"},
	    {"decisions:\n  - finding: risk/a\n    status: mitigated\n    "
	     "reason: r\n    expires: 2027-02-30\n",
	     "line 5: field 'decisions[0].expires': expected a date"},
	    {"other: 1\n", "field 'other': unknown field"},
	    {"decisions: [\n", "'d.yaml' line"},
	};
	struct aisec_decision *d;
	struct aisec_error err;
	struct aisec_buf path;
	size_t n;

	(void)state;
	assert_int_equal(
	    aisec_decisions_parse("d.yaml", ok, strlen(ok), &d, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(d[0].finding, "risk/model_extraction");
	assert_int_equal(d[0].status, AISEC_DECISION_ACCEPTED);
	assert_string_equal(d[0].expires, "2027-06-30");
	assert_int_equal(d[0].line, 2);
	assert_int_equal(d[1].status, AISEC_DECISION_MITIGATED);
	aisec_decisions_free(d, n);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = aisec_decisions_parse(
		    "d.yaml", bad[i].text, strlen(bad[i].text), &d, &n, &err);

		assert_true(rc < 0);
		if (!strstr(err.msg, bad[i].want))
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg,
				 bad[i].want);
	}
	aisec_buf_init(&path, 0);
	assert_int_equal(aisec_decisions_path("dir/cv.yaml", &path, &err), 0);
	assert_string_equal(path.data, "dir/cv.decisions.yaml");
	aisec_buf_reset(&path);
	assert_int_equal(aisec_decisions_path("a.b/cv", &path, &err), 0);
	assert_string_equal(path.data, "a.b/cv.decisions.yaml");
	aisec_buf_release(&path);
}

static void test_tokens(void **state)
{
	struct aisec_store *s = open_ws();
	char sec[AISEC_STORE_TOKEN_LEN + 1], sec2[AISEC_STORE_TOKEN_LEN + 1];
	enum aisec_store_role role;
	struct aisec_store_token *t;
	struct aisec_error err;
	int64_t id, id2, got;
	size_t n;
	bool seen = false;

	(void)state;
	assert_int_equal(aisec_store_token_create(s, AISEC_ROLE_AUDITOR,
						  "auditor one", NULL, sec, &id,
						  &err),
			 0);
	assert_int_equal(strlen(sec), AISEC_STORE_TOKEN_LEN);
	assert_int_equal(
	    aisec_store_token_verify(s, sec, NULL, &role, &got, &err), 0);
	assert_int_equal(role, AISEC_ROLE_AUDITOR);
	assert_int_equal(got, id);
	sec[10] = sec[10] == 'A' ? 'B' : 'A';
	assert_int_equal(
	    aisec_store_token_verify(s, sec, NULL, &role, NULL, &err),
	    AISEC_ERR_VERIFY);
	assert_int_equal(role, 0);
	assert_int_equal(
	    aisec_store_token_verify(s, "' OR 1=1 --", NULL, &role, NULL, &err),
	    AISEC_ERR_VERIFY);
	assert_int_equal(aisec_store_token_create(s, AISEC_ROLE_ADMIN, "admin",
						  "2027-01-31", sec2, &id2,
						  &err),
			 0);
	assert_int_equal(
	    aisec_store_token_verify(s, sec2, "2027-01-31", &role, NULL, &err),
	    0);
	assert_int_equal(role, AISEC_ROLE_ADMIN);
	assert_int_equal(
	    aisec_store_token_verify(s, sec2, "2027-02-01", &role, NULL, &err),
	    AISEC_ERR_VERIFY);
	assert_non_null(strstr(err.msg, "expired"));
	assert_int_equal(aisec_store_token_revoke(s, id2, &err), 0);
	assert_int_equal(aisec_store_token_revoke(s, id2, &err), 0);
	assert_int_equal(
	    aisec_store_token_verify(s, sec2, "2027-01-01", &role, NULL, &err),
	    AISEC_ERR_VERIFY);
	assert_non_null(strstr(err.msg, "revoked"));
	assert_null(strstr(err.msg, sec2));
	assert_int_equal(aisec_store_token_revoke(s, 999999, &err),
			 AISEC_ERR_NOTFOUND);
	assert_int_equal(aisec_store_token_list(s, &t, &n, &err), 0);
	for (size_t i = 0; i < n; i++)
		if (t[i].id == id2) {
			seen = true;
			assert_non_null(t[i].revoked);
			assert_string_equal(t[i].expires, "2027-01-31");
			assert_int_equal(t[i].role, AISEC_ROLE_ADMIN);
		}
	assert_true(seen);
	aisec_store_token_free(t, n);
	assert_int_equal(aisec_store_token_create(s, AISEC_ROLE_EDITOR, "",
						  NULL, sec, NULL, &err),
			 AISEC_ERR_INVALID);
	aisec_store_close(s);
}

static void test_evidence_results_alerts(void **state)
{
	struct aisec_store *s = open_ws();
	struct aisec_store_evidence e = {.system = "ev-1",
					 .kind = "lineage",
					 .path = "evidence/l",
					 .status = "missing"};
	struct aisec_store_evidence *ev;
	struct aisec_store_result r = {.system = "ev-1",
				       .kind = "probe",
				       .name = "evasion",
				       .status = "fail",
				       .json = "{\"ok\":false}"};
	struct aisec_store_result *rs;
	struct aisec_store_alert a = {.system = "ev-1",
				      .source = "monitor:drift",
				      .severity = "warning",
				      .text = "drift 0.4 > 0.2"};
	struct aisec_store_alert *al;
	struct aisec_error err;
	int64_t id;
	size_t n;

	(void)state;
	put(s, "ev-1", "x\n");
	assert_int_equal(aisec_store_evidence_put(s, &e, &err), 0);
	e.status = "verified";
	e.verified_at = "2026-12-05T10:00:00Z";
	assert_int_equal(aisec_store_evidence_put(s, &e, &err), 0);
	e.status = "fine";
	assert_int_equal(aisec_store_evidence_put(s, &e, &err),
			 AISEC_ERR_INVALID);
	assert_int_equal(aisec_store_evidence_list(s, "ev-1", &ev, &n, &err),
			 0);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].status, "verified");
	assert_string_equal(ev[0].verified_at, "2026-12-05T10:00:00Z");
	aisec_store_evidence_free(ev, n);

	assert_int_equal(aisec_store_result_add(s, &r, &id, &err), 0);
	r.kind = "monitor";
	r.status = "pass";
	assert_int_equal(aisec_store_result_add(s, &r, NULL, &err), 0);
	assert_int_equal(aisec_store_result_list(s, "ev-1", 0, &rs, &n, &err),
			 0);
	assert_int_equal(n, 2);
	assert_string_equal(rs[0].kind, "monitor");
	assert_string_equal(rs[1].json, "{\"ok\":false}");
	aisec_store_result_free(rs, n);

	assert_int_equal(aisec_store_alert_add(s, &a, &id, &err), 0);
	assert_int_equal(
	    aisec_store_alert_list(s, "ev-1", false, 0, &al, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(al[0].system, "ev-1");
	assert_string_equal(al[0].text, "drift 0.4 > 0.2");
	aisec_store_alert_free(al, n);
	assert_int_equal(aisec_store_alert_ack(s, id, &err), 0);
	assert_int_equal(
	    aisec_store_alert_list(s, "ev-1", false, 0, &al, &n, &err), 0);
	assert_int_equal(n, 0);
	aisec_store_alert_free(al, n);
	assert_int_equal(
	    aisec_store_alert_list(s, "ev-1", true, 0, &al, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_true(al[0].acknowledged);
	aisec_store_alert_free(al, n);
	assert_int_equal(aisec_store_alert_ack(s, 987654, &err),
			 AISEC_ERR_NOTFOUND);
	aisec_store_close(s);
}

/* The names of a page sorted by open risks (descending) on `today`. */
static void risk_order(struct aisec_store *s, const char *text,
		       const char *today, const char *first,
		       const char *second)
{
	struct aisec_store_query q = {.text = text,
				      .today = today,
				      .sort = AISEC_STORE_SORT_OPEN_RISKS,
				      .descending = true};
	struct aisec_store_page pg;
	struct aisec_error err;

	if (aisec_store_portfolio(s, &q, &pg, &err))
		fail_msg("portfolio: %s", err.msg);
	assert_int_equal(pg.n, 2);
	assert_string_equal(pg.rows[0].name, first);
	assert_string_equal(pg.rows[1].name, second);
	aisec_store_page_release(&pg);
}

/* The portfolio row of `name` against its newest assessment in the history
 * (a separate table): class, risks, gaps, evidence, deadline, count. */
static void row_matches_latest(struct aisec_store *s, const char *name,
			       int64_t accepted)
{
	struct aisec_store_query q = {.text = name, .today = "2027-01-01"};
	struct aisec_store_assessment *h = NULL;
	struct aisec_store_page pg;
	struct aisec_error err;
	size_t n = 0;

	if (aisec_store_portfolio(s, &q, &pg, &err) ||
	    aisec_store_assessment_history(s, name, &h, &n, &err))
		fail_msg("summary: %s", err.msg);
	assert_int_equal(pg.n, 1);
	assert_true(n > 0);
	assert_string_equal(pg.rows[0].klass, h[0].klass);
	assert_int_equal(pg.rows[0].assessments, (int64_t)n);
	assert_int_equal(pg.rows[0].gaps, h[0].gaps);
	assert_int_equal(pg.rows[0].open_risks[0] + pg.rows[0].open_risks[1] +
			     pg.rows[0].open_risks[2] + accepted,
			 h[0].risks[0] + h[0].risks[1] +
			     h[0].risks[2]);
	if (h[0].evidence)
		assert_string_equal(pg.rows[0].evidence, h[0].evidence);
	if (h[0].next_deadline)
		assert_string_equal(pg.rows[0].next_deadline,
				    h[0].next_deadline);
	else
		assert_null(pg.rows[0].next_deadline);
	aisec_store_assessments_free(h, n);
	aisec_store_page_release(&pg);
}

/*
 * The summary the store keeps on each system (what the portfolio pages
 * read through their indexes) after each kind of write: assessments, a
 * decision that accepts a risk, the day its acceptance lapses, evidence
 * and results.
 */
static void test_summary(void **state)
{
	struct aisec_store *s = open_ws();
	char *cv = findings_of("cv-screening", "2026-12-01", NULL);
	char *spam = findings_of("spam-filter", "2026-12-01", NULL);
	struct aisec_store_evidence e = {.system = "sm-a",
					 .kind = "lineage",
					 .path = "evidence/l",
					 .status = "verified",
					 .verified_at = "2026-12-05T10:00:00Z"};
	struct aisec_store_result r = {.system = "sm-a",
				       .kind = "probe",
				       .name = "evasion",
				       .status = "fail",
				       .json = "{}"};
	struct aisec_decision d = {.system = "sm-a",
				   .status = AISEC_DECISION_ACCEPTED,
				   .reason = "compensating control",
				   .expires = "2027-06-30",
				   .by = "test"};
	struct aisec_error err;
	char finding[200];
	json_t *doc;

	(void)state;
	put(s, "sm-a", "a\n");
	put(s, "sm-b", "b\n");
	record(s, "sm-a", spam, "2026-12-01T00:00:00Z");
	row_matches_latest(s, "sm-a", 0);
	/* a newer assessment replaces the row: class, counts, deadline */
	record(s, "sm-a", cv, "2026-12-02T00:00:00Z");
	record(s, "sm-b", cv, "2026-12-02T00:00:00Z");
	row_matches_latest(s, "sm-a", 0);
	row_matches_latest(s, "sm-b", 0);
	risk_order(s, "sm-", "2027-01-01", "sm-a", "sm-b");

	/* accepting one risk of sm-a lowers its count and moves it in the
	 * order the risks index gives */
	doc = json_loads(cv, 0, NULL);
	assert_non_null(doc);
	snprintf(finding, sizeof(finding), "risk/%s",
		 json_string_value(json_object_get(
		     json_array_get(json_object_get(doc, "risks"), 0),
		     "threat")));
	json_decref(doc);
	d.finding = finding;
	assert_int_equal(aisec_store_decide(s, &d, NULL, &err), 0);
	row_matches_latest(s, "sm-a", 1);
	risk_order(s, "sm-", "2027-01-01", "sm-b", "sm-a");
	/* the day after it lapses the risk counts again, and again not on an
	 * earlier day (the counts follow the date asked for, both ways) */
	risk_order(s, "sm-", "2027-07-01", "sm-a", "sm-b");
	risk_order(s, "sm-", "2027-06-30", "sm-b", "sm-a");

	/* evidence and results leave the summary as it was */
	assert_int_equal(aisec_store_evidence_put(s, &e, &err), 0);
	assert_int_equal(aisec_store_result_add(s, &r, NULL, &err), 0);
	row_matches_latest(s, "sm-a", 1);
	/* re-opening the finding restores the count */
	d.status = AISEC_DECISION_OPEN;
	d.reason = NULL;
	d.expires = NULL;
	assert_int_equal(aisec_store_decide(s, &d, NULL, &err), 0);
	row_matches_latest(s, "sm-a", 0);
	risk_order(s, "sm-", "2027-01-01", "sm-a", "sm-b");
	free(cv);
	free(spam);
	aisec_store_close(s);
}

/* The evidence status the portfolio shows for `name`. */
static void evidence_is(struct aisec_store *s, const char *name,
			const char *want)
{
	struct aisec_store_query q = {.text = name};
	struct aisec_store_page pg;
	struct aisec_error err;

	if (aisec_store_portfolio(s, &q, &pg, &err))
		fail_msg("portfolio: %s", err.msg);
	assert_int_equal(pg.n, 1);
	if (!want)
		assert_null(pg.rows[0].evidence);
	else if (!pg.rows[0].evidence ||
		 strcmp(pg.rows[0].evidence, want) != 0)
		fail_msg("%s: evidence %s, expected %s", name,
			 pg.rows[0].evidence ? pg.rows[0].evidence : "NULL",
			 want);
	aisec_store_page_release(&pg);
}

/* Record a verification of `e` with `status` at `at`; the column shows
 * `want` after it. */
static void verification(struct aisec_store *s, struct aisec_store_evidence *e,
			 const char *status, const char *at, const char *want)
{
	struct aisec_error err;

	e->status = (char *)status;
	e->verified_at = (char *)at;
	if (aisec_store_evidence_put(s, e, &err))
		fail_msg("evidence put: %s", err.msg);
	evidence_is(s, e->system, want);
}

/* A findings document declaring lineage evidence with `status`. */
static const char *findings_with_lineage(const char *status, char *buf,
					 size_t n)
{
	snprintf(buf, n,
		 "{\"schema\": \"aisec-findings/1\", \"as_of\": \"2026-12-01\","
		 " \"classification\": {\"class\": \"minimal\"},"
		 " \"evidence\": {\"lineage\": {\"status\": \"%s\","
		 " \"path\": \"evidence/l\"},"
		 " \"ledger\": {\"status\": \"verified\","
		 " \"path\": \"evidence/g\"},"
		 " \"probes\": {\"status\": \"not_declared\"}}}",
		 status);
	return buf;
}

/*
 * The portfolio's evidence column is the newest word on each kind of
 * evidence: a verification after an assessment replaces its status (a
 * broken one after a clean assessment shows broken, and the reverse), a
 * later assessment replaces the verification's, one recorded with an
 * earlier time does not.  The assessment's own summary never changes.
 */
static void test_evidence_column(void **state)
{
	struct aisec_store *s = open_ws();
	struct aisec_store_evidence e = {.system = "evc-a",
					 .kind = "lineage",
					 .path = "evidence/l"};
	struct aisec_store_assessment *h;
	struct aisec_error err;
	char doc[600];
	size_t n;

	(void)state;
	put(s, "evc-a", "a\n");
	put(s, "evc-never", "b\n");
	record(s, "evc-a", findings_with_lineage("verified", doc, sizeof(doc)),
	       "2026-12-02T00:00:00Z");
	evidence_is(s, "evc-a", "verified");
	verification(s, &e, "broken", "2026-12-03T00:00:00Z", "broken");
	verification(s, &e, "verified", "2026-12-04T00:00:00Z", "verified");
	/* a newer assessment finds it broken again: its word is newest */
	record(s, "evc-a", findings_with_lineage("broken", doc, sizeof(doc)),
	       "2026-12-05T00:00:00Z");
	evidence_is(s, "evc-a", "broken");
	verification(s, &e, "verified", "2026-12-06T00:00:00Z", "verified");
	/* an assessment imported with an earlier time does not override the
	 * later verification, but the other kinds are its own */
	record(s, "evc-a", findings_with_lineage("broken", doc, sizeof(doc)),
	       "2026-12-01T00:00:00Z");
	evidence_is(s, "evc-a", "verified");
	e.kind = "ledger";
	e.path = "evidence/g";
	verification(s, &e, "missing", "2026-12-07T00:00:00Z", "missing");
	/* each assessment keeps what it found */
	assert_int_equal(aisec_store_assessment_history(s, "evc-a", &h, &n, &err),
			 0);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].evidence, "broken");
	assert_string_equal(h[2].evidence, "verified");
	aisec_store_assessments_free(h, n);
	/* a system never assessed has no evidence column to update */
	e.system = "evc-never";
	assert_int_equal(aisec_store_evidence_put(s, &e, &err), 0);
	evidence_is(s, "evc-never", NULL);
	aisec_store_close(s);
}

static void page_at(bool readonly, const struct aisec_store_query *q,
		    struct aisec_store_page *pg)
{
	struct aisec_store *s = NULL;
	struct aisec_error err;

	if (aisec_store_open(where, readonly ? AISEC_STORE_READONLY : 0, &s,
			     &err) ||
	    aisec_store_portfolio(s, q, pg, &err))
		fail_msg("%s portfolio on %s: %s",
			 readonly ? "read-only" : "writable", q->today, err.msg);
	aisec_store_close(s);
}

static bool text_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/*
 * A read-only open gives the page a writable one gives on the same day,
 * also when a decision lapsed (or the day is before the one the counts
 * were stored on): it counts those systems without writing.
 */
static void test_readonly_counts(void **state)
{
	static const char *const days[] = {"2027-07-01", "2026-12-20",
					   "2027-08-01"};
	struct aisec_store_query qs[] = {
	    {.text = "ro-", .sort = AISEC_STORE_SORT_OPEN_RISKS,
	     .descending = true},
	    {.text = "ro-", .open_risks = true},
	    {.text = "ro-", .sort = AISEC_STORE_SORT_OPEN_RISKS, .limit = 1,
	     .offset = 1},
	    {.klass = "high-risk", .sort = AISEC_STORE_SORT_DEADLINE,
	     .descending = true, .limit = 1000},
	    {.sort = AISEC_STORE_SORT_CLASS, .limit = 1000},
	    {.sort = AISEC_STORE_SORT_ASSESSED, .descending = true,
	     .limit = 1000},
	};
	struct aisec_store *s = open_ws();
	char *cv = findings_of("cv-screening", "2026-12-01", NULL);
	char *spam = findings_of("spam-filter", "2026-12-01", NULL);
	struct aisec_decision d = {.status = AISEC_DECISION_ACCEPTED,
				   .reason = "compensating control",
				   .expires = "2027-06-30",
				   .by = "test"};
	struct aisec_store_page ro, rw;
	struct aisec_error err;
	char finding[200];
	json_t *doc, *e;
	size_t i;
	bool lapsed_shown = false;

	(void)state;
	put(s, "ro-a", "a\n");
	put(s, "ro-b", "b\n");
	put(s, "ro-c", "c\n");
	record(s, "ro-a", cv, "2026-12-02T00:00:00Z");
	record(s, "ro-b", cv, "2026-12-02T00:00:00Z");
	record(s, "ro-c", spam, "2026-12-02T00:00:00Z");
	/* every risk of ro-b accepted until 2027-06-30, one of ro-a */
	doc = json_loads(cv, 0, NULL);
	assert_non_null(doc);
	json_array_foreach(json_object_get(doc, "risks"), i, e)
	{
		snprintf(finding, sizeof(finding), "risk/%s",
			 json_string_value(json_object_get(e, "threat")));
		d.finding = finding;
		d.system = "ro-b";
		assert_int_equal(aisec_store_decide(s, &d, NULL, &err), 0);
		d.system = "ro-a";
		if (i == 0)
			assert_int_equal(aisec_store_decide(s, &d, NULL, &err),
					 0);
	}
	json_decref(doc);
	aisec_store_close(s);
	/* the counts are stored as of 2027-01-01 */
	qs[0].today = "2027-01-01";
	page_at(false, &qs[0], &rw);
	assert_int_equal(rw.n, 3);
	aisec_store_page_release(&rw);
	for (size_t di = 0; di < sizeof(days) / sizeof(days[0]); di++)
		for (size_t k = 0; k < sizeof(qs) / sizeof(qs[0]); k++) {
			qs[k].today = days[di];
			page_at(true, &qs[k], &ro);
			page_at(false, &qs[k], &rw);
			if (ro.total != rw.total || ro.n != rw.n)
				fail_msg("%s query %zu: read-only %zu of %zu "
					 "rows, writable %zu of %zu",
					 days[di], k, ro.n, ro.total, rw.n,
					 rw.total);
			for (size_t r = 0; r < ro.n; r++) {
				const struct aisec_store_row *a = &ro.rows[r],
							     *b = &rw.rows[r];

				if (strcmp(a->name, b->name) != 0 ||
				    memcmp(a->open_risks, b->open_risks,
					   sizeof(a->open_risks)) != 0 ||
				    a->gaps != b->gaps ||
				    a->assessments != b->assessments ||
				    !text_eq(a->klass, b->klass) ||
				    !text_eq(a->evidence, b->evidence) ||
				    !text_eq(a->next_deadline,
					     b->next_deadline) ||
				    !text_eq(a->last_assessed,
					     b->last_assessed))
					fail_msg("%s query %zu row %zu: "
						 "read-only '%s' %lld/%lld/%lld,"
						 " writable '%s' %lld/%lld/%lld",
						 days[di], k, r, a->name,
						 (long long)a->open_risks[2],
						 (long long)a->open_risks[1],
						 (long long)a->open_risks[0],
						 b->name,
						 (long long)b->open_risks[2],
						 (long long)b->open_risks[1],
						 (long long)b->open_risks[0]);
				if (k == 1 && strcmp(a->name, "ro-b") == 0)
					lapsed_shown = true;
			}
			aisec_store_page_release(&ro);
			aisec_store_page_release(&rw);
		}
	/* the lapsed acceptance put ro-b among those with open risks */
	assert_true(lapsed_shown);
	free(cv);
	free(spam);
}

/* Transactions: rollback drops a bulk load, commit keeps it. */
static void test_transactions(void **state)
{
	struct aisec_store *s = open_ws();
	struct aisec_store_system *sys;
	struct aisec_error err;

	(void)state;
	assert_int_equal(aisec_store_begin(s, &err), 0);
	put(s, "tx-gone", "x\n");
	assert_int_equal(aisec_store_rollback(s, &err), 0);
	assert_int_equal(aisec_store_system_get(s, "tx-gone", &sys, &err),
			 AISEC_ERR_NOTFOUND);
	assert_int_equal(aisec_store_begin(s, &err), 0);
	put(s, "tx-kept", "x\n");
	assert_int_equal(aisec_store_commit(s, &err), 0);
	assert_int_equal(aisec_store_system_get(s, "tx-kept", &sys, &err), 0);
	aisec_store_system_free(sys);
	assert_int_equal(aisec_store_commit(s, &err), AISEC_ERR_USAGE);
	aisec_store_close(s);
}

/* One handle per thread, several threads writing and reading at once. */
struct worker {
	int id;
	const char *json;
	int failures;
	char msg[AISEC_ERROR_MAX];
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct aisec_store *s = NULL;
	struct aisec_error err;

	if (aisec_store_open(where, 0, &s, &err)) {
		w->failures++;
		snprintf(w->msg, sizeof(w->msg), "%s", err.msg);
		return NULL;
	}
	for (int i = 0; i < 10; i++) {
		char name[32];
		struct aisec_store_query q = {.text = "thr-"};
		struct aisec_store_page pg;

		snprintf(name, sizeof(name), "thr-%d-%d", w->id, i);
		if (aisec_store_system_put(s, name, NULL, "x", 1, NULL, &err) ||
		    aisec_store_assessment_record(
			s, name, w->json, strlen(w->json), NULL, NULL, &err) ||
		    aisec_store_portfolio(s, &q, &pg, &err)) {
			w->failures++;
			snprintf(w->msg, sizeof(w->msg), "%s", err.msg);
			continue;
		}
		aisec_store_page_release(&pg);
	}
	aisec_store_close(s);
	return NULL;
}

static void test_threads(void **state)
{
	char *cv = findings_of("cv-screening", "2026-12-01", NULL);
	struct worker w[4];
	pthread_t th[4];
	struct aisec_store *s = open_ws();
	struct aisec_store_query q = {.text = "thr-"};
	struct aisec_store_page pg;
	struct aisec_error err;

	(void)state;
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){.id = i, .json = cv};
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		if (w[i].failures)
			fail_msg("thread %d: %s", i, w[i].msg);
	}
	assert_int_equal(aisec_store_portfolio(s, &q, &pg, &err), 0);
	assert_int_equal(pg.total, 40);
	aisec_store_page_release(&pg);
	aisec_store_close(s);
	free(cv);
}

/* SQLite files: migrations on open, a newer schema refused, read-only. */
static void test_sqlite_schema(void **state)
{
	char path[600];
	struct aisec_store *s = NULL;
	struct aisec_error err;
	sqlite3 *db;

	(void)state;
	snprintf(path, sizeof(path), "%s/schema.db", tmp);
	assert_int_equal(aisec_store_open(path, 0, &s, &err), AISEC_ERR_IO);
	assert_non_null(strstr(err.msg, "workspace init"));
	assert_int_equal(aisec_store_open(path, AISEC_STORE_CREATE, &s, &err),
			 0);
	assert_int_equal(aisec_store_schema_found(s), 0);
	aisec_store_close(s);
	assert_int_equal(aisec_store_open(path, 0, &s, &err), 0);
	assert_int_equal(aisec_store_schema_found(s),
			 AISEC_STORE_SCHEMA_VERSION);
	aisec_store_close(s);
	assert_int_equal(aisec_store_open(path, AISEC_STORE_READONLY, &s, &err),
			 0);
	assert_int_equal(
	    aisec_store_system_put(s, "ro", NULL, "x", 1, NULL, &err),
	    AISEC_ERR_USAGE);
	aisec_store_close(s);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "INSERT INTO schema_version VALUES (99, 'x')",
			 NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(aisec_store_open(path, 0, &s, &err),
			 AISEC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "schema version 99 is newer"));
	/* not a workspace */
	snprintf(path, sizeof(path), "%s/other.db", tmp);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(aisec_store_open(path, AISEC_STORE_READONLY, &s, &err),
			 AISEC_ERR_IO);
	assert_non_null(strstr(err.msg, "not an aisec workspace"));
}

/* EXPLAIN QUERY PLAN of a portfolio order, details joined. */
static void plan_of(sqlite3 *db, const char *cond, const char *order,
		    char *out, size_t n)
{
	char sql[400];
	sqlite3_stmt *st;
	size_t o = 0;

	snprintf(sql, sizeof(sql),
		 "EXPLAIN QUERY PLAN SELECT name, klass, evidence FROM systems"
		 "%s ORDER BY %s LIMIT 100",
		 cond, order);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
			 SQLITE_OK);
	out[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW && o < n)
		o += (size_t)snprintf(out + o, n - o, "%s; ",
				      (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
}

/*
 * Every order the portfolio offers, both ways, is an index scan (no sort of
 * the table); a schema-1 workspace gets the indexes on open (migration 2).
 */
static void test_sqlite_plans(void **state)
{
	static const char *const orders[] = {
	    "name", "name DESC", "class_rank, name", "class_rank DESC, name",
	    "open_critical, open_major, open_minor, name",
	    "open_critical DESC, open_major DESC, open_minor DESC, name",
	    "(next_deadline IS NULL), next_deadline, name",
	    "(next_deadline IS NULL), next_deadline DESC, name",
	    "(last_assessed IS NULL), last_assessed, name",
	    "(last_assessed IS NULL), last_assessed DESC, name"};
	static const char to_v1[] =
	    "DROP INDEX systems_class_desc; DROP INDEX systems_open_desc;"
	    " DROP INDEX systems_open_total; DROP INDEX systems_deadline_asc;"
	    " DROP INDEX systems_deadline_desc; DROP INDEX "
	    "systems_assessed_asc; DROP INDEX systems_assessed_desc;"
	    " CREATE INDEX systems_deadline ON systems (next_deadline, name);"
	    " CREATE INDEX systems_assessed ON systems (last_assessed, name);"
	    " DELETE FROM schema_version WHERE version = 2;";
	char path[600], plan[1000];
	struct aisec_store *s = NULL;
	struct aisec_error err;
	sqlite3 *db;

	(void)state;
	snprintf(path, sizeof(path), "%s/plans.db", tmp);
	assert_int_equal(aisec_store_open(path, AISEC_STORE_CREATE, &s, &err),
			 0);
	aisec_store_close(s);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (size_t i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
		plan_of(db, "", orders[i], plan, sizeof(plan));
		if (strstr(plan, "TEMP B-TREE") || !strstr(plan, "INDEX"))
			fail_msg("ORDER BY %s: %s", orders[i], plan);
	}
	/* the open-risks total reads an index, not the rows */
	plan_of(db, " WHERE open_total > 0", "name", plan, sizeof(plan));
	assert_null(strstr(plan, "TEMP B-TREE"));
	assert_int_equal(sqlite3_exec(db, to_v1, NULL, NULL, NULL), SQLITE_OK);
	plan_of(db, "", orders[3], plan, sizeof(plan));
	assert_non_null(strstr(plan, "TEMP B-TREE"));
	sqlite3_close(db);
	assert_int_equal(aisec_store_open(path, 0, &s, &err), 0);
	assert_int_equal(aisec_store_schema_found(s), 1);
	aisec_store_close(s);
	assert_int_equal(aisec_store_open(path, 0, &s, &err), 0);
	assert_int_equal(aisec_store_schema_found(s), 2);
	aisec_store_close(s);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	plan_of(db, "", orders[3], plan, sizeof(plan));
	assert_null(strstr(plan, "TEMP B-TREE"));
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_systems),
	    cmocka_unit_test(test_assessments_and_diff),
	    cmocka_unit_test(test_portfolio),
	    cmocka_unit_test(test_decisions),
	    cmocka_unit_test(test_decisions_file),
	    cmocka_unit_test(test_tokens),
	    cmocka_unit_test(test_evidence_results_alerts),
	    cmocka_unit_test(test_summary),
	    cmocka_unit_test(test_evidence_column),
	    cmocka_unit_test(test_readonly_counts),
	    cmocka_unit_test(test_transactions),
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_sqlite_schema),
	    cmocka_unit_test(test_sqlite_plans),
	};
	const char *url = getenv("AISEC_STORE_URL");
	struct aisec_error err;
	int rc;

	if (test_tmpdir_make(tmp, sizeof(tmp), "store") != 0)
		return 1;
	if (url && *url)
		snprintf(where, sizeof(where), "%s", url);
	else
		snprintf(where, sizeof(where), "%s/ws.db", tmp);
	if (!(cat = aisec_catalog_load_embedded(&err))) {
		fprintf(stderr, "catalog: %s\n", err.msg);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	aisec_catalog_free(cat);
	test_tmpdir_remove(tmp);
	return rc;
}
