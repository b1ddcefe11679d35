/*
 * results.c - what the workspace keeps beside assessments: verifications
 * of evidence references (lineage, ledger), probe and monitor results and
 * the alerts they raise.  Every row is appended; "the last verification"
 * is the newest row of its reference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

static int one_of(const char *what, const char *v, const char *const *allowed,
		  struct aisec_error *err)
{
	for (size_t i = 0; v && allowed[i]; i++)
		if (strcmp(v, allowed[i]) == 0)
			return 0;
	return aisec_error_set(err, AISEC_ERR_INVALID, "%s '%s': unknown value",
			       what, v ? v : "");
}

static int text_field(const char *what, const char *v, size_t max,
		      struct aisec_error *err)
{
	if (!v || !*v || strlen(v) > max)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "%s: 1 to %zu characters", what, max);
	return 0;
}

static const char *limit_text(size_t limit, char buf[24])
{
	snprintf(buf, 24, "%zu", limit ? limit : 100);
	return buf;
}

/* ---- evidence
 * ----------------------------------------------------------------- */

int aisec_store_evidence_put(struct aisec_store *s,
			     const struct aisec_store_evidence *e,
			     struct aisec_error *err)
{
	static const char *const statuses[] = {"verified",     "broken",
					       "unverified",   "missing",
					       "not_declared", NULL};
	static const char q[] =
	    "INSERT INTO evidence (system_id, kind, path, status, detail, ts)"
	    " VALUES (?, ?, ?, ?, ?, ?)";
	char sysid[24], now[21];
	int rc;

	if ((rc = store_check_writable(s, err)) ||
	    (rc = text_field("evidence kind", e->kind, 64, err)) ||
	    (rc = text_field("evidence path", e->path, 4096, err)) ||
	    (rc = one_of("evidence status", e->status, statuses, err)))
		return rc;
	if (e->verified_at && !store_time_valid(e->verified_at))
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "time '%s': expected YYYY-MM-DDTHH:MM:SSZ", e->verified_at);
	if ((rc = store_system_id(s, e->system, NULL, sysid, err)))
		return rc;
	store_now(now);
	if ((rc = store_tx_begin(s, err)))
		return rc;
	{
		const char *p[] = {
		    sysid,     e->kind,
		    e->path,   e->status,
		    e->detail, e->verified_at ? e->verified_at : now};

		rc = store_q(s, q, p, 6, NULL, err);
	}
	/* the portfolio's evidence column follows the newest word */
	if (!rc)
		rc = store_evidence_refresh(s, sysid, err);
	return store_tx_end(s, rc, err);
}

int aisec_store_evidence_list(struct aisec_store *s, const char *system,
			      struct aisec_store_evidence **out, size_t *n,
			      struct aisec_error *err)
{
	static const char q[] =
	    "SELECT v.kind, v.path, v.status, v.detail, v.ts FROM evidence v "
	    "WHERE v.system_id = ?"
	    " AND v.id = (SELECT max(w.id) FROM evidence w WHERE w.system_id = "
	    "v.system_id"
	    " AND w.kind = v.kind AND w.path = v.path) ORDER BY v.kind, v.path";
	struct store_res r;
	char sysid[24];
	const char *p[] = {sysid};
	bool oom = false;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_system_id(s, system, NULL, sysid, err)) ||
	    (rc = store_q(s, q, p, 1, &r, err)))
		return rc;
	if (r.nrows && !(*out = calloc(r.nrows, sizeof(**out))))
		oom = true;
	for (size_t i = 0; !oom && i < r.nrows; i++) {
		struct aisec_store_evidence *e = &(*out)[(*n)++];

		if (!(e->system = strdup(system)))
			oom = true;
		e->kind = store_cell_dup(&r, i, 0, &oom);
		e->path = store_cell_dup(&r, i, 1, &oom);
		e->status = store_cell_dup(&r, i, 2, &oom);
		e->detail = store_cell_dup(&r, i, 3, &oom);
		e->verified_at = store_cell_dup(&r, i, 4, &oom);
	}
	store_res_free(&r);
	if (oom) {
		aisec_store_evidence_free(*out, *n);
		*out = NULL;
		*n = 0;
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	return 0;
}

void aisec_store_evidence_free(struct aisec_store_evidence *e, size_t n)
{
	for (size_t i = 0; e && i < n; i++) {
		free(e[i].system);
		free(e[i].kind);
		free(e[i].path);
		free(e[i].status);
		free(e[i].detail);
		free(e[i].verified_at);
	}
	free(e);
}

/* ---- probe and monitor results
 * -------------------------------------------------- */

int aisec_store_result_add(struct aisec_store *s,
			   const struct aisec_store_result *res, int64_t *id,
			   struct aisec_error *err)
{
	static const char *const kinds[] = {"probe", "monitor", NULL};
	static const char *const statuses[] = {"pass", "fail", "error", NULL};
	static const char q[] =
	    "INSERT INTO results (system_id, kind, name, status, ts, body)"
	    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
	struct store_res r = {0};
	char sysid[24], now[21];
	int rc;

	if ((rc = store_check_writable(s, err)) ||
	    (rc = one_of("result kind", res->kind, kinds, err)) ||
	    (rc = one_of("result status", res->status, statuses, err)) ||
	    (rc = text_field("result name", res->name, 200, err)) ||
	    (rc = text_field("result document", res->json, (size_t)16 << 20,
			     err)))
		return rc;
	if (res->at && !store_time_valid(res->at))
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "time '%s': expected YYYY-MM-DDTHH:MM:SSZ", res->at);
	if ((rc = store_system_id(s, res->system, NULL, sysid, err)))
		return rc;
	store_now(now);
	{
		const char *p[] = {sysid,
				   res->kind,
				   res->name,
				   res->status,
				   res->at ? res->at : now,
				   res->json};

		rc = store_q(s, q, p, 6, &r, err);
	}
	if (!rc && id)
		*id = store_cell_int(&r, 0, 0);
	store_res_free(&r);
	return rc;
}

int aisec_store_result_list(struct aisec_store *s, const char *system,
			    size_t limit, struct aisec_store_result **out,
			    size_t *n, struct aisec_error *err)
{
	static const char q[] =
	    "SELECT id, kind, name, status, ts, body FROM results"
	    " WHERE system_id = ? ORDER BY id DESC LIMIT CAST(? AS INTEGER)";
	struct store_res r;
	char sysid[24], lim[24];
	const char *p[] = {sysid, limit_text(limit, lim)};
	bool oom = false;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_system_id(s, system, NULL, sysid, err)) ||
	    (rc = store_q(s, q, p, 2, &r, err)))
		return rc;
	if (r.nrows && !(*out = calloc(r.nrows, sizeof(**out))))
		oom = true;
	for (size_t i = 0; !oom && i < r.nrows; i++) {
		struct aisec_store_result *x = &(*out)[(*n)++];

		x->id = store_cell_int(&r, i, 0);
		if (!(x->system = strdup(system)))
			oom = true;
		x->kind = store_cell_dup(&r, i, 1, &oom);
		x->name = store_cell_dup(&r, i, 2, &oom);
		x->status = store_cell_dup(&r, i, 3, &oom);
		x->at = store_cell_dup(&r, i, 4, &oom);
		x->json = store_cell_dup(&r, i, 5, &oom);
	}
	store_res_free(&r);
	if (oom) {
		aisec_store_result_free(*out, *n);
		*out = NULL;
		*n = 0;
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	return 0;
}

void aisec_store_result_free(struct aisec_store_result *x, size_t n)
{
	for (size_t i = 0; x && i < n; i++) {
		free(x[i].system);
		free(x[i].kind);
		free(x[i].name);
		free(x[i].status);
		free(x[i].at);
		free(x[i].json);
	}
	free(x);
}

/* ---- alerts
 * ------------------------------------------------------------------- */

int aisec_store_alert_add(struct aisec_store *s,
			  const struct aisec_store_alert *a, int64_t *id,
			  struct aisec_error *err)
{
	static const char *const severities[] = {"info", "warning", "critical",
						 NULL};
	static const char q[] =
	    "INSERT INTO alerts (system_id, source, severity, message, ts)"
	    " VALUES (?, ?, ?, ?, ?) RETURNING id";
	struct store_res r = {0};
	char sysid[24], now[21];
	int rc;

	if ((rc = store_check_writable(s, err)) ||
	    (rc = one_of("alert severity", a->severity, severities, err)) ||
	    (rc = text_field("alert source", a->source, 200, err)) ||
	    (rc = text_field("alert text", a->text, 4000, err)))
		return rc;
	if (a->at && !store_time_valid(a->at))
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "time '%s': expected YYYY-MM-DDTHH:MM:SSZ", a->at);
	if ((rc = store_system_id(s, a->system, NULL, sysid, err)))
		return rc;
	store_now(now);
	{
		const char *p[] = {sysid, a->source, a->severity, a->text,
				   a->at ? a->at : now};

		rc = store_q(s, q, p, 5, &r, err);
	}
	if (!rc && id)
		*id = store_cell_int(&r, 0, 0);
	store_res_free(&r);
	return rc;
}

int aisec_store_alert_list(struct aisec_store *s, const char *system, bool all,
			   size_t limit, struct aisec_store_alert **out,
			   size_t *n, struct aisec_error *err)
{
	static const char q[] =
	    "SELECT a.id, y.name, a.source, a.severity, a.message, a.ts, "
	    "a.acknowledged"
	    " FROM alerts a JOIN systems y ON y.id = a.system_id"
	    " WHERE (CAST(? AS TEXT) IS NULL OR a.system_id = CAST(CAST(? AS "
	    "TEXT) AS BIGINT))"
	    " AND (CAST(? AS TEXT) = '1' OR a.acknowledged = 0)"
	    " ORDER BY a.id DESC LIMIT CAST(? AS INTEGER)";
	struct store_res r;
	char sysid[24], lim[24];
	const char *sid = NULL;
	bool oom = false;
	int rc;

	*out = NULL;
	*n = 0;
	if (system) {
		if ((rc = store_system_id(s, system, NULL, sysid, err)))
			return rc;
		sid = sysid;
	}
	{
		const char *p[] = {sid, sid, all ? "1" : "0",
				   limit_text(limit, lim)};

		if ((rc = store_q(s, q, p, 4, &r, err)))
			return rc;
	}
	if (r.nrows && !(*out = calloc(r.nrows, sizeof(**out))))
		oom = true;
	for (size_t i = 0; !oom && i < r.nrows; i++) {
		struct aisec_store_alert *a = &(*out)[(*n)++];

		a->id = store_cell_int(&r, i, 0);
		a->system = store_cell_dup(&r, i, 1, &oom);
		a->source = store_cell_dup(&r, i, 2, &oom);
		a->severity = store_cell_dup(&r, i, 3, &oom);
		a->text = store_cell_dup(&r, i, 4, &oom);
		a->at = store_cell_dup(&r, i, 5, &oom);
		a->acknowledged = store_cell_int(&r, i, 6) != 0;
	}
	store_res_free(&r);
	if (oom) {
		aisec_store_alert_free(*out, *n);
		*out = NULL;
		*n = 0;
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	return 0;
}

int aisec_store_alert_ack(struct aisec_store *s, int64_t id,
			  struct aisec_error *err)
{
	static const char q[] =
	    "UPDATE alerts SET acknowledged = 1 WHERE id = ? RETURNING id";
	struct store_res r = {0};
	char sid[24];
	const char *p[] = {sid};
	int rc;

	if ((rc = store_check_writable(s, err)))
		return rc;
	snprintf(sid, sizeof(sid), "%lld", (long long)id);
	if ((rc = store_q(s, q, p, 1, &r, err)))
		return rc;
	if (!r.nrows)
		rc =
		    aisec_error_set(err, AISEC_ERR_NOTFOUND,
				    "alert %lld: no such alert", (long long)id);
	store_res_free(&r);
	return rc;
}

void aisec_store_alert_free(struct aisec_store_alert *a, size_t n)
{
	for (size_t i = 0; a && i < n; i++) {
		free(a[i].system);
		free(a[i].source);
		free(a[i].severity);
		free(a[i].text);
		free(a[i].at);
	}
	free(a);
}
