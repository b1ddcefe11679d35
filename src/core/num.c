/*
 * num.c - the number and size options of the command line, parsed once:
 * digits only (no sign, no space, no hex), overflow refused instead of
 * wrapping (issue 16: a shard size of 2^64-1 was accepted as negative);
 * and the decimal-number reader of the hot parsers (aisec_parse_double).
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
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

int aisec_parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return AISEC_ERR_PARSE;
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (d > 9)
			return AISEC_ERR_PARSE;
		if (v > (UINT64_MAX - d) / 10)
			return AISEC_ERR_LIMIT;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int aisec_parse_size(const char *s, uint64_t max, uint64_t *out)
{
	static const char units[] = "KMGT";
	char digits[32];
	size_t n = 0;
	unsigned shift = 0;
	uint64_t v;
	int rc;

	if (!s)
		return AISEC_ERR_PARSE;
	while (s[n] >= '0' && s[n] <= '9' && n < sizeof(digits) - 1) {
		digits[n] = s[n];
		n++;
	}
	if (s[n] >= '0' && s[n] <= '9')
		return AISEC_ERR_LIMIT; /* more digits than any uint64_t */
	digits[n] = '\0';
	if (s[n]) {
		for (unsigned u = 0; units[u]; u++)
			if (s[n] == units[u])
				shift = 10 * (u + 1);
		if (!shift || s[n + 1])
			return AISEC_ERR_PARSE;
	}
	rc = aisec_parse_u64(digits, &v);
	if (rc)
		return rc;
	if (v == 0)
		return AISEC_ERR_PARSE;
	if (v > (max >> shift))
		return AISEC_ERR_LIMIT;
	*out = v << shift;
	return 0;
}

static const double pow10_dbl[23] = {
    1e0,  1e1,	1e2,  1e3,  1e4,  1e5,	1e6,  1e7,  1e8,  1e9,	1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static const uint64_t pow10_u64[16] = {1ull,
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

#define EXACT_MAX (1ull << 53) /* every integer up to here is a double */
#define COPY_MAX 1000	       /* longer numbers are copied to the heap */

static int isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* strtod on a NUL-terminated copy of [p, q): the bytes after q are not
 * ours to read. */
static __attribute__((noinline)) const char *
slow(const char *p, const char *q, double *out)
{
	char stack[COPY_MAX + 1], *buf = stack, *e;
	size_t n = (size_t)(q - p);
	const char *ret = q;

	if (n > COPY_MAX && !(buf = malloc(n + 1)))
		return NULL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	*out = strtod(buf, &e);
	if (e != buf + n)
		ret = NULL; /* a locale whose decimal point is not '.' */
	if (buf != stack)
		free(buf);
	return ret;
}

const char *aisec_parse_double(const char *p, const char *end,
			       enum aisec_num_grammar grammar, double *out,
			       unsigned *form)
{
	const char *q = p;
	uint64_t m = 0; /* the first 19 significant digits */
	int nd = 0;	/* how many of them */
	int dexp = 0;	/* m * 10^dexp is the mantissa read */
	int ex = 0, digits = 0, json = grammar == AISEC_NUM_JSON;
	unsigned sticky = 0, f = 0; /* sticky: a nonzero digit dropped */
	int neg = 0;

	if (q < end && (*q == '-' || (*q == '+' && !json)))
		neg = *q++ == '-';
	if (json && (q == end || !isdig(*q)))
		return NULL;
	if (json && *q == '0') {
		q++;
		digits = 1;
	} else
		for (; q < end && isdig(*q); q++, digits++) {
			unsigned d = (unsigned)(*q - '0');

			if (nd < 19) {
				if (m || d) {
					m = m * 10 + d;
					nd++;
				}
			} else {
				dexp++;
				sticky |= d;
			}
		}
	if (q < end && *q == '.') {
		const char *r = q + 1;

		for (; r < end && isdig(*r); r++) {
			unsigned d = (unsigned)(*r - '0');

			if (nd < 19) {
				if (m || d) {
					m = m * 10 + d;
					nd++;
				}
				dexp--;
			} else
				sticky |= d;
		}
		if (r == q + 1 && (json || !digits))
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
		if (r < end && isdig(*r)) {
			for (; r < end && isdig(*r); r++)
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
		if (m <= EXACT_MAX && e10 >= -22 && e10 <= 22) {
			v = e10 < 0 ? v / pow10_dbl[-e10] : v * pow10_dbl[e10];
			*out = neg ? -v : v;
			return q;
		}
		/* 12e30: 12e8 is still exact, then times 1e22 */
		if (m <= EXACT_MAX && e10 > 22 && e10 <= 22 + 15 &&
		    m <= EXACT_MAX / pow10_u64[e10 - 22]) {
			v = (double)(m * pow10_u64[e10 - 22]) * 1e22;
			*out = neg ? -v : v;
			return q;
		}
	}
#endif
	return slow(p, q, out);
}
