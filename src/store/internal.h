/*
 * internal.h - what the parts of the workspace store share: the backend
 * interface (SQLite, PostgreSQL) and the small helpers around it.
 *
 * Design notes.  Every statement is written once, in the SQL both backends
 * understand, with '?' placeholders; the PostgreSQL backend numbers them
 * ($1, $2, ...).  Parameters and results travel as text (NULL for SQL
 * NULL): one code path for both backends, integers formatted and parsed
 * here.  Invariants the writers keep:
 *   - systems.latest_id is the newest assessment of the system, and its
 *     latest_findings, class and deadline columns copy it;
 *   - systems.evidence is, per evidence kind, the newer of the latest
 *     assessment's status and the last verification, then the worst;
 *   - systems.open_* counts are the latest findings less those a current
 *     decision suppresses, computed on counts_asof; they stay right until
 *     counts_until (the first day a suppressing decision has lapsed), when
 *     the portfolio query recomputes them (and stores them; a read-only
 *     open computes them for that query only);
 *   - decisions and tokens are only ever inserted (and tokens revoked):
 *     nothing is overwritten, the newest decision per finding is current;
 *   - findings JSON is kept once per content (blobs, keyed by SHA-256).
 */
#ifndef AISEC_STORE_INTERNAL_H
#define AISEC_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aisec/store.h"

/* A result: nrows x ncols cells of heap text, NULL for SQL NULL. */
struct store_res {
	size_t nrows, ncols;
	char **cell;
};

struct store_ops {
	const char *name;
	/* run one statement; res (may be NULL) receives its rows */
	int (*query)(struct aisec_store *s, const char *sql,
		     const char *const *param, int nparam,
		     struct store_res *res, struct aisec_error *err);
	/* run several statements without parameters (schema) */
	int (*script)(struct aisec_store *s, const char *sql,
		      struct aisec_error *err);
	void (*close)(struct aisec_store *s);
	/* the dialect's auto-increment key column */
	const char *id_column;
};

/* Portfolio statements a connection keeps: per combination of the three
 * filters, a page for each sort key and direction, and the total. */
#define STORE_PF_PER_FILTER (2 * (AISEC_STORE_SORT_ASSESSED + 1) + 1)
#define STORE_PF_STATEMENTS (8 * STORE_PF_PER_FILTER)

struct aisec_store {
	const struct store_ops *ops;
	void *conn;  /* sqlite3 * or PGconn * */
	void *cache; /* backend's statement cache */
	char *where; /* for messages (URL without password) */
	unsigned flags;
	int schema_found;
	int depth; /* > 0 inside aisec_store_begin() */
	char *portfolio_sql[STORE_PF_STATEMENTS]; /* built on first use */
};

int store_sqlite_open(struct aisec_store *s, const char *path,
		      struct aisec_error *err);
int store_pg_open(struct aisec_store *s, const char *url,
		  struct aisec_error *err);

/* Run a statement with text parameters. */
int store_q(struct aisec_store *s, const char *sql, const char *const *p,
	    int np, struct store_res *res, struct aisec_error *err);
void store_res_free(struct store_res *r);
static inline const char *store_cell(const struct store_res *r, size_t row,
				     size_t col)
{
	return r->cell[row * r->ncols + col];
}
int64_t store_cell_int(const struct store_res *r, size_t row, size_t col);
/* A heap copy of a cell (NULL stays NULL); *oom set when a copy failed. */
char *store_cell_dup(const struct store_res *r, size_t row, size_t col,
		     bool *oom);

/* Transactions that nest inside aisec_store_begin(). */
int store_tx_begin(struct aisec_store *s, struct aisec_error *err);
int store_tx_end(struct aisec_store *s, int rc, struct aisec_error *err);

int store_check_writable(struct aisec_store *s, struct aisec_error *err);

/* "YYYY-MM-DDTHH:MM:SSZ" now, and "YYYY-MM-DD" today, UTC. */
void store_now(char out[21]);
void store_today(char out[11]);
/* True for "YYYY-MM-DDTHH:MM:SSZ" with a valid date. */
bool store_time_valid(const char *s);

/* The id of system `name`, AISEC_ERR_NOTFOUND with a message when absent. */
int store_system_id(struct aisec_store *s, const char *name, int64_t *id,
		    char idbuf[24], struct aisec_error *err);

/*
 * Recompute the open-risk counts of one system (id as text) on `today`
 * from its latest findings and current decisions.
 */
int store_recount(struct aisec_store *s, const char *sysid, const char *today,
		  struct aisec_error *err);

/*
 * Set the evidence column of one system (id as text) again after a
 * verification: per kind the newer of its latest assessment's status and
 * the last verification, the worst of those.  Never assessed: unchanged.
 */
int store_evidence_refresh(struct aisec_store *s, const char *sysid,
			   struct aisec_error *err);

/*
 * Parse "risk/x=critical;gap/requirement/y=gap;..." (the latest_findings
 * column) one entry at a time: returns false at the end.
 */
bool store_findings_next(const char **cur, const char **finding, size_t *flen,
			 const char **level, size_t *llen);

/* Current decisions of a system, internal form for the counters. */
struct store_decided {
	char *finding;
	enum aisec_decision_status status;
	char *expires;
};

/* "sha256:<64 hex>" of data (out holds 72 bytes). */
int store_sha256(const char *data, size_t len, char out[72],
		 struct aisec_error *err);
int store_migrate(struct aisec_store *s, struct aisec_error *err);

/* Rank of a risk level name: minor 1, major 2, critical 3, else 0. */
int store_level_rank(const char *level, size_t len);

#endif
