/*
 * probe_int.h - what the files of src/probe share: the target's state and
 * the request body writer.  Not installed.
 */
#ifndef AISEC_PROBE_INT_H
#define AISEC_PROBE_INT_H

#include <math.h>
#include <stdint.h>
#include <sys/types.h>

#include "aisec/buf.h"
#include "aisec/probe.h"

/* A reproducible stream of random numbers from --seed (splitmix64). */
struct probe_rng {
	uint64_t s;
};
static inline uint64_t probe_rng_next(struct probe_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
/* Uniform in [0, 1). */
static inline double probe_rng_unit(struct probe_rng *r)
{
	return (double)(probe_rng_next(r) >> 11) * 0x1.0p-53;
}
/* Standard normal (Box-Muller). */
static inline double probe_rng_gauss(struct probe_rng *r)
{
	double u = probe_rng_unit(r), v = probe_rng_unit(r);

	return sqrt(-2 * log(u > 0 ? u : 0x1.0p-53)) * cos(2 * M_PI * v);
}

/*
 * Append the JSON request for n inputs x[n*d] in the target's protocol
 * (for a template, the body with "{{instances}}" replaced).
 */
int probe_write_request(const struct aisec_probe_target *t, const double *x,
			size_t n, struct aisec_buf *out);

/*
 * Write v into out as printf's "%.17g" would, byte for byte, and return
 * the length (numfmt.c).  PROBE_G17_MAX bytes always suffice.
 */
#define PROBE_G17_MAX 32
size_t probe_fmt_g17(double v, char out[PROBE_G17_MAX]);

/*
 * The fast path of the answer reader (oipscan.c).  probe_oip_scores_find()
 * returns 1 and points *data at the '[' of the scores when body[len] is a
 * JSON object (checked whole, strict subset) whose first output with a
 * data list has shape [n,k] and n*k elements; 0 when the full reader must
 * decide.  probe_oip_number() reads the next number of that list from p
 * (before end) into *v and returns where it ends, or NULL when the element
 * is not a number.
 */
int probe_oip_scores_find(const char *body, size_t len, size_t n, size_t k,
			  const char **data);
const char *probe_oip_number(const char *p, const char *end, double *v);

/*
 * The per-input loop of both evasion attacks (evasion.c).  start() sets the
 * attack up for input x and asks its label (0, 1 when no query is left,
 * or an error); attack() then finds the smallest perturbation (infinity
 * when none).  res's arrays are allocated here; the caller releases them
 * with aisec_probe_evasion_release().
 */
struct probe_evasion_ops {
	void *ctx;
	int (*start)(void *ctx, const double *x, int *label,
		     struct aisec_error *err);
	int (*attack)(void *ctx, const double *x, double *dist,
		      struct aisec_error *err);
};
int probe_evasion_each(struct aisec_probe_target *t, const double *x,
		       size_t n, const struct probe_evasion_ops *ops,
		       struct aisec_probe_evasion_result *res,
		       struct aisec_error *err);

/* The process target (proc.c). */
int probe_proc_start(struct aisec_probe_target *t, char *const *argv,
		     struct aisec_error *err);
int probe_proc_query(struct aisec_probe_target *t, const char *req, size_t len,
		     struct aisec_buf *answer, struct aisec_error *err);
void probe_proc_stop(struct aisec_probe_target *t);

struct aisec_probe_target {
	const struct aisec_probe_spec *spec;
	struct aisec_probe_target_opts o;
	char *endpoint;	  /* full URL of the inference route */
	void *multi;	  /* CURLM * */
	void **easy;	  /* o.concurrency CURL * */
	void *headers;	  /* struct curl_slist *, "Expect:" first */
	void *headers_small; /* its tail: for bodies libcurl sends whole */
	void *curlu;	  /* CURLU * of endpoint, or NULL */
	uint64_t used;	  /* queries sent (retries included) */
	double next_slot; /* earliest start of the next request (rate limit) */
	pid_t pid;	  /* process target's child, or 0 */
	int to_child, from_child; /* its pipes */
	struct aisec_buf pending; /* bytes read after the last answer line */
	int epfd;		  /* epoll of the HTTP loop (loop.c), or -1 */
	double timer_at;	  /* libcurl's next timeout, or < 0 */
	unsigned *fdset;	  /* per socket: what epoll holds (loop.c) */
	size_t nfdset;
};

/*
 * The transfer loop of HTTP targets (loop.c).  probe_http_run() keeps at
 * most `conc` (<= o.concurrency) transfers in flight on the target's easy
 * handles, starting them no faster than the rate limit, until job->total
 * of them have ended with done() == 0, or the first error (the transfers
 * in flight are then dropped).  next() gives the next transfer to start
 * (1; x->body and x->answer stay the caller's and must live until it
 * ends), none for now (0, lowering *wake to when one is due), or an error
 * (< 0, err set).  done() says what the end of transfer `req` (cc: its
 * CURLcode on easy handle `easy`) means: 0 complete, 1 it will be given
 * again by next(), < 0 an error (err set).
 */
struct probe_xfer {
	const char *body;
	size_t len;
	struct aisec_buf *answer;
	void *req; /* the caller's, handed back to done() */
};
struct probe_http_job {
	void *ctx;
	size_t total;
	int (*next)(void *ctx, double now, double *wake, struct probe_xfer *x,
		    struct aisec_error *err);
	int (*done)(void *ctx, void *req, void *easy, int cc,
		    struct aisec_error *err);
};
int probe_http_run(struct aisec_probe_target *t, unsigned conc,
		   const struct probe_http_job *job, struct aisec_error *err);
/* Set the loop up on t->multi and t->easy (AISEC_ERR_IO when epoll cannot
 * be had); release what it holds (t->epfd -1 before init). */
int probe_loop_init(struct aisec_probe_target *t);
void probe_loop_release(struct aisec_probe_target *t);

/* "sha256:<hex>" of p[len] (digest.c). */
void probe_sha256_hex(const void *p, size_t len,
		      char out[AISEC_PROBE_DIGEST_LEN]);

/* Why a transfer failed (CURLcode cc of the easy handle), for messages. */
void probe_curl_reason(void *easy, int cc, char *out, size_t n);

/* Monotonic seconds. */
double probe_now(void);
/* Count n queries against the budget, or fail naming it (AISEC_ERR_LIMIT). */
int probe_take_budget(struct aisec_probe_target *t, size_t n,
		      struct aisec_error *err);
/* Wait for the rate limit's next slot, then take it. */
void probe_rate_wait(struct aisec_probe_target *t);

/*
 * Raw requests (raw.c), for the probes that send bodies of their own
 * (fuzzing, latency): each is sent once, never retried, and what happened
 * is recorded rather than turned into an error.
 */
enum probe_raw_kind {
	PROBE_RAW_ANSWERED = 0, /* an HTTP status, or a process answer line */
	PROBE_RAW_CRASH = 1,	/* connection dropped without an answer, or
				   the process died (it is restarted) */
	PROBE_RAW_TIMEOUT = 2,	/* no answer within the timeout */
	PROBE_RAW_UNREACHABLE = 3 /* could not connect at all */
};

struct probe_raw {
	const char *body; /* borrowed; a process body ends with '\n' */
	size_t len;
	size_t inputs; /* what it costs in the budget */
	/* filled in */
	enum probe_raw_kind kind;
	long status; /* HTTP status; process: 200 answer, 400 {"error"} */
	double ms;   /* from sending to the last byte of the answer */
	struct aisec_buf answer;
	char detail[200]; /* transport error or how the process died */
};

/*
 * Send reqs[n] with at most `concurrency` in flight (process targets: one
 * at a time), honouring the rate limit.  Fails (AISEC_ERR_LIMIT) before
 * sending anything when their inputs do not fit in the budget; otherwise
 * only for resource errors (a process target that cannot be restarted).
 * Release the answers with probe_raw_release().
 */
int probe_raw_send(struct aisec_probe_target *t, struct probe_raw *reqs,
		   size_t n, unsigned concurrency, struct aisec_error *err);
void probe_raw_release(struct probe_raw *reqs, size_t n);

#endif
