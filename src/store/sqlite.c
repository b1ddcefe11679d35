/*
 * sqlite.c - the SQLite backend of the workspace: one file, WAL journal,
 * foreign keys on, a busy timeout so that several processes can share it.
 * Prepared statements are cached per connection, keyed by the address of
 * their (static) SQL text, so a bulk load prepares each statement once.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/internal.h"

#define CACHE_MAX 96

struct stmt_cache {
	const char *sql[CACHE_MAX];
	sqlite3_stmt *st[CACHE_MAX];
	int n;
};

static int sq_error(struct aisec_store *s, int code, const char *what,
		    struct aisec_error *err)
{
	sqlite3 *db = s->conn;
	int rc = sqlite3_errcode(db);

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		code = AISEC_ERR_BUSY;
	else if (rc == SQLITE_CONSTRAINT)
		code = AISEC_ERR_INVALID;
	else if (rc == SQLITE_NOMEM)
		code = AISEC_ERR_NOMEM;
	else if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
		code = AISEC_ERR_INTEGRITY;
	return aisec_error_set(err, code, "workspace '%s': %s: %s", s->where,
			       what, sqlite3_errmsg(db));
}

static sqlite3_stmt *cached(struct aisec_store *s, const char *sql, bool *owned,
			    struct aisec_error *err)
{
	struct stmt_cache *c = s->cache;
	sqlite3_stmt *st = NULL;

	for (int i = 0; i < c->n; i++)
		if (c->sql[i] == sql)
			return c->st[i];
	if (sqlite3_prepare_v2(s->conn, sql, -1, &st, NULL) != SQLITE_OK) {
		sq_error(s, AISEC_ERR_IO, "prepare", err);
		return NULL;
	}
	if (c->n < CACHE_MAX) {
		c->sql[c->n] = sql;
		c->st[c->n++] = st;
		*owned = false;
	} else {
		*owned = true;
	}
	return st;
}

static int res_add_row(struct store_res *r, sqlite3_stmt *st, size_t *cap)
{
	size_t nc = r->ncols;

	if ((r->nrows + 1) * nc > *cap) {
		size_t ncap = *cap ? *cap * 2 : nc * 16;
		char **cell;

		while (ncap < (r->nrows + 1) * nc)
			ncap *= 2;
		cell = realloc(r->cell, ncap * sizeof(*cell));
		if (!cell)
			return AISEC_ERR_NOMEM;
		r->cell = cell;
		*cap = ncap;
	}
	for (size_t c = 0; c < nc; c++) {
		const unsigned char *t = sqlite3_column_text(st, (int)c);
		char **dst = &r->cell[r->nrows * nc + c];

		*dst = NULL;
		if (t) {
			size_t len = (size_t)sqlite3_column_bytes(st, (int)c);

			if (!(*dst = malloc(len + 1))) {
				for (size_t k = 0; k < c; k++)
					free(r->cell[r->nrows * nc + k]);
				return AISEC_ERR_NOMEM;
			}
			memcpy(*dst, t, len);
			(*dst)[len] = '\0';
		}
	}
	r->nrows++;
	return 0;
}

static int sq_query(struct aisec_store *s, const char *sql,
		    const char *const *param, int np, struct store_res *res,
		    struct aisec_error *err)
{
	bool owned = false;
	sqlite3_stmt *st = cached(s, sql, &owned, err);
	size_t cap = 0;
	int rc = AISEC_ERR_IO, step;

	if (res)
		memset(res, 0, sizeof(*res));
	if (!st)
		return err ? err->code : AISEC_ERR_IO;
	for (int i = 0; i < np; i++) {
		int b = param[i] ? sqlite3_bind_text(st, i + 1, param[i], -1,
						     SQLITE_STATIC)
				 : sqlite3_bind_null(st, i + 1);

		if (b != SQLITE_OK) {
			rc = sq_error(s, AISEC_ERR_IO, "bind", err);
			goto out;
		}
	}
	if (res)
		res->ncols = (size_t)sqlite3_column_count(st);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (res && res->ncols && res_add_row(res, st, &cap) < 0) {
			rc = aisec_error_set(err, AISEC_ERR_NOMEM,
					     "workspace '%s': out of memory",
					     s->where);
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		rc = sq_error(s, AISEC_ERR_IO, "query", err);
		goto out;
	}
	rc = 0;
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (owned)
		sqlite3_finalize(st);
	if (rc && res)
		store_res_free(res);
	return rc;
}

static int sq_script(struct aisec_store *s, const char *sql,
		     struct aisec_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(s->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = aisec_error_set(err, AISEC_ERR_IO,
					 "workspace '%s': %s", s->where,
					 msg ? msg : "schema statement failed");

		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

static void sq_close(struct aisec_store *s)
{
	struct stmt_cache *c = s->cache;

	for (int i = 0; c && i < c->n; i++)
		sqlite3_finalize(c->st[i]);
	free(c);
	sqlite3_close(s->conn);
}

static const struct store_ops sqlite_ops = {
    .name = "sqlite",
    .query = sq_query,
    .script = sq_script,
    .close = sq_close,
    .id_column = "INTEGER PRIMARY KEY AUTOINCREMENT",
};

int store_sqlite_open(struct aisec_store *s, const char *path,
		      struct aisec_error *err)
{
	int oflags = SQLITE_OPEN_NOMUTEX;
	sqlite3 *db = NULL;

	if (s->flags & AISEC_STORE_READONLY)
		oflags |= SQLITE_OPEN_READONLY;
	else
		oflags |=
		    SQLITE_OPEN_READWRITE |
		    ((s->flags & AISEC_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
	s->ops = &sqlite_ops;
	if (!(s->cache = calloc(1, sizeof(struct stmt_cache))))
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if (sqlite3_open_v2(path, &db, oflags, NULL) != SQLITE_OK) {
		int rc = aisec_error_set(
		    err, db ? AISEC_ERR_IO : AISEC_ERR_NOMEM,
		    "workspace '%s': %s%s", path,
		    db ? sqlite3_errmsg(db) : "out of memory",
		    (s->flags & AISEC_STORE_CREATE)
			? ""
			: " (create it with 'aisec workspace init')");

		sqlite3_close(db);
		s->conn = NULL;
		return rc;
	}
	s->conn = db;
	sqlite3_extended_result_codes(db, 0);
	sqlite3_busy_timeout(db, 10000);
	if (s->flags & AISEC_STORE_READONLY)
		return sq_script(s, "PRAGMA foreign_keys=ON;", err);
	return sq_script(s,
			 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
			 " PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
			 " PRAGMA foreign_keys=ON;",
			 err);
}
