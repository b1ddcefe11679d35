/*
 * evasion_hsja.c - decision-based evasion: HopSkipJump (Chen, Jordan,
 * Wainwright, "HopSkipJumpAttack: A Query-Efficient Decision-Based
 * Attack", IEEE S&P 2020), untargeted, L2, from labels only.
 *
 * Each round estimates the boundary's normal at the current boundary point
 * from the signs of B random probes (B grows as 100·sqrt(round)), steps
 * along it with a geometrically shrinking step, and comes back to the
 * boundary by bisection on the segment from the original input.  The
 * queries of one step go out together (one aisec_probe_query call, split
 * into --batch requests): the bisection evaluates K points of the segment
 * at once instead of one, trading a few queries for far fewer round trips.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe_int.h"

#define BISECT_K 15

struct hsja {
	struct aisec_probe_target *t;
	const struct aisec_probe_spec *s;
	size_t d;
	uint64_t left; /* queries left for this input */
	int y0;	       /* the input's label */
	double *pts;   /* scratch: up to bmax points */
	int *lab;
	size_t bmax;
	struct probe_rng rng;
	const struct aisec_probe_evasion_opts *o; /* with defaults filled */
};

static void clip(const struct aisec_probe_spec *s, double *p)
{
	for (size_t j = 0; j < s->n_features; j++)
		p[j] = p[j] < s->lo[j]	 ? s->lo[j]
		       : p[j] > s->hi[j] ? s->hi[j]
					 : p[j];
}

static double dist2(const double *a, const double *b, size_t d)
{
	double s = 0;

	for (size_t j = 0; j < d; j++)
		s += (a[j] - b[j]) * (a[j] - b[j]);
	return sqrt(s);
}

/* Label m points of h->pts; 1 when the budget for this input is spent. */
static int ask(struct hsja *h, size_t m, struct aisec_error *err)
{
	if (m > h->left)
		return 1;
	h->left -= m;
	return aisec_probe_query(h->t, h->pts, m, h->lab, NULL, err);
}

/*
 * Bisect between x (not adversarial) and adv (adversarial) down to a
 * relative width of `tol`; adv becomes the boundary point on the
 * adversarial side.
 */
static int bisect(struct hsja *h, const double *x, double *adv, double tol,
		  struct aisec_error *err)
{
	double lo = 0, hi = 1;
	size_t d = h->d;
	int ret = 0;

	while (hi - lo > tol) {
		size_t k = BISECT_K, first = k + 1;

		for (size_t j = 1; j <= k; j++) {
			double a = lo + (hi - lo) * (double)j / (double)(k + 1);

			for (size_t i = 0; i < d; i++)
				h->pts[(j - 1) * d + i] =
				    x[i] + a * (adv[i] - x[i]);
		}
		if ((ret = ask(h, k, err)) != 0)
			break;
		for (size_t j = 1; j <= k; j++)
			if (h->lab[j - 1] != h->y0) {
				first = j;
				break;
			}
		{
			double nlo = lo + (hi - lo) * (double)(first - 1) /
					      (double)(k + 1);
			double nhi = first <= k
					 ? lo + (hi - lo) * (double)first /
						    (double)(k + 1)
					 : hi;

			lo = nlo;
			hi = nhi;
		}
	}
	for (size_t i = 0; i < d; i++)
		adv[i] = x[i] + hi * (adv[i] - x[i]);
	return ret == 1 ? 1 : ret < 0 ? ret : 0;
}

static int attack_one(struct hsja *h, const double *x,
		      const struct aisec_probe_evasion_opts *o, double *best,
		      struct aisec_error *err)
{
	size_t d = h->d;
	double *xb = calloc(d, sizeof(double)), *v = calloc(d, sizeof(double));
	double dist, theta = 1.0 / ((double)d * sqrt((double)d));
	int ret = 0, found = 0;

	*best = INFINITY;
	if (!xb || !v) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	/* a start: uniform points of the ranges until one is labelled otherwise
	 */
	for (int tries = 0; tries < 10 && !found; tries++) {
		size_t m = 20;

		for (size_t i = 0; i < m * d; i++) {
			size_t j = i % d;

			h->pts[i] = h->s->lo[j] + (h->s->hi[j] - h->s->lo[j]) *
						      probe_rng_unit(&h->rng);
		}
		if ((ret = ask(h, m, err)) != 0)
			goto out;
		for (size_t i = 0; i < m && !found; i++)
			if (h->lab[i] != h->y0) {
				memcpy(xb, h->pts + i * d, d * sizeof(double));
				found = 1;
			}
	}
	if (!found)
		goto out;
	if ((ret = bisect(h, x, xb, 1e-3, err)) != 0)
		goto out;
	dist = dist2(xb, x, d);
	*best = dist;
	for (unsigned it = 1; it <= o->max_iter; it++) {
		size_t bq = (size_t)(100 * sqrt((double)it));
		double delta = sqrt((double)d) * theta * dist, mean = 0,
		       norm = 0, xi;
		size_t k;

		if (bq > h->bmax)
			bq = h->bmax;
		if (bq + 8 + 3 * BISECT_K > h->left)
			break;
		/* the boundary's normal from the signs of bq random probes */
		for (size_t b = 0; b < bq; b++) {
			double *p = h->pts + b * d, n2 = 0;

			for (size_t j = 0; j < d; j++) {
				p[j] = probe_rng_gauss(&h->rng);
				n2 += p[j] * p[j];
			}
			n2 = sqrt(n2);
			for (size_t j = 0; j < d; j++)
				p[j] = xb[j] + delta * p[j] / n2;
			clip(h->s, p);
		}
		if ((ret = ask(h, bq, err)) != 0)
			goto out;
		for (size_t b = 0; b < bq; b++)
			mean += h->lab[b] != h->y0 ? 1.0 : -1.0;
		mean /= (double)bq;
		if (fabs(mean) == 1)
			mean = 0; /* all one side: no baseline (HSJA §4.2) */
		memset(v, 0, d * sizeof(double));
		for (size_t b = 0; b < bq; b++) {
			double phi = (h->lab[b] != h->y0 ? 1.0 : -1.0) - mean;

			for (size_t j = 0; j < d; j++)
				v[j] += phi * (h->pts[b * d + j] - xb[j]);
		}
		for (size_t j = 0; j < d; j++)
			norm += v[j] * v[j];
		if (!(norm > 0))
			continue;
		norm = sqrt(norm);
		/* geometric step search, all 8 candidates at once: keep the
		 * largest */
		xi = dist / sqrt((double)it);
		for (k = 0; k < 8; k++) {
			double *p = h->pts + k * d;

			for (size_t j = 0; j < d; j++)
				p[j] = xb[j] +
				       xi * ldexp(1, -(int)k) * v[j] / norm;
			clip(h->s, p);
		}
		if ((ret = ask(h, 8, err)) != 0)
			goto out;
		for (k = 0; k < 8 && h->lab[k] == h->y0; k++)
			;
		if (k == 8)
			continue;
		memcpy(xb, h->pts + k * d, d * sizeof(double));
		if ((ret = bisect(h, x, xb, theta > 1e-4 ? 1e-4 : theta,
				  err)) != 0)
			goto out;
		dist = dist2(xb, x, d);
		if (dist < *best)
			*best = dist;
	}
out:
	free(xb);
	free(v);
	return ret == 1 ? 0 : ret; /* budget spent: the best so far stands */
}

static int begin_input(void *ctx, const double *x, int *label,
		 struct aisec_error *err)
{
	struct hsja *h = ctx;
	int ret;

	h->left = h->o->max_queries;
	memcpy(h->pts, x, h->d * sizeof(double));
	if ((ret = ask(h, 1, err)) == 0)
		*label = h->y0 = h->lab[0];
	return ret;
}

static int attack(void *ctx, const double *x, double *dist,
		  struct aisec_error *err)
{
	struct hsja *h = ctx;

	return attack_one(h, x, h->o, dist, err);
}

int aisec_probe_evasion_hsja(struct aisec_probe_target *t, const double *x,
			     size_t n,
			     const struct aisec_probe_evasion_opts *opts,
			     struct aisec_probe_evasion_result *res,
			     struct aisec_error *err)
{
	struct aisec_probe_evasion_opts o = *opts;
	struct hsja h = {.t = t,
			 .s = t->spec,
			 .d = t->spec->n_features,
			 .rng = {opts->seed}};
	struct probe_evasion_ops ops = {&h, begin_input, attack};
	int ret = 0;

	memset(res, 0, sizeof(*res));
	if (!o.max_queries)
		o.max_queries = 5000;
	if (!o.max_iter)
		o.max_iter = 40;
	h.bmax = 1000;
	h.pts = calloc(h.bmax * h.d, sizeof(double));
	h.lab = calloc(h.bmax, sizeof(int));
	if (!h.pts || !h.lab) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	h.o = &o;
	ret = probe_evasion_each(t, x, n, &ops, res, err);
out:
	free(h.pts);
	free(h.lab);
	return ret;
}

void aisec_probe_evasion_release(struct aisec_probe_evasion_result *res)
{
	if (!res)
		return;
	free(res->dist);
	free(res->queries);
	free(res->label);
	memset(res, 0, sizeof(*res));
}
