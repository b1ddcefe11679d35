/*
 * test_num.c - aisec_parse_double() gives exactly strtod's double, end
 * and errno on every decimal string: millions of random ones (short, 15,
 * 16, 17, 19 and 25 significant digits, exponents over the whole range,
 * subnormals, overflow), printf's renderings of random bit patterns, and
 * the edges (ties, 2^53 + 1, the largest and smallest doubles, -0, "5.",
 * ".5", a dangling exponent).  Then the JSON grammar, the bound `end`, and
 * the form bits.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_rng.h"

#include "aisec/num.h"

static unsigned long compared;

/* s is NUL-terminated; parse [s, s + len) too, with junk after it. */
static void same(const char *s)
{
	char *want_end, copy[2100];
	const char *got_end;
	double want, got = 0;
	int want_errno, got_errno;
	size_t len = strlen(s);

	errno = 0;
	want = strtod(s, &want_end);
	want_errno = errno;
	errno = 0;
	got_end = aisec_parse_double(s, s + len, AISEC_NUM_DECIMAL, &got, NULL);
	got_errno = errno;
	if (want_end == s) {
		if (got_end)
			fail_msg("'%s': read as a number, strtod reads none", s);
		return;
	}
	if (!got_end || got_end != want_end ||
	    memcmp(&want, &got, sizeof(double)) != 0 || want_errno != got_errno)
		fail_msg("'%s': %a (%zu bytes, errno %d) here, %a (%zu bytes, "
			 "errno %d) from strtod",
			 s, got, got_end ? (size_t)(got_end - s) : 0,
			 got_errno, want, (size_t)(want_end - s), want_errno);
	/* the same bytes followed by digits that are past `end` */
	if (len + 4 < sizeof(copy)) {
		memcpy(copy, s, len);
		memcpy(copy + len, "9999", 5);
		got = 0;
		got_end = aisec_parse_double(copy, copy + len,
					     AISEC_NUM_DECIMAL, &got, NULL);
		if (got_end != copy + (want_end - s) ||
		    memcmp(&want, &got, sizeof(double)) != 0)
			fail_msg("'%s' bounded by end: %a, strtod %a", s, got,
				 want);
	}
	compared++;
}

static void edges(void **state)
{
	static const char *const cases[] = {
	    "0", "-0", "+0", "0.0", "-0.0", "0e999999", "-0e-999999", "00012",
	    "0.000", "1", "-1", "1.5", "5.", ".5", "-.5e+3", "+.5", "1e22",
	    "1e23", "-1e22", "1e-22", "1e-23", "12e30", "9007199254740992",
	    "9007199254740993", "9007199254740993e10", "9007199254740991e22",
	    "9007199254740991e-22", "18014398509481985", "0.1", "0.2", "0.3",
	    "1e308", "1.7976931348623157e308", "1.7976931348623158e308",
	    "1.7976931348623159e308", "1e309", "-1e309", "2.2250738585072011e-308",
	    "2.2250738585072014e-308", "4.9406564584124654e-324", "5e-324",
	    "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400",
	    "-1e-400", "123456789012345678901234567890",
	    "1234567890123456789", "12345678901234567890",
	    "0.00000000000000000000000000001234567890123456789",
	    "1.00000000000000000000000000000000000001",
	    "1.000000000000000000000000000000000000000", "1e", "1e+", "1e-x",
	    "1.e5", "1.5x", "1.5e3.4", "e5", ".", "-", "+", "-.", ".e1", "",
	    "1e00000000000000000000000000000000000005",
	    "1e-00000000000000000000000000000000000005", "1e2147483648",
	    "1e-2147483649", "8.988465674311579e307",
	    "2.225073858507201136057409796709131975934819546351645648e-308",
	    "7.2057594037927933e16", "4503599627370496.5",
	    "4503599627370497.5", "9.5e-5", "0.035"};
	char big[1500];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		same(cases[i]);
	/* longer than the reader's stack copy: 1,200 digits */
	memset(big, '3', 1200);
	big[0] = '0';
	big[1] = '.';
	big[1200] = '\0';
	same(big);
	big[1] = '3';
	memcpy(big + 1200, "e-900", 6);
	same(big);
}

/* Random decimals: n digits, a point somewhere, an exponent. */
static void random_decimals(void **state)
{
	uint64_t seed = 42;
	static const int lens[] = {1, 2, 3, 5, 8, 12, 15, 15, 16, 16,
				   17, 17, 18, 19, 20, 25, 40};

	(void)state;
	for (int i = 0; i < 3000000; i++) {
		uint64_t r = next(&seed);
		char s[128];
		size_t k = 0;
		int n = lens[r % (sizeof(lens) / sizeof(lens[0]))];
		int point = (int)((r >> 8) % (uint64_t)(n + 2)) - 1;

		r >>= 16;
		if (r & 1)
			s[k++] = '-';
		else if ((r & 6) == 2)
			s[k++] = '+';
		r >>= 3;
		for (int j = 0; j < n; j++) {
			if (j == point)
				s[k++] = '.';
			s[k++] = (char)('0' + next(&seed) % 10);
		}
		if (point == n)
			s[k++] = '.';
		switch (r % 4) {
		case 0: /* none */
			break;
		case 1: /* small: the fast path's range */
			k += (size_t)snprintf(s + k, sizeof(s) - k, "e%d",
					      (int)((r >> 2) % 61) - 30);
			break;
		default: /* anywhere, subnormals and overflow included */
			k += (size_t)snprintf(s + k, sizeof(s) - k, "%s%d",
					      (r >> 2) & 1 ? "E" : "e",
					      (int)((r >> 3) % 760) - 380);
		}
		s[k] = '\0';
		same(s);
	}
}

/* printf's renderings of random doubles, bits over the whole range and
 * values of feature-like magnitude. */
static void random_doubles(void **state)
{
	uint64_t seed = 7;

	(void)state;
	for (int i = 0; i < 1500000; i++) {
		uint64_t r = next(&seed);
		double v;
		char s[400];

		if (i & 1)
			memcpy(&v, &r, sizeof(v));
		else
			v = (double)(r >> 11) * 0x1.0p-53 *
			    pow(10, (double)(i % 13) - 6);
		if (!isfinite(v))
			continue;
		switch ((r >> 7) % 6) { /* printf needs literal formats */
		case 0:
			snprintf(s, sizeof(s), "%.17g", v);
			break;
		case 1:
			snprintf(s, sizeof(s), "%.16g", v);
			break;
		case 2:
			snprintf(s, sizeof(s), "%.15g", v);
			break;
		case 3:
			snprintf(s, sizeof(s), "%g", v);
			break;
		case 4:
			snprintf(s, sizeof(s), "%.20e", v);
			break;
		default:
			snprintf(s, sizeof(s), "%.3f", v);
		}
		same(s);
	}
	print_message("%lu strings compared with strtod\n", compared);
	assert_true(compared > 4000000);
}

static void json_grammar(void **state)
{
	static const char *const bad[] = {"+1", ".5", "1.", "1.e5", "1e",
					  "1e+", "-", "-.5", "", "x", "-x"};
	static const struct {
		const char *s;
		size_t len;
		unsigned form;
	} good[] = {{"0", 1, 0},	{"-0", 2, 0},
		    {"01", 1, 0},	{"10", 2, 0},
		    {"1.5", 3, 1},	{"1e5", 3, 2},
		    {"-1.5E-5,", 7, 3}, {"0.0]", 3, 1},
		    {"123}", 3, 0},	{"1.25e+300 ", 9, 3}};
	const char *e;
	double v;
	unsigned form;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (aisec_parse_double(bad[i], bad[i] + strlen(bad[i]),
				       AISEC_NUM_JSON, &v, NULL))
			fail_msg("'%s' read as a JSON number", bad[i]);
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const char *s = good[i].s;

		form = 99;
		e = aisec_parse_double(s, s + strlen(s), AISEC_NUM_JSON, &v,
				       &form);
		assert_non_null(e);
		assert_int_equal(e - s, good[i].len);
		assert_int_equal(form, good[i].form);
		{
			char tok[32];

			snprintf(tok, sizeof(tok), "%.*s", (int)good[i].len, s);
			assert_true(v == strtod(tok, NULL));
		}
		/* the grammar alone */
		assert_ptr_equal(aisec_parse_double(s, s + strlen(s),
						    AISEC_NUM_JSON, NULL, NULL),
				 e);
	}
	/* "-0" is -0.0, as strtod reads it */
	{
		static const char mz[] = "-0";

		aisec_parse_double(mz, mz + 2, AISEC_NUM_JSON, &v, NULL);
	}
	assert_true(v == 0 && signbit(v));
	/* nothing at or past end is read */
	{
		static const char five[] = "12345";

		e = aisec_parse_double(five, five + 3, AISEC_NUM_DECIMAL, &v,
				       NULL);
		assert_ptr_equal(e, five + 3);
	}
	assert_true(v == 123);
	assert_null(aisec_parse_double("12", "12", AISEC_NUM_JSON, &v, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(edges),
	    cmocka_unit_test(random_decimals),
	    cmocka_unit_test(random_doubles),
	    cmocka_unit_test(json_grammar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
