/*
 * spec.c - the monitor spec file (YAML, docs/monitor.md): field paths of
 * the events, the declared levels, each detector's parameters, and the
 * reference data set, which is read and summarised here.  Every refusal
 * names the file, the line and the field.
 */
#include <errno.h>
#include <libfyaml.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "monitor/monitor_int.h"

/* a key table and its length, for aisec_yaml_check_keys_n */
#define MONITOR_KEYS(...)                                                      \
	(const char *const[]){__VA_ARGS__},                                    \
	    AISEC_NELEM(((const char *const[]){__VA_ARGS__}))

struct sctx {
	const char *name;
	struct aisec_error *err;
};

static const char *const field_names[MF_COUNT] = {
    "time",  "client",	"id",	"predicted", "label",
    "score", "latency", "size", "version",   "features"};

static int path_set(struct mon_path *p, const char *text)
{
	char *save = NULL, *tok;

	p->text = strdup(text);
	p->buf = strdup(text);
	if (!p->text || !p->buf)
		return AISEC_ERR_NOMEM;
	p->nseg = 0;
	for (tok = strtok_r(p->buf, ".", &save); tok;
	     tok = strtok_r(NULL, ".", &save)) {
		if (p->nseg == MON_PATH_DEPTH)
			return AISEC_ERR_LIMIT;
		p->seg[p->nseg++] = tok;
	}
	return p->nseg ? 0 : AISEC_ERR_INVALID;
}

static void path_release(struct mon_path *p)
{
	free(p->text);
	free(p->buf);
}

/* A number under `key` of `map` in [lo, hi]; `def` when absent. */
static int num(struct sctx *c, struct fy_node *map, const char *path,
	       const char *key, double lo, double hi, bool integer, double def,
	       double *out)
{
	struct fy_node *n = map ? aisec_yaml_get(map, key) : NULL;
	const char *s;
	size_t len;
	char buf[64], *end;
	double v;

	*out = def;
	if (!n)
		return 0;
	s = fy_node_is_scalar(n) ? fy_node_get_scalar(n, &len) : NULL;
	if (!s || len == 0 || len >= sizeof buf) {
		char f[128];

		snprintf(f, sizeof f, "%s%s%s", path, *path ? "." : "", key);
		return aisec_field_error(c->err, c->name, aisec_yaml_line(n), f,
					 "not a number");
	}
	memcpy(buf, s, len);
	buf[len] = 0;
	errno = 0;
	v = strtod(buf, &end);
	if (*end || errno || !isfinite(v) || (integer && v != floor(v)) ||
	    v < lo || v > hi) {
		char f[128];

		snprintf(f, sizeof f, "%s%s%s", path, *path ? "." : "", key);
		return aisec_field_error(c->err, c->name, aisec_yaml_line(n), f,
					 "'%s' is not %s in [%g, %g]", buf,
					 integer ? "an integer" : "a number",
					 lo, hi);
	}
	*out = v;
	return 0;
}

static int bad(struct sctx *c, struct fy_node *n, const char *field,
	       const char *what)
{
	return aisec_field_error(c->err, c->name, aisec_yaml_line(n), field,
				 "%s", what);
}

static int parse_classes(struct sctx *c, struct aisec_monitor_spec *s,
			 struct fy_node *root)
{
	struct fy_node *n = aisec_yaml_get(root, "classes"), *it;
	void *iter = NULL;
	int count;

	if (!n)
		return 0;
	if (!fy_node_is_sequence(n))
		return bad(c, n, "classes", "not a list of class names");
	count = fy_node_sequence_item_count(n);
	if (count < 2 || count > AISEC_MONITOR_MAX_CLASSES)
		return bad(c, n, "classes", "needs 2 to 64 class names");
	s->classes = calloc((size_t)count, sizeof *s->classes);
	if (!s->classes)
		return AISEC_ERR_NOMEM;
	while ((it = fy_node_sequence_iterate(n, &iter))) {
		size_t len;
		const char *v =
		    fy_node_is_scalar(it) ? fy_node_get_scalar(it, &len) : NULL;

		if (!v || len == 0)
			return bad(c, it, "classes", "a class name is empty");
		s->classes[s->nclasses] = strndup(v, len);
		if (!s->classes[s->nclasses])
			return AISEC_ERR_NOMEM;
		for (int j = 0; j < s->nclasses; j++)
			if (strcmp(s->classes[j], s->classes[s->nclasses]) == 0)
				return bad(c, it, "classes",
					   "a class name is repeated");
		s->nclasses++;
	}
	return 0;
}

static int parse_fields(struct sctx *c, struct aisec_monitor_spec *s,
			struct fy_node *root)
{
	struct fy_node *f = aisec_yaml_get(root, "fields");
	int rc;

	if (!f || !fy_node_is_mapping(f))
		return bad(c, f ? f : root, "fields",
			   "missing: a mapping of field paths is required");
	rc = aisec_yaml_check_keys_n(
	    f,
	    MONITOR_KEYS("time", "client", "id", "predicted", "label",
				  "score", "latency", "size", "version",
				  "features", NULL),
	    c->name, "fields", c->err);
	if (rc)
		return rc;
	for (int i = 0; i < MF_COUNT; i++) {
		struct fy_node *n = aisec_yaml_get(f, field_names[i]);
		char fname[64];

		if (!n)
			continue;
		snprintf(fname, sizeof fname, "fields.%s", field_names[i]);
		if (i == MF_FEATURES && fy_node_is_sequence(n)) {
			struct fy_node *it;
			void *iter = NULL;
			int cnt = fy_node_sequence_item_count(n);

			if (cnt < 1 || cnt > AISEC_MONITOR_MAX_FEATURES)
				return bad(c, n, fname,
					   "needs 1 to 256 feature paths");
			s->feat = calloc((size_t)cnt, sizeof *s->feat);
			if (!s->feat)
				return AISEC_ERR_NOMEM;
			while ((it = fy_node_sequence_iterate(n, &iter))) {
				size_t len;
				const char *v =
				    fy_node_is_scalar(it)
					? fy_node_get_scalar(it, &len)
					: NULL;
				char tmp[256];

				if (!v || len == 0 || len >= sizeof tmp)
					return bad(c, it, fname,
						   "a feature path is empty or "
						   "too long");
				memcpy(tmp, v, len);
				tmp[len] = 0;
				if (path_set(&s->feat[s->nfeat_paths++], tmp))
					return bad(c, it, fname,
						   "not a field path");
			}
			s->nfeatures = cnt;
			s->has_field[i] = true;
			continue;
		}
		{
			size_t len;
			const char *v = fy_node_is_scalar(n)
					    ? fy_node_get_scalar(n, &len)
					    : NULL;
			char tmp[256];

			if (!v || len == 0 || len >= sizeof tmp)
				return bad(c, n, fname,
					   "not a field path (a.b.0)");
			memcpy(tmp, v, len);
			tmp[len] = 0;
			if (path_set(&s->field[i], tmp))
				return bad(c, n, fname,
					   "not a field path (a.b.0), at most "
					   "8 parts");
			s->has_field[i] = true;
		}
	}
	if (!s->has_field[MF_PREDICTED] && !s->has_field[MF_FEATURES] &&
	    !s->has_field[MF_LATENCY] && !s->has_field[MF_SCORE])
		return bad(c, f, "fields",
			   "names none of predicted, score, latency, features");
	return 0;
}

static int parse_level(struct sctx *c, struct aisec_monitor_spec *s,
		       struct fy_node *n, struct mon_level *lv, int idx)
{
	static const char *const metrics[] = {"accuracy", "precision", "recall",
					      "fpr", "fnr"};
	char path[64], *metric = NULL, *cls = NULL;
	struct fy_node *mn, *mx;
	int rc = AISEC_ERR_INVALID;
	double v;

	snprintf(path, sizeof path, "accuracy.levels[%d]", idx);
	if (!fy_node_is_mapping(n))
		return bad(c, n, path, "not a mapping");
	rc = aisec_yaml_check_keys_n(
	    n, MONITOR_KEYS("metric", "class", "min", "max", NULL),
	    c->name, path, c->err);
	if (rc)
		return rc;
	rc = AISEC_ERR_INVALID;
	lv->line = aisec_yaml_line(n);
	metric = aisec_yaml_str(n, "metric");
	cls = aisec_yaml_str(n, "class");
	lv->metric = (enum mon_metric) - 1;
	for (int i = 0; metric && i < 5; i++)
		if (strcmp(metric, metrics[i]) == 0)
			lv->metric = (enum mon_metric)i;
	if ((int)lv->metric < 0) {
		char f[96];

		snprintf(f, sizeof f, "%s.metric", path);
		aisec_field_error(c->err, c->name, lv->line, f,
				  "'%s' is not one of accuracy, precision, "
				  "recall, fpr, fnr",
				  metric ? metric : "");
		goto out;
	}
	lv->cls = -1;
	if (lv->metric != MM_ACCURACY) {
		char f[96];

		snprintf(f, sizeof f, "%s.class", path);
		if (!cls) {
			aisec_field_error(
			    c->err, c->name, lv->line, f,
			    "missing: %s needs the positive class", metric);
			goto out;
		}
		lv->cls = mon_class_index(s, cls, strlen(cls));
		if (lv->cls < 0) {
			aisec_field_error(c->err, c->name, lv->line, f,
					  "'%s' is not a class of 'classes'",
					  cls);
			goto out;
		}
	}
	lv->is_max = lv->metric == MM_FPR || lv->metric == MM_FNR;
	mn = aisec_yaml_get(n, "min");
	mx = aisec_yaml_get(n, "max");
	if ((lv->is_max && (mn || !mx)) || (!lv->is_max && (mx || !mn))) {
		char f[96];

		snprintf(f, sizeof f, "%s.%s", path,
			 lv->is_max ? "max" : "min");
		aisec_field_error(c->err, c->name, lv->line, f,
				  "%s declares a %s level: give '%s' only",
				  metric, lv->is_max ? "maximum" : "minimum",
				  lv->is_max ? "max" : "min");
		goto out;
	}
	/* a declared level of 0 or 1 can never be crossed by a bound */
	if ((rc = num(c, n, path, lv->is_max ? "max" : "min", 1e-9, 1 - 1e-9,
		      false, NAN, &v)))
		goto out;
	lv->level = v;
	if (lv->cls < 0)
		snprintf(lv->name, sizeof lv->name, "%s", metric);
	else if (s->classes)
		snprintf(lv->name, sizeof lv->name, "%s[%s]", metric,
			 s->classes[lv->cls]);
	else
		snprintf(lv->name, sizeof lv->name, "%s[%d]", metric, lv->cls);
	rc = 0;
out:
	free(metric);
	free(cls);
	return rc;
}

static int parse_window(struct sctx *c, struct fy_node *n, const char *path,
			double def_alpha, uint64_t def_window, double *alpha,
			uint64_t *horizon, uint64_t *window)
{
	double v, h;
	int rc;

	if ((rc =
		 num(c, n, path, "alpha", 1e-12, 0.5, false, def_alpha, alpha)))
		return rc;
	if ((rc = num(c, n, path, "window", 10, 1e9, true, (double)def_window,
		      &v)))
		return rc;
	*window = (uint64_t)v;
	if ((rc = num(c, n, path, "horizon", 10, 1e15, true, 1e6, &h)))
		return rc;
	if (h < v) {
		char f[96];

		snprintf(f, sizeof f, "%s.horizon", path);
		return aisec_field_error(
		    c->err, c->name,
		    aisec_yaml_line(aisec_yaml_get(n, "horizon")), f,
		    "%.0f is shorter than the window %.0f", h, v);
	}
	*horizon = (uint64_t)h;
	return 0;
}

static int parse_accuracy(struct sctx *c, struct aisec_monitor_spec *s,
			  struct fy_node *n)
{
	struct fy_node *lv, *it;
	void *iter = NULL;
	char *bound;
	int rc;

	if ((rc = aisec_yaml_check_keys_n(
		 n,
		 MONITOR_KEYS("alpha", "horizon", "window", "bound",
				       "shift", "levels", NULL),
		 c->name, "accuracy", c->err)))
		return rc;
	if ((rc = parse_window(c, n, "accuracy", 0.01, 1000, &s->acc.alpha,
			       &s->acc.horizon, &s->acc.window)))
		return rc;
	if ((rc = num(c, n, "accuracy", "shift", 0.001, 0.5, false, 0.05,
		      &s->acc.shift)))
		return rc;
	bound = aisec_yaml_str(n, "bound");
	if (bound && strcmp(bound, "clopper-pearson") == 0)
		s->acc.clopper_pearson = true;
	else if (bound && strcmp(bound, "wilson") != 0) {
		rc = bad(c, aisec_yaml_get(n, "bound"), "accuracy.bound",
			 "not one of wilson, clopper-pearson");
		free(bound);
		return rc;
	}
	free(bound);
	lv = aisec_yaml_get(n, "levels");
	if (!lv || !fy_node_is_sequence(lv) ||
	    fy_node_sequence_item_count(lv) < 1)
		return bad(c, lv ? lv : n, "accuracy.levels",
			   "missing: a list of declared levels is required");
	s->acc.levels = calloc((size_t)fy_node_sequence_item_count(lv),
			       sizeof *s->acc.levels);
	if (!s->acc.levels)
		return AISEC_ERR_NOMEM;
	while ((it = fy_node_sequence_iterate(lv, &iter))) {
		rc = parse_level(c, s, it, &s->acc.levels[s->acc.nlevels],
				 s->acc.nlevels);
		if (rc)
			return rc;
		s->acc.nlevels++;
	}
	if (!s->has_field[MF_PREDICTED] || !s->has_field[MF_LABEL])
		return bad(c, n, "accuracy",
			   "needs fields.predicted and fields.label");
	s->acc.on = true;
	return 0;
}

static int parse_drift(struct sctx *c, struct aisec_monitor_spec *s,
		       struct fy_node *n)
{
	struct fy_node *ph;
	double v;
	int rc;

	if ((rc = aisec_yaml_check_keys_n(
		 n,
		 MONITOR_KEYS("alpha", "horizon", "window", "bins",
				       "ks_bins", "page_hinkley", NULL),
		 c->name, "drift", c->err)))
		return rc;
	if ((rc = parse_window(c, n, "drift", 0.01, 5000, &s->drift.alpha,
			       &s->drift.horizon, &s->drift.window)))
		return rc;
	if ((rc = num(c, n, "drift", "bins", 2, 100, true, 10, &v)))
		return rc;
	s->drift.bins = (unsigned)v;
	if ((rc = num(c, n, "drift", "ks_bins", 10, 100000, true, 1000, &v)))
		return rc;
	s->drift.ks_bins = (unsigned)v;
	ph = aisec_yaml_get(n, "page_hinkley");
	if (ph) {
		if (!fy_node_is_mapping(ph))
			return bad(c, ph, "drift.page_hinkley",
				   "not a mapping");
		if ((rc = aisec_yaml_check_keys_n(
			 ph, MONITOR_KEYS("delta", "lambda", NULL),
			 c->name, "drift.page_hinkley", c->err)))
			return rc;
		if ((rc = num(c, ph, "drift.page_hinkley", "delta", 0, 1e9,
			      false, 0.005, &s->drift.ph_delta)) ||
		    (rc = num(c, ph, "drift.page_hinkley", "lambda", 1e-9, 1e12,
			      false, 50, &s->drift.ph_lambda)))
			return rc;
		if (!s->has_field[MF_SCORE])
			return bad(c, ph, "drift.page_hinkley",
				   "needs fields.score");
		s->drift.ph_on = true;
	}
	s->drift.on = true;
	return 0;
}

static int parse_prada(struct sctx *c, struct aisec_monitor_spec *s,
		       struct fy_node *n)
{
	double v[5];
	int rc;

	if ((rc = aisec_yaml_check_keys_n(
		 n,
		 MONITOR_KEYS("delta", "max_clients",
				       "max_queries_per_class", "max_distances",
				       "every", "min_distances", NULL),
		 c->name, "prada", c->err)))
		return rc;
	if ((rc = num(c, n, "prada", "delta", 0.01, 1, false, 0.9,
		      &s->prada.delta)) ||
	    (rc = num(c, n, "prada", "max_clients", 1, 1e6, true, 64, &v[0])) ||
	    (rc = num(c, n, "prada", "max_queries_per_class", 2, 1e6, true, 256,
		      &v[1])) ||
	    (rc = num(c, n, "prada", "max_distances", 20, 5000, true, 5000,
		      &v[2])) ||
	    (rc = num(c, n, "prada", "every", 1, 1e6, true, 10, &v[3])) ||
	    (rc = num(c, n, "prada", "min_distances", 3, 5000, true, 100,
		      &v[4])))
		return rc;
	s->prada.max_clients = (uint32_t)v[0];
	s->prada.max_per_class = (uint32_t)v[1];
	s->prada.max_distances = (uint32_t)v[2];
	s->prada.every = (uint32_t)v[3];
	s->prada.min_distances = (uint32_t)v[4];
	if (s->prada.min_distances > s->prada.max_distances)
		return bad(c, aisec_yaml_get(n, "min_distances"),
			   "prada.min_distances", "larger than max_distances");
	if (!s->has_field[MF_FEATURES] || !s->has_field[MF_PREDICTED] ||
	    !s->has_field[MF_CLIENT])
		return bad(c, n, "prada",
			   "needs fields.features, fields.predicted and "
			   "fields.client");
	s->prada.on = true;
	return 0;
}

static int parse_sponge(struct sctx *c, struct aisec_monitor_spec *s,
			struct fy_node *n)
{
	int rc;

	if ((rc = aisec_yaml_check_keys_n(
		 n,
		 MONITOR_KEYS("alpha", "horizon", "window", "quantile",
				       "max_factor", NULL),
		 c->name, "sponge", c->err)))
		return rc;
	if ((rc = parse_window(c, n, "sponge", 0.01, 100, &s->sponge.alpha,
			       &s->sponge.horizon, &s->sponge.window)) ||
	    (rc = num(c, n, "sponge", "quantile", 0.5, 0.99999, false, 0.999,
		      &s->sponge.quantile)) ||
	    (rc = num(c, n, "sponge", "max_factor", 1, 1e9, false, 10,
		      &s->sponge.max_factor)))
		return rc;
	if (!s->has_field[MF_CLIENT] ||
	    (!s->has_field[MF_LATENCY] && !s->has_field[MF_SIZE]))
		return bad(c, n, "sponge",
			   "needs fields.client and fields.latency or "
			   "fields.size");
	s->sponge.on = true;
	return 0;
}

static int parse_poison(struct sctx *c, struct aisec_monitor_spec *s,
			struct fy_node *n)
{
	int rc;

	if ((rc = aisec_yaml_check_keys_n(
		 n,
		 MONITOR_KEYS("alpha", "horizon", "window",
				       "max_client_share", NULL),
		 c->name, "poisoning", c->err)))
		return rc;
	if ((rc = parse_window(c, n, "poisoning", 0.01, 1000, &s->poison.alpha,
			       &s->poison.horizon, &s->poison.window)) ||
	    (rc = num(c, n, "poisoning", "max_client_share", 0.001, 0.999,
		      false, 0.2, &s->poison.max_share)))
		return rc;
	if (!s->has_field[MF_LABEL] || !s->has_field[MF_CLIENT])
		return bad(c, n, "poisoning",
			   "needs fields.label and fields.client");
	s->poison.on = true;
	return 0;
}

static int section(struct sctx *c, struct fy_node *root, const char *key,
		   struct fy_node **out)
{
	struct fy_node *n = aisec_yaml_get(root, key);

	*out = NULL;
	if (!n)
		return 0;
	if (!fy_node_is_mapping(n))
		return bad(c, n, key, "not a mapping");
	*out = n;
	return 0;
}

static int parse_root(struct sctx *c, struct aisec_monitor_spec *s,
		      struct fy_node *root, const char *base_dir)
{
	struct fy_node *sec[5];
	char *v = NULL;
	double d;
	int rc;

	if (!root || !fy_node_is_mapping(root))
		return aisec_field_error(c->err, c->name, 1, "(top)",
					 "not a mapping");
	if ((rc = aisec_yaml_check_keys_n(
		 root,
		 MONITOR_KEYS(
		     "system", "format", "classes", "fields", "join_window",
		     "idle_seconds", "nfeatures", "reference", "accuracy",
		     "drift", "prada", "sponge", "poisoning", NULL),
		 c->name, "", c->err)))
		return rc;
	s->system = aisec_yaml_str(root, "system");
	if (!s->system || !*s->system)
		return bad(c, root, "system",
			   "missing: the monitored system's name");
	v = aisec_yaml_str(root, "format");
	if (v && strcmp(v, "csv") == 0)
		s->csv = true;
	else if (v && strcmp(v, "jsonl") != 0) {
		free(v);
		return bad(c, aisec_yaml_get(root, "format"), "format",
			   "not one of jsonl, csv");
	}
	free(v);
	if ((rc = parse_classes(c, s, root)) || (rc = parse_fields(c, s, root)))
		return rc;
	if ((rc = num(c, root, "", "join_window", 0, 1 << 24, true, 0, &d)))
		return rc;
	s->join_window = (uint32_t)d;
	if (s->join_window && !s->has_field[MF_ID]) {
		return bad(c, aisec_yaml_get(root, "join_window"),
			   "join_window",
			   "needs fields.id to join late labels");
	}
	if ((rc = num(c, root, "", "idle_seconds", 0, 1e12, false, 3600,
		      &s->idle_seconds)))
		return rc;
	if ((rc = section(c, root, "accuracy", &sec[0])) ||
	    (rc = section(c, root, "drift", &sec[1])) ||
	    (rc = section(c, root, "prada", &sec[2])) ||
	    (rc = section(c, root, "sponge", &sec[3])) ||
	    (rc = section(c, root, "poisoning", &sec[4])))
		return rc;
	if (!sec[0] && !sec[1] && !sec[2] && !sec[3] && !sec[4])
		return bad(c, root, "accuracy",
			   "no detector: give at least one of accuracy, drift, "
			   "prada, sponge, poisoning");
	if ((sec[0] && (rc = parse_accuracy(c, s, sec[0]))) ||
	    (sec[1] && (rc = parse_drift(c, s, sec[1]))) ||
	    (sec[2] && (rc = parse_prada(c, s, sec[2]))) ||
	    (sec[3] && (rc = parse_sponge(c, s, sec[3]))) ||
	    (sec[4] && (rc = parse_poison(c, s, sec[4]))))
		return rc;
	s->max_clients = s->prada.on ? s->prada.max_clients : 0;
	if ((s->sponge.on || s->poison.on) && s->max_clients < 1024)
		s->max_clients = 1024;
	if (s->prada.on && !s->classes)
		return bad(c, sec[2], "prada", "needs 'classes'");
	if ((rc = num(c, root, "", "nfeatures", 1, AISEC_MONITOR_MAX_FEATURES,
		      true, 0, &d)))
		return rc;
	if (d > 0 && s->nfeat_paths && (int)d != s->nfeatures)
		return bad(c, aisec_yaml_get(root, "nfeatures"), "nfeatures",
			   "differs from the number of fields.features paths");
	if (d > 0)
		s->nfeatures = (int)d;
	s->reference = aisec_yaml_str(root, "reference");
	if ((s->drift.on || s->sponge.on || s->poison.on) && !s->reference)
		return bad(
		    c, root, "reference",
		    "missing: drift, sponge and poisoning compare with a "
		    "reference data set");
	if (s->reference) {
		char path[4096];
		int line = aisec_yaml_line(aisec_yaml_get(root, "reference"));

		if (s->reference[0] == '/' || !base_dir)
			snprintf(path, sizeof path, "%s", s->reference);
		else
			snprintf(path, sizeof path, "%s/%s", base_dir,
				 s->reference);
		rc = mon_reference_load(s, path, c->err);
		if (rc) {
			aisec_error_prefix(c->err,
					   "'%s' line %d: field "
					   "'reference'",
					   c->name, line);
			return rc;
		}
	}
	if (s->prada.on && s->nfeatures == 0)
		return bad(c, sec[2], "prada",
			   "needs the feature count: 'nfeatures', a list in "
			   "fields.features, or a reference data set");
	return 0;
}

int aisec_monitor_spec_parse(const char *name, const char *text, size_t len,
			     const char *base_dir,
			     struct aisec_monitor_spec **out,
			     struct aisec_error *err)
{
	struct sctx c = {name, err};
	struct aisec_monitor_spec *s;
	struct fy_document *doc;
	int rc;

	*out = NULL;
	doc = aisec_yaml_parse(name, text, len, err);
	if (!doc)
		return AISEC_ERR_PARSE;
	s = calloc(1, sizeof *s);
	if (!s) {
		fy_document_destroy(doc);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	s->name = strdup(name);
	s->positive = -1;
	rc = s->name ? parse_root(&c, s, fy_document_root(doc), base_dir)
		     : AISEC_ERR_NOMEM;
	fy_document_destroy(doc);
	if (rc) {
		if (rc == AISEC_ERR_NOMEM)
			aisec_error_set(err, rc, "out of memory");
		else if (!err->msg[0])
			aisec_error_set(err, rc, "'%s': invalid spec", name);
		aisec_monitor_spec_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int aisec_monitor_spec_load(const char *path, struct aisec_monitor_spec **out,
			    struct aisec_error *err)
{
	struct aisec_buf b;
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int rc;

	aisec_buf_init(&b, 16u << 20);
	rc = aisec_file_read(path, &b, err);
	if (rc == 0) {
		if (slash)
			snprintf(dir, sizeof dir, "%.*s", (int)(slash - path),
				 path);
		else
			snprintf(dir, sizeof dir, ".");
		rc = aisec_monitor_spec_parse(path, b.data ? b.data : "", b.len,
					      slash == path ? "/" : dir, out,
					      err);
	}
	aisec_buf_release(&b);
	return rc;
}

static void refvar_release(struct mon_refvar *v)
{
	free(v->ks_edges);
	free(v->ks_ref);
	free(v->psi_edges);
	free(v->psi_ref);
}

void aisec_monitor_spec_free(struct aisec_monitor_spec *s)
{
	if (!s)
		return;
	for (int i = 0; i < MF_COUNT; i++)
		path_release(&s->field[i]);
	for (int i = 0; i < s->nfeat_paths; i++)
		path_release(&s->feat[i]);
	free(s->feat);
	for (int i = 0; i < s->nclasses; i++)
		free(s->classes[i]);
	free(s->classes);
	free(s->acc.levels);
	if (s->ref_feat)
		for (int i = 0; i < s->nfeatures; i++)
			refvar_release(&s->ref_feat[i]);
	free(s->ref_feat);
	refvar_release(&s->ref_score);
	refvar_release(&s->ref_latency);
	refvar_release(&s->ref_size);
	free(s->reference);
	free(s->system);
	free(s->name);
	free(s);
}

bool aisec_monitor_spec_is_csv(const struct aisec_monitor_spec *s)
{
	return s->csv;
}

const char *aisec_monitor_spec_system(const struct aisec_monitor_spec *s)
{
	return s->system;
}
