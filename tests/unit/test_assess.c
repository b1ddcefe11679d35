/*
 * test_assess.c - the profile parser (errors name file, line and field), each
 * classification rule of the AI Act on data/ai-act.yaml (with the edge
 * cases), the threat conditions, and the TVRA arithmetic of data/tvra.yaml
 * against hand-worked cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfyaml.h>

#include "aisec/catalog.h"
#include "assess/internal.h"
#include "core/core.h"

/* ---- helpers ----------------------------------------------------------------- */

/* Parse data/<rel>; libfyaml points into the text, which is freed with *text. */
static struct fy_document *load_yaml(const char *rel, char **text)
{
	char path[512];
	struct aisec_buf b;
	struct aisec_error err;
	struct fy_document *d;

	snprintf(path, sizeof(path), "%s/data/%s", AISEC_SOURCE_DIR, rel);
	aisec_buf_init(&b, 0);
	aisec_error_clear(&err);
	assert_int_equal(aisec_file_read(path, &b, &err), 0);
	d = aisec_yaml_parse(rel, b.data, b.len, &err);
	assert_non_null(d);
	*text = aisec_buf_detach(&b, NULL);
	return d;
}

static struct act_rules *rules(void)
{
	static struct act_rules *r;
	struct aisec_error err;

	if (!r) {
		char *text;
		struct fy_document *d = load_yaml("ai-act.yaml", &text);

		aisec_error_clear(&err);
		if (act_rules_parse(fy_document_root(d), "ai-act.yaml", &r, &err))
			fail_msg("%s", err.msg);
		fy_document_destroy(d);
		free(text);
	}
	return r;
}

static struct aisec_profile *profile(const char *text)
{
	struct aisec_profile *p = NULL;
	struct aisec_error err;

	aisec_error_clear(&err);
	if (aisec_profile_parse("t.yaml", text, strlen(text), &p, &err))
		fail_msg("%s", err.msg);
	return p;
}

#define BASE "system: {name: t, role: provider}\ndeployment: {exposure: internal}\n"

/* Classify a profile; returns the classification object (caller frees doc). */
static json_t *classify(const char *text, const char *as_of, struct assess_ctx *c)
{
	struct aisec_error err;

	memset(c, 0, sizeof(*c));
	c->p = profile(text);
	c->rules = rules();
	c->as_of = as_of ? as_of : "2026-11-28";
	c->doc = json_object();
	aisec_error_clear(&err);
	assert_int_equal(assess_validate(c, &err), 0);
	assert_int_equal(assess_classify(c, &err), 0);
	return json_object_get(c->doc, "classification");
}

static void done(struct assess_ctx *c)
{
	json_decref(c->doc);
	aisec_profile_free((struct aisec_profile *)c->p);
}

static const char *cls_str(json_t *cls, const char *key)
{
	return json_string_value(json_object_get(cls, key));
}

static const char *first_basis_article(json_t *cls)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(cls, "basis"), 0),
						 "article"));
}

/* ---- profile parser -------------------------------------------------------------- */

static void expect_profile_error(const char *text, const char *msg)
{
	struct aisec_profile *p = NULL;
	struct aisec_error err;

	aisec_error_clear(&err);
	assert_true(aisec_profile_parse("bad.yaml", text, strlen(text), &p, &err) < 0);
	assert_null(p);
	if (!strstr(err.msg, msg))
		fail_msg("error '%s' lacks '%s'", err.msg, msg);
}

static void test_profile_errors(void **state)
{
	expect_profile_error(BASE "use: {domain: employment}\nml:\n  famly: cnn\n",
			     "'bad.yaml' line 5: field 'ml.famly': unknown field");
	expect_profile_error(BASE "use: {domain: x}\ndeployment2: {}\n",
			     "line 4: field 'deployment2': unknown field");
	expect_profile_error("system: {name: t, role: provider}\nuse: {domain: x}\n"
			     "deployment:\n  exposure: intranet2\n",
			     "'bad.yaml' line 4: field 'deployment.exposure': unknown value 'intranet2'");
	expect_profile_error(BASE "use: {domain: x}\nml: {continuous_learning: maybe}\n",
			     "line 4: field 'ml.continuous_learning': expected true or false");
	expect_profile_error("system: {name: t, role: provider}\ndeployment: {exposure: internal}\n",
			     "field 'use.domain': required field missing");
	expect_profile_error(BASE "use: {domain: x}\ndata: {sources: [own, lake]}\n",
			     "line 4: field 'data.sources[1]': unknown value 'lake'");
	expect_profile_error(BASE "use: {domain: x}\norganisation:\n  controls: [a, b, a]\n",
			     "line 5: field 'organisation.controls[2]': 'a' listed twice");
	expect_profile_error(BASE "use: {domain: x, gpai: {training_flop: lots}}\n",
			     "field 'use.gpai.training_flop': expected a non-negative number");
	expect_profile_error(BASE "use: {domain: x}\nsystem2: [\n", "'bad.yaml' line");
	expect_profile_error(BASE "use: {domain: x, biometrics: verification}\n",
			     "field 'use.biometrics': expected a mapping");
	expect_profile_error(BASE "use: {domain: x}\norganisation:\n  standards:\n    - {id: a, cert: true}\n",
			     "line 6: field 'organisation.standards[0].cert': unknown field");
}

static void test_profile_facts(void **state)
{
	struct aisec_profile *p = profile(BASE "use: {domain: finance}\n"
					  "data:\n  sources: [own, public]\n"
					  "organisation:\n  standards:\n    - {id: iso-iec-27001-2022, certified: true}\n"
					  "    - iso-iec-42001\n");
	const struct assess_fact *f = profile_fact(p, "deployment.exposure");

	assert_non_null(f);
	assert_string_equal(f->value, "internal");
	assert_int_equal(f->line, 2);
	assert_true(profile_has(p, "data.sources", "public"));
	assert_true(profile_has(p, "organisation.standards", "iso-iec-42001"));
	assert_true(profile_has(p, "organisation.certified", "iso-iec-27001-2022"));
	assert_false(profile_has(p, "organisation.certified", "iso-iec-42001"));
	aisec_profile_free(p);
}

/* ---- classification ----------------------------------------------------------------- */

static void test_annex_iii_employment(void **state)
{
	struct assess_ctx c;
	json_t *cls = classify(BASE "use: {domain: employment, decision: recruitment}\n", NULL, &c);

	assert_string_equal(cls_str(cls, "class"), "high-risk");
	assert_string_equal(first_basis_article(cls), "Art. 6(2); Annex III point 4(a)");
	assert_string_equal(cls_str(json_object_get(cls, "annex_iii"), "point"), "4(a)");
	assert_string_equal(cls_str(cls, "applies_from"), "2027-12-02");
	assert_false(json_is_true(json_object_get(cls, "applies_now")));
	done(&c);
	/* on the Annex III date the obligations apply */
	cls = classify(BASE "use: {domain: employment, decision: recruitment}\n", "2027-12-02", &c);
	assert_true(json_is_true(json_object_get(cls, "applies_now")));
	done(&c);
}

static void test_biometric_verification_not_high_risk(void **state)
{
	struct assess_ctx c;
	json_t *cls = classify(BASE "use:\n  domain: biometrics\n  decision: verification\n"
			       "  biometrics: {kind: verification, remote: true}\n", NULL, &c);

	assert_string_equal(cls_str(cls, "class"), "minimal");
	assert_true(json_is_null(json_object_get(cls, "annex_iii")));
	done(&c);
	cls = classify(BASE "use:\n  domain: biometrics\n  decision: identification\n"
		       "  biometrics: {kind: identification, remote: true}\n", NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "high-risk");
	assert_string_equal(cls_str(json_object_get(cls, "annex_iii"), "point"), "1(a)");
	done(&c);
}

static void test_fraud_detection_excluded(void **state)
{
	struct assess_ctx c;
	json_t *cls = classify(BASE "use: {domain: finance, decision: fraud_detection}\n", NULL, &c);
	json_t *b;
	size_t i;
	bool seen = false;

	assert_string_equal(cls_str(cls, "class"), "minimal");
	json_array_foreach(json_object_get(cls, "basis"), i, b)
		seen |= strcmp(cls_str(b, "rule"), "annex_iii_exclusion") == 0 &&
			strcmp(cls_str(b, "article"), "Annex III point 5(b)") == 0;
	assert_true(seen);
	done(&c);
	cls = classify(BASE "use: {domain: finance, decision: creditworthiness}\n", NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "high-risk");
	assert_string_equal(cls_str(json_object_get(cls, "annex_iii"), "point"), "5(b)");
	done(&c);
}

static void test_art6_3_exemption_and_profiling(void **state)
{
	struct assess_ctx c;
	json_t *cls = classify(BASE "use: {domain: employment, decision: candidate_filtering,"
			       " art6_3: narrow_procedural_task, profiling: false}\n", NULL, &c);
	json_t *ex = json_object_get(cls, "exemption_art6_3");

	assert_string_equal(cls_str(cls, "class"), "minimal");
	assert_true(json_is_true(json_object_get(ex, "applies")));
	assert_non_null(strstr(cls_str(ex, "duty"), "Art. 6(4)"));
	assert_non_null(strstr(cls_str(ex, "duty"), "Art. 49(2)"));
	done(&c);
	/* profiling keeps it high-risk */
	cls = classify(BASE "use: {domain: employment, decision: candidate_filtering,"
		       " art6_3: narrow_procedural_task, profiling: true}\n", NULL, &c);
	ex = json_object_get(cls, "exemption_art6_3");
	assert_string_equal(cls_str(cls, "class"), "high-risk");
	assert_false(json_is_true(json_object_get(ex, "applies")));
	assert_true(json_is_true(json_object_get(ex, "profiling")));
	/* lost under the third subparagraph, not point (a) */
	assert_string_equal(cls_str(ex, "article"),
			    "Art. 6(3), third subparagraph");
	done(&c);
	/* an exempt system is not summarised as "no Annex III use" */
	cls = classify(
	    BASE "use: {domain: employment, decision: candidate_filtering,"
		 " art6_3: narrow_procedural_task}\n",
	    NULL, &c);
	{
		json_t *b = json_array_get(json_object_get(cls, "basis"), 0);

		assert_string_equal(cls_str(b, "rule"), "minimal");
		assert_null(
		    strstr(cls_str(b, "text"), "no Annex I or Annex III use"));
		assert_non_null(
		    strstr(cls_str(b, "text"), "Art. 6(3) exemption"));
	}
	done(&c);
}

/* Art. 5(1)(d) versus Annex III 6(d): never both, never "not solely" for a
 * solely-profiling system. */
static void test_offending_risk(void **state)
{
	struct assess_ctx c;
	json_t *cls =
	    classify(BASE "use: {domain: law_enforcement, decision: "
			  "offending_risk, profiling: true,"
			  " practices: {crime_prediction: solely_profiling}}\n",
		     NULL, &c);

	assert_string_equal(cls_str(cls, "class"), "prohibited");
	assert_true(json_is_null(json_object_get(cls, "annex_iii")));
	done(&c);
	cls = classify(
	    BASE "use: {domain: law_enforcement, decision: offending_risk,"
		 " practices: {crime_prediction: supports_human_assessment}}\n",
	    NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "high-risk");
	assert_string_equal(cls_str(json_object_get(cls, "annex_iii"), "point"),
			    "6(d)");
	done(&c);
}

/* Facts that contradict each other give warnings naming both. */
static void test_contradictions(void **state)
{
	struct assess_ctx c;
	json_t *cls = classify(BASE "use: {domain: law_enforcement, decision: "
				    "profiling, profiling: false}\n",
			       NULL, &c);
	json_t *w = json_array_get(json_object_get(cls, "warnings"), 0);

	assert_non_null(strstr(cls_str(w, "text"), "contradicts itself"));
	assert_int_equal(json_array_size(json_object_get(w, "facts")), 2);
	done(&c);
	cls =
	    classify(BASE "use: {domain: other, gpai: {training_flop: 1e26}}\n",
		     NULL, &c);
	assert_non_null(
	    strstr(cls_str(json_array_get(json_object_get(cls, "warnings"), 0),
			   "text"),
		   "use.gpai.model is not true"));
	done(&c);
	cls = classify(BASE "use: {domain: other}\n", NULL, &c);
	assert_int_equal(json_array_size(json_object_get(cls, "warnings")), 0);
	done(&c);
}

/* Art. 5(1)(c): two limbs, either or both; a score without an effect is not
 * classed. */
static void test_social_scoring(void **state)
{
	struct assess_ctx c;
	json_t *cls = classify(
	    BASE
	    "use: {domain: public_services, practices: {social_scoring: true,"
	    " social_scoring_effect: unrelated_context, social_scoring_by: "
	    "private_entity}}\n",
	    NULL, &c);

	assert_string_equal(cls_str(cls, "class"), "prohibited");
	assert_string_equal(
	    cls_str(json_array_get(json_object_get(cls, "prohibited"), 0),
		    "point"),
	    "Art. 5(1)(c)(i)");
	assert_int_equal(json_array_size(json_object_get(cls, "prohibited")),
			 1);
	/* who scores is among the facts cited */
	assert_int_equal(
	    json_array_size(json_object_get(
		json_array_get(json_object_get(cls, "prohibited"), 0),
		"facts")),
	    3);
	done(&c);
	cls = classify(
	    BASE
	    "use: {domain: public_services, practices: {social_scoring: true,"
	    " social_scoring_effect: both}}\n",
	    NULL, &c);
	assert_int_equal(json_array_size(json_object_get(cls, "prohibited")),
			 2);
	assert_string_equal(
	    cls_str(json_array_get(json_object_get(cls, "prohibited"), 1),
		    "point"),
	    "Art. 5(1)(c)(ii)");
	done(&c);
	cls = classify(BASE "use: {domain: public_services, practices: "
			    "{social_scoring: true}}\n",
		       NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "minimal");
	assert_non_null(
	    strstr(cls_str(json_array_get(json_object_get(cls, "warnings"), 0),
			   "text"),
		   "Art. 5(1)(c)(ii)"));
	done(&c);
}

/* use.decision as a list: every decision classified, the strictest wins, all
 * reported. */
static void test_several_decisions(void **state)
{
	struct assess_ctx c;
	json_t *cls = classify(BASE "use: {domain: finance, decision: "
				    "[fraud_detection, credit_scoring]}\n",
			       NULL, &c);
	json_t *b, *e;
	size_t i;
	bool excl = false;

	assert_string_equal(cls_str(cls, "class"), "high-risk");
	assert_string_equal(cls_str(json_object_get(cls, "annex_iii"), "point"),
			    "5(b)");
	b = json_object_get(cls, "basis");
	json_array_foreach(b, i, e) excl |=
	    strcmp(cls_str(e, "rule"), "annex_iii_exclusion") == 0;
	assert_true(excl);
	done(&c);
	cls = classify(BASE "use: {domain: employment, decision: [scheduling, "
			    "recruitment, termination]}\n",
		       NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "high-risk");
	assert_string_equal(cls_str(json_object_get(cls, "annex_iii"), "point"),
			    "4(a)");
	assert_non_null(strstr(
	    cls_str(json_array_get(json_object_get(cls, "basis"), 1), "text"),
	    "also falls under Annex III point 4(b)"));
	done(&c);
}

/* Art. 2: scope and exclusions with their limits. */
static void test_scope(void **state)
{
	struct assess_ctx c;
	json_t *cls, *sc;

	cls = classify(
	    BASE "scope: {exclusion: military_defence_national_security}\n"
		 "use: {domain: security, decision: intrusion_detection}\n",
	    NULL, &c);
	sc = json_object_get(cls, "scope");
	assert_string_equal(cls_str(cls, "class"), "out-of-scope");
	assert_string_equal(cls_str(sc, "article"), "Art. 2(3)");
	assert_non_null(strstr(cls_str(sc, "back_in_scope"), "civilian"));
	assert_string_equal(first_basis_article(cls), "Art. 2(3)");
	assert_string_equal(cls_str(cls, "headline"),
			    "out of scope under Art. 2(3)");
	done(&c);
	/* dual use: the exclusion's limit is crossed, and the classification
	 * goes on */
	cls = classify(BASE
		       "scope: {exclusion: military_defence_national_security, "
		       "other_purposes: true}\n"
		       "use: {domain: critical_infrastructure, decision: "
		       "safety_component}\n",
		       NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "high-risk");
	assert_string_equal(cls_str(json_object_get(cls, "scope"), "status"),
			    "in-scope");
	done(&c);
	/* Art. 2(4) needs safeguards */
	cls = classify(BASE "scope: {exclusion: third_country_authority}\nuse: "
			    "{domain: law_enforcement}\n",
		       NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "minimal");
	done(&c);
	cls = classify(BASE "scope: {exclusion: third_country_authority, "
			    "fundamental_rights_safeguards: true}\n"
			    "use: {domain: law_enforcement}\n",
		       NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "out-of-scope");
	done(&c);
	/* Art. 2(8): real-world testing is not excluded */
	cls =
	    classify(BASE "scope: {exclusion: pre_market_research, "
			  "real_world_testing: true}\n"
			  "use: {domain: employment, decision: recruitment}\n",
		     NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "high-risk");
	done(&c);
	cls = classify(
	    BASE
	    "scope: {exclusion: scientific_research}\nuse: {domain: health}\n",
	    NULL, &c);
	assert_string_equal(cls_str(json_object_get(cls, "scope"), "article"),
			    "Art. 2(6)");
	done(&c);
	/* Art. 2(10) covers deployers only */
	cls =
	    classify(BASE "scope: {exclusion: personal_non_professional}\nuse: "
			  "{domain: other}\n",
		     NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "minimal");
	done(&c);
	cls = classify("system: {name: t, role: deployer}\ndeployment: "
		       "{exposure: internal}\n"
		       "scope: {exclusion: personal_non_professional}\nuse: "
		       "{domain: other}\n",
		       NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "out-of-scope");
	done(&c);
	/* Art. 2(1): a third-country provider whose system and output stay
	 * outside the Union */
	cls =
	    classify(BASE "scope: {established: third_country, eu_market: "
			  "false, output_in_eu: false}\n"
			  "use: {domain: employment, decision: recruitment}\n",
		     NULL, &c);
	assert_string_equal(cls_str(json_object_get(cls, "scope"), "article"),
			    "Art. 2(1)");
	done(&c);
	cls =
	    classify(BASE "scope: {established: third_country, eu_market: "
			  "false, output_in_eu: true}\n"
			  "use: {domain: employment, decision: recruitment}\n",
		     NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "high-risk");
	done(&c);
	/* Art. 2(12): open source is out of scope unless high-risk, Art. 5 or
	 * Art. 50 */
	cls = classify(BASE "scope: {open_source: true}\nuse: {domain: "
			    "communication, decision: spam_filtering}\n",
		       NULL, &c);
	assert_string_equal(cls_str(json_object_get(cls, "scope"), "article"),
			    "Art. 2(12)");
	done(&c);
	cls = classify(BASE "scope: {open_source: true}\nuse: {domain: "
			    "education, decision: admission}\n",
		       NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "high-risk");
	done(&c);
	cls = classify(BASE "scope: {open_source: true}\n"
			    "use: {domain: customer_service, transparency: "
			    "{interacts_with_people: true}}\n",
		       NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "limited");
	done(&c);
}

/* Art. 2(2): Annex I Section B, the version in force on the date. */
static void test_section_b(void **state)
{
	struct assess_ctx c;
	json_t *cls = classify(
	    BASE "use:\n  domain: transport\n  decision: driving_function\n"
		 "  annex_i: {role: safety_component, act: motor_vehicles, "
		 "third_party_assessment: true}\n",
	    NULL, &c);
	json_t *b, *e;
	size_t i;
	const char *t = NULL;

	assert_string_equal(cls_str(cls, "class"), "high-risk");
	b = json_object_get(cls, "basis");
	json_array_foreach(b, i, e) if (strcmp(cls_str(e, "rule"), "art2_2") ==
					0) t = cls_str(e, "text");
	assert_non_null(t);
	assert_non_null(strstr(t, "Art. 60a"));
	done(&c);
	cls = classify(
	    BASE "use:\n  domain: transport\n  decision: driving_function\n"
		 "  annex_i: {role: safety_component, act: motor_vehicles, "
		 "third_party_assessment: true}\n",
	    "2026-07-26", &c);
	b = json_object_get(cls, "basis");
	t = NULL;
	json_array_foreach(b, i, e) if (strcmp(cls_str(e, "rule"), "art2_2") ==
					0) t = cls_str(e, "text");
	assert_non_null(t);
	assert_null(strstr(t, "Art. 60a"));
	done(&c);
}

/* kind: model and Art. 25(1). */
static void test_model_and_value_chain(void **state)
{
	struct assess_ctx c;
	json_t *cls =
	    classify("kind: model\n" BASE "use: {domain: general_purpose,"
		     " gpai: {model: true, training_flop: 3e25}}\n",
		     NULL, &c);

	assert_string_equal(cls_str(cls, "class"), "gpai-model-systemic");
	assert_string_equal(cls_str(cls, "headline"),
			    "general-purpose AI model with systemic risk: Art. "
			    "53 and Art. 55 apply since 2025-08-02");
	assert_non_null(strstr(
	    cls_str(
		json_array_get(
		    json_object_get(json_object_get(cls, "gpai"), "basis"), 1),
		"text"),
	    "rebuttable"));
	done(&c);
	cls = classify("kind: model\n" BASE
		       "use: {domain: general_purpose, gpai: {model: true}}\n",
		       NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "gpai-model");
	done(&c);
	cls = classify("kind: model\n" BASE "use: {domain: other}\n", NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "out-of-scope");
	done(&c);
	/* a deployer that puts its name on a high-risk system becomes its
	 * provider */
	cls = classify("system: {name: t, role: [deployer, "
		       "distributor]}\ndeployment: {exposure: internal}\n"
		       "value_chain: {own_name: true}\nuse: {domain: "
		       "employment, decision: recruitment}\n",
		       NULL, &c);
	assert_true(c.becomes_provider);
	{
		json_t *b, *e;
		size_t i;
		bool seen = false;

		b = json_object_get(cls, "basis");
		json_array_foreach(
		    b, i, e) if (strcmp(cls_str(e, "rule"), "art25") == 0)
		{
			seen = true;
			assert_string_equal(cls_str(e, "article"),
					    "Art. 25(1)(a)");
			assert_non_null(
			    strstr(cls_str(e, "text"), "Art. 25(2)"));
		}
		assert_true(seen);
	}
	done(&c);
	/* not high-risk: moot, with a warning */
	cls = classify("system: {name: t, role: deployer}\ndeployment: "
		       "{exposure: internal}\n"
		       "value_chain: {substantial_modification: true}\nuse: "
		       "{domain: other}\n",
		       NULL, &c);
	assert_false(c.becomes_provider);
	assert_non_null(
	    strstr(cls_str(json_array_get(json_object_get(cls, "warnings"), 0),
			   "text"),
		   "moot"));
	done(&c);
}

static void test_emotion_recognition(void **state)
{
	struct assess_ctx c;
	json_t *cls = classify(BASE "use:\n  domain: employment\n  decision: performance_monitoring\n"
			       "  biometrics: {kind: emotion_recognition, setting: workplace, purpose: other}\n",
			       NULL, &c);
	json_t *pr = json_array_get(json_object_get(cls, "prohibited"), 0);

	assert_string_equal(cls_str(cls, "class"), "prohibited");
	assert_string_equal(cls_str(pr, "point"), "Art. 5(1)(f)");
	assert_string_equal(cls_str(pr, "applies_from"), "2025-02-02");
	assert_string_equal(first_basis_article(cls), "Art. 5(1)(f)");
	done(&c);
	/* for safety reasons at work: allowed, but high-risk (Annex III 1(c)) and Art. 50(3) */
	cls = classify(BASE "use:\n  domain: employment\n  decision: other\n"
		       "  biometrics: {kind: emotion_recognition, setting: workplace, purpose: safety}\n",
		       NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "high-risk");
	assert_int_equal(json_array_size(json_object_get(cls, "prohibited")), 0);
	assert_string_equal(cls_str(json_object_get(cls, "annex_iii"), "point"), "1(c)");
	assert_string_equal(cls_str(json_array_get(json_object_get(cls, "transparency"), 0), "article"),
			    "Art. 50(3)");
	done(&c);
}

static void test_prohibited_rbi_and_new_points(void **state)
{
	struct assess_ctx c;
#define RBI(x) BASE "use:\n  domain: law_enforcement\n  biometrics: {kind: identification," \
	" remote: true, real_time: true, public_spaces: true, law_enforcement: true" x "}\n"
	json_t *cls;

	cls = classify(RBI(""), NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "prohibited");
	assert_string_equal(cls_str(json_array_get(json_object_get(cls, "prohibited"), 0), "point"),
			    "Art. 5(1)(h)");
	done(&c);
	/* an exception: Art. 5(1)(h) applies, point (i) named, the Art.
	 * 5(2)-(7) conditions listed */
	cls = classify(RBI(", rbi_exception: victims"), NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "high-risk");
	{
		json_t *rbi = json_object_get(cls, "rbi_exception");

		assert_non_null(rbi);
		assert_string_equal(cls_str(rbi, "point"), "Art. 5(1)(h)(i)");
		assert_string_equal(cls_str(rbi, "applies_from"), "2025-02-02");
		assert_int_equal(
		    json_array_size(json_object_get(rbi, "conditions")), 6);
		/* national law, FRIA, registration, authorisation, notification
		 * missing */
		assert_int_equal(
		    json_array_size(json_object_get(rbi, "missing")), 5);
		assert_non_null(strstr(
		    cls_str(json_array_get(json_object_get(cls, "warnings"), 0),
			    "text"),
		    "Art. 5(3) (authorisation)"));
	}
	done(&c);
	cls = classify(
	    RBI(", rbi_exception: suspects, rbi_authorisation: prior, "
		"rbi_national_law: true,"
		" rbi_fria: true, rbi_registered: true, rbi_notified: true"),
	    NULL, &c);
	assert_string_equal(
	    cls_str(json_object_get(cls, "rbi_exception"), "point"),
	    "Art. 5(1)(h)(iii)");
	assert_int_equal(json_array_size(json_object_get(
			     json_object_get(cls, "rbi_exception"), "missing")),
			 0);
	assert_int_equal(json_array_size(json_object_get(cls, "warnings")), 0);
	done(&c);
	/* Art. 5(1)(ba) applies from 2026-12-02: before, the class is what else
	   applies, with a "prohibited from" warning and next step; on the date
	   it is prohibited */
	cls = classify(BASE "use: {domain: content_generation, practices: {intimate_imagery: true}}\n",
		       "2026-11-28", &c);
	assert_string_equal(cls_str(cls, "class"), "minimal");
	assert_int_equal(json_array_size(json_object_get(cls, "prohibited")),
			 0);
	assert_string_equal(
	    cls_str(json_array_get(json_object_get(cls, "prohibited_from"), 0),
		    "applies_from"),
	    "2026-12-02");
	assert_int_equal(json_array_size(json_object_get(cls, "warnings")), 1);
	assert_non_null(
	    strstr(cls_str(json_array_get(json_object_get(cls, "warnings"), 0),
			   "text"),
		   "prohibited from 2026-12-02 under Art. 5(1)(ba)"));
	assert_non_null(
	    strstr(cls_str(json_array_get(json_object_get(cls, "warnings"), 0),
			   "text"),
		   "Next step"));
	assert_non_null(
	    strstr(cls_str(cls, "headline"), "PROHIBITED FROM 2026-12-02"));
	done(&c);
	cls = classify(
	    BASE "use: {domain: content_generation, practices: {csam: true}}\n",
	    "2026-12-02", &c);
	assert_string_equal(cls_str(cls, "class"), "prohibited");
	assert_true(json_is_true(json_object_get(cls, "applies_now")));
	assert_string_equal(cls_str(cls, "applies_from"), "2026-12-02");
	assert_string_equal(cls_str(cls, "headline"),
			    "prohibited since 2026-12-02 under Art. 5(1)(bb)");
	done(&c);
	cls = classify(BASE "use: {domain: other, practices: {crime_prediction: supports_human_assessment}}\n",
		       NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "minimal");
	done(&c);
}

static void test_annex_i(void **state)
{
	struct assess_ctx c;
	json_t *cls = classify(BASE "use:\n  domain: health\n  decision: image_classification\n"
			       "  annex_i: {role: product, act: mdr, third_party_assessment: true}\n",
			       NULL, &c);

	assert_string_equal(cls_str(cls, "class"), "high-risk");
	assert_string_equal(first_basis_article(cls), "Art. 6(1); Annex I, Section A, point 11");
	assert_string_equal(cls_str(cls, "applies_from"), "2028-08-02");
	done(&c);
	/* a role without an act is checked by nobody: a warning says so */
	cls = classify(BASE "use:\n  domain: health\n  annex_i: {role: product}\n", NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "minimal");
	assert_non_null(strstr(cls_str(json_array_get(json_object_get(cls, "warnings"), 0), "text"),
			       "no Annex I act"));
	done(&c);
	/* no third-party assessment: Art. 6(1) does not apply */
	cls = classify(BASE "use:\n  domain: health\n"
		       "  annex_i: {role: safety_component, act: mdr, third_party_assessment: false}\n",
		       NULL, &c);
	assert_string_equal(cls_str(cls, "class"), "minimal");
	done(&c);
}

static void test_declared_point_contradiction(void **state)
{
	struct assess_ctx c;
	json_t *cls = classify(BASE "use: {domain: employment, decision: recruitment, annex_iii_point: \"5(b)\"}\n",
			       NULL, &c);
	json_t *w = json_array_get(json_object_get(cls, "warnings"), 0);

	assert_non_null(w);
	assert_string_equal(cls_str(w, "text"), "declared Annex III point 5(b) contradicts the facts (4(a))");
	assert_int_equal(json_integer_value(json_object_get(
				 json_array_get(json_object_get(w, "facts"), 0), "line")), 3);
	done(&c);
}

static void test_transparency_and_gpai(void **state)
{
	struct assess_ctx c;
	json_t *cls = classify(BASE "use:\n  domain: general_purpose\n"
			       "  transparency: {interacts_with_people: true, public_interest_text: true}\n"
			       "  gpai: {model: true, training_flop: 2e25}\n", NULL, &c);
	json_t *t = json_object_get(cls, "transparency"), *g = json_object_get(cls, "gpai");

	assert_string_equal(cls_str(cls, "class"), "limited");
	assert_int_equal(json_array_size(t), 2);
	assert_string_equal(cls_str(json_array_get(t, 0), "article"), "Art. 50(1)");
	assert_string_equal(cls_str(json_array_get(t, 1), "article"), "Art. 50(4)");
	assert_true(json_is_true(json_object_get(g, "model")));
	assert_true(json_is_true(json_object_get(g, "systemic_risk")));
	done(&c);
	/* below the Art. 51(2) threshold: a GPAI model without systemic risk */
	cls = classify(BASE "use: {domain: general_purpose, gpai: {model: true, training_flop: 1e25}}\n",
		       NULL, &c);
	g = json_object_get(cls, "gpai");
	assert_true(json_is_true(json_object_get(g, "model")));
	assert_false(json_is_true(json_object_get(g, "systemic_risk")));
	assert_string_equal(cls_str(cls, "class"), "minimal");
	done(&c);
	/* open source without systemic risk: Art. 53(2); with systemic risk it does not help */
	cls = classify(BASE "use: {domain: general_purpose, gpai: {model: true, open_source: true}}\n",
		       NULL, &c);
	g = json_object_get(cls, "gpai");
	assert_string_equal(cls_str(json_array_get(json_object_get(g, "basis"), 1), "article"),
			    "Art. 53(2)");
	done(&c);
	cls = classify(BASE "use: {domain: general_purpose, gpai: {model: true, open_source: true,"
		       " designated: true}}\n", NULL, &c);
	g = json_object_get(cls, "gpai");
	assert_int_equal(json_array_size(json_object_get(g, "basis")), 2);
	assert_true(json_is_true(json_object_get(g, "systemic_risk")));
	done(&c);
}

static void test_validate_errors(void **state)
{
	struct assess_ctx c = {0};
	struct aisec_error err;

	c.rules = rules();
	c.p = profile(BASE "use: {domain: employment, decision: fraud_detection}\n");
	aisec_error_clear(&err);
	assert_int_equal(assess_validate(&c, &err), AISEC_ERR_INVALID);
	assert_string_equal(
	    err.msg,
	    "'t.yaml' line 3: field 'use.decision': decision unknown in domain "
	    "'employment': 'fraud_detection' (one of: recruitment, "
	    "candidate_filtering, targeted_job_ads, candidate_evaluation, "
	    "work_terms, promotion, termination, task_allocation, "
	    "performance_monitoring, scheduling, other)");
	aisec_profile_free((struct aisec_profile *)c.p);
	c.p = profile(BASE "use: {domain: employments}\n");
	assert_int_equal(assess_validate(&c, &err), AISEC_ERR_INVALID);
	assert_non_null(strstr(
	    err.msg,
	    "'t.yaml' line 3: field 'use.domain': unknown domain 'employments' "
	    "(one of: biometrics, critical_infrastructure, "));
	aisec_profile_free((struct aisec_profile *)c.p);
}

/* ---- threat conditions -------------------------------------------------------------- */

static int holds(const char *text, const char *cond)
{
	struct aisec_profile *p = profile(text);
	json_t *r = NULL;
	int ret = threat_condition(p, cond, &r);

	if (ret == 1) {
		assert_non_null(r);
		assert_string_equal(json_string_value(json_object_get(r, "condition")), cond);
	}
	json_decref(r);
	aisec_profile_free(p);
	return ret;
}

#define EXPO(e, rest) "system: {name: t, role: provider}\nuse: {domain: other}\n" \
	"deployment: {exposure: " e rest "}\n"

static void test_threat_conditions(void **state)
{
	assert_int_equal(holds(EXPO("offline", ""), "query_access"), 0);
	assert_int_equal(holds(EXPO("internal", ""), "query_access"), 1);
	assert_int_equal(holds(EXPO("public_api", ""), "public_exposure"), 1);
	assert_int_equal(holds(EXPO("partner", ""), "public_exposure"), 0);
	assert_int_equal(holds(EXPO("public_api", ", returns: [label, probabilities]"), "scores_returned"), 1);
	assert_int_equal(holds(EXPO("public_api", ", returns: [label, probabilities]"), "labels_only"), 0);
	assert_int_equal(holds(EXPO("public_api", ", returns: [label]"), "labels_only"), 1);
	assert_int_equal(holds(EXPO("public_api", ""), "no_rate_limit"), 1);
	assert_int_equal(holds(EXPO("public_api", ", rate_limit: true"), "no_rate_limit"), 0);
	assert_int_equal(holds(EXPO("offline", ""), "no_rate_limit"), 0);
	assert_int_equal(holds(EXPO("on_device", ""), "on_device"), 1);
	assert_int_equal(holds(EXPO("internal", "}\nml: {family: transformer"), "unexplainable"), 1);
	assert_int_equal(holds(EXPO("internal", "}\nml: {family: transformer, explainability: post_hoc"),
			       "unexplainable"), 0);
	assert_int_equal(holds(EXPO("internal", "}\ndata: {sources: [scraped]"), "public_data"), 1);
	assert_int_equal(holds(EXPO("internal", "}\ndata: {labelling: crowd"), "human_labelled"), 1);
	assert_int_equal(holds(EXPO("internal", ""), "always"), 1);
	assert_int_equal(holds(EXPO("internal", ""), "no_such_condition"), -1);
}

/* ---- TVRA arithmetic ------------------------------------------------------------------ */

static struct tvra_schemes *schemes(void)
{
	static struct tvra_schemes *t;
	struct aisec_error err;

	if (!t) {
		char *text;
		struct fy_document *d = load_yaml("tvra.yaml", &text);

		aisec_error_clear(&err);
		if (tvra_parse(fy_document_root(d), "tvra.yaml", &t, &err))
			fail_msg("%s", err.msg);
		fy_document_destroy(d);
		free(text);
	}
	return t;
}

static void score(const char *scheme, const char *et, const char *ex, const char *kn,
		  const char *wi, const char *eq, const char *impact, struct tvra_result *r)
{
	const char *lv[TVRA_NFACTORS] = {et, ex, kn, wi, eq};
	const struct tvra_scheme *s = tvra_find(schemes(), scheme);
	struct aisec_error err;

	assert_non_null(s);
	aisec_error_clear(&err);
	if (tvra_score(s, lv, impact, r, &err))
		fail_msg("%s", err.msg);
}

static void test_tvra_etsi(void **state)
{
	struct tvra_result r;

	/* 1 + 3 + 0 + 1 + 0 = 5: basic -> likely (3); medium (2): 6 critical */
	score("etsi-tvra", "le1w", "proficient", "public", "easy", "standard", "medium", &r);
	assert_int_equal(r.sum, 5);
	assert_string_equal(r.rating, "basic");
	assert_string_equal(r.likelihood, "likely");
	assert_int_equal(r.risk, 6);
	assert_string_equal(r.risk_level, "critical");
	/* 4 + 6 + 0 + 4 + 0 = 14: moderate -> possible (2); low (1): 2 minor */
	score("etsi-tvra", "le1m", "expert", "public", "moderate", "standard", "low", &r);
	assert_int_equal(r.sum, 14);
	assert_string_equal(r.rating, "moderate");
	assert_int_equal(r.likelihood_value, 2);
	assert_int_equal(r.risk, 2);
	assert_string_equal(r.risk_level, "minor");
	/* 10 + 6 + 3 + 10 + 4 = 33: beyond-high -> unlikely (1); high (3): 3 major */
	score("etsi-tvra", "le2m", "expert", "restricted", "difficult", "specialised", "high", &r);
	assert_int_equal(r.sum, 33);
	assert_string_equal(r.rating, "beyond-high");
	assert_int_equal(r.risk, 3);
	assert_string_equal(r.risk_level, "major");
	/* ETSI's coarse scale: two weeks rounds up to the one-month step (4) */
	score("etsi-tvra", "le2w", "layman", "public", "unnecessary", "standard", "high", &r);
	assert_int_equal(r.values[0], 4);
	assert_int_equal(r.sum, 4);
	/* 10 + 3 + 0 + 0 + 0 = 13 is still enhanced-basic; 20 is high */
	score("etsi-tvra", "le3m", "proficient", "public", "unnecessary", "standard", "high", &r);
	assert_string_equal(r.rating, "enhanced-basic");
	score("etsi-tvra", "le3m", "proficient", "sensitive", "unnecessary", "standard", "high", &r);
	assert_int_equal(r.sum, 20);
	assert_string_equal(r.rating, "high");
	/* no window of opportunity: not practical */
	score("etsi-tvra", "le1d", "layman", "public", "none", "standard", "high", &r);
	assert_int_equal(r.sum, -1);
	assert_string_equal(r.rating, "not-practical");
	assert_string_equal(r.likelihood, "unlikely");
}

static void test_tvra_21434(void **state)
{
	struct tvra_result r;

	/* sum 5: feasibility high (4), impact high -> severe (4): matrix 5, critical */
	score("iso-sae-21434", "le1w", "proficient", "public", "easy", "standard", "high", &r);
	assert_string_equal(r.rating, "high");
	assert_int_equal(r.risk, 5);
	assert_string_equal(r.risk_level, "critical");
	/* sum 14: medium (3), impact low -> moderate (2): matrix 2, minor */
	score("iso-sae-21434", "le1m", "expert", "public", "moderate", "standard", "low", &r);
	assert_string_equal(r.rating, "medium");
	assert_string_equal(r.impact, "moderate");
	assert_int_equal(r.risk, 2);
	/* sum 25: very low (1), severe: 2 minor */
	score("iso-sae-21434", "gt6m", "proficient", "restricted", "unnecessary", "standard", "high", &r);
	assert_int_equal(r.sum, 25);
	assert_string_equal(r.rating, "very-low");
	assert_int_equal(r.risk, 2);
}

static void test_tvra_bad_scheme(void **state)
{
	const char *bad = "tvra:\n  schemes:\n  - id: x\n    title: t\n    source: s\n"
			  "    factors: {elapsed_time: {le1d: soon}}\n";
	struct fy_document *d;
	struct tvra_schemes *t = NULL;
	struct aisec_error err;

	aisec_error_clear(&err);
	d = aisec_yaml_parse("tvra.yaml", bad, strlen(bad), &err);
	assert_non_null(d);
	assert_int_equal(tvra_parse(fy_document_root(d), "tvra.yaml", &t, &err), AISEC_ERR_INVALID);
	assert_null(t);
	assert_non_null(strstr(err.msg, "'tvra.yaml' line 6: field 'x.factors.elapsed_time'"));
	fy_document_destroy(d);
}

/* ---- threat selection and TVRA movement on a fixture catalog ------------------- */

static const char fixture_threats[] =
	"threats:\n"
	"  - id: model_extraction\n    name: \"Extraction\"\n    goals: [confidentiality]\n"
	"    phases: [operation]\n    requires: [query_access]\n    any_of: []\n"
	"    amplified_by: [scores_returned, no_rate_limit]\n    ai_specific: true\n"
	"    tvra: {elapsed_time: le1m, expertise: proficient, knowledge: restricted, window: moderate, equipment: standard, impact: medium}\n"
	"    description: \"d\"\n    source: \"s\"\n"
	"  - id: poisoning\n    name: \"Poisoning\"\n    goals: [integrity]\n"
	"    phases: [data_collection]\n    requires: []\n"
	"    any_of: [third_party_data, public_data, continuous_learning]\n"
	"    amplified_by: [public_data]\n    ai_specific: true\n"
	"    tvra: {elapsed_time: le2w, expertise: proficient, knowledge: public, window: moderate, equipment: standard, impact: medium}\n"
	"    description: \"d\"\n    source: \"s\"\n"
	"  - id: online_poisoning\n    name: \"Online poisoning\"\n    goals: [integrity]\n"
	"    phases: [operation]\n    requires: [continuous_learning]\n    any_of: []\n"
	"    amplified_by: []\n    ai_specific: true\n"
	"    tvra: {elapsed_time: le1w, expertise: proficient, knowledge: public, window: easy, equipment: standard, impact: medium}\n"
	"    description: \"d\"\n    source: \"s\"\n"
	"controls:\n"
	"  - id: rate_limiting\n    name: \"Rate limiting\"\n    mitigates: [model_extraction]\n"
	"    standards: []\n    requirements: []\n    raises: {elapsed_time: le3m}\n"
	"    description: \"d\"\n    source: \"s\"\n";

static struct aisec_catalog *fixture_catalog(void)
{
	const char *meta = "catalog: {name: t, version: \"1\", as_of: \"2026-11-28\", credit: c, license: l}\n";
	const char *names[] = {"catalog.yaml", "fixture.yaml"};
	const char *texts[] = {meta, fixture_threats};
	size_t lens[] = {strlen(meta), strlen(fixture_threats)};
	struct aisec_error err;
	struct aisec_catalog *cat;

	aisec_error_clear(&err);
	cat = aisec_catalog_load_mem_opts(names, texts, lens, 2,
					  AISEC_CATALOG_THREATS | AISEC_CATALOG_CONTROLS, &err);
	if (!cat)
		fail_msg("%s", err.msg);
	return cat;
}

/* Selected threat ids, space-separated, into buf; the doc stays in c. */
static void select_ids(struct assess_ctx *c, struct aisec_catalog *cat, const char *text,
		   char *buf, size_t n)
{
	struct aisec_error err;
	json_t *t;
	size_t i, off = 0;

	memset(c, 0, sizeof(*c));
	c->cat = cat;
	c->p = profile(text);
	c->doc = json_object();
	aisec_error_clear(&err);
	assert_int_equal(assess_threats(c, &err), 0);
	buf[0] = '\0';
	json_array_foreach(json_object_get(c->doc, "threats"), i, t)
		off += (size_t)snprintf(buf + off, n - off, "%s%s", off ? " " : "",
					json_string_value(json_object_get(t, "id")));
}

static void test_threat_selection(void **state)
{
	struct aisec_catalog *cat = fixture_catalog();
	struct assess_ctx c;
	char ids[256];
	json_t *r;

	/* offline, own data: nothing fits */
	select_ids(&c, cat, "system: {name: t, role: provider}\nuse: {domain: other}\n"
	       "deployment: {exposure: offline}\ndata: {sources: [own]}\n", ids, sizeof(ids));
	assert_string_equal(ids, "");
	done(&c);
	/* a public API and scraped data: model extraction (C first) and poisoning, with reasons */
	select_ids(&c, cat, "system: {name: t, role: provider}\nuse: {domain: other}\n"
	       "deployment: {exposure: public_api, returns: [probabilities]}\n"
	       "data: {sources: [scraped]}\n", ids, sizeof(ids));
	assert_string_equal(ids, "model_extraction poisoning");
	r = json_object_get(json_array_get(json_object_get(c.doc, "threats"), 0), "reasons");
	assert_int_equal(json_array_size(r), 3); /* query_access, scores_returned, no_rate_limit */
	assert_string_equal(json_string_value(json_object_get(json_array_get(r, 1), "condition")),
			    "scores_returned");
	assert_string_equal(json_string_value(json_object_get(json_array_get(r, 1), "text")),
			    "outputs include scores or probabilities (deployment.returns[0]: probabilities)");
	assert_string_equal(json_string_value(json_object_get(json_array_get(r, 1), "role")),
			    "amplified_by");
	/* public_data is both any_of and amplified_by: one reason */
	r = json_object_get(json_array_get(json_object_get(c.doc, "threats"), 1), "reasons");
	assert_int_equal(json_array_size(r), 1);
	done(&c);
	/* continuous learning brings online poisoning (and poisoning through any_of) */
	select_ids(&c, cat, "system: {name: t, role: provider}\nuse: {domain: other}\n"
	       "deployment: {exposure: offline}\nml: {continuous_learning: true}\n", ids, sizeof(ids));
	assert_string_equal(ids, "poisoning online_poisoning");
	done(&c);
	aisec_catalog_free(cat);
}

/* An error already naming the profile file gets no second "assess 'file'" prefix. */
static void test_assess_error_names_profile_once(void **state)
{
	struct aisec_error err;
	struct aisec_catalog *cat;
	struct aisec_profile *p;
	struct aisec_findings *f = NULL;
	struct aisec_assess_options opt = {.scheme = "no-such-scheme"};

	aisec_error_clear(&err);
	cat = aisec_catalog_load_embedded(&err);
	if (!cat)
		fail_msg("%s", err.msg);
	p = profile(BASE "use: {domain: other}\norganisation: {standards: [no-such-standard]}\n");
	assert_true(aisec_assess(cat, p, NULL, &f, &err) < 0);
	assert_null(f);
	assert_string_equal(
	    err.msg, "'t.yaml' line 4: field 'organisation.standards[0]': "
		     "unknown standard 'no-such-standard' (one of the ids, "
		     "references or "
		     "aliases that 'aisec catalog list standards' prints)");
	aisec_profile_free(p);
	p = profile(BASE "use: {domain: other}\n");
	assert_true(aisec_assess(cat, p, &opt, &f, &err) < 0);
	assert_non_null(strstr(err.msg, "assess 't.yaml': "));
	aisec_profile_free(p);
	aisec_catalog_free(cat);
}

static int factor_value(json_t *risk, const char *which, const char *factor)
{
	json_t *f = which ? json_object_get(json_object_get(risk, which), "factors")
			  : json_object_get(risk, "factors");

	return (int)json_integer_value(json_object_get(json_object_get(f, factor), "value"));
}

static void test_tvra_moved_by_profile(void **state)
{
	struct aisec_catalog *cat = fixture_catalog();
	struct assess_ctx c;
	struct aisec_error err;
	char ids[256];
	json_t *risk;

	select_ids(&c, cat, "system: {name: t, role: provider}\nuse: {domain: other}\n"
	       "deployment: {exposure: public_api, returns: [probabilities]}\n"
	       "impact: {severity: high}\norganisation: {controls: [rate_limiting]}\n",
	       ids, sizeof(ids));
	assert_string_equal(ids, "model_extraction");
	c.tvra = schemes();
	c.scheme = tvra_find(c.tvra, "etsi-tvra");
	aisec_error_clear(&err);
	assert_int_equal(assess_risks(&c, &err), 0);
	risk = json_array_get(json_object_get(c.doc, "risks"), 0);
	/*
	 * defaults le1m 4 + proficient 3 + restricted 3 + moderate 4 + standard 0 = 14;
	 * public API: window unnecessary (0); no rate limit in the profile: le1w (1);
	 * probabilities returned: knowledge public (0): 1 + 3 + 0 + 0 + 0 = 4, basic,
	 * likely (3) x impact (medium: confidentiality, no personal data) 2 = 6 critical
	 */
	assert_int_equal(factor_value(risk, NULL, "window"), 0);
	assert_int_equal(factor_value(risk, NULL, "elapsed_time"), 1);
	assert_int_equal(factor_value(risk, NULL, "knowledge"), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(risk, "attack_potential"), "sum")), 4);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(risk, "risk"), "value")), 6);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(json_object_get(risk, "factors"), "window"), "why")),
			    "exposed to the public: anyone can query it at any time");
	/* rate limiting in place raises elapsed time to le3m (10): 13, enhanced-basic, still likely */
	assert_int_equal(factor_value(risk, "residual", "elapsed_time"), 10);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
				    json_object_get(risk, "residual"), "attack_potential"), "rating")),
			    "enhanced-basic");
	assert_string_equal(json_string_value(json_array_get(json_object_get(risk, "controls"), 0)),
			    "rate_limiting");
	done(&c);
	aisec_catalog_free(cat);
}

static int teardown(void **state)
{
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_profile_errors),
	    cmocka_unit_test(test_profile_facts),
	    cmocka_unit_test(test_annex_iii_employment),
	    cmocka_unit_test(test_biometric_verification_not_high_risk),
	    cmocka_unit_test(test_fraud_detection_excluded),
	    cmocka_unit_test(test_art6_3_exemption_and_profiling),
	    cmocka_unit_test(test_offending_risk),
	    cmocka_unit_test(test_contradictions),
	    cmocka_unit_test(test_social_scoring),
	    cmocka_unit_test(test_several_decisions),
	    cmocka_unit_test(test_scope),
	    cmocka_unit_test(test_section_b),
	    cmocka_unit_test(test_model_and_value_chain),
	    cmocka_unit_test(test_emotion_recognition),
	    cmocka_unit_test(test_prohibited_rbi_and_new_points),
	    cmocka_unit_test(test_annex_i),
	    cmocka_unit_test(test_declared_point_contradiction),
	    cmocka_unit_test(test_transparency_and_gpai),
	    cmocka_unit_test(test_validate_errors),
	    cmocka_unit_test(test_threat_conditions),
	    cmocka_unit_test(test_tvra_etsi),
	    cmocka_unit_test(test_tvra_21434),
	    cmocka_unit_test(test_tvra_bad_scheme),
	    cmocka_unit_test(test_threat_selection),
	    cmocka_unit_test(test_assess_error_names_profile_once),
	    cmocka_unit_test(test_tvra_moved_by_profile),
	};
	int rc = cmocka_run_group_tests(tests, NULL, teardown);

	act_rules_free(rules());
	tvra_free(schemes());
	return rc;
}
