/*
 * monitor.c - the monitor: allocation of every detector's state from the
 * spec, event dispatch under one mutex, late-label join, counters, the
 * summary JSON (evidence for `aisec assess`) and the Prometheus exposition.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor_int.h"
#include "monitor/stats.h"

static const char *const det_name[5] = {"accuracy", "drift", "prada", "sponge",
					"poisoning"};

void mon_alert(struct aisec_monitor *m, enum mon_detector d,
	       struct aisec_monitor_alert *a)
{
	a->time = m->now;
	m->counts.alerts++;
	m->det_alerts[d]++;
	if (m->opts.on_alert)
		m->opts.on_alert(m->opts.ctx, a);
}

void mon_point(struct aisec_monitor *m, const char *detector,
	       const char *metric, double value, double bound, double threshold,
	       bool alert)
{
	struct aisec_monitor_point p = {detector, metric, m->seq,    m->now,
					value,	  bound,  threshold, alert};

	if (m->opts.on_point)
		m->opts.on_point(m->opts.ctx, &p);
}

void aisec_monitor_free(struct aisec_monitor *m)
{
	if (!m)
		return;
	mon_reader_release(&m->reader);
	free(m->acc);
	if (m->dvars)
		for (int i = 0; i < m->ndvars; i++) {
			free(m->dvars[i].ks_live);
			free(m->dvars[i].psi_live);
		}
	free(m->dvars);
	free(m->pending);
	mon_clients_release(m);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

struct aisec_monitor *aisec_monitor_new(const struct aisec_monitor_spec *s,
					const struct aisec_monitor_opts *opts,
					struct aisec_error *err)
{
	struct aisec_monitor *m = calloc(1, sizeof *m);
	int rc = AISEC_ERR_NOMEM;

	if (!m) {
		aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&m->lock, NULL);
	m->spec = s;
	m->now = NAN;
	if (opts)
		m->opts = *opts;
	if (mon_reader_init(&m->reader, s, err)) {
		aisec_monitor_free(m);
		return NULL;
	}
	if (s->acc.on && (rc = mon_acc_init(m)))
		goto fail;
	if (s->drift.on && (rc = mon_drift_init(m)))
		goto fail;
	if ((rc = mon_clients_init(m)))
		goto fail;
	m->fb_last_chi2 = m->fb_last_p = NAN;
	if (s->join_window) {
		uint32_t size = 4;

		while (size < 2 * s->join_window)
			size *= 2;
		m->pending = calloc(size, sizeof *m->pending);
		if (!m->pending)
			goto fail;
		m->pending_mask = size - 1;
	}
	return m;
fail:
	aisec_error_set(err, rc, "monitor state: %s", aisec_strerror(rc));
	aisec_monitor_free(m);
	return NULL;
}

static int classes(const struct aisec_monitor_spec *s)
{
	return s->nclasses ? s->nclasses : AISEC_MONITOR_MAX_CLASSES;
}

/* A late label: the prediction it belongs to, from the pending table. */
static bool join(struct aisec_monitor *m, const struct aisec_monitor_event *ev,
		 int *pred, int *client)
{
	size_t len = ev->id_len < AISEC_MONITOR_ID_MAX - 1
			 ? ev->id_len
			 : AISEC_MONITOR_ID_MAX - 1;
	uint64_t h = mon_hash(ev->id, len);
	struct mon_pending *p = &m->pending[h & m->pending_mask];

	if (p->seq == 0 || p->hash != h || strlen(p->id) != len ||
	    memcmp(p->id, ev->id, len) != 0 ||
	    m->seq - p->seq > m->spec->join_window)
		return false;
	*pred = p->predicted;
	*client = p->client;
	p->seq = 0;
	return true;
}

static void remember(struct aisec_monitor *m,
		     const struct aisec_monitor_event *ev, int client)
{
	size_t len = ev->id_len < AISEC_MONITOR_ID_MAX - 1
			 ? ev->id_len
			 : AISEC_MONITOR_ID_MAX - 1;
	uint64_t h = mon_hash(ev->id, len);
	struct mon_pending *p = &m->pending[h & m->pending_mask];

	/* direct-mapped: a colliding newer prediction replaces the older */
	p->hash = h;
	p->seq = m->seq;
	p->predicted = ev->predicted;
	p->client = client;
	memcpy(p->id, ev->id, len);
	p->id[len] = 0;
}

static int observe_locked(struct aisec_monitor *m,
			  const struct aisec_monitor_event *ev)
{
	const struct aisec_monitor_spec *s = m->spec;
	int alerts = 0, c = -1, pred = ev->predicted;
	bool late = false;

	if (ev->predicted >= classes(s) || ev->label >= classes(s) ||
	    (ev->features && s->nfeatures &&
	     ev->nfeatures != (size_t)s->nfeatures))
		return AISEC_ERR_INVALID;
	m->seq++;
	m->counts.events++;
	if (!isnan(ev->time))
		m->now = ev->time;
	if (ev->predicted < 0 && ev->label >= 0 && ev->id && m->pending) {
		late = join(m, ev, &pred, &c);
		if (!late)
			return 0; /* unjoined: its prediction left the window */
		m->counts.joined++;
	} else if (ev->client && s->max_clients)
		c = mon_client_get(m, ev->client, ev->client_len);
	if (pred >= 0 && ev->label >= 0) {
		m->counts.labelled++;
		if (s->acc.on)
			alerts += mon_acc_observe(m, pred, ev->label);
	}
	if (s->poison.on && ev->label >= 0)
		alerts += mon_poison_observe(m, c, ev->label);
	if (late)
		return alerts;
	if (m->pending && ev->id && ev->predicted >= 0 && ev->label < 0)
		remember(m, ev, c);
	if (s->drift.on)
		alerts += mon_drift_observe(m, ev);
	if (s->prada.on && c >= 0 && ev->predicted >= 0 && ev->features)
		alerts += mon_prada_observe(m, c, ev);
	if (s->sponge.on && c >= 0)
		alerts += mon_sponge_observe(m, c, ev);
	return alerts;
}

int aisec_monitor_observe(struct aisec_monitor *m,
			  const struct aisec_monitor_event *ev)
{
	int rc;

	pthread_mutex_lock(&m->lock);
	rc = observe_locked(m, ev);
	pthread_mutex_unlock(&m->lock);
	return rc;
}

int aisec_monitor_feed_line(struct aisec_monitor *m, const char *line,
			    size_t len, uint64_t lineno,
			    struct aisec_error *err)
{
	struct aisec_monitor_event ev;
	int rc;

	pthread_mutex_lock(&m->lock);
	rc = mon_reader_line(&m->reader, line, len, lineno, &ev, err);
	if (rc > 0) {
		rc = observe_locked(m, &ev);
		if (rc == AISEC_ERR_INVALID)
			aisec_error_set(err, rc,
					"line %llu: a class or the feature "
					"count is out of range",
					(unsigned long long)lineno);
	}
	if (rc < 0)
		m->counts.malformed++;
	pthread_mutex_unlock(&m->lock);
	return rc;
}

void aisec_monitor_counts(struct aisec_monitor *m,
			  struct aisec_monitor_counts *out)
{
	pthread_mutex_lock(&m->lock);
	*out = m->counts;
	out->clients = (uint64_t)m->nclients;
	pthread_mutex_unlock(&m->lock);
}

static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *summary(struct aisec_monitor *m)
{
	const struct aisec_monitor_spec *s = m->spec;
	json_t *o = json_object(), *levels = json_array(),
	       *drift = json_array(), *by = json_object();

	json_object_set_new(o, "system", json_string(s->system));
	json_object_set_new(o, "events",
			    json_integer((json_int_t)m->counts.events));
	json_object_set_new(o, "malformed",
			    json_integer((json_int_t)m->counts.malformed));
	json_object_set_new(o, "labelled",
			    json_integer((json_int_t)m->counts.labelled));
	json_object_set_new(o, "joined",
			    json_integer((json_int_t)m->counts.joined));
	json_object_set_new(o, "alerts",
			    json_integer((json_int_t)m->counts.alerts));
	for (int d = 0; d < 5; d++)
		json_object_set_new(by, det_name[d],
				    json_integer((json_int_t)m->det_alerts[d]));
	json_object_set_new(o, "alerts_by_detector", by);
	json_object_set_new(o, "clients", json_integer(m->nclients));
	json_object_set_new(o, "clients_evicted",
			    json_integer((json_int_t)m->counts.evicted));
	for (int i = 0; s->acc.on && i < s->acc.nlevels; i++) {
		const struct mon_level *lv = &s->acc.levels[i];
		struct mon_accstate *a = &m->acc[i];
		json_t *l = json_object();
		double lo, hi;

		if (s->acc.clopper_pearson)
			aisec_stat_clopper_pearson(a->tot_k, a->tot_n,
						   s->acc.alpha, &lo, &hi);
		else
			aisec_stat_wilson(a->tot_k, a->tot_n, s->acc.alpha, &lo,
					  &hi);
		json_object_set_new(l, "metric", json_string(lv->name));
		json_object_set_new(l, "declared", json_real(lv->level));
		json_object_set_new(l, "declared_as",
				    json_string(lv->is_max ? "max" : "min"));
		json_object_set_new(l, "trials",
				    json_integer((json_int_t)a->tot_n));
		json_object_set_new(
		    l, "observed",
		    a->tot_n ? json_real((double)a->tot_k / (double)a->tot_n)
			     : json_null());
		json_object_set_new(l, "bound",
				    a->tot_n ? json_real(lv->is_max ? lo : hi)
					     : json_null());
		json_object_set_new(l, "confidence",
				    json_real(1.0 - s->acc.alpha));
		json_object_set_new(l, "windows",
				    json_integer((json_int_t)a->windows));
		json_object_set_new(l, "last_window", num(a->last_value));
		json_object_set_new(l, "worst_window_bound",
				    num(a->worst_bound));
		json_object_set_new(l, "alerts",
				    json_integer((json_int_t)a->alerts));
		json_object_set_new(l, "met", json_boolean(a->alerts == 0));
		json_array_append_new(levels, l);
	}
	json_object_set_new(o, "levels", levels);
	for (int i = 0; i < m->ndvars; i++) {
		struct mon_driftvar *v = &m->dvars[i];
		json_t *d = json_object();

		json_object_set_new(d, "variable", json_string(v->ref->name));
		json_object_set_new(d, "ks_d", num(v->last_d));
		json_object_set_new(d, "ks_p", num(v->last_p));
		json_object_set_new(d, "psi", num(v->last_psi));
		json_object_set_new(d, "psi_critical", num(v->last_psi_crit));
		json_object_set_new(d, "alerts",
				    json_integer((json_int_t)v->alerts));
		json_array_append_new(drift, d);
	}
	json_object_set_new(o, "drift", drift);
	return o;
}

int aisec_monitor_summary_json(struct aisec_monitor *m, struct aisec_buf *out,
			       struct aisec_error *err)
{
	json_t *o;
	char *text;
	int rc;

	pthread_mutex_lock(&m->lock);
	o = summary(m);
	pthread_mutex_unlock(&m->lock);
	text = json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	json_decref(o);
	if (!text)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	rc = aisec_buf_adds(out, text);
	free(text);
	return rc ? aisec_error_set(err, rc, "summary: %s", aisec_strerror(rc))
		  : 0;
}

/* Prometheus label values: escape backslash, quote and newline. */
static int label(struct aisec_buf *b, const char *v)
{
	int rc = 0;

	for (; *v && !rc; v++) {
		if (*v == '\\' || *v == '"')
			rc = aisec_buf_addch(b, '\\') ?: aisec_buf_addch(b, *v);
		else if (*v == '\n')
			rc = aisec_buf_adds(b, "\\n");
		else
			rc = aisec_buf_addch(b, *v);
	}
	return rc;
}

static int gauge(struct aisec_buf *b, const char *name, const char *metric,
		 double v)
{
	int rc;

	if (!isfinite(v))
		return 0;
	rc = aisec_buf_addf(b, "%s{metric=\"", name);
	rc = rc ?: label(b, metric);
	return rc ?: aisec_buf_addf(b, "\"} %.10g\n", v);
}

int aisec_monitor_metrics_text(struct aisec_monitor *m, struct aisec_buf *out)
{
	const struct aisec_monitor_spec *s = m->spec;
	int rc;

	pthread_mutex_lock(&m->lock);
	rc = aisec_buf_addf(
	    out,
	    "# HELP aisec_monitor_events_total Events observed.\n"
	    "# TYPE aisec_monitor_events_total counter\n"
	    "aisec_monitor_events_total %llu\n"
	    "# HELP aisec_monitor_malformed_total Input lines refused.\n"
	    "# TYPE aisec_monitor_malformed_total counter\n"
	    "aisec_monitor_malformed_total %llu\n"
	    "# HELP aisec_monitor_clients Clients tracked.\n"
	    "# TYPE aisec_monitor_clients gauge\n"
	    "aisec_monitor_clients %d\n"
	    "# HELP aisec_monitor_alerts_total Alerts raised.\n"
	    "# TYPE aisec_monitor_alerts_total counter\n",
	    (unsigned long long)m->counts.events,
	    (unsigned long long)m->counts.malformed, m->nclients);
	for (int d = 0; d < 5 && !rc; d++)
		rc = aisec_buf_addf(
		    out,
		    "aisec_monitor_alerts_total{detector=\"%s\"} "
		    "%llu\n",
		    det_name[d], (unsigned long long)m->det_alerts[d]);
	if (!rc && s->acc.on)
		rc = aisec_buf_adds(
		    out, "# HELP aisec_monitor_level_value Last window value "
			 "of a declared metric.\n"
			 "# TYPE aisec_monitor_level_value gauge\n"
			 "# HELP aisec_monitor_level_bound Its one-sided "
			 "confidence bound.\n"
			 "# TYPE aisec_monitor_level_bound gauge\n"
			 "# HELP aisec_monitor_level_declared The declared "
			 "level.\n"
			 "# TYPE aisec_monitor_level_declared gauge\n");
	for (int i = 0; !rc && s->acc.on && i < s->acc.nlevels; i++) {
		const char *n = s->acc.levels[i].name;

		rc = gauge(out, "aisec_monitor_level_value", n,
			   m->acc[i].last_value) ?:
		     gauge(out, "aisec_monitor_level_bound", n,
			   m->acc[i].last_bound) ?:
		     gauge(out, "aisec_monitor_level_declared", n,
			   s->acc.levels[i].level);
	}
	if (!rc && m->ndvars)
		rc = aisec_buf_adds(out,
				    "# HELP aisec_monitor_drift_ks Last KS "
				    "statistic against the reference.\n"
				    "# TYPE aisec_monitor_drift_ks gauge\n"
				    "# HELP aisec_monitor_drift_psi Last PSI "
				    "against the reference.\n"
				    "# TYPE aisec_monitor_drift_psi gauge\n");
	for (int i = 0; !rc && i < m->ndvars; i++)
		rc = gauge(out, "aisec_monitor_drift_ks", m->dvars[i].ref->name,
			   m->dvars[i].last_d)
			 ?: gauge(out, "aisec_monitor_drift_psi",
				  m->dvars[i].ref->name, m->dvars[i].last_psi);
	pthread_mutex_unlock(&m->lock);
	return rc;
}
