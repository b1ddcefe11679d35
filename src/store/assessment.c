/*
 * assessment.c - assessments over time: recording the findings JSON of an
 * assessment (kept once per content), its summary (class, residual risks,
 * gaps, evidence, next deadline) copied onto the system for the portfolio,
 * the history of a system and what changed between two assessments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/internal.h"

/* What the portfolio and the history show of one findings document. */
struct summary {
	const char *klass, *as_of, *catalog;
	int64_t risks[4]; /* by store_level_rank */
	int64_t gaps;
	const char *evidence;
	char deadline[11];
	struct aisec_buf
	    findings; /* "risk/x=critical;gap/requirement/y=gap;" */
};

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void earlier(char deadline[11], const char *as_of, const char *date)
{
	if (!date || !as_of || strlen(date) != 10 || strcmp(date, as_of) <= 0)
		return;
	if (!deadline[0] || strcmp(date, deadline) < 0)
		snprintf(deadline, 11, "%s", date);
}

static int class_rank(const char *k)
{
	static const char *const order[] = {
	    "prohibited", "high-risk", "limited",     "gpai-model-systemic",
	    "gpai-model", "minimal",   "out-of-scope"};

	for (size_t i = 0; k && i < sizeof(order) / sizeof(order[0]); i++)
		if (strcmp(k, order[i]) == 0)
			return (int)i;
	return 98;
}

static const char *const evidence_worst[] = {"broken", "missing",
					     "unverified", "verified"};

/* Index of an evidence status in evidence_worst[]; 4 (counts for nothing)
 * for "not_declared" and anything else. */
static int evidence_rank(const char *st)
{
	for (int i = 0; st && i < 4; i++)
		if (strcmp(st, evidence_worst[i]) == 0)
			return i;
	return 4;
}

/* The worst evidence status: broken, missing, unverified, verified, none. */
static const char *evidence_of(json_t *doc)
{
	json_t *ev = json_object_get(doc, "evidence"), *e;
	const char *key;
	int best = 4, r;

	json_object_foreach(ev, key, e)
	{
		if ((r = evidence_rank(jstr(e, "status"))) < best)
			best = r;
	}
	return best < 4 ? evidence_worst[best] : "none";
}

/*
 * The system's evidence column: for each evidence kind, the newer of the
 * latest assessment's status (`assessed`, its "evidence" object, recorded
 * at `at`) and the last verification recorded since (aisec_store_evidence_
 * put; a verification of the same second counts as newer), then the worst
 * of them.  *out is a static string.
 */
static int evidence_merged(struct aisec_store *s, const char *sysid,
			   json_t *assessed, const char *at, const char **out,
			   struct aisec_error *err)
{
	static const char q[] =
	    "SELECT v.kind, v.status, v.ts FROM evidence v WHERE v.system_id = ?"
	    " AND v.id = (SELECT max(w.id) FROM evidence w WHERE w.system_id = "
	    "v.system_id AND w.kind = v.kind AND w.path = v.path)";
	struct store_res r;
	const char *kind;
	json_t *e;
	int best = 4, rc;

	if ((rc = store_q(s, q, &sysid, 1, &r, err)))
		return rc;
	json_object_foreach(assessed, kind, e)
	{
		const char *st = jstr(e, "status"), *t = at;

		for (size_t i = 0; i < r.nrows; i++)
			if (strcmp(store_cell(&r, i, 0), kind) == 0 &&
			    strcmp(store_cell(&r, i, 2), t) >= 0) {
				st = store_cell(&r, i, 1);
				t = store_cell(&r, i, 2);
			}
		if (evidence_rank(st) < best)
			best = evidence_rank(st);
	}
	/* a kind the assessment did not list: its newest verification, when
	 * newer than the assessment */
	for (size_t i = 0; i < r.nrows; i++) {
		const char *k = store_cell(&r, i, 0), *t = store_cell(&r, i, 2);
		bool newest = strcmp(t, at) >= 0 && !json_object_get(assessed, k);

		for (size_t j = 0; newest && j < r.nrows; j++)
			if (j != i && strcmp(store_cell(&r, j, 0), k) == 0 &&
			    strcmp(store_cell(&r, j, 2), t) > 0)
				newest = false;
		if (newest && evidence_rank(store_cell(&r, i, 1)) < best)
			best = evidence_rank(store_cell(&r, i, 1));
	}
	store_res_free(&r);
	*out = best < 4 ? evidence_worst[best] : "none";
	return 0;
}

int store_evidence_refresh(struct aisec_store *s, const char *sysid,
			   struct aisec_error *err)
{
	static const char q_latest[] =
	    "SELECT a.ts, b.body FROM systems y JOIN assessments a ON a.id = "
	    "y.latest_id JOIN blobs b ON b.digest = a.findings WHERE y.id = ?";
	static const char q_upd[] =
	    "UPDATE systems SET evidence = ? WHERE id = ?";
	struct store_res r;
	const char *ev;
	json_t *doc = NULL;
	int rc;

	if ((rc = store_q(s, q_latest, &sysid, 1, &r, err)))
		return rc;
	if (!r.nrows) /* never assessed: no column to update */
		goto out;
	if (!(doc = json_loads(store_cell(&r, 0, 1), 0, NULL))) {
		rc = aisec_error_set(err, AISEC_ERR_INTEGRITY,
				     "stored findings are not JSON");
		goto out;
	}
	if (!(rc = evidence_merged(s, sysid, json_object_get(doc, "evidence"),
				   store_cell(&r, 0, 0), &ev, err))) {
		const char *p[] = {ev, sysid};

		rc = store_q(s, q_upd, p, 2, NULL, err);
	}
out:
	json_decref(doc);
	store_res_free(&r);
	return rc;
}

static int summarise(const char *system, json_t *doc, struct summary *sm,
		     struct aisec_error *err)
{
	json_t *cls = json_object_get(doc, "classification"), *e;
	const char *schema = jstr(doc, "schema");
	size_t i;

	memset(sm, 0, sizeof(*sm));
	aisec_buf_init(&sm->findings, 0);
	if (!json_is_object(doc) || !schema ||
	    strncmp(schema, "aisec-findings/", 15) != 0 || !json_is_object(cls))
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "system '%s': not an aisec findings document (schema "
		    "'aisec-findings/1')",
		    system);
	sm->klass = jstr(cls, "class");
	sm->as_of = jstr(doc, "as_of");
	sm->catalog = jstr(json_object_get(doc, "catalog"), "version");
	if (!sm->klass || !sm->as_of)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "system '%s': findings without "
				       "classification.class or as_of",
				       system);
	json_array_foreach(json_object_get(doc, "risks"), i, e)
	{
		const char *threat = jstr(e, "threat");
		const char *level = jstr(
		    json_object_get(json_object_get(e, "residual"), "risk"),
		    "level");

		if (!threat || !level)
			continue;
		sm->risks[store_level_rank(level, strlen(level))]++;
		aisec_buf_addf(&sm->findings, "risk/%s=%s;", threat, level);
	}
	json_array_foreach(json_object_get(doc, "coverage"), i, e)
	{
		const char *st = jstr(e, "status"), *kind = jstr(e, "kind"),
			   *id = jstr(e, "id");

		if (!st || strcmp(st, "gap") != 0 || !kind || !id)
			continue;
		sm->gaps++;
		aisec_buf_addf(&sm->findings, "gap/%s/%s=gap;", kind, id);
	}
	sm->evidence = evidence_of(doc);
	earlier(sm->deadline, sm->as_of, jstr(cls, "applies_from"));
	json_array_foreach(json_object_get(cls, "prohibited_from"), i, e)
	    earlier(sm->deadline, sm->as_of, jstr(e, "applies_from"));
	json_array_foreach(json_object_get(cls, "transparency"), i, e)
	    earlier(sm->deadline, sm->as_of, jstr(e, "applies_from"));
	json_array_foreach(json_object_get(doc, "requirements"), i, e)
	    earlier(sm->deadline, sm->as_of, jstr(e, "applies_from"));
	if (sm->findings.len && !sm->findings.data)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	return 0;
}

int aisec_store_assessment_record(struct aisec_store *s, const char *system,
				  const char *findings_json, size_t len,
				  const char *at, int64_t *seqp,
				  struct aisec_error *err)
{
	static const char q_sys[] = "SELECT id, assessments, profile_digest "
				    "FROM systems WHERE name = ?";
	static const char q_blob[] = "INSERT INTO blobs (digest, body) VALUES "
				     "(?, ?) ON CONFLICT (digest) DO NOTHING";
	static const char q_ins[] =
	    "INSERT INTO assessments (system_id, seq, ts, as_of, "
	    "catalog_version, profile_digest,"
	    " klass, r_minor, r_major, r_critical, gaps, evidence, "
	    "next_deadline, findings)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
	static const char q_upd[] = "UPDATE systems SET assessments = ?, "
				    "latest_id = ?, klass = ?, class_rank = ?,"
				    " evidence = ?, next_deadline = ?, "
				    "last_assessed = ?, latest_findings = ?"
				    " WHERE id = ?";
	struct store_res r = {0}, ins = {0};
	struct summary sm;
	json_t *doc = NULL;
	json_error_t jerr;
	char digest[72], now[21], today[11], n[7][24], *text = NULL;
	const char *evidence;
	int64_t seq;
	int rc;

	memset(&sm, 0, sizeof(sm));
	aisec_buf_init(&sm.findings, 0);
	if ((rc = store_check_writable(s, err)))
		return rc;
	if (at && !store_time_valid(at))
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "time '%s': expected YYYY-MM-DDTHH:MM:SSZ", at);
	if (!(doc = json_loadb(findings_json, len, JSON_REJECT_DUPLICATES,
			       &jerr))) {
		rc = aisec_error_set(err, AISEC_ERR_PARSE,
				     "system '%s': findings JSON line %d: %s",
				     system, jerr.line, jerr.text);
		goto out;
	}
	if ((rc = summarise(system, doc, &sm, err)) ||
	    (rc = store_sha256(findings_json, len, digest, err)))
		goto out;
	if (!(text = strndup(findings_json, len))) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	store_now(now);
	store_today(today);
	if (!at)
		at = now;
	if ((rc = store_tx_begin(s, err)))
		goto out;
	if ((rc = store_q(s, q_sys, &system, 1, &r, err)))
		goto tx;
	if (!r.nrows) {
		rc = aisec_error_set(err, AISEC_ERR_NOTFOUND,
				     "system '%s': not in the workspace",
				     system);
		goto tx;
	}
	/* a verification recorded after `at` (an import of an older run)
	 * stays the newer word on its evidence */
	if ((rc = evidence_merged(s, store_cell(&r, 0, 0),
				  json_object_get(doc, "evidence"), at,
				  &evidence, err)))
		goto tx;
	seq = store_cell_int(&r, 0, 1) + 1;
	snprintf(n[0], 24, "%lld", (long long)seq);
	for (int l = 0; l < 3; l++)
		snprintf(n[1 + l], 24, "%lld", (long long)sm.risks[l + 1]);
	snprintf(n[4], 24, "%lld", (long long)sm.gaps);
	snprintf(n[5], 24, "%d", class_rank(sm.klass));
	{
		const char *pb[] = {digest, text};
		const char *pi[] = {store_cell(&r, 0, 0),
				    n[0],
				    at,
				    sm.as_of,
				    sm.catalog,
				    store_cell(&r, 0, 2),
				    sm.klass,
				    n[1],
				    n[2],
				    n[3],
				    n[4],
				    sm.evidence,
				    sm.deadline[0] ? sm.deadline : NULL,
				    digest};

		if ((rc = store_q(s, q_blob, pb, 2, NULL, err)) ||
		    (rc = store_q(s, q_ins, pi, 14, &ins, err)))
			goto tx;
	}
	{
		const char *pu[] = {n[0],
				    store_cell(&ins, 0, 0),
				    sm.klass,
				    n[5],
				    evidence,
				    sm.deadline[0] ? sm.deadline : NULL,
				    at,
				    sm.findings.data ? sm.findings.data : "",
				    store_cell(&r, 0, 0)};

		if ((rc = store_q(s, q_upd, pu, 9, NULL, err)))
			goto tx;
	}
	rc = store_recount(s, store_cell(&r, 0, 0), today, err);
	if (!rc && seqp)
		*seqp = seq;
tx:
	rc = store_tx_end(s, rc, err);
out:
	store_res_free(&r);
	store_res_free(&ins);
	aisec_buf_release(&sm.findings);
	json_decref(doc);
	free(text);
	return rc;
}

#define ASSESSMENT_COLUMNS                                                     \
	"SELECT a.id, a.seq, a.ts, a.as_of, a.catalog_version, "               \
	"a.profile_digest, a.klass,"                                           \
	" a.r_minor, a.r_major, a.r_critical, a.gaps, a.evidence, "            \
	"a.next_deadline"

static void fill(struct aisec_store_assessment *a, const char *system,
		 const struct store_res *r, size_t i, bool *oom)
{
	a->id = store_cell_int(r, i, 0);
	a->seq = store_cell_int(r, i, 1);
	if (!(a->system = strdup(system)))
		*oom = true;
	a->at = store_cell_dup(r, i, 2, oom);
	a->as_of = store_cell_dup(r, i, 3, oom);
	a->catalog_version = store_cell_dup(r, i, 4, oom);
	a->profile_digest = store_cell_dup(r, i, 5, oom);
	a->klass = store_cell_dup(r, i, 6, oom);
	for (int l = 0; l < 3; l++)
		a->risks[l] = store_cell_int(r, i, 7 + (size_t)l);
	a->gaps = store_cell_int(r, i, 10);
	a->evidence = store_cell_dup(r, i, 11, oom);
	a->next_deadline = store_cell_dup(r, i, 12, oom);
}

static void release(struct aisec_store_assessment *a)
{
	free(a->system);
	free(a->at);
	free(a->as_of);
	free(a->catalog_version);
	free(a->profile_digest);
	free(a->klass);
	free(a->evidence);
	free(a->next_deadline);
	free(a->findings);
}

int aisec_store_assessment_history(struct aisec_store *s, const char *system,
				   struct aisec_store_assessment **out,
				   size_t *n, struct aisec_error *err)
{
	static const char q[] = ASSESSMENT_COLUMNS
	    " FROM assessments a WHERE a.system_id = ? ORDER BY a.seq DESC";
	struct store_res r;
	char id[24];
	bool oom = false;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_system_id(s, system, NULL, id, err)))
		return rc;
	{
		const char *p[] = {id};

		if ((rc = store_q(s, q, p, 1, &r, err)))
			return rc;
	}
	if (r.nrows && !(*out = calloc(r.nrows, sizeof(**out))))
		oom = true;
	for (size_t i = 0; !oom && i < r.nrows; i++)
		fill(&(*out)[(*n)++], system, &r, i, &oom);
	store_res_free(&r);
	if (oom) {
		aisec_store_assessments_free(*out, *n);
		*out = NULL;
		*n = 0;
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	return 0;
}

int aisec_store_assessment_get(struct aisec_store *s, const char *system,
			       int64_t seq, struct aisec_store_assessment **out,
			       struct aisec_error *err)
{
	static const char q_seq[] =
	    ASSESSMENT_COLUMNS ", b.body FROM assessments a JOIN blobs b"
			       " ON b.digest = a.findings WHERE a.system_id = ?"
			       " AND a.seq = ?";
	static const char q_last[] =
	    ASSESSMENT_COLUMNS ", b.body FROM assessments a JOIN blobs b"
			       " ON b.digest = a.findings WHERE a.system_id = ?"
			       " ORDER BY a.seq DESC LIMIT 1";
	struct aisec_store_assessment *a;
	struct store_res r;
	char id[24], sq[24];
	bool oom = false;
	int rc;

	*out = NULL;
	if ((rc = store_system_id(s, system, NULL, id, err)))
		return rc;
	snprintf(sq, sizeof(sq), "%lld", (long long)seq);
	{
		const char *p[] = {id, sq};

		if ((rc = store_q(s, seq > 0 ? q_seq : q_last, p,
				  seq > 0 ? 2 : 1, &r, err)))
			return rc;
	}
	if (!r.nrows) {
		store_res_free(&r);
		if (seq > 0)
			return aisec_error_set(
			    err, AISEC_ERR_NOTFOUND,
			    "system '%s': no assessment %lld", system,
			    (long long)seq);
		return aisec_error_set(
		    err, AISEC_ERR_NOTFOUND,
		    "system '%s': not assessed yet (run 'aisec workspace "
		    "assess %s')",
		    system, system);
	}
	if (!(a = calloc(1, sizeof(*a)))) {
		store_res_free(&r);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	fill(a, system, &r, 0, &oom);
	a->findings = store_cell_dup(&r, 0, 13, &oom);
	a->findings_len = a->findings ? strlen(a->findings) : 0;
	store_res_free(&r);
	if (oom) {
		aisec_store_assessment_free(a);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	*out = a;
	return 0;
}

void aisec_store_assessment_free(struct aisec_store_assessment *a)
{
	if (!a)
		return;
	release(a);
	free(a);
}

void aisec_store_assessments_free(struct aisec_store_assessment *a, size_t n)
{
	for (size_t i = 0; a && i < n; i++)
		release(&a[i]);
	free(a);
}

/* ---- diff -------------------------------------------------------------------
 */

/* {finding: level} of the risks and [gap findings] of a summary. */
static json_t *findings_map(const struct summary *sm, const char *prefix)
{
	json_t *m = json_object();
	const char *cur = sm->findings.data, *f, *lv;
	size_t fl, ll, pl = strlen(prefix);

	while (m && store_findings_next(&cur, &f, &fl, &lv, &ll)) {
		char key[256], val[16];

		if (fl < pl || memcmp(f, prefix, pl) != 0 ||
		    fl >= sizeof(key) || ll >= sizeof(val))
			continue;
		memcpy(key, f, fl);
		key[fl] = '\0';
		memcpy(val, lv, ll);
		val[ll] = '\0';
		json_object_set_new(m, key, json_string(val));
	}
	return m;
}

static json_t *from_to(const char *a, const char *b)
{
	if ((!a && !b) || (a && b && strcmp(a, b) == 0))
		return json_null();
	return json_pack("{s:s?,s:s?}", "from", a, "to", b);
}

static int diff_json(const char *system, const struct aisec_store_assessment *a,
		     const struct summary *sa,
		     const struct aisec_store_assessment *b,
		     const struct summary *sb, struct aisec_buf *out,
		     struct aisec_error *err)
{
	json_t *ra = findings_map(sa, "risk/"), *rb = findings_map(sb, "risk/");
	json_t *ga = findings_map(sa, "gap/"), *gb = findings_map(sb, "gap/");
	json_t *risks = json_array(), *added = json_array(),
	       *removed = json_array(), *doc = NULL;
	const char *key;
	json_t *v;
	char *txt = NULL;
	int rc = AISEC_ERR_NOMEM;

	if (!ra || !rb || !ga || !gb || !risks || !added || !removed)
		goto out;
	json_object_foreach(rb, key, v)
	{
		const char *old = json_string_value(json_object_get(ra, key));

		if (!old || strcmp(old, json_string_value(v)) != 0)
			json_array_append_new(
			    risks,
			    json_pack("{s:s,s:s?,s:s}", "finding", key, "from",
				      old, "to", json_string_value(v)));
	}
	json_object_foreach(ra, key, v) if (!json_object_get(rb, key))
	    json_array_append_new(risks, json_pack("{s:s,s:s,s:n}", "finding",
						   key, "from",
						   json_string_value(v), "to"));
	json_object_foreach(gb, key, v) if (!json_object_get(ga, key))
	    json_array_append_new(added, json_string(key));
	json_object_foreach(ga, key, v) if (!json_object_get(gb, key))
	    json_array_append_new(removed, json_string(key));
	doc = json_pack("{s:s,s:I,s:I,s:o,s:O,s:{s:O,s:O},s:o,s:o,s:o}",
			"system", system, "from", (json_int_t)a->seq, "to",
			(json_int_t)b->seq, "class",
			from_to(sa->klass, sb->klass), "risks", risks, "gaps",
			"added", added, "removed", removed, "evidence",
			from_to(sa->evidence, sb->evidence), "catalog",
			from_to(sa->catalog, sb->catalog), "as_of",
			from_to(sa->as_of, sb->as_of));
	if (doc &&
	    (txt = json_dumps(doc, JSON_PRESERVE_ORDER | JSON_INDENT(2))))
		rc = aisec_buf_adds(out, txt) < 0 ? AISEC_ERR_NOMEM
						  : aisec_buf_addch(out, '\n');
out:
	free(txt);
	json_decref(doc);
	json_decref(ra);
	json_decref(rb);
	json_decref(ga);
	json_decref(gb);
	json_decref(risks);
	json_decref(added);
	json_decref(removed);
	if (rc < 0)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	return 0;
}

int aisec_store_assessment_diff(struct aisec_store *s, const char *system,
				int64_t a, int64_t b, struct aisec_buf *out,
				struct aisec_error *err)
{
	struct aisec_store_assessment *aa = NULL, *bb = NULL;
	struct summary sa, sb;
	json_t *da = NULL, *db = NULL;
	int rc;

	memset(&sa, 0, sizeof(sa));
	memset(&sb, 0, sizeof(sb));
	aisec_buf_init(&sa.findings, 0);
	aisec_buf_init(&sb.findings, 0);
	if (a < 0 || b < 0)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "assessment numbers start at 1");
	if ((rc = aisec_store_assessment_get(s, system, b, &bb, err)))
		goto out;
	if (!a && bb->seq < 2) {
		rc = aisec_error_set(
		    err, AISEC_ERR_NOTFOUND,
		    "system '%s': only one assessment, nothing to compare with",
		    system);
		goto out;
	}
	if ((rc = aisec_store_assessment_get(s, system, a ? a : bb->seq - 1,
					     &aa, err)))
		goto out;
	da = json_loadb(aa->findings, aa->findings_len, 0, NULL);
	db = json_loadb(bb->findings, bb->findings_len, 0, NULL);
	if (!da || !db) {
		rc = aisec_error_set(
		    err, AISEC_ERR_INTEGRITY,
		    "system '%s': stored findings do not parse", system);
		goto out;
	}
	if ((rc = summarise(system, da, &sa, err)) ||
	    (rc = summarise(system, db, &sb, err)))
		goto out;
	rc = diff_json(system, aa, &sa, bb, &sb, out, err);
out:
	aisec_buf_release(&sa.findings);
	aisec_buf_release(&sb.findings);
	json_decref(da);
	json_decref(db);
	aisec_store_assessment_free(aa);
	aisec_store_assessment_free(bb);
	return rc;
}
