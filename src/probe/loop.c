/*
 * loop.c - the one transfer loop of HTTP(S) targets: libcurl's multi
 * interface driven by curl_multi_socket_action() and epoll, under the
 * rate limit.  aisec_probe_query() (target.c) and the raw requests of the
 * fuzzing and latency probes (raw.c) both run on it; they say what to send
 * next and what a finished transfer means (struct probe_http_job).
 *
 * Why the socket API: curl_multi_perform() does not know which socket is
 * ready, so each call checks every transfer (a poll() per handle) and
 * walks them all; with 4 in flight that was 4 poll() calls and libcurl's
 * bookkeeping of 4 transfers for each answer (bench/probe.sh, issue 13).
 * Here epoll says which socket is ready and libcurl runs only the transfer
 * on it.
 *
 * Design notes.  The socket callback keeps epoll's interest in step with
 * what libcurl wants, lazily: a socket libcurl stops watching (REMOVE, as
 * a connection goes back to the pool between two requests) stays
 * registered, and the next request on the same connection, which wants the
 * same events, costs no epoll_ctl.  Invariants:
 *   - fdset[fd] is what epoll holds for fd: 0 nothing, else 1 + the
 *     events, with bit WANTED while libcurl watches it;
 *   - every socket is opened by on_open(), which clears its entry: a
 *     number reused after a close (epoll forgets a closed socket by
 *     itself) never inherits an old registration;
 *   - an event on a socket libcurl does not watch removes it from epoll
 *     (a pooled connection the server closed) instead of reaching libcurl;
 *   - timer_at is libcurl's next timeout (monotonic seconds, < 0 none);
 *     it is handed to curl_multi_socket_action() once due.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "probe/probe_int.h"

#define WANTED 0x80000000u /* fdset: libcurl watches the socket now */

static int fd_slot(struct aisec_probe_target *t, int fd)
{
	if (fd < 0)
		return -1;
	if ((size_t)fd >= t->nfdset) {
		size_t n = t->nfdset ? t->nfdset : 64;
		unsigned *p;

		while (n <= (size_t)fd)
			n *= 2;
		if (!(p = realloc(t->fdset, n * sizeof(*p))))
			return -1;
		memset(p + t->nfdset, 0, (n - t->nfdset) * sizeof(*p));
		t->fdset = p;
		t->nfdset = n;
	}
	return 0;
}

static curl_socket_t on_open(void *userp, curlsocktype purpose,
			     struct curl_sockaddr *a)
{
	struct aisec_probe_target *t = userp;
	int fd;

	(void)purpose;
	fd = socket(a->family, a->socktype, a->protocol);
	if (fd >= 0 && fd_slot(t, fd) != 0) {
		close(fd);
		return CURL_SOCKET_BAD;
	}
	if (fd >= 0)
		t->fdset[fd] = 0; /* a new socket: nothing in epoll */
	return fd >= 0 ? fd : CURL_SOCKET_BAD;
}

static int on_socket(CURL *e, curl_socket_t fd, int what, void *userp,
		     void *sockp)
{
	struct aisec_probe_target *t = userp;
	struct epoll_event ev = {0};
	unsigned have, want;

	(void)e;
	(void)sockp;
	if (fd_slot(t, fd) != 0)
		return -1;
	have = t->fdset[fd] & ~WANTED;
	if (what == CURL_POLL_REMOVE) {
		t->fdset[fd] = have; /* stays in epoll until it stirs */
		return 0;
	}
	want = 1 + ((what & CURL_POLL_IN ? EPOLLIN : 0) |
		    (what & CURL_POLL_OUT ? EPOLLOUT : 0));
	if (want != have) {
		ev.events = want - 1;
		ev.data.fd = fd;
		if (epoll_ctl(t->epfd, have ? EPOLL_CTL_MOD : EPOLL_CTL_ADD,
			      fd, &ev) != 0 &&
		    (errno != ENOENT ||
		     epoll_ctl(t->epfd, EPOLL_CTL_ADD, fd, &ev) != 0))
			return -1;
	}
	t->fdset[fd] = want | WANTED;
	return 0;
}

static int on_timer(CURLM *m, long ms, void *userp)
{
	struct aisec_probe_target *t = userp;

	(void)m;
	t->timer_at = ms < 0 ? -1 : probe_now() + (double)ms / 1e3;
	return 0;
}

int probe_loop_init(struct aisec_probe_target *t)
{
	t->timer_at = -1;
	if ((t->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		return AISEC_ERR_IO;
	curl_multi_setopt(t->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(t->multi, CURLMOPT_SOCKETDATA, t);
	curl_multi_setopt(t->multi, CURLMOPT_TIMERFUNCTION, on_timer);
	curl_multi_setopt(t->multi, CURLMOPT_TIMERDATA, t);
	for (unsigned i = 0; i < t->o.concurrency; i++) {
		curl_easy_setopt(t->easy[i], CURLOPT_OPENSOCKETFUNCTION,
				 on_open);
		curl_easy_setopt(t->easy[i], CURLOPT_OPENSOCKETDATA, t);
	}
	return 0;
}

void probe_loop_release(struct aisec_probe_target *t)
{
	if (t->epfd >= 0)
		close(t->epfd);
	t->epfd = -1;
	free(t->fdset);
	t->fdset = NULL;
	t->nfdset = 0;
}

/* Wait for a socket or a timeout, at most until `wake`, and let libcurl
 * act on what is ready. */
static void wait_ready(struct aisec_probe_target *t, double wake)
{
	struct epoll_event ev[16];
	double until = wake;
	int n, ms, running;

	if (t->timer_at >= 0 && t->timer_at < until)
		until = t->timer_at;
	ms = (int)ceil((until - probe_now()) * 1e3);
	n = epoll_wait(t->epfd, ev, 16, ms > 0 ? ms : 0);
	for (int i = 0; i < n; i++) {
		int fd = ev[i].data.fd, what = 0;

		if ((size_t)fd < t->nfdset && !(t->fdset[fd] & WANTED)) {
			/* a pooled connection that stirred (the server
			 * closed it): libcurl finds out when it next uses it */
			epoll_ctl(t->epfd, EPOLL_CTL_DEL, fd, NULL);
			t->fdset[fd] = 0;
			continue;
		}
		if (ev[i].events & EPOLLIN)
			what |= CURL_CSELECT_IN;
		if (ev[i].events & EPOLLOUT)
			what |= CURL_CSELECT_OUT;
		if (ev[i].events & (EPOLLERR | EPOLLHUP))
			what |= CURL_CSELECT_ERR;
		curl_multi_socket_action(t->multi, fd, what, &running);
	}
}

int probe_http_run(struct aisec_probe_target *t, unsigned conc,
		   const struct probe_http_job *job, struct aisec_error *err)
{
	void **slot = calloc(conc, sizeof(*slot));
	size_t completed = 0;
	int ret = 0;

	if (!slot)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	while (completed < job->total && ret == 0) {
		double now = probe_now(), wake = now + 1;
		int running, left, freed = 0;
		struct CURLMsg *msg;

		/* fill free handles, as the rate limit allows */
		for (unsigned s = 0; s < conc; s++) {
			struct probe_xfer x;
			CURL *e = t->easy[s];
			int rc;

			if (slot[s])
				continue;
			if (t->o.rate > 0 && t->next_slot > now) {
				if (t->next_slot < wake)
					wake = t->next_slot;
				break;
			}
			if ((rc = job->next(job->ctx, now, &wake, &x, err)) <= 0) {
				ret = rc;
				break;
			}
			if (t->o.rate > 0)
				t->next_slot = now + 1.0 / t->o.rate;
			curl_easy_setopt(e, CURLOPT_HTTPHEADER,
					 x.len > 1024 ? t->headers
						      : t->headers_small);
			curl_easy_setopt(e, CURLOPT_POSTFIELDS, x.body);
			curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
					 (curl_off_t)x.len);
			curl_easy_setopt(e, CURLOPT_WRITEDATA, x.answer);
			curl_easy_setopt(e, CURLOPT_PRIVATE,
					 (char *)(uintptr_t)s);
			slot[s] = x.req;
			curl_multi_add_handle(t->multi, e);
		}
		if (ret != 0)
			break;
		if (t->timer_at >= 0 && t->timer_at <= probe_now()) {
			t->timer_at = -1;
			curl_multi_socket_action(t->multi, CURL_SOCKET_TIMEOUT,
						 0, &running);
		}
		while ((msg = curl_multi_info_read(t->multi, &left)) != NULL) {
			char *priv = NULL;
			unsigned s;
			int rc;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
					  &priv);
			s = (unsigned)(uintptr_t)priv;
			rc = job->done(job->ctx, slot[s], msg->easy_handle,
				       (int)msg->data.result, err);
			curl_multi_remove_handle(t->multi, msg->easy_handle);
			slot[s] = NULL;
			freed++;
			if (rc == 0)
				completed++;
			else if (rc < 0 && ret == 0)
				ret = rc;
		}
		/* a handle came free: fill it before waiting */
		if (ret == 0 && completed < job->total && !freed)
			wait_ready(t, wake);
	}
	for (unsigned s = 0; s < conc; s++)
		if (slot[s])
			curl_multi_remove_handle(t->multi, t->easy[s]);
	free(slot);
	return ret;
}
