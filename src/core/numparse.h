/*
 * numparse.h - the body of aisec_parse_double() (include/aisec/num.h,
 * src/core/num.c), inline for the library's scanners that read millions of
 * numbers (src/monitor/jsonscan.c, src/probe/oipscan.c): a call per number
 * was 7% of the monitor's instructions per event.  Not installed.
 *
 * Why a reader of our own: glibc's strtod costs about 750 instructions a
 * number, most of a CSV row or a JSON answer (bench/probe.sh).  Most
 * numbers met there have few significant digits and a small exponent, and
 * for those one IEEE multiplication or division of two exact operands is
 * the correctly rounded result (Clinger, "How to read floating point
 * numbers accurately", 1990): m <= 2^53 and 10^|e| <= 10^22 are both exact
 * doubles.  Everything else goes to strtod, so the value is strtod's in
 * every case; tests/unit/test_num.c and fuzz/fuzz_num.c compare the two.
 */
#ifndef AISEC_CORE_NUMPARSE_H
#define AISEC_CORE_NUMPARSE_H

#include <float.h>
#include <stdint.h>

#include "aisec/num.h"

static const double num_pow10_dbl[23] = {
    1e0,  1e1,	1e2,  1e3,  1e4,  1e5,	1e6,  1e7,  1e8,  1e9,	1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static const uint64_t num_pow10_u64[16] = {1ull,
				       10ull,
				       100ull,
				       1000ull,
				       10000ull,
				       100000ull,
				       1000000ull,
				       10000000ull,
				       100000000ull,
				       1000000000ull,
				       10000000000ull,
				       100000000000ull,
				       1000000000000ull,
				       10000000000000ull,
				       100000000000000ull,
				       1000000000000000ull};

#define NUM_EXACT_MAX (1ull << 53) /* every integer up to here is a double */

static inline int num_isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* strtod on a NUL-terminated copy of [p, q): the bytes after q are not
 * ours to read. */
/* strtod on a NUL-terminated copy of [p, q) (num.c): the bytes after q
 * are not ours to read.  NULL when out of memory or not all read. */
const char *aisec_num_strtod(const char *p, const char *q, double *out);

/* aisec_parse_double(), see aisec/num.h. */
static inline __attribute__((always_inline)) const char *
num_parse(const char *p, const char *end, enum aisec_num_grammar grammar,
	  double *out, unsigned *form)
{
	const char *q = p, *start;
	uint64_t m = 0; /* the first 19 significant digits */
	int nd = 0;	/* how many of them */
	int dexp = 0;	/* m * 10^dexp is the mantissa read */
	int ex = 0, digits, json = grammar == AISEC_NUM_JSON, zero = 0;
	unsigned sticky = 0, f = 0; /* sticky: a nonzero digit dropped */
	int neg = 0;

	if (q < end && (*q == '-' || (*q == '+' && !json)))
		neg = *q++ == '-';
	start = q;
	if (json) { /* one 0, or a digit 1-9 and more */
		if (q == end || !num_isdig(*q))
			return NULL;
		zero = *q == '0';
		q += zero;
	} else
		while (q < end && *q == '0') /* not significant */
			q++;
	if (!zero) {
		const char *lim = end - q > 19 ? q + 19 : end, *d0 = q;

		for (; q < lim && num_isdig(*q); q++) /* one test a digit */
			m = m * 10 + (uint64_t)(*q - '0');
		nd = (int)(q - d0);
		for (; q < end && num_isdig(*q); q++, dexp++) /* beyond 19 */
			sticky |= (unsigned)(*q - '0');
	}
	digits = q > start;
	if (q < end && *q == '.') {
		const char *r = q + 1, *f0 = r, *lim, *d0;

		if (m == 0) { /* 0.000x: zeros before the first digit */
			while (r < end && *r == '0')
				r++;
			dexp -= (int)(r - f0);
		}
		lim = end - r > 19 - nd ? r + (19 - nd) : end;
		d0 = r;
		for (; r < lim && num_isdig(*r); r++)
			m = m * 10 + (uint64_t)(*r - '0');
		nd += (int)(r - d0);
		dexp -= (int)(r - d0);
		for (; r < end && num_isdig(*r); r++)
			sticky |= (unsigned)(*r - '0');
		if (r == f0 && (json || !digits))
			return NULL; /* "1." in JSON; "." */
		q = r;
		f |= AISEC_NUM_FRACTION;
	} else if (!digits)
		return NULL;
	if (q < end && (*q == 'e' || *q == 'E')) {
		const char *r = q + 1;
		int eneg = 0;

		if (r < end && (*r == '+' || *r == '-'))
			eneg = *r++ == '-';
		if (r < end && num_isdig(*r)) {
			for (; r < end && num_isdig(*r); r++)
				if (ex < 100000) /* past any double either way */
					ex = ex * 10 + (*r - '0');
			q = r;
			f |= AISEC_NUM_EXPONENT;
			if (eneg)
				ex = -ex;
		} else if (json)
			return NULL;
	}
	if (form)
		*form = f;
	if (!out)
		return q;
#if FLT_EVAL_METHOD == 0 /* no excess precision: one rounding per step */
	if (!sticky) {
		int e10 = dexp + ex;
		double v = (double)m;

		if (m == 0) {
			*out = neg ? -0.0 : 0.0;
			return q;
		}
		if (m <= NUM_EXACT_MAX && e10 >= -22 && e10 <= 22) {
			v = e10 < 0 ? v / num_pow10_dbl[-e10] : v * num_pow10_dbl[e10];
			*out = neg ? -v : v;
			return q;
		}
		/* 12e30: 12e8 is still exact, then times 1e22 */
		if (m <= NUM_EXACT_MAX && e10 > 22 && e10 <= 22 + 15 &&
		    m <= NUM_EXACT_MAX / num_pow10_u64[e10 - 22]) {
			v = (double)(m * num_pow10_u64[e10 - 22]) * 1e22;
			*out = neg ? -v : v;
			return q;
		}
	}
#endif
	return aisec_num_strtod(p, q, out);
}

#endif
