/*
 * aead.c - payload encryption with AES-256-GCM (OpenSSL EVP).  A sealed
 * payload is  version(1) | nonce(12) | ciphertext | tag(16).  The nonce is
 * fresh random per entry (never derived from the index: an index can be
 * reused after a crash lost an unsynced entry, a random nonce cannot
 * repeat in practice below 2^32 entries per key).  The additional data
 * binds the ciphertext to its ledger and position:
 *   "aisec-ledger/1" | ledger id(16) | index (u64 big-endian)
 * so an entry moved to another index or ledger fails to open.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "core/core.h"
#include "ledger/ledger_int.h"

static void make_aad(const struct lg_aead *a, uint64_t index, uint8_t aad[38])
{
	memcpy(aad, LG_FORMAT, 14);
	memcpy(aad + 14, a->ledger_id, 16);
	for (int i = 0; i < 8; i++)
		aad[30 + i] = (uint8_t)(index >> (56 - 8 * i));
}

int lg_aead_init(struct lg_aead *a, const uint8_t key[AISEC_LEDGER_AEAD_KEY_SIZE],
		 const uint8_t ledger_id[16], struct aisec_error *err)
{
	memset(a, 0, sizeof(*a));
	a->cipher = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
	a->ctx = EVP_CIPHER_CTX_new();
	a->key = aisec_secret_alloc(AISEC_LEDGER_AEAD_KEY_SIZE);
	if (!a->cipher || !a->ctx || !a->key) {
		lg_aead_release(a);
		return aisec_error_set(err, AISEC_ERR_CRYPTO, "cannot set up AES-256-GCM");
	}
	memcpy(a->key, key, AISEC_LEDGER_AEAD_KEY_SIZE);
	memcpy(a->ledger_id, ledger_id, 16);
	return 0;
}

void lg_aead_release(struct lg_aead *a)
{
	EVP_CIPHER_CTX_free(a->ctx);
	EVP_CIPHER_free(a->cipher);
	aisec_secret_free(a->key, AISEC_LEDGER_AEAD_KEY_SIZE);
	OPENSSL_cleanse(a, sizeof(*a));
}

int lg_aead_seal(struct lg_aead *a, uint64_t index, const void *plain, size_t len,
		 uint8_t *out, struct aisec_error *err)
{
	uint8_t aad[38];
	int n, fin;

	if (a->seals >= LG_AEAD_MAX_SEALS)
		return aisec_error_set(err, AISEC_ERR_LIMIT,
				       "entry %llu: the key has encrypted %llu entries, the limit for "
				       "AES-GCM with random nonces (NIST SP 800-38D 8.3); continue in a "
				       "new ledger with a new key",
				       (unsigned long long)index, (unsigned long long)a->seals);
	make_aad(a, index, aad);
	out[0] = LG_AEAD_VERSION;
	if (len > INT32_MAX || RAND_bytes(out + 1, LG_AEAD_NONCE) != 1 ||
	    EVP_EncryptInit_ex2(a->ctx, a->cipher, a->key, out + 1, NULL) != 1 ||
	    EVP_EncryptUpdate(a->ctx, NULL, &n, aad, sizeof(aad)) != 1 ||
	    EVP_EncryptUpdate(a->ctx, out + 1 + LG_AEAD_NONCE, &n, plain, (int)len) != 1 ||
	    EVP_EncryptFinal_ex(a->ctx, out + 1 + LG_AEAD_NONCE + n, &fin) != 1 ||
	    EVP_CIPHER_CTX_ctrl(a->ctx, EVP_CTRL_AEAD_GET_TAG, LG_AEAD_TAG,
				out + 1 + LG_AEAD_NONCE + len) != 1)
		return aisec_error_set(err, AISEC_ERR_CRYPTO,
				       "entry %llu: encryption failed",
				       (unsigned long long)index);
	a->seals++;
	return 0;
}

int lg_aead_open(struct lg_aead *a, uint64_t index, const uint8_t *sealed,
		 size_t len, struct aisec_buf *plain, struct aisec_error *err)
{
	uint8_t aad[38], tag[LG_AEAD_TAG];
	size_t clen;
	int n, fin, rc;

	if (len < LG_AEAD_OVERHEAD || sealed[0] != LG_AEAD_VERSION)
		return aisec_error_set(err, AISEC_ERR_INTEGRITY,
				       "entry %llu: not a sealed payload",
				       (unsigned long long)index);
	clen = len - LG_AEAD_OVERHEAD;
	rc = aisec_buf_grow(plain, clen);
	if (rc)
		return aisec_error_set(err, rc, "entry %llu: %s",
				       (unsigned long long)index, aisec_strerror(rc));
	make_aad(a, index, aad);
	memcpy(tag, sealed + len - LG_AEAD_TAG, LG_AEAD_TAG);
	if (EVP_DecryptInit_ex2(a->ctx, a->cipher, a->key, sealed + 1, NULL) != 1 ||
	    EVP_DecryptUpdate(a->ctx, NULL, &n, aad, sizeof(aad)) != 1 ||
	    EVP_DecryptUpdate(a->ctx, (uint8_t *)plain->data + plain->len, &n,
			      sealed + 1 + LG_AEAD_NONCE, (int)clen) != 1 ||
	    EVP_CIPHER_CTX_ctrl(a->ctx, EVP_CTRL_AEAD_SET_TAG, LG_AEAD_TAG, tag) != 1 ||
	    EVP_DecryptFinal_ex(a->ctx, (uint8_t *)plain->data + plain->len + n, &fin) != 1) {
		OPENSSL_cleanse(plain->data + plain->len, clen);
		return aisec_error_set(err, AISEC_ERR_VERIFY,
				       "entry %llu: cannot decrypt (wrong key or altered ciphertext)",
				       (unsigned long long)index);
	}
	plain->len += clen;
	plain->data[plain->len] = '\0';
	return 0;
}

int aisec_ledger_aead_key_parse(const char *text, size_t len,
				uint8_t key[AISEC_LEDGER_AEAD_KEY_SIZE], struct aisec_error *err)
{
	const char *s = text;
	size_t n = len;

	if (n == AISEC_LEDGER_AEAD_KEY_SIZE) {
		memcpy(key, s, AISEC_LEDGER_AEAD_KEY_SIZE);
		return 0;
	}
	while (n && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		n--;
	if (n != 2 * AISEC_LEDGER_AEAD_KEY_SIZE ||
	    aisec_hex_decode(s, 2 * AISEC_LEDGER_AEAD_KEY_SIZE, key) != 0) {
		OPENSSL_cleanse(key, AISEC_LEDGER_AEAD_KEY_SIZE);
		return aisec_error_set(err, AISEC_ERR_PARSE, "want 64 hex digits or 32 raw bytes");
	}
	return 0;
}
