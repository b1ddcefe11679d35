/*
 * evidence.c - the evidence files a profile declares (evidence.lineage,
 * evidence.ledger, evidence.monitoring, evidence.probes) and their status in
 * the findings: not_declared, missing (the path does not exist), unverified
 * (present, but nothing here can check it, or no trusted key was declared),
 * or verified / broken as the lineage and ledger verifiers report.
 *
 * Lineage evidence is an artefact (dataset or model) whose signed lineage
 * is checked with aisec_lineage_verify_artefact() against the store
 * (evidence.lineage_store, default .aisec/lineage beside the profile) and
 * the trusted public keys (evidence.lineage_keys); the statements' relative
 * input names resolve against evidence.lineage_root (default: the profile's
 * folder), where the pipeline recorded them.  Ledger evidence is a
 * ledger directory checked with aisec_ledger_verify_dir(), with the signer
 * pinned by evidence.ledger_key.  Without a trusted key the result is
 * "unverified": a signature checked only against a key the evidence
 * carries itself proves nothing about who wrote it.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aisec/ledger.h"
#include "aisec/lineage.h"
#include "assess/internal.h"
#include "core/core.h"

/* `value` resolved against the profile's folder (absolute paths kept). */
static void resolve(const struct assess_ctx *c, const char *value, char *out, size_t n)
{
	if (value[0] == '/')
		snprintf(out, n, "%s", value);
	else
		snprintf(out, n, "%s%s", c->p->dir, value);
}

/* First line of `s` (at most n-1 bytes) into out. */
static void first_line(const char *s, char *out, size_t n)
{
	size_t len = strcspn(s, "\n");

	if (len >= n)
		len = n - 1;
	memcpy(out, s, len);
	out[len] = '\0';
}

static const char *verify_lineage(const struct assess_ctx *c, const char *path,
				  char *detail, size_t n)
{
	char store[4096], root[4096], keybuf[16][4096];
	const char *keys[16];
	const struct assess_fact *sf = profile_fact(c->p, "evidence.lineage_store");
	const struct assess_fact *rf = profile_fact(c->p, "evidence.lineage_root");
	struct aisec_error err;
	struct aisec_buf reasons;
	size_t nkeys = 0;
	const char *status;
	int rc;

	for (size_t i = 0; i < c->p->nfacts && nkeys < 16; i++) {
		if (strcmp(c->p->facts[i].path, "evidence.lineage_keys") != 0)
			continue;
		resolve(c, c->p->facts[i].value, keybuf[nkeys], sizeof(keybuf[nkeys]));
		keys[nkeys] = keybuf[nkeys];
		nkeys++;
	}
	if (nkeys == 0) {
		snprintf(detail, n, "present; no trusted key declared (evidence.lineage_keys)");
		return "unverified";
	}
	resolve(c, sf ? sf->value : ".aisec/lineage", store, sizeof(store));
	resolve(c, rf ? rf->value : ".", root, sizeof(root));
	aisec_buf_init(&reasons, 1 << 20);
	aisec_error_clear(&err);
	rc = aisec_lineage_verify_artefact(store, root, path, keys, nkeys, &reasons, &err);
	if (rc == AISEC_LINEAGE_VERIFIED) {
		snprintf(detail, n, "signed lineage verified back to the sources");
		status = "verified";
	} else if (rc == AISEC_LINEAGE_BROKEN || rc == AISEC_LINEAGE_MISSING) {
		char line[200];

		first_line(reasons.data, line, sizeof(line));
		snprintf(detail, n, "%s%s", rc == AISEC_LINEAGE_MISSING ?
			 "no signed statement produced it: " : "", line);
		status = "broken";
	} else {
		snprintf(detail, n, "cannot verify: %s", err.msg);
		status = "broken";
	}
	aisec_buf_release(&reasons);
	return status;
}

static const char *verify_ledger(const struct assess_ctx *c, const char *path,
				 char *detail, size_t n)
{
	const struct assess_fact *kf = profile_fact(c->p, "evidence.ledger_key");
	struct aisec_ledger_report rep;
	struct aisec_error err;
	struct aisec_buf vkey;
	char keypath[4096];
	int rc;

	aisec_buf_init(&vkey, 1 << 20);
	aisec_error_clear(&err);
	if (kf) {
		resolve(c, kf->value, keypath, sizeof(keypath));
		if (aisec_file_read_small(keypath, &vkey, &err) != 0) {
			snprintf(detail, n, "cannot read the trusted key: %s", err.msg);
			aisec_buf_release(&vkey);
			return "broken";
		}
		while (vkey.len && (vkey.data[vkey.len - 1] == '\n' || vkey.data[vkey.len - 1] == '\r'))
			vkey.data[--vkey.len] = '\0';
	}
	memset(&rep, 0, sizeof(rep));
	rc = aisec_ledger_verify_dir(path, kf ? vkey.data : NULL, &rep, &err);
	aisec_buf_release(&vkey);
	if (rc == 0 && rep.state == AISEC_LEDGER_VERIFIED) {
		if (!kf) {
			snprintf(detail, n, "%llu entries consistent with the ledger's own key; "
				 "declare evidence.ledger_key to verify the signer",
				 (unsigned long long)rep.entries);
			return "unverified";
		}
		snprintf(detail, n, "%llu entries re-hashed, checkpoint of size %llu signed by the trusted key",
			 (unsigned long long)rep.entries, (unsigned long long)rep.checkpoint_size);
		return "verified";
	}
	snprintf(detail, n, "%s", rep.problem[0] ? rep.problem : err.msg);
	return "broken";
}

/*
 * Monitoring results (`aisec monitor replay`, monitor.json): checked for
 * shape, and the observed levels against the declared ones with the alerts
 * of the period become the detail that Art. 15 and Art. 72 show.  The file
 * carries no signature, so it stays "unverified" (a period with alerts is a
 * finding for the reader, not broken evidence); "broken" when unreadable.
 */
static const char *verify_monitoring(const char *path, char *detail, size_t n)
{
	json_error_t je;
	json_t *r = json_load_file(path, 0, &je), *levels, *lv;
	size_t i, used;

	if (!r || !json_is_object(r) ||
	    !json_is_integer(json_object_get(r, "events")) ||
	    !json_is_array(levels = json_object_get(r, "levels"))) {
		snprintf(detail, n, "not aisec monitor results: %s",
			 r ? "no events or levels" : je.text);
		json_decref(r);
		return "broken";
	}
	used = (size_t)snprintf(
		detail, n, "%lld events, %lld alerts",
		(long long)json_integer_value(json_object_get(r, "events")),
		(long long)json_integer_value(json_object_get(r, "alerts")));
	json_array_foreach(levels, i, lv)
	{
		const char *as = json_string_value(json_object_get(lv, "declared_as"));

		if (used >= n)
			break;
		used += (size_t)snprintf(
			detail + used, n - used, "; %s %.4g (declared %s %.4g, bound %.4g): %s",
			json_string_value(json_object_get(lv, "metric")),
			json_number_value(json_object_get(lv, "observed")),
			as && strcmp(as, "max") == 0 ? "<=" : ">=",
			json_number_value(json_object_get(lv, "declared")),
			json_number_value(json_object_get(lv, "bound")),
			json_is_true(json_object_get(lv, "met")) ? "met" : "alert raised");
	}
	json_decref(r);
	return "unverified";
}

/* ---- probe results (`aisec probe`, docs/probe.md) ----------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The results files: `path` itself, or the *.json in it, sorted. */
static size_t probe_files(const char *path, char ***out)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **v = NULL;
	size_t n = 0;

	*out = NULL;
	if (stat(path, &st) != 0)
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		if (!(v = calloc(1, sizeof(*v))) || !(v[0] = strdup(path))) {
			free(v);
			return 0;
		}
		*out = v;
		return 1;
	}
	if (!(d = opendir(path)))
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		char **nv;

		if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 || e->d_name[0] == '.')
			continue;
		if (!(nv = realloc(v, (n + 1) * sizeof(*v))))
			break;
		v = nv;
		if (asprintf(&v[n], "%s/%s", path, e->d_name) < 0)
			break;
		n++;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return n;
}

/* The metric `id` in any of the documents, or NULL. */
static const json_t *find_metric(json_t *const *docs, size_t n, const char *id)
{
	for (size_t k = 0; k < n; k++) {
		size_t i;
		json_t *m;

		json_array_foreach(json_object_get(docs[k], "metrics"), i, m)
			if (json_is_string(json_object_get(m, "id")) &&
			    strcmp(json_string_value(json_object_get(m, "id")), id) == 0)
				return m;
	}
	return NULL;
}

#define ADD(...)                                                                           \
	do {                                                                               \
		if (used < n)                                                              \
			used += (size_t)snprintf(detail + used, n - used, __VA_ARGS__);    \
	} while (0)

/*
 * Probe results: each file's probe, date, target digest and metrics, and
 * the levels the profile declares (evidence.probe_levels: "METRIC >= V" or
 * "METRIC <= V") against the measured ones.  The files carry no
 * signature: "unverified" (a level not met is a finding for the reader),
 * "broken" when a file is not probe results or a level is malformed.
 */
static const char *verify_probes(const struct assess_ctx *c, const char *path, char *detail,
				 size_t n)
{
	char **files = NULL;
	size_t nf = probe_files(path, &files), used = 0, met = 0, declared = 0;
	json_t **docs = calloc(nf ? nf : 1, sizeof(*docs));
	const char *status = "unverified";

	detail[0] = '\0';
	if (!nf || !docs) {
		snprintf(detail, n, "no probe results (*.json) in '%s'", path);
		status = "broken";
		goto out;
	}
	for (size_t k = 0; k < nf; k++) {
		json_error_t je;
		json_t *d = docs[k] = json_load_file(files[k], 0, &je), *m;
		size_t i;

		if (!d || json_integer_value(json_object_get(d, "aisec_probe")) != 1 ||
		    !json_is_object(json_object_get(d, "target"))) {
			snprintf(detail, n, "'%s': not aisec probe results%s%s",
				 strrchr(files[k], '/') ? strrchr(files[k], '/') + 1 : files[k],
				 d ? "" : ": ", d ? "" : je.text);
			status = "broken";
			goto out;
		}
		ADD("%s%s %s, target %s%s:", k ? "; " : "",
		    json_string_value(json_object_get(d, "probe")),
		    json_is_string(json_object_get(d, "date"))
			    ? json_string_value(json_object_get(d, "date"))
			    : "(undated)",
		    json_is_string(json_object_get(json_object_get(d, "target"), "digest"))
			    ? json_string_value(
				      json_object_get(json_object_get(d, "target"), "digest"))
			    : "(no digest)",
		    json_is_true(json_object_get(d, "complete")) ? "" : " (INCOMPLETE)");
		json_array_foreach(json_object_get(d, "metrics"), i, m)
			ADD(" %s %.4g", json_string_value(json_object_get(m, "id")),
			    json_number_value(json_object_get(m, "value")));
	}
	for (size_t i = 0; i < c->p->nfacts; i++) {
		const struct assess_fact *f = &c->p->facts[i];
		char id[128], op[3];
		double want;
		const json_t *m;
		int got;

		if (strcmp(f->path, "evidence.probe_levels") != 0)
			continue;
		if (sscanf(f->value, "%127s %2s %lf%n", id, op, &want, &got) != 3 ||
		    f->value[got] || (strcmp(op, ">=") != 0 && strcmp(op, "<=") != 0)) {
			snprintf(detail, n,
				 "profile line %d: field 'evidence.probe_levels': '%s' is not "
				 "'METRIC >= VALUE' or 'METRIC <= VALUE'",
				 f->line, f->value);
			status = "broken";
			goto out;
		}
		declared++;
		m = find_metric(docs, nf, id);
		if (!m) {
			ADD("%s %s %s %g: not measured", declared == 1 ? ". Declared levels:" : ";",
			    id, op, want);
			continue;
		}
		{
			double v = json_number_value(json_object_get(m, "value"));
			int ok = op[0] == '>' ? v >= want : v <= want;

			met += (size_t)ok;
			ADD("%s %s %s %g: measured %.4g, %s", declared == 1 ? ". Declared levels:" : ";",
			    id, op, want, v, ok ? "met" : "NOT MET");
		}
	}
	if (declared)
		ADD(" (%zu of %zu met)", met, declared);
	else
		ADD(". No levels declared (evidence.probe_levels)");
out:
	for (size_t k = 0; k < nf; k++) {
		json_decref(docs ? docs[k] : NULL);
		free(files[k]);
	}
	free(docs);
	free(files);
	return status;
}

#undef ADD

/*
 * Verify one evidence file of `kind` at `path`.  Returns "verified",
 * "broken" or "unverified" and writes a one-line detail.
 */
static const char *evidence_verify_file(const struct assess_ctx *c, const char *kind,
					const char *path, bool verify, char *detail, size_t n)
{
	if (!verify) {
		snprintf(detail, n, "present; verification not requested");
		return "unverified";
	}
	if (strcmp(kind, "lineage") == 0)
		return verify_lineage(c, path, detail, n);
	if (strcmp(kind, "ledger") == 0)
		return verify_ledger(c, path, detail, n);
	if (strcmp(kind, "monitoring") == 0)
		return verify_monitoring(path, detail, n);
	if (strcmp(kind, "probes") == 0)
		return verify_probes(c, path, detail, n);
	snprintf(detail, n, "present; aisec has no %s verifier", kind);
	return "unverified";
}

/* Check one kind of evidence (this reads and hashes files: done once per assessment). */
static json_t *evidence_compute(const struct assess_ctx *c, const char *kind)
{
	char field[64], full[4096], detail[2048];
	const struct assess_fact *f;
	struct stat st;
	const char *status;

	snprintf(field, sizeof(field), "evidence.%s", kind);
	f = profile_fact(c->p, field);
	if (!f)
		return json_pack("{s:s, s:s}", "kind", kind, "status", "not_declared");
	resolve(c, f->value, full, sizeof(full));
	if (stat(full, &st) != 0) {
		snprintf(detail, sizeof(detail), "'%s' does not exist", f->value);
		status = "missing";
	} else {
		status = evidence_verify_file(c, kind, full, c->verify_evidence, detail,
					      sizeof(detail));
	}
	return json_pack("{s:s, s:s, s:s, s:s, s:i}", "kind", kind, "status", status, "path",
			 f->value, "detail", detail, "line", f->line);
}

json_t *evidence_status(const struct assess_ctx *c, const char *kind)
{
	json_t *ev, *done, *s;

	/* Art. 15: without probe results, monitoring results show the observed
	 * levels against the declared ones (Art. 15(3)) */
	if (strcmp(kind, "probes") == 0 && !profile_fact(c->p, "evidence.probes") &&
	    profile_fact(c->p, "evidence.monitoring"))
		kind = "monitoring";
	ev = json_object_get(c->doc, "evidence");
	done = ev ? json_object_get(ev, kind) : NULL;

	if (!done)
		return evidence_compute(c, kind);
	s = json_pack("{s:s}", "kind", kind);
	if (s)
		json_object_update(s, done);
	return s;
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
		json_t *s = evidence_compute(c, kinds[i]);

		json_object_del(s, "kind");
		json_object_set_new(ev, kinds[i], s);
	}
	json_object_set_new(c->doc, "evidence", ev);
	return 0;
}
