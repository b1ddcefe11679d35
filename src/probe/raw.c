/*
 * raw.c - send request bodies the probe wrote itself and record what
 * happened to each: the status and answer, a dropped connection or a dead
 * process (a crash), a timeout.  The fuzzing and latency probes use it; the
 * other probes go through aisec_probe_query(), which turns any of these
 * into an error.
 *
 * Design notes.  The budget is taken for all the requests up front, so a
 * call either fits or sends nothing.  HTTP requests share the target's
 * easy handles and the rate limit; nothing is retried (a 503 is a finding
 * for the fuzzer and a latency for the latency probe).  A process target
 * that dies or hangs is restarted so that the next request has a listener.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "probe/probe_int.h"

void probe_raw_release(struct probe_raw *reqs, size_t n)
{
	for (size_t i = 0; reqs && i < n; i++)
		aisec_buf_release(&reqs[i].answer);
}

static int send_process(struct aisec_probe_target *t, struct probe_raw *r,
			struct aisec_error *err)
{
	struct aisec_error e;
	double t0;
	int ret;

	aisec_error_clear(&e);
	probe_rate_wait(t);
	t0 = probe_now();
	ret = probe_proc_query(t, r->body, r->len, &r->answer, &e);
	r->ms = (probe_now() - t0) * 1e3;
	if (ret == 0) {
		/* an answer line: {"error": ...} is a refusal */
		r->status =
		    strstr(r->answer.data ? r->answer.data : "", "\"error\"")
			? 400
			: 200;
		return 0;
	}
	snprintf(r->detail, sizeof(r->detail), "%s", e.msg);
	r->kind = t->pid ? PROBE_RAW_TIMEOUT : PROBE_RAW_CRASH;
	/* a fresh child for what comes next */
	probe_proc_stop(t);
	aisec_buf_reset(&t->pending);
	return probe_proc_start(t, t->o.argv, err);
}

static void classify(struct probe_raw *r, CURL *e, CURLcode cc)
{
	curl_off_t us = 0;

	if (curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &us) == CURLE_OK)
		r->ms = (double)us / 1e3;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r->status);
	if (cc == CURLE_OK)
		return;
	probe_curl_reason(e, (int)cc, r->detail, sizeof(r->detail));
	switch (cc) {
	case CURLE_OPERATION_TIMEDOUT:
		r->kind = PROBE_RAW_TIMEOUT;
		break;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
		r->kind = PROBE_RAW_UNREACHABLE;
		break;
	default: /* empty reply, reset, partial answer */
		r->kind = PROBE_RAW_CRASH;
	}
}

struct raw_run {
	struct probe_raw *reqs;
	size_t n, next;
};

static int raw_next(void *ctx, double now, double *wake, struct probe_xfer *x,
		    struct aisec_error *err)
{
	struct raw_run *q = ctx;
	struct probe_raw *r;

	(void)now;
	(void)wake;
	(void)err;
	if (q->next == q->n)
		return 0;
	r = &q->reqs[q->next++];
	x->body = r->body;
	x->len = r->len;
	x->answer = &r->answer;
	x->req = r;
	return 1;
}

static int raw_done(void *ctx, void *req, void *easy, int cc,
		    struct aisec_error *err)
{
	(void)ctx;
	(void)err;
	classify(req, easy, (CURLcode)cc);
	return 0;
}

int probe_raw_send(struct aisec_probe_target *t, struct probe_raw *reqs,
		   size_t n, unsigned concurrency, struct aisec_error *err)
{
	size_t total = 0;
	int ret;

	for (size_t i = 0; i < n; i++) {
		total += reqs[i].inputs;
		reqs[i].kind = PROBE_RAW_ANSWERED;
		reqs[i].status = 0;
		reqs[i].ms = 0;
		reqs[i].detail[0] = '\0';
		aisec_buf_init(&reqs[i].answer, 16u << 20);
	}
	if ((ret = probe_take_budget(t, total, err)) != 0)
		return ret;
	if (t->o.protocol != AISEC_PROBE_PROCESS) {
		if (concurrency < 1)
			concurrency = 1;
		if (concurrency > t->o.concurrency)
			concurrency = t->o.concurrency;
		{
			struct raw_run q = {reqs, n, 0};
			struct probe_http_job job = {&q, n, raw_next,
						     raw_done};

			return probe_http_run(t, concurrency, &job, err);
		}
	}
	for (size_t i = 0; i < n; i++)
		if ((ret = send_process(t, &reqs[i], err)) != 0)
			return ret;
	return 0;
}
