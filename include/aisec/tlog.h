/*
 * tlog.h - publishing a ledger the way transparency logs do, and checking
 * one from outside: the C2SP tlog-tiles layout (c2sp.org/tlog-tiles), a
 * client that fetches a tiled log over HTTP(S) (libcurl) or from a folder,
 * remote verification with a local trust state that refuses rollbacks and
 * forks, and witness cosigning (c2sp.org/tlog-witness semantics,
 * c2sp.org/tlog-cosignature signatures).  Layout: docs/ledger-format.md;
 * guide: docs/ledger.md.
 *
 * Tiles are height 8: tile/<L>/<N> holds the 256 hashes of the subtrees of
 * 256^L leaves at tree level 8L starting at leaf N * 256^(L+1); the
 * rightmost tile of a level may be partial, tile/<L>/<N>.p/<W> with W in
 * 1..255.  tile/entries/<N>[.p/<W>] bundles the entries of level-0 tile N,
 * each as a big-endian uint16 length and the stored bytes.  N is written in
 * 3-digit groups, all but the last prefixed with 'x' (1234067 is
 * x001/x234/067).
 *
 * Thread-safety: a struct aisec_tlog_client is used by one thread at a
 * time; everything else is reentrant.
 */
#ifndef AISEC_TLOG_H
#define AISEC_TLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aisec/buf.h"
#include "aisec/error.h"
#include "aisec/export.h"
#include "aisec/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AISEC_TILE_HEIGHT 8
#define AISEC_TILE_WIDTH 256
#define AISEC_TILE_ENTRIES (-1) /* the `level` of entry bundles */
#define AISEC_TLOG_FETCH_MAX ((size_t)32 << 20) /* largest response accepted   \
						 */

/*
 * Append the C2SP path of tile `n` at `level` (AISEC_TILE_ENTRIES for an
 * entry bundle) of `width` hashes (1..256; 256 is a full tile, no .p/ part)
 * to `out`: "tile/0/x001/x234/067.p/12".  AISEC_ERR_USAGE for a bad level
 * or width, AISEC_ERR_NOMEM.
 */
AISEC_API int aisec_tile_path(int level, uint64_t n, unsigned width,
			      struct aisec_buf *out);

/*
 * Width of tile `n` at `level` (entry bundles: level 0) in a tree of `size`
 * leaves: 256 when full, 1..255 when partial, 0 when the tree has no such
 * tile.
 */
AISEC_API unsigned aisec_tile_width(int level, uint64_t n, uint64_t size);

/*
 * Split an entry bundle into its entries: offsets[i] and lens[i] (arrays of
 * `max` slots) locate entry i in `data`; *count receives the number of
 * entries.  AISEC_ERR_PARSE when a length runs past the end, when an entry
 * is empty or when there are more than `max` entries.
 */
AISEC_API int aisec_tile_bundle_split(const uint8_t *data, size_t len,
				      size_t max, size_t *offsets, size_t *lens,
				      size_t *count, struct aisec_error *err);

/* ==== publishing ============================================================
 */

struct aisec_tiles_opts {
	/* leave out the entry bundles (hashes only: for encrypted ledgers whose
	 * ciphertext should not be published, or entries over 65535 bytes) */
	bool hashes_only;
};

struct aisec_tiles_stats {
	uint64_t size; /* tree size published (the newest checkpoint's) */
	uint64_t tiles_written; /* hash tiles written by this call */
	uint64_t tiles_kept;	/* hash tiles already present and left alone */
	uint64_t bundles_written;
	uint64_t bundles_kept;
	bool checkpoint_kept; /* `out`/checkpoint already held this tree head
			       * (its cosignatures were kept) */
};

/*
 * Publish the ledger's newest signed checkpoint as C2SP tlog-tiles in
 * folder `out` (created if missing): every tile and entry bundle that the
 * tree of that size needs and `out` lacks, then `out`/checkpoint.  Each file
 * is written to a temporary name and renamed (readers never see half a
 * file); tiles are flushed with one syncfs before the checkpoint that
 * refers to them is replaced (fsync'd).  Existing full tiles and bundles are
 * never rewritten; partial ones are immutable too (a wider partial tile has
 * another name).  A checkpoint already in `out` must be of the same origin
 * and a prefix of the ledger (AISEC_ERR_INTEGRITY otherwise: `out` belongs
 * to another log or the ledger forked); when it is the same tree head it is
 * kept with the cosignatures it carries.  The entries published are the
 * stored bytes: ciphertext for an encrypted ledger.  AISEC_ERR_NOTFOUND
 * when the ledger has no checkpoint, AISEC_ERR_LIMIT for an entry over
 * 65535 bytes without hashes_only.  `stats` may be NULL.
 */
AISEC_API int aisec_ledger_publish_tiles(struct aisec_ledger *l,
					 const char *out,
					 const struct aisec_tiles_opts *opts,
					 struct aisec_tiles_stats *stats,
					 struct aisec_error *err);

/* ==== fetching a tiled log
 * ====================================================== */

struct aisec_tlog_client;

struct aisec_tlog_client_opts {
	long timeout_ms; /* per request (connect and transfer); 0: 30 s */
};

/*
 * A client for the log at `location`: an http:// or https:// URL prefix
 * (libcurl, one connection reused), a file:// URL or a folder.  Returns
 * NULL and fills err.  Free with aisec_tlog_client_free() (NULL: no-op).
 */
AISEC_API struct aisec_tlog_client *
aisec_tlog_client_new(const char *location,
		      const struct aisec_tlog_client_opts *opts,
		      struct aisec_error *err);
AISEC_API void aisec_tlog_client_free(struct aisec_tlog_client *c);

/*
 * Fetch `path` (relative to the prefix, e.g. "checkpoint") and append its
 * body to `out`.  AISEC_ERR_NOTFOUND for HTTP 404 or a missing file,
 * AISEC_ERR_IO for other failures (timeouts included), AISEC_ERR_LIMIT over
 * 32 MiB.
 */
AISEC_API int aisec_tlog_fetch(struct aisec_tlog_client *c, const char *path,
			       struct aisec_buf *out, struct aisec_error *err);

/* Requests made and bytes received so far. */
AISEC_API void aisec_tlog_client_counts(const struct aisec_tlog_client *c,
					uint64_t *requests, uint64_t *bytes);

/* ==== remote verification and witnessing
 * ======================================= */

struct aisec_tlog_verify_opts {
	const struct aisec_note_key *keys; /* the log's verifier keys (>= 1) */
	size_t nkeys;
	const struct aisec_note_key
	    *witnesses; /* cosignature/v1 keys, may be NULL */
	size_t nwitnesses;
	size_t quorum; /* cosignatures by distinct witnesses required */
	/* folder holding the last trusted checkpoint per origin (created when
	 * missing), or NULL for none; updated only when everything verified */
	const char *state_dir;
	/* an earlier signed checkpoint note the log must extend, or NULL */
	const char *previous;
	size_t previous_len;
	bool want_entry; /* prove entry `entry` and return it */
	uint64_t entry;
	bool full; /* fetch every tile and bundle and recompute everything */
};

struct aisec_tlog_verify_result {
	struct aisec_checkpoint cp; /* the checkpoint verified */
	size_t cosigned;	    /* witnesses whose cosignature verified */
	uint64_t trusted_size; /* size of the state's checkpoint, 0 if none */
	bool had_state;
	uint64_t requests, bytes; /* fetched by this call */
	struct aisec_buf *entry;  /* caller's buffer for the entry, or NULL */
	uint8_t leaf[AISEC_HASH_SIZE]; /* leaf hash of the entry proved */
};

/*
 * Verify the log behind `c`: fetch its checkpoint, check the log's
 * signature and the witness quorum, recompute the root from the rightmost
 * tiles, prove consistency with `previous` and with the state's last
 * trusted checkpoint for this origin (a smaller size is a rollback, the
 * same size with another root or a failed proof a fork), prove inclusion of
 * the entry asked for (from its entry bundle), then record the checkpoint
 * in the state.  Fetches only the tiles the proofs need unless `full`.
 * Returns 0; AISEC_ERR_VERIFY (signature, quorum, proof or tile hash does not
 * verify); AISEC_ERR_INTEGRITY (rollback or fork); AISEC_ERR_NOTFOUND,
 * AISEC_ERR_IO, AISEC_ERR_PARSE for what the log served or failed to serve.
 */
AISEC_API AISEC_WUR int aisec_tlog_verify(
    struct aisec_tlog_client *c, const struct aisec_tlog_verify_opts *opts,
    struct aisec_tlog_verify_result *res, struct aisec_error *err);

/*
 * Act as a witness for the log behind `c`: verify as aisec_tlog_verify()
 * does (opts->state_dir is the witness's own state: the last checkpoint it
 * cosigned per origin, required), then cosign the checkpoint with
 * `witness` (a private cosignature/v1 key) at `timestamp` (POSIX seconds;
 * 0: now), record it and append the cosigned note to `note_out`.
 */
AISEC_API AISEC_WUR int aisec_tlog_cosign(
    struct aisec_tlog_client *c, const struct aisec_tlog_verify_opts *opts,
    const struct aisec_note_key *witness, uint64_t timestamp,
    struct aisec_buf *note_out, struct aisec_tlog_verify_result *res,
    struct aisec_error *err);

#ifdef __cplusplus
}
#endif
#endif
