/*
 * accuracy.c - the declared-accuracy detector (AI Act Art. 15(3)).  Each
 * declared level (accuracy, or precision / recall / FPR / FNR of a class)
 * is a binomial proportion over the labelled events it concerns.  Two tests
 * run side by side:
 *
 *   - a window test: when `window` trials have accumulated, the one-sided
 *     Wilson or Clopper-Pearson bound at level alpha_w = (alpha / 2) *
 *     window / horizon (Bonferroni over the windows of the horizon) is
 *     compared with
 *     the declared level: an alert only when the whole confidence interval
 *     is on the wrong side, so a point estimate below the level is not
 *     enough;
 *   - a Bernoulli CUSUM of the log-likelihood ratio of a shifted level
 *     (p0 = declared error rate, p1 = p0 + shift) against the declared one,
 *     with threshold h = ln(2 horizon / alpha): by Ville's inequality each
 *     start point crosses h under H0 with probability <= alpha / (2
 *     horizon), so over a horizon of events its false-alarm probability is
 *     <= alpha / 2, and with the window test's alpha / 2, <= alpha per
 *     declared level.
 *     It detects a step change within about h / KL(p1 || p0) trials.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "monitor/monitor_int.h"
#include "monitor/stats.h"

static const char *const metric_test[2] = {"wilson", "clopper-pearson"};

int mon_acc_init(struct aisec_monitor *m)
{
	const struct aisec_monitor_spec *s = m->spec;

	m->acc = calloc((size_t)s->acc.nlevels, sizeof *m->acc);
	if (!m->acc)
		return AISEC_ERR_NOMEM;
	for (int i = 0; i < s->acc.nlevels; i++) {
		const struct mon_level *lv = &s->acc.levels[i];
		struct mon_accstate *a = &m->acc[i];
		/* p0, p1: probability of a "bad" trial under H0 and H1 */
		double p0 = lv->is_max ? lv->level : 1.0 - lv->level;
		double p1 = fmin(p0 + s->acc.shift, 0.999999);

		a->llr_bad = log(p1 / p0);
		a->llr_good = log((1.0 - p1) / (1.0 - p0));
		a->h = log(2.0 * (double)s->acc.horizon / s->acc.alpha);
		a->last_value = a->last_bound = NAN;
		a->worst_bound = NAN;
		a->win_first = 1;
	}
	return 0;
}

/* Whether the event is a trial of level lv, and whether it is a success. */
static bool trial(const struct mon_level *lv, int pred, int label, bool *hit)
{
	switch (lv->metric) {
	case MM_ACCURACY:
		*hit = pred == label;
		return true;
	case MM_PRECISION:
		*hit = label == lv->cls;
		return pred == lv->cls;
	case MM_RECALL:
		*hit = pred == lv->cls;
		return label == lv->cls;
	case MM_FPR:
		*hit = pred == lv->cls;
		return label != lv->cls;
	case MM_FNR:
		*hit = pred != lv->cls;
		return label == lv->cls;
	}
	return false;
}

static int window_test(struct aisec_monitor *m, const struct mon_level *lv,
		       struct mon_accstate *a)
{
	const struct aisec_monitor_spec *s = m->spec;
	double alpha_w =
	    0.5 * s->acc.alpha * (double)s->acc.window / (double)s->acc.horizon;
	double lo, hi, bound, value = (double)a->k / (double)a->n;
	bool alert;

	if (s->acc.clopper_pearson)
		aisec_stat_clopper_pearson(a->k, a->n, alpha_w, &lo, &hi);
	else
		aisec_stat_wilson(a->k, a->n, alpha_w, &lo, &hi);
	/* the bound on the side that could still satisfy the declaration */
	bound = lv->is_max ? lo : hi;
	alert = lv->is_max ? bound > lv->level : bound < lv->level;
	a->last_value = value;
	a->last_bound = bound;
	if (isnan(a->worst_bound) ||
	    (lv->is_max ? bound > a->worst_bound : bound < a->worst_bound))
		a->worst_bound = bound;
	a->windows++;
	mon_point(m, "accuracy", lv->name, value, bound, lv->level, alert);
	if (alert) {
		char msg[200];
		struct aisec_monitor_alert al = {
		    .detector = "accuracy",
		    .test = metric_test[s->acc.clopper_pearson],
		    .metric = lv->name,
		    .statistic = value,
		    .bound = bound,
		    .threshold = lv->level,
		    .p_value = NAN,
		    .window = a->n,
		    .first_event = a->win_first,
		    .last_event = m->seq,
		    .message = msg};

		snprintf(msg, sizeof msg,
			 "%s %.4f over %llu events: its %s %.6g%% bound %.4f "
			 "is %s the declared %.4f",
			 lv->name, value, (unsigned long long)a->n,
			 lv->is_max ? "lower" : "upper",
			 100.0 * (1.0 - alpha_w), bound,
			 lv->is_max ? "above" : "below", lv->level);
		a->alerts++;
		mon_alert(m, MD_ACCURACY, &al);
	}
	a->k = a->n = 0;
	a->win_first = m->seq + 1;
	return alert;
}

static int cusum_step(struct aisec_monitor *m, const struct mon_level *lv,
		      struct mon_accstate *a, bool bad)
{
	char msg[200];
	struct aisec_monitor_alert al;

	if (a->cusum == 0.0)
		a->cusum_start = m->seq;
	a->cusum = fmax(0.0, a->cusum + (bad ? a->llr_bad : a->llr_good));
	if (a->cusum <= a->h)
		return 0;
	al = (struct aisec_monitor_alert){.detector = "accuracy",
					  .test = "cusum",
					  .metric = lv->name,
					  .statistic = a->cusum,
					  .bound = a->h,
					  .threshold = lv->level,
					  .p_value = NAN,
					  .window = m->seq - a->cusum_start + 1,
					  .first_event = a->cusum_start,
					  .last_event = m->seq,
					  .message = msg};
	snprintf(msg, sizeof msg,
		 "%s: CUSUM %.2f crossed %.2f (a shift of %.3f from the "
		 "declared %.4f since event %llu)",
		 lv->name, a->cusum, a->h, m->spec->acc.shift, lv->level,
		 (unsigned long long)a->cusum_start);
	a->cusum = 0.0;
	a->alerts++;
	mon_alert(m, MD_ACCURACY, &al);
	return 1;
}

int mon_acc_observe(struct aisec_monitor *m, int pred, int label)
{
	const struct aisec_monitor_spec *s = m->spec;
	int alerts = 0;

	for (int i = 0; i < s->acc.nlevels; i++) {
		const struct mon_level *lv = &s->acc.levels[i];
		struct mon_accstate *a = &m->acc[i];
		bool hit;

		if (!trial(lv, pred, label, &hit))
			continue;
		if (a->n == 0)
			a->win_first = m->seq;
		a->n++;
		a->k += hit;
		a->tot_n++;
		a->tot_k += hit;
		/* "bad": an error for min-levels, a hit for max-levels */
		alerts += cusum_step(m, lv, a, lv->is_max ? hit : !hit);
		if (a->n >= s->acc.window)
			alerts += window_test(m, lv, a);
	}
	return alerts;
}
