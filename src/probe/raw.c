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

static int send_http(struct aisec_probe_target *t, struct probe_raw *reqs,
		     size_t n, unsigned conc, struct aisec_error *err)
{
	size_t next = 0, done = 0;
	struct probe_raw **slot = calloc(conc, sizeof(*slot));

	if (!slot)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	while (done < n) {
		int running = 0, left, freed = 0;
		struct CURLMsg *msg;
		double wait = 0;

		for (unsigned s = 0; s < conc && next < n; s++) {
			CURL *e = t->easy[s];
			double now = probe_now();

			if (slot[s])
				continue;
			if (t->o.rate > 0 && t->next_slot > now) {
				wait = t->next_slot - now;
				break;
			}
			if (t->o.rate > 0)
				t->next_slot = now + 1.0 / t->o.rate;
			slot[s] = &reqs[next++];
			curl_easy_setopt(e, CURLOPT_POSTFIELDS, slot[s]->body);
			curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
					 (curl_off_t)slot[s]->len);
			curl_easy_setopt(e, CURLOPT_WRITEDATA,
					 &slot[s]->answer);
			curl_easy_setopt(e, CURLOPT_PRIVATE,
					 (char *)(uintptr_t)s);
			curl_multi_add_handle(t->multi, e);
		}
		curl_multi_perform(t->multi, &running);
		while ((msg = curl_multi_info_read(t->multi, &left)) != NULL) {
			char *priv = NULL;
			unsigned s;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
					  &priv);
			s = (unsigned)(uintptr_t)priv;
			classify(slot[s], msg->easy_handle, msg->data.result);
			curl_multi_remove_handle(t->multi, msg->easy_handle);
			slot[s] = NULL;
			done++;
			freed++;
		}
		if (done < n && !freed)
			curl_multi_poll(t->multi, NULL, 0,
					running ? 100 : (int)(wait * 1e3) + 1,
					NULL);
	}
	free(slot);
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
		return send_http(t, reqs, n, concurrency, err);
	}
	for (size_t i = 0; i < n; i++)
		if ((ret = send_process(t, &reqs[i], err)) != 0)
			return ret;
	return 0;
}
