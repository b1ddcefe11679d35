/*
 * schema.c - the workspace schema and its forward migrations.  Migration N
 * brings a schema of version N-1 to N; open runs the missing ones in one
 * transaction and records each in schema_version.  The SQL is shared by
 * both backends; "@ID@" stands for the dialect's auto-increment key.
 * A migration is never edited once released: changes are a new one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

static const char *const migrations[] = {
    /* 1: the first schema */
    "CREATE TABLE blobs (digest TEXT PRIMARY KEY, body TEXT NOT NULL);\n"
    "CREATE TABLE systems (\n"
    "  id @ID@,\n"
    "  name TEXT NOT NULL UNIQUE,\n"
    "  profile_file TEXT,\n"
    "  profile_digest TEXT NOT NULL REFERENCES blobs (digest),\n"
    "  created TEXT NOT NULL,\n"
    "  updated TEXT NOT NULL,\n"
    "  assessments BIGINT NOT NULL DEFAULT 0,\n"
    "  latest_id BIGINT,\n"
    "  klass TEXT,\n"
    "  class_rank INTEGER NOT NULL DEFAULT 99,\n"
    "  evidence TEXT,\n"
    "  next_deadline TEXT,\n"
    "  last_assessed TEXT,\n"
    "  latest_findings TEXT NOT NULL DEFAULT '',\n"
    "  open_minor BIGINT NOT NULL DEFAULT 0,\n"
    "  open_major BIGINT NOT NULL DEFAULT 0,\n"
    "  open_critical BIGINT NOT NULL DEFAULT 0,\n"
    "  open_total BIGINT NOT NULL DEFAULT 0,\n"
    "  open_gaps BIGINT NOT NULL DEFAULT 0,\n"
    "  counts_asof TEXT,\n"
    "  counts_until TEXT\n"
    ");\n"
    "CREATE INDEX systems_class ON systems (class_rank, name);\n"
    "CREATE INDEX systems_klass ON systems (klass, name);\n"
    "CREATE INDEX systems_open ON systems (open_critical, open_major, "
    "open_minor, name);\n"
    "CREATE INDEX systems_deadline ON systems (next_deadline, name);\n"
    "CREATE INDEX systems_assessed ON systems (last_assessed, name);\n"
    "CREATE INDEX systems_until ON systems (counts_until);\n"
    "CREATE INDEX systems_asof ON systems (counts_asof);\n"
    "CREATE TABLE assessments (\n"
    "  id @ID@,\n"
    "  system_id BIGINT NOT NULL REFERENCES systems (id) ON DELETE CASCADE,\n"
    "  seq BIGINT NOT NULL,\n"
    "  ts TEXT NOT NULL,\n"
    "  as_of TEXT,\n"
    "  catalog_version TEXT,\n"
    "  profile_digest TEXT,\n"
    "  klass TEXT,\n"
    "  r_minor BIGINT NOT NULL,\n"
    "  r_major BIGINT NOT NULL,\n"
    "  r_critical BIGINT NOT NULL,\n"
    "  gaps BIGINT NOT NULL,\n"
    "  evidence TEXT,\n"
    "  next_deadline TEXT,\n"
    "  findings TEXT NOT NULL REFERENCES blobs (digest),\n"
    "  UNIQUE (system_id, seq)\n"
    ");\n"
    "CREATE TABLE evidence (\n"
    "  id @ID@,\n"
    "  system_id BIGINT NOT NULL REFERENCES systems (id) ON DELETE CASCADE,\n"
    "  kind TEXT NOT NULL,\n"
    "  path TEXT NOT NULL,\n"
    "  status TEXT NOT NULL,\n"
    "  detail TEXT,\n"
    "  ts TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX evidence_system ON evidence (system_id, kind, path, id);\n"
    "CREATE TABLE results (\n"
    "  id @ID@,\n"
    "  system_id BIGINT NOT NULL REFERENCES systems (id) ON DELETE CASCADE,\n"
    "  kind TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  status TEXT NOT NULL,\n"
    "  ts TEXT NOT NULL,\n"
    "  body TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX results_system ON results (system_id, id);\n"
    "CREATE TABLE alerts (\n"
    "  id @ID@,\n"
    "  system_id BIGINT NOT NULL REFERENCES systems (id) ON DELETE CASCADE,\n"
    "  source TEXT NOT NULL,\n"
    "  severity TEXT NOT NULL,\n"
    "  message TEXT NOT NULL,\n"
    "  ts TEXT NOT NULL,\n"
    "  acknowledged INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE INDEX alerts_system ON alerts (system_id, acknowledged, id);\n"
    "CREATE INDEX alerts_open ON alerts (acknowledged, id);\n"
    "CREATE TABLE decisions (\n"
    "  id @ID@,\n"
    "  system_id BIGINT NOT NULL REFERENCES systems (id) ON DELETE CASCADE,\n"
    "  finding TEXT NOT NULL,\n"
    "  status TEXT NOT NULL,\n"
    "  owner TEXT,\n"
    "  reason TEXT,\n"
    "  expires TEXT,\n"
    "  decided_by TEXT,\n"
    "  ts TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX decisions_system ON decisions (system_id, finding, id);\n"
    "CREATE TABLE tokens (\n"
    "  id @ID@,\n"
    "  label TEXT NOT NULL,\n"
    "  role TEXT NOT NULL,\n"
    "  hash TEXT NOT NULL UNIQUE,\n"
    "  created TEXT NOT NULL,\n"
    "  expires TEXT,\n"
    "  revoked TEXT\n"
    ");\n",
    /* 2: an index for every portfolio order in its own direction (a
     * descending sort keeps names ascending; deadlines and assessment
     * times put the systems without one last), and one for the open-risks
     * filter, so that a page never sorts the whole table */
    "DROP INDEX systems_deadline;\n"
    "DROP INDEX systems_assessed;\n"
    "CREATE INDEX systems_class_desc ON systems (class_rank DESC, name);\n"
    "CREATE INDEX systems_open_desc ON systems (open_critical DESC,"
    " open_major DESC, open_minor DESC, name);\n"
    "CREATE INDEX systems_open_total ON systems (open_total, name);\n"
    "CREATE INDEX systems_deadline_asc ON systems ((next_deadline IS NULL),"
    " next_deadline, name);\n"
    "CREATE INDEX systems_deadline_desc ON systems ((next_deadline IS NULL),"
    " next_deadline DESC, name);\n"
    "CREATE INDEX systems_assessed_asc ON systems ((last_assessed IS NULL),"
    " last_assessed, name);\n"
    "CREATE INDEX systems_assessed_desc ON systems ((last_assessed IS NULL),"
    " last_assessed DESC, name);\n",
};

/* `sql` with every "@ID@" replaced by the backend's key column. */
static char *dialect(const char *sql, const char *id)
{
	size_t n = 0, idl = strlen(id);
	const char *p;
	char *out, *o;

	for (p = sql; (p = strstr(p, "@ID@")); p += 4)
		n++;
	if (!(out = malloc(strlen(sql) + n * idl + 1)))
		return NULL;
	for (o = out, p = sql;;) {
		const char *q = strstr(p, "@ID@");

		if (!q) {
			memcpy(o, p, strlen(p) + 1);
			break;
		}
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		memcpy(o, id, idl);
		o += idl;
		p = q + 4;
	}
	return out;
}

int store_migrate(struct aisec_store *s, struct aisec_error *err)
{
	static const char q_ver[] = "SELECT max(version) FROM schema_version";
	static const char q_add[] =
	    "INSERT INTO schema_version (version, applied) VALUES (?, ?)";
	const int latest = (int)(sizeof(migrations) / sizeof(migrations[0]));
	struct store_res r;
	int rc, found = 0;
	char now[21], vbuf[16];

	_Static_assert(sizeof(migrations) / sizeof(migrations[0]) ==
			   AISEC_STORE_SCHEMA_VERSION,
		       "one migration per schema version");
	/* the usual case, a current schema: one read, no lock */
	if ((rc = store_q(s, q_ver, NULL, 0, &r, err)) == 0) {
		found = (int)store_cell_int(&r, 0, 0);
		store_res_free(&r);
	} else if (s->flags & AISEC_STORE_READONLY) {
		return aisec_error_prefix(err, "not an aisec workspace");
	} else {
		aisec_error_clear(err);
		found = -1; /* no schema_version yet */
	}
	s->schema_found = found < 0 ? 0 : found;
	if (found > latest)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "workspace '%s': schema version %d is "
				       "newer than this aisec "
				       "(%d): upgrade aisec",
				       s->where, found, latest);
	if (found == latest)
		return 0;
	if (s->flags & AISEC_STORE_READONLY)
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "workspace '%s': schema version %d needs migrating to %d, "
		    "which a read-only open cannot do",
		    s->where, found, latest);
	/* migrate under a write lock (SQLite BEGIN IMMEDIATE, a PostgreSQL
	 * advisory lock): another process may be migrating too, so read the
	 * version again inside */
	if ((rc = store_tx_begin(s, err)))
		return rc;
	if (strcmp(s->ops->name, "postgresql") == 0 &&
	    (rc = store_q(s, "SELECT pg_advisory_xact_lock(7210357)", NULL, 0,
			  NULL, err)))
		return store_tx_end(s, rc, err);
	if ((rc = s->ops->script(s,
				 "CREATE TABLE IF NOT EXISTS schema_version "
				 "(version INTEGER NOT NULL,"
				 " applied TEXT NOT NULL)",
				 err)) ||
	    (rc = store_q(s, q_ver, NULL, 0, &r, err)))
		return store_tx_end(s, rc, err);
	found = (int)store_cell_int(&r, 0, 0);
	store_res_free(&r);
	s->schema_found = found;
	if (found > latest)
		return store_tx_end(
		    s,
		    aisec_error_set(
			err, AISEC_ERR_INVALID,
			"workspace '%s': schema version %d is newer "
			"than this aisec (%d): upgrade aisec",
			s->where, found, latest),
		    err);
	store_now(now);
	for (int v = found + 1; !rc && v <= latest; v++) {
		char *sql = dialect(migrations[v - 1], s->ops->id_column);
		const char *p[2] = {vbuf, now};

		if (!sql) {
			rc = aisec_error_set(err, AISEC_ERR_NOMEM,
					     "out of memory");
			break;
		}
		rc = s->ops->script(s, sql, err);
		free(sql);
		snprintf(vbuf, sizeof(vbuf), "%d", v);
		if (!rc)
			rc = store_q(s, q_add, p, 2, NULL, err);
		if (rc)
			aisec_error_prefix(err,
					   "migration to schema version %d", v);
	}
	return store_tx_end(s, rc, err);
}
