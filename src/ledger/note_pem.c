/*
 * note_pem.c - one key for every command: C2SP note keys (skey, vkey) and
 * PEM Ed25519 keys are the same Ed25519 key in two encodings.  A PEM key
 * becomes a note key once it has a name (the ledger's origin); a note key
 * becomes an aisec_key for lineage signatures.  See ledger.h.
 */
#include <string.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "aisec/key.h"
#include "aisec/ledger.h"
#include "core/core.h"
#include "ledger/ledger_int.h"

/* Key files are small; anything bigger is not a key (as in core/keys.c). */
#define KEY_FILE_MAX (1 << 20)

/*
 * Never prompt: with no callback OpenSSL takes `u` as the passphrase, and
 * the empty one opens no encrypted key.
 */
static char no_passphrase[] = "";

static bool is_pem(const char *s, size_t n)
{
	static const char begin[] = "-----BEGIN ";

	for (size_t i = 0; i + sizeof(begin) - 1 <= n; i++)
		if (memcmp(s + i, begin, sizeof(begin) - 1) == 0)
			return true;
	return false;
}

static bool is_skey(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) {
		s++;
		n--;
	}
	return n >= 12 && memcmp(s, "PRIVATE+KEY+", 12) == 0;
}

int aisec_note_key_from_pem(const char *pem, size_t len, const char *name,
			    bool want_private, struct aisec_note_key *key,
			    struct aisec_error *err)
{
	BIO *bio = NULL;
	EVP_PKEY *p = NULL;
	size_t n = 32;
	int rc;

	memset(key, 0, sizeof(*key));
	if (!name || !lg_note_name_valid(name))
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "key name '%s': must be non-empty UTF-8 "
				       "without spaces or '+'",
				       name ? name : "");
	if (len > KEY_FILE_MAX)
		return aisec_error_set(err, AISEC_ERR_LIMIT,
				       "too large for a key");
	bio = BIO_new_mem_buf(pem, (int)len);
	if (bio)
		p = PEM_read_bio_PrivateKey(bio, NULL, NULL, no_passphrase);
	if (p) {
		key->has_private = true;
	} else if (!want_private && bio && BIO_reset(bio) == 1) {
		p = PEM_read_bio_PUBKEY(bio, NULL, NULL, no_passphrase);
	}
	BIO_free(bio);
	if (!p) {
		rc = aisec_error_set(
		    err, AISEC_ERR_PARSE, "no unencrypted PEM %s key",
		    want_private ? "private" : "public or private");
		goto out;
	}
	if (EVP_PKEY_get_base_id(p) != EVP_PKEY_ED25519) {
		rc = aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "a %s key: checkpoint (note) keys are Ed25519",
		    EVP_PKEY_get0_type_name(p) ? EVP_PKEY_get0_type_name(p)
					       : "non-Ed25519");
		goto out;
	}
	if ((key->has_private &&
	     (EVP_PKEY_get_raw_private_key(p, key->seed, &n) != 1 ||
	      n != 32)) ||
	    EVP_PKEY_get_raw_public_key(p, key->pub, &(size_t){32}) != 1) {
		rc = aisec_error_set(err, AISEC_ERR_CRYPTO,
				     "cannot read the Ed25519 key");
		goto out;
	}
	memcpy(key->name, name, strlen(name) + 1);
	key->id = lg_note_key_id(key->name, key->pub);
	rc = 0;
out:
	if (rc)
		aisec_note_key_wipe(key);
	EVP_PKEY_free(p);
	return rc;
}

/* Parse the key text of file `path` (already read). */
static int note_key_text(const char *path, const struct aisec_buf *b,
			 const char *pem_name, bool want_private,
			 struct aisec_note_key *key, struct aisec_error *err)
{
	int rc;

	if (is_pem(b->data, b->len)) {
		if (!pem_name)
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "key '%s': a PEM key here needs "
					       "a name (a ledger origin)",
					       path);
		rc = aisec_note_key_from_pem(b->data, b->len, pem_name,
					     want_private, key, err);
	} else if (is_skey(b->data, b->len)) {
		rc = aisec_note_key_parse_skey(b->data, b->len, key, err);
	} else if (aisec_note_key_parse_vkey(b->data, b->len, key, err) != 0) {
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "key '%s': neither a PEM key nor a C2SP "
				       "note key (skey or vkey)",
				       path);
	} else if (want_private) {
		aisec_note_key_wipe(key);
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "key '%s': want a private key (a note signer key "
		    "PRIVATE+KEY+... or a PEM private key), not a public one",
		    path);
	} else {
		rc = 0;
	}
	return rc ? aisec_error_prefix(err, "key '%s'", path) : 0;
}

static int read_key_file(const char *path, struct aisec_buf *b,
			 struct aisec_error *err)
{
	aisec_buf_init(b, 0);
	if (aisec_file_read_small(path, b, err) != 0)
		return err->code;
	return 0;
}

int aisec_note_key_load(const char *path, const char *pem_name,
			bool want_private, struct aisec_note_key *key,
			struct aisec_error *err)
{
	struct aisec_buf b;
	int rc;

	memset(key, 0, sizeof(*key));
	rc = read_key_file(path, &b, err);
	if (!rc)
		rc = note_key_text(path, &b, pem_name, want_private, key, err);
	OPENSSL_cleanse(b.data, b.len);
	aisec_buf_release(&b);
	return rc;
}

int aisec_note_key_load_key(const char *path, bool want_private,
			    struct aisec_key **out, struct aisec_error *err)
{
	struct aisec_note_key k;
	struct aisec_buf b;
	int rc;

	rc = read_key_file(path, &b, err);
	if (rc)
		goto out;
	if (is_pem(b.data, b.len)) {
		rc = want_private ? aisec_key_load_private(path, out, err)
				  : aisec_key_load_public(path, out, err);
		if (rc == AISEC_ERR_PARSE && !want_private)
			rc = aisec_key_load_private(path, out, err);
		goto out;
	}
	rc = note_key_text(path, &b, NULL, want_private, &k, err);
	if (!rc) {
		rc = aisec_key_from_ed25519(k.has_private ? k.seed : k.pub,
					    k.has_private, out, err);
		if (rc)
			aisec_error_prefix(err, "key '%s'", path);
	}
	aisec_note_key_wipe(&k);
out:
	OPENSSL_cleanse(b.data, b.len);
	aisec_buf_release(&b);
	return rc;
}

int aisec_ledger_read_origin(const char *dir, char *origin,
			     struct aisec_error *err)
{
	struct lg_config cfg;
	int rc = lg_config_read(dir, &cfg, err);

	if (rc)
		return rc;
	memcpy(origin, cfg.origin, sizeof(cfg.origin));
	return 0;
}
