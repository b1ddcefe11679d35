/*
 * keys.c - signing keys through OpenSSL EVP (see include/aisec/key.h):
 * generation, PEM files, key ids, sign and verify.  Private key bytes only
 * ever exist in OpenSSL's memory and in the 0600 PEM file written here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include "aisec/key.h"
#include "core/core.h"

struct aisec_key {
	EVP_PKEY *pkey;
	enum aisec_key_type type;
	bool priv;
};

static const struct {
	enum aisec_key_type type;
	const char *name;
	const char *group; /* EC group name, NULL for Ed25519 */
	int field_bytes;
} key_types[] = {
	{AISEC_KEY_ED25519, "ed25519", NULL, 32},
	{AISEC_KEY_ECDSA_P256, "ecdsa-p256", "P-256", 32},
	{AISEC_KEY_ECDSA_P384, "ecdsa-p384", "P-384", 48},
	{AISEC_KEY_ECDSA_P521, "ecdsa-p521", "P-521", 66},
};
#define NTYPES (sizeof(key_types) / sizeof(key_types[0]))

const char *aisec_key_type_name(enum aisec_key_type t)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (key_types[i].type == t)
			return key_types[i].name;
	return NULL;
}

int aisec_key_type_parse(const char *name, enum aisec_key_type *out)
{
	for (size_t i = 0; i < NTYPES; i++) {
		if (strcmp(key_types[i].name, name) == 0) {
			*out = key_types[i].type;
			return 0;
		}
	}
	return AISEC_ERR_INVALID;
}

static int field_bytes(enum aisec_key_type t)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (key_types[i].type == t)
			return key_types[i].field_bytes;
	return 0;
}

/* Classify an EVP_PKEY; 0 when it is not a supported type. */
static enum aisec_key_type classify(EVP_PKEY *pkey)
{
	char group[64];
	size_t glen = 0;

	if (EVP_PKEY_is_a(pkey, "ED25519"))
		return AISEC_KEY_ED25519;
	if (!EVP_PKEY_is_a(pkey, "EC") ||
	    !EVP_PKEY_get_utf8_string_param(pkey, "group", group,
					    sizeof(group), &glen))
		return 0;
	for (size_t i = 0; i < NTYPES; i++) {
		int nid;

		if (!key_types[i].group)
			continue;
		nid = OBJ_txt2nid(group);
		if (strcmp(group, key_types[i].group) == 0 ||
		    (nid != NID_undef &&
		     nid == EC_curve_nist2nid(key_types[i].group)))
			return key_types[i].type;
	}
	return 0;
}

static int wrap(EVP_PKEY *pkey, bool priv, const char *name,
		struct aisec_key **out, struct aisec_error *err)
{
	struct aisec_key *k;
	enum aisec_key_type t = classify(pkey);

	if (!t) {
		EVP_PKEY_free(pkey);
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "key '%s': unsupported key type (want "
				       "ed25519 or ecdsa p-256/p-384/p-521)",
				       name);
	}
	k = calloc(1, sizeof(*k));
	if (!k) {
		EVP_PKEY_free(pkey);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	k->pkey = pkey;
	k->type = t;
	k->priv = priv;
	*out = k;
	return 0;
}

int aisec_key_generate(enum aisec_key_type type, struct aisec_key **out,
		       struct aisec_error *err)
{
	EVP_PKEY *pkey = NULL;
	const char *group = NULL;

	for (size_t i = 0; i < NTYPES; i++)
		if (key_types[i].type == type)
			group = key_types[i].group ? key_types[i].group : "";
	if (!group)
		return aisec_error_set(err, AISEC_ERR_USAGE, "unknown key type");
	if (type == AISEC_KEY_ED25519)
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	else
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", group);
	if (!pkey)
		return aisec_error_set(err, AISEC_ERR_CRYPTO,
				       "cannot generate a %s key",
				       aisec_key_type_name(type));
	return wrap(pkey, true, aisec_key_type_name(type), out, err);
}

static int read_pem(const char *path, struct aisec_buf *b,
		    struct aisec_error *err)
{
	int rc = aisec_file_read_small(path, b, err);

	if (rc)
		return aisec_error_prefix(err, "key '%s'", path);
	return 0;
}

/* Never prompt: the library has no terminal; encrypted keys are refused. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

int aisec_key_load_private_mem(const char *name, const void *pem, size_t len,
			       struct aisec_key **out, struct aisec_error *err)
{
	BIO *bio = NULL;
	EVP_PKEY *pkey = NULL;
	int rc;

	if (len > AISEC_FILE_SMALL_MAX)
		return aisec_error_set(err, AISEC_ERR_LIMIT, "key '%s': too large", name);
	bio = BIO_new_mem_buf(pem, (int)len);
	if (bio)
		pkey = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
	BIO_free(bio);
	if (!pkey)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "key '%s': not an unencrypted PEM private key", name);
	rc = wrap(pkey, true, name, out, err);
	return rc;
}

/* Read a PEM file and load it as a private or public key; the text is wiped. */
static int load_file(const char *path, bool private, struct aisec_key **out,
		     struct aisec_error *err)
{
	struct aisec_buf b;
	int rc;

	aisec_buf_init(&b, 0);
	rc = read_pem(path, &b, err);
	if (!rc)
		rc = private ? aisec_key_load_private_mem(path, b.data, b.len, out, err)
			     : aisec_key_load_public_mem(path, b.data, b.len, out, err);
	OPENSSL_cleanse(b.data, b.len);
	aisec_buf_release(&b);
	return rc;
}

int aisec_key_load_private(const char *path, struct aisec_key **out,
			   struct aisec_error *err)
{
	return load_file(path, true, out, err);
}

int aisec_key_load_public_mem(const char *name, const void *pem, size_t len,
			      struct aisec_key **out, struct aisec_error *err)
{
	BIO *bio;
	EVP_PKEY *pkey = NULL;

	if (len > 0x7fffffff)
		return aisec_error_set(err, AISEC_ERR_LIMIT, "key '%s': too large",
				       name);
	bio = BIO_new_mem_buf(pem, (int)len);
	if (bio)
		pkey = PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
	BIO_free(bio);
	if (!pkey)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "key '%s': no PEM public key found", name);
	return wrap(pkey, false, name, out, err);
}

int aisec_key_load_public(const char *path, struct aisec_key **out,
			  struct aisec_error *err)
{
	return load_file(path, false, out, err);
}

int aisec_key_from_evp(void *evp_pkey, struct aisec_key **out,
		       struct aisec_error *err)
{
	EVP_PKEY *p = evp_pkey;

	if (!p || !EVP_PKEY_up_ref(p))
		return aisec_error_set(err, AISEC_ERR_USAGE, "no key");
	return wrap(p, false, "certificate", out, err);
}

int aisec_key_from_ed25519(const uint8_t raw[32], bool priv,
			   struct aisec_key **out, struct aisec_error *err)
{
	EVP_PKEY *p = priv ? EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, raw, 32)
			   : EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw, 32);

	if (!p)
		return aisec_error_set(err, AISEC_ERR_CRYPTO, "not an ed25519 key");
	return wrap(p, priv, "ed25519", out, err);
}

void aisec_key_free(struct aisec_key *key)
{
	if (!key)
		return;
	EVP_PKEY_free(key->pkey);
	free(key);
}

enum aisec_key_type aisec_key_get_type(const struct aisec_key *key)
{
	return key->type;
}

bool aisec_key_has_private(const struct aisec_key *key)
{
	return key->priv;
}

int aisec_key_public_der(const struct aisec_key *key, struct aisec_buf *out)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(key->pkey, &der), rc;

	if (n <= 0)
		return AISEC_ERR_CRYPTO;
	rc = aisec_buf_add(out, der, (size_t)n);
	OPENSSL_free(der);
	return rc;
}

int aisec_key_public_pem(const struct aisec_key *key, struct aisec_buf *out)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *p;
	long n;
	int rc = AISEC_ERR_CRYPTO;

	if (!bio)
		return AISEC_ERR_NOMEM;
	if (PEM_write_bio_PUBKEY(bio, key->pkey) == 1) {
		n = BIO_get_mem_data(bio, &p);
		rc = n > 0 ? aisec_buf_add(out, p, (size_t)n) : AISEC_ERR_CRYPTO;
	}
	BIO_free(bio);
	return rc;
}

void aisec_key_id(const struct aisec_key *key, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(key->pkey, &der);

	memset(md, 0, sizeof(md));
	if (n > 0)
		EVP_Digest(der, (size_t)n, md, NULL, EVP_sha256(), NULL);
	OPENSSL_free(der);
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[AISEC_KEY_ID_LEN] = '\0';
}

static const EVP_MD *key_md(enum aisec_key_type t)
{
	switch (t) {
	case AISEC_KEY_ECDSA_P256: return EVP_sha256();
	case AISEC_KEY_ECDSA_P384: return EVP_sha384();
	case AISEC_KEY_ECDSA_P521: return EVP_sha512();
	default: return NULL; /* Ed25519 hashes internally */
	}
}

int aisec_key_sign(const struct aisec_key *key, const void *msg, size_t len,
		   struct aisec_buf *sig, struct aisec_error *err)
{
	EVP_MD_CTX *ctx = NULL;
	size_t n = 0;
	int rc;

	if (!key->priv)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "cannot sign with a public key");
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if (EVP_DigestSignInit(ctx, NULL, key_md(key->type), NULL, key->pkey) !=
		    1 ||
	    EVP_DigestSign(ctx, NULL, &n, msg, len) != 1) {
		rc = aisec_error_set(err, AISEC_ERR_CRYPTO, "signing failed");
		goto out;
	}
	rc = aisec_buf_grow(sig, n);
	if (rc) {
		aisec_error_set(err, rc, "signing failed: %s",
				aisec_strerror(rc));
		goto out;
	}
	if (EVP_DigestSign(ctx, (unsigned char *)sig->data + sig->len, &n, msg,
			   len) != 1) {
		rc = aisec_error_set(err, AISEC_ERR_CRYPTO, "signing failed");
		goto out;
	}
	sig->len += n;
	sig->data[sig->len] = '\0';
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* Convert a raw r||s ECDSA signature to DER; returns bytes or 0. */
static size_t raw_to_der(const unsigned char *raw, size_t len, int fb,
			 unsigned char **der)
{
	ECDSA_SIG *s;
	BIGNUM *r, *sv;
	int n;

	if (len != (size_t)fb * 2)
		return 0;
	s = ECDSA_SIG_new();
	r = BN_bin2bn(raw, fb, NULL);
	sv = BN_bin2bn(raw + fb, fb, NULL);
	if (!s || !r || !sv || ECDSA_SIG_set0(s, r, sv) != 1) {
		BN_free(r);
		BN_free(sv);
		ECDSA_SIG_free(s);
		return 0;
	}
	*der = NULL;
	n = i2d_ECDSA_SIG(s, der);
	ECDSA_SIG_free(s);
	return n > 0 ? (size_t)n : 0;
}

static int verify_once(const struct aisec_key *key, const void *msg,
		       size_t len, const void *sig, size_t siglen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = 0;

	if (!ctx)
		return -1;
	if (EVP_DigestVerifyInit(ctx, NULL, key_md(key->type), NULL,
				 key->pkey) == 1)
		ok = EVP_DigestVerify(ctx, sig, siglen, msg, len) == 1;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

int aisec_key_verify(const struct aisec_key *key, const void *msg,
		     size_t len, const void *sig, size_t siglen)
{
	unsigned char *der = NULL;
	size_t n;
	int rc;

	if (verify_once(key, msg, len, sig, siglen) == 0)
		return 0;
	if (key->type == AISEC_KEY_ED25519)
		return -1;
	n = raw_to_der(sig, siglen, field_bytes(key->type), &der);
	if (!n)
		return -1;
	rc = verify_once(key, msg, len, der, n);
	OPENSSL_free(der);
	return rc;
}

/* Create `path` exclusively with `mode` and write all of `data`. */
static int write_new(const char *path, const void *data, size_t len,
		     unsigned mode, struct aisec_error *err)
{
	const char *p = data;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd < 0)
		return aisec_error_set(err, errno == EEXIST ? AISEC_ERR_INVALID
							    : AISEC_ERR_IO,
				       "cannot create '%s': %s", path,
				       strerror(errno));
	/* the umask may only narrow the mode; make it exact */
	if (fchmod(fd, mode) != 0)
		goto fail;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	aisec_error_set(err, AISEC_ERR_IO, "cannot write '%s': %s", path,
			strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(path);
	return AISEC_ERR_IO;
}

int aisec_key_save(const struct aisec_key *key, const char *name,
		   struct aisec_error *err)
{
	struct aisec_buf kpath, ppath, pub;
	BIO *bio = NULL;
	char *pem = NULL;
	long n = 0;
	int rc;

	aisec_buf_init(&kpath, 0);
	aisec_buf_init(&ppath, 0);
	aisec_buf_init(&pub, 0);
	if (!key->priv) {
		rc = aisec_error_set(err, AISEC_ERR_USAGE,
				     "key '%s': no private key to save", name);
		goto out;
	}
	rc = aisec_buf_addf(&kpath, "%s.key", name);
	if (!rc)
		rc = aisec_buf_addf(&ppath, "%s.pub", name);
	if (!rc)
		rc = aisec_key_public_pem(key, &pub);
	if (rc) {
		aisec_error_set(err, rc, "cannot save key: %s",
				aisec_strerror(rc));
		goto out;
	}
	if (access(kpath.data, F_OK) == 0 || access(ppath.data, F_OK) == 0) {
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "key '%s': '%s' or '%s' already exists; "
				     "refusing to overwrite",
				     name, kpath.data, ppath.data);
		goto out;
	}
	bio = BIO_new(BIO_s_secmem());
	if (!bio || PEM_write_bio_PrivateKey(bio, key->pkey, NULL, NULL, 0,
					     NULL, NULL) != 1 ||
	    (n = BIO_get_mem_data(bio, &pem)) <= 0) {
		rc = aisec_error_set(err, AISEC_ERR_CRYPTO,
				     "cannot encode the private key");
		goto out;
	}
	rc = write_new(kpath.data, pem, (size_t)n, 0600, err);
	if (rc)
		goto out;
	rc = write_new(ppath.data, pub.data, pub.len, 0644, err);
	if (rc)
		unlink(kpath.data);
out:
	BIO_free(bio); /* secure memory BIO: wiped on free */
	aisec_buf_release(&kpath);
	aisec_buf_release(&ppath);
	aisec_buf_release(&pub);
	return rc;
}
