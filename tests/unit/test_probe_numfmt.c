/*
 * test_probe_numfmt.c - probe_fmt_g17() writes every double byte for byte
 * as snprintf's "%.17g" does (request bodies must not change when the
 * formatter does): random bit patterns over the whole range, values of
 * feature-like magnitude, decimals read from text, and the edges (ties
 * rounded half to even, carries that add a digit, the switch between
 * fixed and exponent notation, zero, subnormals, Inf, NaN).
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

#include "test_rng.h"

#include "probe/probe_int.h"

static void same(double v)
{
	char want[64], got[PROBE_G17_MAX];
	size_t len;

	snprintf(want, sizeof(want), "%.17g", v);
	len = probe_fmt_g17(v, got);
	if (strcmp(want, got) != 0 || len != strlen(want))
		fail_msg("%a: '%s' from probe_fmt_g17, '%s' from printf", v,
			 got, want);
}

static void edges(void **state)
{
	static const double v[] = {
	    0.0, -0.0, 1, -1, 0.5, 0.1, 0.2, 0.3, 1e-4, 1.5e-4, 9.99999e-5,
	    1e-5, 0.0001234, 99999.5, 1e16, 1e17, 99999999999999999.0,
	    12345678901234567.0, 9007199254740993.0, 1e21, 1e22, 1e100,
	    1e-100, 1e-37, 5e-38, 1e-38, 123.456, 17.99, 0.07871,
	    2.2250738585072014e-308, 4.9e-324, 1.7976931348623157e308,
	    /* ties at the 17th digit: even stays, odd rounds up */
	    1125899906842624.25, 1125899906842624.75, 562949953421312.125,
	    562949953421312.375, 0.99999999999999989, 9.9999999999999982,
	    0.00009999999999999999, 99999999999999.992, 1024, 4096.5,
	    HUGE_VAL, -HUGE_VAL, NAN};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		same(v[i]);
		same(-v[i]);
		same(nextafter(v[i], 0));
		same(nextafter(v[i], HUGE_VAL));
	}
	for (int p = -330; p <= 310; p++) {
		double t = pow(10, p);

		same(t);
		same(nextafter(t, 0));
		same(nextafter(t, HUGE_VAL));
	}
	for (int p = -1075; p <= 1024; p++)
		same(ldexp(1, p));
}

static void random_bits(void **state)
{
	uint64_t s = 13, bits;
	double v;

	(void)state;
	for (int i = 0; i < 300000; i++) {
		bits = next(&s);
		memcpy(&v, &bits, sizeof(v));
		same(v);
	}
}

static void feature_values(void **state)
{
	uint64_t s = 42;
	char text[64];

	(void)state;
	for (int i = 0; i < 300000; i++) {
		uint64_t r = next(&s);
		/* magnitudes 1e-9 .. 1e9, as in feature vectors */
		double v = (double)(r >> 11) * 0x1.0p-53 *
			   pow(10, (double)(int)(r % 19) - 9);

		same(v);
		/* a decimal with few digits, as read from a CSV file */
		snprintf(text, sizeof(text), "%.*f", (int)(r % 7), v);
		same(strtod(text, NULL));
		same((double)(int64_t)(r >> 8) / 8);
	}
}

/* The range of the 17-digit fast path (1e-6 .. 1e17) and its borders:
 * every binary exponent, powers of ten and their neighbours, values that
 * round up to the next power of ten. */
static void fast_path_range(void **state)
{
	uint64_t s = 9;

	(void)state;
	for (int i = 0; i < 1000000; i++) {
		uint64_t r = next(&s);
		/* exponents of 2^-24 .. 2^60, every mantissa */
		uint64_t bits = ((uint64_t)(1023 - 24 + (int)(r % 85)) << 52) |
				(next(&s) >> 12);
		double v;

		memcpy(&v, &bits, sizeof(v));
		same(v);
		same(-v);
	}
	for (int k = -8; k <= 18; k++) {
		double p = pow(10, k);

		same(p);
		same(nextafter(p, 0));
		same(nextafter(p, 1e300));
		same(nextafter(nextafter(p, 0), 0));
		same(p * (1 - 1e-17));
		same(p - p * 4e-17);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(edges),
	    cmocka_unit_test(random_bits),
	    cmocka_unit_test(feature_values),
	    cmocka_unit_test(fast_path_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
