/*
 * drift.c - drift of inputs and outputs against the reference data set.
 * Per tumbling window of `window` events:
 *
 *   - Kolmogorov-Smirnov on a fixed-bin sketch: the live window is counted
 *     into the reference's equal-mass bins (ks_bins of them), so memory is
 *     O(ks_bins) per variable and sketches of several hosts merge by adding
 *     counts.  D is taken at the bin edges, where both CDFs are exact, so
 *     D_sketch <= D and D - D_sketch <= the largest reference bin mass
 *     (1 / ks_bins): the test, which rejects when D_sketch's asymptotic
 *     p-value is below alpha_w, keeps its level and loses at most that much
 *     power.
 *   - PSI on `bins` equal-mass bins, compared with the sample-size-aware
 *     critical value (1/n + 1/m) * chi2_{bins-1}(1 - alpha_w) (under H0 the
 *     PSI is approximately that multiple of a chi-square, Yurdakul 2018),
 *     not with the folklore 0.1 / 0.25;
 *   - Pearson chi-square of the predicted-class counts against the
 *     reference's (2 x k homogeneity);
 *   - Page-Hinkley on the score stream (optional; threshold lambda, no
 *     false-alarm guarantee: tune it on a benign replay).
 *
 * alpha_w = alpha * window / horizon / tests-per-window (Bonferroni), so the
 * family-wise false-alarm rate over a horizon is at most alpha.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor_int.h"
#include "monitor/stats.h"

#define PSI_EPS 1e-4

int mon_drift_init(struct aisec_monitor *m)
{
	const struct aisec_monitor_spec *s = m->spec;
	int n = (s->ref_feat ? s->nfeatures : 0) + s->ref_has_score;

	m->dvars = calloc((size_t)(n ? n : 1), sizeof *m->dvars);
	if (!m->dvars)
		return AISEC_ERR_NOMEM;
	for (int i = 0; i < n; i++) {
		struct mon_driftvar *v = &m->dvars[i];

		v->ref = s->ref_feat && i < s->nfeatures ? &s->ref_feat[i]
							 : &s->ref_score;
		v->ks_live = calloc(v->ref->nks, sizeof *v->ks_live);
		v->psi_live = calloc(v->ref->npsi, sizeof *v->psi_live);
		if (!v->ks_live || !v->psi_live)
			return AISEC_ERR_NOMEM;
		v->last_d = v->last_p = v->last_psi = v->last_psi_crit = NAN;
	}
	m->ndvars = n;
	m->pred_last_chi2 = m->pred_last_p = NAN;
	m->drift_first = 1;
	return 0;
}

/* Critical D of the asymptotic KS test at level a for sizes n, m. */
static double ks_crit(double a, uint64_t n, uint64_t m)
{
	double lo = 0.0, hi = 10.0,
	       en = (double)n * (double)m / ((double)n + (double)m);

	for (int i = 0; i < 100; i++) {
		double mid = 0.5 * (lo + hi);

		if (aisec_stat_kolmogorov_sf(mid) > a)
			lo = mid;
		else
			hi = mid;
	}
	return hi / sqrt(en);
}

static int raise(struct aisec_monitor *m, const char *test, const char *metric,
		 double stat, double bound, double p, uint64_t win,
		 const char *msg)
{
	struct aisec_monitor_alert al = {.detector = "drift",
					 .test = test,
					 .metric = metric,
					 .statistic = stat,
					 .bound = bound,
					 .threshold = bound,
					 .p_value = p,
					 .window = win,
					 .first_event = m->drift_first,
					 .last_event = m->seq,
					 .message = msg};

	mon_alert(m, MD_DRIFT, &al);
	return 1;
}

static int evaluate(struct aisec_monitor *m)
{
	const struct aisec_monitor_spec *s = m->spec;
	int tests = 2 * m->ndvars + (s->ref_events > 0), alerts = 0;
	double aw = s->drift.alpha * (double)s->drift.window /
		    (double)s->drift.horizon / (tests ? tests : 1);
	char msg[200];

	for (int i = 0; i < m->ndvars; i++) {
		struct mon_driftvar *v = &m->dvars[i];
		const struct mon_refvar *r = v->ref;
		uint64_t cr = 0, cl = 0;
		double d = 0.0, p, crit, psi, pcrit;

		if (v->n == 0)
			continue;
		for (size_t j = 0; j + 1 < r->nks; j++) {
			cr += r->ks_ref[j];
			cl += v->ks_live[j];
			d = fmax(d, fabs((double)cr / (double)r->n -
					 (double)cl / (double)v->n));
		}
		p = aisec_stat_ks_pvalue(d, r->n, v->n);
		crit = ks_crit(aw, r->n, v->n);
		v->last_d = d;
		v->last_p = p;
		mon_point(m, "drift", r->name, d, crit, NAN, p < aw);
		if (p < aw) {
			snprintf(msg, sizeof msg,
				 "%s: KS D %.4f > %.4f (p %.3g) against the "
				 "reference",
				 r->name, d, crit, p);
			v->alerts++;
			alerts +=
			    raise(m, "ks", r->name, d, crit, p, v->n, msg);
		}
		psi = aisec_stat_psi(r->psi_ref, v->psi_live, r->npsi, PSI_EPS);
		pcrit = (1.0 / (double)r->n + 1.0 / (double)v->n) *
			aisec_stat_chi2_ppf(1.0 - aw, (double)(r->npsi - 1));
		v->last_psi = psi;
		v->last_psi_crit = pcrit;
		if (r->npsi > 1 && psi > pcrit) {
			snprintf(msg, sizeof msg,
				 "%s: PSI %.4f > %.4f, the critical value for "
				 "%llu vs %llu events",
				 r->name, psi, pcrit, (unsigned long long)r->n,
				 (unsigned long long)v->n);
			v->alerts++;
			alerts += raise(m, "psi", r->name, psi, pcrit, NAN,
					v->n, msg);
		}
		memset(v->ks_live, 0, r->nks * sizeof *v->ks_live);
		memset(v->psi_live, 0, r->npsi * sizeof *v->psi_live);
		v->n = 0;
	}
	if (s->has_field[MF_PREDICTED]) {
		unsigned dof;
		int k = s->nclasses ? s->nclasses : AISEC_MONITOR_MAX_CLASSES;
		double chi = aisec_stat_chi2_2xk(s->ref_pred, m->pred_live,
						 (size_t)k, &dof);
		double p = dof ? aisec_stat_chi2_sf(chi, dof) : 1.0;

		m->pred_last_chi2 = chi;
		m->pred_last_p = p;
		mon_point(m, "drift", "predicted", chi,
			  dof ? aisec_stat_chi2_ppf(1.0 - aw, dof) : NAN, NAN,
			  p < aw);
		if (p < aw) {
			snprintf(msg, sizeof msg,
				 "predicted classes: chi-square %.2f on %u "
				 "degrees of freedom (p %.3g) against the "
				 "reference",
				 chi, dof, p);
			alerts += raise(m, "chi-square", "predicted", chi,
					aisec_stat_chi2_ppf(1.0 - aw, dof), p,
					m->drift_n, msg);
		}
		memset(m->pred_live, 0, sizeof m->pred_live);
	}
	m->drift_n = 0;
	m->drift_first = m->seq + 1;
	return alerts;
}

static int page_hinkley(struct aisec_monitor *m, double x)
{
	const struct aisec_monitor_spec *s = m->spec;
	double d = s->drift.ph_delta, l = s->drift.ph_lambda;
	char msg[160];
	bool up, down;

	m->ph_n++;
	m->ph_mean += (x - m->ph_mean) / (double)m->ph_n;
	m->ph_up += x - m->ph_mean - d;
	m->ph_dn += x - m->ph_mean + d;
	m->ph_up_min = fmin(m->ph_up_min, m->ph_up);
	m->ph_dn_max = fmax(m->ph_dn_max, m->ph_dn);
	up = m->ph_up - m->ph_up_min > l;
	down = m->ph_dn_max - m->ph_dn > l;
	if (!up && !down)
		return 0;
	snprintf(msg, sizeof msg,
		 "score: Page-Hinkley detected a %s shift of the mean after "
		 "%llu events",
		 up ? "upward" : "downward", (unsigned long long)m->ph_n);
	{
		struct aisec_monitor_alert al = {
		    .detector = "drift",
		    .test = "page-hinkley",
		    .metric = "score",
		    .statistic =
			up ? m->ph_up - m->ph_up_min : m->ph_dn_max - m->ph_dn,
		    .bound = l,
		    .threshold = l,
		    .p_value = NAN,
		    .window = m->ph_n,
		    .first_event = m->seq - m->ph_n + 1,
		    .last_event = m->seq,
		    .message = msg};

		mon_alert(m, MD_DRIFT, &al);
	}
	m->ph_n = 0;
	m->ph_mean = m->ph_up = m->ph_dn = m->ph_up_min = m->ph_dn_max = 0.0;
	return 1;
}

int mon_drift_observe(struct aisec_monitor *m,
		      const struct aisec_monitor_event *ev)
{
	const struct aisec_monitor_spec *s = m->spec;
	int alerts = 0;

	if (s->drift.ph_on && !isnan(ev->score))
		alerts += page_hinkley(m, ev->score);
	for (int i = 0; i < m->ndvars; i++) {
		struct mon_driftvar *v = &m->dvars[i];
		double x;

		if (v->ref == &s->ref_score)
			x = ev->score;
		else if ((size_t)i < ev->nfeatures)
			x = ev->features[i];
		else
			continue;
		if (isnan(x))
			continue;
		v->ks_live[mon_bin_of(v->ref->ks_edges, v->ref->nks - 1, x)]++;
		v->psi_live[mon_bin_of(v->ref->psi_edges, v->ref->npsi - 1,
				       x)]++;
		v->n++;
	}
	if (ev->predicted >= 0)
		m->pred_live[ev->predicted]++;
	if (m->drift_n == 0)
		m->drift_first = m->seq;
	if (++m->drift_n >= s->drift.window)
		alerts += evaluate(m);
	return alerts;
}
