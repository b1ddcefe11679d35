/*
 * robustness.c - natural robustness: the accuracy of the target on a
 * labelled sample when every feature is perturbed by random noise scaled to
 * its valid range (Gaussian: sigma = level x range; uniform: a shift drawn
 * in [-level, level] x range), clipped to the ranges, at each noise level.
 * Level 0 is the sample itself.  Each level's rows go out in chunks so that
 * a budget stop keeps the levels done.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe_int.h"

int aisec_probe_robustness(struct aisec_probe_target *t, const double *x,
			   const int *y, size_t n,
			   const struct aisec_probe_robustness_opts *opts,
			   struct aisec_probe_robustness_result *res,
			   struct aisec_error *err)
{
	const struct aisec_probe_spec *s = t->spec;
	size_t d = s->n_features;
	struct probe_rng rng = {opts->seed};
	double *pts = NULL;
	int *lab = NULL, ret = 0;

	memset(res, 0, sizeof(*res));
	if (n == 0 || opts->n_levels == 0)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "robustness: no rows or no levels");
	for (size_t i = 0; i < n; i++)
		if (y[i] < 0 || (size_t)y[i] >= s->n_classes)
			return aisec_error_set(
			    err, AISEC_ERR_INVALID,
			    "robustness: row %zu: label %d is not a class "
			    "index of the spec (0..%zu)",
			    i + 1, y[i], s->n_classes - 1);
	for (size_t l = 0; l < opts->n_levels; l++)
		if (!(opts->levels[l] >= 0) || !isfinite(opts->levels[l]))
			return aisec_error_set(err, AISEC_ERR_USAGE,
					       "robustness: level %zu is not "
					       "a number >= 0",
					       l + 1);
	pts = calloc(n * d, sizeof(double));
	lab = calloc(n, sizeof(int));
	res->correct = calloc(opts->n_levels, sizeof(size_t));
	if (!pts || !lab || !res->correct) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	res->n = n;
	for (size_t l = 0; l < opts->n_levels; l++) {
		double lv = opts->levels[l];

		for (size_t i = 0; i < n * d; i++) {
			size_t j = i % d;
			double r = s->hi[j] - s->lo[j], v = x[i];

			if (lv > 0)
				v += opts->uniform
					 ? lv * r *
					       (2 * probe_rng_unit(&rng) - 1)
					 : lv * r * probe_rng_gauss(&rng);
			pts[i] = v < s->lo[j]	? s->lo[j]
				 : v > s->hi[j] ? s->hi[j]
						: v;
			if (lv == 0)
				pts[i] = x[i]; /* the sample as it is */
		}
		if ((ret = aisec_probe_query(t, pts, n, lab, NULL, err)) != 0)
			goto out;
		for (size_t i = 0; i < n; i++)
			res->correct[l] += lab[i] == y[i];
		res->n_levels = l + 1;
	}
out:
	free(pts);
	free(lab);
	return ret;
}

void aisec_probe_robustness_release(struct aisec_probe_robustness_result *res)
{
	if (!res)
		return;
	free(res->correct);
	memset(res, 0, sizeof(*res));
}
