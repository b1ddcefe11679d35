/*
 * merkle.c - RFC 9162 Merkle tree hashing, proof generation over a source of
 * complete-subtree hashes, and proof verification (RFC 9162 sections 2.1.1
 * to 2.1.4).  Generation follows the recursive definitions of the RFC
 * literally; verification follows its iterative algorithms.
 */
#include <string.h>

/* SHA256_Init/Update/Final: see ledger_int.h for why */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "ledger/ledger_int.h"

/* ---- hashing ---------------------------------------------------------- */

void aisec_merkle_leaf_hash(const void *data, size_t len,
			    uint8_t out[AISEC_HASH_SIZE])
{
	static const uint8_t zero = 0;
	SHA256_CTX c;

	SHA256_Init(&c);
	SHA256_Update(&c, &zero, 1);
	SHA256_Update(&c, data, len);
	SHA256_Final(out, &c);
}

void aisec_merkle_node_hash(const uint8_t left[AISEC_HASH_SIZE],
			    const uint8_t right[AISEC_HASH_SIZE],
			    uint8_t out[AISEC_HASH_SIZE])
{
	uint8_t in[1 + 2 * AISEC_HASH_SIZE];
	SHA256_CTX c;

	in[0] = 1;
	memcpy(in + 1, left, AISEC_HASH_SIZE);
	memcpy(in + 1 + AISEC_HASH_SIZE, right, AISEC_HASH_SIZE);
	SHA256_Init(&c);
	SHA256_Update(&c, in, sizeof(in));
	SHA256_Final(out, &c);
}

/* ---- generation ----------------------------------------------------------- */

/* Largest power of two strictly smaller than n (n >= 2). */
static uint64_t split_point(uint64_t n)
{
	uint64_t k = (uint64_t)1 << (63 - __builtin_clzll(n - 1));

	return k;
}

/* MTH(D[lo:hi]), hi > lo, from the stored complete subtrees. */
static int range_hash(const struct aisec_merkle_source *src, uint64_t lo,
		      uint64_t hi, uint8_t out[AISEC_HASH_SIZE],
		      struct aisec_error *err)
{
	uint64_t n = hi - lo, k;
	uint8_t l[AISEC_HASH_SIZE], r[AISEC_HASH_SIZE];
	int rc;

	if ((n & (n - 1)) == 0) {
		unsigned level = (unsigned)__builtin_ctzll(n);

		if ((lo & (n - 1)) == 0)
			return src->get(src->ctx, level, lo >> level, out, err);
	}
	k = split_point(n);
	rc = range_hash(src, lo, lo + k, l, err);
	if (!rc)
		rc = range_hash(src, lo + k, hi, r, err);
	if (!rc)
		aisec_merkle_node_hash(l, r, out);
	return rc;
}

static int proof_add(struct aisec_merkle_proof *p,
		     const struct aisec_merkle_source *src, uint64_t lo,
		     uint64_t hi, struct aisec_error *err)
{
	if (p->n >= AISEC_MERKLE_MAX_PROOF)
		return aisec_error_set(err, AISEC_ERR_LIMIT, "proof too long");
	return range_hash(src, lo, hi, p->hash[p->n++], err);
}

int aisec_merkle_root(const struct aisec_merkle_source *src, uint64_t size,
		      uint8_t out[AISEC_HASH_SIZE], struct aisec_error *err)
{
	if (size == 0) {
		if (EVP_Digest("", 0, out, NULL, EVP_sha256(), NULL) != 1)
			return aisec_error_set(err, AISEC_ERR_CRYPTO, "sha-256 failed");
		return 0;
	}
	return range_hash(src, 0, size, out, err);
}

/* PATH(m, D[lo:hi]) */
static int path(const struct aisec_merkle_source *src, uint64_t m, uint64_t lo,
		uint64_t hi, struct aisec_merkle_proof *p, struct aisec_error *err)
{
	uint64_t n = hi - lo, k;
	int rc;

	if (n == 1)
		return 0;
	k = split_point(n);
	if (m < k) {
		rc = path(src, m, lo, lo + k, p, err);
		return rc ? rc : proof_add(p, src, lo + k, hi, err);
	}
	rc = path(src, m - k, lo + k, hi, p, err);
	return rc ? rc : proof_add(p, src, lo, lo + k, err);
}

int aisec_merkle_prove_inclusion(const struct aisec_merkle_source *src,
				 uint64_t index, uint64_t size,
				 struct aisec_merkle_proof *out,
				 struct aisec_error *err)
{
	out->n = 0;
	if (index >= size)
		return aisec_error_set(err, AISEC_ERR_NOTFOUND,
				       "index %llu is not below tree size %llu",
				       (unsigned long long)index,
				       (unsigned long long)size);
	return path(src, index, 0, size, out, err);
}

/* SUBPROOF(m, D[lo:hi], b) */
static int subproof(const struct aisec_merkle_source *src, uint64_t m,
		    uint64_t lo, uint64_t hi, bool b,
		    struct aisec_merkle_proof *p, struct aisec_error *err)
{
	uint64_t n = hi - lo, k;
	int rc;

	if (m == n)
		return b ? 0 : proof_add(p, src, lo, hi, err);
	k = split_point(n);
	if (m <= k) {
		rc = subproof(src, m, lo, lo + k, b, p, err);
		return rc ? rc : proof_add(p, src, lo + k, hi, err);
	}
	rc = subproof(src, m - k, lo + k, hi, false, p, err);
	return rc ? rc : proof_add(p, src, lo, lo + k, err);
}

int aisec_merkle_prove_consistency(const struct aisec_merkle_source *src,
				   uint64_t size1, uint64_t size2,
				   struct aisec_merkle_proof *out,
				   struct aisec_error *err)
{
	out->n = 0;
	if (size1 == 0 || size1 > size2)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "no consistency proof from size %llu to %llu",
				       (unsigned long long)size1,
				       (unsigned long long)size2);
	if (size1 == size2)
		return 0;
	return subproof(src, size1, 0, size2, true, out, err);
}

/* ---- verification ----------------------------------------------------------- */

int aisec_merkle_verify_inclusion(uint64_t index, uint64_t size,
				  const uint8_t leaf[AISEC_HASH_SIZE],
				  const struct aisec_merkle_proof *proof,
				  const uint8_t root[AISEC_HASH_SIZE])
{
	uint64_t fn = index, sn;
	uint8_t r[AISEC_HASH_SIZE];

	if (index >= size || proof->n > AISEC_MERKLE_MAX_PROOF)
		return -1;
	sn = size - 1;
	memcpy(r, leaf, AISEC_HASH_SIZE);
	for (size_t i = 0; i < proof->n; i++) {
		const uint8_t *p = proof->hash[i];

		if (sn == 0)
			return -1;
		if ((fn & 1) || fn == sn) {
			aisec_merkle_node_hash(p, r, r);
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
		} else {
			aisec_merkle_node_hash(r, p, r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return -1;
	return CRYPTO_memcmp(r, root, AISEC_HASH_SIZE) == 0 ? 0 : -1;
}

int aisec_merkle_verify_consistency(uint64_t size1, uint64_t size2,
				    const uint8_t root1[AISEC_HASH_SIZE],
				    const uint8_t root2[AISEC_HASH_SIZE],
				    const struct aisec_merkle_proof *proof)
{
	uint8_t fr[AISEC_HASH_SIZE], sr[AISEC_HASH_SIZE];
	const uint8_t *first;
	uint64_t fn, sn;
	size_t i = 0;

	if (size1 == 0 || size1 > size2 || proof->n > AISEC_MERKLE_MAX_PROOF)
		return -1;
	if (size1 == size2)
		return proof->n == 0 &&
			       CRYPTO_memcmp(root1, root2, AISEC_HASH_SIZE) == 0
			       ? 0 : -1;
	if (proof->n == 0)
		return -1;
	/* an exact power of two: the old root itself starts the path */
	if ((size1 & (size1 - 1)) == 0) {
		first = root1;
	} else {
		first = proof->hash[0];
		i = 1;
	}
	fn = size1 - 1;
	sn = size2 - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	memcpy(fr, first, AISEC_HASH_SIZE);
	memcpy(sr, first, AISEC_HASH_SIZE);
	for (; i < proof->n; i++) {
		const uint8_t *c = proof->hash[i];

		if (sn == 0)
			return -1;
		if ((fn & 1) || fn == sn) {
			aisec_merkle_node_hash(c, fr, fr);
			aisec_merkle_node_hash(c, sr, sr);
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
		} else {
			aisec_merkle_node_hash(sr, c, sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return -1;
	return (CRYPTO_memcmp(fr, root1, AISEC_HASH_SIZE) |
		CRYPTO_memcmp(sr, root2, AISEC_HASH_SIZE)) == 0 ? 0 : -1;
}
