/*
 * api.c - the JSON REST API of `aisec serve` (/api/...): the portfolio,
 * systems, assessments with their findings, diffs, findings with their
 * current decisions and gate, decisions (read and record), evidence,
 * results and the catalog.  Described by the OpenAPI document (openapi.c).
 * Reads are open to every role; recording a decision needs editor or admin
 * (server.c answers 403 before this file is reached).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "core/core.h"
#include "report/report.h"
#include "serve/serve.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int send_json(struct serve_ctx *c, json_t *v)
{
	char *s;
	int ret;

	if (!v)
		return serve_fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				  "out of memory");
	s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(v);
	if (!s)
		return serve_fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				  "out of memory");
	c->ctype = "application/json";
	ret = aisec_buf_adds(&c->out, s);
	free(s);
	return ret ? ret : aisec_buf_addch(&c->out, '\n');
}

static json_t *risks3(const int64_t r[3])
{
	return json_pack("{s:I, s:I, s:I}", "critical",
			 (json_int_t)r[AISEC_STORE_CRITICAL], "major",
			 (json_int_t)r[AISEC_STORE_MAJOR], "minor",
			 (json_int_t)r[AISEC_STORE_MINOR]);
}

static json_t *decision_json(const struct aisec_decision *d)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
			 (json_int_t)d->id, "finding", d->finding, "status",
			 aisec_decision_status_name(d->status), "reason",
			 str_or_null(d->reason), "owner", str_or_null(d->owner),
			 "expires", str_or_null(d->expires), "by",
			 str_or_null(d->by), "at", str_or_null(d->at));
}

/* A query number in [min, max]; `def` when absent; -1 when malformed. */
static int query_num(struct serve_ctx *c, const char *key, uint64_t min,
		     uint64_t max, uint64_t def, uint64_t *out)
{
	const char *v = serve_query(c, key);

	*out = def;
	if (!v || !*v)
		return 0;
	if (aisec_parse_u64(v, out) != 0 || *out < min || *out > max) {
		serve_fail(c, MHD_HTTP_BAD_REQUEST,
			   "query '%s': expected a number from %llu to %llu",
			   key, (unsigned long long)min,
			   (unsigned long long)max);
		return -1;
	}
	return 0;
}

/* 0 when the system of the path is in the workspace, else the error (404). */
static int known_system(struct serve_ctx *c, struct aisec_error *err)
{
	struct aisec_store_system *s = NULL;
	int ret = aisec_store_system_get(c->st, c->m.system, &s, err);

	aisec_store_system_free(s);
	return ret;
}

/* `"key":value` for n string members (NULL: null), comma-separated. */
static int json_strs(struct aisec_buf *o, const char *const *keys,
		     const char *const *vals, size_t n)
{
	int ret = 0;

	for (size_t i = 0; ret == 0 && i < n; i++) {
		ret = aisec_buf_addf(o, "%s\"%s\":", i ? "," : "", keys[i]);
		if (ret == 0)
			ret = serve_json_str(o, vals[i]);
	}
	return ret;
}

/*
 * The portfolio as JSON, written straight into the answer: the rows come
 * from one index scan in the store, and building a jansson document of them
 * cost four times the query (callgrind, 100 rows).
 */
static int api_systems(struct serve_ctx *c)
{
	struct aisec_store_query q;
	struct aisec_store_page pg;
	struct aisec_error err;
	struct aisec_buf *o = &c->out;
	uint64_t limit, offset;
	char msg[200];
	int ret;

	if (serve_portfolio_query(c, &q, msg, sizeof(msg)) != 0)
		return serve_fail(c, MHD_HTTP_BAD_REQUEST, "%s", msg);
	if (query_num(c, "limit", 1, 1000, 100, &limit) != 0 ||
	    query_num(c, "offset", 0, 100000000, 0, &offset) != 0)
		return 0;
	q.limit = (size_t)limit;
	q.offset = (size_t)offset;
	ret = aisec_store_portfolio(c->st, &q, &pg, &err);
	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	c->ctype = "application/json";
	ret = aisec_buf_addf(o,
			     "{\"total\":%zu,\"offset\":%llu,\"limit\":%llu,"
			     "\"systems\":[",
			     pg.total, (unsigned long long)offset,
			     (unsigned long long)limit);
	for (size_t i = 0; ret == 0 && i < pg.n; i++) {
		const struct aisec_store_row *r = &pg.rows[i];
		const char *const head[] = {r->name, r->klass},
				  *const tail[] = {r->evidence, r->next_deadline,
						   r->last_assessed};

		ret = aisec_buf_adds(o, i ? ",{" : "{");
		if (ret == 0)
			ret = json_strs(o, (const char *const[]){"name", "class"},
					head, 2);
		if (ret == 0)
			ret = aisec_buf_addf(
			    o,
			    ",\"open_risks\":{\"critical\":%lld,\"major\":%lld,"
			    "\"minor\":%lld},\"gaps\":%lld,",
			    (long long)r->open_risks[AISEC_STORE_CRITICAL],
			    (long long)r->open_risks[AISEC_STORE_MAJOR],
			    (long long)r->open_risks[AISEC_STORE_MINOR],
			    (long long)r->gaps);
		if (ret == 0)
			ret = json_strs(o,
					(const char *const[]){
					    "evidence", "next_deadline",
					    "last_assessed"},
					tail, 3);
		if (ret == 0)
			ret = aisec_buf_addf(o, ",\"assessments\":%lld}",
					     (long long)r->assessments);
	}
	if (ret == 0)
		ret = aisec_buf_adds(o, "]}\n");
	aisec_store_page_release(&pg);
	return ret;
}

static int api_system(struct serve_ctx *c)
{
	struct aisec_store_system *s = NULL;
	struct aisec_error err;
	json_t *o;
	int ret = aisec_store_system_get(c->st, c->m.system, &s, &err);

	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	o = json_pack("{s:s, s:o, s:s, s:s, s:s, s:I, s:s%}", "name", s->name,
		      "profile_file", str_or_null(s->profile_file),
		      "profile_digest", s->profile_digest, "created",
		      s->created, "updated", s->updated, "assessments",
		      (json_int_t)s->assessments, "profile", s->profile,
		      s->profile_len);
	aisec_store_system_free(s);
	return send_json(c, o);
}

static json_t *assessment_json(const struct aisec_store_assessment *a)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:I, s:o, s:o}",
			 "seq", (json_int_t)a->seq, "at", a->at, "as_of",
			 a->as_of, "catalog_version", a->catalog_version,
			 "profile_digest", str_or_null(a->profile_digest),
			 "class", a->klass, "risks", risks3(a->risks), "gaps",
			 (json_int_t)a->gaps, "evidence",
			 str_or_null(a->evidence), "next_deadline",
			 str_or_null(a->next_deadline));
}

static int api_assessments(struct serve_ctx *c)
{
	struct aisec_store_assessment *a = NULL;
	struct aisec_error err;
	size_t n = 0;
	json_t *arr;
	int ret = known_system(c, &err);

	if (ret == 0)
		ret = aisec_store_assessment_history(c->st, c->m.system, &a, &n,
						     &err);
	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, assessment_json(&a[i]));
	aisec_store_assessments_free(a, n);
	return send_json(c, json_pack("{s:s, s:o}", "system", c->m.system,
				      "assessments", arr));
}

static int api_assessment(struct serve_ctx *c)
{
	struct aisec_store_assessment *a = NULL;
	struct aisec_error err;
	json_t *o, *doc;
	int ret =
	    aisec_store_assessment_get(c->st, c->m.system, c->m.seq, &a, &err);

	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	doc = json_loadb(a->findings, a->findings_len, 0, NULL);
	o = assessment_json(a);
	aisec_store_assessment_free(a);
	if (!doc) {
		json_decref(o);
		return serve_fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				  "stored findings are not JSON");
	}
	json_object_set_new(o, "findings", doc);
	return send_json(c, o);
}

static int api_diff(struct serve_ctx *c)
{
	struct aisec_buf b;
	struct aisec_error err;
	uint64_t from, to;
	int ret;

	if (query_num(c, "from", 1, 999999999, 0, &from) != 0 ||
	    query_num(c, "to", 1, 999999999, 0, &to) != 0)
		return 0;
	aisec_buf_init(&b, 0);
	ret = aisec_store_assessment_diff(c->st, c->m.system, (int64_t)from,
					  (int64_t)to, &b, &err);
	if (ret != 0) {
		aisec_buf_release(&b);
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	}
	c->ctype = "application/json";
	ret = aisec_buf_add(&c->out, b.data, b.len);
	aisec_buf_release(&b);
	return ret;
}

static const struct aisec_decision *
find_decision(const struct aisec_decision *d, size_t n, const char *finding)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(d[i].finding, finding) == 0)
			return &d[i];
	return NULL;
}

/* The findings of the latest assessment, each with its current decision, and
 * the gate. */
static int api_findings(struct serve_ctx *c)
{
	struct aisec_store_system *sys = NULL;
	struct aisec_store_assessment *a = NULL;
	struct aisec_decision *d = NULL;
	struct aisec_error err;
	struct aisec_buf why;
	const char *gate = serve_query(c, "gate");
	size_t nd = 0, i;
	json_t *doc = NULL, *out = NULL, *list, *v;
	int ret, hit = 0, k;

	aisec_buf_init(&why, 1 << 20);
	if (!gate || !*gate)
		gate = "risk:major";
	for (k = 0; serve_gates[k] && strcmp(serve_gates[k], gate) != 0; k++)
		;
	if (!serve_gates[k]) {
		aisec_buf_release(&why);
		return serve_fail(c, MHD_HTTP_BAD_REQUEST,
				  "query 'gate': expected risk:minor, "
				  "risk:major, risk:critical, "
				  "high-risk or prohibited");
	}
	if ((ret = aisec_store_system_get(c->st, c->m.system, &sys, &err)) !=
		0 ||
	    (ret = aisec_store_assessment_get(c->st, c->m.system, 0, &a,
					      &err)) != 0 ||
	    (ret = aisec_store_decisions(c->st, c->m.system, NULL, false, &d,
					 &nd, &err)) != 0)
		goto out;
	if (!(doc = json_loadb(a->findings, a->findings_len, 0, NULL))) {
		ret = aisec_error_set(&err, AISEC_ERR_INTEGRITY,
				      "stored findings are not JSON");
		goto out;
	}
	hit = serve_gate(c, sys, a->as_of, gate, d, nd, &why, &err);
	if (hit < 0) {
		ret = hit;
		goto out;
	}
	list = json_array();
	json_array_foreach(doc_arr(doc, "risks"), i, v)
	{
		char fid[200];
		const struct aisec_decision *x;

		snprintf(fid, sizeof(fid), "risk/%s", doc_str(v, "threat"));
		x = find_decision(d, nd, fid);
		json_array_append_new(
		    list,
		    json_pack("{s:s, s:s, s:s, s:o}", "finding", fid, "level",
			      doc_path_str(v, "residual.risk.level"),
			      "before_controls", doc_path_str(v, "risk.level"),
			      "decision", x ? decision_json(x) : json_null()));
	}
	json_array_foreach(doc_arr(doc, "coverage"), i, v)
	{
		char fid[200];
		const struct aisec_decision *x;

		if (strcmp(doc_str(v, "status"), "gap") != 0)
			continue;
		snprintf(fid, sizeof(fid), "gap/%s/%s", doc_str(v, "kind"),
			 doc_str(v, "id"));
		x = find_decision(d, nd, fid);
		json_array_append_new(
		    list,
		    json_pack("{s:s, s:s, s:o}", "finding", fid, "level", "gap",
			      "decision", x ? decision_json(x) : json_null()));
	}
	out = json_pack("{s:s, s:I, s:s, s:s, s:{s:s, s:b, s:s}, s:o}",
			"system", c->m.system, "assessment", (json_int_t)a->seq,
			"as_of", a->as_of, "class", a->klass, "gate", "gate",
			gate, "hit", hit, "why", why.data, "findings", list);
out:
	json_decref(doc);
	aisec_decisions_free(d, nd);
	aisec_store_assessment_free(a);
	aisec_store_system_free(sys);
	aisec_buf_release(&why);
	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	return send_json(c, out);
}

static int api_decisions(struct serve_ctx *c)
{
	const char *h = serve_query(c, "history"),
		   *f = serve_query(c, "finding");
	struct aisec_decision *d = NULL;
	struct aisec_error err;
	size_t n = 0;
	json_t *arr;
	int ret;

	if (f && *f && !aisec_decision_finding_valid(f))
		return serve_fail(c, MHD_HTTP_BAD_REQUEST,
				  "query 'finding': expected risk/<id>, "
				  "gap/requirement/<id> or "
				  "gap/threat/<id>");
	if (h && *h && strcmp(h, "1") != 0 && strcmp(h, "0") != 0 &&
	    strcmp(h, "true") != 0 && strcmp(h, "false") != 0)
		return serve_fail(c, MHD_HTTP_BAD_REQUEST,
				  "query 'history': expected 1 or 0");
	ret = known_system(c, &err);
	if (ret == 0)
		ret = aisec_store_decisions(
		    c->st, c->m.system, f && *f ? f : NULL,
		    h && (strcmp(h, "1") == 0 || strcmp(h, "true") == 0), &d,
		    &n, &err);
	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, decision_json(&d[i]));
	aisec_decisions_free(d, n);
	return send_json(c, json_pack("{s:s, s:o}", "system", c->m.system,
				      "decisions", arr));
}

/* A string member of the request body, NULL when absent or null; -1 for another
 * type. */
static int body_str(const json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = json_string_value(v);
	return 0;
}

static int api_decide(struct serve_ctx *c)
{
	static const char *const fields[] = {"finding", "status",  "reason",
					     "owner",	"expires", NULL};
	const char *ct = MHD_lookup_connection_value(
	    c->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *vals[5], *key;
	struct aisec_decision d = {0};
	struct aisec_error err;
	json_error_t jerr;
	json_t *o, *v;
	char who[300];
	int64_t id = 0;
	int ret;

	if (!ct || strncasecmp(ct, "application/json", 16) != 0)
		return serve_fail(
		    c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
		    "expected a JSON body (Content-Type: application/json)");
	o = json_loadb(c->body, c->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!o)
		return serve_fail(c, MHD_HTTP_BAD_REQUEST,
				  "request body line %d: %s", jerr.line,
				  jerr.text);
	if (!json_is_object(o)) {
		json_decref(o);
		return serve_fail(c, MHD_HTTP_BAD_REQUEST,
				  "request body: expected an object");
	}
	json_object_foreach(o, key, v)
	{
		int i;

		for (i = 0; fields[i] && strcmp(fields[i], key) != 0; i++)
			;
		if (!fields[i]) {
			ret = serve_fail(c, MHD_HTTP_BAD_REQUEST,
					 "request body: unknown field "
					 "(expected finding, status, "
					 "reason, owner, expires)");
			json_decref(o);
			return ret;
		}
	}
	for (int i = 0; fields[i]; i++)
		if (body_str(o, fields[i], &vals[i]) != 0 ||
		    (vals[i] &&
		     (strlen(vals[i]) > 2000 ||
		      aisec_utf8_bad_line(vals[i], strlen(vals[i])) != 0))) {
			ret = serve_fail(c, MHD_HTTP_BAD_REQUEST,
					 "request body field '%s': expected a "
					 "string of at most "
					 "2000 bytes",
					 fields[i]);
			json_decref(o);
			return ret;
		}
	if (!vals[0] || !vals[1] ||
	    aisec_decision_status_parse(vals[1], &d.status) != 0) {
		json_decref(o);
		return serve_fail(c, MHD_HTTP_BAD_REQUEST,
				  "request body: 'finding' and 'status' (open, "
				  "accepted, mitigated, "
				  "false-positive) are required");
	}
	serve_who(c, who, sizeof(who));
	d.system = c->m.system;
	d.finding = (char *)vals[0];
	d.reason = (char *)vals[2];
	d.owner = (char *)vals[3];
	d.expires = (char *)vals[4];
	d.by = who;
	ret = aisec_store_decide(c->st, &d, &id, &err);
	json_decref(o);
	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	c->status = MHD_HTTP_CREATED;
	return send_json(
	    c, json_pack("{s:I, s:s}", "id", (json_int_t)id, "by", who));
}

static int api_evidence(struct serve_ctx *c)
{
	struct aisec_store_evidence *e = NULL;
	struct aisec_error err;
	size_t n = 0;
	json_t *arr;
	int ret = known_system(c, &err);

	if (ret == 0)
		ret =
		    aisec_store_evidence_list(c->st, c->m.system, &e, &n, &err);
	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    arr,
		    json_pack("{s:s, s:s, s:s, s:o, s:o}", "kind", e[i].kind,
			      "path", e[i].path, "status", e[i].status,
			      "detail", str_or_null(e[i].detail), "verified_at",
			      str_or_null(e[i].verified_at)));
	aisec_store_evidence_free(e, n);
	return send_json(
	    c, json_pack("{s:s, s:o}", "system", c->m.system, "evidence", arr));
}

static int api_results(struct serve_ctx *c)
{
	struct aisec_store_result *r = NULL;
	struct aisec_error err;
	uint64_t limit;
	size_t n = 0;
	json_t *arr;
	int ret;

	if (query_num(c, "limit", 1, 1000, 100, &limit) != 0)
		return 0;
	ret = known_system(c, &err);
	if (ret == 0)
		ret = aisec_store_result_list(c->st, c->m.system, (size_t)limit,
					      &r, &n, &err);
	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *doc = r[i].json ? json_loads(r[i].json, 0, NULL) : NULL;

		json_array_append_new(
		    arr,
		    json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id",
			      (json_int_t)r[i].id, "kind", r[i].kind, "name",
			      r[i].name, "status", r[i].status, "at", r[i].at,
			      "result", doc ? doc : json_null()));
	}
	aisec_store_result_free(r, n);
	return send_json(
	    c, json_pack("{s:s, s:o}", "system", c->m.system, "results", arr));
}

static int api_catalog(struct serve_ctx *c)
{
	const struct aisec_catalog_meta *meta = aisec_catalog_meta(c->cat);
	size_t ns, nr, nl;
	const struct aisec_standard *s = aisec_catalog_standards(c->cat, &ns);
	const struct aisec_requirement *r =
	    aisec_catalog_requirements(c->cat, &nr);
	const struct aisec_link *l = aisec_catalog_links(c->cat, &nl);
	json_t *stds = json_array(), *reqs = json_array(),
	       *links = json_array();

	for (size_t i = 0; i < ns; i++) {
		struct aisec_change ch;

		aisec_catalog_change(&s[i], &ch);
		json_array_append_new(
		    stds,
		    json_pack("{s:s, s:o, s:s, s:o, s:o, s:b, s:s}", "id",
			      s[i].id, "reference", str_or_null(s[i].reference),
			      "title", s[i].title, "stage",
			      str_or_null(s[i].status_now.stage), "date",
			      str_or_null(s[i].status_now.date),
			      "added_after_report", s[i].added_after_report,
			      "change", ch.summary));
	}
	for (size_t i = 0; i < nr; i++)
		json_array_append_new(
		    reqs,
		    json_pack("{s:s, s:s, s:o, s:o}", "id", r[i].id, "title",
			      r[i].title, "article",
			      str_or_null(r[i].article_final), "applies_to",
			      str_or_null(r[i].applies_to)));
	for (size_t i = 0; i < nl; i++)
		if (l[i].target_kind == AISEC_LINK_REQUIREMENT)
			json_array_append_new(
			    links,
			    json_pack("{s:s, s:s, s:s}", "standard",
				      l[i].standard, "requirement", l[i].target,
				      "relation",
				      aisec_link_covers(&l[i]) ? "covers"
							       : "describes"));
	return send_json(c, json_pack("{s:s, s:s, s:o, s:o, s:o}", "version",
				      meta->version, "as_of", meta->as_of,
				      "standards", stds, "requirements", reqs,
				      "links", links));
}

int serve_api(struct serve_ctx *c)
{
	switch (c->m.route->id) {
	case SR_API_WHOAMI:
		return send_json(c,
				 json_pack("{s:s, s:I}", "role",
					   aisec_store_role_name(c->role),
					   "token", (json_int_t)c->token_id));
	case SR_API_SYSTEMS:
		return api_systems(c);
	case SR_API_SYSTEM:
		return api_system(c);
	case SR_API_ASSESSMENTS:
		return api_assessments(c);
	case SR_API_ASSESSMENT:
		return api_assessment(c);
	case SR_API_DIFF:
		return api_diff(c);
	case SR_API_FINDINGS:
		return api_findings(c);
	case SR_API_DECISIONS:
		return api_decisions(c);
	case SR_API_DECIDE:
		return api_decide(c);
	case SR_API_EVIDENCE:
		return api_evidence(c);
	case SR_API_RESULTS:
		return api_results(c);
	case SR_API_CATALOG:
		return api_catalog(c);
	default:
		return serve_fail(c, MHD_HTTP_NOT_FOUND, "no such API route");
	}
}
