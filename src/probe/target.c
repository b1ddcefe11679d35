/*
 * target.c - the HTTP(S) target through libcurl's multi interface, and the
 * query loop every probe goes through.
 *
 * Design notes.  One call to aisec_probe_query() splits its inputs into
 * requests of o.batch inputs and keeps at most o.concurrency of them in
 * flight on a pool of reused easy handles.  Invariants:
 *   - the budget counts inputs sent, retries included; a request (or a
 *     retry) is only started when its inputs fit in what is left, so
 *     `used <= budget` always holds and the whole call is refused up front
 *     when its inputs do not fit;
 *   - requests start at least 1/rate seconds apart (next_slot);
 *   - a 429 or 503 answer is retried after 0.1 s, 0.2 s, 0.4 s ... (at most
 *     5 s, or the server's Retry-After when it is shorter than 30 s);
 *   - the first failure stops the call: the requests in flight are dropped
 *     and the error names the endpoint and what went wrong.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/x509.h>

#include "probe/probe_int.h"

double probe_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* %.17g round-trips a double; integers stay integers. */
static int add_row(struct aisec_buf *b, const double *x, size_t d)
{
	int ret = 0;

	for (size_t j = 0; j < d && ret == 0; j++) {
		char num[PROBE_G17_MAX + 1];
		size_t len;

		num[0] = ',';
		len = probe_fmt_g17(x[j], num + 1);
		ret = j ? aisec_buf_add(b, num, len + 1)
			: aisec_buf_add(b, num + 1, len);
	}
	return ret;
}

/* v in decimal, then `after` (printf's cost is most of a small body's
 * header). */
static int add_size(struct aisec_buf *b, size_t v, char after)
{
	char num[24];
	size_t i = sizeof(num);

	num[--i] = after;
	do {
		num[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return aisec_buf_add(b, num + i, sizeof(num) - i);
}

static int add_instances(struct aisec_buf *b, const double *x, size_t n,
			 size_t d)
{
	int ret = aisec_buf_addch(b, '[');

	for (size_t i = 0; i < n && ret == 0; i++) {
		ret = aisec_buf_adds(b, i ? ",[" : "[");
		if (ret == 0)
			ret = add_row(b, x + i * d, d);
		if (ret == 0)
			ret = aisec_buf_addch(b, ']');
	}
	return ret ? ret : aisec_buf_addch(b, ']');
}

int probe_write_request(const struct aisec_probe_target *t, const double *x,
			size_t n, struct aisec_buf *out)
{
	size_t d = t->spec->n_features;
	const char *tpl, *mark;
	int ret;

	for (size_t i = 0; i < n * d; i++)
		if (!isfinite(x[i])) /* JSON has no NaN: the fuzz probe writes
					its own bodies */
			return AISEC_ERR_INVALID;
	switch (t->o.protocol) {
	case AISEC_PROBE_OIP_V2:
		ret = aisec_buf_adds(
		    out, "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[");
		if (ret == 0)
			ret = add_size(out, n, ',');
		if (ret == 0)
			ret = add_size(out, d, ']');
		if (ret == 0)
			ret = aisec_buf_adds(out, t->spec->integer_input
						      ? ",\"datatype\":\"INT64\","
							"\"data\":["
						      : ",\"datatype\":\"FP64\","
							"\"data\":[");
		if (ret == 0)
			ret = add_row(out, x, n * d);
		return ret ? ret : aisec_buf_adds(out, "]}]}");
	case AISEC_PROBE_TEMPLATE:
		tpl = t->o.template_body;
		mark = strstr(tpl, "{{instances}}");
		ret = aisec_buf_add(out, tpl, (size_t)(mark - tpl));
		if (ret == 0)
			ret = add_instances(out, x, n, d);
		return ret ? ret : aisec_buf_adds(out, mark + 13);
	default: /* TF Serving and process targets */
		ret = aisec_buf_adds(out, "{\"instances\":");
		if (ret == 0)
			ret = add_instances(out, x, n, d);
		if (ret == 0)
			ret = aisec_buf_addch(out, '}');
		if (ret == 0 && t->o.protocol == AISEC_PROBE_PROCESS)
			ret = aisec_buf_addch(out, '\n');
		return ret;
	}
}

struct request {
	size_t first, n; /* inputs [first, first + n) */
	struct aisec_buf body, answer;
	unsigned attempts;
	double not_before; /* back-off */
	int busy;	   /* on an easy handle now */
};

static size_t on_data(char *p, size_t size, size_t nmemb, void *ctx)
{
	struct aisec_buf *b = ctx;

	return aisec_buf_add(b, p, size * nmemb) == 0 ? size * nmemb : 0;
}

static int http_setup(struct aisec_probe_target *t, struct aisec_error *err)
{
	const struct aisec_probe_target_opts *o = &t->o;
	struct curl_slist *h = NULL, *nh;
	struct aisec_buf url;
	int ret;

	if (strncmp(o->url, "http://", 7) != 0 &&
	    strncmp(o->url, "https://", 8) != 0)
		return aisec_error_set(
		    err, AISEC_ERR_USAGE,
		    "target '%s': not an http:// or https:// URL", o->url);
	if (o->protocol == AISEC_PROBE_TEMPLATE &&
	    (!o->template_body || !strstr(o->template_body, "{{instances}}")))
		return aisec_error_set(
		    err, AISEC_ERR_USAGE,
		    "template target: the body template has no {{instances}}");
	aisec_buf_init(&url, 8192);
	{
		size_t ul = strlen(o->url);
		int slash = ul && o->url[ul - 1] == '/';

		if (o->protocol == AISEC_PROBE_OIP_V2)
			ret = aisec_buf_addf(&url, "%s%sv2/models/%s/infer",
					     o->url, slash ? "" : "/",
					     t->spec->model);
		else if (o->protocol == AISEC_PROBE_TFSERVING)
			ret = aisec_buf_addf(&url, "%s%sv1/models/%s:predict",
					     o->url, slash ? "" : "/",
					     t->spec->model);
		else
			ret = aisec_buf_adds(&url, o->url);
	}
	if (ret != 0) {
		aisec_buf_release(&url);
		return aisec_error_set(err, AISEC_ERR_LIMIT,
				       "target URL too long");
	}
	t->endpoint = aisec_buf_detach(&url, NULL);
	if (!(nh = curl_slist_append(h, "Content-Type: application/json")))
		goto nomem;
	h = nh;
	if (o->bearer_token) {
		char *line = NULL;

		if (strpbrk(o->bearer_token, "\r\n")) {
			t->headers = h;
			return aisec_error_set(
			    err, AISEC_ERR_INVALID,
			    "bearer token: holds a line break");
		}
		if (asprintf(&line, "Authorization: Bearer %s",
			     o->bearer_token) < 0)
			goto nomem;
		nh = curl_slist_append(h, line);
		free(line);
		if (!nh)
			goto nomem;
		h = nh;
	}
	for (const char *p = o->headers; p && *p;) {
		size_t len = strcspn(p, "\r\n");
		char *line = strndup(p, len);

		if (!line)
			goto nomem;
		if (len && line[0] != '#') {
			if (!strchr(line, ':')) {
				ret = aisec_error_set(err, AISEC_ERR_INVALID,
						      "headers: line '%.40s' "
						      "is not 'Name: value'",
						      line);
				free(line);
				t->headers = h;
				return ret;
			}
			nh = curl_slist_append(h, line);
			if (!nh) {
				free(line);
				goto nomem;
			}
			h = nh;
		}
		free(line);
		p += len;
		p += strspn(p, "\r\n");
	}
	/* no "Expect: 100-continue" on bodies over 1 KiB (batches): it costs
	 * a round trip per request, or a second when a server ignores it.
	 * libcurl adds it to no smaller body, so those get the list without
	 * it (t->headers_small, its tail): each custom header is looked up
	 * several times per request (issue 13) */
	t->headers = t->headers_small = h;
	if (!(nh = curl_slist_append(NULL, "Expect:")))
		goto nomem;
	nh->next = h;
	t->headers = h = nh;
	if (!(t->multi = curl_multi_init()) ||
	    !(t->easy = calloc(o->concurrency, sizeof(void *))))
		goto nomem;
	/* the URL parsed once, not at every transfer; one libcurl refuses is
	 * left to it, to be reported as before */
	if ((t->curlu = curl_url()) &&
	    curl_url_set(t->curlu, CURLUPART_URL, t->endpoint, 0) != CURLUE_OK) {
		curl_url_cleanup(t->curlu);
		t->curlu = NULL;
	}
	for (unsigned i = 0; i < o->concurrency; i++) {
		CURL *e = curl_easy_init();

		if (!(t->easy[i] = e))
			goto nomem;
		if (t->curlu)
			curl_easy_setopt(e, CURLOPT_CURLU, t->curlu);
		else
			curl_easy_setopt(e, CURLOPT_URL, t->endpoint);
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
		curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS,
				 o->timeout_ms ? o->timeout_ms : 30000L);
		curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
				 o->timeout_ms ? o->timeout_ms : 30000L);
		curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
		if (o->ca_file)
			curl_easy_setopt(e, CURLOPT_CAINFO, o->ca_file);
	}
	curl_multi_setopt(t->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
			  (long)o->concurrency);
	t->headers = h;
	if (probe_loop_init(t) != 0)
		return aisec_error_set(err, AISEC_ERR_IO, "epoll: %s",
				       strerror(errno));
	return 0;
nomem:
	t->headers = h;
	return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
}

int aisec_probe_target_new(const struct aisec_probe_spec *spec,
			   const struct aisec_probe_target_opts *opts,
			   struct aisec_probe_target **out,
			   struct aisec_error *err)
{
	static int curl_ready;
	struct aisec_probe_target *t;
	int ret;

	*out = NULL;
	if (!spec || !opts)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "probe target: no spec or options");
	if (!(t = calloc(1, sizeof(*t))))
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	t->spec = spec;
	t->o = *opts;
	if (!t->o.concurrency)
		t->o.concurrency = 1;
	if (!t->o.batch)
		t->o.batch = 1;
	t->to_child = t->from_child = -1;
	t->epfd = -1;
	aisec_buf_init(&t->pending, 256u << 20);
	if (t->o.protocol == AISEC_PROBE_PROCESS) {
		t->o.concurrency = 1;
		ret = probe_proc_start(t, t->o.argv, err);
	} else {
		if (!t->o.url) {
			ret = aisec_error_set(err, AISEC_ERR_USAGE,
					      "probe target: no URL");
			goto out;
		}
		if (!curl_ready) { /* curl_global_init is idempotent but not
				      thread-safe */
			if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
				ret =
				    aisec_error_set(err, AISEC_ERR_IO,
						    "libcurl failed to start");
				goto out;
			}
			curl_ready = 1;
		}
		ret = http_setup(t, err);
	}
out:
	if (ret != 0) {
		aisec_probe_target_free(t);
		return ret;
	}
	*out = t;
	return 0;
}

void aisec_probe_target_free(struct aisec_probe_target *t)
{
	if (!t)
		return;
	if (t->o.protocol == AISEC_PROBE_PROCESS)
		probe_proc_stop(t);
	for (unsigned i = 0; t->easy && i < t->o.concurrency; i++)
		if (t->easy[i])
			curl_easy_cleanup(t->easy[i]);
	free(t->easy);
	if (t->multi)
		curl_multi_cleanup(t->multi);
	probe_loop_release(t);
	curl_slist_free_all(t->headers);
	curl_url_cleanup(t->curlu);
	free(t->endpoint);
	aisec_buf_release(&t->pending);
	free(t);
}

uint64_t aisec_probe_queries_used(const struct aisec_probe_target *t)
{
	return t->used;
}

uint64_t aisec_probe_budget_left(const struct aisec_probe_target *t)
{
	return t->o.budget - t->used;
}

const struct aisec_probe_spec *
aisec_probe_target_spec(const struct aisec_probe_target *t)
{
	return t->spec;
}

int probe_take_budget(struct aisec_probe_target *t, size_t n,
		      struct aisec_error *err)
{
	if (t->o.budget - t->used < n)
		return aisec_error_set(
		    err, AISEC_ERR_LIMIT,
		    "query budget: %zu more queries would exceed the budget of "
		    "%llu (%llu used)",
		    n, (unsigned long long)t->o.budget,
		    (unsigned long long)t->used);
	t->used += n;
	return 0;
}

/* Wait for the rate limit's next slot, then take it. */
void probe_rate_wait(struct aisec_probe_target *t)
{
	double now;

	if (t->o.rate <= 0)
		return;
	now = probe_now();
	if (t->next_slot > now) {
		double s = t->next_slot - now;
		struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};

		nanosleep(&ts, NULL);
		now = t->next_slot;
	}
	t->next_slot = now + 1.0 / t->o.rate;
}

static int query_process(struct aisec_probe_target *t, const double *x,
			 size_t n, int *labels, double *scores,
			 struct aisec_error *err)
{
	size_t d = t->spec->n_features, k = t->spec->n_classes;
	struct aisec_buf req, ans;
	int ret = 0;

	aisec_buf_init(&req, AISEC_BUF_DEFAULT_CAP);
	aisec_buf_init(&ans, AISEC_BUF_DEFAULT_CAP);
	for (size_t i = 0; i < n && ret == 0; i += t->o.batch) {
		size_t m = n - i < t->o.batch ? n - i : t->o.batch;

		aisec_buf_reset(&req);
		aisec_buf_reset(&ans);
		if ((ret = probe_write_request(t, x + i * d, m, &req)) != 0) {
			aisec_error_set(err, ret, "request: %s",
					ret == AISEC_ERR_INVALID
					    ? "an input is not a finite number"
					    : "too large");
			break;
		}
		probe_rate_wait(t);
		t->used += m; /* budget checked for the whole call */
		if ((ret = probe_proc_query(t, req.data, req.len, &ans, err)) ==
		    0)
			ret = aisec_probe_parse_answer(
			    t->spec, AISEC_PROBE_PROCESS, NULL, ans.data,
			    ans.len, m, labels + i,
			    scores ? scores + i * k : NULL, err);
	}
	aisec_buf_release(&req);
	aisec_buf_release(&ans);
	return ret;
}

static double retry_delay(CURL *e, unsigned attempt)
{
	curl_off_t ra = 0;
	double back = 0.1 * (double)(1u << (attempt < 6 ? attempt : 6));

	if (back > 5)
		back = 5;
	if (curl_easy_getinfo(e, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK &&
	    ra > 0 && ra < 30)
		back = (double)ra;
	return back;
}

void probe_curl_reason(void *easy, int cc, char *out, size_t n)
{
	long v = 0;

	/* a refused certificate: say why, in OpenSSL's words */
	if (cc == CURLE_PEER_FAILED_VERIFICATION &&
	    curl_easy_getinfo(easy, CURLINFO_SSL_VERIFYRESULT, &v) ==
		CURLE_OK &&
	    v)
		snprintf(out, n,
			 "TLS certificate not trusted: %s (give the CA with "
			 "--cacert)",
			 X509_verify_cert_error_string(v));
	else
		snprintf(out, n, "%s", curl_easy_strerror((CURLcode)cc));
}

/* A finished transfer: 0 done, 1 retry, else an error. */
static int finish(struct aisec_probe_target *t, CURL *e, CURLcode cc,
		  struct request *r, int *labels, double *scores,
		  struct aisec_error *err)
{
	long status = 0;
	size_t k = t->spec->n_classes;

	if (cc != CURLE_OK) {
		char why[256];

		probe_curl_reason(e, cc, why, sizeof(why));
		return aisec_error_set(err, AISEC_ERR_IO, "target '%s': %s",
				       t->endpoint, why);
	}
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	if ((status == 429 || status == 503) && r->attempts <= t->o.retries) {
		r->not_before = probe_now() + retry_delay(e, r->attempts - 1);
		return 1;
	}
	if (status != 200)
		return aisec_error_set(
		    err, AISEC_ERR_IO, "target '%s': HTTP status %ld%s: %.200s",
		    t->endpoint, status,
		    status == 429 || status == 503 ? " after retries" : "",
		    r->answer.len ? r->answer.data : "(empty body)");
	if (aisec_probe_parse_answer(
		t->spec, t->o.protocol, t->o.select, r->answer.data,
		r->answer.len, r->n, labels + r->first,
		scores ? scores + r->first * k : NULL, err) != 0)
		return aisec_error_prefix(err, "target '%s'", t->endpoint);
	return 0;
}

struct query {
	struct aisec_probe_target *t;
	const double *x;
	int *labels;
	double *scores;
	struct request *rq;
	size_t m, next, waiting; /* waiting: retries due */
};

/* The next request: a due retry (in order), else a new one. */
static int query_next(void *ctx, double now, double *wake,
		      struct probe_xfer *xf, struct aisec_error *err)
{
	struct query *q = ctx;
	struct aisec_probe_target *t = q->t;
	struct request *r = NULL;
	int ret;

	for (size_t i = 0; q->waiting && i < q->next; i++)
		if (!q->rq[i].busy && q->rq[i].attempts &&
		    q->rq[i].not_before > 0) {
			if (q->rq[i].not_before <= now) {
				r = &q->rq[i];
				break;
			}
			if (q->rq[i].not_before < *wake)
				*wake = q->rq[i].not_before;
		}
	if (!r && q->next < q->m)
		r = &q->rq[q->next++];
	if (!r)
		return 0;
	if (!r->attempts &&
	    (ret = probe_write_request(t, q->x + r->first * t->spec->n_features,
				       r->n, &r->body)) != 0)
		return aisec_error_set(err, ret, "request: %s",
				       ret == AISEC_ERR_INVALID
					   ? "an input is not a finite number"
					   : "too large");
	if ((ret = probe_take_budget(t, r->n, err)) != 0)
		return ret;
	if (r->attempts)
		q->waiting--; /* a retry starts */
	r->attempts++;
	r->not_before = 0;
	r->busy = 1;
	aisec_buf_reset(&r->answer);
	xf->body = r->body.data;
	xf->len = r->body.len;
	xf->answer = &r->answer;
	xf->req = r;
	return 1;
}

static int query_done(void *ctx, void *req, void *easy, int cc,
		      struct aisec_error *err)
{
	struct query *q = ctx;
	struct request *r = req;
	int f = finish(q->t, easy, (CURLcode)cc, r, q->labels, q->scores, err);

	r->busy = 0;
	if (f == 1)
		q->waiting++;
	return f;
}

static int query_http(struct aisec_probe_target *t, const double *x, size_t n,
		      int *labels, double *scores, struct aisec_error *err)
{
	size_t m = (n + t->o.batch - 1) / t->o.batch;
	struct query q = {t, x, labels, scores, calloc(m, sizeof(*q.rq)),
			  m, 0, 0};
	struct probe_http_job job = {&q, m, query_next, query_done};
	int ret;

	if (!q.rq)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < m; i++) {
		q.rq[i].first = i * t->o.batch;
		q.rq[i].n = n - q.rq[i].first < t->o.batch ? n - q.rq[i].first
							    : t->o.batch;
		aisec_buf_init(&q.rq[i].body, AISEC_BUF_DEFAULT_CAP);
		aisec_buf_init(&q.rq[i].answer, AISEC_BUF_DEFAULT_CAP);
	}
	ret = probe_http_run(t, t->o.concurrency, &job, err);
	for (size_t i = 0; i < m; i++) {
		aisec_buf_release(&q.rq[i].body);
		aisec_buf_release(&q.rq[i].answer);
	}
	free(q.rq);
	return ret;
}

int aisec_probe_query(struct aisec_probe_target *t, const double *x, size_t n,
		      int *labels, double *scores, struct aisec_error *err)
{
	if (n == 0)
		return 0;
	if (t->o.budget - t->used < n)
		return probe_take_budget(t, n, err);
	if (t->o.protocol == AISEC_PROBE_PROCESS)
		return query_process(t, x, n, labels, scores, err);
	return query_http(t, x, n, labels, scores, err);
}
