/*
 * test_probe.c - the `aisec probe` parsers at the lowest layer: the target
 * spec (errors name file, line and field), the answer reader for each
 * protocol (errors say what was expected and what was received), the
 * request writer, and the query budget (refused before anything is sent).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "aisec/probe.h"

static const char good[] = "model: m\n"
			   "input:\n"
			   "  type: float\n"
			   "  ranges: [[0, 1], [-2, 2.5]]\n"
			   "output:\n"
			   "  kind: scores\n"
			   "  classes: [cat, dog, bird]\n";

static struct aisec_probe_spec *parse_ok(const char *text)
{
	struct aisec_probe_spec *s = NULL;
	struct aisec_error err;

	aisec_error_clear(&err);
	assert_int_equal(
	    aisec_probe_spec_parse("s.yaml", text, strlen(text), &s, &err), 0);
	return s;
}

static void expect_err(const char *text, const char *msg)
{
	struct aisec_probe_spec *s = NULL;
	struct aisec_error err;

	aisec_error_clear(&err);
	assert_true(
	    aisec_probe_spec_parse("s.yaml", text, strlen(text), &s, &err) < 0);
	assert_null(s);
	if (!strstr(err.msg, msg))
		fail_msg("'%s' not in '%s'", msg, err.msg);
}

static void spec_good(void **state)
{
	struct aisec_probe_spec *s = parse_ok(good);

	(void)state;
	assert_string_equal(s->model, "m");
	assert_int_equal(s->n_features, 2);
	assert_true(s->lo[1] == -2 && s->hi[1] == 2.5);
	assert_int_equal(s->output, AISEC_PROBE_OUT_SCORES);
	assert_int_equal(s->n_classes, 3);
	assert_string_equal(s->classes[2], "bird");
	aisec_probe_spec_free(s);
	s = parse_ok(
	    "model: m\ninput: {features: 4, range: [0, 255], type: integer}\n"
	    "output: {kind: labels, classes: [a, b]}\n");
	assert_int_equal(s->n_features, 4);
	assert_true(s->integer_input && s->hi[3] == 255);
	aisec_probe_spec_free(s);
}

static void spec_bad(void **state)
{
	(void)state;
	expect_err(
	    "model: m\ninput:\n  ranges: [[0, 1], [3, 2]]\noutput: {kind: "
	    "scores, "
	    "classes: [a, b]}\n",
	    "'s.yaml' line 3: field 'input.ranges[1]': not a [low, high] pair");
	expect_err("model: m\ninput:\n  features: 3\n  ranges: [[0, "
		   "1]]\noutput: {kind: scores, "
		   "classes: [a, b]}\n",
		   "field 'input.ranges': 1 ranges for 3 features");
	expect_err("model: m\ninput: {features: 2, range: [0, 1]}\noutput: "
		   "{kind: scores, "
		   "classes: [a]}\n",
		   "field 'output.classes': not a list of 2 to");
	expect_err("model: m\ninput: {features: 2, range: [0, 1]}\noutput: "
		   "{kind: x, classes: "
		   "[a, b]}\n",
		   "field 'output.kind': unknown value 'x'");
	expect_err(
	    "model: a/b\ninput: {features: 2, range: [0, 1]}\noutput: {kind: "
	    "scores, "
	    "classes: [a, b]}\n",
	    "field 'model': missing, or not a name usable in a URL path");
	expect_err("model: m\nextra: 1\n", "unknown field");
	expect_err("model: m\ninput: {features: 0, range: [0, 1]}\noutput: "
		   "{kind: scores, "
		   "classes: [a, b]}\n",
		   "field 'input.features': not a whole number");
	expect_err("[1, 2]\n", "not a mapping");
}

static void answers(void **state)
{
	struct aisec_probe_spec *s = parse_ok(good);
	struct aisec_error err;
	int lab[2];
	double sc[6];
	const char *oip = "{\"outputs\":[{\"name\":\"p\",\"shape\":[2,3],"
			  "\"datatype\":\"FP64\","
			  "\"data\":[0.1,0.2,0.7,0.5,0.3,0.2]}]}";
	const char *tf = "{\"predictions\":[[0.1,0.8,0.1],[0,0,1]]}";
	const char *r_y = "{\"r\":{\"y\":[\"dog\",2]}}";
	const char *bad_label = "{\"predictions\":[3]}";
	const char *wrong =
	    "{\"outputs\":[{\"shape\":[2,2],\"data\":[1,0,0,1]}]}";

	(void)state;
	aisec_error_clear(&err);
	assert_int_equal(aisec_probe_parse_answer(s, AISEC_PROBE_OIP_V2, NULL,
						  oip, strlen(oip), 2, lab, sc,
						  &err),
			 0);
	assert_int_equal(lab[0], 2);
	assert_int_equal(lab[1], 0);
	assert_true(sc[4] == 0.3);
	assert_int_equal(aisec_probe_parse_answer(s, AISEC_PROBE_TFSERVING,
						  NULL, tf, strlen(tf), 2, lab,
						  sc, &err),
			 0);
	assert_int_equal(lab[0], 1);
	assert_int_equal(lab[1], 2);
	assert_true(aisec_probe_parse_answer(s, AISEC_PROBE_OIP_V2, NULL, wrong,
					     strlen(wrong), 2, lab, sc,
					     &err) < 0);
	assert_non_null(strstr(err.msg, "expected an output of shape [2,3]"));
	assert_non_null(strstr(err.msg, "received shapes [2,2]"));
	assert_true(aisec_probe_parse_answer(s, AISEC_PROBE_TFSERVING, NULL, tf,
					     strlen(tf), 3, lab, sc, &err) < 0);
	assert_non_null(strstr(err.msg, "expected a list of 3 predictions"));
	/* labels by name, under a dotted path */
	s->output = AISEC_PROBE_OUT_LABELS;
	assert_int_equal(aisec_probe_parse_answer(s, AISEC_PROBE_TEMPLATE,
						  "r.y", r_y, strlen(r_y), 2,
						  lab, NULL, &err),
			 0);
	assert_int_equal(lab[0], 1);
	assert_int_equal(lab[1], 2);
	assert_true(aisec_probe_parse_answer(s, AISEC_PROBE_TFSERVING, NULL,
					     bad_label, strlen(bad_label), 1,
					     lab, NULL, &err) < 0);
	assert_non_null(strstr(err.msg, "expected a class index below 3"));
	aisec_probe_spec_free(s);
}

static void budget_zero(void **state)
{
	struct aisec_probe_spec *s = parse_ok(good);
	struct aisec_probe_target_opts o = {.protocol = AISEC_PROBE_OIP_V2,
					    .url = "http://127.0.0.1:1",
					    .budget = 0};
	struct aisec_probe_target *t = NULL;
	struct aisec_error err;
	double x[2] = {0.5, 0};
	int lab;

	(void)state;
	aisec_error_clear(&err);
	assert_int_equal(aisec_probe_target_new(s, &o, &t, &err), 0);
	assert_int_equal(aisec_probe_query(t, x, 1, &lab, NULL, &err),
			 AISEC_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "exceed the budget of 0"));
	assert_int_equal(aisec_probe_queries_used(t), 0);
	aisec_probe_target_free(t);
	aisec_probe_spec_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(spec_good),
	    cmocka_unit_test(spec_bad),
	    cmocka_unit_test(answers),
	    cmocka_unit_test(budget_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
