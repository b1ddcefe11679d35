/*
 * test_monitor_stats.c - the monitor's statistics against SciPy: the
 * reference values come from tests/unit/monitor_scipy.py (Debian
 * python3-scipy), run here on the same inputs.  Tolerances: 1e-9 relative
 * for closed forms and continued fractions (normal quantile, incomplete
 * beta and gamma, Wilson, Clopper-Pearson, Kolmogorov, chi-square, PSI),
 * exact for the KS statistic, 1e-6 absolute for the Shapiro-Wilk W up to
 * n = 2000 and 2e-6 at n = 5000 (SciPy runs the same AS R94 algorithm in
 * single precision; ours is double) and 1e-4 relative for its p-value
 * (Royston's normalising approximation, single precision in SciPy).  For
 * n = 3, where W's null distribution is exact, both agree to 1e-6.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "monitor/stats.h"

static json_t *ref;

static void close_to(double got, double want, double rel, double abs_tol,
		     const char *what)
{
	double tol = fmax(abs_tol, rel * fabs(want));

	if (!(fabs(got - want) <= tol)) {
		fail_msg("%s: got %.17g, SciPy %.17g (tolerance %.3g)", what,
			 got, want, tol);
	}
}

static double at(json_t *a, size_t i)
{
	return json_number_value(json_array_get(a, i));
}

static void test_norm_ppf(void **state)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(ref, "norm_ppf"), i, c) close_to(
	    aisec_stat_norm_ppf(at(c, 0)), at(c, 1), 1e-10, 1e-12, "norm_ppf");
}

static void test_betainc(void **state)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(ref, "betainc"), i, c)
	    close_to(aisec_stat_betainc(at(c, 0), at(c, 1), at(c, 2)), at(c, 3),
		     1e-9, 1e-300, "betainc");
}

static void test_chi2(void **state)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(ref, "chi2_sf"), i, c)
	    close_to(aisec_stat_chi2_sf(at(c, 0), at(c, 1)), at(c, 2), 1e-9,
		     1e-300, "chi2_sf");
	json_array_foreach(json_object_get(ref, "chi2_ppf"), i, c)
	    close_to(aisec_stat_chi2_ppf(at(c, 0), at(c, 1)), at(c, 2), 1e-9, 0,
		     "chi2_ppf");
	json_array_foreach(json_object_get(ref, "chi2_2xk"), i, c)
	{
		json_t *a = json_array_get(c, 0), *b = json_array_get(c, 1);
		uint64_t x[8], y[8];
		size_t k = json_array_size(a);
		unsigned dof;
		double st;

		for (size_t j = 0; j < k; j++) {
			x[j] = (uint64_t)at(a, j);
			y[j] = (uint64_t)at(b, j);
		}
		st = aisec_stat_chi2_2xk(x, y, k, &dof);
		close_to(st, at(c, 2), 1e-10, 1e-12, "chi2_2xk statistic");
		close_to(aisec_stat_chi2_sf(st, dof), at(c, 3), 1e-9, 1e-300,
			 "chi2_2xk p");
		assert_int_equal(dof, (unsigned)at(c, 4));
	}
}

static void test_binomial(void **state)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(ref, "binom_sf"), i, c)
	    close_to(aisec_stat_binom_sf((uint64_t)at(c, 0), (uint64_t)at(c, 1),
					 at(c, 2)),
		     at(c, 3), 1e-9, 1e-300, "binom_sf");
	json_array_foreach(json_object_get(ref, "proportion"), i, c)
	{
		double lo, hi;
		uint64_t k = (uint64_t)at(c, 0), n = (uint64_t)at(c, 1);

		aisec_stat_wilson(k, n, at(c, 2), &lo, &hi);
		close_to(lo, at(c, 3), 1e-9, 1e-12, "wilson lower");
		close_to(hi, at(c, 4), 1e-9, 1e-12, "wilson upper");
		aisec_stat_clopper_pearson(k, n, at(c, 2), &lo, &hi);
		close_to(lo, at(c, 5), 1e-9, 1e-12, "clopper-pearson lower");
		close_to(hi, at(c, 6), 1e-9, 1e-12, "clopper-pearson upper");
	}
}

static double *vec(json_t *a, size_t *n)
{
	double *v;
	size_t i;
	json_t *x;

	*n = json_array_size(a);
	v = malloc(*n * sizeof *v);
	assert_non_null(v);
	json_array_foreach(a, i, x) v[i] = json_number_value(x);
	return v;
}

static void test_ks(void **state)
{
	size_t i, n, m;
	json_t *c;

	json_array_foreach(json_object_get(ref, "kolmogorov_sf"), i, c)
	    close_to(aisec_stat_kolmogorov_sf(at(c, 0)), at(c, 1), 1e-10, 1e-15,
		     "kolmogorov_sf");
	json_array_foreach(json_object_get(ref, "ks"), i, c)
	{
		double *x = vec(json_object_get(c, "x"), &n);
		double *y = vec(json_object_get(c, "y"), &m);
		double d = aisec_stat_ks_2samp(x, n, y, m);

		close_to(d, json_number_value(json_object_get(c, "d")), 0,
			 1e-15, "ks statistic");
		close_to(aisec_stat_ks_pvalue(d, n, m),
			 json_number_value(json_object_get(c, "p")), 1e-9,
			 1e-15, "ks p-value");
		free(x);
		free(y);
	}
}

static void test_psi(void **state)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(ref, "psi"), i, c)
	{
		json_t *a = json_array_get(c, 0), *b = json_array_get(c, 1);
		uint64_t x[8], y[8];
		size_t k = json_array_size(a);

		for (size_t j = 0; j < k; j++) {
			x[j] = (uint64_t)at(a, j);
			y[j] = (uint64_t)at(b, j);
		}
		close_to(aisec_stat_psi(x, y, k, 1e-4), at(c, 2), 1e-12, 1e-15,
			 "psi");
	}
}

static void test_shapiro(void **state)
{
	size_t i, n, an = 0;
	json_t *c;
	double *a = malloc(2500 * sizeof *a), w, p;

	assert_non_null(a);
	json_array_foreach(json_object_get(ref, "shapiro"), i, c)
	{
		double *x = vec(json_object_get(c, "x"), &n);
		char what[64];

		assert_int_equal(aisec_stat_shapiro(x, n, a, &an, &w, &p), 0);
		snprintf(what, sizeof what, "shapiro W, n=%zu", n);
		close_to(w, json_number_value(json_object_get(c, "w")), 0,
			 n <= 2000 ? 1e-6 : 2e-6, what);
		snprintf(what, sizeof what, "shapiro p, n=%zu", n);
		close_to(p, json_number_value(json_object_get(c, "p")), 1e-4,
			 1e-7, what);
		free(x);
	}
	/* zero range and out-of-range sizes are refused */
	{
		double x[4] = {1, 1, 1, 1};

		an = 0;
		assert_int_equal(aisec_stat_shapiro(x, 4, a, &an, &w, &p), -1);
		assert_int_equal(aisec_stat_shapiro(x, 2, a, &an, &w, &p), -1);
	}
	free(a);
}

static int setup(void **state)
{
	FILE *p = popen("/usr/bin/python3 " AISEC_SOURCE_DIR
			"/tests/unit/monitor_scipy.py",
			"r");
	json_error_t je;

	if (!p) {
		fprintf(stderr, "cannot run monitor_scipy.py\n");
		return -1;
	}
	ref = json_loadf(p, 0, &je);
	if (pclose(p) != 0 || !ref) {
		fprintf(stderr,
			"monitor_scipy.py failed: python3-scipy is needed "
			"(scripts/install-deps --test)\n");
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	json_decref(ref);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_norm_ppf), cmocka_unit_test(test_betainc),
	    cmocka_unit_test(test_chi2),     cmocka_unit_test(test_binomial),
	    cmocka_unit_test(test_ks),	     cmocka_unit_test(test_psi),
	    cmocka_unit_test(test_shapiro),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
