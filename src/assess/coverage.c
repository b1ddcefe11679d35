/*
 * coverage.c - the requirements that apply to the system, and how far each
 * requirement and each selected threat is covered: `covered` (a standard the
 * organisation applies plus a control in place or verified evidence),
 * `coverable` (standards exist: which, and their status today), or `gap`
 * (nothing exists; the report's gaps say why).  Never "satisfied" because
 * nothing was found.  Also the report's gaps relevant to this system.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/internal.h"

/* Standards listed per item; the rest is counted (available_count). */
#define MAX_AVAILABLE 6

static bool in_strv(const char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* Did an Art. 50 paragraph among `paras` ("50(1)", ...) apply? */
static bool art50(const struct assess_ctx *c, const char *const *paras)
{
	json_t *list = json_object_get(
		   json_object_get(c->doc, "classification"), "transparency"),
	       *e;
	size_t i;

	json_array_foreach(list, i, e) for (size_t k = 0; paras[k]; k++) if (
	    strstr(json_string_value(json_object_get(e, "article")),
		   paras[k])) return true;
	return false;
}

/* Is Annex III point `id` among the points found (NULL = any point but 2)? */
static bool annex_iii_has(const struct assess_ctx *c, const char *id)
{
	json_t *pts = json_object_get(
		   json_object_get(json_object_get(c->doc, "classification"),
				   "annex_iii"),
		   "points"),
	       *e;
	size_t i;

	json_array_foreach(pts, i,
			   e) if (id ? strcmp(json_string_value(e), id) == 0
				     : strcmp(json_string_value(e), "2") !=
					   0) return true;
	return false;
}

/* Does the operator carry the provider's obligations (Art. 16, 25(1), 25(3))?
 */
static bool is_provider(const struct assess_ctx *c)
{
	return profile_role(c->p, "provider") || c->becomes_provider ||
	       (c->annex_i && profile_role(c->p, "product_manufacturer"));
}

/*
 * Whether requirement r applies, and whose duty it is (`*role`, a label for
 * the findings): provider duties to providers, deployer duties to deployers,
 * and each other operator's own duties (Art. 22-25) to it.
 */
static bool applies(const struct assess_ctx *c,
		    const struct aisec_requirement *r, const char **role)
{
	bool hr = strcmp(c->klass, "high-risk") == 0 && !c->section_b;
	bool fundamental =
	    hr && c->annex_iii && !c->exempt && annex_iii_has(c, NULL);
	const char *to = r->applies_to ? r->applies_to : "";

	*role = "provider";
	if (c->out_of_scope)
		return false;
	if (c->model) {
		*role = "provider of the general-purpose AI model";
		return (strcmp(to, "gpai") == 0 && c->gpai) ||
		       (strcmp(to, "gpai-systemic") == 0 && c->systemic);
	}
	/* Art. 5 is a rule for everyone, but a finding only where a point was
	 * found */
	if (strcmp(r->id, "prohibited_practices") == 0) {
		*role = "every operator";
		return c->art5_listed;
	}
	if (strcmp(to, "all") == 0) {
		/* Art. 4 binds providers and deployers, not the other operators
		 */
		*role = "provider and deployer";
		return is_provider(c) || profile_role(c->p, "deployer");
	}
	if (strcmp(to, "high-risk") == 0)
		return hr && is_provider(c);
	if (strcmp(to, "provider") == 0) {
		/* an Art. 6(3)-exempt system is still registered (Art. 49(2)) */
		if (c->exempt && strcmp(r->id, "registration") == 0)
			return is_provider(c);
		return hr && is_provider(c);
	}
	if (strcmp(to, "deployer") == 0) {
		*role = "deployer";
		if (!hr || !profile_role(c->p, "deployer"))
			return false;
		/* Art. 27(1): public bodies, private entities providing public
		   services, and deployers of Annex III points 5(b) and 5(c);
		   never point 2 */
		if (strcmp(r->id, "fundamental_rights_impact") == 0)
			return fundamental &&
			       (profile_has(c->p, "system.public_service",
					    "true") ||
				annex_iii_has(c, "5(b)") ||
				annex_iii_has(c, "5(c)"));
		/* Art. 86(1): decisions on Annex III systems, except point 2 */
		if (strcmp(r->id, "right_to_explanation") == 0)
			return fundamental;
		return true;
	}
	if (strcmp(to, "transparency") == 0)
		return is_provider(c) &&
		       art50(c, (const char *const[]){"50(1)", "50(2)", NULL});
	if (strcmp(to, "deployer-transparency") == 0) {
		*role = "deployer";
		return profile_role(c->p, "deployer") &&
		       art50(c, (const char *const[]){"50(3)", "50(4)", NULL});
	}
	if (strcmp(to, "gpai") == 0 || strcmp(to, "gpai-systemic") == 0) {
		*role = "provider of the general-purpose AI model";
		return strcmp(to, "gpai") == 0 ? c->gpai : c->systemic;
	}
	if (strcmp(to, "importer") == 0 || strcmp(to, "distributor") == 0 ||
	    strcmp(to, "authorised_representative") == 0) {
		*role = strcmp(to, "authorised_representative") == 0
			    ? "authorised representative"
			    : to;
		return hr && profile_role(c->p, to);
	}
	if (strcmp(to, "product_manufacturer") == 0) {
		*role = "product manufacturer";
		return hr && c->annex_i &&
		       profile_role(c->p, "product_manufacturer");
	}
	return false;
}

int assess_requirements(struct assess_ctx *c, struct aisec_error *err)
{
	size_t n;
	const struct aisec_requirement *rq = aisec_catalog_requirements(c->cat, &n);
	const char *cls_from = json_string_value(
		json_object_get(json_object_get(c->doc, "classification"), "applies_from"));
	json_t *out = json_array();

	(void)err;
	json_object_set_new(c->doc, "requirements", out);
	for (size_t i = 0; i < n; i++) {
		const struct aisec_requirement *r = &rq[i];
		const char *to = r->applies_to ? r->applies_to : "";
		const char *from = r->applies_from_amended ? r->applies_from_amended : r->applies_from;
		const char *ek = evidence_kind_for(r->id);

		const char *role;

		if (!applies(c, r, &role))
			continue;
		if (strcmp(r->id, "prohibited_practices") == 0 && c->art5_from)
			from = c->art5_from; /* the date of the points found */
		/* high-risk duties follow the class's date (Annex III or Annex
		 * I) */
		if (strcmp(c->klass, "high-risk") == 0 &&
		    (strcmp(to, "high-risk") == 0 || strcmp(to, "provider") == 0 ||
		     strcmp(to, "deployer") == 0) && cls_from && from && strcmp(from, cls_from) < 0 &&
		    strcmp(from, c->rules->date_general) > 0)
			from = cls_from;
		if (strcmp(c->klass, "high-risk") == 0 && c->annex_i && !c->annex_iii && from &&
		    strcmp(from, c->rules->date_annex_iii) == 0)
			from = c->rules->date_annex_i;
		json_array_append_new(
		    out,
		    json_pack(
			"{s:s, s:s, s:o, s:s, s:o, s:b, s:o, s:s, s:o, s:s}",
			"id", r->id, "title", r->title, "article",
			jstr(r->article_final), "role", role, "applies_from",
			jstr(from), "applies_now", date_le(from, c->as_of),
			"cyber_relevance", jstr(r->cyber_relevance), "status",
			"gap", "evidence",
			ek ? evidence_status(c, ek) : json_null(), "source",
			r->source.cite ? r->source.cite : ""));
	}
	return 0;
}

/* ---- coverage ------------------------------------------------------------ */

static bool link_hits(const struct aisec_link *l, bool is_req, const char *id, unsigned goals)
{
	if (is_req)
		return l->target_kind == AISEC_LINK_REQUIREMENT && strcmp(l->target, id) == 0;
	if (l->target_kind == AISEC_LINK_THREAT)
		return strcmp(l->target, id) == 0;
	if (l->target_kind == AISEC_LINK_GOAL)
		return ((goals & AISEC_GOAL_CONFIDENTIALITY) && strcmp(l->target, "confidentiality") == 0) ||
		       ((goals & AISEC_GOAL_INTEGRITY) && strcmp(l->target, "integrity") == 0) ||
		       ((goals & AISEC_GOAL_AVAILABILITY) && strcmp(l->target, "availability") == 0);
	return false;
}

/* Per link: its standard, and whether the organisation applies it (by id, reference or alias). */
struct link_view {
	const struct aisec_standard *std;
	bool applied;
};

const struct aisec_standard **link_standards(const struct aisec_catalog *cat)
{
	size_t n;
	const struct aisec_link *links = aisec_catalog_links(cat, &n);
	const struct aisec_standard **v = calloc(n + 1, sizeof(*v));

	for (size_t i = 0; v && i < n; i++)
		/* links of one standard come together: reuse the previous lookup */
		v[i] = i && strcmp(links[i].standard, links[i - 1].standard) == 0
			? v[i - 1] : aisec_catalog_standard(cat, links[i].standard);
	return v;
}

static struct link_view *link_views(const struct assess_ctx *c, size_t *n)
{
	const struct aisec_standard *org[64];
	const struct aisec_standard **own = NULL;
	const struct aisec_standard *const *ls = c->link_std;
	struct link_view *v;
	size_t norg = 0;

	aisec_catalog_links(c->cat, n);
	if (!ls && !(ls = own = link_standards(c->cat)))
		return NULL;
	v = calloc(*n + 1, sizeof(*v));
	for (size_t i = 0; i < c->p->nfacts && norg < 64; i++)
		if (strcmp(c->p->facts[i].path, "organisation.standards") == 0 &&
		    (org[norg] = aisec_catalog_standard(c->cat, c->p->facts[i].value)))
			norg++;
	for (size_t i = 0; v && i < *n; i++) {
		v[i].std = ls[i];
		for (size_t k = 0; v[i].std && k < norg; k++)
			v[i].applied |= org[k] == v[i].std;
	}
	free(own);
	return v;
}

static bool arr_has(json_t *a, const char *key, const char *v)
{
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e) {
		json_t *x = key ? json_object_get(e, key) : e;

		if (json_is_string(x) && strcmp(json_string_value(x), v) == 0)
			return true;
	}
	return false;
}

static json_t *coverage_of(const struct assess_ctx *c, const struct link_view *lv, bool is_req,
			   const char *id, unsigned goals, bool evidence_verified)
{
	size_t nl, nc, ng;
	const struct aisec_link *links = aisec_catalog_links(c->cat, &nl);
	const struct aisec_control *ctl = aisec_catalog_controls(c->cat, &nc);
	const struct aisec_gap *gaps = aisec_catalog_gaps(c->cat, &ng);
	json_t *applied = json_array(), *controls = json_array(), *avail = json_array(),
	       *gl = json_array();
	const char *status;
	char reason[256];
	const struct aisec_standard **seen_std = calloc(nl + 1, sizeof(*seen_std));
	size_t nseen = 0;

	if (!seen_std)
		nl = 0;
	/* direct links to the requirement or threat first, then links to its goals */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nl; i++) {
			const struct aisec_link *l = &links[i];
			const struct aisec_standard *s = lv[i].std;
			bool seen = false;

			/* a standard that only describes the threat does not cover it */
			if (!s || (l->target_kind == AISEC_LINK_GOAL) != (pass == 1) ||
			    !aisec_link_covers(l) || !link_hits(l, is_req, id, goals))
				continue;
			if (lv[i].applied) {
				if (!arr_has(applied, "standard", s->id))
					json_array_append_new(applied,
							      json_pack("{s:s, s:s}", "standard", s->id,
									"link", l->kind ? l->kind : ""));
				continue;
			}
			if (aisec_stage_class(s->status_now.stage) == AISEC_STAGE_GONE)
				continue;
			for (size_t k = 0; k < nseen && !seen; k++)
				seen = seen_std[k] == s;
			if (seen)
				continue;
			seen_std[nseen++] = s;
			if (json_array_size(avail) < MAX_AVAILABLE)
				json_array_append_new(avail, json_pack("{s:s, s:o, s:o, s:s}", "standard", s->id,
								       "stage", jstr(s->status_now.stage),
								       "date", jstr(s->status_now.date),
								       "link", pass ? "goal" : "direct"));
		}
	}
	for (size_t i = 0; i < nc; i++) {
		const struct aisec_control *k = &ctl[i];

		if (!profile_has(c->p, "organisation.controls", k->id))
			continue;
		if (is_req ? in_strv(k->requirements, id) : in_strv(k->mitigates, id))
			json_array_append_new(controls, json_string(k->id));
	}
	for (size_t i = 0; i < ng; i++)
		if (in_strv(is_req ? gaps[i].requirements : gaps[i].threats, id))
			json_array_append_new(gl, json_string(gaps[i].id));
	if (json_array_size(applied) && (json_array_size(controls) || evidence_verified)) {
		status = "covered";
		snprintf(reason, sizeof(reason),
			 "%zu standard(s) the organisation applies cover it and %s",
			 json_array_size(applied),
			 json_array_size(controls) ? "a control is in place" : "its evidence verifies");
	} else if (json_array_size(applied)) {
		status = "coverable";
		snprintf(reason, sizeof(reason),
			 "a standard the organisation applies covers it, but no control in place or verified evidence shows it");
	} else if (json_array_size(avail)) {
		status = "coverable";
		snprintf(reason, sizeof(reason),
			 "no standard the organisation applies covers it; %zu exist", nseen);
	} else {
		status = "gap";
		snprintf(reason, sizeof(reason), "no standard in the knowledge base covers it%s",
			 json_array_size(gl) ? "; the report names it a gap" : "");
	}
	free(seen_std);
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:b, s:o, s:s}", "kind",
			 is_req ? "requirement" : "threat", "id", id, "status", status, "applied",
			 applied, "controls", controls, "available", avail, "available_count",
			 (json_int_t)nseen, "available_truncated", nseen > json_array_size(avail),
			 "gaps", gl, "reason", reason);
}

static void relevant_gaps(struct assess_ctx *c)
{
	size_t ng;
	const struct aisec_gap *gaps = aisec_catalog_gaps(c->cat, &ng);
	json_t *reqs = json_object_get(c->doc, "requirements");
	json_t *threats = json_object_get(c->doc, "threats");
	json_t *out = json_array();

	for (size_t i = 0; i < ng; i++) {
		const struct aisec_gap *g = &gaps[i];
		char why[512] = "";
		size_t off = 0;
		const char *ek = NULL;

		for (size_t k = 0; g->requirements && g->requirements[k]; k++) {
			if (!arr_has(reqs, "id", g->requirements[k]))
				continue;
			if (!ek)
				ek = evidence_kind_for(g->requirements[k]);
			off += (size_t)snprintf(why + off, off < sizeof(why) ? sizeof(why) - off : 0,
						"%srequirement '%s'", off ? ", " : "affects ",
						g->requirements[k]);
		}
		for (size_t k = 0; g->threats && g->threats[k]; k++) {
			if (!arr_has(threats, "id", g->threats[k]))
				continue;
			off += (size_t)snprintf(why + off, off < sizeof(why) ? sizeof(why) - off : 0,
						"%sthreat '%s'", off ? ", " : "affects ", g->threats[k]);
		}
		if (!off)
			continue;
		json_array_append_new(out, json_pack(
			"{s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:s}", "id", g->id, "title", g->title,
			"section", jstr(g->section), "kind", jstr(g->kind), "why", why,
			"partly_filled_by", json_array(), "filled_note",
			jstr(g->filled_note), "evidence", ek ? evidence_status(c, ek) : json_null(),
			"source", g->source.cite ? g->source.cite : ""));
		for (size_t k = 0; g->partly_filled_by && g->partly_filled_by[k]; k++)
			json_array_append_new(json_object_get(json_array_get(out, json_array_size(out) - 1),
							      "partly_filled_by"),
					      json_string(g->partly_filled_by[k]));
	}
	json_object_set_new(c->doc, "gaps", out);
}

int assess_coverage(struct assess_ctx *c, struct aisec_error *err)
{
	json_t *cov = json_array(), *reqs = json_object_get(c->doc, "requirements");
	json_t *threats = json_object_get(c->doc, "threats"), *e;
	size_t i, nl;
	struct link_view *lv = link_views(c, &nl);

	if (!lv) {
		json_decref(cov);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	json_array_foreach(reqs, i, e) {
		json_t *ev = json_object_get(e, "evidence");
		bool verified = ev && json_is_object(ev) &&
				strcmp(json_string_value(json_object_get(ev, "status")), "verified") == 0;
		json_t *cv = coverage_of(c, lv, true, json_string_value(json_object_get(e, "id")), 0,
					 verified);

		json_object_set(e, "status", json_object_get(cv, "status"));
		json_array_append_new(cov, cv);
	}
	json_array_foreach(threats, i, e) {
		const struct aisec_threat *t =
			aisec_catalog_threat(c->cat, json_string_value(json_object_get(e, "id")));

		if (t)
			json_array_append_new(cov, coverage_of(c, lv, false, t->id, t->goals, false));
	}
	free(lv);
	json_object_set_new(c->doc, "coverage", cov);
	relevant_gaps(c);
	return 0;
}
