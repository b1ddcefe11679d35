/*
 * pg.c - the PostgreSQL backend of the workspace (libpq), for a team that
 * shares one server.  Statements are prepared once per connection (named
 * s0, s1, ... after the address of their static SQL text), with the '?'
 * placeholders numbered $1, $2, ...; parameters and results are text.
 * Server notices are dropped (the library never prints), and the URL kept
 * for messages has its password masked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store/internal.h"

#define CACHE_MAX 128

struct pg_cache {
	const char *sql[CACHE_MAX]; /* prepared as s0, s1, ... */
	int n;
	const char *seen[CACHE_MAX]; /* run once unprepared */
	int nseen;
};

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The URL without its password: "postgresql://user:***@host/db". */
static char *masked(const char *url)
{
	const char *auth = strstr(url, "://"), *at, *colon, *pw;
	size_t n = strlen(url);
	char *out = malloc(n + 4), *o;

	if (!out)
		return NULL;
	memcpy(out, url, n + 1);
	if (!auth)
		return out;
	auth += 3;
	at = strchr(auth, '@');
	colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (colon) {
		o = out + (colon - url) + 1;
		memcpy(o, "***", 3);
		memcpy(o + 3, at, strlen(at) + 1);
	}
	if ((pw = strstr(out, "password=")) != NULL) {
		char *p = (char *)pw + 9, *end = strchr(p, '&');

		memcpy(p, "***", 3);
		memmove(p + 3, end ? end : p + strlen(p),
			strlen(end ? end : p + strlen(p)) + 1);
	}
	return out;
}

static int pg_fail(struct aisec_store *s, PGresult *res, const char *what,
		   struct aisec_error *err)
{
	const char *state =
	    res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg =
	    res ? PQresultErrorMessage(res) : PQerrorMessage(s->conn);
	char line[AISEC_ERROR_MAX];
	size_t n;
	int code = AISEC_ERR_IO;

	if (state && strncmp(state, "23", 2) == 0)
		code = AISEC_ERR_INVALID;
	else if (state &&
		 (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
		  strcmp(state, "55P03") == 0))
		code = AISEC_ERR_BUSY;
	snprintf(line, sizeof(line), "%s",
		 msg && *msg ? msg : "no answer from the server");
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == ' '))
		line[--n] = '\0';
	return aisec_error_set(err, code, "workspace '%s': %s: %s", s->where,
			       what, line);
}

/* "... = ? AND ..." -> "... = $1 AND ..." (no '?' inside quotes). */
static char *number_params(const char *sql)
{
	size_t n = strlen(sql), q = 0;
	char *out, *o;
	bool quoted = false;

	for (const char *p = sql; *p; p++)
		q += *p == '?';
	size_t cap = n + q * 4 + 1;

	if (!(out = malloc(cap)))
		return NULL;
	q = 0;
	for (o = out; *sql; sql++) {
		if (*sql == '\'')
			quoted = !quoted;
		if (*sql == '?' && !quoted)
			o += snprintf(o, cap - (size_t)(o - out), "$%zu", ++q);
		else
			*o++ = *sql;
	}
	*o = '\0';
	return out;
}

/*
 * The prepared statement of `sql`: its name, or "" for a statement run the
 * first time, which goes unprepared in one round trip (a short command
 * runs most statements once; a server prepares them on their second use).
 */
static int prepared(struct aisec_store *s, const char *sql, int np,
		    char name[16], struct aisec_error *err)
{
	struct pg_cache *c = s->cache;
	char *numbered;
	PGresult *res;
	int rc = 0;
	bool again = false;

	for (int i = 0; i < c->n; i++)
		if (c->sql[i] == sql) {
			snprintf(name, 16, "s%d", i);
			return 0;
		}
	for (int i = 0; i < c->nseen && !again; i++)
		again = c->seen[i] == sql;
	if (!again) {
		if (c->nseen < CACHE_MAX)
			c->seen[c->nseen++] = sql;
		name[0] = '\0';
		return 0;
	}
	if (c->n >= CACHE_MAX) {
		name[0] = '\0';
		return 0;
	}
	snprintf(name, 16, "s%d", c->n);
	if (!(numbered = number_params(sql)))
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	res = PQprepare(s->conn, name, numbered, np, NULL);
	free(numbered);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_fail(s, res, "prepare", err);
	else
		c->sql[c->n++] = sql;
	PQclear(res);
	return rc;
}

static int pg_query(struct aisec_store *s, const char *sql,
		    const char *const *param, int np, struct store_res *out,
		    struct aisec_error *err)
{
	PGresult *res;
	char name[16];
	int rc, st;

	if (out)
		memset(out, 0, sizeof(*out));
	if ((rc = prepared(s, sql, np, name, err)))
		return rc;
	if (name[0]) {
		res = PQexecPrepared(s->conn, name, np, param, NULL, NULL, 0);
	} else {
		char *numbered = number_params(sql);

		if (!numbered)
			return aisec_error_set(err, AISEC_ERR_NOMEM,
					       "out of memory");
		res = PQexecParams(s->conn, numbered, np, NULL, param, NULL,
				   NULL, 0);
		free(numbered);
	}
	st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		rc = pg_fail(s, res, "query", err);
		PQclear(res);
		return rc;
	}
	if (out && st == PGRES_TUPLES_OK && PQntuples(res) > 0 &&
	    PQnfields(res) > 0) {
		size_t nr = (size_t)PQntuples(res), nc = (size_t)PQnfields(res);

		out->ncols = nc;
		if (!(out->cell = calloc(nr * nc, sizeof(char *))))
			goto oom;
		out->nrows = nr;
		for (size_t r = 0; r < nr; r++)
			for (size_t c = 0; c < nc; c++) {
				if (PQgetisnull(res, (int)r, (int)c))
					continue;
				if (!(out->cell[r * nc + c] = strdup(
					  PQgetvalue(res, (int)r, (int)c))))
					goto oom;
			}
	} else if (out) {
		out->ncols = (size_t)PQnfields(res);
	}
	PQclear(res);
	return 0;
oom:
	PQclear(res);
	store_res_free(out);
	return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
}

static int pg_script(struct aisec_store *s, const char *sql,
		     struct aisec_error *err)
{
	PGresult *res = PQexec(s->conn, sql);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_fail(s, res, "schema", err);
	PQclear(res);
	return rc;
}

static void pg_close(struct aisec_store *s)
{
	free(s->cache);
	PQfinish(s->conn);
}

static const struct store_ops pg_ops = {
    .name = "postgresql",
    .query = pg_query,
    .script = pg_script,
    .close = pg_close,
    .id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
};

int store_pg_open(struct aisec_store *s, const char *url,
		  struct aisec_error *err)
{
	PGconn *conn;

	s->ops = &pg_ops;
	if (!(s->where = masked(url)) ||
	    !(s->cache = calloc(1, sizeof(struct pg_cache))))
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	conn = PQconnectdb(url);
	if (!conn)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if (PQstatus(conn) != CONNECTION_OK) {
		char line[AISEC_ERROR_MAX];
		size_t n;

		snprintf(line, sizeof(line), "%s", PQerrorMessage(conn));
		n = strlen(line);
		while (n && (line[n - 1] == '\n' || line[n - 1] == ' '))
			line[--n] = '\0';
		PQfinish(conn);
		return aisec_error_set(err, AISEC_ERR_IO,
				       "workspace '%s': cannot connect: %s",
				       s->where, line);
	}
	PQsetNoticeProcessor(conn, quiet, NULL);
	s->conn = conn;
	if (s->flags & AISEC_STORE_READONLY)
		return pg_script(
		    s, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
		    err);
	return 0;
}
