/*
 * remote.c - checking a tiled log from outside, and witnessing it.
 *
 * Tiles are untrusted input: every hash taken from them is either hashed
 * into the checkpoint's root (the rightmost tiles, which the root is
 * recomputed from) or into a proof that is verified against that root, so
 * one changed byte in a tile the check uses fails it.  Node (level, k) of
 * the tree comes from the level-(level/8) tile holding the 2^(level%8)
 * hashes below it, hashed up; tiles are cached for the call.
 *
 * Trust state: one file per origin under the state folder holds the last
 * checkpoint note trusted (a verifier) or cosigned (a witness).  A new
 * checkpoint must extend it: a smaller size is a rollback, the same size
 * with another root or a larger one without a valid consistency proof a
 * fork.  The state moves forward only after everything verified.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "aisec/tlog.h"
#include "core/core.h"
#include "ledger/tlog_int.h"

/* a fetch buffer: the largest response plus a read chunk */
#define FETCH_CAP (AISEC_TLOG_FETCH_MAX + ((size_t)1 << 17))

struct cached_tile {
	int level;
	uint64_t n;
	unsigned w;
	uint8_t *data;
};

struct tile_src {
	struct aisec_tlog_client *c;
	uint64_t size;
	struct cached_tile *t;
	size_t nt, cap;
	uint64_t tiles_fetched;
};

static void src_release(struct tile_src *s)
{
	for (size_t i = 0; i < s->nt; i++)
		free(s->t[i].data);
	free(s->t);
	memset(s, 0, sizeof(*s));
}

/*
 * Fetch tile n of `level` (AISEC_TILE_ENTRIES: the bundle) as the tree of
 * s->size has it; a missing partial tile falls back to the full one, as
 * c2sp.org/tlog-tiles allows once the log has grown.  Appends to `out`.
 */
static int fetch_tile(struct tile_src *s, int level, uint64_t n, unsigned w,
		      struct aisec_buf *out, struct aisec_error *err)
{
	struct aisec_buf path;
	int rc;

	aisec_buf_init(&path, 0);
	rc = aisec_tile_path(level, n, w, &path);
	if (!rc)
		rc = aisec_tlog_fetch(s->c, path.data, out, err);
	if (rc == AISEC_ERR_NOTFOUND && w < AISEC_TILE_WIDTH) {
		struct aisec_error e2;

		aisec_buf_reset(&path);
		rc = aisec_tile_path(level, n, AISEC_TILE_WIDTH, &path);
		if (!rc)
			rc = aisec_tlog_fetch(s->c, path.data, out, &e2);
		if (rc) /* report the partial tile the checkpoint calls for */
			rc = AISEC_ERR_NOTFOUND;
	}
	aisec_buf_release(&path);
	s->tiles_fetched++;
	return rc;
}

/* The hashes of tile n at `level` (cached), exactly w * 32 bytes. */
static int get_tile(struct tile_src *s, int level, uint64_t n,
		    const uint8_t **out, struct aisec_error *err)
{
	unsigned w = aisec_tile_width(level, n, s->size);
	struct aisec_buf b;
	int rc;

	for (size_t i = 0; i < s->nt; i++)
		if (s->t[i].level == level && s->t[i].n == n) {
			*out = s->t[i].data;
			return 0;
		}
	if (!w)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "tile %d/%llu is outside the tree",
				       level, (unsigned long long)n);
	if (s->nt == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		struct cached_tile *t = realloc(s->t, cap * sizeof(*t));

		if (!t)
			return aisec_error_set(err, AISEC_ERR_NOMEM,
					       "out of memory");
		s->t = t;
		s->cap = cap;
	}
	aisec_buf_init(&b, FETCH_CAP);
	rc = fetch_tile(s, level, n, w, &b, err);
	if (rc)
		goto out;
	/* a full tile fetched for a partial one holds it as a prefix */
	if (b.len != (size_t)w * AISEC_HASH_SIZE &&
	    !(w < AISEC_TILE_WIDTH &&
	      b.len == (size_t)AISEC_TILE_WIDTH * AISEC_HASH_SIZE)) {
		rc = aisec_error_set(
		    err, AISEC_ERR_VERIFY,
		    "tile %d/%llu has %zu bytes, want %zu (%u hashes)", level,
		    (unsigned long long)n, b.len, (size_t)w * AISEC_HASH_SIZE,
		    w);
		goto out;
	}
	s->t[s->nt].level = level;
	s->t[s->nt].n = n;
	s->t[s->nt].w = w;
	s->t[s->nt].data = (uint8_t *)aisec_buf_detach(&b, NULL);
	*out = s->t[s->nt++].data;
out:
	aisec_buf_release(&b);
	return rc;
}

/* aisec_merkle_source over the tiles: node (level, k) hashed up from its tile.
 */
static int tile_node(void *ctx, unsigned level, uint64_t k,
		     uint8_t out[AISEC_HASH_SIZE], struct aisec_error *err)
{
	struct tile_src *s = ctx;
	unsigned r = level % AISEC_TILE_HEIGHT, cnt = 1u << r;
	int tl = (int)(level / AISEC_TILE_HEIGHT);
	uint64_t first = k << r;
	unsigned off = (unsigned)(first % AISEC_TILE_WIDTH);
	uint8_t h[AISEC_TILE_WIDTH / 2][AISEC_HASH_SIZE];
	const uint8_t *t;
	int rc;

	if (aisec_tile_width(tl, first / AISEC_TILE_WIDTH, s->size) < off + cnt)
		return aisec_error_set(
		    err, AISEC_ERR_USAGE,
		    "node %u/%llu is not complete in a tree of %llu", level,
		    (unsigned long long)k, (unsigned long long)s->size);
	rc = get_tile(s, tl, first / AISEC_TILE_WIDTH, &t, err);
	if (rc)
		return rc;
	t += (size_t)off * AISEC_HASH_SIZE;
	if (cnt == 1) {
		memcpy(out, t, AISEC_HASH_SIZE);
		return 0;
	}
	for (unsigned i = 0; i < cnt / 2; i++)
		aisec_merkle_node_hash(t + 2 * i * AISEC_HASH_SIZE,
				       t + (2 * i + 1) * AISEC_HASH_SIZE, h[i]);
	for (cnt /= 2; cnt > 1; cnt /= 2)
		for (unsigned i = 0; i < cnt / 2; i++)
			aisec_merkle_node_hash(h[2 * i], h[2 * i + 1], h[i]);
	memcpy(out, h[0], AISEC_HASH_SIZE);
	return 0;
}

/* ---- trust state ---- */

/* "<dir>/<origin with unsafe characters as '_'>-<8 hex of SHA-256(origin)>" */
static int state_path(const char *dir, const char *origin,
		      struct aisec_buf *out)
{
	uint8_t h[SHA256_DIGEST_LENGTH];
	int rc = aisec_buf_addf(out, "%s/", dir);

	SHA256((const uint8_t *)origin, strlen(origin), h);
	for (const char *p = origin; !rc && *p && p - origin < 64; p++)
		rc = aisec_buf_addch(out, isalnum((unsigned char)*p) ||
						  *p == '.' || *p == '-'
					      ? *p
					      : '_');
	if (!rc)
		rc = aisec_buf_addf(out, "-%02x%02x%02x%02x", h[0], h[1], h[2],
				    h[3]);
	return rc;
}

/* ---- checks ---- */

/*
 * `old` (what is trusted) must be a prefix of `cur` (the log's checkpoint,
 * whose tiles `s` reads).  `what` names old in messages.
 */
static int check_extends(struct tile_src *s, const struct aisec_checkpoint *old,
			 const struct aisec_checkpoint *cur, const char *what,
			 struct aisec_error *err)
{
	struct aisec_merkle_proof proof;
	int rc;

	if (strcmp(old->origin, cur->origin) != 0)
		return aisec_error_set(
		    err, AISEC_ERR_VERIFY,
		    "%s is of origin '%s', the log's is '%s'", what,
		    old->origin, cur->origin);
	if (old->size > cur->size)
		return aisec_error_set(
		    err, AISEC_ERR_INTEGRITY,
		    "rollback: the log serves size %llu but %s has size %llu",
		    (unsigned long long)cur->size, what,
		    (unsigned long long)old->size);
	if (old->size == cur->size) {
		if (aisec_memeq_ct(old->root, cur->root, AISEC_HASH_SIZE))
			return aisec_error_set(
			    err, AISEC_ERR_INTEGRITY,
			    "fork: the log's checkpoint of size %llu has "
			    "another root than %s",
			    (unsigned long long)cur->size, what);
		return 0;
	}
	if (old->size == 0)
		return 0;
	rc = aisec_merkle_prove_consistency(
	    &(struct aisec_merkle_source){tile_node, s}, old->size, cur->size,
	    &proof, err);
	if (rc)
		return rc;
	if (aisec_merkle_verify_consistency(old->size, cur->size, old->root,
					    cur->root, &proof) != 0)
		return aisec_error_set(
		    err, AISEC_ERR_INTEGRITY,
		    "fork: size %llu is not consistent with %s of size %llu "
		    "(or its tiles were altered)",
		    (unsigned long long)cur->size, what,
		    (unsigned long long)old->size);
	return 0;
}

/* Prove entry `index`: fetch its bundle, hash it, verify the inclusion proof.
 */
static int check_entry(struct tile_src *s, const struct aisec_checkpoint *cp,
		       uint64_t index, struct aisec_tlog_verify_result *res,
		       struct aisec_error *err)
{
	uint64_t n = index / AISEC_TILE_WIDTH;
	unsigned w = aisec_tile_width(AISEC_TILE_ENTRIES, n, cp->size),
		 i = index % AISEC_TILE_WIDTH;
	size_t off[AISEC_TILE_WIDTH], len[AISEC_TILE_WIDTH], count;
	struct aisec_merkle_proof proof;
	struct aisec_buf b;
	int rc;

	if (index >= cp->size)
		return aisec_error_set(
		    err, AISEC_ERR_NOTFOUND,
		    "entry %llu is not in the log (size %llu)",
		    (unsigned long long)index, (unsigned long long)cp->size);
	aisec_buf_init(&b, FETCH_CAP);
	rc = fetch_tile(s, AISEC_TILE_ENTRIES, n, w, &b, err);
	if (!rc)
		rc = aisec_tile_bundle_split((const uint8_t *)b.data, b.len,
					     AISEC_TILE_WIDTH, off, len, &count,
					     err);
	if (rc) {
		if (rc == AISEC_ERR_PARSE)
			rc = AISEC_ERR_VERIFY;
		goto out;
	}
	if (count < w) {
		rc = aisec_error_set(
		    err, AISEC_ERR_VERIFY,
		    "entry bundle %llu has %zu entries, want %u",
		    (unsigned long long)n, count, w);
		goto out;
	}
	aisec_merkle_leaf_hash(b.data + off[i], len[i], res->leaf);
	rc = aisec_merkle_prove_inclusion(
	    &(struct aisec_merkle_source){tile_node, s}, index, cp->size,
	    &proof, err);
	if (rc)
		goto out;
	if (aisec_merkle_verify_inclusion(index, cp->size, res->leaf, &proof,
					  cp->root) != 0) {
		rc = aisec_error_set(
		    err, AISEC_ERR_VERIFY,
		    "entry %llu: the inclusion proof from the tiles does not "
		    "verify against the checkpoint",
		    (unsigned long long)index);
		goto out;
	}
	if (res->entry)
		rc = aisec_buf_add(res->entry, b.data + off[i], len[i]);
out:
	aisec_buf_release(&b);
	return rc;
}

/*
 * Every tile and bundle: each level-0 hash is the hash of its entry, each
 * higher hash the root of the full tile below it, the rightmost tiles hash
 * to the root (checked by the caller).
 */
static int check_full(struct tile_src *s, bool bundles, struct aisec_error *err)
{
	struct aisec_buf b;
	int rc = 0;

	aisec_buf_init(&b, FETCH_CAP);
	for (int level = 0; !rc && level < 8; level++) {
		for (uint64_t n = 0; !rc; n++) {
			unsigned w = aisec_tile_width(level, n, s->size);
			uint64_t first = n * AISEC_TILE_WIDTH;
			const uint8_t *t;

			if (!w)
				break;
			rc = get_tile(s, level, n, &t, err);
			if (rc)
				break;
			for (unsigned i = 0; !rc && level > 0 && i < w; i++) {
				uint8_t h[AISEC_HASH_SIZE];

				/* hash i is node (8 level, first + i):
				 * recompute it from level - 1 */
				rc = tile_node(
				    s,
				    (unsigned)(AISEC_TILE_HEIGHT * level - 1),
				    2 * (first + i), h, err);
				if (!rc) {
					uint8_t r[AISEC_HASH_SIZE];

					rc = tile_node(
					    s,
					    (unsigned)(AISEC_TILE_HEIGHT *
							   level -
						       1),
					    2 * (first + i) + 1, r, err);
					aisec_merkle_node_hash(h, r, h);
				}
				if (!rc &&
				    memcmp(h, t + (size_t)i * AISEC_HASH_SIZE,
					   AISEC_HASH_SIZE) != 0)
					rc = aisec_error_set(
					    err, AISEC_ERR_VERIFY,
					    "tile %d/%llu hash %u does not "
					    "match the tiles below it",
					    level, (unsigned long long)n, i);
			}
			if (rc || level > 0 || !bundles)
				continue;
			{
				size_t off[AISEC_TILE_WIDTH],
				    len[AISEC_TILE_WIDTH], count;

				aisec_buf_reset(&b);
				rc = fetch_tile(s, AISEC_TILE_ENTRIES, n, w, &b,
						err);
				if (!rc)
					rc = aisec_tile_bundle_split(
					    (const uint8_t *)b.data, b.len,
					    AISEC_TILE_WIDTH, off, len, &count,
					    err);
				if (!rc && count < w)
					rc = aisec_error_set(
					    err, AISEC_ERR_VERIFY,
					    "entry bundle %llu has %zu "
					    "entries, want %u",
					    (unsigned long long)n, count, w);
				for (unsigned i = 0; !rc && i < w; i++) {
					uint8_t h[AISEC_HASH_SIZE];

					aisec_merkle_leaf_hash(b.data + off[i],
							       len[i], h);
					if (memcmp(h,
						   t + (size_t)i *
							   AISEC_HASH_SIZE,
						   AISEC_HASH_SIZE))
						rc = aisec_error_set(
						    err, AISEC_ERR_VERIFY,
						    "entry %llu does not hash "
						    "to its leaf in tile "
						    "0/%llu",
						    (unsigned long long)(first +
									 i),
						    (unsigned long long)n);
				}
				if (rc == AISEC_ERR_PARSE)
					rc = AISEC_ERR_VERIFY;
			}
		}
		/* level tiles are not needed once the level above is checked */
		for (size_t i = 0; level > 0 && i < s->nt;) {
			if (s->t[i].level == level - 1) {
				free(s->t[i].data);
				s->t[i] = s->t[--s->nt];
			} else {
				i++;
			}
		}
	}
	aisec_buf_release(&b);
	return rc;
}

/* Read the note at `path` as a checkpoint; *found false when there is none. */
static int read_state(const char *path, struct aisec_checkpoint *cp,
		      bool *found, struct aisec_error *err)
{
	struct aisec_buf b;
	int rc;

	*found = false;
	aisec_buf_init(&b, 1 << 20);
	rc = aisec_file_read(path, &b, err);
	if (rc == AISEC_ERR_NOTFOUND) {
		rc = 0;
		goto out;
	}
	if (!rc)
		rc = aisec_checkpoint_parse(b.data, b.len, cp, err);
	if (rc) {
		aisec_error_prefix(err, "trust state '%s'", path);
		goto out;
	}
	*found = true;
out:
	aisec_buf_release(&b);
	return rc;
}

static int verify_log(struct aisec_tlog_client *c,
		      const struct aisec_tlog_verify_opts *o,
		      struct aisec_tlog_verify_result *res,
		      struct aisec_buf *note, struct aisec_buf *spath,
		      struct aisec_error *err)
{
	struct tile_src s = {.c = c};
	struct aisec_checkpoint *cp = &res->cp, old;
	uint64_t req0, bytes0;
	uint8_t root[AISEC_HASH_SIZE];
	bool found;
	int rc;

	aisec_tlog_client_counts(c, &req0, &bytes0);
	if (!o->nkeys)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "no verifier key for the log");
	rc = aisec_tlog_fetch(c, "checkpoint", note, err);
	if (rc)
		goto out;
	rc = aisec_note_verify(note->data, note->len, o->keys, o->nkeys, NULL,
			       err);
	if (!rc)
		rc = aisec_checkpoint_parse(note->data, note->len, cp, err);
	if (rc) {
		aisec_error_prefix(err, "checkpoint");
		goto out;
	}
	if (o->nwitnesses || o->quorum) {
		rc = aisec_note_count_signers(note->data, note->len,
					      o->witnesses, o->nwitnesses,
					      &res->cosigned, NULL, err);
		if (rc) {
			aisec_error_prefix(err, "checkpoint");
			goto out;
		}
		if (res->cosigned < o->quorum) {
			rc = aisec_error_set(err, AISEC_ERR_VERIFY,
					     "checkpoint has %zu of the %zu "
					     "witness cosignatures required",
					     res->cosigned, o->quorum);
			goto out;
		}
	}
	s.size = cp->size;
	rc = aisec_merkle_root(&(struct aisec_merkle_source){tile_node, &s},
			       cp->size, root, err);
	if (rc)
		goto out;
	if (aisec_memeq_ct(root, cp->root, AISEC_HASH_SIZE)) {
		rc = aisec_error_set(err, AISEC_ERR_VERIFY,
				     "the tiles do not hash to the "
				     "checkpoint's root (size %llu)",
				     (unsigned long long)cp->size);
		goto out;
	}
	if (o->previous) {
		rc = aisec_note_verify(o->previous, o->previous_len, o->keys,
				       o->nkeys, NULL, err);
		if (!rc)
			rc = aisec_checkpoint_parse(o->previous,
						    o->previous_len, &old, err);
		if (rc) {
			aisec_error_prefix(err, "earlier checkpoint");
			goto out;
		}
		rc = check_extends(&s, &old, cp, "the earlier checkpoint", err);
		if (rc)
			goto out;
	}
	if (o->state_dir) {
		rc = state_path(o->state_dir, cp->origin, spath);
		if (!rc)
			rc = read_state(spath->data, &old, &found, err);
		if (rc)
			goto out;
		res->had_state = found;
		res->trusted_size = found ? old.size : 0;
		if (found) {
			rc = check_extends(&s, &old, cp,
					   "the last trusted checkpoint", err);
			if (rc)
				goto out;
		}
	}
	if (o->want_entry) {
		rc = check_entry(&s, cp, o->entry, res, err);
		if (rc)
			goto out;
	}
	if (o->full)
		rc = check_full(&s, true, err);
out:
	aisec_tlog_client_counts(c, &res->requests, &res->bytes);
	res->requests -= req0;
	res->bytes -= bytes0;
	src_release(&s);
	return rc;
}

static int save_state(const char *dir, const char *path, const char *note,
		      size_t len, struct aisec_error *err)
{
	return aisec_file_write_atomic(path, note, len, 0644, err);
}

/*
 * Hold the state folder's lock (flock on <dir>/lock) from reading the state
 * to recording the new one: two runs at once must not both extend the same
 * old checkpoint and record in the wrong order (a witness would cosign both
 * sides of a fork).  Returns the lock's fd, or -1 with err filled.
 */
static int lock_state(const char *dir, struct aisec_error *err)
{
	struct aisec_buf path;
	int fd = -1;

	aisec_buf_init(&path, 0);
	if (aisec_mkdirs(dir, err) != 0)
		goto out;
	if (aisec_buf_addf(&path, "%s/lock", dir) != 0) {
		aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		aisec_error_set(err, AISEC_ERR_IO, "cannot lock '%s': %s",
				path.data, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
out:
	aisec_buf_release(&path);
	return fd;
}

static void unlock_state(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}

int aisec_tlog_verify(struct aisec_tlog_client *c,
		      const struct aisec_tlog_verify_opts *opts,
		      struct aisec_tlog_verify_result *res,
		      struct aisec_error *err)
{
	struct aisec_buf note, spath;
	struct aisec_buf *entry = res->entry;
	int rc, lock = -1;

	memset(res, 0, sizeof(*res));
	res->entry = entry;
	aisec_buf_init(&note, 1 << 20);
	aisec_buf_init(&spath, 0);
	if (opts->state_dir && (lock = lock_state(opts->state_dir, err)) < 0) {
		rc = err ? err->code : AISEC_ERR_IO;
		goto out;
	}
	rc = verify_log(c, opts, res, &note, &spath, err);
	if (!rc && opts->state_dir)
		rc = save_state(opts->state_dir, spath.data, note.data,
				note.len, err);
out:
	unlock_state(lock);
	aisec_buf_release(&note);
	aisec_buf_release(&spath);
	return rc;
}

int aisec_tlog_cosign(struct aisec_tlog_client *c,
		      const struct aisec_tlog_verify_opts *opts,
		      const struct aisec_note_key *witness, uint64_t timestamp,
		      struct aisec_buf *note_out,
		      struct aisec_tlog_verify_result *res,
		      struct aisec_error *err)
{
	struct aisec_buf note, spath, cosigned;
	struct aisec_buf *entry = res->entry;
	int rc, lock;

	memset(res, 0, sizeof(*res));
	res->entry = entry;
	if (!opts->state_dir)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "a witness needs a state folder (the "
				       "last checkpoint it cosigned)");
	aisec_buf_init(&note, 1 << 20);
	aisec_buf_init(&spath, 0);
	aisec_buf_init(&cosigned, 1 << 20);
	lock = lock_state(opts->state_dir, err);
	rc = lock < 0 ? (err ? err->code : AISEC_ERR_IO)
		      : verify_log(c, opts, res, &note, &spath, err);
	if (!rc)
		rc = aisec_note_cosign(note.data, note.len, witness,
				       timestamp ? timestamp
						 : (uint64_t)time(NULL),
				       &cosigned, err);
	/* the state first: a witness never cosigns what it did not record */
	if (!rc)
		rc = save_state(opts->state_dir, spath.data, cosigned.data,
				cosigned.len, err);
	if (!rc)
		rc = aisec_buf_add(note_out, cosigned.data, cosigned.len);
	unlock_state(lock);
	aisec_buf_release(&note);
	aisec_buf_release(&spath);
	aisec_buf_release(&cosigned);
	return rc;
}
