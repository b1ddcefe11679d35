/*
 * ledger_int.h - internal interface of src/ledger: the reusable SHA-256
 * hasher, CRC32C, the record framing and the node index arithmetic shared
 * by the store, the verifier and the fuzz harnesses.  Not installed.
 */
#ifndef AISEC_LEDGER_INT_H
#define AISEC_LEDGER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "aisec/ledger.h"

/* ---- hashing ---------------------------------------------------------- */

/*
 * SHA-256: aisec_merkle_leaf_hash() and aisec_merkle_node_hash() (merkle.c)
 * serve the hot paths too.  They use OpenSSL's SHA256_Init/Update/Final:
 * OpenSSL 3.0's EVP_DigestInit_ex2() frees and reallocates the provider
 * context on every init (a malloc, a cleanse and a free per 65-byte node
 * hash), which halved append throughput; the SHA256_* calls run the same
 * SHA-NI code without that.  They are deprecated in 3.0 but present.
 */

/* CRC32C (Castagnoli), SSE4.2 when the CPU has it.  crc starts at 0. */
uint32_t lg_crc32c(uint32_t crc, const void *data, size_t len);

/* ---- tree node store layout (docs/ledger-format.md, tree.dat) ------------ */

/* Hashes stored for a tree of n leaves: 2n - popcount(n). */
static inline uint64_t lg_stored_count(uint64_t n)
{
	return 2 * n - (uint64_t)__builtin_popcountll(n);
}

/* Position of the complete subtree (level, k) in tree.dat, in hashes. */
static inline uint64_t lg_stored_index(unsigned level, uint64_t k)
{
	uint64_t last = ((k + 1) << level) - 1; /* the leaf that completes it */

	return lg_stored_count(last) + level;
}

/* Largest n with lg_stored_count(n) <= hashes. */
uint64_t lg_leaves_for_hashes(uint64_t hashes);

/* ---- record framing (entries.log) ---------------------------------------- */

#define LG_LOG_MAGIC "AISECLG1"
#define LG_LOG_HEADER 32   /* magic[8] version u32 flags u32 ledger id[16] */
#define LG_REC_HEADER 16   /* len u32, crc32c u32, index u64, all little-endian */
#define LG_FLAG_ENCRYPTED 1u

enum lg_rec_status {
	LG_REC_OK = 0,
	LG_REC_SHORT = 1,  /* fewer bytes than the header or the payload need */
	LG_REC_BAD = 2     /* length out of range, CRC mismatch or wrong index */
};

/*
 * Decode the record at p[0..avail): on LG_REC_OK sets *payload, *len and
 * *index.  `want_index` is the index the record must carry (UINT64_MAX: any).
 * Never reads beyond avail.
 */
enum lg_rec_status lg_rec_decode(const uint8_t *p, size_t avail,
				 uint64_t want_index, const uint8_t **payload,
				 uint32_t *len, uint64_t *index);
/*
 * After a record failed to decode at p[0], is there a valid record later in
 * p[1..avail) carrying an index in [want, want + 4096)?  If so the failure
 * is damage before the tail, not a torn tail (design note I7 in store.h).
 */
bool lg_rec_later_valid(const uint8_t *p, size_t avail, uint64_t want);
/* Write the 16-byte header of a record holding `len` payload bytes. */
void lg_rec_header(uint8_t hdr[LG_REC_HEADER], const void *payload,
		   uint32_t len, uint64_t index);

static inline void lg_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static inline void lg_put64(uint8_t *p, uint64_t v)
{
	lg_put32(p, (uint32_t)v);
	lg_put32(p + 4, (uint32_t)(v >> 32));
}
static inline uint32_t lg_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}
static inline uint64_t lg_get64(const uint8_t *p)
{
	return (uint64_t)lg_get32(p) | (uint64_t)lg_get32(p + 4) << 32;
}

/* ---- proofs text ------------------------------------------------------------ */

/* Decode one base64 line that must hold exactly 32 bytes. */
int lg_b64_hash(const char *s, size_t n, uint8_t out[AISEC_HASH_SIZE]);

/* Parse a decimal uint64 without sign or leading zeros (except "0"). */
int lg_parse_u64(const char *s, size_t n, uint64_t *out);

/* ---- the ledger directory: file names -------------------------------------- */

#define LG_FILE_CONFIG "ledger.json"
#define LG_FILE_LOG "entries.log"
#define LG_FILE_INDEX "index.dat"
#define LG_FILE_TREE "tree.dat"
#define LG_FILE_LOCK "lock"
#define LG_FILE_CHECKPOINT "checkpoint"
#define LG_DIR_CHECKPOINTS "checkpoints"
#define LG_FORMAT "aisec-ledger/1"

/* Ledger configuration (ledger.json). */
/* Key id of a note key (see ledger.h) and whether `name` is a valid key name. */
uint32_t lg_note_key_id(const char *name, const uint8_t pub[32]);
bool lg_note_name_valid(const char *name);

struct lg_config {
	char origin[AISEC_ORIGIN_MAX];
	char vkey[512];      /* "" when none */
	bool encrypted;
	char key_check[17];  /* hex of the first 8 bytes of the key's check hash */
};
int lg_config_read(const char *dir, struct lg_config *cfg, struct aisec_error *err);
/* Parse the text of ledger.json (`name` for messages). */
int lg_config_parse(const char *name, const char *text, size_t len, struct lg_config *cfg,
		    struct aisec_error *err);
int lg_config_write(const char *dir, const struct lg_config *cfg, unsigned mode,
		    struct aisec_error *err);
/* Check value of an AEAD key, as stored in the config. */
void lg_key_check(const uint8_t key[AISEC_LEDGER_AEAD_KEY_SIZE], char out[17]);

/* ---- payload encryption (AES-256-GCM) ---------------------------------------- */

#define LG_AEAD_VERSION 1
#define LG_AEAD_NONCE 12
#define LG_AEAD_TAG 16
#define LG_AEAD_OVERHEAD (1 + LG_AEAD_NONCE + LG_AEAD_TAG)

/*
 * Random 96-bit nonces: NIST SP 800-38D section 8.3 allows at most 2^32
 * encryptions under one key.  A ledger's key seals one entry per index,
 * so the count is the ledger's size (plus entries a crash lost, which a
 * margin of 2^20 below the limit covers).
 */
#define LG_AEAD_MAX_SEALS (((uint64_t)1 << 32) - ((uint64_t)1 << 20))

struct lg_aead {
	EVP_CIPHER_CTX *ctx;
	EVP_CIPHER *cipher;
	uint8_t *key;     /* AISEC_LEDGER_AEAD_KEY_SIZE bytes, kept out of core dumps */
	uint8_t ledger_id[16];
	uint64_t seals;   /* encryptions under the key so far (see above) */
};
int lg_aead_init(struct lg_aead *a, const uint8_t key[AISEC_LEDGER_AEAD_KEY_SIZE],
		 const uint8_t ledger_id[16], struct aisec_error *err);
void lg_aead_release(struct lg_aead *a);
/* out receives len + LG_AEAD_OVERHEAD bytes: version, nonce, ciphertext, tag. */
int lg_aead_seal(struct lg_aead *a, uint64_t index, const void *plain, size_t len,
		 uint8_t *out, struct aisec_error *err);
int lg_aead_open(struct lg_aead *a, uint64_t index, const uint8_t *sealed, size_t len,
		 struct aisec_buf *plain, struct aisec_error *err);

/* ---- verification ---------------------------------------------------------- */

/* A file mapped read-only (p NULL when empty). */
struct lg_map {
	const uint8_t *p;
	size_t n;
};

/*
 * The parallel first pass of verification (verify_par.c).  Returns f such
 * that for every entry i < f the record where index.dat puts it decodes
 * (CRC32C, length, index i) and hashes to the leaf in tree.dat, and every
 * node in tree.dat completed by a leaf below f equals the hash of its two
 * stored children.  Entries from f on are left to the sequential scan,
 * which re-checks them with full diagnostics.  0 when too small to bother.
 */
uint64_t lg_verify_prefix(const struct lg_map *log, const struct lg_map *idx,
			  const struct lg_map *tree);

/* ---- checkpoint files -------------------------------------------------------- */

/* Sizes of every stored checkpoint (checkpoints/<size>), ascending; caller frees. */
int lg_checkpoint_list(const char *dir, uint64_t **sizes, size_t *n,
		       struct aisec_error *err);

#endif
