/*
 * test_probe_oipscan.c - the fast path of the answer reader (oipscan.c)
 * against jansson, the full reader's parser: whatever the scanner takes
 * jansson must take too (duplicate keys refused), with the same output
 * picked and the same numbers; what it leaves to the full reader
 * (escapes, huge integers, overflowing reals, trailing bytes, no fitting
 * output, non-numbers) still gets the full reader's answer or message
 * through aisec_probe_parse_answer().
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "probe/probe_int.h"

/* What jansson reads as the scores the full reader would take, or -1. */
static int reference(const char *doc, size_t n, size_t k, double *out)
{
	json_t *root = json_loads(doc, JSON_REJECT_DUPLICATES, NULL), *o;
	size_t i;
	int ret = -1;

	if (!root)
		return -1;
	json_array_foreach(json_object_get(root, "outputs"), i, o)
	{
		json_t *shape = json_object_get(o, "shape");
		json_t *data = json_object_get(o, "data");

		if (!json_is_array(data))
			continue;
		if (json_array_size(shape) == 2 &&
		    json_is_integer(json_array_get(shape, 0)) &&
		    json_is_integer(json_array_get(shape, 1)) &&
		    json_integer_value(json_array_get(shape, 0)) ==
			(json_int_t)n &&
		    json_integer_value(json_array_get(shape, 1)) ==
			(json_int_t)k &&
		    json_array_size(data) == n * k) {
			ret = 0;
			for (size_t j = 0; j < n * k && ret == 0; j++) {
				json_t *v = json_array_get(data, j);

				if (!json_is_number(v))
					ret = -1;
				else
					out[j] = json_number_value(v);
			}
			break;
		}
	}
	json_decref(root);
	return ret;
}

/* fast: 1 when the scanner should take doc itself */
static void check(const char *doc, size_t n, size_t k, int fast)
{
	double want[16], got[16];
	const char *p = NULL, *end = doc + strlen(doc);
	int found = probe_oip_scores_find(doc, strlen(doc), n, k, &p);

	if (found != fast)
		fail_msg("scanner %s '%s'", found ? "took" : "left", doc);
	if (!found)
		return;
	if (reference(doc, n, k, want) != 0)
		fail_msg("scanner took what jansson refuses: '%s'", doc);
	for (size_t j = 0; j < n * k; j++) {
		assert_non_null(p = probe_oip_number(p, end, &got[j]));
		if (memcmp(&got[j], &want[j], sizeof(double)) != 0)
			fail_msg("'%s' element %zu: %.17g, jansson %.17g", doc,
				 j, got[j], want[j]);
	}
}

static void takes(void **state)
{
	(void)state;
	check("{\"outputs\":[{\"shape\":[1,2],\"data\":[0.25,0.75]}]}", 1, 2,
	      1);
	check(" {\"model_name\": \"bc-lr\", \"outputs\": [{\"name\": "
	      "\"probabilities\", \"shape\": [2, 2], \"datatype\": \"FP64\", "
	      "\"data\": [2.220446049250313e-16, 0.9999999999999998, -0, "
	      "1E+2]}], \"x\": [true, false, null, {}, [], -1.5e-310]}\r\n",
	      2, 2, 1);
	/* the first output with a data list and the asked shape wins */
	check("{\"outputs\":[{\"shape\":[1,2]},{\"shape\":[2,1],\"data\":[1,"
	      "2]},{\"data\":[3,4],\"shape\":[1,2]},{\"shape\":[1,2],"
	      "\"data\":[5,6]}]}",
	      1, 2, 1);
	check("{\"outputs\":[{\"shape\":[1,2],\"data\":[123456789012345678,"
	      "-12345678901234567]}]}",
	      1, 2, 1);
	check("{\"outputs\":[{\"shape\":[1,1],\"data\":[0.1000000000000000055511"
	      "151231257827021181583404541015625]}]}",
	      1, 1, 1);
}

static void leaves(void **state)
{
	static const char *const docs[] = {
	    "",
	    "[]",
	    "{\"outputs\":[]}",
	    "{\"outputs\":{}}",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[0.25,0.75]}]} x",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[0.25,0.75]}]",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[0.25,0.75]}],"
	    "\"outputs\":[]}",
	    "{\"a\":{\"b\":1,\"b\":2},\"outputs\":[{\"shape\":[1,2],"
	    "\"data\":[0.25,0.75]}]}",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[0.25,0.75],\"n\":"
	    "\"\\u00e9\"}]}",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[1234567890123456789,1]}]}",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[1e999,1]}]}",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[01,1]}]}",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[1.,1]}]}",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[-,1]}]}",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[1,2,]}]}",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[1,2]},]}",
	    "{\"outputs\":[{\"shape\":[1.0,2],\"data\":[1,2]}]}",
	    "{\"outputs\":[{\"shape\":[1,2,1],\"data\":[1,2]}]}",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[1,2,3]}]}",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[tru,2]}]}",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[1,2]}]}\x01",
	    "{\"outputs\":[{\"shape\":[1,2],\"data\":[1\t\v,2]}]}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		check(docs[i], 1, 2, 0);
}

/* A list of the asked shape that holds a non-number is found, and
 * probe_oip_number() refuses the element: the full reader then names it. */
static void non_numbers(void **state)
{
	static const char doc[] =
	    "{\"outputs\":[{\"shape\":[1,3],\"data\":[0.5,\"x\",0.5]}]}";
	static char *classes[] = {"a", "b", "c"};
	static double lo[1] = {0}, hi[1] = {1};
	struct aisec_probe_spec s = {.model = "m",
				     .n_features = 1,
				     .lo = lo,
				     .hi = hi,
				     .output = AISEC_PROBE_OUT_SCORES,
				     .n_classes = 3,
				     .classes = classes};
	const char *p = NULL, *end = doc + strlen(doc);
	struct aisec_error err;
	double v, sc[3];
	int lab;

	(void)state;
	assert_int_equal(probe_oip_scores_find(doc, strlen(doc), 1, 3, &p), 1);
	assert_non_null(p = probe_oip_number(p, end, &v));
	assert_null(probe_oip_number(p, end, &v));
	aisec_error_clear(&err);
	assert_true(aisec_probe_parse_answer(&s, AISEC_PROBE_OIP_V2, NULL, doc,
					     strlen(doc), 1, &lab, sc,
					     &err) < 0);
	assert_non_null(strstr(err.msg, "score 1 of input 0"));
	assert_non_null(strstr(err.msg, "received a string"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(takes),
	    cmocka_unit_test(leaves),
	    cmocka_unit_test(non_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
