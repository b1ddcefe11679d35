/*
 * cmd_probe.c - `aisec probe`: query a model through its prediction
 * interface (HTTP model server or local process) and run a probe against
 * it.  Tokens and headers come from files or the environment, never from
 * the command line (where `ps` would show them).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "aisec/num.h"
#include "aisec/probe.h"
#include "cli/cli.h"
#include "cli/probe_cli.h"

const char cli_probe_usage[] =
    "usage: aisec probe PROBE --spec FILE TARGET [OPTIONS]\n\n"
    "probes:\n"
    "  query     send the rows of --input CSV and print each predicted class\n"
    "  extract   equation-solving extraction of a linear/logistic model (d+1\n"
    "            queries) and its agreement on --check fresh inputs;\n"
    "            --method surrogate: train a softmax regression on the\n"
    "            labels of --train N inputs (default 2000; within the\n"
    "            ranges, or near the rows of --input CSV) and report its\n"
    "            fidelity on --check held-out inputs as the labels grow\n"
    "  evasion   the smallest perturbation found for each row of --input\n"
    "            CSV within --max-queries per row (default 5000), and the\n"
    "            success rate at each --eps; --method hsja (HopSkipJump,\n"
    "            labels only, L2; the default), simba (L2), square-linf or\n"
    "            square-l2 (Square Attack) need scores\n"
    "  membership  membership inference: --members CSV and --nonmembers\n"
    "            CSV (features, then the true class index or name): AUC\n"
    "            and TPR at FPR 1%% and 0.1%% of a score-threshold and a\n"
    "            label-only attack\n"
    "  robustness  accuracy on a labelled --input CSV (features, then the\n"
    "            true class) under --noise at each of --levels\n"
    "  fuzz      malformed, non-finite, out-of-range, wrong-shape and huge\n"
    "            inputs; counts crashes, 5xx, timeouts, invalid inputs\n"
    "            accepted (exit 1 on a crash, 5xx or timeout)\n"
    "  latency   latency under load (--requests N at --concurrency) and a\n"
    "            hill-climbing search for the slowest inputs (--starts N,\n"
    "            --rounds N)\n"
    "  report RESULTS.json... --format md|html|json [-o FILE]\n"
    "            the Art. 13(3)(b)(ii) declaration draft (md), an HTML\n"
    "            report with curves, or the metrics as JSON\n\n"
    "target (one of):\n"
    "  --url URL                model server; --protocol oip-v2 (default,\n"
    "                           POST URL/v2/models/MODEL/infer), tfserving\n"
    "                           (POST URL/v1/models/MODEL:predict) or "
    "template\n"
    "                           (POST URL, body from --template FILE whose\n"
    "                           {{instances}} is replaced, predictions at "
    "--select PATH)\n"
    "  --exec PROGRAM [ARG...] --   a local process reading JSON lines\n\n"
    "options:\n"
    "  --spec FILE              target spec (docs/probe.md)\n"
    "  --budget N               queries at most, retries included (default "
    "100000)\n"
    "  --rate R                 requests per second at most (default: "
    "unlimited)\n"
    "  --concurrency N          requests in flight (default 4)\n"
    "  --batch N                inputs per request (default 1)\n"
    "  --retries N              retries on 429/503 (default 3)\n"
    "  --timeout MS             per request (default 30000)\n"
    "  --header-file FILE       extra 'Name: value' header lines\n"
    "  --token-env VAR          bearer token from environment variable VAR\n"
    "  --token-file FILE        bearer token from FILE\n"
    "  --cacert FILE            CA bundle for https\n"
    "  --seed N                 all randomness (default 1)\n"
    "  --input CSV              query: rows of features (extra columns "
    "ignored)\n"
    "  --check N                extract: agreement inputs (default 10000)\n"
    "  --method M               evasion: hsja, simba, square-linf, square-l2\n"
    "  --eps E                  evasion: report the success rate at radius E\n"
    "                           (repeatable, at most 32)\n"
    "  --members CSV, --nonmembers CSV   membership: the two samples\n"
    "  --noise-copies N         membership: noisy copies per row for the\n"
    "                           label-only attack (default 8)\n"
    "  --noise-sigma S          their sigma, share of each range (0.02)\n"
    "  --noise KIND             robustness: gaussian (default) or uniform\n"
    "  --levels L,L,...         robustness: noise levels, shares of each\n"
    "                           feature's range (default 0,0.01,0.02,0.05,\n"
    "                           0.1,0.2)\n"
    "  --requests N             latency: load requests (default 200)\n"
    "  --starts N               latency: search climbers (default 8)\n"
    "  --rounds N               latency: search rounds (default 20)\n"
    "  --ledger DIR             append the results' digest and metrics to\n"
    "                           the ledger in DIR (aisec ledger init)\n"
    "  -o FILE                  write the results JSON to FILE (default "
    "stdout)\n\n"
    "exit: 0 ok, 2 usage, 3 input, target or budget error\n";

struct probe_cli {
	struct aisec_probe_target_opts o;
	const char *spec_path, *input, *out, *protocol;
	char *tpl, *headers, *token;
	char **argv_exec;
	uint64_t seed, max_queries;
	size_t check;
	const char *method;
	double eps[32];
	size_t n_eps;
	const char *members, *nonmembers;
	uint64_t train;
	const char *noise_kind;
	double levels[32];
	size_t n_levels;
	unsigned noise_copies;
	double noise;
	/* fuzz, latency, ledger */
	const char *ledger;
	size_t requests, starts;
	unsigned rounds;
};

static int read_small(const char *path, char **out)
{
	FILE *f = fopen(path, "rb");
	struct aisec_buf b;
	char chunk[4096];
	size_t n;
	int ret = 0;

	if (!f)
		return cli_error("cannot open '%s': %s", path, strerror(errno));
	aisec_buf_init(&b, 1u << 20);
	while (ret == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ret = aisec_buf_add(&b, chunk, n);
	fclose(f);
	if (ret != 0) {
		aisec_buf_release(&b);
		return cli_error("'%s': larger than 1 MiB", path);
	}
	*out = aisec_buf_detach(&b, NULL);
	return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	if (!*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 10);
	return *end || errno ? -1 : 0;
}

/* CSV rows of at least d numbers (extra columns, e.g. a label, ignored). */
static int read_rows(const char *path, size_t d, double **out, size_t *n_out)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, n = 0, alloc = 0;
	ssize_t len;
	double *x = NULL;
	int lineno = 0, ret = CLI_OK;

	if (!f)
		return cli_error("cannot open '%s': %s", path, strerror(errno));
	while ((len = getline(&line, &cap, f)) > 0) {
		char *p = line, *end;

		lineno++;
		if (*p == '\n' || *p == '#')
			continue;
		if (n == alloc) {
			double *nx =
			    realloc(x, (alloc = alloc ? 2 * alloc : 64) * d *
					   sizeof(double));

			if (!nx) {
				ret = cli_error("out of memory");
				goto out;
			}
			x = nx;
		}
		for (size_t j = 0; j < d; j++) {
			const char *q;

			errno = 0;
			/* plain decimals without strtod's ~750 instructions;
			 * anything else (space, hex, nan) as before */
			q = aisec_parse_double(p, line + len, AISEC_NUM_DECIMAL,
					       &x[n * d + j], NULL);
			if (q && (*q == ',' || *q == '\n' || !*q))
				end = p + (q - p);
			else
				x[n * d + j] = strtod(p, &end);
			if (end == p || errno ||
			    (*end && *end != ',' && *end != '\n')) {
				ret = cli_error("'%s' line %d: column %zu: not "
						"a number (the spec has "
						"%zu features)",
						path, lineno, j + 1, d);
				goto out;
			}
			p = *end == ',' ? end + 1 : end;
		}
		n++;
	}
	*out = x;
	*n_out = n;
	x = NULL;
out:
	free(line);
	free(x);
	fclose(f);
	return ret;
}

static int emit(json_t *doc, const char *path)
{
	int ret =
	    path ? json_dump_file(doc, path, JSON_INDENT(2) | JSON_SORT_KEYS)
		 : json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);

	if (!path && ret == 0)
		fputc('\n', stdout);
	json_decref(doc);
	return ret == 0
		   ? CLI_OK
		   : cli_error("cannot write '%s'", path ? path : "stdout");
}

static json_t *header(const char *probe, const struct probe_cli *c,
		      const struct aisec_probe_target *t, int complete)
{
	static const char *const proto[] = {"oip-v2", "tfserving", "template",
					    "process"};
	char digest[AISEC_PROBE_DIGEST_LEN], when[32];
	json_t *h;

	aisec_probe_target_digest(t, digest);
	probe_now_utc(when);
	h = json_pack(
	    "{s:i, s:s, s:b, s:I, s:{s:s, s:s?, s:s}, s:{s:I, s:I}}",
	    "aisec_probe", 1, "probe", probe, "complete", complete, "seed",
	    (json_int_t)c->seed, "target", "protocol", proto[c->o.protocol],
	    "url", c->o.url, "model", aisec_probe_target_spec(t)->model,
	    "queries", "used", (json_int_t)aisec_probe_queries_used(t),
	    "budget", (json_int_t)c->o.budget);
	json_object_set_new(json_object_get(h, "target"), "digest",
			    json_string(digest));
	json_object_set_new(h, "date", json_string(when));
	return h;
}

/* Write the results; with --ledger, record them there too. */
static int write_results(const struct probe_cli *c, json_t *doc)
{
	int ret;

	json_incref(doc);
	ret = emit(doc, c->out);
	if (ret == CLI_OK && c->ledger)
		ret = probe_ledger_append(c->ledger, doc, c->out);
	json_decref(doc);
	return ret;
}

static int run_query(struct probe_cli *c, struct aisec_probe_target *t)
{
	const struct aisec_probe_spec *s = aisec_probe_target_spec(t);
	struct aisec_error err;
	double *x = NULL;
	int *lab = NULL, ret;
	size_t n = 0;

	if (!c->input)
		return cli_usage("probe", "query needs --input CSV");
	if ((ret = read_rows(c->input, s->n_features, &x, &n)) != CLI_OK)
		return ret;
	aisec_error_clear(&err);
	lab = calloc(n ? n : 1, sizeof(int));
	if (!lab)
		ret = cli_error("out of memory");
	else if (aisec_probe_query(t, x, n, lab, NULL, &err) != 0)
		ret = cli_error_from(&err);
	else
		for (size_t i = 0; i < n; i++)
			printf("%s\n", s->classes[lab[i]]);
	free(x);
	free(lab);
	return ret;
}

static int run_extract(struct probe_cli *c, struct aisec_probe_target *t)
{
	struct aisec_probe_extract_result r;
	struct aisec_error err;
	json_t *doc, *res, *w;
	int rc, ret;

	aisec_error_clear(&err);
	rc = aisec_probe_extract_equations(t, c->seed, c->check, &r, &err);
	doc = header("extract-equations", c, t, rc == 0);
	res = json_pack("{s:I, s:I, s:I, s:I}", "queries_solve",
			(json_int_t)r.queries, "queries_check",
			(json_int_t)r.check_queries, "agree",
			(json_int_t)r.agree, "checked", (json_int_t)r.checked);
	if (rc == 0) {
		json_object_set_new(
		    res, "agreement",
		    json_real(r.checked ? (double)r.agree / (double)r.checked
					: 0));
		w = json_array();
		for (size_t i = 0; i < (r.k - 1) * r.d; i++)
			json_array_append_new(w, json_real(r.w[i]));
		json_object_set_new(res, "w", w);
		w = json_array();
		for (size_t i = 0; i + 1 < r.k; i++)
			json_array_append_new(w, json_real(r.b[i]));
		json_object_set_new(res, "b", w);
	} else
		json_object_set_new(doc, "error", json_string(err.msg));
	json_object_set_new(doc, "result", res);
	aisec_probe_extract_release(&r);
	probe_extract_metrics(doc);
	/* partial results are written, marked incomplete */
	ret = write_results(c, doc);
	if (rc != 0)
		return cli_error_from(&err);
	return ret;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile of sorted v[n] (linear interpolation). */
static double quantile(const double *v, size_t n, double q)
{
	double pos = q * (double)(n - 1);
	size_t i = (size_t)pos;

	return i + 1 < n ? v[i] + (pos - (double)i) * (v[i + 1] - v[i]) : v[i];
}

/* ---- generic metrics and curves (read by the report renderers) ---- */

/* Append one metric; iv: {low, high} of a 95% interval by `method`, or NULL. */
static void metric_add(json_t *arr, const char *id, const char *label,
		       double value, const char *unit, int higher,
		       const double *iv, const char *method)
{
	json_t *m;

	if (!isfinite(value))
		return;
	m = json_pack("{s:s, s:s, s:f, s:s, s:b}", "id", id, "label", label,
		      "value", value, "unit", unit, "higher_is_better", higher);
	if (m && iv)
		json_object_set_new(m, "interval",
				    json_pack("{s:f, s:f, s:f, s:s}", "low",
					      iv[0], "high", iv[1], "level",
					      0.95, "method", method));
	json_array_append_new(arr, m);
}

/* A curve with one series; points are filled by the caller. */
static json_t *curve_new(const char *id, const char *title, const char *x,
			 const char *scale, const char *y, const char *series,
			 json_t **points)
{
	*points = json_array();
	return json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:s}, s:[{s:s, s:o}]}",
			 "id", id, "title", title, "x", "label", x, "scale",
			 scale, "y", "label", y, "series", "name", series,
			 "points", *points);
}

static void point_add(json_t *points, double x, double y)
{
	json_array_append_new(points, json_pack("[f, f]", x, y));
}

/* Put the result, metrics and curves into doc (with the error when the probe
 * failed part-way: the partial results are still written) and emit it. */
static int probe_finish(const struct probe_cli *c, json_t *doc, json_t *res,
			json_t *metrics, json_t *curves, int rc,
			const struct aisec_error *err)
{
	int ret;

	if (rc != 0)
		json_object_set_new(doc, "error", json_string(err->msg));
	json_object_set_new(doc, "result", res);
	json_object_set_new(doc, "metrics", metrics);
	json_object_set_new(doc, "curves", curves);
	ret = write_results(c, doc);
	if (rc != 0)
		ret = err->code == AISEC_ERR_USAGE
			  ? cli_usage("probe", "%s", err->msg)
			  : cli_error_from(err);
	return ret;
}

static const struct {
	const char *name, *probe, *norm;
	int method; /* 0: HopSkipJump */
} evasion_methods[] = {
    {"hsja", "evasion-hopskipjump", "l2", 0},
    {"simba", "evasion-simba", "l2", AISEC_PROBE_EV_SIMBA},
    {"square-linf", "evasion-square-linf", "linf", AISEC_PROBE_EV_SQUARE_LINF},
    {"square-l2", "evasion-square-l2", "l2", AISEC_PROBE_EV_SQUARE_L2},
};

/* The success rate at each --eps: rows whose smallest perturbation is
 * within eps (an adversarial input within a smaller radius is also within
 * a larger one). */
static void evasion_rates(const struct probe_cli *c, const double *sorted,
			  size_t m, size_t n, const char *norm, json_t *res,
			  json_t *metrics)
{
	json_t *arr = json_array();

	for (size_t e = 0; e < c->n_eps; e++) {
		size_t k = 0;
		double iv[2];
		char id[64], label[128];

		while (k < m && sorted[k] <= c->eps[e])
			k++;
		aisec_probe_clopper_pearson(k, n, 0.95, &iv[0], &iv[1]);
		json_array_append_new(
		    arr,
		    json_pack("{s:f, s:I, s:I, s:f, s:{s:f, s:f, s:f, s:s}}",
			      "eps", c->eps[e], "evaded", (json_int_t)k,
			      "inputs", (json_int_t)n, "rate",
			      n ? (double)k / (double)n : 0.0, "interval",
			      "low", iv[0], "high", iv[1], "level", 0.95,
			      "method", "clopper-pearson"));
		snprintf(id, sizeof(id), "evasion.success_rate.eps_%g",
			 c->eps[e]);
		snprintf(label, sizeof(label),
			 "attack success rate at eps=%g (%s)", c->eps[e],
			 strcmp(norm, "l2") == 0 ? "L2" : "Linf");
		if (n)
			metric_add(metrics, id, label, (double)k / (double)n,
				   "ratio", 0, iv, "clopper-pearson");
	}
	json_object_set_new(res, "success", arr);
}

static int run_evasion(struct probe_cli *c, struct aisec_probe_target *t)
{
	const struct aisec_probe_spec *s = aisec_probe_target_spec(t);
	struct aisec_probe_evasion_opts eo = {.seed = c->seed,
					      .max_queries = c->max_queries};
	struct aisec_probe_evasion_result r;
	struct aisec_error err;
	double *x = NULL, *sorted = NULL, *qs = NULL;
	json_t *doc, *res, *per, *metrics, *curves, *pts;
	size_t n = 0, m = 0, mi = 0;
	int rc, ret;

	if (c->method) {
		while (mi < sizeof(evasion_methods) /
				sizeof(evasion_methods[0]) &&
		       strcmp(evasion_methods[mi].name, c->method) != 0)
			mi++;
		if (mi == sizeof(evasion_methods) / sizeof(evasion_methods[0]))
			return cli_usage("probe",
					 "unknown evasion method '%s' (hsja, "
					 "simba, square-linf, square-l2)",
					 c->method);
	}
	if (!c->input)
		return cli_usage("probe", "evasion needs --input CSV");
	if ((ret = read_rows(c->input, s->n_features, &x, &n)) != CLI_OK)
		return ret;
	aisec_error_clear(&err);
	rc = evasion_methods[mi].method == 0
		 ? aisec_probe_evasion_hsja(t, x, n, &eo, &r, &err)
		 : aisec_probe_evasion_score(
		       t, x, n,
		       (enum aisec_probe_evasion_method)evasion_methods[mi]
			   .method,
		       &eo, &r, &err);
	doc = header(evasion_methods[mi].probe, c, t, rc == 0);
	per = json_array();
	sorted = calloc(r.n ? r.n : 1, sizeof(double));
	qs = calloc(r.n ? r.n : 1, sizeof(double));
	for (size_t i = 0; i < r.n; i++) {
		json_array_append_new(
		    per, json_pack("{s:s, s:o, s:I}", "label",
				   s->classes[r.label[i]], "distance",
				   isfinite(r.dist[i]) ? json_real(r.dist[i])
						       : json_null(),
				   "queries", (json_int_t)r.queries[i]));
		if (sorted && isfinite(r.dist[i]))
			sorted[m++] = r.dist[i];
		if (qs)
			qs[i] = (double)r.queries[i];
	}
	res = json_pack("{s:s, s:s, s:I, s:I, s:I, s:o}", "norm",
			evasion_methods[mi].norm, "method",
			evasion_methods[mi].name, "inputs", (json_int_t)r.n,
			"found", (json_int_t)r.found, "max_queries_per_input",
			(json_int_t)(c->max_queries ? c->max_queries : 5000),
			"per_input", per);
	metrics = json_array();
	curves = json_array();
	if (r.n)
		metric_add(metrics, "evasion.found_rate",
			   "inputs evaded within the query budget",
			   (double)m / (double)r.n, "ratio", 0, NULL, NULL);
	if (m) {
		qsort(sorted, m, sizeof(double), cmp_double);
		json_object_set_new(
		    res, "distance",
		    json_pack("{s:f, s:f, s:f, s:f, s:f}", "min", sorted[0],
			      "q1", quantile(sorted, m, 0.25), "median",
			      quantile(sorted, m, 0.5), "q3",
			      quantile(sorted, m, 0.75), "max", sorted[m - 1]));
		metric_add(metrics, "evasion.median_distance",
			   strcmp(evasion_methods[mi].norm, "l2") == 0
			       ? "median smallest perturbation found (L2)"
			       : "median smallest perturbation found (Linf)",
			   quantile(sorted, m, 0.5), "distance", 1, NULL, NULL);
		json_array_append_new(
		    curves,
		    curve_new("evasion.success_vs_epsilon",
			      "attack success rate by radius",
			      strcmp(evasion_methods[mi].norm, "l2") == 0
				  ? "perturbation radius eps (L2)"
				  : "perturbation radius eps (Linf)",
			      "linear", "success rate",
			      evasion_methods[mi].name, &pts));
		point_add(pts, 0, 0);
		for (size_t i = 0; i < m; i++)
			point_add(pts, sorted[i],
				  (double)(i + 1) / (double)r.n);
	}
	if (r.n && qs) {
		qsort(qs, r.n, sizeof(double), cmp_double);
		json_object_set_new(res, "queries",
				    json_pack("{s:f, s:f, s:f}", "min", qs[0],
					      "median", quantile(qs, r.n, 0.5),
					      "max", qs[r.n - 1]));
		metric_add(metrics, "evasion.queries.median",
			   "median queries per input", quantile(qs, r.n, 0.5),
			   "queries", 1, NULL, NULL);
	}
	evasion_rates(c, sorted, m, r.n, evasion_methods[mi].norm, res,
		      metrics);
	aisec_probe_evasion_release(&r);
	free(sorted);
	free(qs);
	free(x);
	return probe_finish(c, doc, res, metrics, curves, rc, &err);
}

/* ---- membership inference ---- */

/* The true class (column d + 1: an index or a class name) of each row of a
 * CSV read_rows() read. */
static int read_labels(const char *path, const struct aisec_probe_spec *s,
		       size_t n, int *y)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, i = 0;
	int lineno = 0, ret = CLI_OK;

	if (!f)
		return cli_error("cannot open '%s': %s", path, strerror(errno));
	while (i < n && getline(&line, &cap, f) > 0) {
		char *p = line, *end;
		long v;
		size_t len;

		lineno++;
		if (*p == '\n' || *p == '#')
			continue;
		for (size_t j = 0; j < s->n_features && p; j++)
			p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL;
		if (!p) {
			ret = cli_error("'%s' line %d: column %zu (the true "
					"class) is missing",
					path, lineno, s->n_features + 1);
			break;
		}
		len = strcspn(p, ",\r\n");
		errno = 0;
		v = strtol(p, &end, 10);
		if (end == p + len && len && !errno && v >= 0 &&
		    (size_t)v < s->n_classes) {
			y[i++] = (int)v;
			continue;
		}
		for (v = 0; (size_t)v < s->n_classes; v++)
			if (strlen(s->classes[v]) == len &&
			    strncmp(s->classes[v], p, len) == 0)
				break;
		if ((size_t)v == s->n_classes) {
			ret = cli_error("'%s' line %d: column %zu: '%.*s' is "
					"not a class index (0..%zu) or name "
					"of the spec",
					path, lineno, s->n_features + 1,
					(int)len, p, s->n_classes - 1);
			break;
		}
		y[i++] = (int)v;
	}
	free(line);
	fclose(f);
	return ret;
}

static int read_labelled(const char *path, const struct aisec_probe_spec *s,
			 double **x, int **y, size_t *n)
{
	int ret = read_rows(path, s->n_features, x, n);

	if (ret != CLI_OK)
		return ret;
	*y = calloc(*n ? *n : 1, sizeof(int));
	if (!*y)
		return cli_error("out of memory");
	return read_labels(path, s, *n, *y);
}

static int cmp_desc(const void *a, const void *b)
{
	return -cmp_double(a, b);
}

/* ROC points of member scores a[m] against non-member scores b[n]. */
static void roc_points(json_t *pts, const double *a, size_t m, const double *b,
		       size_t n)
{
	double *all = malloc((m + n) * sizeof(double));

	if (!all)
		return;
	memcpy(all, a, m * sizeof(double));
	memcpy(all + m, b, n * sizeof(double));
	qsort(all, m + n, sizeof(double), cmp_desc);
	point_add(pts, 0, 0);
	for (size_t i = 0; i < m + n; i++) {
		size_t tp = 0, fp = 0;

		if (i > 0 && all[i] == all[i - 1])
			continue;
		for (size_t j = 0; j < m; j++)
			tp += a[j] >= all[i];
		for (size_t j = 0; j < n; j++)
			fp += b[j] >= all[i];
		point_add(pts, (double)fp / (double)n, (double)tp / (double)m);
	}
	free(all);
}

static json_t *mia_attack(const struct aisec_probe_mia_attack *a,
			  const char *name, const char *title, json_t *metrics)
{
	json_t *o, *pts = json_array();
	char id[96], label[160];
	double iv[2] = {a->auc_low, a->auc_high};

	o = json_pack("{s:f, s:{s:f, s:f, s:f, s:s}, s:o}", "auc", a->auc,
		      "auc_interval", "low", a->auc_low, "high", a->auc_high,
		      "level", 0.95, "method", "delong", "tpr_at_fpr", pts);
	snprintf(id, sizeof(id), "membership.%s.auc", name);
	snprintf(label, sizeof(label), "membership inference AUC (%s)", title);
	metric_add(metrics, id, label, a->auc, "auc", 0, iv, "delong");
	for (size_t i = 0; i < 2; i++) {
		const struct aisec_probe_mia_point *p = &a->at[i];
		double tv[2] = {p->tpr_low, p->tpr_high};

		json_array_append_new(
		    pts,
		    json_pack("{s:f, s:b, s:f, s:I, s:I, s:f, s:f, s:{s:f, "
			      "s:f, s:f, s:s}, s:{s:f, s:f, s:f, s:s}}",
			      "fpr_target", p->fpr_target, "measurable",
			      p->measurable, "threshold",
			      isfinite(p->threshold) ? p->threshold : -1.0,
			      "tp", (json_int_t)p->tp, "fp", (json_int_t)p->fp,
			      "tpr", p->tpr, "fpr", p->fpr, "tpr_interval",
			      "low", p->tpr_low, "high", p->tpr_high, "level",
			      0.95, "method", "clopper-pearson", "fpr_interval",
			      "low", p->fpr_low, "high", p->fpr_high, "level",
			      0.95, "method", "clopper-pearson"));
		snprintf(id, sizeof(id), "membership.%s.tpr_at_fpr_%g", name,
			 p->fpr_target);
		snprintf(label, sizeof(label),
			 "membership TPR at FPR %g%% (%s)%s",
			 p->fpr_target * 100, title,
			 p->measurable ? "" : ", FPR not measurable at this n");
		metric_add(metrics, id, label, p->tpr, "ratio", 0, tv,
			   "clopper-pearson");
	}
	return o;
}

static int run_membership(struct probe_cli *c, struct aisec_probe_target *t)
{
	const struct aisec_probe_spec *s = aisec_probe_target_spec(t);
	struct aisec_probe_membership_opts mo = {.seed = c->seed,
						 .noise_copies =
						     c->noise_copies,
						 .noise = c->noise};
	struct aisec_probe_membership_result r;
	struct aisec_error err;
	double *xm = NULL, *xn = NULL;
	int *ym = NULL, *yn = NULL, rc, ret;
	size_t nm = 0, nn = 0;
	json_t *doc, *res, *att, *metrics, *curves, *pts;
	char caveat[256];

	if (!c->members || !c->nonmembers)
		return cli_usage("probe", "membership needs --members CSV and "
					  "--nonmembers CSV");
	if ((ret = read_labelled(c->members, s, &xm, &ym, &nm)) != CLI_OK ||
	    (ret = read_labelled(c->nonmembers, s, &xn, &yn, &nn)) != CLI_OK)
		goto out;
	aisec_error_clear(&err);
	rc = aisec_probe_membership(t, xm, ym, nm, xn, yn, nn, &mo, &r, &err);
	doc = header("membership", c, t, rc == 0);
	snprintf(caveat, sizeof(caveat),
		 "with %zu non-members the smallest FPR measurable is %.3g: "
		 "a TPR at a lower FPR is not measured",
		 r.n_nonmembers,
		 r.n_nonmembers ? 1.0 / (double)r.n_nonmembers : 1.0);
	res = json_pack("{s:I, s:I, s:I, s:I, s:i, s:f, s:s, s:f}", "members",
			(json_int_t)nm, "nonmembers", (json_int_t)nn,
			"members_scored", (json_int_t)r.n_members,
			"nonmembers_scored", (json_int_t)r.n_nonmembers,
			"noise_copies", (int)r.noise_copies, "noise", r.noise,
			"caveat", caveat, "min_measurable_fpr",
			r.n_nonmembers ? 1.0 / (double)r.n_nonmembers : 1.0);
	att = json_object();
	metrics = json_array();
	curves = json_array();
	if (r.score.available) {
		json_object_set_new(att, "score_threshold",
				    mia_attack(&r.score, "score",
					       "true-label confidence",
					       metrics));
		json_array_append_new(
		    curves,
		    curve_new("membership.roc.score",
			      "membership inference ROC (true-label "
			      "confidence)",
			      "false positive rate", "linear",
			      "true positive rate", "score threshold", &pts));
		roc_points(pts, r.member_conf, r.n_members, r.nonmember_conf,
			   r.n_nonmembers);
	}
	if (r.label.available) {
		json_object_set_new(
		    att, "label_only",
		    mia_attack(&r.label, "label", "label only", metrics));
		json_array_append_new(
		    curves,
		    curve_new("membership.roc.label",
			      "membership inference ROC (label only)",
			      "false positive rate", "linear",
			      "true positive rate", "label only", &pts));
		roc_points(pts, r.member_hits, r.n_members, r.nonmember_hits,
			   r.n_nonmembers);
	}
	json_object_set_new(res, "attacks", att);
	aisec_probe_membership_release(&r);
	ret = probe_finish(c, doc, res, metrics, curves, rc, &err);
out:
	free(xm);
	free(xn);
	free(ym);
	free(yn);
	return ret;
}

/* ---- extraction by surrogate training ---- */

static int run_surrogate(struct probe_cli *c, struct aisec_probe_target *t)
{
	const struct aisec_probe_spec *s = aisec_probe_target_spec(t);
	struct aisec_probe_surrogate_opts so = {
	    .seed = c->seed, .train = c->train, .n_check = c->check};
	struct aisec_probe_surrogate_result r;
	struct aisec_error err;
	double *pool = NULL;
	size_t np = 0;
	json_t *doc, *res, *arr, *metrics, *curves, *pts;
	int rc, ret;

	if (c->input) {
		if ((ret = read_rows(c->input, s->n_features, &pool, &np)) !=
		    CLI_OK)
			return ret;
		if (!np) {
			free(pool);
			return cli_error("'%s': no rows", c->input);
		}
		so.pool = pool;
		so.pool_n = np;
	}
	aisec_error_clear(&err);
	rc = aisec_probe_extract_surrogate(t, &so, &r, &err);
	doc = header("extract-surrogate", c, t, rc == 0);
	arr = json_array();
	metrics = json_array();
	curves = json_array();
	json_array_append_new(
	    curves, curve_new("extract.fidelity",
			      "surrogate fidelity against labels bought",
			      "labels bought (queries)", "log",
			      "agreement with the target on held-out inputs",
			      "softmax regression", &pts));
	for (size_t i = 0; i < r.n_points; i++) {
		double iv[2];

		aisec_probe_clopper_pearson(r.agree[i], r.checked, 0.95, &iv[0],
					    &iv[1]);
		json_array_append_new(
		    arr,
		    json_pack("{s:I, s:I, s:f, s:{s:f, s:f, s:f, s:s}}",
			      "queries", (json_int_t)r.queries[i], "agree",
			      (json_int_t)r.agree[i], "fidelity", r.fidelity[i],
			      "interval", "low", iv[0], "high", iv[1], "level",
			      0.95, "method", "clopper-pearson"));
		point_add(pts, (double)r.queries[i], r.fidelity[i]);
		if (i + 1 == r.n_points)
			metric_add(metrics, "extract.fidelity",
				   "surrogate fidelity on held-out inputs",
				   r.fidelity[i], "ratio", 0, iv,
				   "clopper-pearson");
	}
	res = json_pack(
	    "{s:s, s:s, s:I, s:I, s:f, s:I, s:o}", "surrogate",
	    "softmax-regression", "inputs", c->input ? "pool" : "uniform",
	    "checked", (json_int_t)r.checked, "majority",
	    (json_int_t)r.majority, "majority_rate",
	    r.checked ? (double)r.majority / (double)r.checked : 0.0,
	    "queries_check", (json_int_t)r.check_queries, "curve", arr);
	aisec_probe_surrogate_release(&r);
	free(pool);
	return probe_finish(c, doc, res, metrics, curves, rc, &err);
}

/* ---- natural robustness ---- */

static int run_robustness(struct probe_cli *c, struct aisec_probe_target *t)
{
	static const double deflt[] = {0, 0.01, 0.02, 0.05, 0.1, 0.2};
	const struct aisec_probe_spec *s = aisec_probe_target_spec(t);
	int uniform = c->noise_kind && strcmp(c->noise_kind, "uniform") == 0;
	struct aisec_probe_robustness_opts ro = {
	    .seed = c->seed,
	    .levels = c->n_levels ? c->levels : deflt,
	    .n_levels =
		c->n_levels ? c->n_levels : sizeof(deflt) / sizeof(deflt[0]),
	    .uniform = uniform};
	struct aisec_probe_robustness_result r;
	struct aisec_error err;
	double *x = NULL;
	int *y = NULL, rc, ret;
	size_t n = 0;
	json_t *doc, *res, *arr, *metrics, *curves, *pts;

	if (!c->input)
		return cli_usage("probe", "robustness needs --input CSV "
					  "(features, then the true class)");
	if ((ret = read_labelled(c->input, s, &x, &y, &n)) != CLI_OK)
		goto out;
	aisec_error_clear(&err);
	rc = aisec_probe_robustness(t, x, y, n, &ro, &r, &err);
	doc = header("robustness", c, t, rc == 0);
	arr = json_array();
	metrics = json_array();
	curves = json_array();
	json_array_append_new(
	    curves, curve_new("robustness.noise",
			      uniform ? "accuracy under uniform noise"
				      : "accuracy under Gaussian noise",
			      uniform ? "noise level (shift / feature range)"
				      : "noise level (sigma / feature range)",
			      "linear", "accuracy",
			      s->model ? s->model : "target", &pts));
	for (size_t l = 0; l < r.n_levels; l++) {
		double iv[2], acc = (double)r.correct[l] / (double)r.n;
		char id[64], label[128];

		aisec_probe_clopper_pearson(r.correct[l], r.n, 0.95, &iv[0],
					    &iv[1]);
		json_array_append_new(
		    arr,
		    json_pack("{s:f, s:I, s:I, s:f, s:{s:f, s:f, s:f, s:s}}",
			      "level", ro.levels[l], "correct",
			      (json_int_t)r.correct[l], "inputs",
			      (json_int_t)r.n, "accuracy", acc, "interval",
			      "low", iv[0], "high", iv[1], "level", 0.95,
			      "method", "clopper-pearson"));
		point_add(pts, ro.levels[l], acc);
		snprintf(id, sizeof(id), "robustness.accuracy.level_%g",
			 ro.levels[l]);
		snprintf(label, sizeof(label), "accuracy under %s noise %g",
			 uniform ? "uniform" : "Gaussian", ro.levels[l]);
		metric_add(metrics, id, label, acc, "ratio", 1, iv,
			   "clopper-pearson");
	}
	res = json_pack("{s:s, s:I, s:o}", "noise",
			uniform ? "uniform" : "gaussian", "inputs",
			(json_int_t)n, "levels", arr);
	aisec_probe_robustness_release(&r);
	ret = probe_finish(c, doc, res, metrics, curves, rc, &err);
out:
	free(x);
	free(y);
	return ret;
}

static int run_fuzz(struct probe_cli *c, struct aisec_probe_target *t)
{
	struct aisec_probe_fuzz_result r;
	struct aisec_error err;
	json_t *doc;
	int rc, ret;

	aisec_error_clear(&err);
	rc = aisec_probe_fuzz(t, c->seed, &r, &err);
	doc = header("fuzz", c, t, rc == 0);
	probe_fuzz_json(doc, &r);
	if (rc != 0)
		json_object_set_new(doc, "error", json_string(err.msg));
	ret = write_results(c, doc);
	if (rc != 0)
		ret = cli_error_from(&err);
	else if (ret == CLI_OK &&
		 r.crashes + r.server_errors + r.timeouts + r.unreachable) {
		fprintf(stderr,
			"aisec: fuzz: %zu crashes, %zu server errors, %zu "
			"timeouts, %zu unreachable in %zu cases\n",
			r.crashes, r.server_errors, r.timeouts, r.unreachable,
			r.n);
		ret = CLI_NEGATIVE;
	}
	aisec_probe_fuzz_release(&r);
	return ret;
}

static int run_latency(struct probe_cli *c, struct aisec_probe_target *t)
{
	struct aisec_probe_latency_opts lo = {.seed = c->seed,
					      .requests = c->requests,
					      .starts = c->starts,
					      .rounds = c->rounds};
	struct aisec_probe_latency_result r;
	struct aisec_error err;
	json_t *doc;
	int rc, ret;

	aisec_error_clear(&err);
	rc = aisec_probe_latency(t, &lo, &r, &err);
	doc = header("latency", c, t, rc == 0);
	probe_latency_json(doc, &r, c->o.concurrency);
	if (rc != 0)
		json_object_set_new(doc, "error", json_string(err.msg));
	aisec_probe_latency_release(&r);
	ret = write_results(c, doc);
	return rc != 0 ? cli_error_from(&err) : ret;
}

int cmd_probe(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"spec", required_argument, NULL, 's'},
	    {"url", required_argument, NULL, 'u'},
	    {"protocol", required_argument, NULL, 'P'},
	    {"template", required_argument, NULL, 'T'},
	    {"select", required_argument, NULL, 'S'},
	    {"exec", no_argument, NULL, 'x'},
	    {"budget", required_argument, NULL, 'b'},
	    {"rate", required_argument, NULL, 'r'},
	    {"concurrency", required_argument, NULL, 'c'},
	    {"batch", required_argument, NULL, 'B'},
	    {"retries", required_argument, NULL, 'R'},
	    {"timeout", required_argument, NULL, 't'},
	    {"header-file", required_argument, NULL, 'H'},
	    {"token-env", required_argument, NULL, 'e'},
	    {"token-file", required_argument, NULL, 'F'},
	    {"cacert", required_argument, NULL, 'C'},
	    {"seed", required_argument, NULL, 'z'},
	    {"input", required_argument, NULL, 'i'},
	    {"check", required_argument, NULL, 'k'},
	    {"max-queries", required_argument, NULL, 'q'},
	    {"method", required_argument, NULL, 'M'},
	    {"eps", required_argument, NULL, 'E'},
	    {"members", required_argument, NULL, 'm'},
	    {"nonmembers", required_argument, NULL, 'n'},
	    {"noise-copies", required_argument, NULL, 'K'},
	    {"noise-sigma", required_argument, NULL, 'N'},
	    {"noise", required_argument, NULL, 'G'},
	    {"levels", required_argument, NULL, 'L'},
	    {"train", required_argument, NULL, 'Q'},
	    {"output", required_argument, NULL, 'o'},
	    {"ledger", required_argument, NULL, 1001},
	    {"requests", required_argument, NULL, 1002},
	    {"starts", required_argument, NULL, 'W'},
	    {"rounds", required_argument, NULL, 'D'},
	    {NULL, 0, NULL, 0}};
	struct probe_cli c = {
	    .o = {.budget = 100000, .concurrency = 4, .batch = 1, .retries = 3},
	    .seed = 1,
	    .check = 10000,
	    .noise_copies = 8};
	struct aisec_probe_spec *spec = NULL;
	struct aisec_probe_target *t = NULL;
	struct aisec_error err;
	const char *probe, *token_env = NULL, *token_file = NULL, *hfile = NULL,
			   *tfile = NULL;
	uint64_t v;
	int ch, ret = CLI_OK;

	if (argc < 2 || argv[1][0] == '-')
		return cli_usage("probe",
				 "name a probe (query, extract, evasion, membership, robustness, fuzz, latency, report)");
	if (strcmp(argv[1], "report") == 0)
		return probe_report(argc - 1, argv + 1);
	probe = argv[1];
	argc--;
	argv++;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:o:", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			c.spec_path = optarg;
			break;
		case 'u':
			c.o.url = optarg;
			break;
		case 'P':
			c.protocol = optarg;
			break;
		case 'T':
			tfile = optarg;
			break;
		case 'S':
			c.o.select = optarg;
			break;
		case 'x':
			c.argv_exec = argv + optind;
			while (optind < argc && strcmp(argv[optind], "--") != 0)
				optind++;
			if (optind == argc || c.argv_exec == argv + optind)
				return cli_usage(
				    "probe",
				    "--exec needs PROGRAM [ARG...] --");
			argv[optind++] = NULL; /* ends the child's argv */
			break;
		case 'b':
			if (parse_u64(optarg, &c.o.budget) != 0)
				return cli_bad_option("probe", NULL, ch, argv);
			break;
		case 'r':
			c.o.rate = strtod(optarg, NULL);
			if (!(c.o.rate >= 0) || !isfinite(c.o.rate))
				return cli_bad_option("probe", NULL, ch, argv);
			break;
		case 'c':
		case 'B':
		case 'R':
		case 't':
			if (parse_u64(optarg, &v) != 0 || v > 100000 ||
			    (v == 0 && ch != 'R'))
				return cli_bad_option("probe", NULL, ch, argv);
			if (ch == 'c')
				c.o.concurrency = (unsigned)v;
			else if (ch == 'B')
				c.o.batch = (unsigned)v;
			else if (ch == 'R')
				c.o.retries = (unsigned)v;
			else
				c.o.timeout_ms = (long)v;
			break;
		case 'H':
			hfile = optarg;
			break;
		case 'e':
			token_env = optarg;
			break;
		case 'F':
			token_file = optarg;
			break;
		case 'C':
			c.o.ca_file = optarg;
			break;
		case 'z':
			if (parse_u64(optarg, &c.seed) != 0)
				return cli_bad_option("probe", NULL, ch, argv);
			break;
		case 'i':
			c.input = optarg;
			break;
		case 'k':
			if (parse_u64(optarg, &v) != 0 || v > 100000000)
				return cli_bad_option("probe", NULL, ch, argv);
			c.check = (size_t)v;
			break;
		case 'q':
			if (parse_u64(optarg, &c.max_queries) != 0 ||
			    !c.max_queries)
				return cli_bad_option("probe", NULL, ch, argv);
			break;
		case 'o':
			c.out = optarg;
			break;
		case 'M':
			c.method = optarg;
			break;
		case 'm':
			c.members = optarg;
			break;
		case 'G':
			if (strcmp(optarg, "gaussian") != 0 &&
			    strcmp(optarg, "uniform") != 0)
				return cli_usage("probe",
						 "--noise is gaussian or "
						 "uniform, not '%s'",
						 optarg);
			c.noise_kind = optarg;
			break;
		case 'L': {
			char *p = optarg, *end;

			c.n_levels = 0;
			for (;;) {
				errno = 0;
				if (c.n_levels == 32)
					return cli_usage("probe",
							 "at most 32 --levels");
				c.levels[c.n_levels] = strtod(p, &end);
				if (end == p || errno ||
				    !(c.levels[c.n_levels] >= 0) ||
				    c.levels[c.n_levels] > 100 ||
				    (*end && *end != ','))
					return cli_bad_option("probe", NULL, ch,
							      argv);
				c.n_levels++;
				if (!*end)
					break;
				p = end + 1;
			}
			break;
		}
		case 'Q':
			if (parse_u64(optarg, &c.train) != 0 || c.train < 2 ||
			    c.train > 10000000)
				return cli_bad_option("probe", NULL, ch, argv);
			break;
		case 'n':
			c.nonmembers = optarg;
			break;
		case 'K':
			if (parse_u64(optarg, &v) != 0 || v > 1000)
				return cli_bad_option("probe", NULL, ch, argv);
			c.noise_copies = (unsigned)v;
			break;
		case 'N': {
			char *end;

			errno = 0;
			c.noise = strtod(optarg, &end);
			if (*end || errno || !(c.noise > 0) || c.noise > 10)
				return cli_bad_option("probe", NULL, ch, argv);
			break;
		}
		case 'E': {
			char *end;

			errno = 0;
			if (c.n_eps == sizeof(c.eps) / sizeof(c.eps[0]))
				return cli_usage("probe", "at most 32 --eps");
			c.eps[c.n_eps] = strtod(optarg, &end);
			if (*end || errno || !(c.eps[c.n_eps] > 0) ||
			    !isfinite(c.eps[c.n_eps]))
				return cli_bad_option("probe", NULL, ch, argv);
			c.n_eps++;
			break;
		}
		case 1001:
			c.ledger = optarg;
			break;
		case 1002:
		case 'W':
		case 'D':
			if (parse_u64(optarg, &v) != 0 || v == 0 ||
			    v > 1000000)
				return cli_bad_option("probe", NULL, ch, argv);
			if (ch == 1002)
				c.requests = (size_t)v;
			else if (ch == 'W')
				c.starts = (size_t)v;
			else
				c.rounds = (unsigned)v;
			break;
		default:
			return cli_bad_option("probe", NULL, ch, argv);
		}
	}
	if (optind != argc)
		return cli_usage("probe", "unexpected argument '%s'",
				 argv[optind]);
	if (strcmp(probe, "query") != 0 && strcmp(probe, "extract") != 0 &&
	    strcmp(probe, "evasion") != 0 && strcmp(probe, "membership") != 0 &&
	    strcmp(probe, "robustness") != 0 && strcmp(probe, "fuzz") != 0 &&
	    strcmp(probe, "latency") != 0)
		return cli_usage("probe",
				 "unknown probe '%s' (query, extract, evasion, "
				 "membership, robustness, fuzz, latency, report)",
				 probe);
	if (!c.spec_path)
		return cli_usage("probe", "--spec FILE is required");
	if (!c.o.url == !c.argv_exec)
		return cli_usage(
		    "probe",
		    "name one target: --url URL or --exec PROGRAM ... --");
	if (c.argv_exec)
		c.o.protocol = AISEC_PROBE_PROCESS;
	else if (!c.protocol || strcmp(c.protocol, "oip-v2") == 0)
		c.o.protocol = AISEC_PROBE_OIP_V2;
	else if (strcmp(c.protocol, "tfserving") == 0)
		c.o.protocol = AISEC_PROBE_TFSERVING;
	else if (strcmp(c.protocol, "template") == 0)
		c.o.protocol = AISEC_PROBE_TEMPLATE;
	else
		return cli_usage(
		    "probe",
		    "unknown protocol '%s' (oip-v2, tfserving, template)",
		    c.protocol);
	if ((c.o.protocol == AISEC_PROBE_TEMPLATE) != (tfile != NULL))
		return cli_usage(
		    "probe", "--template FILE goes with --protocol template");
	if (token_env && token_file)
		return cli_usage(
		    "probe", "--token-env and --token-file exclude each other");
	c.o.argv = c.argv_exec;
	if (tfile && (ret = read_small(tfile, &c.tpl)) != CLI_OK)
		goto out;
	if (hfile && (ret = read_small(hfile, &c.headers)) != CLI_OK)
		goto out;
	if (token_file && (ret = read_small(token_file, &c.token)) != CLI_OK)
		goto out;
	if (token_env) {
		const char *tok = getenv(token_env);

		if (!tok || !*tok) {
			ret = cli_error("environment variable '%s' "
					"(--token-env) is not set",
					token_env);
			goto out;
		}
		if (!(c.token = strdup(tok))) {
			ret = cli_error("out of memory");
			goto out;
		}
	}
	if (c.token)
		c.token[strcspn(c.token, "\r\n")] = '\0';
	c.o.template_body = c.tpl;
	c.o.headers = c.headers;
	c.o.bearer_token = c.token;
	aisec_error_clear(&err);
	if (aisec_probe_spec_load(c.spec_path, &spec, &err) != 0 ||
	    aisec_probe_target_new(spec, &c.o, &t, &err) != 0) {
		ret = err.code == AISEC_ERR_USAGE
			  ? cli_usage("probe", "%s", err.msg)
			  : cli_error_from(&err);
		goto out;
	}
	if (strcmp(probe, "query") == 0)
		ret = run_query(&c, t);
	else if (strcmp(probe, "extract") == 0 && c.method &&
		 strcmp(c.method, "surrogate") == 0)
		ret = run_surrogate(&c, t);
	else if (strcmp(probe, "extract") == 0 && c.method &&
		 strcmp(c.method, "equations") != 0)
		ret = cli_usage("probe",
				"unknown extract method '%s' (equations, "
				"surrogate)",
				c.method);
	else if (strcmp(probe, "extract") == 0)
		ret = run_extract(&c, t);
	else if (strcmp(probe, "membership") == 0)
		ret = run_membership(&c, t);
	else if (strcmp(probe, "robustness") == 0)
		ret = run_robustness(&c, t);
	else if (strcmp(probe, "fuzz") == 0)
		ret = run_fuzz(&c, t);
	else if (strcmp(probe, "latency") == 0)
		ret = run_latency(&c, t);
	else
		ret = run_evasion(&c, t);
out:
	aisec_probe_target_free(t);
	aisec_probe_spec_free(spec);
	free(c.tpl);
	free(c.headers);
	if (c.token) {
		memset(c.token, 0, strlen(c.token));
		free(c.token);
	}
	return ret;
}
