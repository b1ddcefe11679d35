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

static int verr(const struct assess_ctx *c, const struct assess_fact *f, const char *what,
		struct aisec_error *err)
{
	return aisec_error_set(err, AISEC_ERR_INVALID, "'%s' line %d: field '%s': %s '%s'",
			       c->p->name, f->line, f->field, what, f->value);
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
				return verr(c, f, "unknown domain", err);
		} else if (strcmp(f->path, "use.annex_iii_point") == 0) {
			for (size_t k = 0; k < r->nannex_iii && !ok; k++)
				ok = strcmp(r->annex_iii[k].id, f->value) == 0;
			if (!ok)
				return verr(c, f, "unknown Annex III point", err);
		} else if (strcmp(f->path, "use.annex_i.act") == 0) {
			ok = strcmp(f->value, "none") == 0;
			for (size_t k = 0; k < r->nannex_i && !ok; k++)
				ok = strcmp(r->annex_i[k].id, f->value) == 0;
			if (!ok)
				return verr(c, f, "unknown Annex I act", err);
		} else if (strcmp(f->path, "organisation.standards") == 0) {
			if (!aisec_catalog_standard(c->cat, f->value))
				return verr(c, f, "unknown standard", err);
		} else if (strcmp(f->path, "organisation.controls") == 0) {
			if (!aisec_catalog_control(c->cat, f->value))
				return verr(c, f, "unknown control", err);
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
			char what[128];

			snprintf(what, sizeof(what), "decision unknown in domain '%s':", dom->id);
			return verr(c, f, what, err);
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

/* Art. 5: every point that holds and whose exception does not. */
static void prohibited(struct assess_ctx *c, json_t *cls, json_t *bas, json_t *warn)
{
	json_t *list = json_object_get(cls, "prohibited");

	for (size_t i = 0; i < c->rules->nprohibited; i++) {
		const struct act_rule *r = &c->rules->prohibited[i];
		json_t *facts = json_array();
		const char *from = r->applies_from ? r->applies_from : c->rules->date_prohibitions;

		if (!cond_eval(&r->when, c->p, facts)) {
			json_decref(facts);
			continue;
		}
		if (r->unless.nalts && cond_eval(&r->unless, c->p, facts)) {
			char text[512];

			snprintf(text, sizeof(text), "%s does not apply: %s", r->article,
				 r->unless_text ? r->unless_text : "the exception holds");
			json_array_append_new(bas, basis("art5_exception", r->article, text, facts,
							 r->source));
			continue;
		}
		json_array_append_new(list, json_pack("{s:s, s:s, s:O, s:s, s:s, s:b}", "point",
						      r->article, "text", r->title, "facts", facts,
						      "source", r->source, "applies_from", from,
						      "applies_now", date_le(from, c->as_of)));
		json_array_append_new(bas, basis("art5", r->article, r->title, facts, r->source));
		if (!date_le(from, c->as_of)) {
			char text[256];

			snprintf(text, sizeof(text), "%s applies only from %s", r->article, from);
			json_array_append_new(warn, json_pack("{s:s, s:[]}", "text", text, "facts"));
		}
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
	json_t *facts = NULL;

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
		if (!hit) {
			hit = r;
			facts = f;
		} else {
			char text[512];

			snprintf(text, sizeof(text), "the system also falls under Annex III point %s: %s",
				 r->id, r->title);
			json_array_append_new(bas, basis("annex_iii", r->article, text, f, r->source));
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
		if (cond6_3)
			warn_facts(warn, c->p, "use.art6_3 is given but no Annex III point applies: the exemption is moot",
				   "use.art6_3", NULL);
		return;
	}
	c->annex_iii = true;
	json_object_set_new(cls, "annex_iii",
			    json_pack("{s:s, s:s, s:o, s:O}", "point", hit->id, "title", hit->title,
				      "declared", declared ? json_string(declared->value) : json_null(),
				      "facts", facts));
	json_array_append_new(bas, basis("annex_iii", hit->article, hit->title, facts, hit->source));
	if (cond6_3) {
		json_t *ef = json_array();
		const char *duty = profiling
			? "none: a system that profiles natural persons is always high-risk"
			: "document the assessment before placing on the market (Art. 6(4)) and register the system (Art. 49(2))";
		char text[512];

		add_fact_json(ef, c->p, "use.art6_3");
		add_fact_json(ef, c->p, "use.profiling");
		c->exempt = !profiling;
		json_object_set_new(cls, "exemption_art6_3",
				    json_pack("{s:s, s:s, s:b, s:b, s:s, s:O}", "condition",
					      cond6_3->title, "article", cond6_3->article, "profiling",
					      profiling, "applies", !profiling, "duty", duty,
					      "facts", ef));
		if (profiling)
			snprintf(text, sizeof(text),
				 "the Art. 6(3) exemption (%s) is lost because the system profiles natural persons",
				 cond6_3->title);
		else
			snprintf(text, sizeof(text),
				 "not high-risk under Art. 6(3): the system is intended to %s; the provider must document this assessment (Art. 6(4)) and register the system (Art. 49(2))",
				 cond6_3->title);
		json_array_append_new(bas, basis("art6_3", cond6_3->article, text, ef,
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
		json_array_append_new(b, basis("gpai", "Art. 53",
					       "a general-purpose AI model: the Art. 53 obligations apply to its provider",
					       facts, "Regulation (EU) 2024/1689, Art. 3(63), Art. 53"));
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
			snprintf(text, sizeof(text),
				 "training compute %.3g FLOP exceeds %.3g FLOP: high-impact capabilities are presumed (systemic risk)",
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

int assess_classify(struct assess_ctx *c, struct aisec_error *err)
{
	json_t *cls = json_object(), *bas = json_array(), *warn = json_array();
	const char *from = NULL;
	size_t nprohib;

	json_object_set_new(cls, "class", json_string(""));
	json_object_set_new(cls, "basis", bas);
	json_object_set_new(cls, "prohibited", json_array());
	json_object_set_new(cls, "annex_i", json_null());
	json_object_set_new(cls, "annex_iii", json_null());
	json_object_set_new(cls, "exemption_art6_3", json_null());
	json_object_set_new(cls, "transparency", json_array());
	prohibited(c, cls, bas, warn);
	annex_i(c, cls, bas, warn);
	annex_iii(c, cls, bas, warn);
	transparency(c, cls, bas);
	json_object_set_new(cls, "gpai", gpai(c));
	nprohib = json_array_size(json_object_get(cls, "prohibited"));
	if (nprohib) {
		c->klass = "prohibited";
		for (size_t i = 0; i < nprohib; i++) {
			const char *d = json_string_value(json_object_get(
				json_array_get(json_object_get(cls, "prohibited"), i), "applies_from"));

			if (!from || strcmp(d, from) < 0)
				from = d;
		}
	} else if (c->annex_i || (c->annex_iii && !c->exempt)) {
		c->klass = "high-risk";
		/* the earlier date wins when both routes apply (Art. 113(c)) */
		from = c->annex_iii && !c->exempt ? c->rules->date_annex_iii : c->rules->date_annex_i;
		if (c->annex_i && strcmp(c->rules->date_annex_i, from) < 0)
			from = c->rules->date_annex_i;
	} else if (c->transparency) {
		c->klass = "limited";
		from = c->rules->date_general;
	} else {
		json_t *f = json_array();

		c->klass = "minimal";
		from = c->rules->date_prohibitions;
		add_fact_json(f, c->p, "use.domain");
		add_fact_json(f, c->p, "use.decision");
		json_array_append_new(bas, basis("minimal", "Art. 4; Art. 95",
						 "no prohibited practice, no Annex I or Annex III use and no Art. 50 trigger: only AI literacy (Art. 4) and voluntary codes of conduct (Art. 95)",
						 f, "Regulation (EU) 2024/1689, Art. 4, Art. 95"));
	}
	/* the most decisive conclusion first: the one naming the class */
	{
		const char *lead = strcmp(c->klass, "prohibited") == 0 ? "art5"
				   : strcmp(c->klass, "high-risk") == 0 ? (c->annex_iii && !c->exempt ? "annex_iii" : "annex_i")
				   : strcmp(c->klass, "limited") == 0 ? "art50" : "minimal";
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
	json_object_set_new(cls, "warnings", warn);
	json_object_set_new(c->doc, "classification", cls);
	return 0;
}
