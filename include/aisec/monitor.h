/*
 * monitor.h - streaming monitor of a deployed model (AI Act Art. 15(3)
 * declared accuracy, Art. 72 post-market monitoring; ENISA 2023 section
 * 4.1): prediction events go in one at a time, alerts come out when a
 * statistically sound test says a declared level is not met, inputs or
 * outputs drifted, or a client's queries look like model extraction
 * (PRADA), a sponge attack or feedback poisoning.  Spec file format and the
 * statistics of each detector: docs/monitor.md.
 *
 * Life cycle: parse a spec (aisec_monitor_spec_load / _parse), make a
 * monitor from it (aisec_monitor_new, which allocates every buffer the
 * detectors will ever use), feed events (aisec_monitor_observe, or
 * aisec_monitor_feed_line for a JSON or CSV line), read the summary,
 * aisec_monitor_free.
 *
 * Thread-safety: one struct aisec_monitor may be fed from several threads
 * at once; calls are serialised by an internal mutex.  Callbacks run on the
 * feeding thread with that mutex held and must not call back into the same
 * monitor.  A spec is read-only after parsing and may be shared.
 */
#ifndef AISEC_MONITOR_H
#define AISEC_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aisec/buf.h"
#include "aisec/error.h"
#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

struct aisec_monitor_spec;
struct aisec_monitor;

/* Largest feature vector, class count and client id the monitor handles. */
#define AISEC_MONITOR_MAX_FEATURES 256
#define AISEC_MONITOR_MAX_CLASSES 64
#define AISEC_MONITOR_ID_MAX 64

/*
 * One prediction event.  Absent numeric fields are NAN, absent classes -1,
 * absent strings NULL.  Strings need not be NUL-terminated; they are only
 * read during the call.
 */
struct aisec_monitor_event {
	double time;	    /* seconds (any epoch), NAN when absent */
	const char *client; /* client / API key id */
	size_t client_len;
	const char *id; /* event id, to join late labels */
	size_t id_len;
	int predicted;	/* predicted class index, or -1 */
	int label;	/* ground-truth class index, or -1 */
	double score;	/* model score of the positive class, or NAN */
	double latency; /* seconds or any unit, as the reference, or NAN */
	double size;	/* input size (tokens, bytes), or NAN */
	const double *features; /* nfeatures values, or NULL */
	size_t nfeatures;
};

/* An alert, valid only during the callback. */
struct aisec_monitor_alert {
	const char
	    *detector; /* "accuracy", "drift", "prada", "sponge", "poisoning" */
	const char
	    *test; /* "wilson", "clopper-pearson", "cusum", "ks", "psi", ... */
	const char
	    *metric; /* e.g. "recall[1]", "feature[3]", "score", "latency" */
	const char *client; /* the client involved, or NULL */
	double
	    statistic; /* the observed value (point estimate, D, PSI, W, ...) */
	double bound;  /* the confidence bound or critical value compared */
	double threshold;     /* the declared level or configured threshold */
	double p_value;	      /* NAN when the test has none */
	uint64_t window;      /* events in the evaluated window */
	uint64_t first_event; /* 1-based stream positions of the window */
	uint64_t last_event;
	double time;	     /* time of the last event, NAN when unknown */
	const char *message; /* one line for people */
};

/*
 * One evaluation of a windowed metric, for time series (replay report):
 * the value, its confidence bound (NAN when none) and the declared level or
 * critical value (NAN when none).
 */
struct aisec_monitor_point {
	const char *detector;
	const char *metric;
	uint64_t last_event;
	double time;
	double value;
	double bound;
	double threshold;
	bool alert;
};

struct aisec_monitor_opts {
	void (*on_alert)(void *ctx, const struct aisec_monitor_alert *alert);
	void (*on_point)(void *ctx, const struct aisec_monitor_point *point);
	void *ctx;
};

/*
 * Parse a spec (YAML; docs/monitor.md).  `name` is used in messages, and
 * relative paths in the spec (the reference data set) are resolved against
 * `base_dir` (NULL: the current directory).  The reference data set is read
 * here.  Errors name file, line and field.  *out is freed with
 * aisec_monitor_spec_free().
 */
AISEC_API int aisec_monitor_spec_parse(const char *name, const char *text,
				       size_t len, const char *base_dir,
				       struct aisec_monitor_spec **out,
				       struct aisec_error *err);
/* Read and parse the spec file `path` (relative paths resolve against its
 * folder). */
AISEC_API int aisec_monitor_spec_load(const char *path,
				      struct aisec_monitor_spec **out,
				      struct aisec_error *err);
AISEC_API void aisec_monitor_spec_free(struct aisec_monitor_spec *spec);

/* The monitored system's name (the spec's `system`). */
AISEC_API const char *
aisec_monitor_spec_system(const struct aisec_monitor_spec *spec);

/* The input format the spec names: false JSON lines, true CSV. */
AISEC_API bool aisec_monitor_spec_is_csv(const struct aisec_monitor_spec *spec);

/*
 * Append to `out` (caller-owned) a first spec, as YAML, for the system that
 * `profile` describes (`aisec monitor init`): drift and accuracy always,
 * PRADA and sponge detection when deployment.exposure lets clients query
 * the model (partner, public_api, public_app), poisoning when
 * ml.continuous_learning is true.  Field paths, class names, the declared
 * levels and the reference data set ("reference.csv") are placeholders to
 * replace; with that file present the draft parses.  `source` (may be
 * NULL) names the profile in the opening comment.  Both are only read
 * during the call.  0, or AISEC_ERR_NOMEM / AISEC_ERR_LIMIT with `out`
 * released (aisec/buf.h).
 */
struct aisec_profile;
AISEC_API int aisec_monitor_spec_draft(const struct aisec_profile *profile,
				       const char *source, struct aisec_buf *out,
				       struct aisec_error *err);

/*
 * Make a monitor.  `spec` must outlive it.  Allocates all detector state
 * up front (its size follows from the spec's limits).  NULL with err set.
 */
AISEC_API struct aisec_monitor *
aisec_monitor_new(const struct aisec_monitor_spec *spec,
		  const struct aisec_monitor_opts *opts,
		  struct aisec_error *err);
/* Free the monitor (NULL is a no-op). */
AISEC_API void aisec_monitor_free(struct aisec_monitor *m);

/*
 * Feed one event to every detector.  O(1) amortised in the stream length
 * (the cost depends only on the spec's window and per-client limits), no
 * allocation.  Returns the number of alerts raised (>= 0), or
 * AISEC_ERR_INVALID when the event has a class out of range (nothing
 * counted).
 */
AISEC_API int aisec_monitor_observe(struct aisec_monitor *m,
				    const struct aisec_monitor_event *ev);

/*
 * Parse one input line (JSON object or, for CSV specs, a record; the first
 * CSV line fed is the header) with the spec's field paths and observe it.
 * `lineno` is used in messages.  Returns alerts raised (>= 0), or
 * AISEC_ERR_PARSE / AISEC_ERR_INVALID with err naming the line and field
 * path: the line is counted as malformed and the stream goes on.  Empty
 * lines are skipped (0).
 */
AISEC_API int aisec_monitor_feed_line(struct aisec_monitor *m, const char *line,
				      size_t len, uint64_t lineno,
				      struct aisec_error *err);

/* Counters of the stream so far. */
struct aisec_monitor_counts {
	uint64_t events;    /* observed */
	uint64_t malformed; /* lines refused by aisec_monitor_feed_line */
	uint64_t labelled;  /* events with a label, joined ones included */
	uint64_t joined;    /* labels joined to an earlier event by id */
	uint64_t alerts;
	uint64_t clients; /* clients tracked now */
	uint64_t evicted; /* clients evicted (idle or for room) */
};
AISEC_API void aisec_monitor_counts(struct aisec_monitor *m,
				    struct aisec_monitor_counts *out);

/*
 * Append a JSON object of the monitor's state to `out`: counts, the last
 * value and bound of each metric with its declared level, and per detector
 * the number of alerts.  The evidence format `aisec assess` reads.
 */
AISEC_API int aisec_monitor_summary_json(struct aisec_monitor *m,
					 struct aisec_buf *out,
					 struct aisec_error *err);

/* Append the Prometheus text exposition (format 0.0.4) of the same state. */
AISEC_API int aisec_monitor_metrics_text(struct aisec_monitor *m,
					 struct aisec_buf *out);

/*
 * Serve the Prometheus exposition over HTTP (libmicrohttpd, its own thread)
 * on `addr`, "IPV4:PORT" (loopback or any local address; port 0 picks a
 * free one, written to *port).  GET /metrics answers; other paths 404.
 * `m` must outlive the server.  NULL with err set.
 */
struct aisec_monitor_http;
AISEC_API struct aisec_monitor_http *
aisec_monitor_http_start(struct aisec_monitor *m, const char *addr,
			 unsigned *port, struct aisec_error *err);
/* Stop the server and free it (NULL is a no-op). */
AISEC_API void aisec_monitor_http_stop(struct aisec_monitor_http *h);

#ifdef __cplusplus
}
#endif
#endif
