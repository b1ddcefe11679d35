/*
 * numfmt.c - a double written exactly as printf's "%.17g" writes it (so it
 * reads back to the same double), without printf.
 *
 * Why: request bodies carry every feature of every input as %.17g, and
 * glibc's printf works through multi-precision arithmetic for each number
 * (about 6,500 instructions for one feature, more than half of a probe's
 * CPU per query; bench/probe.sh).  A double is m * 2^e with m < 2^53; when
 * -124 <= e < 0 its integer part fits 64 bits and its fraction, held in
 * 128 bits, can be multiplied by 10 without overflow, so the decimal
 * digits come out exact one at a time and the 17th is rounded half to
 * even like glibc; for 1e-6 <= |x| < 1e17 all 17 at once (fast17).  Integers below 10^17 are printed directly.  Anything
 * else (|x| below about 5e-38, huge, subnormal, Inf, NaN) goes through
 * snprintf, so the output is byte-identical to "%.17g" for every double
 * (tests/unit/test_probe_numfmt.c compares the two).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "probe/probe_int.h"

#define SIG 17 /* significant digits of %.17g */

/* The digits of v (not 0), most significant first; their count. */
static int int_digits(uint64_t v, char *dig)
{
	char tmp[20];
	int n = 0, k = 0;

	while (v) {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	}
	while (n)
		dig[k++] = tmp[--n];
	return k;
}

#ifdef __SIZEOF_INT128__
static unsigned __int128 pow10_u128(int k)
{
	static const uint64_t p[20] = {1,
				       10,
				       100,
				       1000,
				       10000,
				       100000,
				       1000000,
				       10000000,
				       100000000,
				       1000000000,
				       10000000000,
				       100000000000,
				       1000000000000,
				       10000000000000,
				       100000000000000,
				       1000000000000000,
				       10000000000000000,
				       100000000000000000,
				       1000000000000000000,
				       10000000000000000000u};

	return k < 20 ? p[k] : (unsigned __int128)p[19] * p[k - 19];
}
#endif

/* %g's layout of digits dig[nd] whose first has decimal exponent x. */
static size_t layout(int neg, const char *dig, int nd, int x, char *out)
{
	size_t o = 0;

	while (nd > 1 && dig[nd - 1] == '0')
		nd--;
	if (neg)
		out[o++] = '-';
	if (x < -4 || x >= SIG) {
		int ax = x < 0 ? -x : x;

		out[o++] = dig[0];
		if (nd > 1) {
			out[o++] = '.';
			memcpy(out + o, dig + 1, (size_t)nd - 1);
			o += (size_t)nd - 1;
		}
		out[o++] = 'e';
		out[o++] = x < 0 ? '-' : '+';
		if (ax >= 100)
			out[o++] = (char)('0' + ax / 100);
		out[o++] = (char)('0' + ax / 10 % 10);
		out[o++] = (char)('0' + ax % 10);
	} else if (x >= 0) {
		for (int i = 0; i <= x; i++)
			out[o++] = i < nd ? dig[i] : '0';
		if (nd > x + 1) {
			out[o++] = '.';
			memcpy(out + o, dig + x + 1, (size_t)(nd - x - 1));
			o += (size_t)(nd - x - 1);
		}
	} else {
		out[o++] = '0';
		out[o++] = '.';
		for (int i = -1; i > x; i--)
			out[o++] = '0';
		memcpy(out + o, dig, (size_t)nd);
		o += (size_t)nd;
	}
	out[o] = '\0';
	return o;
}

#ifdef __SIZEOF_INT128__
/*
 * The common case, 1e-6 <= |v| < 1e17 and not an integer of 2^52 or more:
 * the 17 digits are N = v * 10^k rounded half to even, k = 16 - x, x the
 * decimal exponent of v.  m * 10^k < 2^53 * 10^22 < 2^127 is exact in 128
 * bits, and v * 10^k is that shifted right by -e bits; N must land in
 * [10^16, 10^17], else x was one off (it is estimated from the binary
 * exponent) and N is computed again.  N = 10^17 after rounding is 10^(x+1).
 * Then two digits at a time.  0 when v is not such a number.
 */
static size_t fast17(int neg, uint64_t m, int e, char *out)
{
	static const char pairs[201] =
	    "00010203040506070809101112131415161718192021222324252627282930313233"
	    "34353637383940414243444546474849505152535455565758596061626364656667"
	    "6869707172737475767778798081828384858687888990919293949596979899";
	const uint64_t lo = UINT64_C(10000000000000000), hi = lo * 10;
	int x = ((e + 52) * 78913) >> 18; /* floor(log10(2^(e+52))) */
	uint64_t n;
	char dig[SIG];

	for (int tries = 0;; tries++) {
		int k = 16 - x, sh = -e;
		unsigned __int128 p, rest, half;

		if (k < 0 || k > 22 || sh <= 0 || sh >= 127 || tries == 3)
			return 0;
		p = (unsigned __int128)m * pow10_u128(k);
		if (p >> sh >> 64)
			return 0;
		n = (uint64_t)(p >> sh);
		rest = p & (((unsigned __int128)1 << sh) - 1);
		half = (unsigned __int128)1 << (sh - 1);
		if (rest > half || (rest == half && (n & 1)))
			n++;
		if (n < lo)
			x--;
		else if (n > hi)
			x++;
		else
			break;
	}
	if (n == hi) {
		n = lo;
		x++;
	}
	for (int i = SIG - 1; i > 0; i -= 2) {
		memcpy(dig + i - 1, pairs + 2 * (n % 100), 2);
		n /= 100;
	}
	dig[0] = (char)('0' + n);
	return layout(neg, dig, SIG, x, out);
}
#endif

size_t probe_fmt_g17(double v, char out[PROBE_G17_MAX])
{
	uint64_t bits, m;
	int neg, bexp, e, nd = 0, x;
	char dig[SIG + 20];

	memcpy(&bits, &v, sizeof(bits));
	neg = (int)(bits >> 63);
	bexp = (int)((bits >> 52) & 0x7ff);
	m = bits & ((UINT64_C(1) << 52) - 1);
	if (bexp == 0 && m == 0)
		return layout(neg, "0", 1, 0, out);
	e = bexp - 1075;
	m |= UINT64_C(1) << 52;
#ifdef __SIZEOF_INT128__
	if (bexp != 0 && bexp != 0x7ff && e >= 0 && e <= 10 &&
	    (m << e) < UINT64_C(100000000000000000)) {
		nd = int_digits(m << e, dig);
		return layout(neg, dig, nd, nd - 1, out);
	}
	if (bexp != 0 && e < 0 && (nd = (int)fast17(neg, m, e, out)) > 0)
		return (size_t)nd;
	if (bexp != 0 && e < 0 && e >= -124) {
		int s = -e;
		unsigned __int128 mask = ((unsigned __int128)1 << s) - 1;
		unsigned __int128 f = (unsigned __int128)m & mask;
		uint64_t ip = s >= 64 ? 0 : m >> s;

		if (ip) {
			nd = int_digits(ip, dig);
			x = nd - 1;
		} else
			x = -1;
		if (s <= 60) { /* the same in 64 bits: 10 * f < 2^64 */
			uint64_t f64 = (uint64_t)f, mask64 = (uint64_t)mask;

			while (nd < SIG && f64) {
				int d;

				f64 *= 10;
				d = (int)(f64 >> s);
				f64 &= mask64;
				if (nd == 0 && d == 0)
					x--;
				else
					dig[nd++] = (char)('0' + d);
			}
			f = f64;
		}
		while (nd < SIG && f) {
			int d;

			f *= 10;
			d = (int)(f >> s);
			f &= mask;
			if (nd == 0 && d == 0)
				x--;
			else
				dig[nd++] = (char)('0' + d);
		}
		if (f) { /* 17 digits and a rest: round half to even */
			unsigned __int128 half = (unsigned __int128)1 << (s - 1);

			if (f > half || (f == half && (dig[SIG - 1] & 1))) {
				int i = SIG - 1;

				while (i >= 0 && dig[i] == '9')
					dig[i--] = '0';
				if (i >= 0)
					dig[i]++;
				else {
					dig[0] = '1';
					x++;
				}
			}
		}
		return layout(neg, dig, nd, x, out);
	}
#endif
	snprintf(out, PROBE_G17_MAX, "%.17g", v);
	return strlen(out);
}
