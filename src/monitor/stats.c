/*
 * stats.c - distribution functions and tests for the monitor, written from
 * the published algorithms (no GPL code copied):
 *
 *   normal quantile   Abramowitz & Stegun (1964) 26.2.23 as a start, refined
 *                     by Halley steps on erfc() (C99 libm) to full precision;
 *   incomplete beta   the continued fraction A&S 26.5.8, evaluated with the
 *                     modified Lentz method (Press et al., Numerical Recipes,
 *                     3rd ed., 6.4); inverted by bisection;
 *   incomplete gamma  series A&S 6.5.29 and continued fraction A&S 6.5.31
 *                     (Numerical Recipes 6.2);
 *   Wilson bound      E. B. Wilson, JASA 22 (1927) 209-212;
 *   Clopper-Pearson   Biometrika 26 (1934) 404-413, as beta quantiles;
 *   Kolmogorov        Q(l) = 2 sum (-1)^(j-1) exp(-2 j^2 l^2), and for small
 *                     l the theta-function form sqrt(2 pi)/l sum
 *                     exp(-(2j-1)^2 pi^2 / (8 l^2)) (Kolmogorov 1933);
 *   PSI               sum (a - e) ln(a / e) (Siddiqi 2006; Yurdakul 2018 for
 *                     its chi-square approximation, used by the detectors);
 *   Shapiro-Wilk      P. Royston, "Remark AS R94", Applied Statistics 44(4)
 *                     (1995) 547-551: the polynomial approximations of the
 *                     coefficients a and of the null distribution of W.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "monitor/stats.h"

#define FPMIN 1e-300
#define CF_EPS 1e-15
#define CF_MAXIT 100000

double aisec_stat_norm_cdf(double x)
{
	return 0.5 * erfc(-x / M_SQRT2);
}

double aisec_stat_norm_sf(double x)
{
	return 0.5 * erfc(x / M_SQRT2);
}

double aisec_stat_norm_ppf(double p)
{
	double q, t, x;

	if (!(p > 0.0))
		return -INFINITY;
	if (!(p < 1.0))
		return INFINITY;
	q = p < 0.5 ? p : 1.0 - p;
	/* A&S 26.2.23: |error| < 4.5e-4 for the upper-tail deviate of q */
	t = sqrt(-2.0 * log(q));
	x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
		      (1.0 + 1.432788 * t + 0.189269 * t * t +
		       0.001308 * t * t * t));
	/* Halley on the lower tail, where erfc keeps full relative precision */
	for (int i = 0; i < 4; i++) {
		double e = aisec_stat_norm_cdf(x) - q;
		double u = e * sqrt(2.0 * M_PI) * exp(0.5 * x * x);

		x -= u / (1.0 + 0.5 * x * u);
	}
	return p < 0.5 ? x : -x;
}

/* One step of the modified Lentz method: the factor by which it moves the
 * continued fraction's value (Numerical Recipes 5.2). */
static double lentz_step(double aa, double *c, double *d)
{
	*d = 1.0 + aa * *d;
	if (fabs(*d) < FPMIN)
		*d = FPMIN;
	*c = 1.0 + aa / *c;
	if (fabs(*c) < FPMIN)
		*c = FPMIN;
	*d = 1.0 / *d;
	return *d * *c;
}

/* Continued fraction for I_x(a, b), modified Lentz. */
static double betacf(double a, double b, double x)
{
	double qab = a + b, qap = a + 1.0, qam = a - 1.0;
	double c = 1.0, d = 1.0 - qab * x / qap, h;

	if (fabs(d) < FPMIN)
		d = FPMIN;
	d = 1.0 / d;
	h = d;
	for (int m = 1; m <= CF_MAXIT; m++) {
		int m2 = 2 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2)), del;

		h *= lentz_step(aa, &c, &d);
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		del = lentz_step(aa, &c, &d);
		h *= del;
		if (fabs(del - 1.0) < CF_EPS)
			break;
	}
	return h;
}

static double lgam(double x)
{
	int sign;

	return lgamma_r(x, &sign);
}

double aisec_stat_betainc(double a, double b, double x)
{
	double bt;

	if (!(x > 0.0))
		return 0.0;
	if (!(x < 1.0))
		return 1.0;
	bt = exp(lgam(a + b) - lgam(a) - lgam(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1.0) / (a + b + 2.0))
		return bt * betacf(a, b, x) / a;
	return 1.0 - bt * betacf(b, a, 1.0 - x) / b;
}

double aisec_stat_beta_ppf(double p, double a, double b)
{
	double lo = 0.0, hi = 1.0;

	if (!(p > 0.0))
		return 0.0;
	if (!(p < 1.0))
		return 1.0;
	/* bisection: monotone, robust for the large a, b of long windows */
	for (int i = 0; i < 200 && hi - lo > 1e-16; i++) {
		double mid = 0.5 * (lo + hi);

		if (aisec_stat_betainc(a, b, mid) < p)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

static double gamma_series(double a, double x)
{
	double ap = a, sum = 1.0 / a, del = sum;

	for (int n = 0; n < CF_MAXIT; n++) {
		ap += 1.0;
		del *= x / ap;
		sum += del;
		if (fabs(del) < fabs(sum) * CF_EPS)
			break;
	}
	return sum * exp(-x + a * log(x) - lgam(a));
}

static double gamma_cf(double a, double x)
{
	double b = x + 1.0 - a, c = 1.0 / FPMIN, d = 1.0 / b, h = d;

	for (int i = 1; i <= CF_MAXIT; i++) {
		double an = -i * (i - a), del;

		b += 2.0;
		d = an * d + b;
		if (fabs(d) < FPMIN)
			d = FPMIN;
		c = b + an / c;
		if (fabs(c) < FPMIN)
			c = FPMIN;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) < CF_EPS)
			break;
	}
	return exp(-x + a * log(x) - lgam(a)) * h;
}

double aisec_stat_gamma_p(double a, double x)
{
	if (!(x > 0.0))
		return 0.0;
	if (x < a + 1.0)
		return gamma_series(a, x);
	return 1.0 - gamma_cf(a, x);
}

double aisec_stat_gamma_q(double a, double x)
{
	if (!(x > 0.0))
		return 1.0;
	if (x < a + 1.0)
		return 1.0 - gamma_series(a, x);
	return gamma_cf(a, x);
}

double aisec_stat_chi2_sf(double x, double k)
{
	return aisec_stat_gamma_q(0.5 * k, 0.5 * x);
}

double aisec_stat_chi2_ppf(double p, double k)
{
	double lo = 0.0, hi = k + 10.0;

	if (!(p > 0.0))
		return 0.0;
	if (!(p < 1.0))
		return INFINITY;
	while (aisec_stat_gamma_p(0.5 * k, 0.5 * hi) < p)
		hi *= 2.0;
	for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
		double mid = 0.5 * (lo + hi);

		if (aisec_stat_gamma_p(0.5 * k, 0.5 * mid) < p)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

double aisec_stat_binom_sf(uint64_t k, uint64_t n, double p)
{
	if (k == 0)
		return 1.0;
	if (k > n)
		return 0.0;
	return aisec_stat_betainc((double)k, (double)(n - k + 1), p);
}

void aisec_stat_wilson(uint64_t k, uint64_t n, double alpha, double *lo,
		       double *hi)
{
	double z, p, nn, centre, half, den;

	if (n == 0) {
		*lo = 0.0;
		*hi = 1.0;
		return;
	}
	z = aisec_stat_norm_ppf(1.0 - alpha);
	nn = (double)n;
	p = (double)k / nn;
	den = 1.0 + z * z / nn;
	centre = p + z * z / (2.0 * nn);
	half = z * sqrt(p * (1.0 - p) / nn + z * z / (4.0 * nn * nn));
	*lo = fmax(0.0, (centre - half) / den);
	*hi = fmin(1.0, (centre + half) / den);
}

void aisec_stat_clopper_pearson(uint64_t k, uint64_t n, double alpha,
				double *lo, double *hi)
{
	if (n == 0) {
		*lo = 0.0;
		*hi = 1.0;
		return;
	}
	*lo = k == 0
		  ? 0.0
		  : aisec_stat_beta_ppf(alpha, (double)k, (double)(n - k + 1));
	*hi = k >= n ? 1.0
		     : aisec_stat_beta_ppf(1.0 - alpha, (double)(k + 1),
					   (double)(n - k));
}

double aisec_stat_kolmogorov_sf(double l)
{
	double s = 0.0;

	if (!(l > 0.0))
		return 1.0;
	if (l < 1.18) {
		/* theta form: converges fast where the alternating one does not
		 */
		double k = -M_PI * M_PI / (8.0 * l * l);

		for (int j = 1; j < 50; j++) {
			double t = exp(k * (2 * j - 1) * (2 * j - 1));

			s += t;
			if (t < 1e-17 * s)
				break;
		}
		return 1.0 - sqrt(2.0 * M_PI) / l * s;
	}
	for (int j = 1; j < 100; j++) {
		double t = exp(-2.0 * j * j * l * l);

		s += (j & 1) ? t : -t;
		if (t < 1e-17)
			break;
	}
	return fmin(1.0, fmax(0.0, 2.0 * s));
}

double aisec_stat_ks_pvalue(double d, uint64_t n, uint64_t m)
{
	double en;

	if (n == 0 || m == 0)
		return 1.0;
	en = (double)n * (double)m / ((double)n + (double)m);
	return aisec_stat_kolmogorov_sf(sqrt(en) * d);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double aisec_stat_ks_2samp(double *x, size_t n, double *y, size_t m)
{
	size_t i = 0, j = 0;
	double d = 0.0;

	if (n == 0 || m == 0)
		return 0.0;
	qsort(x, n, sizeof *x, cmp_double);
	qsort(y, m, sizeof *y, cmp_double);
	while (i < n && j < m) {
		double v = x[i] < y[j] ? x[i] : y[j], diff;

		while (i < n && x[i] == v)
			i++;
		while (j < m && y[j] == v)
			j++;
		diff = fabs((double)i / (double)n - (double)j / (double)m);
		if (diff > d)
			d = diff;
	}
	return d;
}

double aisec_stat_psi(const uint64_t *expected, const uint64_t *actual,
		      size_t nbins, double eps)
{
	double te = 0.0, ta = 0.0, psi = 0.0;

	for (size_t i = 0; i < nbins; i++) {
		te += (double)expected[i];
		ta += (double)actual[i];
	}
	if (te == 0.0 || ta == 0.0)
		return 0.0;
	for (size_t i = 0; i < nbins; i++) {
		double e = fmax((double)expected[i] / te, eps);
		double a = fmax((double)actual[i] / ta, eps);

		psi += (a - e) * log(a / e);
	}
	return psi;
}

double aisec_stat_chi2_2xk(const uint64_t *a, const uint64_t *b, size_t k,
			   unsigned *dof)
{
	double ta = 0.0, tb = 0.0, stat = 0.0;
	unsigned cols = 0;

	for (size_t j = 0; j < k; j++) {
		ta += (double)a[j];
		tb += (double)b[j];
		cols += a[j] + b[j] > 0;
	}
	*dof = 0;
	if (cols < 2 || ta == 0.0 || tb == 0.0)
		return 0.0;
	for (size_t j = 0; j < k; j++) {
		double c = (double)a[j] + (double)b[j], ea, eb;

		if (c == 0.0)
			continue;
		ea = ta * c / (ta + tb);
		eb = tb * c / (ta + tb);
		stat += ((double)a[j] - ea) * ((double)a[j] - ea) / ea +
			((double)b[j] - eb) * ((double)b[j] - eb) / eb;
	}
	*dof = cols - 1;
	return stat;
}

/* ---- Shapiro-Wilk, AS R94 -------------------------------------------- */

/* cc[0] + cc[1] x + ... + cc[nord-1] x^(nord-1) */
static double poly(const double *cc, int nord, double x)
{
	double r = cc[0], p;

	if (nord == 1)
		return r;
	p = x * cc[nord - 1];
	for (int j = nord - 2; j > 0; j--)
		p = (p + cc[j]) * x;
	return r + p;
}

static void shapiro_coef(size_t n, double *a)
{
	static const double c1[6] = {0.0,	0.221157, -0.147981,
				     -2.071190, 4.434685, -2.706056};
	static const double c2[6] = {0.0,	0.042981, -0.293762,
				     -1.752461, 5.682633, -3.582633};
	size_t n2 = n / 2, i1;
	double an = (double)n, summ2 = 0.0, ssumm2, rsn, a1, a2, fac;

	if (n == 3) {
		a[0] = M_SQRT1_2;
		return;
	}
	/* Blom scores m_i, i = 1..n/2 (negative: the lower half) */
	for (size_t i = 0; i < n2; i++) {
		a[i] = aisec_stat_norm_ppf(((double)(i + 1) - 0.375) /
					   (an + 0.25));
		summ2 += a[i] * a[i];
	}
	summ2 *= 2.0;
	ssumm2 = sqrt(summ2);
	rsn = 1.0 / sqrt(an);
	a1 = poly(c1, 6, rsn) - a[0] / ssumm2;
	if (n > 5) {
		i1 = 2;
		a2 = -a[1] / ssumm2 + poly(c2, 6, rsn);
		fac = sqrt((summ2 - 2.0 * a[0] * a[0] - 2.0 * a[1] * a[1]) /
			   (1.0 - 2.0 * a1 * a1 - 2.0 * a2 * a2));
		a[1] = a2;
	} else {
		i1 = 1;
		fac = sqrt((summ2 - 2.0 * a[0] * a[0]) / (1.0 - 2.0 * a1 * a1));
	}
	a[0] = a1;
	for (size_t i = i1; i < n2; i++)
		a[i] = -a[i] / fac;
}

int aisec_stat_shapiro(double *x, size_t n, double *a, size_t *a_n, double *w,
		       double *pw)
{
	static const double g[2] = {-2.273, 0.459};
	static const double c3[4] = {0.5440, -0.39978, 0.025054, -6.714e-4};
	static const double c4[4] = {1.3822, -0.77857, 0.062767, -0.0020322};
	static const double c5[4] = {-1.5861, -0.31082, -0.083751, 0.0038915};
	static const double c6[3] = {-0.4803, -0.082676, 0.0030302};
	size_t n2 = n / 2;
	double mean = 0.0, ssq = 0.0, num = 0.0, w1, m, s, an = (double)n;

	if (n < 3 || n > 5000)
		return -1;
	qsort(x, n, sizeof *x, cmp_double);
	if (!(x[n - 1] - x[0] > 0.0))
		return -1;
	if (*a_n != n) {
		shapiro_coef(n, a);
		*a_n = n;
	}
	for (size_t i = 0; i < n; i++)
		mean += x[i];
	mean /= an;
	for (size_t i = 0; i < n; i++)
		ssq += (x[i] - mean) * (x[i] - mean);
	for (size_t i = 0; i < n2; i++)
		num += a[i] * (x[n - 1 - i] - x[i]);
	*w = fmin(1.0, num * num / ssq);
	if (n == 3) {
		/* exact null distribution for n = 3 */
		*pw = fmax(0.0, 6.0 / M_PI * (asin(sqrt(*w)) - M_PI / 3.0));
		return 0;
	}
	w1 = log1p(-*w);
	if (n <= 11) {
		double gamma = poly(g, 2, an);

		if (w1 >= gamma) {
			*pw = 1e-99;
			return 0;
		}
		w1 = -log(gamma - w1);
		m = poly(c3, 4, an);
		s = exp(poly(c4, 4, an));
	} else {
		double xx = log(an);

		m = poly(c5, 4, xx);
		s = exp(poly(c6, 3, xx));
	}
	*pw = aisec_stat_norm_sf((w1 - m) / s);
	return 0;
}
