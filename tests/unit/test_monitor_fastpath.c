/*
 * test_monitor_fastpath.c - the JSON-lines fast path (src/monitor/
 * jsonscan.c): it takes the lines it should (so ingestion stays fast),
 * leaves the ones it should to jansson, converts numbers exactly as
 * strtod does (random decimals of every length, bit for bit).  The
 * agreement with jansson on every value: fuzz/fuzz_monitor_fastpath.c.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "aisec/monitor.h"
#include "monitor/monitor_int.h"

static const char spec_text[] =
    "system: fast\n"
    "classes: [a, b]\n"
    "fields: {time: t, client: u.id, id: id, predicted: p, label: l,\n"
    "         score: s, latency: lat, features: x}\n"
    "accuracy: {window: 50, levels: [{metric: accuracy, min: 0.9}]}\n";

static struct mon_jv jv[MON_MAX_TARGETS];
static double feat[AISEC_MONITOR_MAX_FEATURES];

static int scan(struct mon_reader *r, const char *line)
{
	return mon_json_scan(r, line, strlen(line), jv, feat);
}

static void test_accept_reject_unsure(void **state)
{
	struct aisec_monitor_spec *s;
	struct aisec_error err;
	struct mon_reader r;

	(void)state;
	assert_int_equal(aisec_monitor_spec_parse("f.yaml", spec_text,
						  strlen(spec_text), NULL, &s,
						  &err),
			 0);
	assert_int_equal(mon_reader_init(&r, s, &err), 0);
	assert_int_equal(scan(&r, "{\"t\":1,\"u\":{\"id\":\"c1\"},\"p\":\"a\","
				  "\"s\":0.125,\"x\":[1,2.5e1,-3]}"),
			 MON_SCAN_ACCEPT);
	assert_int_equal(jv[MF_CLIENT].kind, MJ_STR);
	assert_int_equal(jv[MF_CLIENT].len, 2);
	assert_true(jv[MF_SCORE].num == 0.125);
	assert_int_equal(jv[MF_FEATURES].kind, MJ_ARRAY);
	assert_int_equal(jv[MF_FEATURES].n, 3);
	assert_true(feat[1] == 25.0 && feat[2] == -3.0);
	/* the last duplicate wins, for nested paths too */
	assert_int_equal(scan(&r, "{\"u\":{\"id\":\"a\"},\"u\":{\"z\":1}}"),
			 MON_SCAN_ACCEPT);
	assert_int_equal(jv[MF_CLIENT].kind, MJ_ABSENT);
	/* not JSON, or not an object */
	assert_int_equal(scan(&r, "{\"p\":1,}"), MON_SCAN_REJECT);
	assert_int_equal(scan(&r, "{\"p\":01}"), MON_SCAN_REJECT);
	assert_int_equal(scan(&r, "{\"p\":1} x"), MON_SCAN_REJECT);
	assert_int_equal(scan(&r, "[1]"), MON_SCAN_REJECT);
	assert_int_equal(scan(&r, "{\"p\":\"a\tb\"}"), MON_SCAN_REJECT);
	/* left to jansson */
	assert_int_equal(scan(&r, "{\"p\":\"\\u0061\"}"), MON_SCAN_UNSURE);
	assert_int_equal(scan(&r, "{\"q\":\"caf\xc3\xa9\"}"), MON_SCAN_UNSURE);
	assert_int_equal(scan(&r, "{\"q\":12345678901234567890}"),
			 MON_SCAN_UNSURE);
	assert_int_equal(scan(&r, "{\"q\":1e400}"), MON_SCAN_UNSURE);
	assert_int_equal(scan(&r, "{\"u\":[{\"id\":1}]}"), MON_SCAN_UNSURE);
	mon_reader_release(&r);
	aisec_monitor_spec_free(s);
}

/* Random decimals: the fast path's value is strtod's, bit for bit. */
static void test_numbers_like_strtod(void **state)
{
	struct aisec_monitor_spec *s;
	struct aisec_error err;
	struct mon_reader r;
	uint64_t x = 88172645463325252ull;

	(void)state;
	assert_int_equal(aisec_monitor_spec_parse("f.yaml", spec_text,
						  strlen(spec_text), NULL, &s,
						  &err),
			 0);
	assert_int_equal(mon_reader_init(&r, s, &err), 0);
	for (int i = 0; i < 200000; i++) {
		char num[64], line[96];
		int nd, e;
		double want;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		nd = 1 + (int)(x % 19);
		e = (int)((x >> 8) % 61) - 30;
		switch ((x >> 16) % 3) {
		case 0: /* d.ddd */
			snprintf(num, sizeof num, "%s%.*f",
				 (x >> 20) & 1 ? "-" : "", nd,
				 (double)((x >> 24) % 100000) / 997.0);
			break;
		case 1: /* mantissa and exponent */
			snprintf(num, sizeof num, "%llue%d",
				 (unsigned long long)((x >> 5) %
						      10000000000000000ull),
				 e);
			break;
		default: /* shortest round trip of a random double */
			snprintf(num, sizeof num, "%.17g",
				 (double)(x >> 11) * 0x1p-53 * pow(10, e));
			break;
		}
		snprintf(line, sizeof line, "{\"s\":%s}", num);
		want = strtod(num, NULL);
		assert_int_equal(scan(&r, line), MON_SCAN_ACCEPT);
		assert_int_equal(jv[MF_SCORE].kind, MJ_NUM);
		if (memcmp(&jv[MF_SCORE].num, &want, sizeof want) != 0)
			fail_msg("%s: %.17g, strtod %.17g", num,
				 jv[MF_SCORE].num, want);
	}
	mon_reader_release(&r);
	aisec_monitor_spec_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_accept_reject_unsure),
	    cmocka_unit_test(test_numbers_like_strtod),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
