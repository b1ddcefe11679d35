/*
 * store.c - the lineage store: a directory (default .aisec/lineage) with
 * statements/<sha256>.json (DSSE envelopes, one per recorded step) and
 * manifests/<sha256>.json (directory manifests, named by the SHA-256 of
 * their bytes, which the signed statements reference).  Files are
 * content-addressed and written atomically; nothing is ever rewritten.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/core.h"
#include "lineage/lineage.h"

int lin_store_put(const char *dir, const char *sub, const void *data,
		  size_t len, char **name, struct aisec_error *err)
{
	struct aisec_buf path;
	uint8_t md[AISEC_SHA256_LEN];
	char hex[2 * AISEC_SHA256_LEN + 1];
	int rc;

	aisec_buf_init(&path, 0);
	EVP_Digest(data, len, md, NULL, EVP_sha256(), NULL);
	lin_hex(md, sizeof(md), hex);
	rc = aisec_buf_addf(&path, "%s/%s", dir, sub);
	if (rc) {
		aisec_error_set(err, rc, "store '%s': %s", dir,
				aisec_strerror(rc));
		goto out;
	}
	rc = aisec_mkdirs(path.data, err);
	if (rc)
		goto out;
	rc = aisec_buf_addf(&path, "/%s.json", hex);
	if (rc) {
		aisec_error_set(err, rc, "store '%s': %s", dir,
				aisec_strerror(rc));
		goto out;
	}
	rc = aisec_file_write_atomic(path.data, data, len, 0644, err);
	if (!rc && name) {
		*name = strdup(path.data);
		if (!*name)
			rc = aisec_error_set(err, AISEC_ERR_NOMEM,
					     "out of memory");
	}
out:
	aisec_buf_release(&path);
	return rc;
}

struct aisec_manifest *lin_store_manifest(const char *dir, const char *hex)
{
	struct aisec_buf path, data;
	struct aisec_manifest *m = NULL;
	uint8_t md[AISEC_SHA256_LEN], want[AISEC_SHA256_LEN];

	if (lin_unhex32(hex, want) != 0)
		return NULL;
	aisec_buf_init(&path, 0);
	aisec_buf_init(&data, 0);
	if (aisec_buf_addf(&path, "%s/manifests/%s.json", dir, hex) == 0 &&
	    aisec_file_read(path.data, &data, NULL) == 0) {
		EVP_Digest(data.data, data.len, md, NULL, EVP_sha256(), NULL);
		if (aisec_memeq_ct(md, want, sizeof(md)) == 0 &&
		    aisec_manifest_parse(path.data, data.data, data.len, &m,
					 NULL) != 0)
			m = NULL;
	}
	aisec_buf_release(&path);
	aisec_buf_release(&data);
	return m;
}

static int add_bad(struct lin_store *st, const char *file, const char *msg)
{
	void *p = realloc(st->bad, (st->nbad + 1) * sizeof(*st->bad));

	if (!p)
		return AISEC_ERR_NOMEM;
	st->bad = p;
	st->bad[st->nbad].kind = AISEC_ISSUE_CORRUPT_ENTRY;
	st->bad[st->nbad].artefact = strdup(file);
	st->bad[st->nbad].message = strdup(msg);
	st->nbad++;
	return 0;
}

/* Decide who signed `s`, against the trusted keys. */
static void check_signer(struct lin_stmt *s, struct aisec_key *const *keys,
			 size_t nkeys)
{
	size_t which = 0;

	s->signer = -1;
	if (s->env->nsigs && s->env->sigs[0].keyid)
		s->keyid = strdup(s->env->sigs[0].keyid);
	if (aisec_dsse_verify(s->env, keys, nkeys, &which) == 0) {
		s->signer = (int)which;
		return;
	}
	for (size_t i = 0; i < s->env->nsigs; i++) {
		for (size_t k = 0; k < nkeys; k++) {
			char id[AISEC_KEY_ID_LEN + 1];

			aisec_key_id(keys[k], id);
			if (s->env->sigs[i].keyid &&
			    strcmp(s->env->sigs[i].keyid, id) == 0)
				s->bad_sig = true;
		}
	}
}

/* Load one envelope; a bad entry is recorded, not fatal. */
static int load_one(struct lin_store *st, const char *file,
		    struct aisec_key *const *keys, size_t nkeys)
{
	struct aisec_buf data;
	struct aisec_error e;
	struct lin_stmt s;
	int rc = 0;

	memset(&s, 0, sizeof(s));
	aisec_buf_init(&data, 64 << 20);
	aisec_error_clear(&e);
	if (aisec_file_read(file, &data, &e) != 0 ||
	    aisec_dsse_parse(file, data.data, data.len, &s.env, &e) != 0) {
		rc = add_bad(st, file, e.msg);
		goto out;
	}
	if (strcmp(s.env->payload_type, LIN_PAYLOAD_INTOTO) != 0) {
		rc = add_bad(st, file, "payloadType is not "
			     "application/vnd.in-toto+json");
		goto out;
	}
	if (lin_statement_parse(file, s.env->payload, s.env->payload_len, &s,
				&e) != 0) {
		rc = add_bad(st, file, e.msg);
		goto out;
	}
	check_signer(&s, keys, nkeys);
	s.file = strdup(file);
	if (!s.file) {
		rc = AISEC_ERR_NOMEM;
		goto out;
	}
	{
		void *p = realloc(st->s, (st->n + 1) * sizeof(*st->s));

		if (!p) {
			rc = AISEC_ERR_NOMEM;
			goto out;
		}
		st->s = p;
		st->s[st->n++] = s;
		memset(&s, 0, sizeof(s));
	}
out:
	lin_stmt_release(&s);
	aisec_buf_release(&data);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int lin_store_load(const char *dir, struct aisec_key *const *keys,
		   size_t nkeys, struct lin_store *st, struct aisec_error *err)
{
	struct aisec_buf path;
	char **names = NULL;
	size_t n = 0;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	st->dir = strdup(dir);
	st->nkeys = nkeys;
	aisec_buf_init(&path, 0);
	if (!st->dir || aisec_buf_addf(&path, "%s/statements", dir) != 0)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	d = opendir(path.data);
	if (!d) {
		/* an empty or absent store holds no statements */
		rc = errno == ENOENT ? 0
				     : aisec_error_set(err, AISEC_ERR_IO,
						       "cannot read store '%s':"
						       " %s",
						       path.data,
						       strerror(errno));
		aisec_buf_release(&path);
		return rc;
	}
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		char **p;

		if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0 ||
		    e->d_name[0] == '.')
			continue;
		p = realloc(names, (n + 1) * sizeof(*names));
		if (!p) {
			rc = AISEC_ERR_NOMEM;
			break;
		}
		names = p;
		names[n] = malloc(path.len + l + 2);
		if (!names[n]) {
			rc = AISEC_ERR_NOMEM;
			break;
		}
		memcpy(names[n], path.data, path.len);
		names[n][path.len] = '/';
		memcpy(names[n] + path.len + 1, e->d_name, l + 1);
		n++;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; !rc && i < n; i++)
		rc = load_one(st, names[i], keys, nkeys);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	aisec_buf_release(&path);
	if (rc)
		return aisec_error_set(err, rc, "store '%s': %s", dir,
				       aisec_strerror(rc));
	return 0;
}

void lin_store_release(struct lin_store *st)
{
	for (size_t i = 0; i < st->n; i++)
		lin_stmt_release(&st->s[i]);
	for (size_t i = 0; i < st->nbad; i++) {
		free(st->bad[i].artefact);
		free(st->bad[i].message);
	}
	free(st->s);
	free(st->bad);
	free(st->dir);
	memset(st, 0, sizeof(*st));
}
