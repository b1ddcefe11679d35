/*
 * reference.c - the reference data set of a spec (a CSV or JSON-lines file
 * of baseline events, read with the event reader), summarised once: for
 * each numeric variable the equal-mass bin edges of the KS sketch and of
 * the PSI histogram with the reference counts, and the quantile and maximum
 * the sponge detector uses; for classes, the predicted and label counts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "monitor/monitor_int.h"

#define REF_MIN 100

struct column {
	double *v;
	size_t n, cap;
};

static int col_add(struct column *c, double x)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 1024;
		double *p = realloc(c->v, cap * sizeof *p);

		if (!p)
			return AISEC_ERR_NOMEM;
		c->v = p;
		c->cap = cap;
	}
	c->v[c->n++] = x;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Index of the bin of x: the first edge >= x (edges ascending). */
/*
 * The bin of x: the first edge >= x (lower bound), without a branch per
 * step (the comparison becomes a conditional move: a binary search over
 * 1000 edges otherwise mispredicts about half of its ten steps).
 */
static size_t bin_of(const double *edges, size_t nedges, double x)
{
	const double *b = edges;
	size_t n = nedges;

	if (n == 0)
		return 0;
	while (n > 1) {
		size_t half = n / 2;

		b = b[half] < x ? b + half : b;
		n -= half;
	}
	return (size_t)(b - edges) + (*b < x);
}

/* Equal-mass edges of sorted v into at most `bins` bins, duplicates merged. */
static int make_bins(const double *v, size_t n, unsigned bins, double **edges,
		     uint64_t **counts, size_t *nbins)
{
	size_t ne = 0;

	*edges = malloc((bins ? bins : 1) * sizeof **edges);
	if (!*edges)
		return AISEC_ERR_NOMEM;
	for (unsigned j = 1; j < bins; j++) {
		size_t at = (size_t)((double)j * (double)n / bins);
		double e = v[at ? at - 1
				: 0]; /* more bins than values: repeats merge */

		if (e >= v[n - 1])
			break;
		if (ne == 0 || e > (*edges)[ne - 1])
			(*edges)[ne++] = e;
	}
	*nbins = ne + 1;
	*counts = calloc(*nbins, sizeof **counts);
	if (!*counts)
		return AISEC_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		(*counts)[bin_of(*edges, ne, v[i])]++;
	return 0;
}

static int summarise(const struct aisec_monitor_spec *s, struct column *c,
		     const char *name, struct mon_refvar *rv)
{
	size_t qi;
	int rc;

	snprintf(rv->name, sizeof rv->name, "%s", name);
	qsort(c->v, c->n, sizeof *c->v, cmp_double);
	rv->n = c->n;
	if ((rc = make_bins(c->v, c->n,
			    s->drift.ks_bins ? s->drift.ks_bins : 1000,
			    &rv->ks_edges, &rv->ks_ref, &rv->nks)) ||
	    (rc = make_bins(c->v, c->n, s->drift.bins ? s->drift.bins : 10,
			    &rv->psi_edges, &rv->psi_ref, &rv->npsi)))
		return rc;
	qi = (size_t)ceil((s->sponge.quantile ? s->sponge.quantile : 0.999) *
			  (double)c->n);
	rv->q_hi = c->v[qi ? qi - 1 : 0];
	rv->max = c->v[c->n - 1];
	return 0;
}

size_t mon_bin_of(const double *edges, size_t nedges, double x)
{
	return bin_of(edges, nedges, x);
}

int mon_reference_load(struct aisec_monitor_spec *s, const char *path,
		       struct aisec_error *err)
{
	struct aisec_buf b;
	struct mon_reader r;
	struct column *feat = NULL, score = {0}, lat = {0}, size = {0};
	size_t plen = strlen(path), nfeat;
	uint64_t lineno = 0;
	const char *p, *end;
	int rc;

	aisec_buf_init(&b, (size_t)1 << 31);
	if ((rc = aisec_file_read(path, &b, err)))
		goto out_buf;
	if ((rc = mon_reader_init(&r, s, err)))
		goto out_buf;
	r.csv = plen > 4 && strcmp(path + plen - 4, ".csv") == 0;
	nfeat =
	    s->nfeatures ? (size_t)s->nfeatures : AISEC_MONITOR_MAX_FEATURES;
	feat = calloc(nfeat, sizeof *feat);
	if (!feat) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (p = b.data, end = b.data + b.len; p && p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct aisec_monitor_event ev;

		lineno++;
		rc = mon_reader_line(&r, p, len, lineno, &ev, err);
		p = nl ? nl + 1 : NULL;
		if (rc < 0) {
			aisec_error_prefix(err, "'%s'", path);
			goto out;
		}
		rc = 0;
		if (r.csv && lineno == 1)
			continue;
		if (ev.predicted < 0 && ev.label < 0 && !ev.nfeatures &&
		    isnan(ev.score) && isnan(ev.latency) && isnan(ev.size))
			continue;
		if (ev.nfeatures) {
			if (!s->nfeatures)
				s->nfeatures = (int)ev.nfeatures;
			if (ev.nfeatures != (size_t)s->nfeatures) {
				rc = aisec_error_set(
				    err, AISEC_ERR_INVALID,
				    "'%s' line %llu: %zu features, %d "
				    "expected",
				    path, (unsigned long long)lineno,
				    ev.nfeatures, s->nfeatures);
				goto out;
			}
			for (size_t i = 0; i < ev.nfeatures; i++)
				if (col_add(&feat[i], ev.features[i]))
					goto nomem;
		}
		if ((!isnan(ev.score) && col_add(&score, ev.score)) ||
		    (!isnan(ev.latency) && col_add(&lat, ev.latency)) ||
		    (!isnan(ev.size) && col_add(&size, ev.size)))
			goto nomem;
		if (ev.predicted >= 0)
			s->ref_pred[ev.predicted]++;
		if (ev.label >= 0)
			s->ref_label[ev.label]++;
		s->ref_events++;
	}
	if (s->ref_events < REF_MIN) {
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "'%s': %llu events, a reference needs at "
				     "least %d",
				     path, (unsigned long long)s->ref_events,
				     REF_MIN);
		goto out;
	}
	if (s->nfeatures && feat[0].n) {
		s->ref_feat = calloc((size_t)s->nfeatures, sizeof *s->ref_feat);
		if (!s->ref_feat)
			goto nomem;
		for (int i = 0; i < s->nfeatures; i++) {
			char name[48];

			snprintf(name, sizeof name, "feature[%d]", i);
			if (summarise(s, &feat[i], name, &s->ref_feat[i]))
				goto nomem;
		}
	}
	if (score.n >= REF_MIN) {
		if (summarise(s, &score, "score", &s->ref_score))
			goto nomem;
		s->ref_has_score = true;
	}
	if (lat.n >= REF_MIN) {
		if (summarise(s, &lat, "latency", &s->ref_latency))
			goto nomem;
		s->ref_has_latency = true;
	}
	if (size.n >= REF_MIN) {
		if (summarise(s, &size, "size", &s->ref_size))
			goto nomem;
		s->ref_has_size = true;
	}
	rc = 0;
	goto out;
nomem:
	rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
out:
	if (feat)
		for (size_t i = 0; i < nfeat; i++)
			free(feat[i].v);
	free(feat);
	free(score.v);
	free(lat.v);
	free(size.v);
	mon_reader_release(&r);
out_buf:
	aisec_buf_release(&b);
	return rc;
}
