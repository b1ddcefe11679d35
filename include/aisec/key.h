/*
 * key.h - signing keys: generation, PEM files, key ids, signatures.
 *
 * Every operation goes through OpenSSL 3's EVP interface.  Supported key
 * types: Ed25519 and ECDSA over P-256 (generate, sign, verify), ECDSA over
 * P-384 and P-521 (load, sign, verify; OpenSSF Model Signing keys).
 *
 * Key id: the lower-case hex SHA-256 of the DER encoding of the public
 * key's SubjectPublicKeyInfo, i.e. the same bytes as
 * `openssl pkey -pubin -in KEY.pub -outform DER | sha256sum`.  It names a
 * key in DSSE signatures (the unauthenticated `keyid` hint) and in reports.
 *
 * Signatures: Ed25519 signs the message itself (64 bytes); ECDSA hashes
 * with the curve's matching SHA-2 (P-256: SHA-256, P-384: SHA-384, P-521:
 * SHA-512) and writes the DER ECDSA-Sig-Value, as sigstore and OMS do.
 * Verification also accepts the raw r||s form (IEEE P1363) that some DSSE
 * implementations emit.
 *
 * Secrets: a private key is held only inside OpenSSL's EVP_PKEY; it is
 * never returned, printed or logged.  The private PEM file is created with
 * mode 0600 and never overwrites an existing file.
 *
 * Thread-safety: a loaded key is immutable; sign and verify may run on
 * one key from several threads.
 */
#ifndef AISEC_KEY_H
#define AISEC_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aisec/buf.h"
#include "aisec/error.h"
#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

enum aisec_key_type {
	AISEC_KEY_ED25519 = 1,
	AISEC_KEY_ECDSA_P256 = 2,
	AISEC_KEY_ECDSA_P384 = 3,
	AISEC_KEY_ECDSA_P521 = 4
};

/* Hex key id length without the NUL. */
#define AISEC_KEY_ID_LEN 64

struct aisec_key;

/* "ed25519", "ecdsa-p256", ... ; NULL for an unknown value. */
AISEC_API const char *aisec_key_type_name(enum aisec_key_type t);
/* Parse a type name as above; returns 0 or AISEC_ERR_INVALID. */
AISEC_API int aisec_key_type_parse(const char *name, enum aisec_key_type *out);

/* Generate a new key pair (Ed25519 or ECDSA P-256/P-384/P-521). */
AISEC_API int aisec_key_generate(enum aisec_key_type type,
				 struct aisec_key **out,
				 struct aisec_error *err);

/*
 * Load a private key (PKCS#8 or traditional PEM, unencrypted) or a public
 * key (SubjectPublicKeyInfo PEM; text before the PEM block, as in a GnuTLS
 * dump, is skipped).  A private-key file also yields the public key.
 * Errors name the path.  `*out` is set only on success; free with
 * aisec_key_free().
 */
AISEC_API int aisec_key_load_private(const char *path, struct aisec_key **out,
				     struct aisec_error *err);
AISEC_API int aisec_key_load_public(const char *path, struct aisec_key **out,
				    struct aisec_error *err);
/* The same from memory; `name` is used in messages. */
/* As aisec_key_load_private() from PEM text in memory (`name` for messages). */
AISEC_API int aisec_key_load_private_mem(const char *name, const void *pem, size_t len,
					 struct aisec_key **out, struct aisec_error *err);
AISEC_API int aisec_key_load_public_mem(const char *name, const void *pem,
					size_t len, struct aisec_key **out,
					struct aisec_error *err);

/*
 * Write NAME.key (private, PEM PKCS#8, mode 0600) and NAME.pub (public,
 * PEM SubjectPublicKeyInfo, mode 0644).  Refuses (AISEC_ERR_INVALID) when
 * either file exists; on failure nothing is left behind.
 */
AISEC_API int aisec_key_save(const struct aisec_key *key, const char *name,
			     struct aisec_error *err);

/* Free a key (private material is wiped by OpenSSL); NULL is a no-op. */
AISEC_API void aisec_key_free(struct aisec_key *key);

AISEC_API enum aisec_key_type aisec_key_get_type(const struct aisec_key *key);
AISEC_API bool aisec_key_has_private(const struct aisec_key *key);

/* Key id (see above) into `hex` (AISEC_KEY_ID_LEN + 1 bytes). Cannot fail. */
AISEC_API void aisec_key_id(const struct aisec_key *key, char *hex);

/* Append the public key as SubjectPublicKeyInfo PEM or DER. */
AISEC_API int aisec_key_public_pem(const struct aisec_key *key,
				   struct aisec_buf *out);
AISEC_API int aisec_key_public_der(const struct aisec_key *key,
				   struct aisec_buf *out);

/* Sign `msg` with a private key; the signature is appended to `sig`. */
AISEC_API int aisec_key_sign(const struct aisec_key *key, const void *msg,
			     size_t len, struct aisec_buf *sig,
			     struct aisec_error *err);

/* 0 when `sig` is a valid signature of `msg` by `key`, else -1. */
AISEC_API AISEC_WUR int aisec_key_verify(const struct aisec_key *key,
					 const void *msg, size_t len,
					 const void *sig, size_t siglen);

/*
 * Wrap an existing OpenSSL EVP_PKEY (the pointer is an EVP_PKEY *, passed
 * as void * so this header needs no OpenSSL include).  Takes a reference;
 * the caller keeps its own.  Used for keys found inside certificates.
 */
AISEC_API int aisec_key_from_evp(void *evp_pkey, struct aisec_key **out,
				 struct aisec_error *err);

/*
 * An Ed25519 key from its raw 32 bytes: the private seed (RFC 8032, the
 * public half is derived) when `priv`, else the public key.  Used for the
 * C2SP note keys of ledger checkpoints (aisec_note_key_load_key()).
 */
AISEC_API int aisec_key_from_ed25519(const uint8_t raw[32], bool priv,
				     struct aisec_key **out,
				     struct aisec_error *err);

#ifdef __cplusplus
}
#endif
#endif
