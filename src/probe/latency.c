/*
 * latency.c - the latency / sponge probe: the latency distribution of
 * random valid inputs under load, then a search for the inputs that take
 * longest to answer (sponge examples, Shumailov et al., IEEE EuroS&P 2021).
 *
 * Design notes.  The search is a (1+1) evolution strategy per climber: each
 * round every climber proposes its input plus Gaussian noise (sigma a
 * fraction of each feature's range, clipped to the range) and keeps the
 * proposal when it answered slower; sigma grows on success and shrinks on
 * failure.  The proposals of a round go out together at the probe's
 * concurrency.  A single measurement is noisy and keeping the slower one
 * favours lucky draws, so the slowest climbers are re-measured `repeats`
 * times and reported by their median.  Inputs come from the seed; the
 * latencies are the target's and are not reproducible.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe_int.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	if (!n)
		return NAN;
	qsort(v, n, sizeof(double), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double gauss(struct probe_rng *r)
{
	double u = probe_rng_unit(r), v = probe_rng_unit(r);

	return sqrt(-2 * log(1 - u)) * cos(2 * M_PI * v);
}

static void clip(const struct aisec_probe_spec *s, double *x)
{
	for (size_t j = 0; j < s->n_features; j++) {
		if (s->integer_input)
			x[j] = round(x[j]);
		x[j] = x[j] < s->lo[j]	 ? s->lo[j]
		       : x[j] > s->hi[j] ? s->hi[j]
					 : x[j];
	}
}

static void draw(const struct aisec_probe_spec *s, struct probe_rng *r,
		 double *x, size_t n)
{
	size_t d = s->n_features;

	for (size_t i = 0; i < n * d; i++)
		x[i] = s->lo[i % d] +
		       probe_rng_unit(r) * (s->hi[i % d] - s->lo[i % d]);
	for (size_t i = 0; i < n; i++)
		clip(s, x + i * d);
}

/*
 * Send n requests of `per` inputs each from x and put each latency (NAN
 * when it failed) in ms[n].  The first failure's description goes to
 * `why` when it is empty.
 */
static int measure(struct aisec_probe_target *t, const double *x, size_t n,
		   size_t per, unsigned conc, double *ms, size_t *errors,
		   char *why, size_t why_len, struct aisec_error *err)
{
	size_t d = t->spec->n_features;
	struct aisec_buf *bodies = calloc(n ? n : 1, sizeof(*bodies));
	struct probe_raw *r = calloc(n ? n : 1, sizeof(*r));
	int ret = 0;

	if (!bodies || !r) {
		free(bodies);
		free(r);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < n && ret == 0; i++) {
		aisec_buf_init(&bodies[i], 0);
		ret = probe_write_request(t, x + i * per * d, per, &bodies[i]);
		r[i].body = bodies[i].data;
		r[i].len = bodies[i].len;
		r[i].inputs = per;
	}
	if (ret != 0)
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	else
		ret = probe_raw_send(t, r, n, conc, err);
	for (size_t i = 0; i < n && ret == 0; i++) {
		int ok = r[i].kind == PROBE_RAW_ANSWERED &&
			 r[i].status >= 200 && r[i].status < 300;

		ms[i] = ok ? r[i].ms : NAN;
		if (ok)
			continue;
		(*errors)++;
		if (!why[0]) {
			if (r[i].detail[0])
				snprintf(why, why_len, "%s", r[i].detail);
			else
				snprintf(why, why_len, "status %ld: %.100s",
					 r[i].status,
					 r[i].answer.data ? r[i].answer.data
							  : "");
		}
	}
	probe_raw_release(r, n);
	for (size_t i = 0; i < n; i++)
		aisec_buf_release(&bodies[i]);
	free(bodies);
	free(r);
	return ret;
}

struct climb {
	double *x, *cand; /* starts * d */
	double *ms, *cand_ms, *sigma;
	size_t *order;
};

static int load_phase(struct aisec_probe_target *t,
		      const struct aisec_probe_latency_opts *o,
		      struct probe_rng *rng, unsigned conc,
		      struct aisec_probe_latency_result *res,
		      struct aisec_error *err)
{
	size_t d = t->spec->n_features, b = res->batch;
	double *x = malloc(o->requests * b * d * sizeof(double));
	char why[200] = "";
	double t0;
	int ret;

	res->ms = calloc(o->requests, sizeof(double));
	if (!x || !res->ms) {
		free(x);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	draw(t->spec, rng, x, o->requests * b);
	t0 = probe_now();
	ret = measure(t, x, o->requests, b, conc, res->ms, &res->errors, why,
		      sizeof(why), err);
	res->wall_s = probe_now() - t0;
	free(x);
	if (ret == 0)
		res->n = o->requests;
	if (ret == 0 && res->errors == res->n)
		ret = aisec_error_set(
		    err, AISEC_ERR_IO, "target '%s': every request failed: %s",
		    t->endpoint ? t->endpoint : t->o.argv[0], why);
	return ret;
}

static int search(struct aisec_probe_target *t,
		  const struct aisec_probe_latency_opts *o,
		  struct probe_rng *rng, unsigned conc, struct climb *c,
		  struct aisec_probe_latency_result *res,
		  struct aisec_error *err)
{
	const struct aisec_probe_spec *s = t->spec;
	size_t d = s->n_features, S = o->starts, errs = 0;
	char why[200] = "";
	double *tmp = malloc(S * sizeof(double));
	int ret;

	if (!tmp)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	draw(s, rng, c->x, S);
	ret = measure(t, c->x, S, 1, conc, c->ms, &errs, why, sizeof(why), err);
	for (size_t i = 0; i < S; i++) {
		c->sigma[i] = 0.1;
		tmp[i] = isnan(c->ms[i]) ? 0 : c->ms[i];
		if (isnan(c->ms[i]))
			c->ms[i] = -1;
	}
	res->random_median_ms = median(tmp, S);
	res->trace[0] = 0;
	for (size_t i = 0; i < S; i++)
		res->trace[0] = fmax(res->trace[0], c->ms[i]);
	for (unsigned k = 0; k < o->rounds && ret == 0; k++) {
		for (size_t i = 0; i < S; i++) {
			for (size_t j = 0; j < d; j++)
				c->cand[i * d + j] = c->x[i * d + j] +
						     c->sigma[i] *
							 (s->hi[j] - s->lo[j]) *
							 gauss(rng);
			clip(s, c->cand + i * d);
		}
		ret = measure(t, c->cand, S, 1, conc, c->cand_ms, &errs, why,
			      sizeof(why), err);
		res->trace[k + 1] = res->trace[k];
		for (size_t i = 0; i < S && ret == 0; i++) {
			if (!isnan(c->cand_ms[i]) && c->cand_ms[i] > c->ms[i]) {
				memcpy(c->x + i * d, c->cand + i * d,
				       d * sizeof(double));
				c->ms[i] = c->cand_ms[i];
				c->sigma[i] = fmin(c->sigma[i] * 1.5, 0.5);
			} else
				c->sigma[i] = fmax(c->sigma[i] * 0.8, 0.005);
			res->trace[k + 1] = fmax(res->trace[k + 1], c->ms[i]);
		}
		if (ret == 0)
			res->rounds = k + 1;
	}
	free(tmp);
	return ret;
}

static int cmp_by_ms(const void *a, const void *b, void *ctx)
{
	const double *ms = ctx;
	double x = ms[*(const size_t *)a], y = ms[*(const size_t *)b];

	return x > y ? -1 : x < y; /* slowest first */
}

/* Re-measure the slowest climbers; report them by median, slowest first. */
static int confirm(struct aisec_probe_target *t,
		   const struct aisec_probe_latency_opts *o, unsigned conc,
		   struct climb *c, struct aisec_probe_latency_result *res,
		   struct aisec_error *err)
{
	size_t d = t->spec->n_features, top = o->top, R = o->repeats, errs = 0;
	double *x = malloc(top * R * d * sizeof(double));
	double *ms = malloc(top * R * sizeof(double));
	char why[200] = "";
	int ret;

	for (size_t i = 0; i < o->starts; i++)
		c->order[i] = i;
	qsort_r(c->order, o->starts, sizeof(size_t), cmp_by_ms, c->ms);
	res->worst_x = malloc(top * d * sizeof(double));
	res->worst_ms = malloc(top * sizeof(double));
	if (!x || !ms || !res->worst_x || !res->worst_ms) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < top * R; i++)
		memcpy(x + i * d, c->x + c->order[i / R] * d,
		       d * sizeof(double));
	ret = measure(t, x, top * R, 1, conc, ms, &errs, why, sizeof(why), err);
	for (size_t i = 0; i < top && ret == 0; i++) {
		memcpy(res->worst_x + i * d, c->x + c->order[i] * d,
		       d * sizeof(double));
		res->worst_ms[i] = median(ms + i * R, R);
	}
	if (ret == 0) {
		res->n_worst = top;
		/* the re-measured order may differ from the search's */
		for (size_t i = 1; i < top; i++)
			for (size_t j = i;
			     j > 0 && res->worst_ms[j] > res->worst_ms[j - 1];
			     j--) {
				double m = res->worst_ms[j];

				res->worst_ms[j] = res->worst_ms[j - 1];
				res->worst_ms[j - 1] = m;
				memcpy(x, res->worst_x + j * d,
				       d * sizeof(double));
				memcpy(res->worst_x + j * d,
				       res->worst_x + (j - 1) * d,
				       d * sizeof(double));
				memcpy(res->worst_x + (j - 1) * d, x,
				       d * sizeof(double));
			}
	}
out:
	free(x);
	free(ms);
	return ret;
}

int aisec_probe_latency(struct aisec_probe_target *t,
			const struct aisec_probe_latency_opts *opts,
			struct aisec_probe_latency_result *res,
			struct aisec_error *err)
{
	struct aisec_probe_latency_opts o = *opts;
	struct probe_rng rng = {opts->seed};
	size_t d = t->spec->n_features;
	struct climb c = {0};
	unsigned conc;
	uint64_t need, before;
	int ret;

	memset(res, 0, sizeof(*res));
	o.requests = o.requests ? o.requests : 200;
	o.starts = o.starts ? o.starts : 8;
	o.rounds = o.rounds ? o.rounds : 20;
	o.top = o.top ? o.top : 3;
	o.repeats = o.repeats ? o.repeats : 5;
	if (o.top > o.starts)
		o.top = o.starts;
	conc = o.concurrency ? o.concurrency : t->o.concurrency;
	res->batch = t->o.batch;
	res->d = d;
	need = (uint64_t)o.requests * res->batch +
	       (uint64_t)o.starts * (o.rounds + 1) +
	       (uint64_t)o.top * o.repeats;
	if (aisec_probe_budget_left(t) < need)
		return aisec_error_set(
		    err, AISEC_ERR_LIMIT,
		    "query budget: the latency probe needs %llu queries "
		    "(%zu requests of %zu, %zu climbers for %u rounds, %zu x "
		    "%u "
		    "re-measurements), %llu are left of the budget of %llu",
		    (unsigned long long)need, o.requests, res->batch, o.starts,
		    o.rounds, o.top, o.repeats,
		    (unsigned long long)aisec_probe_budget_left(t),
		    (unsigned long long)t->o.budget);
	res->trace = calloc(o.rounds + 1, sizeof(double));
	c.x = malloc(o.starts * d * sizeof(double));
	c.cand = malloc(o.starts * d * sizeof(double));
	c.ms = malloc(o.starts * sizeof(double));
	c.cand_ms = malloc(o.starts * sizeof(double));
	c.sigma = malloc(o.starts * sizeof(double));
	c.order = malloc(o.starts * sizeof(size_t));
	if (!res->trace || !c.x || !c.cand || !c.ms || !c.cand_ms || !c.sigma ||
	    !c.order) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((ret = load_phase(t, &o, &rng, conc, res, err)) != 0)
		goto out;
	before = aisec_probe_queries_used(t);
	if ((ret = search(t, &o, &rng, conc, &c, res, err)) == 0)
		ret = confirm(t, &o, conc, &c, res, err);
	res->search_queries = aisec_probe_queries_used(t) - before;
out:
	free(c.x);
	free(c.cand);
	free(c.ms);
	free(c.cand_ms);
	free(c.sigma);
	free(c.order);
	return ret;
}

void aisec_probe_latency_release(struct aisec_probe_latency_result *res)
{
	free(res->ms);
	free(res->trace);
	free(res->worst_x);
	free(res->worst_ms);
	memset(res, 0, sizeof(*res));
}
