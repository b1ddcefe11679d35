/*
 * ops.c - what an open ledger answers: roots, leaf hashes, inclusion and
 * consistency proofs from the stored tree (O(log n) node reads, entries are
 * never re-read), entry reads with decryption, and signed checkpoints.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "core/core.h"
#include "ledger/store.h"

/* Make the first `size` entries readable from the files.  mu held. */
static int readable(struct aisec_ledger *l, uint64_t size, struct aisec_error *err)
{
	if (size > l->size)
		return aisec_error_set(err, AISEC_ERR_NOTFOUND,
				       "ledger '%s' has %llu entries, not %llu", l->dir,
				       (unsigned long long)l->size,
				       (unsigned long long)size);
	return lg_commit_locked(l, size, false, err);
}

/* Make entry `index` readable; an index past the end is named as such.  mu held. */
static int entry_readable(struct aisec_ledger *l, uint64_t index, struct aisec_error *err)
{
	if (index >= l->size)
		return aisec_error_set(err, AISEC_ERR_NOTFOUND,
				       l->size ? "ledger '%s' has no entry %llu (its %llu entries are "
						 "0 to %llu)"
					       : "ledger '%s' has no entry %llu (it is empty)",
				       l->dir, (unsigned long long)index,
				       (unsigned long long)l->size,
				       (unsigned long long)(l->size - 1));
	return readable(l, index + 1, err);
}

int aisec_ledger_root(struct aisec_ledger *l, uint64_t size,
		      uint8_t out[AISEC_HASH_SIZE], struct aisec_error *err)
{
	struct aisec_merkle_source src = {lg_tree_get, l};
	int rc;

	pthread_mutex_lock(&l->mu);
	rc = readable(l, size, err);
	if (!rc)
		rc = aisec_merkle_root(&src, size, out, err);
	pthread_mutex_unlock(&l->mu);
	return rc;
}

int aisec_ledger_leaf_hash(struct aisec_ledger *l, uint64_t index,
			   uint8_t out[AISEC_HASH_SIZE], struct aisec_error *err)
{
	int rc;

	pthread_mutex_lock(&l->mu);
	rc = entry_readable(l, index, err);
	if (!rc)
		rc = lg_tree_get(l, 0, index, out, err);
	pthread_mutex_unlock(&l->mu);
	return rc;
}

int aisec_ledger_prove_inclusion(struct aisec_ledger *l, uint64_t index,
				 uint64_t size, struct aisec_merkle_proof *out,
				 struct aisec_error *err)
{
	struct aisec_merkle_source src = {lg_tree_get, l};
	int rc;

	pthread_mutex_lock(&l->mu);
	rc = readable(l, size, err);
	if (!rc)
		rc = aisec_merkle_prove_inclusion(&src, index, size, out, err);
	pthread_mutex_unlock(&l->mu);
	return rc;
}

int aisec_ledger_prove_consistency(struct aisec_ledger *l, uint64_t size1,
				   uint64_t size2, struct aisec_merkle_proof *out,
				   struct aisec_error *err)
{
	struct aisec_merkle_source src = {lg_tree_get, l};
	int rc;

	pthread_mutex_lock(&l->mu);
	rc = readable(l, size2, err);
	if (!rc)
		rc = aisec_merkle_prove_consistency(&src, size1, size2, out, err);
	pthread_mutex_unlock(&l->mu);
	return rc;
}

int aisec_ledger_read(struct aisec_ledger *l, uint64_t index,
		      struct aisec_buf *stored, struct aisec_buf *plain,
		      struct aisec_error *err)
{
	uint64_t start, end, got;
	const uint8_t *pl;
	uint32_t len;
	int rc;

	pthread_mutex_lock(&l->mu);
	rc = entry_readable(l, index, err);
	if (rc)
		goto out;
	rc = lg_entry_span(l, index, &start, &end, err);
	if (rc)
		goto out;
	if (end <= start || end - start > LG_REC_HEADER + AISEC_LEDGER_ENTRY_MAX) {
		rc = aisec_error_set(err, AISEC_ERR_INTEGRITY,
				     "'%s/" LG_FILE_INDEX "' entry %llu: bad offsets",
				     l->dir, (unsigned long long)index);
		goto out;
	}
	aisec_buf_reset(&l->scratch);
	rc = aisec_buf_grow(&l->scratch, end - start);
	if (rc) {
		aisec_error_set(err, rc, "entry %llu: %s", (unsigned long long)index,
				aisec_strerror(rc));
		goto out;
	}
	rc = lg_pread(l->fd_log, l->scratch.data, end - start, start, LG_FILE_LOG, err);
	if (rc)
		goto out;
	if (lg_rec_decode((const uint8_t *)l->scratch.data, end - start, index, &pl,
			  &len, &got) != LG_REC_OK ||
	    LG_REC_HEADER + len != end - start) {
		rc = aisec_error_set(err, AISEC_ERR_INTEGRITY,
				     "'%s/" LG_FILE_LOG "' entry %llu at offset %llu: record damaged (CRC32C or framing)",
				     l->dir, (unsigned long long)index,
				     (unsigned long long)start);
		goto out;
	}
	if (stored) {
		rc = aisec_buf_add(stored, pl, len);
		if (rc) {
			aisec_error_set(err, rc, "entry: %s", aisec_strerror(rc));
			goto out;
		}
	}
	if (plain && l->cfg.encrypted) {
		if (!l->has_aead) {
			rc = aisec_error_set(err, AISEC_ERR_USAGE,
					     "ledger '%s' is encrypted: reading needs its key",
					     l->dir);
			goto out;
		}
		rc = lg_aead_open(&l->aead, index, pl, len, plain, err);
	} else if (plain) {
		rc = aisec_buf_add(plain, pl, len);
		if (rc)
			aisec_error_set(err, rc, "entry: %s", aisec_strerror(rc));
	}
out:
	pthread_mutex_unlock(&l->mu);
	return rc;
}

static int read_note(const char *dir, uint64_t size, struct aisec_buf *out,
		     struct aisec_error *err)
{
	struct aisec_buf path;
	int rc;

	aisec_buf_init(&path, 0);
	if (size == 0)
		rc = lg_path(&path, dir, LG_FILE_CHECKPOINT);
	else
		rc = aisec_buf_addf(&path, "%s/" LG_DIR_CHECKPOINTS "/%llu", dir,
				    (unsigned long long)size);
	if (!rc)
		rc = aisec_file_read(path.data, out, err);
	aisec_buf_release(&path);
	return rc;
}

int aisec_ledger_checkpoint_note(struct aisec_ledger *l, uint64_t size,
				 struct aisec_buf *out, struct aisec_error *err)
{
	int rc = read_note(l->dir, size, out, err);

	if (rc == AISEC_ERR_NOTFOUND)
		aisec_error_set(err, rc, "ledger '%s' has no signed checkpoint%s", l->dir,
				size ? " of that size" : " yet");
	return rc;
}

static bool same_key(const struct aisec_note_key *a, const struct aisec_note_key *b)
{
	return a->id == b->id && strcmp(a->name, b->name) == 0 &&
	       memcmp(a->pub, b->pub, 32) == 0;
}

/* The newest stored checkpoint must be a prefix of the tree we sign.  mu held. */
static int check_previous(struct aisec_ledger *l, uint64_t size,
			  struct aisec_error *err)
{
	struct aisec_merkle_source src = {lg_tree_get, l};
	struct aisec_checkpoint prev;
	struct aisec_buf note;
	uint8_t root[AISEC_HASH_SIZE];
	int rc;

	aisec_buf_init(&note, 1 << 20);
	rc = read_note(l->dir, 0, &note, NULL);
	if (rc == AISEC_ERR_NOTFOUND) {
		rc = 0;
		goto out;
	}
	if (rc) {
		rc = aisec_error_set(err, rc, "cannot read the newest checkpoint of '%s'", l->dir);
		goto out;
	}
	rc = aisec_checkpoint_parse(note.data, note.len, &prev, err);
	if (rc)
		goto out;
	if (prev.size > size || strcmp(prev.origin, l->cfg.origin) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_INTEGRITY,
				     "ledger '%s' has %llu entries but its newest checkpoint covers %llu (origin '%s'): refusing to sign an inconsistent checkpoint",
				     l->dir, (unsigned long long)size,
				     (unsigned long long)prev.size, prev.origin);
		goto out;
	}
	rc = aisec_merkle_root(&src, prev.size, root, err);
	if (!rc && memcmp(root, prev.root, AISEC_HASH_SIZE) != 0)
		rc = aisec_error_set(err, AISEC_ERR_INTEGRITY,
				     "ledger '%s': the first %llu entries no longer hash to the newest checkpoint's root: refusing to sign",
				     l->dir, (unsigned long long)prev.size);
out:
	aisec_buf_release(&note);
	return rc;
}

int aisec_ledger_checkpoint(struct aisec_ledger *l, const struct aisec_note_key *key,
			    struct aisec_buf *note_out, struct aisec_error *err)
{
	struct aisec_merkle_source src = {lg_tree_get, l};
	struct aisec_checkpoint cp;
	struct aisec_buf body, note, path;
	int rc;

	memset(&cp, 0, sizeof(cp));
	aisec_buf_init(&body, 0);
	aisec_buf_init(&note, 0);
	aisec_buf_init(&path, 0);
	if (l->cfg.vkey[0]) {
		struct aisec_note_key rec;

		rc = aisec_note_key_parse_vkey(l->cfg.vkey, strlen(l->cfg.vkey), &rec, err);
		if (rc)
			return rc;
		if (!same_key(&rec, key))
			return aisec_error_set(err, AISEC_ERR_VERIFY,
					       "key '%s' is not the ledger's signer ('%s')",
					       key->name, l->cfg.vkey);
	}
	pthread_mutex_lock(&l->mu);
	if (l->readonly) {
		rc = aisec_error_set(err, AISEC_ERR_USAGE, "ledger opened read-only");
		goto out;
	}
	/* never sign a size whose entries are not durable */
	rc = lg_commit_locked(l, l->size, true, err);
	if (!rc)
		rc = lg_sync_derived_locked(l, false, err);
	if (rc)
		goto out;
	/* not l->size: other threads may have appended while this one waited */
	cp.size = l->durable;
	memcpy(cp.origin, l->cfg.origin, strlen(l->cfg.origin) + 1);
	rc = check_previous(l, cp.size, err);
	if (!rc)
		rc = aisec_merkle_root(&src, cp.size, cp.root, err);
	if (rc)
		goto out;
	rc = aisec_checkpoint_format(&cp, &body);
	if (rc) {
		aisec_error_set(err, rc, "checkpoint: %s", aisec_strerror(rc));
		goto out;
	}
	rc = aisec_note_sign(body.data, body.len, key, &note, err);
	if (rc)
		goto out;
	rc = lg_path(&path, l->dir, LG_DIR_CHECKPOINTS);
	if (!rc)
		rc = aisec_mkdirs(path.data, err);
	if (!rc)
		rc = aisec_buf_addf(&path, "/%llu", (unsigned long long)cp.size);
	if (!rc)
		rc = aisec_file_write_atomic(path.data, note.data, note.len, l->file_mode, err);
	if (!rc)
		rc = lg_path(&path, l->dir, LG_FILE_CHECKPOINT);
	if (!rc)
		rc = aisec_file_write_atomic(path.data, note.data, note.len, l->file_mode, err);
	if (!rc && note_out)
		rc = aisec_buf_add(note_out, note.data, note.len);
out:
	pthread_mutex_unlock(&l->mu);
	aisec_buf_release(&body);
	aisec_buf_release(&note);
	aisec_buf_release(&path);
	return rc;
}
