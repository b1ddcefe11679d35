/*
 * probe.h - measure a model's robustness and security through its
 * prediction interface (AI Act Art. 15, Art. 13(3)(b)(ii)).
 *
 * A target spec (YAML, docs/probe.md) says what the model takes and returns:
 * the number of features with each one's valid range, and whether the
 * interface returns scores or labels only.  A target is the interface
 * itself: an HTTP(S) model server (Open Inference Protocol v2, TF Serving
 * REST, or a generic JSON template) reached through libcurl, or a local
 * process speaking JSON lines.  Every query goes through
 * aisec_probe_query(), which enforces the query budget (never exceeded),
 * the rate limit, the per-request timeout and the retries on 429/503.
 * Probes are one function each and take all their randomness from a seed.
 *
 * Thread-safety: a target is used by one thread at a time; distinct targets
 * are independent.
 */
#ifndef AISEC_PROBE_H
#define AISEC_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "aisec/error.h"
#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the interface returns. */
enum aisec_probe_output {
	AISEC_PROBE_OUT_LABELS = 0, /* one class index per input */
	AISEC_PROBE_OUT_SCORES = 1  /* one score per class per input */
};

/* How requests and answers are framed. */
enum aisec_probe_protocol {
	AISEC_PROBE_OIP_V2 = 0,	   /* POST {url}/v2/models/{model}/infer */
	AISEC_PROBE_TFSERVING = 1, /* POST {url}/v1/models/{model}:predict */
	AISEC_PROBE_TEMPLATE = 2,  /* POST {url}, body from a template */
	AISEC_PROBE_PROCESS = 3	   /* JSON lines on a child's stdin/stdout */
};

#define AISEC_PROBE_MAX_FEATURES 65536
#define AISEC_PROBE_MAX_CLASSES 4096

/* A parsed target spec.  All arrays are owned by the spec. */
struct aisec_probe_spec {
	char *model;			/* model name (OIP v2, TF Serving) */
	size_t n_features;		/* input length d */
	double *lo, *hi;		/* d valid ranges, lo[i] <= hi[i] */
	int integer_input;		/* 1: features are integers */
	enum aisec_probe_output output; /* labels or scores */
	size_t n_classes;		/* number of classes k >= 2 */
	char **classes;			/* k class names */
	uint8_t text_sha256[32]; /* SHA-256 of the spec's bytes as parsed */
};

/*
 * Parse a spec held in memory; `name` is used in messages, which name
 * file, line and field.  On success *out is a new spec the caller frees
 * with aisec_probe_spec_free().
 */
AISEC_API int aisec_probe_spec_parse(const char *name, const char *text,
				     size_t len, struct aisec_probe_spec **out,
				     struct aisec_error *err);
/* Read and parse the spec file at `path`. */
AISEC_API int aisec_probe_spec_load(const char *path,
				    struct aisec_probe_spec **out,
				    struct aisec_error *err);
/* Free a spec; NULL is a no-op. */
AISEC_API void aisec_probe_spec_free(struct aisec_probe_spec *spec);

/*
 * Parse one answer `body` for `n` inputs into labels[n] and, when the spec
 * says scores, scores[n * k].  `select` is the dotted path of the
 * predictions for AISEC_PROBE_TEMPLATE (NULL: "predictions").  Errors name
 * what was expected and what was received.  Exposed for the fuzz harness.
 */
AISEC_API int aisec_probe_parse_answer(const struct aisec_probe_spec *spec,
				       enum aisec_probe_protocol proto,
				       const char *select, const char *body,
				       size_t len, size_t n, int *labels,
				       double *scores, struct aisec_error *err);

/* How to reach a target.  Strings are borrowed for the target's lifetime. */
struct aisec_probe_target_opts {
	enum aisec_probe_protocol protocol;
	const char *url;   /* base URL (http, https), or NULL for a process */
	char *const *argv; /* AISEC_PROBE_PROCESS: program and arguments */
	const char *template_body; /* AISEC_PROBE_TEMPLATE: "{{instances}}" is
				      replaced */
	const char
	    *select; /* AISEC_PROBE_TEMPLATE: dotted path of the predictions */
	const char
	    *headers; /* extra "Name: value" lines (from a file), or NULL */
	const char
	    *bearer_token; /* sent as "Authorization: Bearer ...", or NULL */
	uint64_t
	    budget; /* queries (inputs sent, retries included); 0 refuses all */
	double rate;	      /* requests per second at most; 0: unlimited */
	unsigned concurrency; /* requests in flight at most (>= 1) */
	unsigned batch;	      /* inputs per request (>= 1) */
	unsigned retries;     /* retries of a request answered 429 or 503 */
	long timeout_ms;      /* per request; 0: 30000 */
	const char *ca_file; /* CA bundle for https, or NULL for the system's */
};

struct aisec_probe_target;

/* Open a target (a process target starts its child).  Free with _free. */
AISEC_API int aisec_probe_target_new(const struct aisec_probe_spec *spec,
				     const struct aisec_probe_target_opts *opts,
				     struct aisec_probe_target **out,
				     struct aisec_error *err);
/* Close a target (a process target's child is ended and reaped); NULL is a
 * no-op. */
AISEC_API void aisec_probe_target_free(struct aisec_probe_target *t);

/*
 * Send `n` inputs x[n * d] and fill labels[n] and, for a scores target,
 * scores[n * k] (scores may be NULL when not wanted).  Fails with
 * AISEC_ERR_LIMIT, before sending anything, when the inputs would exceed
 * the budget; with AISEC_ERR_IO for transport errors (unreachable, TLS,
 * timeout, HTTP status) and AISEC_ERR_PARSE/INVALID for a bad answer.
 */
AISEC_API int aisec_probe_query(struct aisec_probe_target *t, const double *x,
				size_t n, int *labels, double *scores,
				struct aisec_error *err);

/* Queries sent so far (retries included) and the budget left. */
AISEC_API uint64_t aisec_probe_queries_used(const struct aisec_probe_target *t);
AISEC_API uint64_t aisec_probe_budget_left(const struct aisec_probe_target *t);

/* ---- probes ------------------------------------------------------------ */

/* Equation-solving extraction (Tramèr et al., USENIX Security 2016). */
struct aisec_probe_extract_result {
	size_t k, d;	  /* classes, features */
	double *w;	  /* (k-1) x d: logit of class c against class 0 */
	double *b;	  /* k-1 intercepts */
	uint64_t queries; /* queries spent solving (d + 1) */
	uint64_t check_queries; /* queries spent measuring agreement */
	size_t agree,
	    checked; /* agreement of the extracted model on fresh inputs */
};

/*
 * Recover a linear/logistic (softmax) model from its scores with d+1
 * queries, then measure agreement on `n_check` fresh uniform inputs
 * (n_check queries more; 0 skips it).  Needs a scores target.
 * Release `res` with aisec_probe_extract_release().
 */
AISEC_API int aisec_probe_extract_equations(
    struct aisec_probe_target *t, uint64_t seed, size_t n_check,
    struct aisec_probe_extract_result *res, struct aisec_error *err);
AISEC_API void
aisec_probe_extract_release(struct aisec_probe_extract_result *res);

/* Decision-based evasion (HopSkipJump, L2). */
struct aisec_probe_evasion_opts {
	uint64_t seed;
	uint64_t max_queries; /* per input (0: 5000) */
	unsigned max_iter;    /* gradient-estimation rounds (0: 40) */
};

struct aisec_probe_evasion_result {
	size_t n;     /* inputs */
	double *dist; /* n smallest L2 perturbations found (INFINITY: none) */
	uint64_t *queries; /* n queries spent per input */
	int *label;	   /* n labels of the unperturbed inputs */
	size_t found;	   /* inputs with an adversarial example */
};

/*
 * HopSkipJump (Chen, Jordan, Wainwright, IEEE S&P 2020), untargeted, L2:
 * for each of the n inputs x[n * d], find a nearby input the target labels
 * differently, from labels only, within `max_queries` queries each; the
 * perturbed inputs stay within the spec's ranges.  Release `res` with
 * aisec_probe_evasion_release() (also after a failure: the inputs done so
 * far are in it, res->n counts them).
 */
AISEC_API int
aisec_probe_evasion_hsja(struct aisec_probe_target *t, const double *x,
			 size_t n, const struct aisec_probe_evasion_opts *opts,
			 struct aisec_probe_evasion_result *res,
			 struct aisec_error *err);
AISEC_API void
aisec_probe_evasion_release(struct aisec_probe_evasion_result *res);

/* Score-based evasion (SimBA; Square Attack L-infinity and L2). */
enum aisec_probe_evasion_method {
	AISEC_PROBE_EV_SIMBA = 1,	/* SimBA, Cartesian basis, L2 */
	AISEC_PROBE_EV_SQUARE_LINF = 2, /* Square Attack, L-infinity */
	AISEC_PROBE_EV_SQUARE_L2 = 3	/* Square Attack, L2 */
};

/*
 * SimBA (Guo et al., ICML 2019) or Square Attack (Andriushchenko et al.,
 * ECCV 2020), untargeted, from scores: for each of the n inputs x[n * d]
 * the smallest radius (L2, or L-infinity for SQUARE_LINF) at which the
 * attack finds an input the target labels differently, searched within
 * opts->max_queries queries each (0: 5000); opts->max_iter is unused.
 * res->dist holds the norm of the smallest perturbation found, which the
 * target did label differently.  Needs a scores target.  Release `res` with
 * aisec_probe_evasion_release() (also after a failure: res->n counts the
 * inputs done).
 */
AISEC_API int aisec_probe_evasion_score(
    struct aisec_probe_target *t, const double *x, size_t n,
    enum aisec_probe_evasion_method method,
    const struct aisec_probe_evasion_opts *opts,
    struct aisec_probe_evasion_result *res, struct aisec_error *err);

/*
 * The exact (Clopper-Pearson, Biometrika 1934) two-sided interval at
 * confidence `level` (e.g. 0.95) of a proportion k/n; n == 0 gives [0, 1].
 */
AISEC_API void aisec_probe_clopper_pearson(uint64_t k, uint64_t n,
					   double level, double *lo,
					   double *hi);

/* Membership inference (score threshold and label only). */
struct aisec_probe_membership_opts {
	uint64_t seed;
	unsigned noise_copies; /* label-only: noisy copies per row (0: none,
				  correctness alone) */
	double noise; /* their Gaussian sigma as a share of each feature's
			 range (0: 0.02) */
};

/* One ROC point: the TPR at the largest FPR <= fpr_target. */
struct aisec_probe_mia_point {
	double fpr_target;	    /* 0.01 or 0.001 */
	int measurable;		    /* 0: fpr_target < 1 / non-members */
	double threshold;	    /* member when the score is above it */
	uint64_t tp, fp;	    /* members, non-members above it */
	double tpr, tpr_low, tpr_high; /* Clopper-Pearson 95% */
	double fpr, fpr_low, fpr_high;
};

struct aisec_probe_mia_attack {
	int available;			/* 0: not run (labels-only target) */
	double auc, auc_low, auc_high;	/* DeLong 95% interval */
	struct aisec_probe_mia_point at[2]; /* FPR 1%, 0.1% */
};

struct aisec_probe_membership_result {
	size_t n_members, n_nonmembers; /* rows scored (all, unless failed) */
	unsigned noise_copies;
	double noise;
	double *member_conf, *nonmember_conf; /* score of the true label */
	double *member_hits, *nonmember_hits; /* correct labels of 1 + copies */
	struct aisec_probe_mia_attack score;  /* confidence threshold */
	struct aisec_probe_mia_attack label;  /* label only */
};

/*
 * Query the members xm[nm * d] (true class indices ym[nm]) and non-members
 * xn[nn * d] (yn[nn]), each row with opts->noise_copies noisy copies, and
 * summarise how well the true label's score (scores targets) and the count
 * of correct labels separate them.  On a failure part-way (budget, target)
 * the rows scored so far are summarised and kept in `res`; release it with
 * aisec_probe_membership_release() in every case.
 */
AISEC_API int aisec_probe_membership(
    struct aisec_probe_target *t, const double *xm, const int *ym, size_t nm,
    const double *xn, const int *yn, size_t nn,
    const struct aisec_probe_membership_opts *opts,
    struct aisec_probe_membership_result *res, struct aisec_error *err);
AISEC_API void
aisec_probe_membership_release(struct aisec_probe_membership_result *res);

/* Extraction by surrogate training. */
struct aisec_probe_surrogate_opts {
	uint64_t seed;
	size_t train;	   /* labels bought at the last point (0: 2000) */
	size_t n_check;	   /* held-out inputs (0: 2000) */
	size_t points;	   /* points of the curve, labels doubling (0: 6) */
	const double *pool; /* the user's unlabeled rows [pool_n * d], or NULL:
			       uniform within the ranges */
	size_t pool_n;
};

struct aisec_probe_surrogate_result {
	size_t n_points;	 /* points done */
	uint64_t *queries;	 /* labels bought at each point */
	size_t *agree;		 /* held-out inputs the surrogate agrees on */
	double *fidelity;	 /* agree / checked */
	size_t checked;		 /* held-out inputs */
	size_t majority;	 /* held-out inputs of the commonest label */
	uint64_t check_queries; /* queries spent on the held-out labels */
};

/*
 * Query labels for inputs drawn within the spec's ranges (or around the
 * pool's rows), train a softmax-regression surrogate on them (gradient
 * descent) and report its fidelity on opts->n_check held-out inputs at
 * opts->points numbers of labels, doubling up to opts->train.  Release
 * `res` with aisec_probe_surrogate_release() (the points done before a
 * failure are kept).
 */
AISEC_API int
aisec_probe_extract_surrogate(struct aisec_probe_target *t,
			      const struct aisec_probe_surrogate_opts *opts,
			      struct aisec_probe_surrogate_result *res,
			      struct aisec_error *err);
AISEC_API void
aisec_probe_surrogate_release(struct aisec_probe_surrogate_result *res);

/* Natural robustness: accuracy under noise. */
struct aisec_probe_robustness_opts {
	uint64_t seed;
	const double *levels; /* noise levels, shares of each feature's range */
	size_t n_levels;
	int uniform; /* 0: Gaussian, sigma = level x range; 1: uniform shift
			in [-level, level] x range */
};

struct aisec_probe_robustness_result {
	size_t n;	   /* rows */
	size_t n_levels;   /* levels done */
	size_t *correct;   /* rows labelled correctly at each level */
};

/*
 * The target's accuracy on the labelled rows x[n * d] (true class indices
 * y[n]) with every feature perturbed at each noise level (clipped to the
 * ranges; level 0 leaves the rows as they are).  n queries per level.
 * Release `res` with aisec_probe_robustness_release() (the levels done
 * before a failure are kept).
 */
AISEC_API int
aisec_probe_robustness(struct aisec_probe_target *t, const double *x,
		       const int *y, size_t n,
		       const struct aisec_probe_robustness_opts *opts,
		       struct aisec_probe_robustness_result *res,
		       struct aisec_error *err);
AISEC_API void
aisec_probe_robustness_release(struct aisec_probe_robustness_result *res);

/* The spec a target was opened with (borrowed). */
AISEC_API const struct aisec_probe_spec *
aisec_probe_target_spec(const struct aisec_probe_target *t);

/* ---- target digest, input fuzzing, latency ----------------------------- */

/* "sha256:" + 64 hex digits + NUL */
#define AISEC_PROBE_DIGEST_LEN 72

/*
 * The target's identity as results record it: "sha256:<hex>" of
 * "aisec-probe-target/1", the SHA-256 of the spec's bytes, the protocol,
 * and the inference URL and model (HTTP) or the program and its arguments
 * (process), each followed by a NUL byte.  The same spec file against the
 * same endpoint gives the same digest; a changed spec or endpoint does not.
 * Never fails once the target is open.
 */
AISEC_API void aisec_probe_target_digest(const struct aisec_probe_target *t,
					 char out[AISEC_PROBE_DIGEST_LEN]);

/* What became of one fuzz input. */
enum aisec_probe_fuzz_outcome {
	AISEC_PROBE_FUZZ_ACCEPTED = 0,	   /* 2xx, or a process answer */
	AISEC_PROBE_FUZZ_REJECTED = 1,	   /* 4xx, or a process {"error"} */
	AISEC_PROBE_FUZZ_SERVER_ERROR = 2, /* 5xx (or another status) */
	AISEC_PROBE_FUZZ_CRASH = 3,   /* connection dropped without an answer,
					 or the process died */
	AISEC_PROBE_FUZZ_TIMEOUT = 4, /* no answer within the timeout */
	AISEC_PROBE_FUZZ_UNREACHABLE = 5 /* the target stopped accepting
					    connections */
};

struct aisec_probe_fuzz_case {
	const char *category; /* static: "control", "malformed-json",
				 "non-finite", "out-of-range", "wrong-shape",
				 "wrong-type", "huge" */
	char *name;	      /* what the input is, e.g. "NaN in feature 3" */
	int expect_accept;    /* 1 only for the valid controls */
	enum aisec_probe_fuzz_outcome outcome;
	long status;	  /* HTTP status (process: 200 or 400), 0 if none */
	double ms;	  /* latency */
	char *detail;	  /* transport error, how the process died, or the
			     start of the answer (printable ASCII) */
	char *input;	  /* the body sent, printable ASCII (other bytes as
			     \xHH), cut after 1024 bytes */
	size_t input_len; /* the body's full length in bytes */
	char input_sha256[AISEC_PROBE_DIGEST_LEN]; /* of the whole body */
	int finding;	/* crash, timeout, 5xx, or refused/accepted against
			   expectation */
};

struct aisec_probe_fuzz_result {
	size_t n; /* cases run */
	struct aisec_probe_fuzz_case *cases;
	size_t crashes, server_errors, timeouts, unreachable;
	size_t accepted_invalid, rejected_valid, findings;
};

/*
 * Send a fixed, seeded set of malformed inputs (docs/probe.md): broken
 * JSON, NaN/Infinity, wrong shapes and types, huge arrays, values outside
 * the spec's ranges, plus valid controls; one request each, one at a time
 * (so that a crash is attributed to its input), never retried.  Fails when
 * the budget cannot pay for all the cases (nothing is sent) or when the
 * first control cannot reach the target.  Release with
 * aisec_probe_fuzz_release() (also after a failure).
 */
AISEC_API int aisec_probe_fuzz(struct aisec_probe_target *t, uint64_t seed,
			       struct aisec_probe_fuzz_result *res,
			       struct aisec_error *err);
AISEC_API void aisec_probe_fuzz_release(struct aisec_probe_fuzz_result *res);
/* Cases aisec_probe_fuzz() sends for this target (its budget need). */
AISEC_API size_t aisec_probe_fuzz_count(const struct aisec_probe_target *t);

struct aisec_probe_latency_opts {
	uint64_t seed;
	size_t requests;  /* load phase: requests of random valid inputs
			     (0: 200) */
	unsigned concurrency; /* in flight during both phases (0: the
				 target's) */
	size_t starts;	  /* search: independent climbers (0: 8) */
	unsigned rounds;  /* search: hill-climbing rounds (0: 20) */
	size_t top;	  /* worst inputs reported (0: 3) */
	unsigned repeats; /* re-measurements of each worst input (0: 5) */
};

struct aisec_probe_latency_result {
	/* load phase */
	size_t n;	/* requests sent */
	double *ms;	/* n latencies, in the order sent (failed: NAN) */
	size_t errors;	/* non-2xx, dropped, timed out */
	double wall_s;	/* duration of the load phase */
	size_t batch;	/* inputs per load request */
	/* search (single-input requests) */
	size_t d;
	double random_median_ms; /* the climbers' random starting inputs */
	unsigned rounds;	 /* rounds run */
	double *trace;		 /* rounds + 1: slowest latency so far */
	size_t n_worst;
	double *worst_x;      /* n_worst * d inputs, slowest first */
	double *worst_ms;     /* n_worst medians of `repeats` measurements */
	uint64_t search_queries;
};

/*
 * Latency under load and a sponge search (docs/probe.md): `requests`
 * requests of random valid inputs at `concurrency`, then `starts` random
 * inputs improved by hill climbing on latency within the spec's ranges for
 * `rounds` rounds, the slowest re-measured.  Fails before sending anything
 * when the budget cannot pay for it all.  Release with
 * aisec_probe_latency_release() (also after a failure: what was measured
 * is in it).
 */
AISEC_API int
aisec_probe_latency(struct aisec_probe_target *t,
		    const struct aisec_probe_latency_opts *opts,
		    struct aisec_probe_latency_result *res,
		    struct aisec_error *err);
AISEC_API void
aisec_probe_latency_release(struct aisec_probe_latency_result *res);

#ifdef __cplusplus
}
#endif
#endif
