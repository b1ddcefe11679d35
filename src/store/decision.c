/*
 * decision.c - decisions on findings (open, accepted, mitigated, false
 * positive) with owner, reason and expiry: kept in the workspace with their
 * whole history, or in a decisions file next to a profile for CI users, and
 * honoured by the --fail-on gates.  A decision that has lapsed counts as
 * no decision, and the gate says so.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "aisec/file.h"
#include "assess/internal.h"
#include "core/core.h"
#include "store/internal.h"

static const char *const status_names[] = {"open", "accepted", "mitigated",
					   "false-positive"};

const char *aisec_decision_status_name(enum aisec_decision_status st)
{
	return (unsigned)st < 4 ? status_names[st] : "unknown";
}

int aisec_decision_status_parse(const char *s, enum aisec_decision_status *out)
{
	for (int i = 0; s && i < 4; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum aisec_decision_status)i;
			return 0;
		}
	return -1;
}

static bool id_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && !strchr("_.-", s[i]))
			return false;
	return true;
}

int aisec_decision_finding_valid(const char *f)
{
	if (!f)
		return 0;
	if (strncmp(f, "risk/", 5) == 0)
		return id_valid(f + 5);
	if (strncmp(f, "gap/requirement/", 16) == 0)
		return id_valid(f + 16);
	if (strncmp(f, "gap/threat/", 11) == 0)
		return id_valid(f + 11);
	return 0;
}

#define FINDING_FORMS "risk/<threat>, gap/requirement/<id> or gap/threat/<id>"

/* The checks a decision passes wherever it comes from; `field` prefix for
 * messages is added by the caller. */
static const char *decision_problem(const struct aisec_decision *d,
				    const char **field)
{
	*field = "finding";
	if (!aisec_decision_finding_valid(d->finding))
		return "expected " FINDING_FORMS;
	*field = "status";
	if ((unsigned)d->status > AISEC_DECISION_FALSE_POSITIVE)
		return "expected open, accepted, mitigated or false-positive";
	*field = "reason";
	if (d->status != AISEC_DECISION_OPEN && (!d->reason || !*d->reason))
		return "required unless the status is open";
	if (d->reason && strlen(d->reason) > 4000)
		return "longer than 4000 characters";
	*field = "expires";
	if (d->status == AISEC_DECISION_ACCEPTED && !d->expires)
		return "required for an accepted risk (an acceptance is "
		       "reviewed)";
	if (d->expires && !aisec_date_valid(d->expires))
		return "expected a date YYYY-MM-DD";
	*field = "owner";
	if (d->owner && strlen(d->owner) > 200)
		return "longer than 200 characters";
	*field = "by";
	if (d->by && strlen(d->by) > 200)
		return "longer than 200 characters";
	*field = "at";
	if (d->at && !aisec_date_valid(d->at) && !store_time_valid(d->at))
		return "expected a date YYYY-MM-DD or a time "
		       "YYYY-MM-DDTHH:MM:SSZ";
	return NULL;
}

/* ---- in the workspace ------------------------------------------------------
 */

int aisec_store_decide(struct aisec_store *s, const struct aisec_decision *d,
		       int64_t *id, struct aisec_error *err)
{
	static const char q_ins[] =
	    "INSERT INTO decisions (system_id, finding, status, owner, reason, "
	    "expires,"
	    " decided_by, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
	struct store_res r = {0};
	const char *field, *why;
	char sysid[24], now[21], today[11];
	int rc;

	if ((rc = store_check_writable(s, err)))
		return rc;
	if ((why = decision_problem(d, &field)))
		return aisec_error_set(
		    err, AISEC_ERR_INVALID, "decision on '%s': %s: %s",
		    d->finding ? d->finding : "", field, why);
	store_now(now);
	store_today(today);
	if ((rc = store_tx_begin(s, err)))
		return rc;
	if ((rc = store_system_id(s, d->system, NULL, sysid, err)))
		goto tx;
	{
		const char *p[] = {sysid,
				   d->finding,
				   aisec_decision_status_name(d->status),
				   d->owner,
				   d->reason,
				   d->expires,
				   d->by,
				   d->at ? d->at : now};

		if ((rc = store_q(s, q_ins, p, 8, &r, err)))
			goto tx;
	}
	if (id)
		*id = store_cell_int(&r, 0, 0);
	rc = store_recount(s, sysid, today, err);
tx:
	rc = store_tx_end(s, rc, err);
	store_res_free(&r);
	return rc;
}

int aisec_store_decisions(struct aisec_store *s, const char *system,
			  const char *finding, bool history,
			  struct aisec_decision **out, size_t *n,
			  struct aisec_error *err)
{
	static const char q_cur[] =
	    "SELECT d.id, d.finding, d.status, d.owner, d.reason, d.expires, "
	    "d.decided_by, d.ts"
	    " FROM decisions d WHERE d.system_id = ?"
	    " AND (CAST(? AS TEXT) IS NULL OR d.finding = CAST(? AS TEXT))"
	    " AND d.id = (SELECT max(e.id) FROM decisions e WHERE e.system_id "
	    "= d.system_id"
	    " AND e.finding = d.finding) ORDER BY d.finding";
	static const char q_all[] =
	    "SELECT d.id, d.finding, d.status, d.owner, d.reason, d.expires, "
	    "d.decided_by, d.ts"
	    " FROM decisions d WHERE d.system_id = ?"
	    " AND (CAST(? AS TEXT) IS NULL OR d.finding = CAST(? AS TEXT)) "
	    "ORDER BY d.id DESC";
	struct store_res r;
	char sysid[24];
	bool oom = false;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_system_id(s, system, NULL, sysid, err)))
		return rc;
	{
		const char *p[] = {sysid, finding, finding};

		if ((rc = store_q(s, history ? q_all : q_cur, p, 3, &r, err)))
			return rc;
	}
	if (r.nrows && !(*out = calloc(r.nrows, sizeof(**out))))
		oom = true;
	for (size_t i = 0; !oom && i < r.nrows; i++) {
		struct aisec_decision *d = &(*out)[(*n)++];

		d->id = store_cell_int(&r, i, 0);
		if (!(d->system = strdup(system)))
			oom = true;
		d->finding = store_cell_dup(&r, i, 1, &oom);
		aisec_decision_status_parse(store_cell(&r, i, 2), &d->status);
		d->owner = store_cell_dup(&r, i, 3, &oom);
		d->reason = store_cell_dup(&r, i, 4, &oom);
		d->expires = store_cell_dup(&r, i, 5, &oom);
		d->by = store_cell_dup(&r, i, 6, &oom);
		d->at = store_cell_dup(&r, i, 7, &oom);
	}
	store_res_free(&r);
	if (oom) {
		aisec_decisions_free(*out, *n);
		*out = NULL;
		*n = 0;
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	return 0;
}

void aisec_decisions_free(struct aisec_decision *d, size_t n)
{
	for (size_t i = 0; d && i < n; i++) {
		free(d[i].system);
		free(d[i].finding);
		free(d[i].owner);
		free(d[i].reason);
		free(d[i].expires);
		free(d[i].by);
		free(d[i].at);
	}
	free(d);
}

/* ---- the decisions file
 * ------------------------------------------------------- */

#define DECISIONS_FILE_MAX ((size_t)4 << 20)
#define DECISIONS_MAX 10000

static int parse_one(const char *name, struct fy_node *item, size_t idx,
		     struct aisec_decision *d, struct aisec_error *err)
{
	static const char *const keys[] = {
	    "finding", "status", "reason", "expires", "owner", "by", "at"};
	char path[48], field[64];
	const char *problem, *which;
	char *status = NULL;
	int rc = 0;

	snprintf(path, sizeof(path), "decisions[%zu]", idx);
	if (!fy_node_is_mapping(item))
		return aisec_field_error(
		    err, name, aisec_yaml_line(item), path,
		    "expected a mapping (finding, status, reason, ...)");
	if ((rc = aisec_yaml_check_keys(item, keys, name, path, err)))
		return rc;
	for (size_t k = 0; k < AISEC_NELEM(keys); k++) {
		struct fy_node *v = aisec_yaml_get(item, keys[k]);

		if (v && !fy_node_is_scalar(v)) {
			snprintf(field, sizeof(field), "%s.%s", path, keys[k]);
			return aisec_field_error(err, name, aisec_yaml_line(v),
						 field,
						 "expected a single value");
		}
	}
	d->finding = aisec_yaml_str(item, "finding");
	status = aisec_yaml_str(item, "status");
	d->reason = aisec_yaml_str(item, "reason");
	d->expires = aisec_yaml_str(item, "expires");
	d->owner = aisec_yaml_str(item, "owner");
	d->by = aisec_yaml_str(item, "by");
	d->at = aisec_yaml_str(item, "at");
	d->line = aisec_yaml_line(item);
	if (!d->finding) {
		snprintf(field, sizeof(field), "%s.finding", path);
		rc = aisec_field_error(err, name, d->line, field, "required");
		goto out;
	}
	if (!status || aisec_decision_status_parse(status, &d->status) != 0) {
		struct fy_node *v = aisec_yaml_get(item, "status");

		snprintf(field, sizeof(field), "%s.status", path);
		rc = aisec_field_error(
		    err, name, v ? aisec_yaml_line(v) : d->line, field,
		    status ? "unknown status '%s' (open, accepted, mitigated, "
			     "false-positive)"
			   : "required%s",
		    status ? status : "");
		goto out;
	}
	if ((problem = decision_problem(d, &which))) {
		struct fy_node *v = aisec_yaml_get(item, which);

		snprintf(field, sizeof(field), "%s.%s", path, which);
		rc = aisec_field_error(err, name,
				       v ? aisec_yaml_line(v) : d->line, field,
				       "%s", problem);
	}
out:
	free(status);
	return rc;
}

int aisec_decisions_parse(const char *name, const char *text, size_t len,
			  struct aisec_decision **out, size_t *n,
			  struct aisec_error *err)
{
	struct fy_document *doc;
	struct fy_node *root, *list, *item;
	static const char *const top[] = {"decisions"};
	struct aisec_decision *d = NULL;
	void *iter = NULL;
	size_t count = 0, i = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!(doc = aisec_yaml_parse(name, text, len, err)))
		return err ? err->code : AISEC_ERR_PARSE;
	root = fy_document_root(doc);
	if (!fy_node_is_mapping(root)) {
		rc = aisec_field_error(
		    err, name, aisec_yaml_line(root), "decisions",
		    "expected a mapping with a list 'decisions'");
		goto out;
	}
	if ((rc = aisec_yaml_check_keys(root, top, name, "", err)))
		goto out;
	list = aisec_yaml_get(root, "decisions");
	if (!list || !fy_node_is_sequence(list)) {
		rc = aisec_field_error(
		    err, name, list ? aisec_yaml_line(list) : 1, "decisions",
		    "expected a list of decisions");
		goto out;
	}
	count = (size_t)fy_node_sequence_item_count(list);
	if (count > DECISIONS_MAX) {
		rc = aisec_error_set(err, AISEC_ERR_LIMIT,
				     "'%s': more than %d decisions", name,
				     DECISIONS_MAX);
		goto out;
	}
	if (count && !(d = calloc(count, sizeof(*d)))) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	while (!rc && (item = fy_node_sequence_iterate(list, &iter)) &&
	       i < count) {
		rc = parse_one(name, item, i, &d[i], err);
		i++;
		for (size_t k = 0; !rc && k + 1 < i; k++)
			if (strcmp(d[k].finding, d[i - 1].finding) == 0) {
				char field[48];

				snprintf(field, sizeof(field),
					 "decisions[%zu].finding", i - 1);
				rc = aisec_field_error(
				    err, name, d[i - 1].line, field,
				    "'%s' already decided on line %d",
				    d[i - 1].finding, d[k].line);
			}
	}
	if (rc) {
		aisec_decisions_free(d, count);
		goto out;
	}
	*out = d;
	*n = i;
out:
	fy_document_destroy(doc);
	return rc;
}

int aisec_decisions_load(const char *path, struct aisec_decision **out,
			 size_t *n, struct aisec_error *err)
{
	struct aisec_buf b;
	int rc;

	aisec_buf_init(&b, 0);
	*out = NULL;
	*n = 0;
	if (!(rc = aisec_file_read_max(path, DECISIONS_FILE_MAX, &b, err)))
		rc = aisec_decisions_parse(path, b.data ? b.data : "", b.len,
					   out, n, err);
	aisec_buf_release(&b);
	return rc;
}

int aisec_decisions_path(const char *profile_path, struct aisec_buf *out,
			 struct aisec_error *err)
{
	const char *slash = strrchr(profile_path, '/');
	const char *dot = strrchr(profile_path, '.');
	int rc;

	if (!dot || (slash && dot < slash) ||
	    dot == (slash ? slash + 1 : profile_path))
		dot = profile_path + strlen(profile_path);
	rc = aisec_buf_add(out, profile_path, (size_t)(dot - profile_path));
	if (!rc)
		rc = aisec_buf_adds(out, ".decisions");
	if (!rc)
		rc = aisec_buf_adds(out, *dot ? dot : ".yaml");
	if (rc)
		return aisec_error_set(err, rc, "out of memory");
	return 0;
}

/* ---- the gate
 * ----------------------------------------------------------------- */

struct gate_ctx {
	const struct aisec_decision *d;
	size_t n;
	const char *today;
};

static const char *lapsed_name(enum aisec_decision_status st)
{
	switch (st) {
	case AISEC_DECISION_ACCEPTED:
		return "acceptance";
	case AISEC_DECISION_MITIGATED:
		return "mitigation decision";
	default:
		return "false-positive decision";
	}
}

static int decided(void *arg, const char *finding, struct aisec_buf *note)
{
	const struct gate_ctx *c = arg;

	for (size_t i = 0; i < c->n; i++) {
		const struct aisec_decision *d = &c->d[i];

		if (!d->finding || strcmp(d->finding, finding) != 0)
			continue;
		if (d->status == AISEC_DECISION_OPEN)
			return 0;
		if (d->expires && strcmp(d->expires, c->today) < 0) {
			aisec_buf_addf(note, "; %s expired %s",
				       lapsed_name(d->status), d->expires);
			return 0;
		}
		return 1;
	}
	return 0;
}

int aisec_findings_gate_decided(const struct aisec_findings *f,
				const char *gate,
				const struct aisec_decision *d, size_t n,
				const char *today, struct aisec_buf *why,
				struct aisec_error *err)
{
	char now[11];
	struct gate_ctx c = {d, n, today};

	if (today && !aisec_date_valid(today))
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "date '%s': expected YYYY-MM-DD", today);
	if (!today) {
		store_today(now);
		c.today = now;
	}
	return assess_gate_filtered(f, gate, decided, &c, why, err);
}
