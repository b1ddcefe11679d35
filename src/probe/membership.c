/*
 * membership.c - membership inference through the prediction interface:
 * given a sample the user knows was in the training set (members) and one
 * known not to be (non-members), how well can an attacker tell them apart?
 *
 *   score threshold  the confidence the model gives the true label (Yeom,
 *                    Giacomelli, Fredrikson, Jha, "Privacy Risk in Machine
 *                    Learning", IEEE CSF 2018; Shokri et al., S&P 2017);
 *                    needs a scores target
 *   label only       how many of the input and `noise_copies` Gaussian-
 *                    perturbed copies of it the model labels correctly
 *                    (Choquette-Choo, Tramer, Carlini, Papernot,
 *                    "Label-Only Membership Inference Attacks", ICML 2021:
 *                    correctness and robustness to noise)
 *
 * Each attack is summarised by its ROC: the AUC with a DeLong (DeLong,
 * DeLong, Clarke-Pearson, Biometrics 44, 1988) 95% interval (normal
 * approximation), and the TPR at FPR 1% and 0.1% with exact Clopper-Pearson
 * intervals (Carlini et al., "Membership Inference Attacks From First
 * Principles", IEEE S&P 2022, argue for the low-FPR regime).  An FPR below
 * 1 / (non-members) cannot be measured at this sample size: such a point is
 * reported at the largest FPR it can (0) and marked unmeasurable.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/stats.h"
#include "probe/probe_int.h"

#define CHUNK 256 /* rows per query call: a budget stop keeps the rest */

static const double fpr_targets[2] = {0.01, 0.001};

/* Mann-Whitney kernel. */
static double psi(double a, double b)
{
	return a > b ? 1.0 : a == b ? 0.5 : 0.0;
}

static double variance(const double *v, size_t n, double mean)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += (v[i] - mean) * (v[i] - mean);
	return n > 1 ? s / (double)(n - 1) : 0;
}

static int cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x > y ? -1 : x < y;
}

/* The ROC summary of member scores xm[m] against non-member scores yn[n]. */
static int summarise(const double *xm, size_t m, const double *yn, size_t n,
		     struct aisec_probe_mia_attack *a, struct aisec_error *err)
{
	double *v10 = calloc(m ? m : 1, sizeof(double)),
	       *v01 = calloc(n ? n : 1, sizeof(double)),
	       *ys = calloc(n ? n : 1, sizeof(double));
	double auc = 0, z = aisec_stat_norm_ppf(0.975), se;

	if (!v10 || !v01 || !ys) {
		free(v10);
		free(v01);
		free(ys);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < n; j++) {
			double k = psi(xm[i], yn[j]);

			v10[i] += k / (double)n;
			v01[j] += k / (double)m;
			auc += k;
		}
	auc /= (double)m * (double)n;
	se = sqrt(variance(v10, m, auc) / (double)m +
		  variance(v01, n, auc) / (double)n);
	a->available = 1;
	a->auc = auc;
	a->auc_low = fmax(0, auc - z * se);
	a->auc_high = fmin(1, auc + z * se);
	memcpy(ys, yn, n * sizeof(double));
	qsort(ys, n, sizeof(double), cmp_desc);
	for (size_t t = 0; t < 2; t++) {
		struct aisec_probe_mia_point *p = &a->at[t];
		size_t allowed = (size_t)floor(fpr_targets[t] * (double)n);
		uint64_t tp = 0, fp = 0;

		p->fpr_target = fpr_targets[t];
		p->measurable = allowed >= 1;
		/* member when the score is above ys[allowed]: at most `allowed`
		 * non-members are */
		p->threshold = allowed < n ? ys[allowed] : -INFINITY;
		for (size_t i = 0; i < m; i++)
			tp += xm[i] > p->threshold;
		for (size_t j = 0; j < n; j++)
			fp += yn[j] > p->threshold;
		p->tp = tp;
		p->fp = fp;
		p->tpr = (double)tp / (double)m;
		p->fpr = (double)fp / (double)n;
		aisec_probe_clopper_pearson(tp, m, 0.95, &p->tpr_low,
					    &p->tpr_high);
		aisec_probe_clopper_pearson(fp, n, 0.95, &p->fpr_low,
					    &p->fpr_high);
	}
	free(v10);
	free(v01);
	free(ys);
	return 0;
}

/*
 * Score the n rows x[n*d] with true labels y[n]: conf[i] = score of the
 * true label (scores targets), hits[i] = correct labels among the row and
 * its K noisy copies.  *done counts the rows scored before any failure.
 */
static int score_rows(struct aisec_probe_target *t, const double *x,
		      const int *y, size_t n, unsigned K, double noise,
		      struct probe_rng *rng, double *conf, double *hits,
		      size_t *done, struct aisec_error *err)
{
	const struct aisec_probe_spec *s = t->spec;
	size_t d = s->n_features, k = s->n_classes, per = 1 + (size_t)K;
	double *pts = calloc(CHUNK * per * d, sizeof(double)),
	       *sc = s->output == AISEC_PROBE_OUT_SCORES
			 ? calloc(CHUNK * per * k, sizeof(double))
			 : NULL;
	int *lab = calloc(CHUNK * per, sizeof(int)), ret = 0;

	*done = 0;
	if (!pts || !lab || (s->output == AISEC_PROBE_OUT_SCORES && !sc)) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i0 = 0; i0 < n; i0 += CHUNK) {
		size_t c = n - i0 < CHUNK ? n - i0 : CHUNK;

		for (size_t i = 0; i < c; i++)
			for (size_t r = 0; r < per; r++)
				for (size_t j = 0; j < d; j++) {
					double v = x[(i0 + i) * d + j];

					if (r > 0) {
						v += noise *
						     (s->hi[j] - s->lo[j]) *
						     probe_rng_gauss(rng);
						v = v < s->lo[j]   ? s->lo[j]
						    : v > s->hi[j] ? s->hi[j]
								   : v;
					}
					pts[(i * per + r) * d + j] = v;
				}
		if ((ret = aisec_probe_query(t, pts, c * per, lab, sc, err)) !=
		    0)
			goto out;
		for (size_t i = 0; i < c; i++) {
			int yi = y[i0 + i];

			conf[i0 + i] = sc ? sc[i * per * k + (size_t)yi] : NAN;
			hits[i0 + i] = 0;
			for (size_t r = 0; r < per; r++)
				hits[i0 + i] += lab[i * per + r] == yi;
		}
		*done = i0 + c;
	}
out:
	free(pts);
	free(sc);
	free(lab);
	return ret;
}

int aisec_probe_membership(struct aisec_probe_target *t, const double *xm,
			   const int *ym, size_t nm, const double *xn,
			   const int *yn, size_t nn,
			   const struct aisec_probe_membership_opts *opts,
			   struct aisec_probe_membership_result *res,
			   struct aisec_error *err)
{
	const struct aisec_probe_spec *s = t->spec;
	struct probe_rng rng = {opts->seed};
	double noise = opts->noise > 0 ? opts->noise : 0.02;
	int ret;

	memset(res, 0, sizeof(*res));
	if (nm == 0 || nn == 0)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "membership: need at least one member "
				       "and one non-member (received %zu and "
				       "%zu)",
				       nm, nn);
	for (size_t i = 0; i < nm + nn; i++) {
		int y = i < nm ? ym[i] : yn[i - nm];

		if (y < 0 || (size_t)y >= s->n_classes)
			return aisec_error_set(
			    err, AISEC_ERR_INVALID,
			    "membership: %s row %zu: label %d is not a class "
			    "index of the spec (0..%zu)",
			    i < nm ? "member" : "non-member",
			    (i < nm ? i : i - nm) + 1, y, s->n_classes - 1);
	}
	res->noise_copies = opts->noise_copies;
	res->noise = noise;
	res->member_conf = calloc(nm, sizeof(double));
	res->member_hits = calloc(nm, sizeof(double));
	res->nonmember_conf = calloc(nn, sizeof(double));
	res->nonmember_hits = calloc(nn, sizeof(double));
	if (!res->member_conf || !res->member_hits || !res->nonmember_conf ||
	    !res->nonmember_hits)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	ret = score_rows(t, xm, ym, nm, opts->noise_copies, noise, &rng,
			 res->member_conf, res->member_hits, &res->n_members,
			 err);
	if (ret == 0)
		ret = score_rows(t, xn, yn, nn, opts->noise_copies, noise, &rng,
				 res->nonmember_conf, res->nonmember_hits,
				 &res->n_nonmembers, err);
	if (res->n_members && res->n_nonmembers) {
		struct aisec_error e2;

		aisec_error_clear(&e2);
		if (s->output == AISEC_PROBE_OUT_SCORES &&
		    summarise(res->member_conf, res->n_members,
			      res->nonmember_conf, res->n_nonmembers,
			      &res->score, &e2) != 0 &&
		    ret == 0)
			ret = aisec_error_set(err, e2.code, "%s", e2.msg);
		if (summarise(res->member_hits, res->n_members,
			      res->nonmember_hits, res->n_nonmembers,
			      &res->label, &e2) != 0 &&
		    ret == 0)
			ret = aisec_error_set(err, e2.code, "%s", e2.msg);
	}
	return ret;
}

void aisec_probe_membership_release(struct aisec_probe_membership_result *res)
{
	if (!res)
		return;
	free(res->member_conf);
	free(res->member_hits);
	free(res->nonmember_conf);
	free(res->nonmember_hits);
	memset(res, 0, sizeof(*res));
}
