/*
 * ledger.h - tamper-evident record keeping (AI Act Art. 12): an append-only
 * log of events hashed into an RFC 9162 Merkle tree, with signed C2SP
 * tlog-checkpoint notes, inclusion and consistency proofs, optional payload
 * encryption and crash-safe storage.  File formats: docs/ledger-format.md;
 * user guide: docs/ledger.md.
 *
 * Three layers, usable on their own:
 *   - aisec_merkle_*      RFC 9162 hashing, proof generation over any node
 *                         source, proof verification (pure functions);
 *   - aisec_note_*, aisec_checkpoint_*
 *                         C2SP signed notes with Ed25519 keys in the Go
 *                         golang.org/x/mod/sumdb/note key formats, and the
 *                         tlog-checkpoint v1 body;
 *   - aisec_ledger_*      a ledger directory: open, append, sync, checkpoint,
 *                         prove, read, verify.
 *
 * Hashes are 32-byte SHA-256 values (AISEC_HASH_SIZE).  Verification calls
 * return 0 when valid and a negative code otherwise; they never print.
 *
 * Thread-safety: the pure functions are reentrant.  One struct aisec_ledger
 * may be used from several threads at once (appends, syncs, proofs and reads
 * are serialised internally; fsyncs of concurrent appenders are shared, see
 * AISEC_LEDGER_SYNC_BATCH).  One process at a time may open a ledger for
 * writing (a lock file enforces it); any number may open it read-only.
 */
#ifndef AISEC_LEDGER_H
#define AISEC_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aisec/buf.h"
#include "aisec/error.h"
#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AISEC_HASH_SIZE 32
/* Longest proof: 64 levels of inclusion, or a consistency proof (<= 2*64). */
#define AISEC_MERKLE_MAX_PROOF 130

/* ==== Merkle tree (RFC 9162 section 2.1, SHA-256) ====================== */

/* A proof: `n` node hashes, leaf side first.  Caller-allocated. */
struct aisec_merkle_proof {
	size_t n;
	uint8_t hash[AISEC_MERKLE_MAX_PROOF][AISEC_HASH_SIZE];
};

/* SHA-256(0x00 || data).  Cannot fail. */
AISEC_API void aisec_merkle_leaf_hash(const void *data, size_t len,
				      uint8_t out[AISEC_HASH_SIZE]);
/* SHA-256(0x01 || left || right).  Cannot fail. */
AISEC_API void aisec_merkle_node_hash(const uint8_t left[AISEC_HASH_SIZE],
				      const uint8_t right[AISEC_HASH_SIZE],
				      uint8_t out[AISEC_HASH_SIZE]);

/*
 * A source of complete-subtree hashes: get(ctx, level, k, out) writes the
 * hash of leaves [k * 2^level, (k+1) * 2^level) and returns 0, or a
 * negative enum aisec_err (with err filled).  Level 0 is the leaf hashes.
 */
struct aisec_merkle_source {
	int (*get)(void *ctx, unsigned level, uint64_t k,
		   uint8_t out[AISEC_HASH_SIZE], struct aisec_error *err);
	void *ctx;
};

/* MTH(D[0:size]); size 0 gives SHA-256 of the empty string. */
AISEC_API int aisec_merkle_root(const struct aisec_merkle_source *src,
				uint64_t size, uint8_t out[AISEC_HASH_SIZE],
				struct aisec_error *err);
/* PATH(index, D[0:size]) of RFC 9162 2.1.3.1; index < size. */
AISEC_API int aisec_merkle_prove_inclusion(const struct aisec_merkle_source *src,
					   uint64_t index, uint64_t size,
					   struct aisec_merkle_proof *out,
					   struct aisec_error *err);
/*
 * PROOF(size1, D[0:size2]) of RFC 9162 2.1.4.1; 0 < size1 <= size2 (an
 * empty proof when equal).  From size 0 there is no proof: every tree is an
 * extension of the empty one, which callers decide without this function.
 */
AISEC_API int aisec_merkle_prove_consistency(const struct aisec_merkle_source *src,
					     uint64_t size1, uint64_t size2,
					     struct aisec_merkle_proof *out,
					     struct aisec_error *err);

/*
 * RFC 9162 2.1.3.2: 0 when `proof` shows leaf hash `leaf` at `index` in the
 * tree of `size` leaves with root `root`, -1 otherwise.
 */
AISEC_API AISEC_WUR int aisec_merkle_verify_inclusion(
	uint64_t index, uint64_t size, const uint8_t leaf[AISEC_HASH_SIZE],
	const struct aisec_merkle_proof *proof, const uint8_t root[AISEC_HASH_SIZE]);

/*
 * RFC 9162 2.1.4.2 with the edge rules of the transparency-dev vectors:
 * size1 == 0 is rejected (a proof from the empty tree is meaningless; the
 * caller treats an old size 0 as trivially consistent at its own layer),
 * size1 > size2 is rejected, size1 == size2 needs an empty proof and equal
 * roots.  0 when consistent, -1 otherwise.
 */
AISEC_API AISEC_WUR int aisec_merkle_verify_consistency(
	uint64_t size1, uint64_t size2, const uint8_t root1[AISEC_HASH_SIZE],
	const uint8_t root2[AISEC_HASH_SIZE], const struct aisec_merkle_proof *proof);

/* ==== signed notes (c2sp.org/signed-note) and keys ===================== */

#define AISEC_NOTE_NAME_MAX 256
#define AISEC_NOTE_ED25519 0x01 /* signature type of an Ed25519 note key */
/* signature type of a C2SP tlog-cosignature cosignature/v1 (Ed25519) witness key */
#define AISEC_NOTE_COSIGNATURE_V1 0x04

/*
 * An Ed25519 note key.  Caller-allocated; wipe with aisec_note_key_wipe()
 * when it holds a private key.
 *   vkey: <name>+<8 hex key id>+base64(T || 32-byte public key)
 *   skey: PRIVATE+KEY+<name>+<8 hex key id>+base64(T || 32-byte seed)
 * key id = first 4 bytes (big-endian) of SHA-256(name || "\n" || T || pub).
 * T (`type`) is AISEC_NOTE_ED25519 for a log's signing key or
 * AISEC_NOTE_COSIGNATURE_V1 for a witness key (c2sp.org/tlog-cosignature),
 * which signs "cosignature/v1\ntime <t>\n" || note text and carries the
 * timestamp in its signature line.  A zeroed key counts as Ed25519.
 */
struct aisec_note_key {
	char name[AISEC_NOTE_NAME_MAX];
	uint32_t id;
	uint8_t pub[32];
	uint8_t seed[32];
	bool has_private;
	uint8_t type;
};

/* Parse a verifier key (surrounding whitespace allowed).  AISEC_ERR_PARSE if malformed. */
AISEC_API int aisec_note_key_parse_vkey(const char *text, size_t len,
					struct aisec_note_key *key,
					struct aisec_error *err);
/* Parse a signer key; derives and checks the public key and key id. */
AISEC_API int aisec_note_key_parse_skey(const char *text, size_t len,
					struct aisec_note_key *key,
					struct aisec_error *err);
/* Make a fresh key named `name` (a valid key name: no spaces, no '+'). */
AISEC_API int aisec_note_key_generate(const char *name, struct aisec_note_key *key,
				      struct aisec_error *err);
/* The same for a key of signature type `type`: AISEC_NOTE_ED25519 (a log's
 * key) or AISEC_NOTE_COSIGNATURE_V1 (a witness key). */
AISEC_API int aisec_note_key_generate_type(const char *name, uint8_t type,
					   struct aisec_note_key *key,
					   struct aisec_error *err);
/* Append the vkey / skey text (no newline) to `out`. */
AISEC_API int aisec_note_key_format_vkey(const struct aisec_note_key *key,
					 struct aisec_buf *out);
AISEC_API int aisec_note_key_format_skey(const struct aisec_note_key *key,
					 struct aisec_buf *out);
/* Clear the key, secrets included. */
AISEC_API void aisec_note_key_wipe(struct aisec_note_key *key);

/*
 * Key files in every format aisec writes, so one key serves every command:
 * C2SP note keys (skey "PRIVATE+KEY+...", vkey) and PEM keys (PKCS#8
 * private, SubjectPublicKeyInfo public; text before the PEM block is
 * skipped).  A PEM Ed25519 key is a note key once it has a name: for a
 * ledger, the ledger's origin.
 *
 * aisec_note_key_from_pem: the Ed25519 key in `pem` as a note key named
 * `name`; with `want_private` the PEM must hold the private key.
 * AISEC_ERR_INVALID for another key type or a bad name, AISEC_ERR_PARSE
 * when there is no PEM key.
 *
 * aisec_note_key_load: the key in file `path`, a note key or a PEM Ed25519
 * key named `pem_name` (AISEC_ERR_INVALID when a PEM key is found and
 * `pem_name` is NULL).  With `want_private` a verifier-only key is refused
 * (AISEC_ERR_INVALID); without it a private key also serves (its public
 * half is used).  Errors name the path.  Wipe the key after use.
 *
 * aisec_note_key_load_key: the key in file `path` as a signing key: a PEM
 * key as aisec_key_load_private() (with `want_private`) or
 * aisec_key_load_public() reads it (a PEM private key also serves as a
 * public key), or a note key as an Ed25519 key.
 */
AISEC_API int aisec_note_key_from_pem(const char *pem, size_t len, const char *name,
				      bool want_private, struct aisec_note_key *key,
				      struct aisec_error *err);
AISEC_API int aisec_note_key_load(const char *path, const char *pem_name,
				  bool want_private, struct aisec_note_key *key,
				  struct aisec_error *err);
struct aisec_key;
AISEC_API int aisec_note_key_load_key(const char *path, bool want_private,
				      struct aisec_key **out,
				      struct aisec_error *err);

/*
 * Sign `text` (non-empty, valid UTF-8 without control characters except
 * '\n', ending in '\n') with `key` (has_private) and append the whole note
 * to `out`: text, a blank line, "— <name> <base64(id || sig)>\n".
 */
AISEC_API int aisec_note_sign(const char *text, size_t len,
			      const struct aisec_note_key *key,
			      struct aisec_buf *out, struct aisec_error *err);

/*
 * Open a note: split text and signature lines, check each signature by a
 * key in `keys` (matched by name and id; others ignored).  Returns 0 when at
 * least one known key verified and none failed; AISEC_ERR_VERIFY otherwise;
 * AISEC_ERR_PARSE when the note is malformed.  On success *text_len is the
 * length of the signed text, a prefix of `note`.  Constant-time compares.
 */
AISEC_API AISEC_WUR int aisec_note_verify(const char *note, size_t len,
					  const struct aisec_note_key *keys,
					  size_t nkeys, size_t *text_len,
					  struct aisec_error *err);

/*
 * Like aisec_note_verify() but counts: *count is the number of keys in
 * `keys` that signed (Ed25519 signatures and cosignature/v1 cosignatures
 * alike), possibly 0.  AISEC_ERR_VERIFY when a known key's signature fails,
 * AISEC_ERR_PARSE when the note is malformed.  For witness quorums.
 */
AISEC_API AISEC_WUR int aisec_note_count_signers(const char *note, size_t len,
						 const struct aisec_note_key *keys,
						 size_t nkeys, size_t *count,
						 size_t *text_len,
						 struct aisec_error *err);

/*
 * Cosign a note as a witness (c2sp.org/tlog-cosignature, cosignature/v1):
 * append to `out` the note (its text and signatures as given, less an older
 * cosignature by the same key, which this one replaces) followed by
 * "— <name> base64(id || timestamp || Ed25519 signature)\n" by `key` (a
 * private AISEC_NOTE_COSIGNATURE_V1 key).  `timestamp` is POSIX seconds.
 * The caller checks the note's signature and consistency first.
 */
AISEC_API int aisec_note_cosign(const char *note, size_t len,
				const struct aisec_note_key *key, uint64_t timestamp,
				struct aisec_buf *out, struct aisec_error *err);

/* Split a note into its text (returned length) without checking signatures;
 * AISEC_ERR_PARSE when it has no signature block.  For the parsers. */
AISEC_API int aisec_note_text_len(const char *note, size_t len, size_t *text_len,
				  struct aisec_error *err);

/* ==== tlog-checkpoint (c2sp.org/tlog-checkpoint) ========================= */

#define AISEC_ORIGIN_MAX 256

struct aisec_checkpoint {
	char origin[AISEC_ORIGIN_MAX];
	uint64_t size;
	uint8_t root[AISEC_HASH_SIZE];
};

/*
 * Parse a checkpoint body ("<origin>\n<size>\n<base64 root>\n" with optional
 * extension lines), or the text part of a whole note (parsing stops at the
 * blank line).  AISEC_ERR_PARSE names the line.
 */
AISEC_API int aisec_checkpoint_parse(const char *text, size_t len,
				     struct aisec_checkpoint *cp,
				     struct aisec_error *err);
/* Append the body "<origin>\n<size>\n<base64 root>\n" to `out`. */
AISEC_API int aisec_checkpoint_format(const struct aisec_checkpoint *cp,
				      struct aisec_buf *out);

/* ==== proof files ========================================================= */

/*
 * Inclusion proofs travel as c2sp.org/tlog-proof@v1 text:
 *   "c2sp.org/tlog-proof@v1\n" ["extra <b64>\n"] "index <N>\n"
 *   "<b64 hash>\n"... "\n" <checkpoint note>
 * Consistency proofs as (aisec's own, see docs/ledger-format.md):
 *   "aisec.ledger/consistency@v1\n" "old <A>\n" "new <B>\n" "<b64 hash>\n"...
 */
struct aisec_tlog_proof {
	uint64_t index;
	struct aisec_merkle_proof proof;
	size_t note_off; /* offset of the checkpoint note in the parsed text */
	size_t note_len;
};
AISEC_API int aisec_tlog_proof_parse(const char *text, size_t len,
				     struct aisec_tlog_proof *out,
				     struct aisec_error *err);
AISEC_API int aisec_tlog_proof_format(uint64_t index,
				      const struct aisec_merkle_proof *proof,
				      const char *note, size_t note_len,
				      struct aisec_buf *out);

struct aisec_consistency_proof {
	uint64_t old_size, new_size;
	struct aisec_merkle_proof proof;
};
AISEC_API int aisec_consistency_proof_parse(const char *text, size_t len,
					    struct aisec_consistency_proof *out,
					    struct aisec_error *err);
AISEC_API int aisec_consistency_proof_format(const struct aisec_consistency_proof *p,
					     struct aisec_buf *out);

/* ==== events ================================================================ */

/*
 * Check one JSON event against the entry schema (docs/ledger.md):
 * an object with exactly "time" (RFC 3339 date-time string), "type" and
 * "system" (non-empty strings) and "payload" (an object).  Returns 0 or
 * AISEC_ERR_PARSE / AISEC_ERR_INVALID with "field 'x': ..." in err.
 */
AISEC_API int aisec_ledger_event_check(const char *json, size_t len,
				       struct aisec_error *err);

/* ==== the ledger ============================================================= */

enum aisec_ledger_sync {
	/* each append call returns once its entries are on stable storage */
	AISEC_LEDGER_SYNC_ALWAYS = 0,
	/* the same guarantee per call, for callers that group: appenders
	 * waiting at the same time share one fdatasync (group commit, in both
	 * modes), aisec_ledger_append_batch() commits many entries with one,
	 * and the CLI commits every input line already read as one group
	 * (with ALWAYS it commits line by line) */
	AISEC_LEDGER_SYNC_BATCH = 1,
	/* appends return once sequenced in memory; durable after
	 * aisec_ledger_sync(), a checkpoint or close */
	AISEC_LEDGER_SYNC_NONE = 2
};

#define AISEC_LEDGER_AEAD_KEY_SIZE 32

/*
 * Decode the text of an AEAD key file: 64 hex digits (whitespace around
 * allowed) or exactly 32 raw bytes.  0, or AISEC_ERR_PARSE (key wiped).
 */
AISEC_API int aisec_ledger_aead_key_parse(const char *text, size_t len,
					  uint8_t key[AISEC_LEDGER_AEAD_KEY_SIZE],
					  struct aisec_error *err);
#define AISEC_LEDGER_ENTRY_MAX (16u << 20) /* largest stored entry, bytes */

struct aisec_ledger;

struct aisec_ledger_create_opts {
	const char *origin;        /* checkpoint origin, required (no spaces or '+') */
	const char *vkey;          /* verifier key of the checkpoint signer, or NULL */
	/* 32-byte AES-256-GCM key to encrypt payloads, or NULL for plaintext */
	const uint8_t *aead_key;
	/* permission bits of the ledger's files; 0 means AISEC_LEDGER_FILE_MODE
	 * (the umask may narrow them further) */
	unsigned file_mode;
};

/* Ledger files are private to their owner unless asked otherwise. */
#define AISEC_LEDGER_FILE_MODE 0600u

/*
 * Make a new, empty ledger in `dir` (created if missing; must not already
 * hold a ledger).  Returns 0, AISEC_ERR_INVALID for a bad origin or vkey,
 * AISEC_ERR_IO.
 */
AISEC_API int aisec_ledger_create(const char *dir,
				  const struct aisec_ledger_create_opts *opts,
				  struct aisec_error *err);

struct aisec_ledger_open_opts {
	bool readonly;             /* no lock, no recovery, no appends */
	enum aisec_ledger_sync sync;
	const uint8_t *aead_key;   /* needed to append to or read plaintext of an encrypted ledger */
	/* called (from the opening thread) for each recovery action, e.g. a
	 * torn tail truncated; may be NULL */
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
	/* permission bits of files a writer creates (lock, checkpoints); 0 means
	 * AISEC_LEDGER_FILE_MODE.  Files that exist keep their mode. */
	unsigned file_mode;
};

/*
 * Open a ledger.  For writing, takes the lock (AISEC_ERR_BUSY with the
 * holder's pid if another writer has it) and recovers after a crash: a torn
 * tail is truncated (reported via opts->warn), entries written but not yet
 * indexed are indexed; damage before the tail fails with
 * AISEC_ERR_INTEGRITY and nothing is repaired.  A read-only open indexes
 * such an unindexed tail in memory (the files are not touched), so readers
 * see the entries a writer would keep, as aisec_ledger_verify() counts
 * them.  Cost is O(log n) plus the unindexed tail: entries are not re-read.
 * Returns NULL and fills err.
 */
AISEC_API struct aisec_ledger *aisec_ledger_open(const char *dir,
						 const struct aisec_ledger_open_opts *opts,
						 struct aisec_error *err);

/*
 * Make everything appended durable (unless read-only), release the lock and
 * free `l` (always freed; NULL is a no-op).  Returns the sync's result.
 */
AISEC_API int aisec_ledger_close(struct aisec_ledger *l, struct aisec_error *err);

/*
 * Append one entry of `len` bytes (0 < len, plaintext; encrypted here when
 * the ledger is), store its 0-based index in *index (may be NULL).
 * Durability as the open's sync policy says.  After an fsync failure every
 * later call fails with AISEC_ERR_IO: the ledger must be reopened, which
 * recovers from what reached the disk.
 */
AISEC_API int aisec_ledger_append(struct aisec_ledger *l, const void *data,
				  size_t len, uint64_t *index,
				  struct aisec_error *err);

struct aisec_ledger_item {
	const void *data;
	size_t len;
};
/* Append `n` entries with consecutive indices (first in *first) and, unless
 * the policy is NONE, make them durable with one fdatasync. */
AISEC_API int aisec_ledger_append_batch(struct aisec_ledger *l,
					const struct aisec_ledger_item *items,
					size_t n, uint64_t *first,
					struct aisec_error *err);

/* Make every entry appended so far durable (group commit with concurrent callers). */
AISEC_API int aisec_ledger_sync(struct aisec_ledger *l, struct aisec_error *err);

/* Entries in the ledger (sequenced, possibly not yet durable). */
AISEC_API uint64_t aisec_ledger_size(struct aisec_ledger *l);
/* Entries known to be durable. */
AISEC_API uint64_t aisec_ledger_durable_size(struct aisec_ledger *l);
/*
 * Of aisec_ledger_size(), the entries at the end that a read-only open
 * found in the log but not in the index files (written before a crash,
 * indexed here in memory only); the next writer open indexes them on file.
 * Always 0 for a writer, which indexes them as it opens.
 */
AISEC_API uint64_t aisec_ledger_unindexed(struct aisec_ledger *l);

/* How well the group commit shares fsyncs: log_syncs / synced. */
struct aisec_ledger_stats {
	uint64_t size;       /* entries sequenced */
	uint64_t durable;    /* entries known to be durable */
	uint64_t log_syncs;  /* fdatasyncs of entries.log by commits since the open */
	uint64_t synced;     /* entries those fdatasyncs made durable */
};
/* A consistent snapshot of the counters (thread-safe). */
AISEC_API void aisec_ledger_stats(struct aisec_ledger *l, struct aisec_ledger_stats *out);
AISEC_API const char *aisec_ledger_origin(const struct aisec_ledger *l);
/*
 * The origin recorded in the ledger folder `dir` (read from its settings
 * without opening the ledger, so it works on a damaged one too) into
 * `origin` (AISEC_ORIGIN_MAX bytes).
 */
AISEC_API int aisec_ledger_read_origin(const char *dir, char *origin,
				       struct aisec_error *err);
/* Verifier key recorded at creation, or NULL. */
AISEC_API const char *aisec_ledger_vkey(const struct aisec_ledger *l);
AISEC_API bool aisec_ledger_encrypted(const struct aisec_ledger *l);

/* Root hash of the first `size` entries (size <= aisec_ledger_size()). */
AISEC_API int aisec_ledger_root(struct aisec_ledger *l, uint64_t size,
				uint8_t out[AISEC_HASH_SIZE], struct aisec_error *err);
AISEC_API int aisec_ledger_leaf_hash(struct aisec_ledger *l, uint64_t index,
				     uint8_t out[AISEC_HASH_SIZE],
				     struct aisec_error *err);
AISEC_API int aisec_ledger_prove_inclusion(struct aisec_ledger *l, uint64_t index,
					   uint64_t size, struct aisec_merkle_proof *out,
					   struct aisec_error *err);
AISEC_API int aisec_ledger_prove_consistency(struct aisec_ledger *l, uint64_t size1,
					     uint64_t size2,
					     struct aisec_merkle_proof *out,
					     struct aisec_error *err);

/*
 * Read entry `index`: the stored bytes (the leaf data: ciphertext when
 * encrypted) appended to `stored` (may be NULL), the plaintext appended to
 * `plain` (may be NULL; needs the key when encrypted: AISEC_ERR_USAGE
 * without, AISEC_ERR_VERIFY when authentication fails).  A record whose
 * CRC fails gives AISEC_ERR_INTEGRITY.
 */
AISEC_API int aisec_ledger_read(struct aisec_ledger *l, uint64_t index,
				struct aisec_buf *stored, struct aisec_buf *plain,
				struct aisec_error *err);

/*
 * Sign a checkpoint of the current size: make every entry durable, check
 * that the new tree is consistent with the newest stored checkpoint (the
 * log never signs two inconsistent checkpoints), sign the body with `key`,
 * store it durably (checkpoint, checkpoints/<size>) and only then append
 * the note to `note_out` (may be NULL).
 */
AISEC_API int aisec_ledger_checkpoint(struct aisec_ledger *l,
				      const struct aisec_note_key *key,
				      struct aisec_buf *note_out,
				      struct aisec_error *err);

/*
 * Append the stored signed checkpoint note of `size` (0 = the newest) to
 * `out`.  AISEC_ERR_NOTFOUND when there is none.
 */
AISEC_API int aisec_ledger_checkpoint_note(struct aisec_ledger *l, uint64_t size,
					   struct aisec_buf *out,
					   struct aisec_error *err);

/* ==== verification ========================================================== */

enum aisec_ledger_state {
	AISEC_LEDGER_VERIFIED = 0, /* every entry re-hashed; checkpoints consistent */
	AISEC_LEDGER_BROKEN = 1,   /* damage, tampering, rollback or fork found */
	AISEC_LEDGER_MISSING = 2   /* no ledger at that path */
};

struct aisec_ledger_report {
	enum aisec_ledger_state state;
	uint64_t entries;          /* entries found valid, in order */
	uint64_t bytes;            /* bytes of entries.log read */
	uint64_t torn_bytes;       /* crash residue after the last entry (not tampering) */
	uint64_t unindexed;        /* valid entries not yet in the index (recovered on next write open) */
	uint8_t root[AISEC_HASH_SIZE]; /* root over `entries` */
	uint64_t checkpoint_size;  /* newest checkpoint checked, 0 if none */
	bool checkpoint_signed;    /* its signature verified with the trusted or recorded key */
	bool trusted_key;          /* the key was given by the caller, not read from the ledger */
	uint64_t problem_index;    /* entry where the first problem was found (UINT64_MAX: none / not per entry) */
	char problem[AISEC_ERROR_MAX]; /* the first problem, "" when verified */
};

struct aisec_ledger_verify_opts {
	/* verifier key text to trust; NULL: the key recorded in the ledger
	 * (which shows internal consistency only) */
	const char *trusted_vkey;
	/* a signed checkpoint note held outside the ledger (an auditor's copy):
	 * the ledger must contain it (detects rollback and forks); may be NULL */
	const char *checkpoint;
	size_t checkpoint_len;
};

/*
 * Verify a ledger directory completely and read-only: re-read every record
 * (framing, CRC32C, index sequence), re-hash every leaf and rebuild the
 * tree, compare with every stored node hash, with every stored signed
 * checkpoint (signature with the trusted or recorded key, root at its size)
 * and with opts->checkpoint.  Fills *out in every case.
 *
 * Returns 0 when verified (out->state VERIFIED); AISEC_ERR_INTEGRITY when
 * damage, tampering, truncation below a checkpoint, rollback or a fork was
 * found (state BROKEN, out->problem says what and where); AISEC_ERR_VERIFY
 * when a checkpoint signature fails (BROKEN); AISEC_ERR_NOTFOUND when `dir`
 * holds no ledger (MISSING); other codes for I/O and usage errors.
 * Safe to call while a writer appends (it sees a prefix).
 */
AISEC_API int aisec_ledger_verify(const char *dir,
				  const struct aisec_ledger_verify_opts *opts,
				  struct aisec_ledger_report *out,
				  struct aisec_error *err);

/* One-call form for the assessment: aisec_ledger_verify() with a trusted key only. */
AISEC_API int aisec_ledger_verify_dir(const char *dir, const char *trusted_vkey_or_null,
				      struct aisec_ledger_report *out,
				      struct aisec_error *err);

/* What an auditor holds for one entry (all caller-owned, read only). */
struct aisec_ledger_entry_evidence {
	const void *entry;             /* the stored bytes (ciphertext when encrypted) */
	size_t entry_len;
	const struct aisec_tlog_proof *proof;
	const char *note;              /* the signed checkpoint note */
	size_t note_len;
	const char *vkey;              /* the log's verifier key text */
	size_t vkey_len;
};

/*
 * Offline check an auditor runs: the entry is at proof->index of the
 * checkpoint note signed by vkey.  0 when it is; AISEC_ERR_VERIFY (signature
 * or proof), AISEC_ERR_PARSE.  *cp receives the checkpoint on success (may
 * be NULL).
 */
AISEC_API AISEC_WUR int aisec_ledger_verify_entry_proof(
	const struct aisec_ledger_entry_evidence *ev, struct aisec_checkpoint *cp,
	struct aisec_error *err);

#ifdef __cplusplus
}
#endif
#endif
