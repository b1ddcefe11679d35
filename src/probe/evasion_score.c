/*
 * evasion_score.c - score-based evasion, untargeted: SimBA (Guo, Gardner,
 * You, Wilson, Weinberger, "Simple Black-box Adversarial Attacks", ICML
 * 2019; Cartesian basis) and Square Attack (Andriushchenko, Croce,
 * Flammarion, Hein, "Square Attack: a query-efficient black-box adversarial
 * attack via random search", ECCV 2020) in L-infinity and L2, each with a
 * search for the smallest radius eps at which it succeeds.
 *
 * All three are random searches on the margin loss
 *     m(x') = log p_y(x') - max_{c != y} log p_c(x')
 * (y: the target's label of the unperturbed input; m < 0 means evaded)
 * inside the ball ||x' - x|| <= eps, clipped to the spec's ranges.  Each
 * round proposes K perturbations of the current one (SimBA: +-alpha along K/2
 * basis directions taken from a random permutation; Square: K random
 * windows, the 1-D form of the paper's squares, of a size that shrinks with
 * the paper's schedule) and sends them in one aisec_probe_query call; the one
 * with the lowest margin is kept when it improves.
 *
 * The radius search: from eps0 (a twentieth of the ranges' diagonal or
 * widest range) eps doubles until the attack succeeds; then, repeatedly, the
 * best adversarial perturbation found is scaled to (1 - gamma) of its norm
 * and the attack continues from there; gamma halves each time the attack
 * stalls.  The distance reported is the norm of the smallest perturbation
 * the target actually labelled differently: an upper bound of the true
 * minimum, never below it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe_int.h"

#define K 8		/* proposals per round (one call) */
#define STALL_ROUNDS 40 /* rounds without success before eps moves */
#define GAMMA0 0.1	/* first shrink step of the radius search */
#define GAMMA_MIN 1e-4	/* the search stops below this step */

struct sc {
	struct aisec_probe_target *t;
	const struct aisec_probe_spec *s;
	enum aisec_probe_evasion_method m;
	size_t d, k;
	uint64_t left; /* queries left for this input */
	uint64_t maxq; /* queries per input */
	int y;
	const double *x;
	double *delta, *best_delta, *cand, *pts, *scores, *pattern;
	int *lab;
	size_t *perm, perm_pos;
	double eps, cur;      /* radius; margin of delta */
	double alpha;	      /* SimBA step, relative to eps */
	uint64_t iter, iters; /* Square's schedule position and length */
	struct probe_rng rng;
};

static double norm_of(const struct sc *c, const double *v)
{
	double s = 0;

	if (c->m == AISEC_PROBE_EV_SQUARE_LINF) {
		for (size_t j = 0; j < c->d; j++)
			s = fabs(v[j]) > s ? fabs(v[j]) : s;
		return s;
	}
	for (size_t j = 0; j < c->d; j++)
		s += v[j] * v[j];
	return sqrt(s);
}

static double margin(const struct sc *c, const double *p)
{
	double py = p[c->y], po = 0;

	for (size_t j = 0; j < c->k; j++)
		if ((int)j != c->y && p[j] > po)
			po = p[j];
	return log(py > 1e-300 ? py : 1e-300) - log(po > 1e-300 ? po : 1e-300);
}

/* Scale v into the eps-ball and keep x + v within the ranges. */
static void project(const struct sc *c, double *v)
{
	double n = norm_of(c, v);

	if (n > c->eps)
		for (size_t j = 0; j < c->d; j++)
			v[j] *= c->eps / n;
	for (size_t j = 0; j < c->d; j++) {
		double p = c->x[j] + v[j];

		if (p < c->s->lo[j])
			v[j] = c->s->lo[j] - c->x[j];
		else if (p > c->s->hi[j])
			v[j] = c->s->hi[j] - c->x[j];
	}
}

static size_t below(struct probe_rng *r, size_t n)
{
	return (size_t)(probe_rng_unit(r) * (double)n);
}

/* Query m perturbations cand[m * d]; 1 when this input's budget is spent. */
static int ask(struct sc *c, size_t m, struct aisec_error *err)
{
	if (m > c->left)
		return 1;
	c->left -= m;
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < c->d; j++)
			c->pts[i * c->d + j] = c->x[j] + c->cand[i * c->d + j];
	return aisec_probe_query(c->t, c->pts, m, c->lab, c->scores, err);
}

/* Square Attack's fraction p of the features changed at iteration i of n
 * (the paper's piecewise-constant schedule, rescaled to n iterations). */
static double square_p(const struct sc *c)
{
	static const unsigned at[] = {10,   50,	  200,	500, 1000,
				      2000, 4000, 6000, 8000};
	double p = c->m == AISEC_PROBE_EV_SQUARE_LINF ? 0.05 : 0.1;
	uint64_t i = c->iter * 10000 / (c->iters ? c->iters : 1);

	for (size_t j = 0; j < sizeof(at) / sizeof(at[0]); j++)
		if (i > at[j])
			p /= 2;
	return p;
}

static size_t window(const struct sc *c)
{
	size_t h = (size_t)lround(square_p(c) * (double)c->d);

	return h < 1 ? 1 : h > c->d ? c->d : h;
}

/* SimBA: +-alpha*eps along the next basis direction of a permutation. */
static void propose_simba(struct sc *c, double *v, size_t i)
{
	size_t q;

	if (i % 2 == 0 && c->perm_pos == c->d) {
		for (size_t j = c->d - 1; j > 0; j--) {
			size_t r = below(&c->rng, j + 1), tmp = c->perm[j];

			c->perm[j] = c->perm[r];
			c->perm[r] = tmp;
		}
		c->perm_pos = 0;
	}
	q = c->perm[i % 2 == 0 ? c->perm_pos++ : c->perm_pos - 1];
	memcpy(v, c->delta, c->d * sizeof(double));
	v[q] += (i % 2 == 0 ? 1 : -1) * c->alpha * c->eps;
}

/* Square L-infinity: a window set to +-eps. */
static void propose_square_linf(struct sc *c, double *v)
{
	size_t h = window(c), a = below(&c->rng, c->d - h + 1);
	double sign = probe_rng_unit(&c->rng) < 0.5 ? -1 : 1;

	memcpy(v, c->delta, c->d * sizeof(double));
	for (size_t j = a; j < a + h; j++)
		v[j] = sign * c->eps;
}

/*
 * Square L2 (the paper's Algorithm 3 in one dimension): a window W1 takes a
 * new pseudo-Gaussian pattern of opposite-signed halves added to its old
 * direction, and the mass of W1 and of a second window W2, which is
 * cleared; then the whole perturbation is rescaled to the radius.
 */
static void propose_square_l2(struct sc *c, double *v)
{
	size_t h = window(c), a = below(&c->rng, c->d - h + 1),
	       b = below(&c->rng, c->d - h + 1), d = c->d;
	double sign = probe_rng_unit(&c->rng) < 0.5 ? -1 : 1;
	double n1 = 0, nimg = 0, n12 = 0, ne = 0, target, n;

	memcpy(v, c->delta, d * sizeof(double));
	for (size_t j = 0; j < d; j++) {
		int in1 = j >= a && j < a + h, in2 = j >= b && j < b + h;

		nimg += v[j] * v[j];
		if (in1)
			n1 += v[j] * v[j];
		if (in1 || in2)
			n12 += v[j] * v[j];
	}
	n1 = sqrt(n1);
	for (size_t j = 0; j < h; j++) {
		size_t half = h / 2, pos = j < half || h == 1 ? j : j - half,
		       len = h == 1	? 1
			     : j < half ? half
					: h - half;
		double centre = ((double)len - 1) / 2;

		c->pattern[j] = (h == 1 || j < half ? 1 : -1) /
				((fabs((double)pos - centre) + 1) *
				 (fabs((double)pos - centre) + 1));
		ne += c->pattern[j] * c->pattern[j];
	}
	ne = sqrt(ne);
	for (size_t j = 0; j < h; j++)
		c->pattern[j] =
		    sign * c->pattern[j] / ne + v[a + j] / (n1 + 1e-12);
	target = sqrt(fmax(c->eps * c->eps - nimg, 0) + n12);
	ne = 0;
	for (size_t j = 0; j < h; j++)
		ne += c->pattern[j] * c->pattern[j];
	ne = sqrt(ne);
	for (size_t j = b; j < b + h; j++)
		v[j] = 0;
	for (size_t j = 0; j < h; j++)
		v[a + j] = ne > 0 ? c->pattern[j] * target / ne : 0;
	n = norm_of(c, v);
	if (n > 0)
		for (size_t j = 0; j < d; j++)
			v[j] *= c->eps / n;
}

/* Put delta at the radius (the random start of each method). */
static void start(struct sc *c)
{
	for (size_t j = 0; j < c->d; j++)
		c->delta[j] =
		    c->m == AISEC_PROBE_EV_SQUARE_LINF
			? (probe_rng_unit(&c->rng) < 0.5 ? -c->eps : c->eps)
		    : c->m == AISEC_PROBE_EV_SQUARE_L2 ? probe_rng_gauss(&c->rng)
						       : 0;
	if (c->m == AISEC_PROBE_EV_SQUARE_L2) {
		double n = norm_of(c, c->delta);

		for (size_t j = 0; j < c->d; j++)
			c->delta[j] *= c->eps / n;
	}
	project(c, c->delta);
}

/* Scale delta (or the best one) to radius eps and query its margin. */
static int rescale(struct sc *c, const double *from, double eps, int *hit,
		   struct aisec_error *err)
{
	double n = norm_of(c, from);
	int ret;

	c->eps = eps;
	for (size_t j = 0; j < c->d; j++)
		c->cand[j] = n > 0 ? from[j] * eps / n : 0;
	project(c, c->cand);
	if ((ret = ask(c, 1, err)) != 0)
		return ret;
	memcpy(c->delta, c->cand, c->d * sizeof(double));
	c->cur = margin(c, c->scores);
	*hit = c->lab[0] != c->y;
	return 0;
}

/*
 * One round: K proposals; *hit is set when one is adversarial (delta is then
 * the smallest such), else delta moves to the best proposal if it improves.
 */
static int round_once(struct sc *c, int *hit, int *moved,
		      struct aisec_error *err)
{
	size_t best = K, hit_i = K;
	double bm = c->cur, hn = INFINITY;
	int ret;

	for (size_t i = 0; i < K; i++) {
		double *v = c->cand + i * c->d;

		if (c->m == AISEC_PROBE_EV_SIMBA)
			propose_simba(c, v, i);
		else if (c->m == AISEC_PROBE_EV_SQUARE_LINF)
			propose_square_linf(c, v);
		else
			propose_square_l2(c, v);
		project(c, v);
	}
	if ((ret = ask(c, K, err)) != 0)
		return ret;
	c->iter++;
	for (size_t i = 0; i < K; i++) {
		double mi = margin(c, c->scores + i * c->k);

		if (c->lab[i] != c->y) {
			double n = norm_of(c, c->cand + i * c->d);

			if (n < hn) {
				hn = n;
				hit_i = i;
			}
		}
		if (mi < bm) {
			bm = mi;
			best = i;
		}
	}
	*hit = hit_i < K;
	if (*hit)
		best = hit_i;
	*moved = best < K;
	if (best < K) {
		memcpy(c->delta, c->cand + best * c->d, c->d * sizeof(double));
		c->cur = margin(c, c->scores + best * c->k);
	}
	return 0;
}

static int attack_one(struct sc *c, double *best, struct aisec_error *err)
{
	double diag = 0, eps, gamma = GAMMA0;
	unsigned stall = 0, swept = 0;
	int hit = 0, moved = 0, ret, found = 0;

	*best = INFINITY;
	for (size_t j = 0; j < c->d; j++) {
		double r = c->s->hi[j] - c->s->lo[j];

		if (c->m == AISEC_PROBE_EV_SQUARE_LINF)
			diag = r > diag ? r : diag;
		else
			diag += r * r;
	}
	if (c->m != AISEC_PROBE_EV_SQUARE_LINF)
		diag = sqrt(diag);
	if (!(diag > 0))
		return 0;
	eps = diag / 20;
	c->eps = eps;
	c->alpha = 0.5;
	c->perm_pos = c->d;
	c->iter = 0;
	for (size_t j = 0; j < c->d; j++)
		c->perm[j] = j;
	start(c);
	if ((ret = rescale(c, c->delta, eps, &hit, err)) != 0)
		goto out;
	for (;;) {
		if (hit) {
			double n = norm_of(c, c->delta);

			if (n < *best) {
				*best = n;
				memcpy(c->best_delta, c->delta,
				       c->d * sizeof(double));
			}
			found = 1;
			stall = 0;
			if ((ret = rescale(c, c->best_delta,
					   *best * (1 - gamma), &hit, err)) !=
			    0)
				goto out;
			continue;
		}
		if ((ret = round_once(c, &hit, &moved, err)) != 0)
			goto out;
		if (hit)
			continue;
		stall++;
		if (c->m == AISEC_PROBE_EV_SIMBA) {
			/* a sweep of all d directions without a move: finer */
			size_t sweep = (c->d + K / 2 - 1) / (K / 2);

			swept = moved ? 0 : swept + 1;
			if (swept >= sweep) {
				swept = 0;
				c->alpha /= 2;
			}
			if (c->alpha < 1e-3)
				stall = STALL_ROUNDS;
		}
		if (stall < STALL_ROUNDS)
			continue;
		stall = 0;
		c->alpha = 0.5;
		if (!found) {
			if (c->eps > 4 * diag)
				break; /* nothing within the ranges */
			if ((ret = rescale(c, c->delta, c->eps * 2, &hit,
					   err)) != 0)
				goto out;
			continue;
		}
		if ((gamma /= 2) < GAMMA_MIN)
			break;
		if ((ret = rescale(c, c->best_delta, *best * (1 - gamma), &hit,
				   err)) != 0)
			goto out;
	}
out:
	return ret == 1 ? 0 : ret; /* budget spent: the best so far stands */
}

static int begin_input(void *ctx, const double *x, int *label,
		 struct aisec_error *err)
{
	struct sc *c = ctx;
	int ret;

	c->x = x;
	c->left = c->maxq;
	c->iters = c->maxq / K;
	memset(c->cand, 0, c->d * sizeof(double));
	if ((ret = ask(c, 1, err)) == 0)
		*label = c->y = c->lab[0];
	return ret;
}

static int attack(void *ctx, const double *x, double *dist,
		  struct aisec_error *err)
{
	(void)x; /* set by begin_input() */
	return attack_one(ctx, dist, err);
}

int aisec_probe_evasion_score(struct aisec_probe_target *t, const double *x,
			      size_t n, enum aisec_probe_evasion_method method,
			      const struct aisec_probe_evasion_opts *opts,
			      struct aisec_probe_evasion_result *res,
			      struct aisec_error *err)
{
	struct sc c = {.t = t,
		       .s = t->spec,
		       .m = method,
		       .d = t->spec->n_features,
		       .k = t->spec->n_classes,
		       .rng = {opts->seed}};
	uint64_t maxq = opts->max_queries ? opts->max_queries : 5000;
	struct probe_evasion_ops ops = {&c, begin_input, attack};
	int ret = 0;

	memset(res, 0, sizeof(*res));
	if (t->spec->output != AISEC_PROBE_OUT_SCORES)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "score-based evasion needs a target "
				       "that returns scores (the spec says "
				       "labels only: use hsja)");
	if (method != AISEC_PROBE_EV_SIMBA &&
	    method != AISEC_PROBE_EV_SQUARE_LINF &&
	    method != AISEC_PROBE_EV_SQUARE_L2)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "evasion: unknown method %d", method);
	c.delta = calloc(c.d, sizeof(double));
	c.best_delta = calloc(c.d, sizeof(double));
	c.cand = calloc(K * c.d, sizeof(double));
	c.pts = calloc(K * c.d, sizeof(double));
	c.pattern = calloc(c.d, sizeof(double));
	c.scores = calloc(K * c.k, sizeof(double));
	c.lab = calloc(K, sizeof(int));
	c.perm = calloc(c.d, sizeof(size_t));
	if (!c.delta || !c.best_delta || !c.cand || !c.pts || !c.pattern ||
	    !c.scores || !c.lab || !c.perm) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	c.maxq = maxq;
	ret = probe_evasion_each(t, x, n, &ops, res, err);
out:
	free(c.delta);
	free(c.best_delta);
	free(c.cand);
	free(c.pts);
	free(c.pattern);
	free(c.scores);
	free(c.lab);
	free(c.perm);
	return ret;
}
