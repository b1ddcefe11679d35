/*
 * classify.c - the legal class of a system under Regulation (EU) 2024/1689 as
 * amended: prohibited (Art. 5 point), high-risk (Art. 6(1) + Annex I, or
 * Art. 6(2) + Annex III with the Art. 6(3) exemption and the rule that
 * profiling keeps a system high-risk), transparency duties (Art. 50),
 * minimal; general-purpose AI and systemic risk (Art. 51) as a separate
 * dimension.  Every conclusion carries its article, the rule's source and the
 * profile facts that led to it.  The facts of the law are in ai-act.yaml;
 * this file holds only the order in which the rules apply.
 */
#include <stdio.h>
#include <string.h>

#include "assess/internal.h"

/*
 * "'<file>' line N: field 'F': <what> '<value>' (one of: ...)" with the
 * allowed values: `items` is an array of n structs of
 * `size` bytes whose first member is the id (act_vocab, act_rule, act_annex_i).
 */
static int verr_list(const struct assess_ctx *c, const struct assess_fact *f,
		     const char *what, struct aisec_error *err,
		     const void *items, size_t n, size_t size)
{
	char allowed[1024] = "";
	size_t off = 0;

	for (size_t k = 0; k < n && off < sizeof(allowed); k++)
		off += (size_t)snprintf(
		    allowed + off, sizeof(allowed) - off, "%s%s", k ? ", " : "",
		    *(char *const *)((const char *)items + k * size));
	return aisec_error_set(err, AISEC_ERR_INVALID,
			       "'%s' line %d: field '%s': %s '%s' (one of: %s)",
			       c->p->name, f->line, f->field, what, f->value,
			       allowed);
}

int assess_validate(const struct assess_ctx *c, struct aisec_error *err)
{
	const struct act_rules *r = c->rules;
	const struct aisec_profile *p = c->p;
	const struct act_vocab *dom = NULL;

	for (size_t i = 0; i < p->nfacts; i++) {
		const struct assess_fact *f = &p->facts[i];
		bool ok = false;

		if (strcmp(f->path, "use.domain") == 0) {
			for (size_t k = 0; k < r->ndomains && !ok; k++)
				if (strcmp(r->domains[k].id, f->value) == 0) {
					dom = &r->domains[k];
					ok = true;
				}
			if (!ok)
				return verr_list(c, f, "unknown domain", err,
						 r->domains, r->ndomains,
						 sizeof(*r->domains));
		} else if (strcmp(f->path, "use.annex_iii_point") == 0) {
			for (size_t k = 0; k < r->nannex_iii && !ok; k++)
				ok = strcmp(r->annex_iii[k].id, f->value) == 0;
			if (!ok)
				return verr_list(c, f,
						 "unknown Annex III point", err,
						 r->annex_iii, r->nannex_iii,
						 sizeof(*r->annex_iii));
		} else if (strcmp(f->path, "use.annex_i.act") == 0) {
			ok = strcmp(f->value, "none") == 0;
			for (size_t k = 0; k < r->nannex_i && !ok; k++)
				ok = strcmp(r->annex_i[k].id, f->value) == 0;
			if (!ok)
				return verr_list(c, f, "unknown Annex I act",
						 err, r->annex_i, r->nannex_i,
						 sizeof(*r->annex_i));
		} else if (strcmp(f->path, "organisation.standards") == 0) {
			if (!aisec_catalog_standard(c->cat, f->value))
				return aisec_error_set(
				    err, AISEC_ERR_INVALID,
				    "'%s' line %d: field '%s': unknown "
				    "standard '%s' (one of the ids, references "
				    "or aliases that 'aisec catalog list "
				    "standards' prints)",
				    c->p->name, f->line, f->field, f->value);
		} else if (strcmp(f->path, "organisation.controls") == 0) {
			size_t n;
			const struct aisec_control *k =
			    aisec_catalog_controls(c->cat, &n);

			if (!aisec_catalog_control(c->cat, f->value))
				return verr_list(c, f, "unknown control", err,
						 k, n, sizeof(*k));
		}
	}
	for (size_t i = 0; dom && i < p->nfacts; i++) {
		const struct assess_fact *f = &p->facts[i];
		bool ok = false;

		if (strcmp(f->path, "use.decision") != 0)
			continue;
		for (size_t k = 0; dom->decisions[k] && !ok; k++)
			ok = strcmp(dom->decisions[k], f->value) == 0;
		if (!ok) {
			char allowed[512] = "";
			size_t off = 0;

			for (size_t k = 0;
			     dom->decisions[k] && off < sizeof(allowed); k++)
				off += (size_t)snprintf(
				    allowed + off, sizeof(allowed) - off,
				    "%s%s", k ? ", " : "", dom->decisions[k]);
			return aisec_error_set(
			    err, AISEC_ERR_INVALID,
			    "'%s' line %d: field '%s': decision unknown in "
			    "domain '%s': '%s' (one of: %s)",
			    c->p->name, f->line, f->field, dom->id, f->value,
			    allowed);
		}
	}
	return 0;
}

static json_t *basis(const char *rule, const char *article, const char *text, json_t *facts,
		     const char *source)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:s}", "rule", rule, "article", article, "text",
			 text, "facts", facts ? facts : json_array(), "source", source);
}

static void add_fact_json(json_t *facts, const struct aisec_profile *p, const char *path)
{
	for (size_t i = 0; i < p->nfacts; i++)
		if (strcmp(p->facts[i].path, path) == 0)
			json_array_append_new(facts, fact_json(&p->facts[i]));
}

/* Keep the earliest date in *slot. */
static void earliest(const char **slot, const char *d)
{
	if (d && (!*slot || strcmp(d, *slot) < 0))
		*slot = d;
}

/*
 * Art. 5(1)(h) with an exception of point (i)-(iii): the point named from the
 * profile's objective, and each Art. 5(2)-(7) condition met or missing.
 */
static void rbi_exception(struct assess_ctx *c, const struct act_rule *h,
			  json_t *cls, json_t *bas, json_t *warn)
{
	const struct act_rules *r = c->rules;
	const char *obj =
	    profile_value(c->p, "use.biometrics.rbi_exception", "none");
	const struct act_rule *o = NULL;
	json_t *conds = json_array(), *of = json_array(),
	       *missing = json_array();
	char text[768];

	for (size_t i = 0; i < r->nrbi_objectives; i++)
		if (strcmp(r->rbi_objectives[i].id, obj) == 0)
			o = &r->rbi_objectives[i];
	if (!o)
		return;
	add_fact_json(of, c->p, "use.biometrics.rbi_exception");
	for (size_t i = 0; i < r->nrbi_conditions; i++) {
		const struct act_rule *k = &r->rbi_conditions[i];
		json_t *f = json_array();
		bool met = cond_eval(&k->when, c->p, f);

		json_array_append_new(
		    conds,
		    json_pack("{s:s, s:s, s:s, s:b, s:o, s:s}", "id", k->id,
			      "article", k->article, "text", k->title, "met",
			      met, "facts", f, "source", k->source));
		if (!met)
			json_array_append_new(missing, json_string(k->article));
	}
	c->art5_listed = true;
	earliest(&c->art5_from, r->rbi_from);
	json_object_set_new(
	    cls, "rbi_exception",
	    json_pack("{s:s, s:s, s:s, s:s, s:b, s:O, s:o, s:O}", "point",
		      o->article, "objective", o->title, "applies_from",
		      r->rbi_from, "source", o->source, "applies_now",
		      date_le(r->rbi_from, c->as_of), "facts", of, "conditions",
		      conds, "missing", missing));
	snprintf(
	    text, sizeof(text),
	    "%s applies to this use (real-time remote biometric identification "
	    "in publicly accessible spaces for law enforcement) and its "
	    "exception of %s is claimed: %s; the use is lawful only under the "
	    "conditions of Art. 5(2) to (7), which apply since %s",
	    h->article, o->article, o->title, r->rbi_from);
	json_array_append_new(
	    bas, basis("art5_rbi_exception", o->article, text, of, o->source));
	if (json_array_size(missing)) {
		size_t off, i;
		json_t *m, *mf = json_array();

		off = (size_t)snprintf(text, sizeof(text),
				       "the %s exception needs conditions the "
				       "profile does not show:",
				       o->article);
		json_array_foreach(conds, i, m)
		{
			if (json_is_true(json_object_get(m, "met")) ||
			    off >= sizeof(text))
				continue;
			off += (size_t)snprintf(
			    text + off, sizeof(text) - off, " %s (%s);",
			    json_string_value(json_object_get(m, "article")),
			    json_string_value(json_object_get(m, "id")));
		}
		if (off < sizeof(text))
			snprintf(text + off, sizeof(text) - off,
				 " without them the use falls under the "
				 "prohibition of %s",
				 h->article);
		add_fact_json(mf, c->p, "use.biometrics.rbi_exception");
		json_array_append_new(
		    warn, json_pack("{s:s, s:o}", "text", text, "facts", mf));
	}
	json_decref(missing);
}

/*
 * Art. 5: every point that holds and whose exception does not.  A point that
 * applies on the as-of date is a prohibition; one that applies only later is
 * listed under "prohibited_from" with a warning and the next step, and does
 * not make the class.
 */
static void prohibited(struct assess_ctx *c, json_t *cls, json_t *bas, json_t *warn)
{
	json_t *list = json_object_get(cls, "prohibited");
	json_t *later = json_object_get(cls, "prohibited_from");

	for (size_t i = 0; i < c->rules->nprohibited; i++) {
		const struct act_rule *r = &c->rules->prohibited[i];
		json_t *facts = json_array();
		const char *from = r->applies_from ? r->applies_from : c->rules->date_prohibitions;
		bool now = date_le(from, c->as_of);
		char text[640];

		if (!cond_eval(&r->when, c->p, facts)) {
			json_decref(facts);
			continue;
		}
		if (r->unless.nalts && cond_eval(&r->unless, c->p, facts)) {
			snprintf(text, sizeof(text), "%s does not apply: %s", r->article,
				 r->unless_text ? r->unless_text : "the exception holds");
			json_array_append_new(bas, basis("art5_exception", r->article, text, facts,
							 r->source));
			if (strcmp(r->id, "h") == 0)
				rbi_exception(c, r, cls, bas, warn);
			continue;
		}
		c->art5_listed = true;
		earliest(&c->art5_from, from);
		/* Art. 5(1)(c) binds public and private scorers alike: say who
		 * scores */
		if (strncmp(r->id, "c(", 2) == 0)
			add_fact_json(facts, c->p,
				      "use.practices.social_scoring_by");
		json_array_append_new(
		    now ? list : later,
		    json_pack("{s:s, s:s, s:O, s:s, s:s, s:b}", "point",
			      r->article, "text", r->title, "facts", facts,
			      "source", r->source, "applies_from", from,
			      "applies_now", now));
		if (now) {
			snprintf(text, sizeof(text),
				 "prohibited since %s under %s: %s", from,
				 r->article, r->title);
			json_array_append_new(
			    bas,
			    basis("art5", r->article, text, facts, r->source));
			continue;
		} else {
			snprintf(text, sizeof(text),
				 "prohibited from %s under %s (%s); not yet on "
				 "%s. Next step: stop the practice, or change "
				 "or withdraw the system, before %s",
				 from, r->article, r->title, c->as_of, from);
			json_array_append_new(
			    bas, basis("art5_later", r->article, text,
				       json_deep_copy(facts), r->source));
			json_array_append_new(warn,
					      json_pack("{s:s, s:O}", "text",
							text, "facts", facts));
		}
		json_decref(facts);
	}
}

static const struct act_annex_i *annex_i_act(const struct act_rules *r, const char *id)
{
	for (size_t i = 0; id && i < r->nannex_i; i++)
		if (strcmp(r->annex_i[i].id, id) == 0)
			return &r->annex_i[i];
	return NULL;
}

/* Art. 6(1): product or safety component under Annex I needing third-party assessment. */
/* A warning citing the facts of the given fields. */
static void warn_facts(json_t *warn, const struct aisec_profile *p, const char *text,
		       const char *path1, const char *path2)
{
	json_t *f = json_array();

	add_fact_json(f, p, path1);
	if (path2)
		add_fact_json(f, p, path2);
	json_array_append_new(warn, json_pack("{s:s, s:o}", "text", text, "facts", f));
}

static void annex_i(struct assess_ctx *c, json_t *cls, json_t *bas, json_t *warn)
{
	const char *role = profile_value(c->p, "use.annex_i.role", "none");
	const struct act_annex_i *act = annex_i_act(c->rules, profile_value(c->p, "use.annex_i.act", NULL));
	bool third = profile_has(c->p, "use.annex_i.third_party_assessment", "true");
	json_t *facts;
	char art[128], text[512];

	if (strcmp(role, "none") == 0 || !act) {
		if (strcmp(role, "none") != 0)
			warn_facts(warn, c->p, "use.annex_i.role is given but no Annex I act: Art. 6(1) was not checked",
				   "use.annex_i.role", "use.annex_i.act");
		else if (act)
			warn_facts(warn, c->p, "use.annex_i.act is given but use.annex_i.role is none: Art. 6(1) was not checked",
				   "use.annex_i.act", NULL);
		return;
	}
	facts = json_array();
	add_fact_json(facts, c->p, "use.annex_i.role");
	add_fact_json(facts, c->p, "use.annex_i.act");
	add_fact_json(facts, c->p, "use.annex_i.third_party_assessment");
	snprintf(art, sizeof(art), "Art. 6(1); Annex I, Section %s, point %s", act->section,
		 act->point);
	if (!third) {
		snprintf(text, sizeof(text),
			 "the system is a %s under %s but its conformity assessment is not by a third party, so Art. 6(1) does not make it high-risk",
			 strcmp(role, "product") == 0 ? "product" : "safety component", act->act);
		json_array_append_new(bas, basis("annex_i_no_third_party", art, text, facts,
						 act->source));
		return;
	}
	c->annex_i = true;
	c->section_b = strcmp(act->section, "B") == 0;
	json_object_set_new(cls, "annex_i",
			    json_pack("{s:s, s:s, s:s, s:s, s:b, s:O}", "act", act->act, "section",
				      act->section, "point", act->point, "role", role,
				      "third_party_assessment", 1, "facts", facts));
	snprintf(text, sizeof(text),
		 "the system is a %s under %s and needs a third-party conformity assessment",
		 strcmp(role, "product") == 0 ? "product" : "safety component", act->act);
	json_array_append_new(bas, basis("annex_i", art, text, facts, act->source));
}

static const struct act_rule *art6_3_rule(const struct act_rules *r, const char *id)
{
	for (size_t i = 0; id && i < r->nart6_3; i++)
		if (strcmp(r->art6_3[i].id, id) == 0)
			return &r->art6_3[i];
	return NULL;
}

/* Art. 6(2) with Annex III, the exclusions, Art. 6(3) and a declared point. */
static void annex_iii(struct assess_ctx *c, json_t *cls, json_t *bas, json_t *warn)
{
	const struct act_rule *hit = NULL;
	const struct assess_fact *declared = profile_fact(c->p, "use.annex_iii_point");
	const struct act_rule *cond6_3 = art6_3_rule(c->rules, profile_value(c->p, "use.art6_3", NULL));
	bool profiling = profile_has(c->p, "use.profiling", "true");
	json_t *facts = NULL, *points = json_array();

	for (size_t i = 0; i < c->rules->nexclusions; i++) {
		const struct act_rule *r = &c->rules->exclusions[i];
		json_t *f = json_array();

		if (cond_eval(&r->when, c->p, f))
			json_array_append_new(bas, basis("annex_iii_exclusion", r->article, r->title,
							 f, r->source));
		else
			json_decref(f);
	}
	for (size_t i = 0; i < c->rules->nannex_iii; i++) {
		const struct act_rule *r = &c->rules->annex_iii[i];
		json_t *f = json_array();

		if (!cond_eval(&r->when, c->p, f)) {
			json_decref(f);
			continue;
		}
		json_array_append_new(points, json_string(r->id));
		if (!hit) {
			hit = r;
			facts = f;
		} else {
			char text[512];

			snprintf(text, sizeof(text), "the system also falls under Annex III point %s: %s",
				 r->id, r->title);
			json_array_append_new(bas, basis("annex_iii_also",
							 r->article, text, f,
							 r->source));
		}
	}
	if (declared && (!hit || strcmp(hit->id, declared->value) != 0)) {
		char text[256];
		json_t *df = json_array();

		json_array_append_new(df, fact_json(declared));
		if (hit)
			snprintf(text, sizeof(text),
				 "declared Annex III point %s contradicts the facts (%s)",
				 declared->value, hit->id);
		else
			snprintf(text, sizeof(text),
				 "declared Annex III point %s is not supported by the facts (domain, decision, biometrics)",
				 declared->value);
		json_array_append_new(warn, json_pack("{s:s, s:o}", "text", text, "facts", df));
	}
	if (!hit) {
		json_decref(points);
		if (cond6_3)
			warn_facts(warn, c->p, "use.art6_3 is given but no Annex III point applies: the exemption is moot",
				   "use.art6_3", NULL);
		return;
	}
	c->annex_iii = true;
	c->annex_iii_point = hit->id;
	json_object_set_new(
	    cls, "annex_iii",
	    json_pack("{s:s, s:s, s:o, s:O, s:o}", "point", hit->id, "title",
		      hit->title, "declared",
		      declared ? json_string(declared->value) : json_null(),
		      "facts", facts, "points", points));
	json_array_append_new(bas, basis("annex_iii", hit->article, hit->title, facts, hit->source));
	if (cond6_3) {
		json_t *ef = json_array();
		const char *duty = profiling
			? "none: a system that profiles natural persons is always high-risk"
			: "document the assessment before placing on the market (Art. 6(4)) and register the system (Art. 49(2))";
		char text[512];

		add_fact_json(ef, c->p, "use.art6_3");
		add_fact_json(ef, c->p, "use.profiling");
		const char *lost_by = c->rules->art6_3_profiling.article
					  ? c->rules->art6_3_profiling.article
					  : "Art. 6(3), third subparagraph";

		c->exempt = !profiling;
		json_object_set_new(
		    cls, "exemption_art6_3",
		    json_pack("{s:s, s:s, s:b, s:b, s:s, s:O}", "condition",
			      cond6_3->title, "article",
			      profiling ? lost_by : cond6_3->article,
			      "profiling", profiling, "applies", !profiling,
			      "duty", duty, "facts", ef));
		if (profiling)
			snprintf(text, sizeof(text),
				 "the Art. 6(3) exemption claimed under %s "
				 "(%s) is lost under %s: the system profiles "
				 "natural persons, and an Annex III system "
				 "that profiles is always high-risk",
				 cond6_3->article, cond6_3->title, lost_by);
		else
			snprintf(text, sizeof(text),
				 "not high-risk under Art. 6(3): the system is intended to %s; the provider must document this assessment (Art. 6(4)) and register the system (Art. 49(2))",
				 cond6_3->title);
		json_array_append_new(
		    bas,
		    basis("art6_3", profiling ? lost_by : cond6_3->article,
			  text, ef,
			  "Regulation (EU) 2024/1689, Art. 6(3), 6(4), 49(2)"));
	}
}

static void transparency(struct assess_ctx *c, json_t *cls, json_t *bas)
{
	json_t *list = json_object_get(cls, "transparency");

	for (size_t i = 0; i < c->rules->ntransparency; i++) {
		const struct act_rule *r = &c->rules->transparency[i];
		const char *from = r->applies_from ? r->applies_from : c->rules->date_general;
		json_t *facts = json_array();

		if (!cond_eval(&r->when, c->p, facts)) {
			json_decref(facts);
			continue;
		}
		c->transparency = true;
		json_array_append_new(list, json_pack("{s:s, s:s, s:O, s:s, s:b, s:s}", "article",
						      r->article, "text", r->title, "facts", facts,
						      "applies_from", from, "applies_now",
						      date_le(from, c->as_of), "source", r->source));
		json_array_append_new(bas, basis("art50", r->article, r->title, facts, r->source));
	}
}

static json_t *gpai(struct assess_ctx *c)
{
	json_t *b = json_array(), *facts;
	const struct aisec_profile *p = c->p;
	char text[256];

	c->gpai = profile_has(p, "use.gpai.model", "true");
	if (c->gpai) {
		facts = json_array();
		add_fact_json(facts, p, "use.gpai.model");
		snprintf(text, sizeof(text),
			 "a general-purpose AI model: the Art. 53 obligations "
			 "apply to its provider since %s",
			 c->rules->date_gpai);
		json_array_append_new(b,
				      basis("gpai", "Art. 53", text, facts,
					    "Regulation (EU) 2024/1689, Art. "
					    "3(63), Art. 53, Art. 113(b)"));
		if (profile_has(p, "use.gpai.designated", "true")) {
			facts = json_array();
			add_fact_json(facts, p, "use.gpai.designated");
			c->systemic = true;
			json_array_append_new(b, basis("gpai_systemic", "Art. 51(1)(b)",
						       "designated by the Commission as a model with systemic risk",
						       facts, "Regulation (EU) 2024/1689, Art. 51(1)(b), Art. 52"));
		}
		if (p->training_flop > c->rules->gpai_threshold_flop) {
			facts = json_array();
			add_fact_json(facts, p, "use.gpai.training_flop");
			c->systemic = true;
			snprintf(
			    text, sizeof(text),
			    "training compute %.3g FLOP exceeds %.3g FLOP: "
			    "high-impact capabilities, and so systemic risk, "
			    "are presumed; the presumption is rebuttable: the "
			    "provider may show that the model does not present "
			    "systemic risks (Art. 52(2))",
			    p->training_flop, c->rules->gpai_threshold_flop);
			json_array_append_new(b, basis("gpai_systemic", "Art. 51(2)", text, facts,
						       c->rules->gpai_source));
		}
		if (!c->systemic && profile_has(p, "use.gpai.open_source", "true")) {
			facts = json_array();
			add_fact_json(facts, p, "use.gpai.open_source");
			json_array_append_new(b, basis("gpai_open_source", "Art. 53(2)",
						       "released under a free and open-source licence without systemic risk: the documentation duties of Art. 53(1)(a) and (b) do not apply",
						       facts, "Regulation (EU) 2024/1689, Art. 53(2)"));
		}
	}
	return json_pack("{s:b, s:b, s:s, s:b, s:o}", "model", c->gpai, "systemic_risk", c->systemic,
			 "applies_from", c->rules->date_gpai, "applies_now",
			 date_le(c->rules->date_gpai, c->as_of), "basis", b);
}

/* ---- Art. 2: scope ------------------------------------------------------- */

/* Record the class "out of scope" with its basis and what brings it back. */
static void out_of_scope(struct assess_ctx *c, json_t *cls, json_t *bas,
			 const struct act_rule *r, json_t *facts,
			 const char *why)
{
	char text[1024];

	c->out_of_scope = true;
	snprintf(text, sizeof(text), "out of scope under %s: %s", r->article,
		 why ? why : r->title);
	json_object_set_new(
	    cls, "scope",
	    json_pack("{s:s, s:s, s:s, s:O, s:o, s:s}", "status",
		      "out-of-scope", "article", r->article, "text",
		      why ? why : r->title, "facts", facts, "back_in_scope",
		      jstr(r->back_in_scope), "source", r->source));
	json_array_append_new(
	    bas, basis("art2", r->article, text, facts, r->source));
}

/*
 * Art. 2(1) and the exclusions of Art. 2(3)-(10), before any class.  True
 * when the system is out of scope.  An exclusion whose limit is crossed is
 * reported, with the limit, and the system stays in scope.
 */
static bool scope(struct assess_ctx *c, json_t *cls, json_t *bas)
{
	const struct act_rules *r = c->rules;
	json_t *facts = json_array();

	if (r->scope_territorial.when.nalts &&
	    cond_eval(&r->scope_territorial.when, c->p, facts)) {
		out_of_scope(
		    c, cls, bas, &r->scope_territorial, facts,
		    "neither placed on the market nor put into service in the "
		    "Union, not deployed from the Union, and its output is not "
		    "used in the Union; the Regulation applies to none of the "
		    "operators of Art. 2(1)");
		return true;
	}
	json_decref(facts);
	for (size_t i = 0; i < r->nscope_exclusions; i++) {
		const struct act_rule *x = &r->scope_exclusions[i];
		char text[768];

		facts = json_array();
		if (!cond_eval(&x->when, c->p, facts)) {
			json_decref(facts);
			continue;
		}
		if (x->unless.nalts && cond_eval(&x->unless, c->p, facts)) {
			snprintf(text, sizeof(text),
				 "%s does not exclude it: %s", x->article,
				 x->unless_text ? x->unless_text
						: "its limit is crossed");
			json_array_append_new(bas,
					      basis("art2_limit", x->article,
						    text, facts, x->source));
			continue;
		}
		out_of_scope(c, cls, bas, x, facts, NULL);
		return true;
	}
	facts = json_array();
	add_fact_json(facts, c->p, "scope.established");
	add_fact_json(facts, c->p, "scope.eu_market");
	add_fact_json(facts, c->p, "scope.output_in_eu");
	json_object_set_new(
	    cls, "scope",
	    json_pack("{s:s, s:s, s:s, s:o, s:n, s:s}", "status", "in-scope",
		      "article", "Art. 2(1)", "text",
		      json_array_size(facts)
			  ? "within the territorial and personal scope of Art. "
			    "2(1), and no exclusion of Art. 2 applies"
			  : "no scope facts given (scope.*): the Regulation is "
			    "taken to apply (Art. 2(1)) and no exclusion of "
			    "Art. 2 was claimed",
		      "facts", facts, "back_in_scope", "source",
		      r->scope_territorial.source
			  ? r->scope_territorial.source
			  : "Regulation (EU) 2024/1689, Art. 2"));
	return false;
}

/* Art. 2(12) once the class is known: free and open-source systems. */
static void open_source(struct assess_ctx *c, json_t *cls, json_t *bas)
{
	const struct act_rule *r = &c->rules->scope_open_source;
	json_t *facts = json_array();
	bool hr = c->annex_i || (c->annex_iii && !c->exempt);
	bool art5 =
	    json_array_size(json_object_get(cls, "prohibited")) > 0 ||
	    json_array_size(json_object_get(cls, "prohibited_from")) > 0 ||
	    json_object_get(cls, "rbi_exception");
	char text[512];

	if (!r->when.nalts || !cond_eval(&r->when, c->p, facts) || c->model) {
		json_decref(facts);
		return;
	}
	if (!hr && !art5 && !c->transparency) {
		json_object_set_new(cls, "prohibited", json_array());
		out_of_scope(
		    c, cls, bas, r, facts,
		    "released under a free and open-source licence, and "
		    "neither high-risk nor under Art. 5 or Art. 50");
		return;
	}
	snprintf(text, sizeof(text), "%s does not exclude it: it is %s",
		 r->article,
		 hr ? "placed on the market or put into service as a high-risk "
		      "system"
		 : art5 ? "a system that falls under Art. 5"
			: "a system that falls under Art. 50");
	json_array_append_new(
	    bas, basis("art2_limit", r->article, text, facts, r->source));
}

/* Art. 2(2): the version of the rule on the as-of date (the latest one in
 * force). */
static void section_b(struct assess_ctx *c, json_t *bas)
{
	const struct act_rule *v = NULL;
	json_t *facts = json_array();

	for (size_t i = 0; i < c->rules->nsection_b; i++)
		if (!v ||
		    date_le(c->rules->section_b[i].applies_from, c->as_of))
			v = &c->rules->section_b[i];
	if (!v) {
		json_decref(facts);
		return;
	}
	add_fact_json(facts, c->p, "use.annex_i.act");
	json_array_append_new(
	    bas, basis("art2_2", v->article, v->title, facts, v->source));
}

/* ---- Art. 25: value chain -------------------------------------------------
 */

static void value_chain(struct assess_ctx *c, json_t *bas, json_t *warn)
{
	bool hr = strcmp(c->klass, "high-risk") == 0;
	bool third = profile_role(c->p, "deployer") ||
		     profile_role(c->p, "importer") ||
		     profile_role(c->p, "distributor");
	char text[768];

	for (size_t i = 0; i < c->rules->nvalue_chain; i++) {
		const struct act_rule *r = &c->rules->value_chain[i];
		json_t *facts = json_array();

		if (!cond_eval(&r->when, c->p, facts)) {
			json_decref(facts);
			continue;
		}
		if (!hr || !third) {
			snprintf(text, sizeof(text),
				 "%s is moot here: it makes a distributor, "
				 "importer, deployer or other third party the "
				 "provider of a high-risk system only (%s)",
				 r->article,
				 !hr ? "the system is not high-risk"
				     : "the profile's role is already provider "
				       "or not a third party");
			json_array_append_new(warn,
					      json_pack("{s:s, s:o}", "text",
							text, "facts", facts));
			continue;
		}
		add_fact_json(facts, c->p, "system.role");
		c->becomes_provider = true;
		snprintf(text, sizeof(text),
			 "the operator becomes the provider of this high-risk "
			 "system because %s; it takes on the provider's "
			 "obligations (Art. 16), and the initial provider must "
			 "cooperate closely and make available the "
			 "information, technical access and assistance needed, "
			 "unless it clearly specified that the system is not "
			 "to be changed into a high-risk system (Art. 25(2))",
			 r->title);
		json_array_append_new(
		    bas, basis("art25", r->article, text, facts,
			       "Regulation (EU) 2024/1689, Art. 25(1), 25(2)"));
	}
}

/* ---- facts that contradict each other --------------------------------------
 */

static bool given(const struct aisec_profile *p, const char *path,
		  const char *value)
{
	const struct assess_fact *f = profile_fact(p, path);

	return f && (!value || profile_has(p, path, value));
}

static void contradictions(struct assess_ctx *c, json_t *warn)
{
	const struct aisec_profile *p = c->p;
	static const char *const gpai_facts[] = {"use.gpai.training_flop",
						 "use.gpai.designated",
						 "use.gpai.open_source", NULL};
	static const char *const rbi_facts[] = {
	    "use.biometrics.rbi_authorisation",
	    "use.biometrics.rbi_national_law",
	    "use.biometrics.rbi_fria",
	    "use.biometrics.rbi_registered",
	    "use.biometrics.rbi_notified",
	    NULL};

	if (given(p, "use.decision", "profiling") &&
	    given(p, "use.profiling", "false"))
		warn_facts(warn, p,
			   "use.decision says the system profiles but "
			   "use.profiling is false: the profile contradicts "
			   "itself; the classification reads use.profiling",
			   "use.decision", "use.profiling");
	if (given(p, "use.practices.crime_prediction", "solely_profiling") &&
	    given(p, "use.profiling", "false"))
		warn_facts(
		    warn, p,
		    "use.practices.crime_prediction is solely_profiling but "
		    "use.profiling is false: the profile contradicts itself",
		    "use.practices.crime_prediction", "use.profiling");
	if (!profile_has(p, "use.gpai.model", "true"))
		for (size_t i = 0; gpai_facts[i]; i++)
			if (given(p, gpai_facts[i], NULL) &&
			    !(strcmp(gpai_facts[i], "use.gpai.training_flop") !=
				  0 &&
			      given(p, gpai_facts[i], "false")))
				warn_facts(warn, p,
					   "a general-purpose AI fact is given "
					   "but use.gpai.model is not true: it "
					   "was not used",
					   gpai_facts[i], "use.gpai.model");
	if (!given(p, "use.biometrics.rbi_exception", NULL) ||
	    given(p, "use.biometrics.rbi_exception", "none"))
		for (size_t i = 0; rbi_facts[i]; i++)
			if (given(p, rbi_facts[i], NULL) &&
			    !given(p, rbi_facts[i], "false") &&
			    !given(p, rbi_facts[i], "none"))
				warn_facts(
				    warn, p,
				    "an Art. 5(2)-(7) condition is given but "
				    "no Art. 5(1)(h) exception is claimed "
				    "(use.biometrics.rbi_exception): it was "
				    "not used",
				    rbi_facts[i], NULL);
	if (given(p, "use.practices.social_scoring", "true") &&
	    (!given(p, "use.practices.social_scoring_effect", NULL) ||
	     given(p, "use.practices.social_scoring_effect", "none")))
		warn_facts(
		    warn, p,
		    "the system scores people, but "
		    "use.practices.social_scoring_effect does not say whether "
		    "the score leads to detrimental treatment in an unrelated "
		    "context (Art. 5(1)(c)(i)) or to unjustified or "
		    "disproportionate treatment (Art. 5(1)(c)(ii)); if either "
		    "holds, the practice is prohibited",
		    "use.practices.social_scoring",
		    "use.practices.social_scoring_effect");
	if (!given(p, "use.practices.social_scoring", "true") &&
	    given(p, "use.practices.social_scoring_effect", NULL) &&
	    !given(p, "use.practices.social_scoring_effect", "none"))
		warn_facts(warn, p,
			   "use.practices.social_scoring_effect is given but "
			   "use.practices.social_scoring is not true: the "
			   "profile contradicts itself",
			   "use.practices.social_scoring_effect",
			   "use.practices.social_scoring");
	if (c->model &&
	    (given(p, "use.biometrics.kind", NULL) ||
	     given(p, "use.annex_i.role", NULL) ||
	     given(p, "use.transparency.interacts_with_people", "true") ||
	     given(p, "use.transparency.generates_content", "true")))
		warn_facts(warn, p,
			   "kind is model, but the profile gives facts of an "
			   "AI system (biometrics, Annex I, Art. 50): Art. 5, "
			   "6 and 50 apply to the AI systems built on the "
			   "model; assess each of them with its own profile",
			   "kind", NULL);
}

/* ---- the class
 * ---------------------------------------------------------------- */

static const char *join_points(char *buf, size_t n, json_t *list,
			       const char *key)
{
	size_t off = 0, i;
	json_t *e;

	buf[0] = '\0';
	json_array_foreach(list, i, e) if (off < n) off +=
	    (size_t)snprintf(buf + off, n - off, "%s%s", i ? ", " : "",
			     json_string_value(json_object_get(e, key)));
	return buf;
}

/* The one-line conclusion every report leads with. */
static void headline(struct assess_ctx *c, json_t *cls, const char *from)
{
	char h[768], pts[256];
	const char *when = date_le(from, c->as_of) ? "since" : "from";
	size_t off;

	if (c->out_of_scope)
		off = (size_t)snprintf(
		    h, sizeof(h), "out of scope under %s",
		    json_string_value(json_object_get(
			json_object_get(cls, "scope"), "article")));
	else if (strcmp(c->klass, "prohibited") == 0)
		off = (size_t)snprintf(
		    h, sizeof(h), "prohibited since %s under %s", from,
		    join_points(pts, sizeof(pts),
				json_object_get(cls, "prohibited"), "point"));
	else if (c->model)
		off = (size_t)snprintf(
		    h, sizeof(h), "general-purpose AI model%s: %s apply %s %s",
		    c->systemic ? " with systemic risk" : "",
		    c->systemic ? "Art. 53 and Art. 55" : "Art. 53", when,
		    from);
	else if (strcmp(c->klass, "high-risk") == 0) {
		json_t *ai = json_object_get(cls, "annex_i");
		char route[200];

		if (c->annex_iii && !c->exempt)
			snprintf(route, sizeof(route),
				 "Art. 6(2) and Annex III point %s",
				 c->annex_iii_point);
		else
			snprintf(
			    route, sizeof(route),
			    "Art. 6(1) and Annex I, Section %s, point %s%s",
			    json_string_value(json_object_get(ai, "section")),
			    json_string_value(json_object_get(ai, "point")),
			    c->section_b ? " (only the articles named in Art. "
					   "2(2) apply)"
					 : "");
		off = (size_t)snprintf(
		    h, sizeof(h),
		    "high-risk under %s; its obligations apply %s %s", route,
		    when, from);
	} else if (strcmp(c->klass, "limited") == 0)
		off = (size_t)snprintf(h, sizeof(h),
				       "limited risk: transparency obligations "
				       "of Art. 50 apply %s %s",
				       when, from);
	else
		off = (size_t)snprintf(
		    h, sizeof(h),
		    "minimal risk: AI literacy (Art. 4) since %s and voluntary "
		    "codes of conduct (Art. 95)",
		    from);
	if (c->gpai && !c->model && !c->out_of_scope && off < sizeof(h))
		off += (size_t)snprintf(
		    h + off, sizeof(h) - off,
		    "; its general-purpose AI model%s: %s apply since %s",
		    c->systemic ? " has systemic risk" : "",
		    c->systemic ? "Art. 53 and Art. 55" : "Art. 53",
		    c->rules->date_gpai);
	if (json_array_size(json_object_get(cls, "prohibited_from")) &&
	    off < sizeof(h)) {
		json_t *first =
		    json_array_get(json_object_get(cls, "prohibited_from"), 0);

		snprintf(
		    h + off, sizeof(h) - off, "; PROHIBITED FROM %s under %s",
		    json_string_value(json_object_get(first, "applies_from")),
		    join_points(pts, sizeof(pts),
				json_object_get(cls, "prohibited_from"),
				"point"));
	}
	json_object_set_new(cls, "headline", json_string(h));
}

int assess_classify(struct assess_ctx *c, struct aisec_error *err)
{
	json_t *cls = json_object(), *bas = json_array(), *warn = json_array();
	const char *from = NULL;
	size_t nprohib;

	(void)err;
	c->model = profile_has(c->p, "kind", "model");
	json_object_set_new(cls, "class", json_string(""));
	json_object_set_new(cls, "headline", json_string(""));
	json_object_set_new(cls, "basis", bas);
	json_object_set_new(cls, "scope", json_null());
	json_object_set_new(cls, "prohibited", json_array());
	json_object_set_new(cls, "prohibited_from", json_array());
	json_object_set_new(cls, "annex_i", json_null());
	json_object_set_new(cls, "annex_iii", json_null());
	json_object_set_new(cls, "exemption_art6_3", json_null());
	json_object_set_new(cls, "transparency", json_array());
	contradictions(c, warn);
	if (!scope(c, cls, bas)) {
		if (!c->model) {
			prohibited(c, cls, bas, warn);
			annex_i(c, cls, bas, warn);
			annex_iii(c, cls, bas, warn);
			transparency(c, cls, bas);
		}
		json_object_set_new(cls, "gpai", gpai(c));
		open_source(c, cls, bas);
	} else {
		c->gpai = false;
		json_object_set_new(cls, "gpai", json_null());
	}
	nprohib = json_array_size(json_object_get(cls, "prohibited"));
	if (c->out_of_scope) {
		c->klass = "out-of-scope";
		from = c->rules->date_prohibitions; /* Ch. I, Art. 2 */
		c->annex_i = c->annex_iii = c->transparency = c->gpai =
		    c->systemic = false;
		c->art5_listed = false;
	} else if (c->model) {
		json_t *f = json_array();

		add_fact_json(f, c->p, "kind");
		add_fact_json(f, c->p, "use.gpai.model");
		if (c->gpai) {
			c->klass =
			    c->systemic ? "gpai-model-systemic" : "gpai-model";
			from = c->rules->date_gpai;
			json_array_append_new(
			    bas,
			    basis(
				"model", "Art. 3(63)",
				"the profile describes a general-purpose AI "
				"model, not an AI system: Chapter V (Art. "
				"51-55) applies to its provider; Art. 5, 6 and "
				"50 apply to the AI systems that integrate it",
				json_incref(f),
				"Regulation (EU) 2024/1689, Art. 3(63), "
				"Chapter V"));
		} else {
			c->klass = "out-of-scope";
			c->out_of_scope = true;
			from = c->rules->date_prohibitions;
			json_object_set_new(
			    cls, "scope",
			    json_pack(
				"{s:s, s:s, s:s, s:O, s:s, s:s}", "status",
				"out-of-scope", "article", "Art. 3(1), 3(63)",
				"text",
				"a model that is not general-purpose is "
				"regulated only as part of the AI system that "
				"integrates it",
				"facts", f, "back_in_scope",
				"integration into an AI system (assess that "
				"system), or a model that is general-purpose "
				"(Art. 3(63))",
				"source",
				"Regulation (EU) 2024/1689, Art. 3(1), 3(63)"));
			json_array_append_new(
			    bas,
			    basis(
				"art2", "Art. 3(1), 3(63)",
				"out of scope: the profile describes a model "
				"that is not a general-purpose AI model; the "
				"Regulation governs AI systems and "
				"general-purpose AI models",
				json_incref(f),
				"Regulation (EU) 2024/1689, Art. 3(1), 3(63)"));
		}
		json_decref(f);
	} else if (nprohib) {
		c->klass = "prohibited";
		for (size_t i = 0; i < nprohib; i++)
			earliest(&from,
				 json_string_value(json_object_get(
				     json_array_get(
					 json_object_get(cls, "prohibited"), i),
				     "applies_from")));
	} else if (c->annex_i || (c->annex_iii && !c->exempt)) {
		c->klass = "high-risk";
		if (!(c->annex_iii && !c->exempt))
			c->section_b = c->section_b && c->annex_i;
		else
			c->section_b = false;
		if (c->section_b)
			section_b(c, bas);
		/* the earlier date wins when both routes apply (Art. 113(c)) */
		from = c->annex_iii && !c->exempt ? c->rules->date_annex_iii : c->rules->date_annex_i;
		if (c->annex_i && strcmp(c->rules->date_annex_i, from) < 0)
			from = c->rules->date_annex_i;
	} else if (c->transparency) {
		c->klass = "limited";
		from = c->rules->date_general;
	} else {
		json_t *f = json_array();
		char text[512];

		c->klass = "minimal";
		from = c->rules->date_prohibitions;
		add_fact_json(f, c->p, "use.domain");
		add_fact_json(f, c->p, "use.decision");
		snprintf(text, sizeof(text),
			 "no prohibited practice in force, %s and no Art. 50 "
			 "trigger: AI literacy (Art. 4) and voluntary codes of "
			 "conduct (Art. 95)%s",
			 c->annex_iii
			     ? "an Annex III use made not high-risk by the "
			       "Art. 6(3) exemption, no Annex I route"
			     : "no Annex I or Annex III use",
			 c->gpai ? "; the general-purpose AI model's own "
				   "obligations are listed below"
				 : "");
		json_array_append_new(
		    bas, basis("minimal", "Art. 4; Art. 95", text, f,
			       "Regulation (EU) 2024/1689, Art. 4, Art. 95"));
	}
	if (!c->out_of_scope && !c->model)
		value_chain(c, bas, warn);
	/* the most decisive conclusion first: the one naming the class */
	{
		const char *lead =
		    c->out_of_scope			  ? "art2"
		    : c->model				  ? "model"
		    : strcmp(c->klass, "prohibited") == 0 ? "art5"
		    : strcmp(c->klass, "high-risk") == 0
			? (c->annex_iii && !c->exempt ? "annex_iii" : "annex_i")
		    : strcmp(c->klass, "limited") == 0 ? "art50"
						       : "minimal";
		json_t *sorted = json_array(), *e;
		size_t i;

		json_array_foreach(bas, i, e)
			if (strcmp(json_string_value(json_object_get(e, "rule")), lead) == 0)
				json_array_append(sorted, e);
		json_array_foreach(bas, i, e)
			if (strcmp(json_string_value(json_object_get(e, "rule")), lead) != 0)
				json_array_append(sorted, e);
		json_object_set_new(cls, "basis", sorted);
	}
	json_object_set_new(cls, "class", json_string(c->klass));
	json_object_set_new(cls, "applies_from", json_string(from));
	json_object_set_new(cls, "applies_now", json_boolean(date_le(from, c->as_of)));
	headline(c, cls, from);
	json_object_set_new(cls, "warnings", warn);
	json_object_set_new(c->doc, "classification", cls);
	return 0;
}
