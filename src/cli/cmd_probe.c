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

#include "aisec/probe.h"
#include "cli/cli.h"
#include "cli/probe_cli.h"

const char cli_probe_usage[] =
    "usage: aisec probe PROBE --spec FILE TARGET [OPTIONS]\n\n"
    "probes:\n"
    "  query     send the rows of --input CSV and print each predicted class\n"
    "  extract   equation-solving extraction of a linear/logistic model (d+1\n"
    "            queries) and its agreement on --check fresh inputs\n"
    "  evasion   HopSkipJump (labels only, L2): the smallest perturbation\n"
    "            found for each row of --input CSV within --max-queries\n"
    "            per row (default 5000)\n"
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
	double *x = NULL;
	int lineno = 0, ret = CLI_OK;

	if (!f)
		return cli_error("cannot open '%s': %s", path, strerror(errno));
	while (getline(&line, &cap, f) > 0) {
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
			errno = 0;
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

static int run_evasion(struct probe_cli *c, struct aisec_probe_target *t)
{
	const struct aisec_probe_spec *s = aisec_probe_target_spec(t);
	struct aisec_probe_evasion_opts eo = {.seed = c->seed,
					      .max_queries = c->max_queries};
	struct aisec_probe_evasion_result r;
	struct aisec_error err;
	double *x = NULL, *sorted = NULL;
	json_t *doc, *res, *per;
	size_t n = 0, m = 0;
	int rc, ret;

	if (!c->input)
		return cli_usage("probe", "evasion needs --input CSV");
	if ((ret = read_rows(c->input, s->n_features, &x, &n)) != CLI_OK)
		return ret;
	aisec_error_clear(&err);
	rc = aisec_probe_evasion_hsja(t, x, n, &eo, &r, &err);
	doc = header("evasion-hopskipjump", c, t, rc == 0);
	per = json_array();
	sorted = calloc(r.n ? r.n : 1, sizeof(double));
	for (size_t i = 0; i < r.n; i++) {
		json_array_append_new(
		    per, json_pack("{s:s, s:o, s:I}", "label",
				   s->classes[r.label[i]], "distance",
				   isfinite(r.dist[i]) ? json_real(r.dist[i])
						       : json_null(),
				   "queries", (json_int_t)r.queries[i]));
		if (sorted && isfinite(r.dist[i]))
			sorted[m++] = r.dist[i];
	}
	res = json_pack("{s:s, s:I, s:I, s:I, s:o}", "norm", "l2", "inputs",
			(json_int_t)r.n, "found", (json_int_t)r.found,
			"max_queries_per_input",
			(json_int_t)(c->max_queries ? c->max_queries : 5000),
			"per_input", per);
	if (m) {
		qsort(sorted, m, sizeof(double), cmp_double);
		json_object_set_new(
		    res, "distance",
		    json_pack("{s:f, s:f, s:f, s:f, s:f}", "min", sorted[0],
			      "q1", quantile(sorted, m, 0.25), "median",
			      quantile(sorted, m, 0.5), "q3",
			      quantile(sorted, m, 0.75), "max", sorted[m - 1]));
	}
	if (rc != 0)
		json_object_set_new(doc, "error", json_string(err.msg));
	json_object_set_new(doc, "result", res);
	aisec_probe_evasion_release(&r);
	free(sorted);
	free(x);
	probe_evasion_metrics(doc);
	ret = write_results(c, doc);
	return rc != 0 ? cli_error_from(&err) : ret;
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
	    {"output", required_argument, NULL, 'o'},
	    {"ledger", required_argument, NULL, 'L'},
	    {"requests", required_argument, NULL, 'N'},
	    {"starts", required_argument, NULL, 'W'},
	    {"rounds", required_argument, NULL, 'D'},
	    {NULL, 0, NULL, 0}};
	struct probe_cli c = {
	    .o = {.budget = 100000, .concurrency = 4, .batch = 1, .retries = 3},
	    .seed = 1,
	    .check = 10000};
	struct aisec_probe_spec *spec = NULL;
	struct aisec_probe_target *t = NULL;
	struct aisec_error err;
	const char *probe, *token_env = NULL, *token_file = NULL, *hfile = NULL,
			   *tfile = NULL;
	uint64_t v;
	int ch, ret = CLI_OK;

	if (argc < 2 || argv[1][0] == '-')
		return cli_usage("probe",
				 "name a probe (query, extract, evasion)");
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
		case 'L':
			c.ledger = optarg;
			break;
		case 'N':
		case 'W':
		case 'D':
			if (parse_u64(optarg, &v) != 0 || v == 0 ||
			    v > 1000000)
				return cli_bad_option("probe", NULL, ch, argv);
			if (ch == 'N')
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
	    strcmp(probe, "evasion") != 0 && strcmp(probe, "fuzz") != 0 &&
	    strcmp(probe, "latency") != 0)
		return cli_usage("probe",
				 "unknown probe '%s' (query, extract, evasion, "
				 "fuzz, latency, report)",
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
	else if (strcmp(probe, "extract") == 0)
		ret = run_extract(&c, t);
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
