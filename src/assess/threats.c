/*
 * threats.c - which of the catalog's threats fit this system (their
 * requires / any_of / amplified_by conditions against the profile's facts,
 * each with its reason), and the TVRA risk of each: the catalog's default
 * attack-potential factors, moved by the profile (tvra.yaml `adjust`), scored
 * before and after the controls in place.
 */
#include <stdio.h>
#include <string.h>

#include "assess/internal.h"

static int cond_err(const struct aisec_threat *t, const char *name, struct aisec_error *err)
{
	return aisec_error_set(err, AISEC_ERR_INVALID,
			       "'%s' line %d: threat '%s': unknown condition '%s'",
			       t->source.file ? t->source.file : "threats.yaml", t->source.line,
			       t->id, name);
}

static json_t *goals_json(unsigned g)
{
	json_t *a = json_array();

	if (g & AISEC_GOAL_CONFIDENTIALITY)
		json_array_append_new(a, json_string("confidentiality"));
	if (g & AISEC_GOAL_INTEGRITY)
		json_array_append_new(a, json_string("integrity"));
	if (g & AISEC_GOAL_AVAILABILITY)
		json_array_append_new(a, json_string("availability"));
	return a;
}

static json_t *strv_json(const char *const *v)
{
	json_t *a = json_array();

	for (size_t i = 0; v && v[i]; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

/* 1 selected (reasons filled), 0 not, <0 error. */
static int select_threat(const struct aisec_profile *p, const struct aisec_threat *t,
			 json_t *reasons, struct aisec_error *err)
{
	json_t *r;
	int any = 0, ret;

	for (size_t i = 0; t->requires && t->requires[i]; i++) {
		ret = threat_condition(p, t->requires[i], &r);
		if (ret < 0)
			return cond_err(t, t->requires[i], err);
		if (ret == 0)
			return 0;
		json_object_set_new(r, "role", json_string("requires"));
		json_array_append_new(reasons, r);
	}
	for (size_t i = 0; t->any_of && t->any_of[i]; i++) {
		ret = threat_condition(p, t->any_of[i], &r);
		if (ret < 0)
			return cond_err(t, t->any_of[i], err);
		if (ret == 0)
			continue;
		any++;
		json_object_set_new(r, "role", json_string("any_of"));
		json_array_append_new(reasons, r);
	}
	if (t->any_of && t->any_of[0] && !any)
		return 0;
	for (size_t i = 0; t->amplified_by && t->amplified_by[i]; i++) {
		bool dup = false;
		size_t k;
		json_t *e;

		json_array_foreach(reasons, k, e)
			dup |= strcmp(json_string_value(json_object_get(e, "condition")),
				      t->amplified_by[i]) == 0;
		if (dup)
			continue;
		ret = threat_condition(p, t->amplified_by[i], &r);
		if (ret < 0)
			return cond_err(t, t->amplified_by[i], err);
		if (ret == 0)
			continue;
		json_object_set_new(r, "role", json_string("amplified_by"));
		json_array_append_new(reasons, r);
	}
	return 1;
}

static int first_goal(unsigned g)
{
	return g & AISEC_GOAL_CONFIDENTIALITY ? 0 : g & AISEC_GOAL_INTEGRITY ? 1
		: g & AISEC_GOAL_AVAILABILITY ? 2 : 3;
}

/* Life-cycle position of a threat's first phase (unknown phases last). */
static int first_phase(const struct aisec_threat *t)
{
	static const char *const order[] = {"design", "data_collection", "data_preparation",
					    "training", "evaluation", "deployment", "operation",
					    "maintenance"};

	for (size_t i = 0; t->phases && t->phases[0] && i < 8; i++)
		if (strcmp(t->phases[0], order[i]) == 0)
			return (int)i;
	return 8;
}

int assess_threats(struct assess_ctx *c, struct aisec_error *err)
{
	size_t n;
	const struct aisec_threat *th = aisec_catalog_threats(c->cat, &n);
	json_t *out = json_array();

	json_object_set_new(c->doc, "threats", out);
	/* grouped by goal (C, I, A), then life-cycle phase, then catalog order */
	for (int g = 0; g <= 3; g++) {
		for (int ph = 0; ph <= 8; ph++) {
			for (size_t i = 0; i < n; i++) {
				const struct aisec_threat *t = &th[i];
				json_t *reasons;
				int ret;

				if (first_goal(t->goals) != g || first_phase(t) != ph)
					continue;
				reasons = json_array();
				ret = select_threat(c->p, t, reasons, err);
				if (ret <= 0) {
					json_decref(reasons);
					if (ret < 0)
						return ret;
					continue;
				}
				json_array_append_new(out, json_pack(
					"{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:s}",
					"id", t->id, "name", t->name, "goals", goals_json(t->goals),
					"phases", strv_json(t->phases), "art15_term", jstr(t->art15_term),
					"nist_class", jstr(t->nist_class), "atlas", strv_json(t->atlas),
					"ai_specific", t->ai_specific, "reasons", reasons,
					"source", t->source.cite ? t->source.cite : ""));
			}
		}
	}
	return 0;
}

/* ---- risks ------------------------------------------------------------------ */

struct factors {
	const char *level[TVRA_NFACTORS];
	char why[TVRA_NFACTORS][256];
};

static const char *tvra_default(const struct aisec_tvra_factors *t, int f)
{
	const char *v[TVRA_NFACTORS] = {t->elapsed_time, t->expertise, t->knowledge, t->window,
					t->equipment};

	return v[f];
}

static void add_why(char *why, size_t n, const char *text)
{
	size_t len = strlen(why);

	if (strcmp(why, "default") == 0) {
		snprintf(why, n, "%s", text);
		return;
	}
	if (len + 3 < n)
		snprintf(why + len, n - len, "; %s", text);
}

/* Move factor f to `target` when it makes the attack easier (lower) or harder (raise). */
static void move(const struct tvra_scheme *s, struct factors *fx, int f, const char *target,
		 bool lower, const char *why)
{
	int cur = tvra_level_index(s, f, fx->level[f]);
	int to = tvra_level_index(s, f, target);

	if (to < 0 || cur < 0)
		return;
	if ((lower && to < cur) || (!lower && to > cur)) {
		fx->level[f] = s->levels[f][to].name;
		add_why(fx->why[f], sizeof(fx->why[f]), why);
	}
}

static bool listed(char *const *v, const char *id)
{
	if (!v || !v[0])
		return true;
	for (size_t i = 0; v[i]; i++)
		if (strcmp(v[i], id) == 0)
			return true;
	return false;
}

static json_t *factors_json(const struct tvra_result *r, const struct factors *fx)
{
	json_t *o = json_object();

	for (int f = 0; f < TVRA_NFACTORS; f++)
		json_object_set_new(o, tvra_factor_names[f],
				    json_pack("{s:s, s:o, s:s}", "level", r->levels[f], "value",
					      r->values[f] < 0 ? json_null() : json_integer(r->values[f]),
					      "why", fx->why[f]));
	return o;
}

static json_t *score_json(const struct tvra_result *r, json_t *factors)
{
	return json_pack("{s:o, s:{s:o, s:s}, s:{s:s, s:i}, s:{s:i, s:s}}", "factors", factors,
			 "attack_potential", "sum", r->sum < 0 ? json_null() : json_integer(r->sum),
			 "rating", r->rating, "likelihood", "level", r->likelihood, "value",
			 r->likelihood_value, "risk", "value", r->risk, "level", r->risk_level);
}

static bool threat_names(const struct aisec_threat *t, const char *cond)
{
	const char *const *lists[] = {t->requires, t->any_of, t->amplified_by};

	for (size_t l = 0; l < 3; l++)
		for (size_t i = 0; lists[l] && lists[l][i]; i++)
			if (strcmp(lists[l][i], cond) == 0)
				return true;
	return false;
}

/* Impact: failure harm from the profile for integrity/availability threats. */
static const char *impact_of(const struct assess_ctx *c, const struct aisec_threat *t,
			     char *why, size_t n)
{
	const char *sev = profile_value(c->p, "impact.severity", NULL);
	const char *def = t->tvra.impact ? t->tvra.impact : "medium";
	static const char *const order[] = {"low", "medium", "high"};
	int di = 1, si = -1;

	for (int i = 0; i < 3; i++) {
		if (strcmp(def, order[i]) == 0)
			di = i;
		if (sev && strcmp(sev, order[i]) == 0)
			si = i;
	}
	if (si < 0) {
		snprintf(why, n, "catalog default for this threat (the profile gives no severity of a failure)");
		return order[di];
	}
	if (t->goals & (AISEC_GOAL_INTEGRITY | AISEC_GOAL_AVAILABILITY)) {
		snprintf(why, n, "severity of a failure of this system is %s", sev);
		return order[si];
	}
	/* a breach that exposes personal data (the threat names the condition) */
	if (si > di && threat_names(t, "personal_data") &&
	    threat_condition(c->p, "personal_data", NULL) == 1) {
		snprintf(why, n, "exposes personal data; severity of a failure of this system is %s", sev);
		return order[si];
	}
	snprintf(why, n, "catalog default for a confidentiality breach of this kind");
	return order[di];
}

static int risk_of(struct assess_ctx *c, const struct aisec_threat *t, json_t **out,
		   struct aisec_error *err)
{
	const struct tvra_scheme *s = c->scheme;
	struct factors fx, res;
	struct tvra_result before, after;
	char iwhy[160];
	const char *impact = impact_of(c, t, iwhy, sizeof(iwhy));
	json_t *controls = json_array(), *reasons;
	size_t nctl;
	const struct aisec_control *ctl = aisec_catalog_controls(c->cat, &nctl);
	int ret;

	for (int f = 0; f < TVRA_NFACTORS; f++) {
		fx.level[f] = tvra_default(&t->tvra, f);
		snprintf(fx.why[f], sizeof(fx.why[f]), "default");
		if (!fx.level[f]) {
			json_decref(controls);
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "'%s' line %d: threat '%s': no TVRA default for '%s'",
					       t->source.file ? t->source.file : "threats.yaml",
					       t->source.line, t->id, tvra_factor_names[f]);
		}
	}
	for (size_t i = 0; i < c->tvra->nadjust; i++) {
		const struct tvra_adjust *a = &c->tvra->adjust[i];

		if (!listed(a->threats, t->id) || threat_condition(c->p, a->when, NULL) != 1)
			continue;
		for (int f = 0; f < TVRA_NFACTORS; f++) {
			if (a->lower[f])
				move(s, &fx, f, a->lower[f], true, a->why);
			if (a->raise[f])
				move(s, &fx, f, a->raise[f], false, a->why);
		}
	}
	res = fx;
	for (size_t i = 0; i < nctl; i++) {
		bool mitigates = false;

		for (size_t k = 0; ctl[i].mitigates && ctl[i].mitigates[k]; k++)
			mitigates |= strcmp(ctl[i].mitigates[k], t->id) == 0;
		if (!mitigates || !profile_has(c->p, "organisation.controls", ctl[i].id))
			continue;
		json_array_append_new(controls, json_string(ctl[i].id));
		for (int f = 0; f < TVRA_NFACTORS; f++) {
			const char *lv = tvra_default(&ctl[i].raises, f);
			char why[160];

			if (!lv)
				continue;
			snprintf(why, sizeof(why), "control '%s' in place", ctl[i].id);
			move(s, &res, f, lv, false, why);
		}
	}
	if ((ret = tvra_score(s, fx.level, impact, &before, err)) ||
	    (ret = tvra_score(s, res.level, impact, &after, err))) {
		json_decref(controls);
		return aisec_error_prefix(err, "threat '%s'", t->id);
	}
	reasons = score_json(&after, factors_json(&after, &res));
	*out = json_pack("{s:s, s:o, s:{s:o, s:s}, s:{s:s, s:i}, s:{s:s, s:i, s:s}, s:{s:i, s:s}, s:o, s:o, s:s, s:s, s:s}",
			 "threat", t->id, "factors", factors_json(&before, &fx),
			 "attack_potential", "sum", before.sum < 0 ? json_null() : json_integer(before.sum),
			 "rating", before.rating, "likelihood", "level", before.likelihood, "value",
			 before.likelihood_value, "impact", "level", before.impact, "value",
			 before.impact_value, "why", iwhy, "risk", "value", before.risk, "level",
			 before.risk_level, "controls", controls, "residual", reasons, "scheme", s->id,
			 "scheme_title", s->title ? s->title : s->id, "source", s->source);
	return *out ? 0 : aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
}

int assess_risks(struct assess_ctx *c, struct aisec_error *err)
{
	json_t *threats = json_object_get(c->doc, "threats"), *e, *risks = json_array();
	size_t i;

	json_object_set_new(c->doc, "scheme", tvra_scheme_json(c->scheme));
	json_object_set_new(c->doc, "risks", risks);
	json_array_foreach(threats, i, e) {
		const struct aisec_threat *t =
			aisec_catalog_threat(c->cat, json_string_value(json_object_get(e, "id")));
		json_t *r;
		int ret;

		if (!t)
			continue;
		if ((ret = risk_of(c, t, &r, err)))
			return ret;
		json_array_append_new(risks, r);
	}
	return 0;
}
