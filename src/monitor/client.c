/*
 * client.c - per-client detectors over a fixed pool of client slots:
 *
 *   - PRADA (Juuti et al., EuroS&P 2019, arXiv:1805.02628; the Aalto
 *     reference code's GrowingDistanceAgent): per predicted class a growing
 *     set of earlier queries; each new query's minimum L2 distance to the
 *     set of its class is recorded, and the query joins the set when that
 *     distance exceeds the class threshold T = max(T, mean - std) of the
 *     admitted distances.  Every `every` queries the recorded distances of
 *     classes with at least 10 are pooled, values beyond 3 standard
 *     deviations dropped, and when more than min_distances remain the
 *     Shapiro-Wilk W is compared with delta: W < delta flags the client.
 *     Bounded memory: the growing set of a class keeps max_per_class
 *     queries (the oldest is replaced) and the distances are a ring of
 *     max_distances.
 *   - sponge: latency and input size above the reference quantile q; in
 *     each window of a client's events the count of exceedances is tested
 *     against Binomial(window, 1 - q); any value above max_factor times the
 *     reference maximum alerts at once.
 *   - poisoning signals of a feedback stream: the label distribution of
 *     each window of labelled events against the reference (chi-square),
 *     and each client's share of the window (one-sided Wilson lower bound
 *     above max_client_share).
 *
 * The pool: an open-addressing index (linear probing, backward-shift
 * deletion) of slots on an LRU list; the least recently seen client is
 * evicted when a new one needs room or it was idle longer than
 * idle_seconds (checked for the LRU tail on each event).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor_int.h"
#include "monitor/stats.h"

uint64_t mon_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static int nclasses(const struct aisec_monitor_spec *s)
{
	return s->nclasses ? s->nclasses : AISEC_MONITOR_MAX_CLASSES;
}

int mon_clients_init(struct aisec_monitor *m)
{
	const struct aisec_monitor_spec *s = m->spec;
	uint32_t n = s->max_clients, size = 4;
	size_t k = (size_t)nclasses(s);

	if (n == 0)
		return 0;
	while (size < 2 * n)
		size *= 2;
	m->clients = calloc(n, sizeof *m->clients);
	m->cindex = calloc(size, sizeof *m->cindex);
	if (!m->clients || !m->cindex)
		return AISEC_ERR_NOMEM;
	m->cindex_mask = size - 1;
	m->lru_head = m->lru_tail = -1;
	for (uint32_t i = 0; i < n; i++) {
		struct mon_client *c = &m->clients[i];

		c->prev = c->next = -1;
		if (!s->prada.on)
			continue;
		c->g = malloc(k * s->prada.max_per_class *
			      (size_t)s->nfeatures * sizeof *c->g);
		c->g_n = calloc(k, sizeof *c->g_n);
		c->g_next = calloc(k, sizeof *c->g_next);
		c->t = calloc(k, sizeof *c->t);
		c->gd_sum = calloc(k, sizeof *c->gd_sum);
		c->gd_sq = calloc(k, sizeof *c->gd_sq);
		c->gd_cnt = calloc(k, sizeof *c->gd_cnt);
		c->dist = malloc(s->prada.max_distances * sizeof *c->dist);
		c->dcls = malloc(s->prada.max_distances * sizeof *c->dcls);
		c->dcnt = calloc(k, sizeof *c->dcnt);
		if (!c->g || !c->g_n || !c->g_next || !c->t || !c->gd_sum ||
		    !c->gd_sq || !c->gd_cnt || !c->dist || !c->dcls || !c->dcnt)
			return AISEC_ERR_NOMEM;
	}
	if (s->prada.on) {
		m->sw_x = malloc(s->prada.max_distances * sizeof *m->sw_x);
		m->sw_a =
		    malloc((s->prada.max_distances / 2 + 1) * sizeof *m->sw_a);
		if (!m->sw_x || !m->sw_a)
			return AISEC_ERR_NOMEM;
	}
	return 0;
}

void mon_clients_release(struct aisec_monitor *m)
{
	if (m->clients)
		for (uint32_t i = 0; i < m->spec->max_clients; i++) {
			struct mon_client *c = &m->clients[i];

			free(c->g);
			free(c->g_n);
			free(c->g_next);
			free(c->t);
			free(c->gd_sum);
			free(c->gd_sq);
			free(c->gd_cnt);
			free(c->dist);
			free(c->dcls);
			free(c->dcnt);
		}
	free(m->clients);
	free(m->cindex);
	free(m->sw_x);
	free(m->sw_a);
}

static void lru_unlink(struct aisec_monitor *m, int i)
{
	struct mon_client *c = &m->clients[i];

	if (c->prev >= 0)
		m->clients[c->prev].next = c->next;
	else
		m->lru_head = c->next;
	if (c->next >= 0)
		m->clients[c->next].prev = c->prev;
	else
		m->lru_tail = c->prev;
	c->prev = c->next = -1;
}

static void lru_push(struct aisec_monitor *m, int i)
{
	struct mon_client *c = &m->clients[i];

	c->prev = -1;
	c->next = m->lru_head;
	if (m->lru_head >= 0)
		m->clients[m->lru_head].prev = i;
	m->lru_head = i;
	if (m->lru_tail < 0)
		m->lru_tail = i;
}

static void index_remove(struct aisec_monitor *m, int slot)
{
	uint32_t mask = m->cindex_mask;
	uint32_t i = (uint32_t)m->clients[slot].hash & mask, j;

	while (m->cindex[i] != slot + 1)
		i = (i + 1) & mask;
	/* backward shift: keep every probe sequence unbroken */
	for (j = i;;) {
		uint32_t k;

		j = (j + 1) & mask;
		if (!m->cindex[j])
			break;
		k = (uint32_t)m->clients[m->cindex[j] - 1].hash & mask;
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		m->cindex[i] = m->cindex[j];
		i = j;
	}
	m->cindex[i] = 0;
}

static void evict(struct aisec_monitor *m, int slot)
{
	index_remove(m, slot);
	lru_unlink(m, slot);
	m->clients[slot].used = false;
	m->nclients--;
	m->counts.evicted++;
}

static void wipe(struct aisec_monitor *m, struct mon_client *c)
{
	const struct aisec_monitor_spec *s = m->spec;
	size_t k = (size_t)nclasses(s);

	if (s->prada.on) {
		memset(c->g_n, 0, k * sizeof *c->g_n);
		memset(c->g_next, 0, k * sizeof *c->g_next);
		memset(c->t, 0, k * sizeof *c->t);
		memset(c->gd_sum, 0, k * sizeof *c->gd_sum);
		memset(c->gd_sq, 0, k * sizeof *c->gd_sq);
		memset(c->gd_cnt, 0, k * sizeof *c->gd_cnt);
		memset(c->dcnt, 0, k * sizeof *c->dcnt);
	}
	c->dn = c->dnext = 0;
	c->queries = 0;
	c->flagged = false;
	c->last_w = NAN;
	c->sp_n = c->sp_lat_exc = c->sp_size_exc = 0;
	c->fb_n = 0;
}

int mon_client_get(struct aisec_monitor *m, const char *id, size_t len)
{
	const struct aisec_monitor_spec *s = m->spec;
	uint64_t h;
	uint32_t i;
	int slot;

	if (len >= AISEC_MONITOR_ID_MAX)
		len = AISEC_MONITOR_ID_MAX - 1;
	h = mon_hash(id, len);
	/* idle eviction, one client per event: amortised O(1) */
	if (m->lru_tail >= 0 && !isnan(m->now) &&
	    m->now - m->clients[m->lru_tail].last_time > s->idle_seconds)
		evict(m, m->lru_tail);
	for (i = (uint32_t)h & m->cindex_mask; m->cindex[i];
	     i = (i + 1) & m->cindex_mask) {
		struct mon_client *c = &m->clients[m->cindex[i] - 1];

		if (c->hash == h && strlen(c->id) == len &&
		    memcmp(c->id, id, len) == 0) {
			slot = m->cindex[i] - 1;
			goto found;
		}
	}
	if ((uint32_t)m->nclients == s->max_clients)
		evict(m, m->lru_tail);
	for (slot = 0; m->clients[slot].used; slot++)
		;
	/* the scan above is O(max_clients) only for a new client */
	memcpy(m->clients[slot].id, id, len);
	m->clients[slot].id[len] = 0;
	m->clients[slot].hash = h;
	m->clients[slot].used = true;
	m->clients[slot].first_seq = m->seq;
	wipe(m, &m->clients[slot]);
	for (i = (uint32_t)h & m->cindex_mask; m->cindex[i];
	     i = (i + 1) & m->cindex_mask)
		;
	m->cindex[i] = slot + 1;
	m->nclients++;
	lru_push(m, slot);
	m->clients[slot].last_time = m->now;
	return slot;
found:
	lru_unlink(m, slot);
	lru_push(m, slot);
	if (!isnan(m->now))
		m->clients[slot].last_time = m->now;
	return slot;
}

/* ---- PRADA -------------------------------------------------------------- */

static double l2(const float *a, const double *x, size_t d)
{
	double s = 0.0;

	for (size_t i = 0; i < d; i++) {
		double t = (double)a[i] - x[i];

		s += t * t;
	}
	return sqrt(s);
}

static void store(struct mon_client *c, int cls, const double *x, size_t d,
		  uint32_t cap)
{
	uint32_t at = c->g_n[cls] < cap ? c->g_n[cls]++ : c->g_next[cls];
	float *dst = c->g + ((size_t)cls * cap + at) * d;

	for (size_t i = 0; i < d; i++)
		dst[i] = (float)x[i];
	if (c->g_n[cls] == cap)
		c->g_next[cls] = (at + 1) % cap;
}

static int prada_test(struct aisec_monitor *m, struct mon_client *c)
{
	const struct aisec_monitor_spec *s = m->spec;
	double mean = 0.0, sq = 0.0, sd, w, pw;
	size_t n = 0, kept = 0;
	bool flag;
	char msg[200];

	for (uint32_t i = 0; i < c->dn; i++)
		if (c->dcnt[c->dcls[i]] >= 10) {
			m->sw_x[n++] = c->dist[i];
			mean += c->dist[i];
		}
	if (n == 0)
		return 0;
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		sq += (m->sw_x[i] - mean) * (m->sw_x[i] - mean);
	sd = sqrt(sq / (double)n);
	for (size_t i = 0; i < n; i++)
		if (fabs(m->sw_x[i] - mean) < 3.0 * sd)
			m->sw_x[kept++] = m->sw_x[i];
	if (kept <= s->prada.min_distances ||
	    aisec_stat_shapiro(m->sw_x, kept, m->sw_a, &m->sw_a_n, &w, &pw))
		return 0;
	c->last_w = w;
	flag = w < s->prada.delta;
	if (flag && !c->flagged) {
		struct aisec_monitor_alert al = {.detector = "prada",
						 .test = "shapiro-wilk",
						 .metric = "min-distance",
						 .client = c->id,
						 .statistic = w,
						 .bound = s->prada.delta,
						 .threshold = s->prada.delta,
						 .p_value = pw,
						 .window = kept,
						 .first_event = c->first_seq,
						 .last_event = m->seq,
						 .message = msg};

		snprintf(msg, sizeof msg,
			 "client '%s': Shapiro-Wilk W %.4f < %.4f over %zu "
			 "query distances after %llu queries (model "
			 "extraction pattern)",
			 c->id, w, s->prada.delta, kept,
			 (unsigned long long)c->queries);
		c->flagged = true;
		mon_alert(m, MD_PRADA, &al);
		return 1;
	}
	c->flagged = flag;
	return 0;
}

int mon_prada_observe(struct aisec_monitor *m, int ci,
		      const struct aisec_monitor_event *ev)
{
	const struct aisec_monitor_spec *s = m->spec;
	struct mon_client *c = &m->clients[ci];
	uint32_t cap = s->prada.max_per_class;
	size_t d = (size_t)s->nfeatures;
	int cls = ev->predicted;

	if (c->g_n[cls] == 0) {
		store(c, cls, ev->features, d, cap);
		c->t[cls] = 0.0;
		c->gd_cnt[cls] = 1; /* the reference code's initial 0 */
	} else {
		const float *g = c->g + (size_t)cls * cap * d;
		double dmin = INFINITY;

		for (uint32_t j = 0; j < c->g_n[cls]; j++)
			dmin =
			    fmin(dmin, l2(g + (size_t)j * d, ev->features, d));
		if (c->dn == s->prada.max_distances)
			c->dcnt[c->dcls[c->dnext]]--;
		else
			c->dn++;
		c->dist[c->dnext] = dmin;
		c->dcls[c->dnext] = (uint8_t)cls;
		c->dcnt[cls]++;
		c->dnext = (c->dnext + 1) % s->prada.max_distances;
		if (dmin > c->t[cls]) {
			double mean, var;

			store(c, cls, ev->features, d, cap);
			c->gd_cnt[cls]++;
			c->gd_sum[cls] += dmin;
			c->gd_sq[cls] += dmin * dmin;
			mean = c->gd_sum[cls] / c->gd_cnt[cls];
			var = fmax(0.0, c->gd_sq[cls] / c->gd_cnt[cls] -
					    mean * mean);
			c->t[cls] = fmax(c->t[cls], mean - sqrt(var));
		}
	}
	if (++c->queries % s->prada.every == 0)
		return prada_test(m, c);
	return 0;
}

/* ---- sponge -----------------------------------------------------------------
 */

static int sponge_alert(struct aisec_monitor *m, struct mon_client *c,
			const char *metric, const char *test, double stat,
			double bound, double p, uint64_t win, const char *msg)
{
	struct aisec_monitor_alert al = {.detector = "sponge",
					 .test = test,
					 .metric = metric,
					 .client = c->id,
					 .statistic = stat,
					 .bound = bound,
					 .threshold = bound,
					 .p_value = p,
					 .window = win,
					 .first_event = c->sp_first,
					 .last_event = m->seq,
					 .message = msg};

	mon_alert(m, MD_SPONGE, &al);
	return 1;
}

static int sponge_value(struct aisec_monitor *m, struct mon_client *c,
			const struct mon_refvar *r, double x, uint64_t *exc)
{
	char msg[200];

	if (isnan(x))
		return 0;
	*exc += x > r->q_hi;
	if (x > m->spec->sponge.max_factor * r->max) {
		snprintf(msg, sizeof msg,
			 "client '%s': %s %.6g is above %.6g, %g times the "
			 "reference maximum",
			 c->id, r->name, x, m->spec->sponge.max_factor * r->max,
			 m->spec->sponge.max_factor);
		return sponge_alert(m, c, r->name, "cut-off", x,
				    m->spec->sponge.max_factor * r->max, NAN, 1,
				    msg);
	}
	return 0;
}

static int sponge_window(struct aisec_monitor *m, struct mon_client *c,
			 const struct mon_refvar *r, uint64_t exc)
{
	const struct aisec_monitor_spec *s = m->spec;
	double aw = s->sponge.alpha * (double)s->sponge.window /
		    (double)s->sponge.horizon / 2.0;
	double p = aisec_stat_binom_sf(exc, c->sp_n, 1.0 - s->sponge.quantile);
	char msg[220];

	if (!(p < aw))
		return 0;
	snprintf(msg, sizeof msg,
		 "client '%s': %llu of %llu events have a %s above the "
		 "reference q%g %.6g (p %.3g)",
		 c->id, (unsigned long long)exc, (unsigned long long)c->sp_n,
		 r->name, s->sponge.quantile, r->q_hi, p);
	return sponge_alert(m, c, r->name, "binomial", (double)exc / c->sp_n,
			    1.0 - s->sponge.quantile, p, c->sp_n, msg);
}

int mon_sponge_observe(struct aisec_monitor *m, int ci,
		       const struct aisec_monitor_event *ev)
{
	const struct aisec_monitor_spec *s = m->spec;
	struct mon_client *c = &m->clients[ci];
	int alerts = 0;

	if (c->sp_n == 0)
		c->sp_first = m->seq;
	if (s->ref_has_latency)
		alerts += sponge_value(m, c, &s->ref_latency, ev->latency,
				       &c->sp_lat_exc);
	if (s->ref_has_size)
		alerts +=
		    sponge_value(m, c, &s->ref_size, ev->size, &c->sp_size_exc);
	if (++c->sp_n < s->sponge.window)
		return alerts;
	if (s->ref_has_latency)
		alerts += sponge_window(m, c, &s->ref_latency, c->sp_lat_exc);
	if (s->ref_has_size)
		alerts += sponge_window(m, c, &s->ref_size, c->sp_size_exc);
	c->sp_n = c->sp_lat_exc = c->sp_size_exc = 0;
	return alerts;
}

/* ---- poisoning signals
 * -------------------------------------------------------- */

static int poison_window(struct aisec_monitor *m)
{
	const struct aisec_monitor_spec *s = m->spec;
	double aw = s->poison.alpha * (double)s->poison.window /
		    (double)s->poison.horizon / 2.0;
	unsigned dof;
	double chi = aisec_stat_chi2_2xk(s->ref_label, m->fb_label,
					 (size_t)nclasses(s), &dof);
	double p = dof ? aisec_stat_chi2_sf(chi, dof) : 1.0;
	int alerts = 0, active = 0;
	char msg[220];

	m->fb_last_chi2 = chi;
	m->fb_last_p = p;
	mon_point(m, "poisoning", "label", chi,
		  dof ? aisec_stat_chi2_ppf(1.0 - aw, dof) : NAN, NAN, p < aw);
	if (p < aw) {
		struct aisec_monitor_alert al = {
		    .detector = "poisoning",
		    .test = "chi-square",
		    .metric = "label",
		    .statistic = chi,
		    .bound = aisec_stat_chi2_ppf(1.0 - aw, dof),
		    .threshold = aisec_stat_chi2_ppf(1.0 - aw, dof),
		    .p_value = p,
		    .window = m->fb_n,
		    .first_event = m->fb_first,
		    .last_event = m->seq,
		    .message = msg};

		snprintf(msg, sizeof msg,
			 "feedback labels: chi-square %.2f on %u degrees of "
			 "freedom (p %.3g) against the reference labels",
			 chi, dof, p);
		mon_alert(m, MD_POISON, &al);
		alerts++;
	}
	for (int i = m->lru_head; i >= 0; i = m->clients[i].next)
		active += m->clients[i].fb_n > 0;
	for (int i = m->lru_head; i >= 0; i = m->clients[i].next) {
		struct mon_client *c = &m->clients[i];
		double lo, hi;

		if (!c->fb_n)
			continue;
		aisec_stat_wilson(c->fb_n, m->fb_n, aw / active, &lo, &hi);
		if (lo > s->poison.max_share) {
			struct aisec_monitor_alert al = {
			    .detector = "poisoning",
			    .test = "wilson",
			    .metric = "client-share",
			    .client = c->id,
			    .statistic = (double)c->fb_n / (double)m->fb_n,
			    .bound = lo,
			    .threshold = s->poison.max_share,
			    .p_value = NAN,
			    .window = m->fb_n,
			    .first_event = m->fb_first,
			    .last_event = m->seq,
			    .message = msg};

			snprintf(msg, sizeof msg,
				 "client '%s' gave %llu of %llu feedback "
				 "labels: share bound %.3f above %.3f",
				 c->id, (unsigned long long)c->fb_n,
				 (unsigned long long)m->fb_n, lo,
				 s->poison.max_share);
			mon_alert(m, MD_POISON, &al);
			alerts++;
		}
		c->fb_n = 0;
	}
	memset(m->fb_label, 0, sizeof m->fb_label);
	m->fb_n = 0;
	return alerts;
}

int mon_poison_observe(struct aisec_monitor *m, int ci, int label)
{
	if (m->fb_n == 0)
		m->fb_first = m->seq;
	m->fb_label[label]++;
	m->fb_n++;
	if (ci >= 0)
		m->clients[ci].fb_n++;
	if (m->fb_n >= m->spec->poison.window)
		return poison_window(m);
	return 0;
}
