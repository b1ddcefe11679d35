/*
 * monitor_int.h - the monitor's internal structures, shared by the files of
 * src/monitor/ (spec.c parses, event.c reads events, the detector files
 * keep their state, monitor.c dispatches).
 *
 * Design notes (invariants):
 *   - Every buffer is allocated by aisec_monitor_new() from the spec's
 *     limits; observe() never allocates.  Per-event cost is bounded by the
 *     spec (window sizes, classes, features, per-client caps), never by the
 *     stream length.
 *   - Windows are tumbling: a detector evaluates when its window is full and
 *     starts the next one empty.  Each detector splits its family-wise
 *     false-alarm rate alpha over the windows of a horizon (Bonferroni):
 *     one test runs at alpha * window / horizon / tests-per-window.
 *   - Clients live in a fixed pool with an LRU list; the least recently
 *     seen one is evicted when the pool is full or it has been idle longer
 *     than idle_seconds.  A client's slot is wiped on reuse.
 *   - One mutex serialises observe(), feed_line() and the readers.
 */
#ifndef AISEC_MONITOR_INT_H
#define AISEC_MONITOR_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "aisec/monitor.h"

/* ---- spec ------------------------------------------------------------- */

enum mon_field {
	MF_TIME,
	MF_CLIENT,
	MF_ID,
	MF_PREDICTED,
	MF_LABEL,
	MF_SCORE,
	MF_LATENCY,
	MF_SIZE,
	MF_VERSION,
	MF_FEATURES, /* a path to an array, or the first of a list */
	MF_COUNT
};

#define MON_PATH_DEPTH 8

/* A dotted field path, split: "a.b.0" -> {"a", "b", "0"}. */
struct mon_path {
	char *text; /* the path as written; segments point into `buf` */
	char *buf;
	const char *seg[MON_PATH_DEPTH];
	int nseg;
};

enum mon_metric { MM_ACCURACY, MM_PRECISION, MM_RECALL, MM_FPR, MM_FNR };

struct mon_level {
	enum mon_metric metric;
	int cls;      /* the positive class, -1 for accuracy */
	bool is_max;  /* declared maximum (fpr, fnr) instead of minimum */
	double level; /* the declared value */
	int line;
	char name[48]; /* "recall[accept]" */
};

/* Reference sample of one numeric variable, summarised for the detectors. */
struct mon_refvar {
	char name[48];
	size_t nks; /* KS bins (edges nks - 1) */
	double *ks_edges;
	uint64_t *ks_ref;
	size_t npsi;
	double *psi_edges;
	uint64_t *psi_ref;
	uint64_t n;  /* reference sample size */
	double q_hi; /* sponge quantile of the reference */
	double max;
};

struct aisec_monitor_spec {
	char *name;   /* file name for messages */
	char *system; /* the monitored system's name */
	bool csv;
	char **classes; /* class names, or NULL: integer classes */
	int nclasses;
	int positive; /* class the score is for (unused by the detectors) */
	struct mon_path field[MF_COUNT];
	bool has_field[MF_COUNT];
	struct mon_path *feat; /* list form: one path per feature */
	int nfeat_paths;
	int nfeatures; /* expected feature count (0: any, up to max) */
	uint32_t join_window;

	struct {
		bool on;
		double alpha;
		uint64_t horizon, window;
		bool clopper_pearson;
		double shift;
		struct mon_level *levels;
		int nlevels;
	} acc;
	struct {
		bool on;
		double alpha;
		uint64_t horizon, window;
		unsigned bins, ks_bins;
		bool ph_on;
		double ph_delta, ph_lambda;
	} drift;
	struct {
		bool on;
		double delta;
		uint32_t max_clients, max_per_class, max_distances, every,
		    min_distances;
	} prada;
	struct {
		bool on;
		double alpha, quantile, max_factor;
		uint64_t horizon, window;
	} sponge;
	struct {
		bool on;
		double alpha, max_share;
		uint64_t horizon, window;
	} poison;
	uint32_t max_clients; /* pool size: the largest any detector asks */
	double idle_seconds;

	/* the reference data set, summarised (drift, sponge, poisoning) */
	char *reference;
	uint64_t ref_events;
	struct mon_refvar *ref_feat; /* nfeatures */
	struct mon_refvar ref_score, ref_latency, ref_size;
	bool ref_has_score, ref_has_latency, ref_has_size;
	uint64_t ref_pred[AISEC_MONITOR_MAX_CLASSES];
	uint64_t ref_label[AISEC_MONITOR_MAX_CLASSES];
};

/* ---- event reading (event.c) -------------------------------------------- */

/*
 * A JSON value found at a field path (jsonscan.c fast path, or jansson's
 * tree): what the event reader needs of it.  Targets: the fields (enum
 * mon_field), then the list-form feature paths at MF_COUNT + k.
 */
enum { MJ_ABSENT, MJ_NULL, MJ_NUM, MJ_BOOL, MJ_STR, MJ_OTHER, MJ_ARRAY };
#define MON_MAX_TARGETS (MF_COUNT + AISEC_MONITOR_MAX_FEATURES)
struct mon_jv {
	uint8_t kind;
	bool bad;   /* MJ_ARRAY: an element is not a number */
	uint32_t n; /* MJ_ARRAY: element count (values in the feature buffer) */
	double num; /* MJ_NUM, MJ_BOOL */
	const char *str;
	size_t len;
};

/* Column map of a CSV header and scratch for one parsed event. */
struct mon_reader {
	const struct aisec_monitor_spec *spec;
	bool csv; /* the spec's format, or the reference file's */
	bool have_header;
	int *col_field; /* per CSV column: enum mon_field, or -1 */
	int *col_feat;	/* per CSV column: feature index, or -1 */
	int ncols;
	char *cells; /* CSV unquoting scratch */
	size_t cells_cap;
	const char **cell; /* per column */
	size_t *cell_len;
	double feat[AISEC_MONITOR_MAX_FEATURES];
	char client[AISEC_MONITOR_ID_MAX];
	char id[AISEC_MONITOR_ID_MAX];
	/* JSON: the targets' paths (segment lengths precomputed) and values */
	int tgt[MON_MAX_TARGETS];
	int ntargets;
	const struct mon_path *tgt_path[MON_MAX_TARGETS];
	uint8_t tgt_seglen[MON_MAX_TARGETS][MON_PATH_DEPTH];
	struct mon_jv jv[MON_MAX_TARGETS];
	bool fast; /* use jsonscan.c (on unless AISEC_MONITOR_JSON=jansson) */
};

int mon_reader_init(struct mon_reader *r, const struct aisec_monitor_spec *s,
		    struct aisec_error *err);
void mon_reader_release(struct mon_reader *r);
/*
 * Parse one line into *ev (strings and features point into r).  Returns 1
 * for an event, 0 for a line to skip (blank, CSV header), or a negative
 * error with err naming the line and field path.
 */
int mon_reader_line(struct mon_reader *r, const char *line, size_t len,
		    uint64_t lineno, struct aisec_monitor_event *ev,
		    struct aisec_error *err);
/*
 * The fast path (jsonscan.c): scan a JSON line once, fill jv[] (indexed by
 * target) and, for the array form of features, feat[].  MON_SCAN_ACCEPT,
 * MON_SCAN_REJECT (not a JSON object) or MON_SCAN_UNSURE (ask jansson).
 */
enum { MON_SCAN_ACCEPT, MON_SCAN_REJECT, MON_SCAN_UNSURE };
int mon_json_scan(struct mon_reader *r, const char *line, size_t len,
		  struct mon_jv *jv, double *feat);
/*
 * The same with jansson's tree: MON_SCAN_ACCEPT with jv[] filled (strings
 * point into *root, which the caller json_decref()s), or MON_SCAN_REJECT
 * with err naming the line.
 */
struct json_t;
int mon_json_tree(struct mon_reader *r, const char *line, size_t len,
		  uint64_t lineno, struct mon_jv *jv, double *feat,
		  struct json_t **root, struct aisec_error *err);

/* Class index of a class value given as text (name or integer), or -1. */
int mon_class_index(const struct aisec_monitor_spec *s, const char *v,
		    size_t len);

/* Read the reference data set and fill the spec's summaries (spec.c calls). */
int mon_reference_load(struct aisec_monitor_spec *s, const char *path,
		       struct aisec_error *err);

/* ---- detector state -------------------------------------------------------
 */

struct mon_accstate {
	uint64_t k, n;	       /* current window */
	uint64_t tot_k, tot_n; /* whole stream */
	double last_value, last_bound;
	double worst_bound; /* the least favourable bound of any window */
	uint64_t windows;
	double cusum, llr_bad, llr_good, h;
	uint64_t cusum_start; /* event at which the CUSUM left 0 */
	uint64_t alerts;
	uint64_t win_first;
};

struct mon_driftvar {
	const struct mon_refvar *ref;
	uint64_t *ks_live, *psi_live;
	uint64_t n;
	double last_d, last_p, last_psi, last_psi_crit;
	uint64_t alerts;
};

struct mon_client {
	char id[AISEC_MONITOR_ID_MAX];
	uint64_t hash;
	bool used;
	int prev, next; /* LRU list, most recent at head */
	double last_time;
	uint64_t first_seq; /* stream position of its first event */
	/* PRADA */
	float *g;      /* classes x max_per_class x nfeatures */
	uint32_t *g_n; /* per class: stored, and next slot */
	uint32_t *g_next;
	double *t; /* per class threshold */
	double *gd_sum, *gd_sq;
	uint32_t *gd_cnt;
	double *dist; /* ring of min distances */
	uint8_t *dcls;
	uint32_t *dcnt; /* per class count in the ring */
	uint32_t dn, dnext;
	uint64_t queries;
	bool flagged;
	double last_w;
	/* sponge */
	uint64_t sp_n, sp_lat_exc, sp_size_exc, sp_first;
	/* poisoning: labelled events of this client in the current window */
	uint64_t fb_n;
};

struct aisec_monitor {
	const struct aisec_monitor_spec *spec;
	struct aisec_monitor_opts opts;
	pthread_mutex_t lock;
	struct mon_reader reader;
	struct aisec_monitor_counts counts;
	uint64_t seq; /* events observed, 1-based position of the last */
	double now;   /* time of the last event (NAN when none) */
	uint64_t det_alerts[5];

	struct mon_accstate *acc;

	struct mon_driftvar *dvars; /* features, then score */
	int ndvars;
	uint64_t drift_n, drift_first;
	uint64_t pred_live[AISEC_MONITOR_MAX_CLASSES];
	double pred_last_chi2, pred_last_p;
	double ph_mean, ph_up, ph_up_min, ph_dn, ph_dn_max;
	uint64_t ph_n;

	/* late-label join: direct-mapped table */
	struct mon_pending {
		uint64_t hash, seq;
		int predicted;
		int client;
		char id[AISEC_MONITOR_ID_MAX];
	} * pending;
	uint32_t pending_mask;

	/* clients */
	struct mon_client *clients;
	int *cindex; /* open addressing: client slot + 1, 0 empty */
	uint32_t cindex_mask;
	int lru_head, lru_tail, nclients;
	double *sw_x, *sw_a; /* Shapiro-Wilk scratch */
	size_t sw_a_n;

	/* poisoning */
	uint64_t fb_n, fb_first;
	uint64_t fb_label[AISEC_MONITOR_MAX_CLASSES];
	double fb_last_chi2, fb_last_p;
};

enum mon_detector { MD_ACCURACY, MD_DRIFT, MD_PRADA, MD_SPONGE, MD_POISON };

/* Raise an alert (counts it, calls the callback). */
void mon_alert(struct aisec_monitor *m, enum mon_detector d,
	       struct aisec_monitor_alert *a);
void mon_point(struct aisec_monitor *m, const char *detector,
	       const char *metric, double value, double bound, double threshold,
	       bool alert);

/* accuracy.c */
int mon_acc_init(struct aisec_monitor *m);
int mon_acc_observe(struct aisec_monitor *m, int predicted, int label);
/* drift.c */
int mon_drift_init(struct aisec_monitor *m);
int mon_drift_observe(struct aisec_monitor *m,
		      const struct aisec_monitor_event *ev);
/* client.c: the pool, PRADA, sponge, poisoning */
int mon_clients_init(struct aisec_monitor *m);
void mon_clients_release(struct aisec_monitor *m);
int mon_client_get(struct aisec_monitor *m, const char *id, size_t len);
int mon_prada_observe(struct aisec_monitor *m, int c,
		      const struct aisec_monitor_event *ev);
int mon_sponge_observe(struct aisec_monitor *m, int c,
		       const struct aisec_monitor_event *ev);
int mon_poison_observe(struct aisec_monitor *m, int c, int label);

uint64_t mon_hash(const char *s, size_t len);
size_t mon_bin_of(const double *edges, size_t nedges, double x);

#endif
