/*
 * token.c - access tokens of the dashboard and API (`aisec serve`).  A
 * secret is 32 random bytes (OpenSSL RAND_bytes), shown once at creation;
 * the workspace keeps only its SHA-256, looked up by hash and compared in
 * constant time.  Tokens are revoked, never deleted, so the list says who
 * had access.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "core/core.h"
#include "store/internal.h"

static const char *const role_names[] = {NULL, "auditor", "editor", "admin"};

const char *aisec_store_role_name(enum aisec_store_role r)
{
	return r >= AISEC_ROLE_AUDITOR && r <= AISEC_ROLE_ADMIN ? role_names[r]
								: "unknown";
}

int aisec_store_role_parse(const char *s, enum aisec_store_role *out)
{
	for (int i = 1; s && i <= 3; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum aisec_store_role)i;
			return 0;
		}
	return -1;
}

/* base64url without padding of 32 bytes: 43 characters. */
static int encode_secret(const unsigned char raw[32],
			 char secret[AISEC_STORE_TOKEN_LEN + 1])
{
	struct aisec_buf b;
	size_t o = 6;

	aisec_buf_init(&b, 0);
	if (aisec_base64_encode(raw, 32, &b) < 0 || b.len < 43) {
		aisec_buf_release(&b);
		return AISEC_ERR_NOMEM;
	}
	memcpy(secret, "aisec_", 6);
	for (size_t i = 0; i < 43; i++) {
		char ch = b.data[i];

		secret[o++] = ch == '+' ? '-' : ch == '/' ? '_' : ch;
	}
	secret[o] = '\0';
	OPENSSL_cleanse(b.data, b.len);
	aisec_buf_release(&b);
	return 0;
}

static bool secret_well_formed(const char *s)
{
	if (!s || strlen(s) != AISEC_STORE_TOKEN_LEN ||
	    strncmp(s, "aisec_", 6) != 0)
		return false;
	for (const char *p = s + 6; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

int aisec_store_token_create(struct aisec_store *s, enum aisec_store_role role,
			     const char *label, const char *expires,
			     char secret[AISEC_STORE_TOKEN_LEN + 1],
			     int64_t *id, struct aisec_error *err)
{
	static const char q[] =
	    "INSERT INTO tokens (label, role, hash, created, expires)"
	    " VALUES (?, ?, ?, ?, ?) RETURNING id";
	unsigned char raw[32];
	char hash[72], now[21];
	struct store_res r = {0};
	int rc;

	secret[0] = '\0';
	if ((rc = store_check_writable(s, err)))
		return rc;
	if (role < AISEC_ROLE_AUDITOR || role > AISEC_ROLE_ADMIN)
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "token role: expected admin, editor or auditor");
	if (!label || !*label || strlen(label) > 200)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "token label: 1 to 200 characters");
	if (expires && !aisec_date_valid(expires))
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "token expiry '%s': expected YYYY-MM-DD",
				       expires);
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return aisec_error_set(err, AISEC_ERR_CRYPTO,
				       "token: no random bytes");
	rc = encode_secret(raw, secret);
	OPENSSL_cleanse(raw, sizeof(raw));
	if (rc)
		return aisec_error_set(err, rc, "out of memory");
	if ((rc = store_sha256(secret, strlen(secret), hash, err)))
		goto out;
	store_now(now);
	{
		const char *p[] = {label, aisec_store_role_name(role), hash,
				   now, expires};

		rc = store_q(s, q, p, 5, &r, err);
	}
	if (!rc && id)
		*id = store_cell_int(&r, 0, 0);
out:
	store_res_free(&r);
	if (rc)
		OPENSSL_cleanse(secret, AISEC_STORE_TOKEN_LEN + 1);
	return rc;
}

int aisec_store_token_verify(struct aisec_store *s, const char *secret,
			     const char *today, enum aisec_store_role *role,
			     int64_t *id, struct aisec_error *err)
{
	static const char q[] = "SELECT id, role, expires, revoked, hash FROM "
				"tokens WHERE hash = ?";
	struct store_res r = {0};
	char hash[72], now[11];
	const char *p[1] = {hash};
	int rc;

	*role = 0;
	if (id)
		*id = 0;
	if (today && !aisec_date_valid(today))
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "date '%s': expected YYYY-MM-DD", today);
	if (!today) {
		store_today(now);
		today = now;
	}
	if (!secret_well_formed(secret))
		return aisec_error_set(err, AISEC_ERR_VERIFY,
				       "token: malformed");
	if ((rc = store_sha256(secret, strlen(secret), hash, err)))
		return rc;
	if ((rc = store_q(s, q, p, 1, &r, err)))
		return rc;
	if (!r.nrows ||
	    aisec_memeq_ct(store_cell(&r, 0, 4), hash, strlen(hash)) != 0)
		rc = aisec_error_set(err, AISEC_ERR_VERIFY, "token: unknown");
	else if (store_cell(&r, 0, 3))
		rc = aisec_error_set(
		    err, AISEC_ERR_VERIFY, "token %s: revoked %s",
		    store_cell(&r, 0, 0), store_cell(&r, 0, 3));
	else if (store_cell(&r, 0, 2) &&
		 strcmp(store_cell(&r, 0, 2), today) < 0)
		rc = aisec_error_set(
		    err, AISEC_ERR_VERIFY, "token %s: expired %s",
		    store_cell(&r, 0, 0), store_cell(&r, 0, 2));
	else if (aisec_store_role_parse(store_cell(&r, 0, 1), role) != 0)
		rc = aisec_error_set(
		    err, AISEC_ERR_INTEGRITY, "token %s: unknown role '%s'",
		    store_cell(&r, 0, 0), store_cell(&r, 0, 1));
	else if (id)
		*id = store_cell_int(&r, 0, 0);
	if (rc)
		*role = 0;
	store_res_free(&r);
	return rc;
}

int aisec_store_token_list(struct aisec_store *s,
			   struct aisec_store_token **out, size_t *n,
			   struct aisec_error *err)
{
	static const char q[] = "SELECT id, label, role, created, expires, "
				"revoked FROM tokens ORDER BY id";
	struct store_res r;
	bool oom = false;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_q(s, q, NULL, 0, &r, err)))
		return rc;
	if (r.nrows && !(*out = calloc(r.nrows, sizeof(**out))))
		oom = true;
	for (size_t i = 0; !oom && i < r.nrows; i++) {
		struct aisec_store_token *t = &(*out)[(*n)++];

		t->id = store_cell_int(&r, i, 0);
		t->label = store_cell_dup(&r, i, 1, &oom);
		aisec_store_role_parse(store_cell(&r, i, 2), &t->role);
		t->created = store_cell_dup(&r, i, 3, &oom);
		t->expires = store_cell_dup(&r, i, 4, &oom);
		t->revoked = store_cell_dup(&r, i, 5, &oom);
	}
	store_res_free(&r);
	if (oom) {
		aisec_store_token_free(*out, *n);
		*out = NULL;
		*n = 0;
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	return 0;
}

void aisec_store_token_free(struct aisec_store_token *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++) {
		free(t[i].label);
		free(t[i].created);
		free(t[i].expires);
		free(t[i].revoked);
	}
	free(t);
}

int aisec_store_token_revoke(struct aisec_store *s, int64_t id,
			     struct aisec_error *err)
{
	static const char q[] = "UPDATE tokens SET revoked = ? WHERE id = ? "
				"AND revoked IS NULL RETURNING id";
	static const char q_has[] = "SELECT id FROM tokens WHERE id = ?";
	struct store_res r = {0};
	char now[21], sid[24];
	const char *p[] = {now, sid};
	int rc;

	if ((rc = store_check_writable(s, err)))
		return rc;
	store_now(now);
	snprintf(sid, sizeof(sid), "%lld", (long long)id);
	if ((rc = store_q(s, q, p, 2, &r, err)))
		return rc;
	if (!r.nrows) {
		store_res_free(&r);
		if ((rc = store_q(s, q_has, p + 1, 1, &r, err)))
			return rc;
		if (!r.nrows)
			rc = aisec_error_set(err, AISEC_ERR_NOTFOUND,
					     "token %lld: no such token",
					     (long long)id);
	}
	store_res_free(&r);
	return rc;
}
