/*
 * probe_out.c - the results JSON of the fuzzing and latency probes, the
 * generic `metrics` and `curves` (docs/probe.md) of the extraction and
 * evasion results, and the ledger record of a results file (--ledger).
 * The report renderers read only the generic members, so a new probe
 * appears in reports by emitting them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "aisec/buf.h"
#include "aisec/file.h"
#include "aisec/ledger.h"
#include "cli/cli.h"
#include "cli/probe_cli.h"

json_t *probe_metric(const char *id, const char *label, double value,
		     const char *unit, int higher_is_better)
{
	return json_pack("{s:s, s:s, s:f, s:s, s:b}", "id", id, "label", label,
			 "value", value, "unit", unit, "higher_is_better",
			 higher_is_better);
}

/* Append v to the list doc[key], made when missing. */
static void add_to(json_t *doc, const char *key, json_t *v)
{
	json_t *a = json_object_get(doc, key);

	if (!a) {
		a = json_array();
		json_object_set_new(doc, key, a);
	}
	json_array_append_new(a, v);
}

#define add_metric(doc, m) add_to(doc, "metrics", m)
#define add_curve(doc, c) add_to(doc, "curves", c)

static json_t *curve(const char *id, const char *title, const char *xl,
		     const char *xscale, const char *yl, const char *name,
		     json_t *points)
{
	return json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:s}, s:[{s:s, s:o}]}",
			 "id", id, "title", title, "x", "label", xl, "scale",
			 xscale, "y", "label", yl, "series", "name", name,
			 "points", points);
}

static const char *const outcome_name[] = {
    "accepted", "rejected", "server-error", "crash", "timeout", "unreachable"};

void probe_fuzz_json(json_t *doc, const struct aisec_probe_fuzz_result *r)
{
	json_t *per = json_array(), *cat = json_object(), *res;
	static const struct {
		const char *id, *label;
		size_t off;
	} counts[] = {
	    {"fuzz.crashes", "crashes (dropped connection or dead process)",
	     offsetof(struct aisec_probe_fuzz_result, crashes)},
	    {"fuzz.server_errors", "server errors (5xx)",
	     offsetof(struct aisec_probe_fuzz_result, server_errors)},
	    {"fuzz.timeouts", "timeouts",
	     offsetof(struct aisec_probe_fuzz_result, timeouts)},
	    {"fuzz.accepted_invalid", "invalid inputs accepted",
	     offsetof(struct aisec_probe_fuzz_result, accepted_invalid)},
	    {"fuzz.rejected_valid", "valid inputs refused",
	     offsetof(struct aisec_probe_fuzz_result, rejected_valid)},
	};

	for (size_t i = 0; i < r->n; i++) {
		const struct aisec_probe_fuzz_case *c = &r->cases[i];
		json_t *e = json_pack(
		    "{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:I, s:s}", "category",
		    c->category, "name", c->name, "expect",
		    c->expect_accept == 1   ? "accept"
		    : c->expect_accept == 0 ? "refuse"
					    : "either",
		    "outcome", outcome_name[c->outcome], "finding", c->finding,
		    "detail", c->detail, "input", c->input, "input_bytes",
		    (json_int_t)c->input_len, "input_sha256", c->input_sha256);
		json_t *k = json_object_get(cat, c->category);

		if (c->status)
			json_object_set_new(e, "status",
					    json_integer(c->status));
		json_array_append_new(per, e);
		if (!k) {
			k = json_pack("{s:i, s:i}", "cases", 0, "findings", 0);
			json_object_set_new(cat, c->category, k);
		}
		json_object_set_new(
		    k, "cases",
		    json_integer(
			json_integer_value(json_object_get(k, "cases")) + 1));
		json_object_set_new(
		    k, "findings",
		    json_integer(
			json_integer_value(json_object_get(k, "findings")) +
			c->finding));
	}
	res = json_pack(
	    "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "cases",
	    (json_int_t)r->n, "findings", (json_int_t)r->findings, "crashes",
	    (json_int_t)r->crashes, "server_errors",
	    (json_int_t)r->server_errors, "timeouts", (json_int_t)r->timeouts,
	    "unreachable", (json_int_t)r->unreachable, "accepted_invalid",
	    (json_int_t)r->accepted_invalid, "rejected_valid",
	    (json_int_t)r->rejected_valid, "by_category", cat, "per_case", per);
	json_object_set_new(doc, "result", res);
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		size_t v = *(const size_t *)((const char *)r + counts[i].off);

		add_metric(doc, probe_metric(counts[i].id, counts[i].label,
					     (double)v, "count", 0));
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile of sorted v[n], nearest rank. */
static double rank_q(const double *v, size_t n, double q)
{
	size_t i = (size_t)ceil(q * (double)n);

	return v[i ? i - 1 : 0];
}

void probe_latency_json(json_t *doc, const struct aisec_probe_latency_result *r,
			unsigned concurrency)
{
	double *v = malloc((r->n ? r->n : 1) * sizeof(double)), sum = 0;
	size_t m = 0, d = r->d;
	json_t *load, *search, *worst = json_array(), *trace = json_array(),
			       *cdf = json_array();

	for (size_t i = 0; v && i < r->n; i++)
		if (!isnan(r->ms[i]))
			sum += (v[m++] = r->ms[i]);
	load = json_pack("{s:I, s:I, s:I, s:I, s:f, s:f}", "requests",
			 (json_int_t)r->n, "batch", (json_int_t)r->batch,
			 "concurrency", (json_int_t)concurrency, "errors",
			 (json_int_t)r->errors, "wall_s", r->wall_s,
			 "requests_per_s",
			 r->wall_s > 0 ? (double)r->n / r->wall_s : 0.0);
	if (m) {
		qsort(v, m, sizeof(double), cmp_double);
		json_object_set_new(
		    load, "ms",
		    json_pack("{s:f, s:f, s:f, s:f, s:f, s:f}", "min", v[0],
			      "p50", rank_q(v, m, 0.5), "p90",
			      rank_q(v, m, 0.9), "p99", rank_q(v, m, 0.99),
			      "max", v[m - 1], "mean", sum / (double)m));
		add_metric(doc, probe_metric("latency.p50", "median latency",
					     rank_q(v, m, 0.5), "ms", 0));
		add_metric(doc, probe_metric("latency.p99",
					     "99th percentile latency",
					     rank_q(v, m, 0.99), "ms", 0));
		add_metric(doc, probe_metric("latency.max", "maximum latency",
					     v[m - 1], "ms", 0));
		for (size_t i = 0; i < m; i++)
			if (i + 1 == m || v[i + 1] != v[i])
				json_array_append_new(
				    cdf,
				    json_pack("[f, f]", v[i],
					      (double)(i + 1) / (double)m));
		add_curve(doc,
			  curve("latency.cdf",
				"latency of random valid inputs under load",
				"latency (ms)", "log",
				"fraction of requests at most", "load", cdf));
	} else
		json_decref(cdf);
	for (unsigned k = 0; r->trace && k <= r->rounds; k++)
		json_array_append_new(trace,
				      json_pack("[i, f]", (int)k, r->trace[k]));
	for (size_t i = 0; i < r->n_worst; i++) {
		json_t *x = json_array();

		for (size_t j = 0; j < d; j++)
			json_array_append_new(x,
					      json_real(r->worst_x[i * d + j]));
		json_array_append_new(
		    worst, json_pack("{s:f, s:f, s:o}", "ms", r->worst_ms[i],
				     "slowdown",
				     r->random_median_ms > 0
					 ? r->worst_ms[i] / r->random_median_ms
					 : 0.0,
				     "input", x));
	}
	search =
	    json_pack("{s:f, s:I, s:I, s:o, s:o}", "random_median_ms",
		      r->random_median_ms, "rounds", (json_int_t)r->rounds,
		      "queries", (json_int_t)r->search_queries,
		      "slowest_so_far_ms", json_incref(trace), "worst", worst);
	add_curve(doc,
		  curve("latency.search",
			"sponge search: slowest latency found per round",
			"round", "linear", "latency (ms)", "slowest", trace));
	if (r->n_worst && r->random_median_ms > 0)
		add_metric(doc, probe_metric(
				    "latency.sponge_slowdown",
				    "slowest input found / median random input",
				    r->worst_ms[0] / r->random_median_ms,
				    "ratio", 0));
	json_object_set_new(
	    doc, "result",
	    json_pack("{s:o, s:o}", "load", load, "search", search));
	free(v);
}

void probe_extract_metrics(json_t *doc)
{
	json_t *res = json_object_get(doc, "result");
	json_t *ag = json_object_get(res, "agreement");

	add_metric(doc,
		   probe_metric(
		       "extract.queries_solve", "queries to extract the model",
		       json_number_value(json_object_get(res, "queries_solve")),
		       "queries", 1));
	if (ag)
		add_metric(doc,
			   probe_metric("extract.agreement",
					"agreement of the extracted model",
					json_number_value(ag), "ratio", 0));
}

void probe_evasion_metrics(json_t *doc)
{
	json_t *res = json_object_get(doc, "result");
	json_t *per = json_object_get(res, "per_input"), *e, *pts;
	double n = (double)json_integer_value(json_object_get(res, "inputs"));
	double found =
	    (double)json_integer_value(json_object_get(res, "found"));
	double *v = malloc((json_array_size(per) + 1) * sizeof(double));
	size_t i, m = 0;

	if (n > 0)
		add_metric(
		    doc,
		    probe_metric("evasion.found_rate",
				 "inputs evaded within the query budget (L2)",
				 found / n, "ratio", 0));
	if (json_object_get(json_object_get(res, "distance"), "median"))
		add_metric(doc,
			   probe_metric(
			       "evasion.median_distance",
			       "median smallest L2 perturbation found",
			       json_number_value(json_object_get(
				   json_object_get(res, "distance"), "median")),
			       "distance", 1));
	json_array_foreach(per, i, e)
	{
		json_t *dist = json_object_get(e, "distance");

		if (v && json_is_number(dist))
			v[m++] = json_number_value(dist);
	}
	if (v && m) {
		pts = json_array();
		qsort(v, m, sizeof(double), cmp_double);
		for (i = 0; i < m; i++)
			json_array_append_new(
			    pts,
			    json_pack("[f, f]", v[i], (double)(i + 1) / n));
		add_curve(doc, curve("evasion.success_vs_epsilon",
				     "inputs evaded at L2 distance at most eps",
				     "eps (L2)", "linear",
				     "fraction of inputs evaded", "HopSkipJump",
				     pts));
	}
	free(v);
}

void probe_sha256_bytes(const void *p, size_t len,
			char out[AISEC_PROBE_DIGEST_LEN])
{
	unsigned char md[32] = {0};
	struct aisec_buf b;

	EVP_Digest(p, len, md, NULL, EVP_sha256(), NULL);
	aisec_buf_init(&b, 0);
	out[0] = '\0';
	if (aisec_buf_adds(&b, "sha256:") == 0 &&
	    aisec_buf_addhex(&b, md, sizeof(md)) == 0)
		snprintf(out, AISEC_PROBE_DIGEST_LEN, "%s", b.data);
	aisec_buf_release(&b);
}

void probe_now_utc(char out[32])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int probe_ledger_append(const char *dir, json_t *doc, const char *path)
{
	struct aisec_ledger_open_opts oo = {.sync = AISEC_LEDGER_SYNC_ALWAYS};
	struct aisec_error err;
	struct aisec_buf file;
	struct aisec_ledger *l;
	char when[32], digest[AISEC_PROBE_DIGEST_LEN];
	const char *system;
	char *text = NULL, *entry = NULL;
	json_t *ev;
	uint64_t idx = 0;
	int ret = CLI_OK;

	aisec_error_clear(&err);
	aisec_buf_init(&file, 0);
	/* the digest of the bytes as written, or as they would be */
	if (path) {
		if (aisec_file_read(path, &file, &err) != 0) {
			aisec_buf_release(&file);
			return cli_error_from(&err);
		}
	} else if (!(text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS)) ||
		   aisec_buf_adds(&file, text) != 0 ||
		   aisec_buf_addch(&file, '\n') != 0) {
		free(text);
		aisec_buf_release(&file);
		return cli_error("out of memory");
	}
	free(text);
	probe_sha256_bytes(file.data ? file.data : "", file.len, digest);
	aisec_buf_release(&file);
	probe_now_utc(when);
	system = json_string_value(
	    json_object_get(json_object_get(doc, "target"), "model"));
	ev = json_pack(
	    "{s:s, s:s, s:s, s:{s:s, s:s?, s:O?, s:O?, s:O?, s:O?, s:O?, "
	    "s:O?, s:O?}}",
	    "time", when, "type", "probe.result", "system",
	    system ? system : "unnamed", "payload", "results_sha256", digest,
	    "results_file", path, "probe", json_object_get(doc, "probe"),
	    "complete", json_object_get(doc, "complete"), "seed",
	    json_object_get(doc, "seed"), "date", json_object_get(doc, "date"),
	    "target", json_object_get(doc, "target"), "queries",
	    json_object_get(doc, "queries"), "metrics",
	    json_object_get(doc, "metrics"));
	entry = ev ? json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(ev);
	if (!entry)
		return cli_error("out of memory");
	l = aisec_ledger_open(dir, &oo, &err);
	if (!l)
		ret = cli_error_from(&err);
	else if (aisec_ledger_append(l, entry, strlen(entry), &idx, &err) !=
		 0) {
		ret = cli_error_from(&err);
		aisec_ledger_close(l, &err);
	} else if (aisec_ledger_close(l, &err) != 0)
		ret = cli_error_from(&err);
	else
		fprintf(stderr,
			"aisec: results recorded in ledger '%s' entry %llu\n",
			dir, (unsigned long long)idx);
	free(entry);
	return ret;
}
