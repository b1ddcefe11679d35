/*
 * extract_eq.c - equation-solving model extraction (Tramèr, Zhang, Juels,
 * Reiter, Ristenpart, "Stealing Machine Learning Models via Prediction
 * APIs", USENIX Security 2016, §4.1).  For a logistic or softmax
 * regression, log(p_c / p_0) = (w_c - w_0)·x + (b_c - b_0) is linear in x,
 * so d+1 queries with scores give d+1 linear equations per class whose
 * solution is the model itself (up to the softmax's shared offset, which
 * changes no prediction).  Agreement is then measured on fresh inputs.
 *
 * The queries lie in a box around the centre of the valid ranges, a
 * quarter of the ranges wide, and are solved in the box's own coordinates
 * (well-conditioned whatever the features' scales); the box keeps scores
 * away from 0 and 1, where the logit loses precision.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe_int.h"

#define BOX 0.25

/* Solve A X = B in place (A n x n, B n x m, row-major) by partial pivoting. */
static int solve(double *a, double *b, size_t n, size_t m)
{
	for (size_t c = 0; c < n; c++) {
		size_t p = c;

		for (size_t r = c + 1; r < n; r++)
			if (fabs(a[r * n + c]) > fabs(a[p * n + c]))
				p = r;
		if (fabs(a[p * n + c]) < 1e-300)
			return -1;
		if (p != c) {
			for (size_t j = 0; j < n; j++) {
				double t = a[c * n + j];

				a[c * n + j] = a[p * n + j];
				a[p * n + j] = t;
			}
			for (size_t j = 0; j < m; j++) {
				double t = b[c * m + j];

				b[c * m + j] = b[p * m + j];
				b[p * m + j] = t;
			}
		}
		for (size_t r = c + 1; r < n; r++) {
			double f = a[r * n + c] / a[c * n + c];

			if (f == 0)
				continue;
			for (size_t j = c; j < n; j++)
				a[r * n + j] -= f * a[c * n + j];
			for (size_t j = 0; j < m; j++)
				b[r * m + j] -= f * b[c * m + j];
		}
	}
	for (size_t c = n; c-- > 0;)
		for (size_t j = 0; j < m; j++) {
			double s = b[c * m + j];

			for (size_t k = c + 1; k < n; k++)
				s -= a[c * n + k] * b[k * m + j];
			b[c * m + j] = s / a[c * n + c];
		}
	return 0;
}

static int predict(const struct aisec_probe_extract_result *r, const double *x)
{
	int best = 0;
	double top = 0; /* class 0's logit against itself */

	for (size_t c = 1; c < r->k; c++) {
		double z = r->b[c - 1];

		for (size_t j = 0; j < r->d; j++)
			z += r->w[(c - 1) * r->d + j] * x[j];
		if (z > top) {
			top = z;
			best = (int)c;
		}
	}
	return best;
}

int aisec_probe_extract_equations(struct aisec_probe_target *t, uint64_t seed,
				  size_t n_check,
				  struct aisec_probe_extract_result *res,
				  struct aisec_error *err)
{
	const struct aisec_probe_spec *s = t->spec;
	size_t d = s->n_features, k = s->n_classes, n = d + 1, m = k - 1;
	struct probe_rng rng = {seed};
	double *u = NULL, *x = NULL, *a = NULL, *z = NULL, *p = NULL;
	int *lab = NULL, ret;
	uint64_t before = t->used;

	memset(res, 0, sizeof(*res));
	res->k = k;
	res->d = d;
	if (s->output != AISEC_PROBE_OUT_SCORES)
		return aisec_error_set(
		    err, AISEC_ERR_USAGE,
		    "extraction by equation solving needs scores "
		    "(the spec says output.kind: labels)");
	ret = AISEC_ERR_NOMEM;
	u = calloc(n * d, sizeof(double));
	x = calloc(n * d, sizeof(double));
	a = calloc(n * n, sizeof(double));
	z = calloc(n * m, sizeof(double));
	p = calloc(n * k, sizeof(double));
	lab = calloc(n, sizeof(int));
	res->w = calloc(m * d, sizeof(double));
	res->b = calloc(m, sizeof(double));
	if (!u || !x || !a || !z || !p || !lab || !res->w || !res->b) {
		aisec_error_set(err, ret, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < d; j++) {
			double h = (s->hi[j] - s->lo[j]) / 2;

			u[i * d + j] = h > 0 ? 2 * probe_rng_unit(&rng) - 1 : 0;
			x[i * d + j] = s->lo[j] + h + BOX * h * u[i * d + j];
			a[i * n + j] = u[i * d + j];
		}
		a[i * n + d] = 1;
	}
	if ((ret = aisec_probe_query(t, x, n, lab, p, err)) != 0)
		goto out;
	res->queries = t->used - before;
	for (size_t i = 0; i < n; i++)
		for (size_t c = 1; c < k; c++) {
			double p0 = p[i * k], pc = p[i * k + c];

			if (!(p0 > 0) || !(pc > 0)) {
				ret = aisec_error_set(
				    err, AISEC_ERR_INVALID,
				    "extraction: query %zu returned a score of "
				    "0 "
				    "(class '%s'): not a logistic model, or "
				    "one "
				    "saturated at the centre of the input "
				    "ranges",
				    i, s->classes[p0 > 0 ? c : 0]);
				goto out;
			}
			z[i * m + c - 1] = log(pc) - log(p0);
		}
	/* constant features have u = 0: their column is pinned to 0 */
	for (size_t j = 0; j < d; j++)
		if (!(s->hi[j] > s->lo[j]))
			for (size_t i = 0; i < n; i++)
				a[i * n + j] = i == j ? 1 : 0;
	if (solve(a, z, n, m) != 0) {
		ret = aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "extraction: the %zu equations are singular", n);
		goto out;
	}
	for (size_t c = 0; c < m; c++) {
		double b = z[d * m + c];

		for (size_t j = 0; j < d; j++) {
			double h = (s->hi[j] - s->lo[j]) / 2;
			double w = h > 0 ? z[j * m + c] / (BOX * h) : 0;

			res->w[c * d + j] = w;
			b -= w * (s->lo[j] + h);
		}
		res->b[c] = b;
	}
	if (n_check) {
		free(x);
		free(lab);
		x = calloc(n_check * d, sizeof(double));
		lab = calloc(n_check, sizeof(int));
		if (!x || !lab) {
			ret = aisec_error_set(err, AISEC_ERR_NOMEM,
					      "out of memory");
			goto out;
		}
		for (size_t i = 0; i < n_check * d; i++) {
			size_t j = i % d;

			x[i] = s->lo[j] +
			       (s->hi[j] - s->lo[j]) * probe_rng_unit(&rng);
		}
		before = t->used;
		ret = aisec_probe_query(t, x, n_check, lab, NULL, err);
		res->check_queries = t->used - before;
		if (ret != 0)
			goto out;
		for (size_t i = 0; i < n_check; i++)
			res->agree += predict(res, x + i * d) == lab[i];
		res->checked = n_check;
	}
	ret = 0;
out:
	free(u);
	free(x);
	free(a);
	free(z);
	free(p);
	free(lab);
	return ret;
}

void aisec_probe_extract_release(struct aisec_probe_extract_result *res)
{
	if (!res)
		return;
	free(res->w);
	free(res->b);
	res->w = res->b = NULL;
}
