/*
 * fuzz.c - the input fuzzing probe: a fixed, seeded list of inputs a model
 * server should refuse (broken JSON, NaN/Infinity, wrong shapes and types,
 * huge arrays, values outside the spec's ranges) and valid controls it
 * should answer, each sent once; every crash, timeout, 5xx, invalid input
 * accepted and valid input refused is a finding, kept with the input that
 * caused it.
 *
 * Design notes.  Cases are described by a table (what goes where in an
 * otherwise valid request) and written in the target's own framing (OIP v2
 * tensor, TF Serving instances, template, JSON line), so that the server's
 * parser gets past the envelope and meets the bad value.  Values are drawn
 * from the seed: the same seed gives the same bodies.  Requests go one at
 * a time: a crash then belongs to the input that caused it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "probe/probe_int.h"

enum form {
	F_ROWS,	    /* n rows of m values */
	F_RANK1,    /* one flat list of m values */
	F_RANK3,    /* [[[m values]]] */
	F_MISMATCH, /* OIP v2 only: shape [1,d] with d+1 values */
	F_RAW	    /* a body of its own (raw_body) */
};

enum where { W_NONE, W_ONE, W_ALL };

enum raw_kind {
	R_EMPTY,
	R_TRUNCATED,
	R_TRAILING,
	R_NOT_JSON,
	R_BYTES,
	R_BAD_UTF8,
	R_DEEP,
	R_ARRAY,
	R_NULL,
	R_OBJECT
};

/* Special tokens, computed from the spec and the seed. */
#define TOK_ABOVE "\x01"
#define TOK_BELOW "\x02"
#define TOK_FRACTION "\x03"
#define TOK_BIGNUM "\x04"

struct desc {
	const char *category;
	const char *name; /* "%zu" is the feature, where W_ONE */
	int expect;	  /* 1 accept, 0 refuse, -1 either */
	enum form form;
	long n; /* rows */
	long m; /* values per row: d + m; below -1000, (-m) mod (HUGE_ROW + 1)
		   (so -HUGE_ROW is HUGE_ROW and -HUGE_ROW - 1 is 0) */
	enum where where;
	const char *tok;
	enum raw_kind raw;
};

#define HUGE_ROW 1000000L
#define HUGE_BATCH 10000L

static const struct desc cases[] = {
    {"control", "valid input", 1, F_ROWS, 1, 0, W_NONE, NULL, 0},
    {"control", "valid input", 1, F_ROWS, 1, 0, W_NONE, NULL, 0},
    {"control", "valid batch of 4", 1, F_ROWS, 4, 0, W_NONE, NULL, 0},
    {"non-finite", "NaN in feature %zu", 0, F_ROWS, 1, 0, W_ONE, "NaN", 0},
    {"non-finite", "NaN in every feature", 0, F_ROWS, 1, 0, W_ALL, "NaN", 0},
    {"non-finite", "Infinity in feature %zu", 0, F_ROWS, 1, 0, W_ONE,
     "Infinity", 0},
    {"non-finite", "-Infinity in feature %zu", 0, F_ROWS, 1, 0, W_ONE,
     "-Infinity", 0},
    {"non-finite", "1e999 (overflows to infinity) in feature %zu", 0, F_ROWS, 1,
     0, W_ONE, "1e999", 0},
    {"out-of-range", "above the range of feature %zu", 0, F_ROWS, 1, 0, W_ONE,
     TOK_ABOVE, 0},
    {"out-of-range", "below the range of feature %zu", 0, F_ROWS, 1, 0, W_ONE,
     TOK_BELOW, 0},
    {"out-of-range", "1e308 in feature %zu", 0, F_ROWS, 1, 0, W_ONE, "1e308",
     0},
    {"out-of-range", "-1e308 in every feature", 0, F_ROWS, 1, 0, W_ALL,
     "-1e308", 0},
    {"out-of-range", "a fraction in integer feature %zu", 0, F_ROWS, 1, 0,
     W_ONE, TOK_FRACTION, 0},
    {"wrong-type", "a string in feature %zu", 0, F_ROWS, 1, 0, W_ONE, "\"abc\"",
     0},
    {"wrong-type", "a numeric string in feature %zu", 0, F_ROWS, 1, 0, W_ONE,
     "\"0.5\"", 0},
    {"wrong-type", "null in feature %zu", 0, F_ROWS, 1, 0, W_ONE, "null", 0},
    {"wrong-type", "true in feature %zu", 0, F_ROWS, 1, 0, W_ONE, "true", 0},
    {"wrong-type", "an object in feature %zu", 0, F_ROWS, 1, 0, W_ONE,
     "{\"a\":1}", 0},
    {"wrong-type", "a list in feature %zu", 0, F_ROWS, 1, 0, W_ONE, "[1,2]", 0},
    {"wrong-shape", "one feature too few", 0, F_ROWS, 1, -1, W_NONE, NULL, 0},
    {"wrong-shape", "one feature too many", 0, F_ROWS, 1, 1, W_NONE, NULL, 0},
    {"wrong-shape", "a row with no features", 0, F_ROWS, 1, -HUGE_ROW - 1,
     W_NONE, NULL, 0},
    {"wrong-shape", "a batch of no rows", 0, F_ROWS, 0, 0, W_NONE, NULL, 0},
    {"wrong-shape", "a rank-1 input (no batch dimension)", 0, F_RANK1, 1, 0,
     W_NONE, NULL, 0},
    {"wrong-shape", "a rank-3 input", 0, F_RANK3, 1, 0, W_NONE, NULL, 0},
    {"wrong-shape", "a tensor shape that does not match its data", 0,
     F_MISMATCH, 1, 1, W_NONE, NULL, 0},
    {"wrong-shape", "a top-level list", 0, F_RAW, 1, 0, W_NONE, NULL, R_ARRAY},
    {"wrong-shape", "a top-level null", 0, F_RAW, 1, 0, W_NONE, NULL, R_NULL},
    {"wrong-shape", "an empty object", 0, F_RAW, 1, 0, W_NONE, NULL, R_OBJECT},
    {"huge", "a row of 1,000,000 features", 0, F_ROWS, 1, -HUGE_ROW, W_ALL, "1",
     0},
    {"huge", "a batch of 10,000 valid rows", -1, F_ROWS, HUGE_BATCH, 0, W_NONE,
     NULL, 0},
    {"huge", "a number of 100,000 digits in feature %zu", 0, F_ROWS, 1, 0,
     W_ONE, TOK_BIGNUM, 0},
    {"malformed-json", "an empty body", 0, F_RAW, 1, 0, W_NONE, NULL, R_EMPTY},
    {"malformed-json", "a valid request cut in half", 0, F_RAW, 1, 0, W_NONE,
     NULL, R_TRUNCATED},
    {"malformed-json", "trailing garbage after the request", 0, F_RAW, 1, 0,
     W_NONE, NULL, R_TRAILING},
    {"malformed-json", "form-encoded text, not JSON", 0, F_RAW, 1, 0, W_NONE,
     NULL, R_NOT_JSON},
    {"malformed-json", "256 random bytes", 0, F_RAW, 1, 0, W_NONE, NULL,
     R_BYTES},
    {"malformed-json", "invalid UTF-8 in a key", 0, F_RAW, 1, 0, W_NONE, NULL,
     R_BAD_UTF8},
    {"malformed-json", "100,000 nested lists", 0, F_RAW, 1, 0, W_NONE, NULL,
     R_DEEP},
    {"control", "valid input after the bad ones", 1, F_ROWS, 1, 0, W_NONE, NULL,
     0},
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

/* Whether case i applies to this target. */
static int applies(const struct aisec_probe_target *t, const struct desc *c)
{
	if (c->form == F_MISMATCH)
		return t->o.protocol == AISEC_PROBE_OIP_V2;
	if (c->tok && strcmp(c->tok, TOK_FRACTION) == 0)
		return t->spec->integer_input;
	if (c->m == -1 && t->spec->n_features < 2)
		return 0;
	return 1;
}

size_t aisec_probe_fuzz_count(const struct aisec_probe_target *t)
{
	size_t n = 0;

	for (size_t i = 0; i < N_CASES; i++)
		n += applies(t, &cases[i])
			 ? (size_t)(cases[i].n > 1 ? cases[i].n : 1)
			 : 0;
	return n;
}

struct gen {
	const struct aisec_probe_target *t;
	const struct desc *c;
	double *x;  /* d valid values */
	size_t col; /* the feature W_ONE replaces */
	size_t m;   /* values per row */
};

static int put_value(struct aisec_buf *b, const struct gen *g, size_t j)
{
	const struct aisec_probe_spec *s = g->t->spec;
	size_t d = s->n_features, f = j % d;
	const char *tok = g->c->tok;

	if (g->c->where == W_NONE || (g->c->where == W_ONE && j != g->col))
		return aisec_buf_addf(b, "%.17g", g->x[f]);
	if (strcmp(tok, TOK_ABOVE) == 0)
		return aisec_buf_addf(
		    b, "%.17g", s->hi[f] + 10 * (s->hi[f] - s->lo[f]) + 1);
	if (strcmp(tok, TOK_BELOW) == 0)
		return aisec_buf_addf(
		    b, "%.17g", s->lo[f] - 10 * (s->hi[f] - s->lo[f]) - 1);
	if (strcmp(tok, TOK_FRACTION) == 0)
		return aisec_buf_addf(b, "%.17g", g->x[f] + 0.5);
	if (strcmp(tok, TOK_BIGNUM) == 0) {
		int ret = aisec_buf_addch(b, '1');

		for (int k = 1; k < 100000 && ret == 0; k++)
			ret = aisec_buf_addch(b, '0');
		return ret;
	}
	return aisec_buf_adds(b, tok);
}

static int put_list(struct aisec_buf *b, const struct gen *g)
{
	int ret = aisec_buf_addch(b, '[');

	for (size_t j = 0; j < g->m && ret == 0; j++) {
		if (j)
			ret = aisec_buf_addch(b, ',');
		if (ret == 0)
			ret = put_value(b, g, j);
	}
	return ret ? ret : aisec_buf_addch(b, ']');
}

/* The instances as nested lists (TF Serving, process, template). */
static int put_nested(struct aisec_buf *b, const struct gen *g)
{
	int ret = 0;

	switch (g->c->form) {
	case F_RANK1:
		return put_list(b, g);
	case F_RANK3:
		ret = aisec_buf_adds(b, "[[");
		if (ret == 0)
			ret = put_list(b, g);
		return ret ? ret : aisec_buf_adds(b, "]]");
	default:
		ret = aisec_buf_addch(b, '[');
		for (long i = 0; i < g->c->n && ret == 0; i++) {
			if (i)
				ret = aisec_buf_addch(b, ',');
			if (ret == 0)
				ret = put_list(b, g);
		}
		return ret ? ret : aisec_buf_addch(b, ']');
	}
}

/* An OIP v2 request: one tensor, its shape as the case says. */
static int put_oip(struct aisec_buf *b, const struct gen *g)
{
	size_t d = g->t->spec->n_features;
	int ret;

	ret =
	    aisec_buf_adds(b, "{\"inputs\":[{\"name\":\"input-0\",\"shape\":");
	if (ret == 0 && g->c->form == F_RANK1)
		ret = aisec_buf_addf(b, "[%zu]", g->m);
	else if (ret == 0 && g->c->form == F_RANK3)
		ret = aisec_buf_addf(b, "[1,1,%zu]", g->m);
	else if (ret == 0 && g->c->form == F_MISMATCH)
		ret = aisec_buf_addf(b, "[1,%zu]", d);
	else if (ret == 0)
		ret = aisec_buf_addf(b, "[%ld,%zu]", g->c->n, g->m);
	if (ret == 0)
		ret = aisec_buf_addf(b, ",\"datatype\":\"%s\",\"data\":[",
				     g->t->spec->integer_input ? "INT64"
							       : "FP64");
	for (long i = 0; i < (g->c->form == F_ROWS ? g->c->n : 1) && ret == 0;
	     i++)
		for (size_t j = 0; j < g->m && ret == 0; j++) {
			if (i || j)
				ret = aisec_buf_addch(b, ',');
			if (ret == 0)
				ret = put_value(b, g, j);
		}
	return ret ? ret : aisec_buf_adds(b, "]}]}");
}

static int put_request(struct aisec_buf *b, const struct gen *g)
{
	const struct aisec_probe_target_opts *o = &g->t->o;
	const char *mark;
	int ret;

	switch (o->protocol) {
	case AISEC_PROBE_OIP_V2:
		return put_oip(b, g);
	case AISEC_PROBE_TEMPLATE:
		mark = strstr(o->template_body, "{{instances}}");
		ret = aisec_buf_add(b, o->template_body,
				    (size_t)(mark - o->template_body));
		if (ret == 0)
			ret = put_nested(b, g);
		return ret ? ret : aisec_buf_adds(b, mark + 13);
	default:
		ret = aisec_buf_adds(b, "{\"instances\":");
		if (ret == 0)
			ret = put_nested(b, g);
		return ret ? ret : aisec_buf_addch(b, '}');
	}
}

static int put_raw(struct aisec_buf *b, struct gen *g, struct probe_rng *rng)
{
	static const struct desc valid = {"", "",     1,    F_ROWS, 1,
					  0,  W_NONE, NULL, 0};
	const struct desc *c = g->c;
	struct aisec_buf v;
	int ret = 0;

	switch (c->raw) {
	case R_EMPTY:
		return 0;
	case R_NOT_JSON:
		return aisec_buf_adds(b, "instances=0.5&instances=0.25");
	case R_ARRAY:
		return aisec_buf_adds(b, "[]");
	case R_NULL:
		return aisec_buf_adds(b, "null");
	case R_OBJECT:
		return aisec_buf_adds(b, "{}");
	case R_BYTES:
		for (int i = 0; i < 256 && ret == 0; i++)
			ret = aisec_buf_addch(
			    b, (char)(probe_rng_next(rng) & 0xff));
		return ret;
	case R_DEEP:
		for (int i = 0; i < 100000 && ret == 0; i++)
			ret = aisec_buf_addch(b, '[');
		return ret;
	default:
		break;
	}
	/* the others start from a valid request */
	aisec_buf_init(&v, 0);
	g->c = &valid;
	ret = put_request(&v, g);
	g->c = c;
	if (ret == 0 && c->raw == R_TRUNCATED)
		ret = aisec_buf_add(b, v.data, v.len / 2);
	else if (ret == 0 && c->raw == R_TRAILING) {
		ret = aisec_buf_add(b, v.data, v.len);
		if (ret == 0)
			ret = aisec_buf_adds(b, "}]garbage");
	} else if (ret == 0) { /* R_BAD_UTF8 */
		ret = aisec_buf_add(b, v.data, 1);
		if (ret == 0)
			ret = aisec_buf_adds(b, "\"\xff\xfe\xc0\xaf\":1,");
		if (ret == 0)
			ret = aisec_buf_add(b, v.data + 1, v.len - 1);
	}
	aisec_buf_release(&v);
	return ret;
}

/* Bytes as printable ASCII: others (and the backslash) as \xHH. */
static char *printable(const char *p, size_t len, size_t max)
{
	struct aisec_buf b;
	int ret = 0;

	aisec_buf_init(&b, 0);
	for (size_t i = 0; i < len && i < max && ret == 0; i++) {
		unsigned char ch = (unsigned char)p[i];

		ret = ch >= 0x20 && ch < 0x7f && ch != '\\'
			  ? aisec_buf_addch(&b, (char)ch)
			  : aisec_buf_addf(&b, "\\x%02x", ch);
	}
	if (ret == 0 && len > max)
		ret = aisec_buf_adds(&b, "...");
	if (ret == 0 && !b.data)
		ret = aisec_buf_adds(&b, "");
	if (ret != 0) {
		aisec_buf_release(&b);
		return NULL;
	}
	return aisec_buf_detach(&b, NULL);
}

static void judge(struct aisec_probe_fuzz_result *res,
		  struct aisec_probe_fuzz_case *fc, const struct probe_raw *r)
{
	if (r->kind == PROBE_RAW_CRASH)
		fc->outcome = AISEC_PROBE_FUZZ_CRASH;
	else if (r->kind == PROBE_RAW_TIMEOUT)
		fc->outcome = AISEC_PROBE_FUZZ_TIMEOUT;
	else if (r->kind == PROBE_RAW_UNREACHABLE)
		fc->outcome = AISEC_PROBE_FUZZ_UNREACHABLE;
	else if (r->status >= 200 && r->status < 300)
		fc->outcome = AISEC_PROBE_FUZZ_ACCEPTED;
	else if (r->status >= 400 && r->status < 500)
		fc->outcome = AISEC_PROBE_FUZZ_REJECTED;
	else
		fc->outcome = AISEC_PROBE_FUZZ_SERVER_ERROR;
	fc->status = r->status;
	fc->ms = r->ms;
	fc->detail = r->detail[0]
			 ? printable(r->detail, strlen(r->detail), 200)
			 : printable(r->answer.data, r->answer.len, 160);
	switch (fc->outcome) {
	case AISEC_PROBE_FUZZ_CRASH:
		res->crashes++;
		fc->finding = 1;
		break;
	case AISEC_PROBE_FUZZ_TIMEOUT:
		res->timeouts++;
		fc->finding = 1;
		break;
	case AISEC_PROBE_FUZZ_UNREACHABLE:
		res->unreachable++;
		fc->finding = 1;
		break;
	case AISEC_PROBE_FUZZ_SERVER_ERROR:
		res->server_errors++;
		fc->finding = 1;
		break;
	case AISEC_PROBE_FUZZ_ACCEPTED:
		if (fc->expect_accept == 0) {
			res->accepted_invalid++;
			fc->finding = 1;
		}
		break;
	case AISEC_PROBE_FUZZ_REJECTED:
		if (fc->expect_accept == 1) {
			res->rejected_valid++;
			fc->finding = 1;
		}
		break;
	}
	res->findings += (size_t)fc->finding;
}

static int run_case(struct aisec_probe_target *t, const struct desc *c,
		    struct probe_rng *rng, double *x,
		    struct aisec_probe_fuzz_result *res,
		    struct aisec_error *err)
{
	const struct aisec_probe_spec *s = t->spec;
	size_t d = s->n_features;
	struct aisec_probe_fuzz_case *fc = &res->cases[res->n];
	struct gen g = {.t = t, .c = c, .x = x};
	struct probe_raw r = {0};
	struct aisec_buf body;
	const char *mark;
	int ret;

	for (size_t j = 0; j < d; j++) {
		x[j] = s->lo[j] + probe_rng_unit(rng) * (s->hi[j] - s->lo[j]);
		if (s->integer_input)
			x[j] = floor(x[j]);
	}
	g.col = (size_t)(probe_rng_next(rng) % d);
	g.m = c->m < -1000 ? (size_t)(-c->m) % (size_t)(HUGE_ROW + 1)
			   : (size_t)((long)d + c->m);
	fc->category = c->category;
	fc->expect_accept = c->expect;
	mark = strstr(c->name, "%zu");
	if ((mark ? asprintf(&fc->name, "%.*s%zu%s", (int)(mark - c->name),
			     c->name, g.col, mark + 3)
		  : asprintf(&fc->name, "%s", c->name)) < 0) {
		fc->name = NULL;
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	res->n++;
	aisec_buf_init(&body, 0);
	ret =
	    c->form == F_RAW ? put_raw(&body, &g, rng) : put_request(&body, &g);
	if (ret == 0 && t->o.protocol == AISEC_PROBE_PROCESS) {
		for (size_t i = 0; i < body.len; i++)
			if (body.data[i] == '\n')
				body.data[i] = ' ';
		ret = aisec_buf_addch(&body, '\n');
	}
	if (ret != 0) {
		aisec_buf_release(&body);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	fc->input = printable(body.data ? body.data : "", body.len, 1024);
	fc->input_len = body.len;
	probe_sha256_hex(body.data ? body.data : "", body.len,
			 fc->input_sha256);
	r.body = body.data ? body.data : "";
	r.len = body.len;
	r.inputs = (size_t)(c->n > 1 ? c->n : 1);
	ret = probe_raw_send(t, &r, 1, 1, err);
	if (ret == 0) {
		judge(res, fc, &r);
		if (!fc->input || !fc->detail)
			ret = aisec_error_set(err, AISEC_ERR_NOMEM,
					      "out of memory");
	} else { /* not sent: not a case */
		free(fc->name);
		free(fc->input);
		memset(fc, 0, sizeof(*fc));
		res->n--;
	}
	probe_raw_release(&r, 1);
	aisec_buf_release(&body);
	return ret;
}

int aisec_probe_fuzz(struct aisec_probe_target *t, uint64_t seed,
		     struct aisec_probe_fuzz_result *res,
		     struct aisec_error *err)
{
	struct probe_rng rng = {seed};
	size_t need = aisec_probe_fuzz_count(t);
	double *x;
	int ret = 0;

	memset(res, 0, sizeof(*res));
	if (aisec_probe_budget_left(t) < need)
		return aisec_error_set(
		    err, AISEC_ERR_LIMIT,
		    "query budget: the fuzz probe needs %zu queries, %llu are "
		    "left of the budget of %llu",
		    need, (unsigned long long)aisec_probe_budget_left(t),
		    (unsigned long long)t->o.budget);
	res->cases = calloc(N_CASES, sizeof(*res->cases));
	x = calloc(t->spec->n_features, sizeof(double));
	if (!res->cases || !x) {
		free(x);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < N_CASES && ret == 0; i++) {
		if (!applies(t, &cases[i]))
			continue;
		ret = run_case(t, &cases[i], &rng, x, res, err);
		if (ret == 0 && res->n == 1 &&
		    res->cases[0].outcome == AISEC_PROBE_FUZZ_UNREACHABLE)
			ret = aisec_error_set(
			    err, AISEC_ERR_IO, "target '%s': %s",
			    t->endpoint ? t->endpoint : t->o.argv[0],
			    res->cases[0].detail);
	}
	free(x);
	return ret;
}

void aisec_probe_fuzz_release(struct aisec_probe_fuzz_result *res)
{
	for (size_t i = 0; res->cases && i < res->n; i++) {
		free(res->cases[i].name);
		free(res->cases[i].detail);
		free(res->cases[i].input);
	}
	free(res->cases);
	memset(res, 0, sizeof(*res));
}
