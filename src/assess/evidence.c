/*
 * evidence.c - the evidence files a profile declares (evidence.lineage,
 * evidence.ledger, evidence.monitoring, evidence.probes) and their status in
 * the findings: not_declared, missing (the path does not exist), unverified
 * (present, but no verifier is linked into this build), or verified / broken
 * as reported by the verifier.
 *
 * evidence_verify_file() is the one place where the lineage and ledger
 * subsystems plug in (aisec_lineage_verify_* / aisec_ledger_verify_*): until
 * they are linked, a present file stays "unverified"; this code never claims
 * "verified" on its own.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "assess/internal.h"

/*
 * Verify one evidence file of `kind` at `path`.  Returns "verified",
 * "broken" or "unverified" and writes a one-line detail.  No verifier is
 * linked for any kind yet, so every present file is "unverified".
 */
static const char *evidence_verify_file(const char *kind, const char *path, bool verify,
					char *detail, size_t n)
{
	(void)path;
	if (!verify) {
		snprintf(detail, n, "present; verification not requested");
		return "unverified";
	}
	snprintf(detail, n, "present; no %s verifier in this build of aisec", kind);
	return "unverified";
}

json_t *evidence_status(const struct assess_ctx *c, const char *kind)
{
	char field[64], full[4096], detail[256];
	const struct assess_fact *f;
	struct stat st;
	const char *status;

	snprintf(field, sizeof(field), "evidence.%s", kind);
	f = profile_fact(c->p, field);
	if (!f)
		return json_pack("{s:s, s:s}", "kind", kind, "status", "not_declared");
	if (f->value[0] == '/')
		snprintf(full, sizeof(full), "%s", f->value);
	else
		snprintf(full, sizeof(full), "%s%s", c->p->dir, f->value);
	if (stat(full, &st) != 0) {
		snprintf(detail, sizeof(detail), "'%s' does not exist", f->value);
		status = "missing";
	} else {
		status = evidence_verify_file(kind, full, c->verify_evidence, detail, sizeof(detail));
	}
	return json_pack("{s:s, s:s, s:s, s:s, s:i}", "kind", kind, "status", status, "path",
			 f->value, "detail", detail, "line", f->line);
}

const char *evidence_kind_for(const char *requirement)
{
	static const struct { const char *req, *kind; } map[] = {
		{"data_governance", "lineage"}, {"record_keeping", "ledger"},
		{"post_market_monitoring", "monitoring"}, {"accuracy", "probes"},
		{"robustness", "probes"}, {"cybersecurity", "probes"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].req, requirement) == 0)
			return map[i].kind;
	return NULL;
}

int assess_evidence(struct assess_ctx *c, struct aisec_error *err)
{
	static const char *const kinds[] = {"lineage", "ledger", "monitoring", "probes"};
	json_t *ev = json_object();

	(void)err;
	for (size_t i = 0; i < 4; i++) {
		json_t *s = evidence_status(c, kinds[i]);

		json_object_del(s, "kind");
		json_object_set_new(ev, kinds[i], s);
	}
	json_object_set_new(c->doc, "evidence", ev);
	return 0;
}
