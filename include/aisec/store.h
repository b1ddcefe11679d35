/*
 * store.h - the workspace: a portfolio of AI systems kept over time, with
 * their assessments, evidence, probe and monitor results, alerts, finding
 * decisions and the access tokens of `aisec serve`.  docs/workspace.md.
 *
 * Backends: SQLite (a file path; WAL, foreign keys on) and PostgreSQL (a
 * "postgresql://" or "postgres://" URL, libpq).  Both hold the same schema;
 * its version is kept in the table schema_version and migrations run
 * forward, in one transaction, on open.  Every query is parameterised.
 *
 * Threads: a struct aisec_store is one connection.  Use one per thread (a
 * server opens one per worker thread, or keeps a pool and lends a handle to
 * one thread at a time); a handle must not be used by two threads at once.
 * Opening is cheap once the schema is current (one version read).  Several
 * handles and processes may share one workspace: writers wait up to 10 s
 * for each other (SQLite busy timeout; PostgreSQL row locks).
 *
 * Ownership: strings passed in are copied; every struct returned through
 * an `out` pointer is heap memory owned by the caller and released with the
 * matching _free function (NULL is a no-op).  Dates are "YYYY-MM-DD", times
 * UTC "YYYY-MM-DDTHH:MM:SSZ".  Errors name what failed: "system 'cv': not
 * in the workspace", "workspace 'w.db': schema version 9 is newer than this
 * aisec (2)".
 */
#ifndef AISEC_STORE_H
#define AISEC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aisec/assess.h"
#include "aisec/buf.h"
#include "aisec/error.h"
#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this library writes (migrations bring older ones here). */
#define AISEC_STORE_SCHEMA_VERSION 2

struct aisec_store;

enum aisec_store_flags {
	AISEC_STORE_CREATE = 1u << 0, /* SQLite: create the file when missing */
	AISEC_STORE_READONLY = 1u
			       << 1 /* refuse every write (AISEC_ERR_USAGE) */
};

/*
 * Open the workspace at `where`: a "postgresql://..." or "postgres://..."
 * URL (libpq connection URI), else a SQLite file path.  Runs the forward
 * migrations (not with AISEC_STORE_READONLY: an old schema then fails).  A
 * schema newer than AISEC_STORE_SCHEMA_VERSION fails with AISEC_ERR_INVALID.
 * A read-only open gives the portfolio a writable one gives on the same day:
 * the counts a lapsed decision made stale, which only a writer stores, are
 * computed in memory for that query.  On success *out owns the connection (close with aisec_store_close).
 * Errors from the URL never repeat its password.
 */
AISEC_API int aisec_store_open(const char *where, unsigned flags,
			       struct aisec_store **out,
			       struct aisec_error *err);

/* Close the connection; NULL is a no-op. */
AISEC_API void aisec_store_close(struct aisec_store *s);

/* "sqlite" or "postgresql". */
AISEC_API const char *aisec_store_backend(const struct aisec_store *s);

/* The schema version found on open, before migrations (0: a new workspace). */
AISEC_API int aisec_store_schema_found(const struct aisec_store *s);

/*
 * Group many writes into one transaction (a bulk load).  Calls inside run
 * in it; aisec_store_commit() makes them durable, aisec_store_rollback()
 * drops them.  Without begin, each write is its own transaction.
 */
AISEC_API int aisec_store_begin(struct aisec_store *s, struct aisec_error *err);
AISEC_API int aisec_store_commit(struct aisec_store *s,
				 struct aisec_error *err);
AISEC_API int aisec_store_rollback(struct aisec_store *s,
				   struct aisec_error *err);

/* ---- systems ------------------------------------------------------------- */

/* A system name: 1 to 64 of [A-Za-z0-9._-], starting with a letter or digit. */
#define AISEC_STORE_NAME_MAX 64

/* 1 when `name` is a valid system name, else 0. */
AISEC_API int aisec_store_name_valid(const char *name);

struct aisec_store_system {
	int64_t id;
	char *name;
	char *profile_file; /* the path it was added from, as given, or NULL */
	char *profile;	    /* the profile text (NUL-terminated) */
	size_t profile_len;
	char *profile_digest; /* "sha256:<64 hex>" of the profile text */
	char *created;	      /* time added */
	char *updated;	      /* time the profile text last changed */
	int64_t assessments;  /* number of assessments recorded */
};

/*
 * Add system `name` with its profile text, or update its profile when it
 * exists (the digest changes only when the text does).  `profile_file` (may
 * be NULL) is remembered for `workspace assess`.  *changed (may be NULL) is
 * set when the system is new or its text changed.
 */
AISEC_API int aisec_store_system_put(struct aisec_store *s, const char *name,
				     const char *profile_file,
				     const char *profile, size_t profile_len,
				     bool *changed, struct aisec_error *err);

/* One system with its profile text; AISEC_ERR_NOTFOUND when absent. */
AISEC_API int aisec_store_system_get(struct aisec_store *s, const char *name,
				     struct aisec_store_system **out,
				     struct aisec_error *err);
AISEC_API void aisec_store_system_free(struct aisec_store_system *sys);

/* The names of every system, sorted (an array of `*n` strings). */
AISEC_API int aisec_store_system_names(struct aisec_store *s, char ***names,
				       size_t *n, struct aisec_error *err);
AISEC_API void aisec_store_names_free(char **names, size_t n);

/* ---- the portfolio ---------------------------------------------------------
 */

enum aisec_store_sort {
	AISEC_STORE_SORT_NAME = 0,
	AISEC_STORE_SORT_CLASS, /* prohibited, high-risk, limited, minimal, ...
				 */
	AISEC_STORE_SORT_OPEN_RISKS, /* critical, then major, then minor counts
				      */
	AISEC_STORE_SORT_DEADLINE,   /* next deadline, none last */
	AISEC_STORE_SORT_ASSESSED    /* last assessment time, never last */
};

struct aisec_store_query {
	enum aisec_store_sort sort;
	bool descending;
	const char *klass; /* only this class ("high-risk"), or NULL */
	const char
	    *text; /* only names containing it (case-insensitive), or NULL */
	bool open_risks; /* only systems with at least one open risk */
	const char
	    *today;   /* "YYYY-MM-DD" for decision expiry; NULL = today (UTC) */
	size_t limit; /* at most this many rows; 0 = 100 */
	size_t offset; /* skip this many (pagination) */
};

/* Risk levels, the index of the open-risk counts. */
enum aisec_store_level {
	AISEC_STORE_MINOR = 0,
	AISEC_STORE_MAJOR,
	AISEC_STORE_CRITICAL
};

struct aisec_store_row {
	char *name;
	/* class of the last assessment, NULL when never assessed */
	char *klass;
	/* residual risks by level not covered by a current decision */
	int64_t open_risks[3];
	/* coverage gaps of the last assessment not covered by a current decision */
	int64_t gaps;
	/* the worst evidence status: "broken", "missing", "unverified",
	 * "verified", or "none" (nothing declared), taking for each kind of
	 * evidence the newer of the last assessment and the last verification
	 * (aisec_store_evidence_put); NULL when never assessed */
	char *evidence;
	/* earliest date after the assessment's as-of date on which an obligation
	 * starts to apply, or NULL */
	char *next_deadline;
	/* time of the last assessment, or NULL */
	char *last_assessed;
	int64_t assessments;
};

struct aisec_store_page {
	struct aisec_store_row *rows;
	size_t n;
	size_t total; /* rows matching the filter, before limit/offset */
};

/* The portfolio: one row per system matching `q` (NULL: defaults). */
AISEC_API int aisec_store_portfolio(struct aisec_store *s,
				    const struct aisec_store_query *q,
				    struct aisec_store_page *out,
				    struct aisec_error *err);
/* Release the rows of a page (the struct itself is caller storage). */
AISEC_API void aisec_store_page_release(struct aisec_store_page *p);

/* ---- assessments ------------------------------------------------------------
 */

struct aisec_store_assessment {
	int64_t id;
	int64_t
	    seq; /* 1, 2, ... per system: the number `history` and `diff` use */
	char *system;
	char *at;    /* when recorded */
	char *as_of; /* the findings' as-of date */
	char *catalog_version;
	char *profile_digest; /* of the profile that was assessed */
	char *klass;
	int64_t risks[3]; /* residual risks by level (before decisions) */
	int64_t gaps;
	char *evidence; /* the worst status in its findings, as in
			   aisec_store_row but without later verifications */
	char *next_deadline;
	char *findings; /* findings JSON (docs/findings.md); only from _get,
			   else NULL */
	size_t findings_len;
};

/*
 * Record an assessment of `system`: the findings JSON as written by
 * aisec_findings_to_json() (its class, catalog version, as-of date, risks,
 * gaps, evidence and deadlines are read from it; it must parse).  `at`:
 * the time, NULL = now.  *seq (may be NULL) receives its number.
 */
AISEC_API int aisec_store_assessment_record(
    struct aisec_store *s, const char *system, const char *findings_json,
    size_t len, const char *at, int64_t *seq, struct aisec_error *err);

/* The assessments of `system`, newest first, without their findings JSON. */
AISEC_API int
aisec_store_assessment_history(struct aisec_store *s, const char *system,
			       struct aisec_store_assessment **out, size_t *n,
			       struct aisec_error *err);

/* Assessment number `seq` of `system` (0 = the latest) with its findings JSON.
 */
AISEC_API int aisec_store_assessment_get(struct aisec_store *s,
					 const char *system, int64_t seq,
					 struct aisec_store_assessment **out,
					 struct aisec_error *err);
AISEC_API void aisec_store_assessment_free(struct aisec_store_assessment *a);
/* Free an array from aisec_store_assessment_history(). */
AISEC_API void aisec_store_assessments_free(struct aisec_store_assessment *a,
					    size_t n);

/*
 * What changed between assessments `a` and `b` of `system` (0 for b: the
 * latest; 0 for a: the one before b), appended to `out` as JSON:
 *   {"system": "cv", "from": 3, "to": 5,
 *    "class": {"from": "limited", "to": "high-risk"},          (null when
 * equal) "risks": [{"finding": "risk/model_extraction", "from": "major", "to":
 * "critical"}], (from or to null: added / removed) "gaps": {"added":
 * ["gap/requirement/ai_literacy"], "removed": []}, "catalog": {"from":
 * "2026.11", "to": "2026.12"}}         (null when equal)
 */
AISEC_API int aisec_store_assessment_diff(struct aisec_store *s,
					  const char *system, int64_t a,
					  int64_t b, struct aisec_buf *out,
					  struct aisec_error *err);

/* ---- evidence, probes, monitors, alerts ------------------------------------
 */

struct aisec_store_evidence {
	char *system;
	char *kind;	   /* "lineage", "ledger", ... as in the findings */
	char *path;	   /* as declared in the profile */
	char *status;	   /* "verified", "broken", "unverified", "missing" or
			      "not_declared", as in the findings */
	char *detail;	   /* what the verification said, or NULL */
	char *verified_at; /* time of the last verification */
};

/* Record a verification of one evidence reference (replaces the last one of
 * the same system, kind and path; earlier ones are kept in the history).
 * When it is newer than the latest assessment it updates the system's
 * evidence status in the portfolio (aisec_store_row.evidence). */
AISEC_API int aisec_store_evidence_put(struct aisec_store *s,
				       const struct aisec_store_evidence *e,
				       struct aisec_error *err);
/* The last verification of every evidence reference of `system`. */
AISEC_API int aisec_store_evidence_list(struct aisec_store *s,
					const char *system,
					struct aisec_store_evidence **out,
					size_t *n, struct aisec_error *err);
AISEC_API void aisec_store_evidence_free(struct aisec_store_evidence *e,
					 size_t n);

struct aisec_store_result {
	int64_t id;
	char *system;
	char *kind;   /* "probe" or "monitor" */
	char *name;   /* the probe or monitor spec name */
	char *status; /* "pass", "fail" or "error" */
	char *at;
	char *json; /* the result document (aisec probe / monitor JSON) */
};

/* Record a probe or monitor result (`at` NULL = now). */
AISEC_API int aisec_store_result_add(struct aisec_store *s,
				     const struct aisec_store_result *r,
				     int64_t *id, struct aisec_error *err);
/* Results of `system`, newest first, at most `limit` (0 = 100). */
AISEC_API int aisec_store_result_list(struct aisec_store *s, const char *system,
				      size_t limit,
				      struct aisec_store_result **out,
				      size_t *n, struct aisec_error *err);
AISEC_API void aisec_store_result_free(struct aisec_store_result *r, size_t n);

struct aisec_store_alert {
	int64_t id;
	char *system;
	char *source;	/* "monitor:<name>", "probe:<name>", ... */
	char *severity; /* "info", "warning", "critical" */
	char *text;
	char *at;
	bool acknowledged;
};

AISEC_API int aisec_store_alert_add(struct aisec_store *s,
				    const struct aisec_store_alert *a,
				    int64_t *id, struct aisec_error *err);
/* Alerts of `system` (NULL: all systems), newest first; only unacknowledged
 * ones unless `all`; at most `limit` (0 = 100). */
AISEC_API int aisec_store_alert_list(struct aisec_store *s, const char *system,
				     bool all, size_t limit,
				     struct aisec_store_alert **out, size_t *n,
				     struct aisec_error *err);
AISEC_API int aisec_store_alert_ack(struct aisec_store *s, int64_t id,
				    struct aisec_error *err);
AISEC_API void aisec_store_alert_free(struct aisec_store_alert *a, size_t n);

/* ---- finding decisions
 * -------------------------------------------------------- */

/*
 * A finding is named by its kind and id in the findings:
 *   "risk/<threat id>"            a residual risk ("risk/model_extraction")
 *   "gap/requirement/<id>"        a coverage gap of a requirement
 *   "gap/threat/<id>"             a coverage gap of a threat
 * In the workspace a decision belongs to one system.
 */
enum aisec_decision_status {
	AISEC_DECISION_OPEN = 0,
	AISEC_DECISION_ACCEPTED,
	AISEC_DECISION_MITIGATED,
	AISEC_DECISION_FALSE_POSITIVE
};

/* "open", "accepted", "mitigated", "false-positive"; parse returns -1 for
 * others. */
AISEC_API const char *aisec_decision_status_name(enum aisec_decision_status st);
AISEC_API int aisec_decision_status_parse(const char *s,
					  enum aisec_decision_status *out);

/* 1 when `finding` is a well-formed finding name (above), else 0. */
AISEC_API int aisec_decision_finding_valid(const char *finding);

struct aisec_decision {
	int64_t id;    /* in the workspace; 0 from a file */
	char *system;  /* NULL from a file */
	char *finding; /* "risk/model_extraction" */
	enum aisec_decision_status status;
	char *owner;   /* who owns the follow-up, or NULL */
	char *reason;  /* required for every status but open */
	char *expires; /* "YYYY-MM-DD": the decision lapses after this day; NULL
			  = never (required for accepted) */
	char *by;      /* who decided (token label, user name), or NULL */
	char *at;      /* when */
	int line;      /* line in a decisions file, else 0 */
};

/*
 * Record a decision (system, finding, status, reason, expires, owner, by;
 * `at` NULL = now).  Decisions are never overwritten: the newest one of a
 * (system, finding) is current, the others are its history.  The system
 * must exist.  Checks: a valid finding name, a reason unless open, an
 * expiry date for accepted, dates well-formed.
 */
AISEC_API int aisec_store_decide(struct aisec_store *s,
				 const struct aisec_decision *d, int64_t *id,
				 struct aisec_error *err);

/*
 * Decisions of `system`: the current one of each finding (history false)
 * or every decision, newest first (history true); `finding` (may be NULL)
 * restricts to one finding.
 */
AISEC_API int aisec_store_decisions(struct aisec_store *s, const char *system,
				    const char *finding, bool history,
				    struct aisec_decision **out, size_t *n,
				    struct aisec_error *err);
AISEC_API void aisec_decisions_free(struct aisec_decision *d, size_t n);

/*
 * A decisions file (docs/profile.md, "Decisions file"): YAML or JSON
 *   decisions:
 *     - finding: risk/model_extraction
 *       status: accepted
 *       reason: rate limit and watermarking planned for Q2
 *       expires: 2027-06-30
 *       owner: ml-platform team
 *       by: jane.doe
 *       at: 2026-12-01
 * parsed strictly: unknown fields, bad values and a finding decided twice
 * fail naming the file, line and field.  On success *out owns *n decisions.
 */
AISEC_API int aisec_decisions_parse(const char *name, const char *text,
				    size_t len, struct aisec_decision **out,
				    size_t *n, struct aisec_error *err);
/* Read and parse a decisions file (at most 4 MiB). */
AISEC_API int aisec_decisions_load(const char *path,
				   struct aisec_decision **out, size_t *n,
				   struct aisec_error *err);

/*
 * The decisions file that goes with a profile: "x.yaml" -> "x.decisions.yaml"
 * (same folder and extension).  Appends the path to `out`.
 */
AISEC_API int aisec_decisions_path(const char *profile_path,
				   struct aisec_buf *out,
				   struct aisec_error *err);

/*
 * aisec_findings_gate_explain() honouring decisions: a risk or gap whose
 * current decision is accepted, mitigated or false-positive and has not
 * expired on `today` ("YYYY-MM-DD", NULL = today UTC) does not trip the
 * gate.  An expired one does, and its line in `why` says so:
 *   "model_extraction residual 6 critical (line 31); acceptance expired
 * 2026-11-30\n" The class gates (prohibited, high-risk) take no decisions.
 * Returns 1 hit, 0 not, or a negative aisec_err.
 */
AISEC_API int aisec_findings_gate_decided(const struct aisec_findings *f,
					  const char *gate,
					  const struct aisec_decision *d,
					  size_t n, const char *today,
					  struct aisec_buf *why,
					  struct aisec_error *err);

/* ---- access tokens (aisec serve)
 * ---------------------------------------------- */

enum aisec_store_role {
	AISEC_ROLE_AUDITOR = 1, /* reads everything, changes nothing */
	AISEC_ROLE_EDITOR =
	    2,		     /* adds systems, assessments, decisions, results */
	AISEC_ROLE_ADMIN = 3 /* also manages tokens */
};

/* "auditor", "editor", "admin"; parse returns -1 for others. */
AISEC_API const char *aisec_store_role_name(enum aisec_store_role r);
AISEC_API int aisec_store_role_parse(const char *s, enum aisec_store_role *out);

/* A token secret: "aisec_" and 43 characters of base64url (32 random bytes). */
#define AISEC_STORE_TOKEN_LEN 49

struct aisec_store_token {
	int64_t id;
	char *label; /* who or what holds it */
	enum aisec_store_role role;
	char *created;
	char *expires; /* "YYYY-MM-DD": valid through that day; NULL = never */
	char *revoked; /* time revoked, or NULL */
};

/*
 * Create a token with `role`, `label` (1-200 characters) and `expires`
 * (NULL = never).  The secret is written to `secret` (NUL-terminated) and
 * shown this once: only its SHA-256 is stored.  *id (may be NULL) is its id.
 */
AISEC_API int aisec_store_token_create(struct aisec_store *s,
				       enum aisec_store_role role,
				       const char *label, const char *expires,
				       char secret[AISEC_STORE_TOKEN_LEN + 1],
				       int64_t *id, struct aisec_error *err);

/*
 * Check a presented secret: 0 and *role (and *id, may be NULL) for a token
 * that exists, is not revoked and has not expired on `today` (NULL = today
 * UTC); AISEC_ERR_VERIFY for any other secret (unknown, malformed, revoked,
 * expired: the message says which, never the secret); another negative
 * aisec_err when the store fails.  The lookup is by SHA-256 of the secret
 * and the stored hash is compared in constant time.
 */
__attribute__((warn_unused_result)) AISEC_API int
aisec_store_token_verify(struct aisec_store *s, const char *secret,
			 const char *today, enum aisec_store_role *role,
			 int64_t *id, struct aisec_error *err);

/* Every token (revoked ones too), oldest first; no secrets. */
AISEC_API int aisec_store_token_list(struct aisec_store *s,
				     struct aisec_store_token **out, size_t *n,
				     struct aisec_error *err);
AISEC_API void aisec_store_token_free(struct aisec_store_token *t, size_t n);

/* Revoke token `id` (AISEC_ERR_NOTFOUND when absent; revoking twice is fine).
 */
AISEC_API int aisec_store_token_revoke(struct aisec_store *s, int64_t id,
				       struct aisec_error *err);

#ifdef __cplusplus
}
#endif
#endif
