/*
 * stats.h - the distribution functions and tests the monitor's detectors
 * use, written here from the published algorithms (each function cites its
 * source in stats.c).  Pure, reentrant, no allocation.  Internal interface:
 * other subsystems (probe) may use it; it is not installed.
 */
#ifndef AISEC_MONITOR_STATS_H
#define AISEC_MONITOR_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Standard normal: CDF, upper tail, quantile (0 < p < 1). */
double aisec_stat_norm_cdf(double x);
double aisec_stat_norm_sf(double x);
double aisec_stat_norm_ppf(double p);

/* Regularized incomplete beta I_x(a, b) and its inverse in x. */
double aisec_stat_betainc(double a, double b, double x);
double aisec_stat_beta_ppf(double p, double a, double b);

/* Regularized lower / upper incomplete gamma P(a, x), Q(a, x). */
double aisec_stat_gamma_p(double a, double x);
double aisec_stat_gamma_q(double a, double x);

/* Chi-square with k degrees of freedom: upper tail and quantile. */
double aisec_stat_chi2_sf(double x, double k);
double aisec_stat_chi2_ppf(double p, double k);

/* P(X >= k) for X ~ Binomial(n, p). */
double aisec_stat_binom_sf(uint64_t k, uint64_t n, double p);

/*
 * One-sided (1 - alpha) confidence bounds of a binomial proportion k/n:
 * *lo is the lower bound, *hi the upper bound (each one-sided at 1 - alpha,
 * so [lo, hi] is a two-sided 1 - 2 alpha interval).  n == 0 gives [0, 1].
 */
void aisec_stat_wilson(uint64_t k, uint64_t n, double alpha, double *lo,
		       double *hi);
void aisec_stat_clopper_pearson(uint64_t k, uint64_t n, double alpha,
				double *lo, double *hi);

/* Kolmogorov's limiting distribution: P(sqrt(n) D > lambda). */
double aisec_stat_kolmogorov_sf(double lambda);
/* Asymptotic two-sided p-value of a two-sample KS statistic d (sizes n, m). */
double aisec_stat_ks_pvalue(double d, uint64_t n, uint64_t m);
/* Two-sample KS statistic of two samples, each sorted ascending in place. */
double aisec_stat_ks_2samp(double *x, size_t n, double *y, size_t m);

/*
 * Population stability index of two histograms over the same B bins:
 * sum (a_i - e_i) ln(a_i / e_i) of the proportions, each clipped below at
 * eps (empty bins).  Returns 0 when either histogram is empty.
 */
double aisec_stat_psi(const uint64_t *expected, const uint64_t *actual,
		      size_t nbins, double eps);

/*
 * Pearson chi-square test of homogeneity of two count vectors (a 2 x k
 * table); columns empty in both are dropped.  *dof = columns - 1.
 * Returns the statistic (0 with *dof 0 when fewer than two columns).
 */
double aisec_stat_chi2_2xk(const uint64_t *a, const uint64_t *b, size_t k,
			   unsigned *dof);

/*
 * Shapiro-Wilk W of x[0..n) (3 <= n <= 5000), sorted ascending in place,
 * and its p-value, by Royston's algorithm AS R94.  `a` is scratch space of
 * n / 2 doubles; when *a_n == n it already holds the coefficients for n and
 * they are reused, else they are computed and *a_n set.  Returns 0, or -1
 * when n is out of range or the sample has zero range.
 */
int aisec_stat_shapiro(double *x, size_t n, double *a, size_t *a_n, double *w,
		       double *pw);

#endif
