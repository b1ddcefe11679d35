/*
 * extract_surrogate.c - extraction by surrogate training (Tramèr et al.,
 * USENIX Security 2016, §5; Papernot et al., AsiaCCS 2017): buy the
 * target's labels for inputs of the attacker's choosing, train a model of
 * one's own on them, and measure its fidelity - agreement with the target
 * on held-out inputs from the same distribution - as the labels bought
 * grow.
 *
 * Inputs: uniform within the spec's ranges, or, given the user's unlabeled
 * sample, a random row of it plus Gaussian noise of 5% of each feature's
 * range (clipped), so that the queries stay near the data.  The surrogate
 * is a softmax regression on standardised features, trained from zero by
 * full-batch gradient descent (cross-entropy, a small L2 penalty), retrained
 * at each point of the curve on all the labels bought so far; the labels
 * bought double from one point to the next.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe_int.h"

#define EPOCHS 400
#define RATE 0.5
#define L2 1e-4

static void draw(const struct aisec_probe_spec *s,
		 const struct aisec_probe_surrogate_opts *o,
		 struct probe_rng *rng, double *p)
{
	size_t d = s->n_features;
	const double *row =
	    o->pool_n
		? o->pool +
		      (size_t)(probe_rng_unit(rng) * (double)o->pool_n) * d
		: NULL;

	for (size_t j = 0; j < d; j++) {
		double r = s->hi[j] - s->lo[j], v;

		v = row ? row[j] + 0.05 * r * probe_rng_gauss(rng)
			: s->lo[j] + r * probe_rng_unit(rng);
		p[j] = v < s->lo[j] ? s->lo[j] : v > s->hi[j] ? s->hi[j] : v;
	}
}

/* Train W[k x (d+1)] (last column: bias) on n standardised rows z. */
static void train(const double *z, const int *y, size_t n, size_t d, size_t k,
		  double *W, double *grad, double *p)
{
	size_t w = d + 1;

	memset(W, 0, k * w * sizeof(double));
	for (int e = 0; e < EPOCHS; e++) {
		memset(grad, 0, k * w * sizeof(double));
		for (size_t i = 0; i < n; i++) {
			const double *zi = z + i * d;
			double mx = -INFINITY, sum = 0;

			for (size_t c = 0; c < k; c++) {
				double a = W[c * w + d];

				for (size_t j = 0; j < d; j++)
					a += W[c * w + j] * zi[j];
				p[c] = a;
				mx = a > mx ? a : mx;
			}
			for (size_t c = 0; c < k; c++)
				sum += (p[c] = exp(p[c] - mx));
			for (size_t c = 0; c < k; c++) {
				double g = p[c] / sum - ((int)c == y[i]);

				for (size_t j = 0; j < d; j++)
					grad[c * w + j] += g * zi[j];
				grad[c * w + d] += g;
			}
		}
		for (size_t i = 0; i < k * w; i++)
			W[i] -= RATE * (grad[i] / (double)n +
					(i % w < d ? L2 * W[i] : 0));
	}
}

static int predict(const double *W, const double *zi, size_t d, size_t k)
{
	size_t w = d + 1;
	int best = 0;
	double bv = -INFINITY;

	for (size_t c = 0; c < k; c++) {
		double a = W[c * w + d];

		for (size_t j = 0; j < d; j++)
			a += W[c * w + j] * zi[j];
		if (a > bv) {
			bv = a;
			best = (int)c;
		}
	}
	return best;
}

int aisec_probe_extract_surrogate(struct aisec_probe_target *t,
				  const struct aisec_probe_surrogate_opts *opts,
				  struct aisec_probe_surrogate_result *res,
				  struct aisec_error *err)
{
	const struct aisec_probe_spec *s = t->spec;
	size_t d = s->n_features, k = s->n_classes;
	size_t total = opts->train ? opts->train : 2000,
	       nc = opts->n_check ? opts->n_check : 2000,
	       pts = opts->points ? opts->points : 6;
	struct probe_rng rng = {opts->seed};
	double *xc = NULL, *xt = NULL, *z = NULL, *zc = NULL, *mean = NULL,
	       *sd = NULL, *W = NULL, *grad = NULL, *p = NULL;
	int *yc = NULL, *yt = NULL, ret = 0;
	size_t have = 0, *counts = NULL;

	memset(res, 0, sizeof(*res));
	if (opts->pool_n && !opts->pool)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "surrogate: a pool without rows");
	xc = calloc(nc * d, sizeof(double));
	yc = calloc(nc, sizeof(int));
	xt = calloc(total * d, sizeof(double));
	yt = calloc(total, sizeof(int));
	z = calloc(total * d, sizeof(double));
	zc = calloc(nc * d, sizeof(double));
	mean = calloc(d, sizeof(double));
	sd = calloc(d, sizeof(double));
	W = calloc(k * (d + 1), sizeof(double));
	grad = calloc(k * (d + 1), sizeof(double));
	p = calloc(k, sizeof(double));
	counts = calloc(k, sizeof(size_t));
	res->queries = calloc(pts, sizeof(uint64_t));
	res->agree = calloc(pts, sizeof(size_t));
	res->fidelity = calloc(pts, sizeof(double));
	if (!xc || !yc || !xt || !yt || !z || !zc || !mean || !sd || !W ||
	    !grad || !p || !counts || !res->queries || !res->agree ||
	    !res->fidelity) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	/* the held-out inputs and their labels first */
	for (size_t i = 0; i < nc; i++)
		draw(s, opts, &rng, xc + i * d);
	for (size_t i = 0; i < total; i++)
		draw(s, opts, &rng, xt + i * d);
	if ((ret = aisec_probe_query(t, xc, nc, yc, NULL, err)) != 0)
		goto out;
	res->checked = nc;
	res->check_queries = nc;
	for (size_t i = 0; i < nc; i++)
		counts[yc[i]]++;
	for (size_t c = 0; c < k; c++)
		res->majority =
		    counts[c] > res->majority ? counts[c] : res->majority;
	for (size_t pt = 0; pt < pts; pt++) {
		size_t want =
		    (size_t)ceil((double)total / ldexp(1, (int)(pts - 1 - pt)));

		if (want < 2)
			want = 2;
		if (want > total)
			want = total;
		if (want > have) {
			if ((ret = aisec_probe_query(t, xt + have * d,
						     want - have, yt + have,
						     NULL, err)) != 0)
				goto out;
			have = want;
		}
		/* standardise on the training inputs */
		for (size_t j = 0; j < d; j++) {
			double m = 0, v = 0;

			for (size_t i = 0; i < have; i++)
				m += xt[i * d + j];
			m /= (double)have;
			for (size_t i = 0; i < have; i++)
				v += (xt[i * d + j] - m) * (xt[i * d + j] - m);
			mean[j] = m;
			sd[j] = sqrt(v / (double)have);
			if (!(sd[j] > 0))
				sd[j] = 1;
		}
		for (size_t i = 0; i < have * d; i++)
			z[i] = (xt[i] - mean[i % d]) / sd[i % d];
		for (size_t i = 0; i < nc * d; i++)
			zc[i] = (xc[i] - mean[i % d]) / sd[i % d];
		train(z, yt, have, d, k, W, grad, p);
		res->queries[pt] = have;
		for (size_t i = 0; i < nc; i++)
			res->agree[pt] += predict(W, zc + i * d, d, k) == yc[i];
		res->fidelity[pt] = (double)res->agree[pt] / (double)nc;
		res->n_points = pt + 1;
	}
out:
	free(xc);
	free(yc);
	free(xt);
	free(yt);
	free(z);
	free(zc);
	free(mean);
	free(sd);
	free(W);
	free(grad);
	free(p);
	free(counts);
	return ret;
}

void aisec_probe_surrogate_release(struct aisec_probe_surrogate_result *res)
{
	if (!res)
		return;
	free(res->queries);
	free(res->agree);
	free(res->fidelity);
	memset(res, 0, sizeof(*res));
}
