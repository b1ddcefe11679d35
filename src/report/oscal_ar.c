/*
 * oscal_ar.c - the findings as OSCAL assessment results (oscal-version
 * OSCAL_VERSION).  One result holds:
 *
 *   observations  what the profile and the evidence show: one per
 *                 classification basis, one per threat (why it applies) and
 *                 one per evidence kind; relevant-evidence points at the
 *                 profile file with "field = value (line N)" descriptions.
 *   risks         one per threat: threat-ids (MITRE ATLAS and ours), two
 *                 characterizations (prop state=initial and state=adjusted,
 *                 i.e. before and after the controls in place) with facets
 *                 likelihood, impact and risk in NIST's system
 *                 "http://csrc.nist.gov/ns/oscal" (the facet names NIST
 *                 defines) and attack-potential and its rating in ours,
 *                 "https://aisec.dev/ns/oscal/etsi-tvra", the controls
 *                 as mitigating factors and the standards to adopt as
 *                 recommended remediations.  Status "closed" when the
 *                 residual risk is minor, else "open".
 *   findings      one per requirement, target objective "<requirement>_obj"
 *                 (the assessment-objective part of the same control in
 *                 `aisec catalog export --format oscal-catalog`), satisfied
 *                 only when covered; the reason says why; the observations
 *                 behind it as related-observations.
 *   import-ap     the assessment plan (`--format oscal-ap`, oscal_ap.c) for
 *                 the same profiles and date, by its UUID and location.
 *
 * UUIDs are version 5 from stable names and every timestamp is the
 * findings' as_of date at midnight UTC, so the output is byte-stable.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define TVRA_SYSTEM OSCAL_NS "/etsi-tvra"
#define NIST_SYSTEM "http://csrc.nist.gov/ns/oscal"

struct ar {
	const json_t *doc;
	const char *file;
	char base[512];  /* stable name prefix for UUIDs */
	char when[OSCAL_DATETIME_LEN + 1];
	char tool[REPORT_UUID_LEN + 1];    /* component uuid of aisec */
	char profile[REPORT_UUID_LEN + 1]; /* back-matter resource of the profile */
	json_t *observations;
	int err;
};

static void set_err(struct ar *a, int rc)
{
	if (rc && !a->err)
		a->err = rc;
}

/* A new object whose first member is uuid5("<base>/<kind>/<id>"). */
static json_t *uuid_obj(struct ar *a, const char *kind, const char *id)
{
	json_t *o = json_object();

	if (!o) {
		set_err(a, AISEC_ERR_NOMEM);
		return NULL;
	}
	set_err(a, oscal_uuid_set(o, "%s/%s/%s", a->base, kind, id));
	return o;
}

/* relevant-evidence entries "profile field x = v (line N)" for each fact. */
static json_t *facts_evidence(struct ar *a, const json_t *facts)
{
	json_t *ev = json_array();
	struct aisec_buf b;
	json_t *f;
	size_t i;

	aisec_buf_init(&b, 0);
	json_array_foreach(facts, i, f) {
		aisec_buf_reset(&b);
		aisec_buf_addf(&b, "profile field %s = %s", doc_str(f, "field"),
			       doc_str(f, "value"));
		if (doc_int(f, "line") > 0)
			aisec_buf_addf(&b, " (line %lld)", doc_int(f, "line"));
		json_array_append_new(ev, json_pack("{s:s, s:s}", "href", a->file, "description",
						    b.data));
	}
	aisec_buf_release(&b);
	return ev;
}

static json_t *origin(struct ar *a)
{
	return json_pack("{s:[{s:s, s:s}]}", "actors", "type", "tool", "actor-uuid", a->tool);
}

static json_t *origins(struct ar *a)
{
	return json_pack("[o]", origin(a));
}

/*
 * Add an observation with the evidence array `ev` (taken); returns its uuid
 * (owned by the observation) or NULL.
 */
static const char *observe(struct ar *a, const char *name, const char *title,
			   const char *description, const char *method, const char *type,
			   json_t *ev)
{
	json_t *o = uuid_obj(a, "observation", name);

	if (!o) {
		json_decref(ev);
		return NULL;
	}
	json_object_set_new(o, "title", json_string(title));
	json_object_set_new(o, "description", json_string(*description ? description : title));
	json_object_set_new(o, "methods", json_pack("[s]", method));
	json_object_set_new(o, "types", json_pack("[s]", type));
	json_object_set_new(o, "origins", origins(a));
	if (json_array_size(ev))
		json_object_set_new(o, "relevant-evidence", ev);
	else
		json_decref(ev);
	json_object_set_new(o, "collected", json_string(a->when));
	if (json_array_append_new(a->observations, o)) {
		set_err(a, AISEC_ERR_NOMEM);
		return NULL;
	}
	return json_string_value(json_object_get(o, "uuid"));
}

/*
 * A link from a risk or finding to an observation: href "#<uuid>", rel
 * "related-observation", kept beside OSCAL's own related-observations
 * (related()): the published 1.2.0 JSON schema defines those with
 * `required: [observation-uuid]` but no `properties` and
 * `additionalProperties: false`, so a 1.2.0 validator rejects every value
 * (usnistgov/OSCAL#2178); consumers of either kind find the observations.
 */
static json_t *obs_link(const char *uuid)
{
	char href[REPORT_UUID_LEN + 2];

	snprintf(href, sizeof(href), "#%s", uuid);
	return json_pack("{s:s, s:s}", "href", href, "rel",
			 "related-observation");
}

/* related-observations [{observation-uuid}] from a list of obs_link()s (new reference). */
static json_t *related(const json_t *links)
{
	json_t *out = json_array(), *l;
	size_t i;

	json_array_foreach(links, i, l)
		json_array_append_new(out, json_pack("{s:s}", "observation-uuid",
						     doc_str(l, "href") + 1));
	return out;
}

static void classification_observations(struct ar *a, json_t *class_obs)
{
	static const struct {
		const char *key, *name, *title, *field;
	} kinds[] = {
		{"basis", "basis", "Classification basis", "article"},
		{"prohibited", "prohibited", "Prohibited practice", "point"},
		{"transparency", "transparency", "Transparency duty", "article"},
	};
	const json_t *cls = doc_obj(a->doc, "classification");
	json_t *it;
	size_t i;
	char name[64], title[512];
	const char *u;

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		json_array_foreach(doc_arr(cls, kinds[k].key), i, it) {
			snprintf(name, sizeof(name), "%s-%zu", kinds[k].name, i);
			snprintf(title, sizeof(title), "%s: %s", kinds[k].title,
				 doc_str(it, kinds[k].field));
			u = observe(a, name, title, doc_str(it, "text"), "EXAMINE",
				    "control-objective", facts_evidence(a, doc_arr(it, "facts")));
			if (u)
				json_array_append_new(class_obs, obs_link(u));
		}
}

/* One observation per evidence kind ("lineage", "ledger"); kind -> uuid in `by_kind`. */
static void evidence_observations(struct ar *a, json_t *by_kind)
{
	const char *kind;
	json_t *ev;
	char title[256], desc[1024], name[128];

	json_object_foreach(doc_obj(a->doc, "evidence"), kind, ev) {
		const char *st = doc_str(ev, "status");
		const char *u;

		snprintf(name, sizeof(name), "evidence-%s", kind);
		snprintf(title, sizeof(title), "Evidence: %s (%s)", kind, st);
		snprintf(desc, sizeof(desc), "%s evidence is %s%s%s%s%s", kind, st,
			 *doc_str(ev, "path") ? " at " : "", doc_str(ev, "path"),
			 *doc_str(ev, "detail") ? ": " : "", doc_str(ev, "detail"));
		u = observe(a, name, title, desc,
			    !strcmp(st, "verified") || !strcmp(st, "broken") ? "TEST" : "EXAMINE",
			    "control-objective",
			    *doc_str(ev, "path") ? json_pack("[{s:s, s:s}]", "href",
							     doc_str(ev, "path"), "description",
							     desc)
						 : NULL);
		if (u)
			json_object_set_new(by_kind, kind, json_string(u));
	}
}

static json_t *facets(const json_t *r, const json_t *impact_src)
{
	char ap[64];
	json_t *f;

	if (json_is_integer(json_object_get(doc_obj(r, "attack_potential"), "sum")))
		snprintf(ap, sizeof(ap), "%lld", doc_path_int(r, "attack_potential.sum"));
	else
		ap[0] = '\0'; /* no sum in the scheme: the empty facet is dropped below */
	f = json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}, "
		      "{s:s, s:s, s:s}]",
		      "name", "likelihood", "system", NIST_SYSTEM, "value",
		      doc_path_str(r, "likelihood.level"), "name", "impact", "system", NIST_SYSTEM,
		      "value", doc_path_str(impact_src, "impact.level"), "name", "risk", "system",
		      NIST_SYSTEM, "value", doc_path_str(r, "risk.level"), "name",
		      "attack-potential", "system", TVRA_SYSTEM, "value", ap, "name",
		      "attack-potential-rating", "system", TVRA_SYSTEM, "value",
		      doc_path_str(r, "attack_potential.rating"));
	/* a facet value is a non-empty line: drop the empty ones */
	for (size_t i = json_array_size(f); i-- > 0;)
		if (!*doc_str(json_array_get(f, i), "value"))
			json_array_remove(f, i);
	return f;
}

static json_t *characterization(struct ar *a, const char *state, const json_t *r,
				const json_t *impact_src)
{
	return json_pack("{s:[{s:s, s:s}], s:o, s:o}", "props", "name", "state", "value", state,
			 "origin", origin(a), "facets", facets(r, impact_src));
}

static json_t *threat_ids(const json_t *t)
{
	json_t *ids = json_array();
	json_t *v;
	size_t i;
	char uri[256];

	snprintf(uri, sizeof(uri), OSCAL_NS "/threat/%s", doc_str(t, "id"));
	json_array_append_new(ids, json_pack("{s:s, s:s}", "system", OSCAL_NS "/threat", "id",
					     uri));
	json_array_foreach(doc_arr(t, "atlas"), i, v) {
		snprintf(uri, sizeof(uri), "https://atlas.mitre.org/techniques/%s", doc_s(v));
		json_array_append_new(ids, json_pack("{s:s, s:s, s:s}", "system",
						     "https://atlas.mitre.org", "href", uri, "id",
						     uri));
	}
	return ids;
}

static void risks(struct ar *a, json_t *out)
{
	const json_t *ns = doc_arr(doc_obj(a->doc, "next_steps"), "standards");
	json_t *it;
	size_t i;

	json_array_foreach(doc_arr(a->doc, "risks"), i, it) {
		const char *tid = doc_str(it, "threat");
		const json_t *t = doc_find(a->doc, "threats", "id", tid);
		const json_t *res = doc_obj(it, "residual") ? doc_obj(it, "residual") : it;
		const json_t *r0 = json_array_get(doc_arr(t, "reasons"), 0);
		json_t *risk = uuid_obj(a, "risk", tid);
		json_t *mit = json_array(), *rem = json_array(), *c, *s, *cv;
		struct aisec_buf b;
		const char *obs;
		char title[512];
		size_t k, m;

		if (!risk || !mit || !rem) {
			json_decref(risk);
			json_decref(mit);
			json_decref(rem);
			set_err(a, AISEC_ERR_NOMEM);
			return;
		}
		snprintf(title, sizeof(title), "Why %s applies", tid);
		obs = observe(a, tid, title, doc_str(r0, "text"), "EXAMINE", "discovery",
			      facts_evidence(a, doc_arr(r0, "facts")));
		aisec_buf_init(&b, 0);
		aisec_buf_addf(&b, "%s: risk %lld (%s) before controls, %lld (%s) after. Impact %s",
			       *doc_str(t, "name") ? doc_str(t, "name") : tid,
			       doc_path_int(it, "risk.value"), doc_path_str(it, "risk.level"),
			       doc_path_int(res, "risk.value"), doc_path_str(res, "risk.level"),
			       doc_path_str(it, "impact.level"));
		if (*doc_path_str(it, "impact.why"))
			aisec_buf_addf(&b, ": %s", doc_path_str(it, "impact.why"));
		aisec_buf_addch(&b, '.');
		json_object_set_new(risk, "title",
				    json_string(*doc_str(t, "name") ? doc_str(t, "name") : tid));
		json_object_set_new(risk, "description",
				    json_string(*doc_str(r0, "text") ? doc_str(r0, "text")
								     : doc_str(t, "name")));
		json_object_set_new(risk, "statement", json_string(b.data));
		aisec_buf_release(&b);
		json_object_set_new(risk, "status",
				    json_string(doc_risk_rank(doc_path_str(res, "risk.level")) <= 1
							&& json_array_size(doc_arr(it, "controls"))
						? "closed"
						: "open"));
		json_object_set_new(risk, "origins", origins(a));
		json_object_set_new(risk, "threat-ids", threat_ids(t ? t : it));
		json_object_set_new(risk, "characterizations",
				    json_pack("[o, o]", characterization(a, "initial", it, it),
					      characterization(a, "adjusted", res, it)));
		json_array_foreach(doc_arr(it, "controls"), k, c) {
			json_t *mf = json_object();
			char d[256];

			set_err(a, oscal_uuid_set(mf, "%s/mitigation/%s/%s", a->base, tid,
						  doc_s(c)));
			snprintf(d, sizeof(d), "control in place: %s", doc_s(c));
			json_object_set_new(mf, "description", json_string(d));
			json_array_append_new(mit, mf);
		}
		/* remediations: the standards the next steps name for this threat */
		json_array_foreach(ns, k, s)
			json_array_foreach(doc_arr(s, "covers"), m, cv)
				if (!strcmp(doc_s(cv), tid)) {
					json_t *r = json_object();
					char rt[256];

					set_err(a, oscal_uuid_set(r, "%s/remediation/%s/%s",
								  a->base, tid,
								  doc_str(s, "id")));
					snprintf(rt, sizeof(rt), "Adopt %s (%s)", doc_str(s, "id"),
						 doc_str(s, "stage"));
					json_object_set_new(r, "lifecycle",
							    json_string("recommendation"));
					json_object_set_new(r, "title", json_string(rt));
					json_object_set_new(
						r, "description",
						json_string(*doc_str(s, "reason")
								    ? doc_str(s, "reason")
								    : rt));
					json_array_append_new(rem, r);
					break;
				}
		if (json_array_size(mit))
			json_object_set_new(risk, "mitigating-factors", mit);
		else
			json_decref(mit);
		if (json_array_size(rem))
			json_object_set_new(risk, "remediations", rem);
		else
			json_decref(rem);
		if (obs) {
			json_object_set_new(risk, "links",
					    json_pack("[o]", obs_link(obs)));
			json_object_set_new(risk, "related-observations",
					    json_pack("[{s:s}]", "observation-uuid", obs));
		}
		json_array_append_new(out, risk);
	}
}

static void findings(struct ar *a, json_t *out, const json_t *class_obs, const json_t *ev_obs)
{
	json_t *it;
	size_t i;

	json_array_foreach(doc_arr(a->doc, "requirements"), i, it) {
		const char *rid = doc_str(it, "id");
		const char *st = doc_str(it, "status");
		const json_t *cov = NULL, *c;
		json_t *f = uuid_obj(a, "finding", rid);
		json_t *target, *props = json_array(), *rel;
		struct aisec_buf b;
		char tid[256];
		size_t k;

		if (!f) {
			json_decref(props);
			return;
		}
		json_array_foreach(doc_arr(a->doc, "coverage"), k, c)
			if (!strcmp(doc_str(c, "kind"), "requirement") && !strcmp(doc_str(c, "id"), rid))
				cov = c;
		aisec_buf_init(&b, 0);
		aisec_buf_addf(&b, "%s %s", doc_str(it, "article"), doc_str(it, "title"));
		json_object_set_new(f, "title", json_string(b.data));
		aisec_buf_reset(&b);
		aisec_buf_addf(&b, "%s (applies from %s%s): %s", !strcmp(st, "gap") ? "a gap" : st,
			       doc_str(it, "applies_from"),
			       doc_bool(it, "applies_now") ? ", in force" : "",
			       *doc_str(cov, "reason") ? doc_str(cov, "reason") : st);
		json_object_set_new(f, "description", json_string(b.data));
		snprintf(tid, sizeof(tid), "%s_obj", rid);
		target = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}}", "type", "objective-id",
				   "target-id", tid, "status", "state",
				   !strcmp(st, "covered") ? "satisfied" : "not-satisfied", "reason",
				   !strcmp(st, "covered") ? "pass" : "fail", "remarks", b.data);
		aisec_buf_release(&b);
		oscal_add_prop(props, "coverage-status", st);
		oscal_add_prop(props, "article", doc_str(it, "article"));
		oscal_add_prop(props, "applies-from", doc_str(it, "applies_from"));
		oscal_set_props(target, props);
		json_object_set_new(f, "target", target);
		json_object_set_new(f, "origins", origins(a));
		rel = json_deep_copy(class_obs);
		if (json_object_get(ev_obs, doc_path_str(it, "evidence.kind")))
			json_array_append_new(
			    rel,
			    obs_link(json_string_value(json_object_get(
				ev_obs, doc_path_str(it, "evidence.kind")))));
		if (json_array_size(rel)) {
			json_object_set_new(f, "related-observations", related(rel));
			json_object_set_new(f, "links", rel);
		} else
			json_decref(rel);
		json_array_append_new(out, f);
	}
}

/* What one findings document contributes to an assessment-results document. */
struct ar_part {
	json_t *result;   /* the result */
	json_t *resource; /* back-matter resource of its profile */
	json_t *party;    /* the provider, or NULL */
	char base[512];   /* its UUID name prefix */
	char when[OSCAL_DATETIME_LEN + 1];
};

static void part_release(struct ar_part *p)
{
	json_decref(p->result);
	json_decref(p->resource);
	json_decref(p->party);
}

static json_t *result_of(struct ar *a, json_t *rs, json_t *fs)
{
	const json_t *d = a->doc;
	const json_t *b0 = json_array_get(doc_arr(doc_obj(d, "classification"), "basis"), 0);
	json_t *result, *props, *ctl, *tool, *req;
	char title[256], u[REPORT_UUID_LEN + 1];
	struct aisec_buf b;
	size_t i;

	set_err(a, report_uuid5f(u, "platform/aisec/%s", doc_str(d, "aisec_version")));
	ctl = json_array();
	json_array_foreach(doc_arr(d, "requirements"), i, req)
		json_array_append_new(ctl, json_pack("{s:s}", "control-id", doc_str(req, "id")));
	tool = oscal_aisec_assets(a->tool, u);
	snprintf(title, sizeof(title), "aisec assessment of %s as of %s",
		 doc_path_str(d, "system.name"), doc_str(d, "as_of"));
	aisec_buf_init(&b, 0);
	aisec_buf_addf(&b, "Class under Regulation (EU) 2024/1689: %s",
		       doc_path_str(d, "classification.class"));
	if (b0)
		aisec_buf_addf(&b, " (%s: %s)", doc_str(b0, "article"), doc_str(b0, "text"));
	aisec_buf_addf(&b, ". %zu requirements, %zu threats, %zu report gaps.",
		       json_array_size(doc_arr(d, "requirements")),
		       json_array_size(doc_arr(d, "threats")), json_array_size(doc_arr(d, "gaps")));
	result = json_pack("{s:s, s:s, s:s, s:s, s:s}", "uuid", "", "title", title, "description",
			   b.data, "start", a->when, "end", a->when);
	aisec_buf_release(&b);
	if (!result) {
		json_decref(ctl);
		json_decref(tool);
		set_err(a, AISEC_ERR_NOMEM);
		return NULL;
	}
	set_err(a, oscal_uuid_set(result, "%s/result", a->base));
	props = json_array();
	oscal_add_prop(props, "ai-act-class", doc_path_str(d, "classification.class"));
	oscal_add_prop(props, "applies-from", doc_path_str(d, "classification.applies_from"));
	oscal_add_prop(props, "assurance-level",
		       doc_path_str(d, "next_steps.assurance_level.level"));
	oscal_add_prop(props, "profile", a->file);
	oscal_set_props(result, props);
	json_object_set_new(result, "local-definitions",
			    json_pack("{s:o}", "assessment-assets", tool));
	json_object_set_new(result, "reviewed-controls",
			    json_array_size(ctl)
				    ? json_pack("{s:[{s:O}]}", "control-selections",
						"include-controls", ctl)
				    : json_pack("{s:[{s:{}}]}", "control-selections", "include-all"));
	json_decref(ctl);
	if (json_array_size(a->observations))
		json_object_set(result, "observations", a->observations);
	if (json_array_size(rs))
		json_object_set(result, "risks", rs);
	if (json_array_size(fs))
		json_object_set(result, "findings", fs);
	return result;
}

static int part_of(const struct report_ctx *c, struct ar_part *p, struct aisec_error *err)
{
	const json_t *d = c->doc;
	const json_t *sys = doc_obj(d, "system");
	struct ar a = {0};
	json_t *class_obs, *ev_obs, *rs, *fs;

	memset(p, 0, sizeof(*p));
	a.doc = d;
	a.file = *doc_path_str(d, "profile.file") ? doc_path_str(d, "profile.file") : "profile";
	snprintf(a.base, sizeof(a.base), "oscal-ar/%s/%s/%s/%s", a.file, doc_str(sys, "name"),
		 doc_str(sys, "version"), doc_str(d, "as_of"));
	if (oscal_datetime(doc_str(d, "as_of"), a.when))
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "report 'oscal-ar': findings: field 'as_of': not a date '%s'",
				       doc_str(d, "as_of"));
	set_err(&a, report_uuid5f(a.tool, "tool/aisec/%s", doc_str(d, "aisec_version")));
	set_err(&a, report_uuid5f(a.profile, "%s/resource/profile", a.base));
	a.observations = json_array();
	class_obs = json_array();
	ev_obs = json_object();
	rs = json_array();
	fs = json_array();
	classification_observations(&a, class_obs);
	evidence_observations(&a, ev_obs);
	risks(&a, rs);
	findings(&a, fs, class_obs, ev_obs);
	p->result = result_of(&a, rs, fs);
	p->resource = oscal_profile_resource(a.profile, a.file);
	if (*doc_str(sys, "provider")) {
		p->party = json_pack("{s:s, s:s, s:s}", "uuid", "", "type", "organization", "name",
				     doc_str(sys, "provider"));
		if (p->party)
			set_err(&a, oscal_uuid_set(p->party, "party/%s", doc_str(sys, "provider")));
	}
	snprintf(p->base, sizeof(p->base), "%s", a.base);
	memcpy(p->when, a.when, sizeof(p->when));
	json_decref(a.observations);
	json_decref(class_obs);
	json_decref(ev_obs);
	json_decref(rs);
	json_decref(fs);
	if (!a.err && (!p->result || !p->resource))
		a.err = AISEC_ERR_NOMEM;
	if (a.err) {
		part_release(p);
		memset(p, 0, sizeof(*p));
		return aisec_error_set(err, a.err, "report 'oscal-ar': %s", aisec_strerror(a.err));
	}
	return 0;
}

/* Metadata: the system when there is one, else how many; the latest as_of. */
static json_t *ar_metadata(const struct report_ctx *cs, size_t n, const struct ar_part *parts)
{
	const json_t *d = cs[0].doc;
	const json_t *sys = doc_obj(d, "system");
	const char *when = parts[0].when;
	char title[512], version[128];
	json_t *md, *props;

	for (size_t i = 1; i < n; i++)
		if (strcmp(parts[i].when, when) > 0)
			when = parts[i].when;
	if (n == 1) {
		snprintf(title, sizeof(title), "AI Act and cybersecurity assessment: %s%s%s",
			 doc_str(sys, "name"), *doc_str(sys, "version") ? " " : "",
			 doc_str(sys, "version"));
		snprintf(version, sizeof(version), "%s", doc_str(sys, "version"));
	} else {
		snprintf(title, sizeof(title), "AI Act and cybersecurity assessment: %zu systems", n);
		snprintf(version, sizeof(version), "%.10s", when);
	}
	md = oscal_metadata(title, when, version);
	props = json_array();
	if (n == 1)
		oscal_add_prop(props, "ai-act-class", doc_path_str(d, "classification.class"));
	oscal_add_prop(props, "aisec-version", doc_str(d, "aisec_version"));
	oscal_add_prop(props, "catalog-version", doc_path_str(d, "catalog.version"));
	oscal_add_prop(props, "findings-schema", doc_str(d, "schema"));
	oscal_set_props(md, props);
	return md;
}

/* One assessment-results document with a result per findings document. */
int report_oscal_ar_many(const struct report_ctx *cs, size_t n, struct aisec_buf *out,
			 struct aisec_error *err)
{
	struct ar_part *parts = calloc(n ? n : 1, sizeof(*parts));
	json_t *results = json_array(), *resources = json_array(), *parties = json_array();
	json_t *seen = json_object(), *md = NULL, *ar = NULL, *root = NULL;
	struct aisec_buf names;
	char href[REPORT_UUID_LEN + 2];
	int rc = parts && results && resources && parties && seen && n ? 0 : AISEC_ERR_NOMEM;
	size_t done = 0;

	aisec_buf_init(&names, 0);
	for (; rc == 0 && done < n; done++)
		rc = part_of(&cs[done], &parts[done], err);
	if (rc)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const char *pu = json_string_value(json_object_get(parts[i].party, "uuid"));

		json_array_append(results, parts[i].result);
		json_array_append(resources, parts[i].resource);
		if (pu && !json_object_get(seen, pu)) {
			json_object_set_new(seen, pu, json_true());
			json_array_append(parties, parts[i].party);
		}
		aisec_buf_addf(&names, "%s\n", parts[i].base);
	}
	md = ar_metadata(cs, n, parts);
	if (md && json_array_size(parties))
		json_object_set(md, "parties", parties);
	/* the plan: `aisec assess --format oscal-ap` for the same profiles and date */
	{
		char ap[REPORT_UUID_LEN + 1], res[REPORT_UUID_LEN + 1];
		const char *loc = cs[0].opt->oscal_ap_href ? cs[0].opt->oscal_ap_href
							   : "oscal-ap.json";

		rc = report_oscal_ap_uuid(cs, n, ap);
		if (!rc)
			rc = report_uuid5f(res, "oscal-ar/assessment-plan/%s", ap);
		if (!rc)
			json_array_insert_new(
				resources, 0,
				json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s}], s:[{s:s, s:s}]}",
					  "uuid", res, "title", "Assessment plan", "description",
					  "The OSCAL assessment plan these results carry out, written "
					  "by `aisec assess --format oscal-ap` for the same profiles "
					  "and date (assessment-plan uuid in the prop).",
					  "props", "name", "assessment-plan-uuid", "ns", OSCAL_NS,
					  "value", ap, "rlinks", "href", loc, "media-type",
					  "application/oscal.ap+json"));
		if (rc)
			goto out;
		snprintf(href, sizeof(href), "#%s", res);
	}
	ar = json_pack("{s:s, s:o, s:{s:s}, s:O, s:{s:O}}", "uuid", "", "metadata", md,
		       "import-ap", "href", href, "results", results, "back-matter", "resources",
		       resources);
	md = NULL;
	rc = ar ? oscal_uuid_set(ar, "%s", n == 1 ? parts[0].base : names.data) : AISEC_ERR_NOMEM;
	if (rc == 0 && !(root = json_pack("{s:o}", "assessment-results", ar)))
		rc = AISEC_ERR_NOMEM;
	ar = NULL;
	if (rc)
		aisec_error_set(err, rc, "report 'oscal-ar': %s", aisec_strerror(rc));
out:
	for (size_t i = 0; i < done; i++)
		part_release(&parts[i]);
	free(parts);
	aisec_buf_release(&names);
	json_decref(results);
	json_decref(resources);
	json_decref(parties);
	json_decref(seen);
	json_decref(ar);
	if (rc) {
		json_decref(root);
		return rc;
	}
	return emit_json(root, out, "oscal-ar", err);
}

int report_oscal_ar(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err)
{
	return report_oscal_ar_many(c, 1, out, err);
}
