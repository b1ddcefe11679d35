/*
 * store.c - opening a workspace (backend chosen by the name), transactions,
 * the systems and the portfolio query.  See internal.h for the invariants
 * the writers keep.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "core/core.h"
#include "store/internal.h"

/* ---- helpers ------------------------------------------------------------- */

void store_res_free(struct store_res *r)
{
	if (!r || !r->cell)
		return;
	for (size_t i = 0; i < r->nrows * r->ncols; i++)
		free(r->cell[i]);
	free(r->cell);
	r->cell = NULL;
	r->nrows = 0;
}

int64_t store_cell_int(const struct store_res *r, size_t row, size_t col)
{
	const char *c;

	if (row >= r->nrows || col >= r->ncols ||
	    !(c = store_cell(r, row, col)))
		return 0;
	return strtoll(c, NULL, 10);
}

char *store_cell_dup(const struct store_res *r, size_t row, size_t col,
		     bool *oom)
{
	const char *c = store_cell(r, row, col);
	char *d;

	if (!c)
		return NULL;
	if (!(d = strdup(c)))
		*oom = true;
	return d;
}

int store_q(struct aisec_store *s, const char *sql, const char *const *p,
	    int np, struct store_res *res, struct aisec_error *err)
{
	return s->ops->query(s, sql, p, np, res, err);
}

int store_check_writable(struct aisec_store *s, struct aisec_error *err)
{
	if (s->flags & AISEC_STORE_READONLY)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "workspace '%s' is open read-only",
				       s->where);
	return 0;
}

/* The current UTC time, or only the date. */
static void utc(char *out, size_t n, bool date_only)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	if (date_only)
		strftime(out, n, "%Y-%m-%d", &tm);
	else
		strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void store_now(char out[21])
{
	utc(out, 21, false);
}

void store_today(char out[11])
{
	utc(out, 11, true);
}

bool store_time_valid(const char *s)
{
	char date[11];

	if (strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[19] != 'Z')
		return false;
	for (int i = 11; i < 19; i++)
		if (i != 13 && i != 16 && !isdigit((unsigned char)s[i]))
			return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	return aisec_date_valid(date) &&
	       (s[11] - '0') * 10 + (s[12] - '0') < 24 && s[14] < '6' &&
	       s[17] < '6';
}

int store_tx_begin(struct aisec_store *s, struct aisec_error *err)
{
	if (s->depth++ > 0)
		return 0;
	return store_q(s, s->ops->name[0] == 's' ? "BEGIN IMMEDIATE" : "BEGIN",
		       NULL, 0, NULL, err);
}

int store_tx_end(struct aisec_store *s, int rc, struct aisec_error *err)
{
	if (--s->depth > 0)
		return rc;
	if (rc) {
		struct aisec_error ignored;

		store_q(s, "ROLLBACK", NULL, 0, NULL, &ignored);
		return rc;
	}
	return store_q(s, "COMMIT", NULL, 0, NULL, err);
}

int store_level_rank(const char *level, size_t len)
{
	if (len == 5 && memcmp(level, "minor", 5) == 0)
		return 1;
	if (len == 5 && memcmp(level, "major", 5) == 0)
		return 2;
	if (len == 8 && memcmp(level, "critical", 8) == 0)
		return 3;
	return 0;
}

bool store_findings_next(const char **cur, const char **finding, size_t *flen,
			 const char **level, size_t *llen)
{
	const char *p = *cur, *eq, *end;

	if (!p || !*p)
		return false;
	end = strchr(p, ';');
	if (!end)
		end = p + strlen(p);
	eq = memchr(p, '=', (size_t)(end - p));
	*finding = p;
	*flen = eq ? (size_t)(eq - p) : (size_t)(end - p);
	*level = eq ? eq + 1 : end;
	*llen = eq ? (size_t)(end - eq - 1) : 0;
	*cur = *end ? end + 1 : end;
	return true;
}

/* ---- open / close -------------------------------------------------------- */

int aisec_store_open(const char *where, unsigned flags,
		     struct aisec_store **out, struct aisec_error *err)
{
	struct aisec_store *s;
	int rc;

	*out = NULL;
	if (!where || !*where)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "no workspace given");
	if (!(s = calloc(1, sizeof(*s))))
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	s->flags = flags;
	if (strncmp(where, "postgresql://", 13) == 0 ||
	    strncmp(where, "postgres://", 11) == 0)
		rc = store_pg_open(s, where, err);
	else if ((s->where = strdup(where)))
		rc = store_sqlite_open(s, where, err);
	else
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if (!rc)
		rc = store_migrate(s, err);
	if (rc) {
		aisec_store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void aisec_store_close(struct aisec_store *s)
{
	if (!s)
		return;
	if (s->conn)
		s->ops->close(s); /* frees the statement cache too */
	else
		free(s->cache); /* the open failed before a connection */
	for (size_t i = 0; i < STORE_PF_STATEMENTS; i++)
		free(s->portfolio_sql[i]);
	free(s->where);
	free(s);
}

const char *aisec_store_backend(const struct aisec_store *s)
{
	return s->ops->name;
}

int aisec_store_schema_found(const struct aisec_store *s)
{
	return s->schema_found;
}

int aisec_store_begin(struct aisec_store *s, struct aisec_error *err)
{
	if (s->depth)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "a transaction is already open");
	return store_tx_begin(s, err);
}

int aisec_store_commit(struct aisec_store *s, struct aisec_error *err)
{
	if (s->depth != 1)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "no transaction is open");
	return store_tx_end(s, 0, err);
}

int aisec_store_rollback(struct aisec_store *s, struct aisec_error *err)
{
	if (s->depth != 1)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "no transaction is open");
	store_tx_end(s, AISEC_ERR_IO, NULL);
	return 0;
}

/* ---- systems ------------------------------------------------------------- */

int aisec_store_name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > AISEC_STORE_NAME_MAX ||
	    !isalnum((unsigned char)name[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("._-", name[i]))
			return 0;
	return 1;
}

static int check_name(const char *name, struct aisec_error *err)
{
	if (!aisec_store_name_valid(name))
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "system name '%s': expected 1 to %d of A-Z a-z 0-9 . _ -, "
		    "starting with a letter or digit",
		    name ? name : "", AISEC_STORE_NAME_MAX);
	return 0;
}

int store_system_id(struct aisec_store *s, const char *name, int64_t *id,
		    char idbuf[24], struct aisec_error *err)
{
	static const char q[] = "SELECT id FROM systems WHERE name = ?";
	struct store_res r;
	int rc;

	if ((rc = check_name(name, err)))
		return rc;
	if ((rc = store_q(s, q, &name, 1, &r, err)))
		return rc;
	if (!r.nrows) {
		store_res_free(&r);
		return aisec_error_set(
		    err, AISEC_ERR_NOTFOUND,
		    "system '%s': not in the workspace (add it with "
		    "'aisec workspace add')",
		    name);
	}
	if (id)
		*id = store_cell_int(&r, 0, 0);
	if (idbuf)
		snprintf(idbuf, 24, "%s", store_cell(&r, 0, 0));
	store_res_free(&r);
	return 0;
}

static int sha256_text(const char *data, size_t len, char out[72],
		       struct aisec_error *err)
{
	unsigned char md[32];
	unsigned int mdlen = 0;

	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL))
		return aisec_error_set(err, AISEC_ERR_CRYPTO, "sha256 failed");
	memcpy(out, "sha256:", 7);
	for (int i = 0; i < 32; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", md[i]);
	return 0;
}

int store_sha256(const char *data, size_t len, char out[72],
		 struct aisec_error *err)
{
	return sha256_text(data, len, out, err);
}

int aisec_store_system_put(struct aisec_store *s, const char *name,
			   const char *profile_file, const char *profile,
			   size_t profile_len, bool *changed,
			   struct aisec_error *err)
{
	static const char q_get[] =
	    "SELECT id, profile_digest FROM systems WHERE name = ?";
	static const char q_blob[] = "INSERT INTO blobs (digest, body) VALUES "
				     "(?, ?) ON CONFLICT (digest) DO NOTHING";
	static const char q_ins[] = "INSERT INTO systems (name, profile_file, "
				    "profile_digest, created, updated)"
				    " VALUES (?, ?, ?, ?, ?)";
	static const char q_upd[] =
	    "UPDATE systems SET profile_file = ?, profile_digest "
	    "= ?, updated = ?"
	    " WHERE id = ?";
	static const char q_file[] =
	    "UPDATE systems SET profile_file = ? WHERE id = ?";
	struct store_res r = {0};
	char digest[72], now[21], *text = NULL;
	int rc;

	if (changed)
		*changed = false;
	if ((rc = store_check_writable(s, err)) || (rc = check_name(name, err)))
		return rc;
	if (memchr(profile, '\0', profile_len))
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "system '%s': the profile text contains a NUL byte", name);
	if ((rc = sha256_text(profile, profile_len, digest, err)))
		return rc;
	if (!(text = strndup(profile, profile_len)))
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	store_now(now);
	if ((rc = store_tx_begin(s, err)))
		goto out;
	/* the profile text is kept once per content, like findings, so that
	 * the rows the portfolio reads stay small */
	{
		const char *pb[] = {digest, text};

		rc = store_q(s, q_blob, pb, 2, NULL, err);
	}
	if (!rc)
		rc = store_q(s, q_get, &name, 1, &r, err);
	if (!rc && !r.nrows) {
		const char *p[] = {name, profile_file, digest, now, now};

		rc = store_q(s, q_ins, p, 5, NULL, err);
		if (!rc && changed)
			*changed = true;
	} else if (!rc && strcmp(store_cell(&r, 0, 1), digest) != 0) {
		const char *p[] = {profile_file, digest, now,
				   store_cell(&r, 0, 0)};

		rc = store_q(s, q_upd, p, 4, NULL, err);
		if (!rc && changed)
			*changed = true;
	} else if (!rc && profile_file) {
		const char *p[] = {profile_file, store_cell(&r, 0, 0)};

		rc = store_q(s, q_file, p, 2, NULL, err);
	}
	rc = store_tx_end(s, rc, err);
	if (rc)
		aisec_error_prefix(err, "system '%s'", name);
out:
	store_res_free(&r);
	free(text);
	return rc;
}

int aisec_store_system_get(struct aisec_store *s, const char *name,
			   struct aisec_store_system **out,
			   struct aisec_error *err)
{
	static const char q[] =
	    "SELECT y.id, y.name, y.profile_file, b.body, y.profile_digest,"
	    " y.created, y.updated, y.assessments FROM systems y JOIN blobs b"
	    " ON b.digest = y.profile_digest WHERE y.name = ?";
	struct aisec_store_system *sys;
	struct store_res r;
	bool oom = false;
	int rc;

	*out = NULL;
	if ((rc = check_name(name, err)) ||
	    (rc = store_q(s, q, &name, 1, &r, err)))
		return rc;
	if (!r.nrows) {
		store_res_free(&r);
		return aisec_error_set(err, AISEC_ERR_NOTFOUND,
				       "system '%s': not in the workspace",
				       name);
	}
	if (!(sys = calloc(1, sizeof(*sys)))) {
		store_res_free(&r);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	sys->id = store_cell_int(&r, 0, 0);
	sys->name = store_cell_dup(&r, 0, 1, &oom);
	sys->profile_file = store_cell_dup(&r, 0, 2, &oom);
	sys->profile = store_cell_dup(&r, 0, 3, &oom);
	sys->profile_len = sys->profile ? strlen(sys->profile) : 0;
	sys->profile_digest = store_cell_dup(&r, 0, 4, &oom);
	sys->created = store_cell_dup(&r, 0, 5, &oom);
	sys->updated = store_cell_dup(&r, 0, 6, &oom);
	sys->assessments = store_cell_int(&r, 0, 7);
	store_res_free(&r);
	if (oom) {
		aisec_store_system_free(sys);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	*out = sys;
	return 0;
}

void aisec_store_system_free(struct aisec_store_system *sys)
{
	if (!sys)
		return;
	free(sys->name);
	free(sys->profile_file);
	free(sys->profile);
	free(sys->profile_digest);
	free(sys->created);
	free(sys->updated);
	free(sys);
}

int aisec_store_system_names(struct aisec_store *s, char ***names, size_t *n,
			     struct aisec_error *err)
{
	struct store_res r;
	bool oom = false;
	int rc;

	*names = NULL;
	*n = 0;
	if ((rc = store_q(s, "SELECT name FROM systems ORDER BY name", NULL, 0,
			  &r, err)))
		return rc;
	if (r.nrows && !(*names = calloc(r.nrows, sizeof(char *))))
		oom = true;
	for (size_t i = 0; !oom && i < r.nrows; i++)
		(*names)[(*n)++] = store_cell_dup(&r, i, 0, &oom);
	store_res_free(&r);
	if (oom) {
		aisec_store_names_free(*names, *n);
		*names = NULL;
		*n = 0;
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	return 0;
}

void aisec_store_names_free(char **names, size_t n)
{
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
}

/* ---- open-risk counts ------------------------------------------------------
 */

/*
 * The open-risk counts of one system (id as text) on `today` from its
 * latest findings and current decisions: open[1..3] by level, *gaps, and in
 * `until` the last day a suppressing decision is in force ("" for none).
 */
static int count_open(struct aisec_store *s, const char *sysid,
		      const char *today, int64_t open[4], int64_t *gaps,
		      char until[11], struct aisec_error *err)
{
	static const char q_latest[] =
	    "SELECT latest_findings FROM systems WHERE id = ?";
	static const char q_dec[] =
	    "SELECT d.finding, d.status, d.expires FROM decisions d WHERE "
	    "d.system_id = ?"
	    " AND d.id = (SELECT max(e.id) FROM decisions e WHERE e.system_id "
	    "= d.system_id"
	    " AND e.finding = d.finding)";
	struct store_res lat = {0}, dec = {0};
	const char *cur, *f, *lv;
	size_t fl, ll;
	int rc;

	memset(open, 0, 4 * sizeof(*open));
	*gaps = 0;
	until[0] = '\0';
	if ((rc = store_q(s, q_latest, &sysid, 1, &lat, err)) ||
	    (rc = store_q(s, q_dec, &sysid, 1, &dec, err)))
		goto out;
	cur = lat.nrows ? store_cell(&lat, 0, 0) : "";
	while (store_findings_next(&cur, &f, &fl, &lv, &ll)) {
		bool suppressed = false;

		for (size_t i = 0; i < dec.nrows; i++) {
			const char *df = store_cell(&dec, i, 0),
				   *st = store_cell(&dec, i, 1),
				   *ex = store_cell(&dec, i, 2);

			if (strlen(df) != fl || memcmp(df, f, fl) != 0 ||
			    strcmp(st, "open") == 0)
				continue;
			if (ex && strcmp(ex, today) < 0)
				break; /* lapsed */
			suppressed = true;
			if (ex && (!until[0] || strcmp(ex, until) < 0))
				snprintf(until, 11, "%s", ex);
			break;
		}
		if (suppressed)
			continue;
		if (fl > 4 && memcmp(f, "gap/", 4) == 0)
			(*gaps)++;
		else
			open[store_level_rank(lv, ll)]++;
	}
out:
	store_res_free(&lat);
	store_res_free(&dec);
	return rc;
}

int store_recount(struct aisec_store *s, const char *sysid, const char *today,
		  struct aisec_error *err)
{
	static const char q_upd[] =
	    "UPDATE systems SET open_minor = ?, open_major = ?, open_critical "
	    "= ?,"
	    " open_total = ?, open_gaps = ?, counts_asof = ?, counts_until = ? "
	    "WHERE id = ?";
	int64_t open[4], gaps;
	char until[11], nums[5][24];
	int rc;

	if ((rc = count_open(s, sysid, today, open, &gaps, until, err)))
		return rc;
	for (int i = 0; i < 3; i++)
		snprintf(nums[i], sizeof(nums[i]), "%lld",
			 (long long)open[i + 1]);
	snprintf(nums[3], sizeof(nums[3]), "%lld",
		 (long long)(open[1] + open[2] + open[3]));
	snprintf(nums[4], sizeof(nums[4]), "%lld", (long long)gaps);
	{
		const char *p[] = {nums[0],
				   nums[1],
				   nums[2],
				   nums[3],
				   nums[4],
				   today,
				   until[0] ? until : NULL,
				   sysid};

		return store_q(s, q_upd, p, 8, NULL, err);
	}
}

/* ---- the portfolio ---------------------------------------------------------
 */

/*
 * One statement per (filters given, sort key, direction), written once per
 * connection and kept in s->portfolio_sql: its address keys the backend's
 * prepared-statement cache, and the planner sees only the filters asked for
 * (no "? IS NULL OR ..." that hides an index).  Every order has an index in
 * its own direction (migrations 1 and 2), so a page is an index scan that
 * stops after offset + limit matching rows, and the total a count over an
 * index; nothing is computed per row but the filters.
 */
enum { PF_CLASS = 1, PF_TEXT = 2, PF_OPEN = 4 };

static const char *const portfolio_order[AISEC_STORE_SORT_ASSESSED + 1][2] = {
    {"name", "name DESC"},
    {"class_rank, name", "class_rank DESC, name"},
    {"open_critical, open_major, open_minor, name",
     "open_critical DESC, open_major DESC, open_minor DESC, name"},
    {"(next_deadline IS NULL), next_deadline, name",
     "(next_deadline IS NULL), next_deadline DESC, name"},
    {"(last_assessed IS NULL), last_assessed, name",
     "(last_assessed IS NULL), last_assessed DESC, name"},
};

/* The statement of a page (sort >= 0) or of the total (sort < 0); NULL when
 * out of memory. */
static const char *portfolio_stmt(struct aisec_store *s, unsigned filters,
				  int sort, bool desc)
{
	static const char *const cond[] = {"klass = ?",
					   "lower(name) LIKE ? ESCAPE '!'",
					   "open_total > 0"};
	size_t slot = filters * STORE_PF_PER_FILTER +
		      (sort < 0 ? STORE_PF_PER_FILTER - 1
				: (size_t)sort * 2 + (desc ? 1 : 0));
	const char *sep = " WHERE ";
	struct aisec_buf b;
	int rc;

	if (s->portfolio_sql[slot])
		return s->portfolio_sql[slot];
	aisec_buf_init(&b, 4096);
	rc = aisec_buf_adds(&b, sort < 0 ? "SELECT count(*) FROM systems"
				     : "SELECT name, klass, open_minor, "
				       "open_major, open_critical, open_gaps,"
				       " evidence, next_deadline, "
				       "last_assessed, assessments FROM "
				       "systems");
	for (unsigned f = 0; !rc && f < 3; f++) {
		if (!(filters & (1u << f)))
			continue;
		rc = aisec_buf_addf(&b, "%s%s", sep, cond[f]);
		sep = " AND ";
	}
	if (!rc && sort >= 0)
		rc = aisec_buf_addf(&b,
				    " ORDER BY %s LIMIT CAST(? AS INTEGER)"
				    " OFFSET CAST(? AS INTEGER)",
				    portfolio_order[sort][desc ? 1 : 0]);
	if (rc) {
		aisec_buf_release(&b);
		return NULL;
	}
	return s->portfolio_sql[slot] = aisec_buf_detach(&b, NULL);
}

/*
 * Recount the systems whose counts a lapsed decision (or an earlier
 * `today`) made stale.  A read-only open cannot store them: *stale is then
 * set when there is any, for the page to count them in memory.
 */
static int refresh_counts(struct aisec_store *s, const char *today,
			  bool *stale, struct aisec_error *err)
{
	static const char q[] =
	    "SELECT id FROM systems WHERE counts_until < ? OR counts_asof > ?";
	const char *p[] = {today, today};
	struct store_res r;
	int rc;

	*stale = false;
	if ((rc = store_q(s, q, p, 2, &r, err)))
		return rc;
	if (s->flags & AISEC_STORE_READONLY)
		*stale = r.nrows > 0;
	else if (r.nrows && !(rc = store_tx_begin(s, err))) {
		for (size_t i = 0; !rc && i < r.nrows; i++)
			rc = store_recount(s, store_cell(&r, i, 0), today, err);
		rc = store_tx_end(s, rc, err);
	}
	store_res_free(&r);
	return rc;
}

/* One system in a page made in memory, with what its order compares. */
struct mem_row {
	size_t i; /* row of the result */
	const char *name, *deadline, *assessed;
	int64_t rank, open[3], gaps;
	const struct aisec_store_query *q;
};

/* Non-NULL first in both directions, as the indexes put them. */
static int cmp_text(const char *a, const char *b, bool desc)
{
	int c;

	if (!a || !b)
		return (a == NULL) - (b == NULL);
	c = strcmp(a, b);
	return desc ? -c : c;
}

static int cmp_int(int64_t a, int64_t b, bool desc)
{
	int c = (a > b) - (a < b);

	return desc ? -c : c;
}

/* The orders of portfolio_order[], names ascending on ties. */
static int cmp_rows(const void *x, const void *y)
{
	const struct mem_row *a = x, *b = y;
	bool d = a->q->descending;
	int c = 0;

	switch (a->q->sort) {
	case AISEC_STORE_SORT_NAME:
		return cmp_text(a->name, b->name, d);
	case AISEC_STORE_SORT_CLASS:
		c = cmp_int(a->rank, b->rank, d);
		break;
	case AISEC_STORE_SORT_OPEN_RISKS:
		for (int l = 2; !c && l >= 0; l--)
			c = cmp_int(a->open[l], b->open[l], d);
		break;
	case AISEC_STORE_SORT_DEADLINE:
		c = cmp_text(a->deadline, b->deadline, d);
		break;
	case AISEC_STORE_SORT_ASSESSED:
		c = cmp_text(a->assessed, b->assessed, d);
		break;
	}
	return c ? c : strcmp(a->name, b->name);
}

/*
 * The page of a read-only open while some counts are stale (a decision
 * lapsed since they were stored, and only a writer may store them again):
 * every system matching the class and text filters is read, the stale ones
 * counted in memory as store_recount() would, then filtered, ordered and
 * cut here, so that the page and its total are a writer's.  A full read,
 * taken only in this case.  `p` holds the class and text parameters.
 */
static int portfolio_in_memory(struct aisec_store *s,
			       const struct aisec_store_query *q,
			       const char *const *p, int np,
			       unsigned filters, const char *today,
			       struct aisec_store_page *out,
			       struct aisec_error *err)
{
#define MEM_COLUMNS                                                            \
	"SELECT id, name, klass, open_minor, open_major, open_critical, "     \
	"open_gaps, evidence, next_deadline, last_assessed, assessments, "    \
	"class_rank, counts_asof, counts_until FROM systems"
	static const char *const sql[] = {
	    MEM_COLUMNS, MEM_COLUMNS " WHERE klass = ?",
	    MEM_COLUMNS " WHERE lower(name) LIKE ? ESCAPE '!'",
	    MEM_COLUMNS " WHERE klass = ? AND lower(name) LIKE ? ESCAPE '!'"};
#undef MEM_COLUMNS
	struct store_res r = {0};
	struct mem_row *m = NULL;
	size_t n = 0, lim = q->limit ? q->limit : 100;
	bool oom = false;
	int rc;

	if ((rc = store_q(s, sql[filters & (PF_CLASS | PF_TEXT)], p, np, &r,
			  err)))
		return rc;
	if (r.nrows && !(m = calloc(r.nrows, sizeof(*m)))) {
		oom = true;
		goto out;
	}
	for (size_t i = 0; i < r.nrows; i++) {
		struct mem_row *x = &m[n];
		const char *asof = store_cell(&r, i, 12),
			   *until = store_cell(&r, i, 13);

		x->i = i;
		x->q = q;
		x->name = store_cell(&r, i, 1);
		x->deadline = store_cell(&r, i, 8);
		x->assessed = store_cell(&r, i, 9);
		x->rank = store_cell_int(&r, i, 11);
		for (int l = 0; l < 3; l++)
			x->open[l] = store_cell_int(&r, i, 3 + (size_t)l);
		x->gaps = store_cell_int(&r, i, 6);
		if ((until && strcmp(until, today) < 0) ||
		    (asof && strcmp(asof, today) > 0)) {
			int64_t open[4];
			char upto[11];

			if ((rc = count_open(s, store_cell(&r, i, 0), today,
					     open, &x->gaps, upto, err)))
				goto out;
			for (int l = 0; l < 3; l++)
				x->open[l] = open[l + 1];
		}
		if (!(filters & PF_OPEN) ||
		    x->open[0] + x->open[1] + x->open[2] > 0)
			n++;
	}
	if (n > 1)
		qsort(m, n, sizeof(*m), cmp_rows);
	out->total = n;
	if (q->offset < n && !(out->rows = calloc(
				   n - q->offset < lim ? n - q->offset : lim,
				   sizeof(*out->rows)))) {
		oom = true;
		goto out;
	}
	for (size_t k = q->offset; k < n && out->n < lim; k++) {
		struct aisec_store_row *row = &out->rows[out->n++];
		size_t i = m[k].i;

		row->name = store_cell_dup(&r, i, 1, &oom);
		row->klass = store_cell_dup(&r, i, 2, &oom);
		memcpy(row->open_risks, m[k].open, sizeof(row->open_risks));
		row->gaps = m[k].gaps;
		row->evidence = store_cell_dup(&r, i, 7, &oom);
		row->next_deadline = store_cell_dup(&r, i, 8, &oom);
		row->last_assessed = store_cell_dup(&r, i, 9, &oom);
		row->assessments = store_cell_int(&r, i, 10);
	}
out:
	free(m);
	store_res_free(&r);
	if (oom) {
		aisec_store_page_release(out);
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	} else if (rc) {
		aisec_store_page_release(out);
	}
	return rc;
}

int aisec_store_portfolio(struct aisec_store *s,
			  const struct aisec_store_query *q,
			  struct aisec_store_page *out, struct aisec_error *err)
{
	static const struct aisec_store_query defaults = {0};
	struct store_res r = {0}, c = {0};
	char today[11], like[2 * 256 + 3], lim[24], off[24];
	const char *pat = NULL, *p[4], *page_sql, *count_sql;
	unsigned filters = 0;
	int rc, np = 0;
	bool oom = false, stale;

	memset(out, 0, sizeof(*out));
	if (!q)
		q = &defaults;
	if ((unsigned)q->sort > AISEC_STORE_SORT_ASSESSED)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "unknown sort key %d", (int)q->sort);
	if (q->today && !aisec_date_valid(q->today))
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "date '%s': expected YYYY-MM-DD",
				       q->today);
	if (q->today)
		snprintf(today, sizeof(today), "%s", q->today);
	else
		store_today(today);
	if (q->text) {
		size_t o = 0;

		if (strlen(q->text) > 256)
			return aisec_error_set(
			    err, AISEC_ERR_LIMIT,
			    "filter text: longer than 256 characters");
		like[o++] = '%';
		for (const char *t = q->text; *t; t++) {
			if (*t == '%' || *t == '_' || *t == '!')
				like[o++] = '!';
			like[o++] = (char)tolower((unsigned char)*t);
		}
		like[o++] = '%';
		like[o] = '\0';
		pat = like;
	}
	snprintf(lim, sizeof(lim), "%zu", q->limit ? q->limit : 100);
	snprintf(off, sizeof(off), "%zu", q->offset);
	if ((rc = refresh_counts(s, today, &stale, err)))
		return rc;
	if (q->klass) {
		filters |= PF_CLASS;
		p[np++] = q->klass;
	}
	if (pat) {
		filters |= PF_TEXT;
		p[np++] = pat;
	}
	if (q->open_risks)
		filters |= PF_OPEN;
	if (stale)
		return portfolio_in_memory(s, q, p, np, filters, today, out,
					   err);
	p[np] = lim;
	p[np + 1] = off;
	if (!(page_sql = portfolio_stmt(s, filters, (int)q->sort,
					q->descending)) ||
	    !(count_sql = portfolio_stmt(s, filters, -1, false)))
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if ((rc = store_q(s, page_sql, p, np + 2, &r, err)))
		return rc;
	if ((rc = store_q(s, count_sql, p, np, &c, err)))
		goto out;
	out->total = (size_t)store_cell_int(&c, 0, 0);
	if (r.nrows && !(out->rows = calloc(r.nrows, sizeof(*out->rows)))) {
		oom = true;
		goto out;
	}
	for (size_t i = 0; i < r.nrows; i++) {
		struct aisec_store_row *row = &out->rows[out->n++];

		row->name = store_cell_dup(&r, i, 0, &oom);
		row->klass = store_cell_dup(&r, i, 1, &oom);
		for (int l = 0; l < 3; l++)
			row->open_risks[l] =
			    store_cell_int(&r, i, 2 + (size_t)l);
		row->gaps = store_cell_int(&r, i, 5);
		row->evidence = store_cell_dup(&r, i, 6, &oom);
		row->next_deadline = store_cell_dup(&r, i, 7, &oom);
		row->last_assessed = store_cell_dup(&r, i, 8, &oom);
		row->assessments = store_cell_int(&r, i, 9);
	}
out:
	store_res_free(&r);
	store_res_free(&c);
	if (oom) {
		aisec_store_page_release(out);
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	return rc;
}

void aisec_store_page_release(struct aisec_store_page *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->rows[i].name);
		free(p->rows[i].klass);
		free(p->rows[i].evidence);
		free(p->rows[i].next_deadline);
		free(p->rows[i].last_assessed);
	}
	free(p->rows);
	memset(p, 0, sizeof(*p));
}
