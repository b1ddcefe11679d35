/*
 * store.c - a ledger directory on disk: create, open with crash recovery,
 * append with group commit, sync and close.  The invariants are in the
 * design notes of store.h; the file layouts in docs/ledger-format.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "core/core.h"
#include "ledger/store.h"

#define STATE_MAGIC "AISECST1"

int lg_path(struct aisec_buf *b, const char *dir, const char *name)
{
	aisec_buf_reset(b);
	return aisec_buf_addf(b, "%s/%s", dir, name);
}

int lg_pread(int fd, void *buf, size_t n, uint64_t off, const char *what,
	     struct aisec_error *err)
{
	uint8_t *p = buf;

	while (n) {
		ssize_t r = pread(fd, p, n, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return aisec_error_set(err, AISEC_ERR_IO, "cannot read '%s': %s",
					       what, strerror(errno));
		if (r == 0)
			return aisec_error_set(err, AISEC_ERR_INTEGRITY,
					       "'%s' is shorter than its index says", what);
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

int lg_tree_get(void *ctx, unsigned level, uint64_t k, uint8_t out[AISEC_HASH_SIZE],
		struct aisec_error *err)
{
	struct aisec_ledger *l = ctx;
	uint64_t pos = lg_stored_index(level, k), off = pos * AISEC_HASH_SIZE;

	if (l->readonly && l->size > l->tail_from &&
	    pos >= lg_stored_count(l->tail_from)) {
		off = (pos - lg_stored_count(l->tail_from)) * AISEC_HASH_SIZE;
		if (off + AISEC_HASH_SIZE > l->pend.tree.len)
			return aisec_error_set(
			    err, AISEC_ERR_INTEGRITY,
			    "tree node %llu past the entries read",
			    (unsigned long long)pos);
		memcpy(out, (const uint8_t *)l->pend.tree.data + off,
		       AISEC_HASH_SIZE);
		return 0;
	}

	if (l->tree_map && off + AISEC_HASH_SIZE <= l->tree_map_len) {
		memcpy(out, l->tree_map + off, AISEC_HASH_SIZE);
		return 0;
	}
	return lg_pread(l->fd_tree, out, AISEC_HASH_SIZE, off, LG_FILE_TREE, err);
}

int lg_entry_span(struct aisec_ledger *l, uint64_t index, uint64_t *start,
		  uint64_t *end, struct aisec_error *err)
{
	uint8_t e[16];
	int rc;

	if (l->readonly && index >= l->tail_from && index < l->size) {
		const uint8_t *t = (const uint8_t *)l->pend.idx.data;
		uint64_t i = index - l->tail_from;

		*end = lg_get64(t + 8 * i);
		if (i)
			*start = lg_get64(t + 8 * (i - 1));
		else if (index == 0)
			*start = LG_LOG_HEADER;
		else if ((rc = lg_pread(l->fd_idx, e, 8, (index - 1) * 8,
					LG_FILE_INDEX, err)))
			return rc;
		else
			*start = lg_get64(e);
		return 0;
	}
	if (index == 0) {
		rc = lg_pread(l->fd_idx, e + 8, 8, 0, LG_FILE_INDEX, err);
		*start = LG_LOG_HEADER;
	} else {
		rc = lg_pread(l->fd_idx, e, 16, (index - 1) * 8, LG_FILE_INDEX,
			      err);
		*start = lg_get64(e);
	}
	*end = lg_get64(e + 8);
	return rc;
}

/* ---- state ------------------------------------------------------------- */

int lg_state_parse(const char *name, const void *data, size_t len, struct lg_state *st,
		   struct aisec_error *err)
{
	const uint8_t *p = data;

	memset(st, 0, sizeof(*st));
	if (len != 32 || memcmp(p, STATE_MAGIC, 8) != 0 || lg_crc32c(0, p, 28) != lg_get32(p + 28))
		return aisec_error_set(err, AISEC_ERR_INTEGRITY, "'%s' is damaged", name);
	st->entries = lg_get64(p + 8);
	st->log_end = lg_get64(p + 16);
	st->clean = lg_get32(p + 24) == 1;
	return 0;
}

int lg_state_read(const char *dir, struct lg_state *st, struct aisec_error *err)
{
	struct aisec_buf path, b;
	int rc;

	memset(st, 0, sizeof(*st));
	aisec_buf_init(&path, 0);
	aisec_buf_init(&b, 0);
	rc = lg_path(&path, dir, LG_FILE_STATE);
	if (!rc)
		rc = aisec_file_read_small(path.data, &b, err);
	if (!rc)
		rc = lg_state_parse(path.data, b.data, b.len, st, err);
	aisec_buf_release(&path);
	aisec_buf_release(&b);
	return rc;
}

int lg_state_write(const char *dir, const struct lg_state *st, unsigned mode,
		   struct aisec_error *err)
{
	struct aisec_buf path;
	uint8_t p[32];
	int rc;

	memcpy(p, STATE_MAGIC, 8);
	lg_put64(p + 8, st->entries);
	lg_put64(p + 16, st->log_end);
	lg_put32(p + 24, st->clean ? 1 : 0);
	lg_put32(p + 28, lg_crc32c(0, p, 28));
	aisec_buf_init(&path, 0);
	rc = lg_path(&path, dir, LG_FILE_STATE);
	if (!rc)
		rc = aisec_file_write_atomic(path.data, p, sizeof(p), mode, err);
	aisec_buf_release(&path);
	return rc;
}

/* ---- create ---------------------------------------------------------------- */

static bool valid_origin(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= AISEC_ORIGIN_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == '+' || s[i] == 0x7f)
			return false;
	return true;
}

static int create_file(const char *dir, const char *name, const void *data,
		       size_t len, unsigned mode, struct aisec_error *err)
{
	struct aisec_buf path;
	int rc;

	aisec_buf_init(&path, 0);
	rc = lg_path(&path, dir, name);
	if (!rc)
		rc = aisec_file_write_atomic(path.data, data, len, mode, err);
	aisec_buf_release(&path);
	return rc;
}

int aisec_ledger_create(const char *dir, const struct aisec_ledger_create_opts *opts,
			struct aisec_error *err)
{
	struct lg_config cfg;
	struct lg_state st = {0, LG_LOG_HEADER, true};
	struct aisec_buf path;
	uint8_t hdr[LG_LOG_HEADER];
	struct stat sb;
	unsigned mode;
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	if (opts && (opts->file_mode & ~0777u))
		return aisec_error_set(err, AISEC_ERR_INVALID, "file mode %o: want permission bits only",
				       opts->file_mode);
	mode = opts && opts->file_mode ? opts->file_mode : AISEC_LEDGER_FILE_MODE;
	if (!opts || !opts->origin || !valid_origin(opts->origin))
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "origin '%s': want a non-empty name without spaces or '+'",
				       opts && opts->origin ? opts->origin : "");
	memcpy(cfg.origin, opts->origin, strlen(opts->origin) + 1);
	if (opts->vkey) {
		struct aisec_note_key k;

		rc = aisec_note_key_parse_vkey(opts->vkey, strlen(opts->vkey), &k, err);
		if (rc)
			return rc;
		if (strlen(opts->vkey) >= sizeof(cfg.vkey))
			return aisec_error_set(err, AISEC_ERR_INVALID, "verifier key too long");
		aisec_buf_init(&path, sizeof(cfg.vkey));
		rc = aisec_note_key_format_vkey(&k, &path);
		if (!rc)
			memcpy(cfg.vkey, path.data, path.len + 1);
		aisec_buf_release(&path);
		if (rc)
			return aisec_error_set(err, rc, "verifier key: %s", aisec_strerror(rc));
	}
	if (opts->aead_key) {
		cfg.encrypted = true;
		lg_key_check(opts->aead_key, cfg.key_check);
	}
	rc = aisec_mkdirs(dir, err);
	if (rc)
		return rc;
	aisec_buf_init(&path, 0);
	rc = lg_path(&path, dir, LG_FILE_CONFIG);
	if (!rc && stat(path.data, &sb) == 0) {
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "'%s' already holds a ledger", dir);
		goto out;
	}
	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, LG_LOG_MAGIC, 8);
	lg_put32(hdr + 8, 1);
	lg_put32(hdr + 12, cfg.encrypted ? LG_FLAG_ENCRYPTED : 0);
	if (RAND_bytes(hdr + 16, 16) != 1) {
		rc = aisec_error_set(err, AISEC_ERR_CRYPTO, "no random bytes");
		goto out;
	}
	rc = create_file(dir, LG_FILE_LOG, hdr, sizeof(hdr), mode, err);
	if (!rc)
		rc = create_file(dir, LG_FILE_INDEX, "", 0, mode, err);
	if (!rc)
		rc = create_file(dir, LG_FILE_TREE, "", 0, mode, err);
	if (!rc)
		rc = lg_state_write(dir, &st, mode, err);
	/* the config last: its presence means the ledger is complete */
	if (!rc)
		rc = lg_config_write(dir, &cfg, mode, err);
out:
	aisec_buf_release(&path);
	return rc;
}

/* ---- open and recovery ------------------------------------------------------ */

static void warnf(const struct aisec_ledger_open_opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void warnf(const struct aisec_ledger_open_opts *o, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!o->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o->warn(o->warn_ctx, msg);
}

static int open_file(struct aisec_ledger *l, const char *name, int *fd,
		     struct aisec_error *err)
{
	struct aisec_buf path;
	int flags = l->readonly ? O_RDONLY : (O_RDWR | O_APPEND);
	struct stat sb;

	aisec_buf_init(&path, 0);
	if (lg_path(&path, l->dir, name) != 0) {
		aisec_buf_release(&path);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	/* a link or a device in place of a ledger file is never followed */
	*fd = open(path.data, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (*fd < 0) {
		int e = errno;

		aisec_error_set(err, e == ENOENT || e == ELOOP ? AISEC_ERR_INTEGRITY : AISEC_ERR_IO,
				"cannot open '%s': %s", path.data,
				e == ELOOP ? "a symbolic link, not a ledger file" : strerror(e));
		aisec_buf_release(&path);
		return err ? err->code : AISEC_ERR_IO;
	}
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		aisec_error_set(err, AISEC_ERR_INTEGRITY, "cannot open '%s': not a regular file",
				path.data);
		close(*fd);
		*fd = -1;
		aisec_buf_release(&path);
		return err ? err->code : AISEC_ERR_INTEGRITY;
	}
	aisec_buf_release(&path);
	return 0;
}

/*
 * The writer lock is a flock(2) on the ledger directory itself, which no
 * one can delete while it holds the ledger's files (a lock on the `lock`
 * file alone was lost when that file was removed: issue 16).  The `lock`
 * file, never followed when it is a link, holds the writer's pid for the
 * message of the next one, and is flocked too for writers of version 1.
 */
static int take_lock(struct aisec_ledger *l, struct aisec_error *err)
{
	struct aisec_buf path;
	struct stat sb, at;
	char pid[32] = "";
	int rc = 0;

	aisec_buf_init(&path, 0);
	if (lg_path(&path, l->dir, LG_FILE_LOCK) != 0)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	l->fd_dir = open(l->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (l->fd_dir < 0) {
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot open '%s': %s", l->dir,
				     strerror(errno));
		goto out;
	}
	l->fd_lock = open(path.data, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
			  l->file_mode);
	if (l->fd_lock < 0) {
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot open '%s': %s", path.data,
				     errno == ELOOP ? "a symbolic link, not a lock file"
						    : strerror(errno));
		goto out;
	}
	if (fstat(l->fd_lock, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot open '%s': not a regular file",
				     path.data);
		goto out;
	}
	if (flock(l->fd_dir, LOCK_EX | LOCK_NB) != 0 ||
	    flock(l->fd_lock, LOCK_EX | LOCK_NB) != 0) {
		ssize_t n = pread(l->fd_lock, pid, sizeof(pid) - 1, 0);

		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		rc = aisec_error_set(err, AISEC_ERR_BUSY,
				     "ledger '%s' is open for writing by another process%s%s%s",
				     l->dir, pid[0] ? " (pid " : "", pid, pid[0] ? ")" : "");
		goto out;
	}
	/* the file we locked must still be the one at the lock path */
	if (lstat(path.data, &at) != 0 || at.st_dev != sb.st_dev || at.st_ino != sb.st_ino) {
		rc = aisec_error_set(err, AISEC_ERR_BUSY,
				     "ledger '%s': lock file replaced while it was taken; try again",
				     l->dir);
		goto out;
	}
	snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(l->fd_lock, 0) != 0 ||
	    pwrite(l->fd_lock, pid, strlen(pid), 0) < 0)
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot write '%s': %s",
				     path.data, strerror(errno));
out:
	if (rc) {
		if (l->fd_lock >= 0)
			close(l->fd_lock);
		if (l->fd_dir >= 0)
			close(l->fd_dir);
		l->fd_lock = l->fd_dir = -1;
	}
	aisec_buf_release(&path);
	return rc;
}

static uint64_t file_size(int fd)
{
	struct stat sb;

	return fstat(fd, &sb) == 0 ? (uint64_t)sb.st_size : 0;
}

/* Load frontier for `n` leaves from tree.dat. */
static int load_frontier(struct aisec_ledger *l, uint64_t n, struct aisec_error *err)
{
	uint64_t pos = 0;

	for (int L = 63; L >= 0; L--) {
		if (!(n >> L & 1))
			continue;
		int rc = lg_tree_get(l, (unsigned)L, pos >> L, l->frontier[L], err);

		if (rc)
			return rc;
		pos += (uint64_t)1 << L;
	}
	return 0;
}

/* Add the leaf hash of entry l->size to the tree, appending new nodes to `tree`. */
static int tree_add(struct aisec_ledger *l, const uint8_t leaf[AISEC_HASH_SIZE],
		    struct aisec_buf *tree)
{
	uint8_t h[AISEC_HASH_SIZE];
	uint64_t i = l->size;
	unsigned L = 0;
	int rc;

	memcpy(h, leaf, AISEC_HASH_SIZE);
	rc = aisec_buf_add(tree, h, AISEC_HASH_SIZE);
	while (!rc && (i >> L & 1)) {
		aisec_merkle_node_hash(l->frontier[L], h, h);
		rc = aisec_buf_add(tree, h, AISEC_HASH_SIZE);
		L++;
	}
	memcpy(l->frontier[L], h, AISEC_HASH_SIZE);
	return rc;
}

/* Check that entry n-1 is in the log where the index says and matches tree.dat. */
static bool last_entry_ok(struct aisec_ledger *l, uint64_t n, uint64_t log_size)
{
	uint8_t e[16], leaf[AISEC_HASH_SIZE], want[AISEC_HASH_SIZE];
	uint64_t start, end;
	const uint8_t *pl;
	uint32_t len;
	uint64_t idx;
	uint8_t *rec;
	bool ok;

	if (n == 0)
		return true;
	if (n == 1) {
		if (lg_pread(l->fd_idx, e + 8, 8, 0, LG_FILE_INDEX, NULL))
			return false;
		start = LG_LOG_HEADER;
	} else {
		if (lg_pread(l->fd_idx, e, 16, (n - 2) * 8, LG_FILE_INDEX, NULL))
			return false;
		start = lg_get64(e);
	}
	end = lg_get64(e + 8);
	if (start < LG_LOG_HEADER || end <= start || end > log_size ||
	    end - start > LG_REC_HEADER + AISEC_LEDGER_ENTRY_MAX ||
	    lg_tree_get(l, 0, n - 1, want, NULL) != 0)
		return false;
	rec = malloc(end - start);
	if (!rec)
		return false;
	ok = lg_pread(l->fd_log, rec, end - start, start, LG_FILE_LOG, NULL) == 0 &&
	     lg_rec_decode(rec, end - start, n - 1, &pl, &len, &idx) == LG_REC_OK &&
	     LG_REC_HEADER + len == end - start;
	if (ok) {
		aisec_merkle_leaf_hash(pl, len, leaf);
		ok = memcmp(leaf, want, AISEC_HASH_SIZE) == 0;
	}
	free(rec);
	return ok;
}

/* Hand the rebuilt index and tree buffers to the kernel (recovery only). */
static int flush_derived(struct aisec_ledger *l, struct aisec_error *err)
{
	if (aisec_write_all(l->fd_idx, l->pend.idx.data, l->pend.idx.len) != 0 ||
	    aisec_write_all(l->fd_tree, l->pend.tree.data, l->pend.tree.len) != 0)
		return aisec_error_set(err, AISEC_ERR_IO, "cannot write the index: %s",
				       strerror(errno));
	aisec_buf_reset(&l->pend.idx);
	aisec_buf_reset(&l->pend.tree);
	return 0;
}

/*
 * Rebuild index and tree from entries.log starting at entry `n0` (offset
 * off0), handling the tail per design note I7.  Writer opens only.  A
 * first pass only decodes records, so damage is found before any file is
 * touched; the second truncates, re-hashes and writes in bounded chunks.
 */
static int rescan(struct aisec_ledger *l, const struct aisec_ledger_open_opts *o,
		  uint64_t n0, uint64_t off0, uint64_t mark, struct aisec_error *err)
{
	uint64_t log_size = file_size(l->fd_log), off = off0, end, n;
	const uint8_t *map = NULL, *pl;
	uint8_t leaf[AISEC_HASH_SIZE], e[8];
	uint32_t len;
	uint64_t got;
	int rc = 0;

	if (log_size > off0) {
		void *m = mmap(NULL, log_size, PROT_READ, MAP_SHARED, l->fd_log, 0);

		if (m == MAP_FAILED)
			return aisec_error_set(err, AISEC_ERR_IO, "cannot map '" LG_FILE_LOG "': %s",
					       strerror(errno));
		map = m;
	}
	/* pass 1: how far do valid records go, and is what follows a torn tail? */
	for (n = n0; off < log_size; n++) {
		if (lg_rec_decode(map + off, log_size - off, n, &pl, &len, &got) != LG_REC_OK)
			break;
		off += LG_REC_HEADER + len;
	}
	end = off;
	/* below the durable mark a bad or missing record is damage (I7) */
	if (n < mark) {
		rc = aisec_error_set(err, AISEC_ERR_INTEGRITY,
				     "'%s/" LG_FILE_LOG "' entry %llu at offset %llu: %s, but the index files show %llu entries were written: damage, not a torn tail; nothing was changed, run 'aisec ledger verify'",
				     l->dir, (unsigned long long)n, (unsigned long long)end,
				     end < log_size ? "damaged record" : "missing",
				     (unsigned long long)mark);
		goto out;
	}
	if (end < log_size && lg_rec_later_valid(map + end, log_size - end, n)) {
		rc = aisec_error_set(err, AISEC_ERR_INTEGRITY,
				     "'%s/" LG_FILE_LOG "' entry %llu at offset %llu: damaged record before valid ones (not a torn tail); nothing was changed, run 'aisec ledger verify'",
				     l->dir, (unsigned long long)n, (unsigned long long)end);
		goto out;
	}
	/* pass 2: rebuild from n0 */
	if (ftruncate(l->fd_idx, (off_t)(n0 * 8)) != 0 ||
	    ftruncate(l->fd_tree, (off_t)(lg_stored_count(n0) * AISEC_HASH_SIZE)) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot truncate the index: %s",
				     strerror(errno));
		goto out;
	}
	if (end < log_size) {
		warnf(o, "ledger '%s': truncated a torn tail of %llu bytes after entry %llu (crash residue)",
		      l->dir, (unsigned long long)(log_size - end), (unsigned long long)n);
		if (ftruncate(l->fd_log, (off_t)end) != 0 || fdatasync(l->fd_log) != 0) {
			rc = aisec_error_set(err, AISEC_ERR_IO, "cannot truncate '" LG_FILE_LOG "': %s",
					     strerror(errno));
			goto out;
		}
	}
	l->size = n0;
	rc = load_frontier(l, n0, err);
	for (off = off0; !rc && off < end; l->size++) {
		lg_rec_decode(map + off, end - off, l->size, &pl, &len, &got);
		aisec_merkle_leaf_hash(pl, len, leaf);
		off += LG_REC_HEADER + len;
		lg_put64(e, off);
		rc = aisec_buf_add(&l->pend.idx, e, 8);
		if (!rc)
			rc = tree_add(l, leaf, &l->pend.tree);
		if (rc)
			rc = aisec_error_set(err, rc, "recovery: %s", aisec_strerror(rc));
		else if (l->pend.tree.len >= LG_FLUSH_BYTES)
			rc = flush_derived(l, err);
	}
	if (!rc)
		rc = flush_derived(l, err);
	if (rc)
		goto out;
	if (l->size > n0)
		warnf(o, "ledger '%s': re-indexed %llu entries written before a crash",
		      l->dir, (unsigned long long)(l->size - n0));
	l->log_end = l->log_on_file = end;
out:
	if (map)
		munmap((void *)map, log_size);
	return rc;
}

/*
 * Read-only: index in memory the valid records that follow the `n` entries
 * the index files cover (I7), as the next writer will; an undecodable
 * remainder is crash residue, left out, unless a valid record follows it
 * (damage: the open fails, as verify does).
 */
static int read_tail(struct aisec_ledger *l, uint64_t n, uint64_t log_size,
		     struct aisec_error *err)
{
	uint64_t start = LG_LOG_HEADER, off, got;
	const uint8_t *map = NULL, *pl;
	uint8_t leaf[AISEC_HASH_SIZE], e[8];
	uint32_t len;
	int rc = 0;

	l->size = l->tail_from = n;
	rc = load_frontier(l, n, err);
	if (!rc && n)
		rc = lg_pread(l->fd_idx, e, 8, (n - 1) * 8, LG_FILE_INDEX, err);
	if (rc)
		return rc;
	if (n)
		start = lg_get64(e);
	if (start >= log_size)
		return 0;
	map = mmap(NULL, log_size, PROT_READ, MAP_SHARED, l->fd_log, 0);
	if (map == MAP_FAILED)
		return aisec_error_set(err, AISEC_ERR_IO,
				       "cannot map '" LG_FILE_LOG "': %s",
				       strerror(errno));
	for (off = start; !rc && off < log_size; l->size++) {
		if (lg_rec_decode(map + off, log_size - off, l->size, &pl, &len,
				  &got) != LG_REC_OK) {
			if (lg_rec_later_valid(map + off, log_size - off,
					       l->size))
				rc = aisec_error_set(
				    err, AISEC_ERR_INTEGRITY,
				    "'%s/" LG_FILE_LOG
				    "' entry %llu at offset %llu: damaged "
				    "record before valid ones; run 'aisec "
				    "ledger verify'",
				    l->dir, (unsigned long long)l->size,
				    (unsigned long long)off);
			break; /* crash residue past the last entry */
		}
		off += LG_REC_HEADER + len;
		aisec_merkle_leaf_hash(pl, len, leaf);
		lg_put64(e, off);
		rc = aisec_buf_add(&l->pend.idx, e, 8);
		if (!rc)
			rc = tree_add(l, leaf, &l->pend.tree);
		if (rc && rc != AISEC_ERR_INTEGRITY)
			rc = aisec_error_set(err, rc, "reading '%s': %s",
					     l->dir, aisec_strerror(rc));
		if (rc)
			break;
	}
	munmap((void *)map, log_size);
	return rc;
}

static int recover(struct aisec_ledger *l, const struct aisec_ledger_open_opts *o,
		   struct aisec_error *err)
{
	struct lg_state st;
	uint64_t log_size = file_size(l->fd_log), n, n_idx, n_tree;
	int rc = lg_state_read(l->dir, &st, err);

	if (rc)
		return rc;
	if (log_size < st.log_end)
		return aisec_error_set(err, AISEC_ERR_INTEGRITY,
				       "'%s/" LG_FILE_LOG "' holds %llu bytes but %llu were synced: entries were removed",
				       l->dir, (unsigned long long)log_size,
				       (unsigned long long)st.log_end);
	n_idx = file_size(l->fd_idx) / 8;
	n_tree = lg_leaves_for_hashes(file_size(l->fd_tree) / AISEC_HASH_SIZE);
	if (n_idx < st.entries || n_tree < st.entries)
		return aisec_error_set(err, AISEC_ERR_INTEGRITY,
				       "'%s': index or tree shorter than the %llu synced entries",
				       l->dir, (unsigned long long)st.entries);
	n = n_idx < n_tree ? n_idx : n_tree;
	l->state_log_end = st.log_end;
	if (l->readonly) {
		size_t tl = (size_t)file_size(l->fd_tree);

		if (tl) {
			void *m = mmap(NULL, tl, PROT_READ, MAP_SHARED, l->fd_tree, 0);

			if (m != MAP_FAILED) {
				l->tree_map = m;
				l->tree_map_len = tl;
			}
		}
		/* the index files are written after the log: every entry they
		 * cover is on file, and a last one that does not match is
		 * damage, never silently left out (I7) */
		if (!last_entry_ok(l, n, log_size))
			return aisec_error_set(err, AISEC_ERR_INTEGRITY,
					       "'%s': entry %llu does not match its index; run 'aisec ledger verify'",
					       l->dir, (unsigned long long)(n ? n - 1 : 0));
		rc = read_tail(l, n, log_size, err);
		l->on_file = l->durable = l->size;
		return rc;
	}
	if (st.clean && n == st.entries && n_idx == n &&
	    file_size(l->fd_tree) == lg_stored_count(n) * AISEC_HASH_SIZE &&
	    log_size == st.log_end) {
		l->size = n;
		l->log_end = l->log_on_file = log_size;
		rc = load_frontier(l, n, err);
	} else {
		rc = rescan(l, o, st.entries, st.log_end, n, err);
	}
	if (rc)
		return rc;
	l->on_file = l->durable = l->size;
	/* mark unclean until a close syncs everything again (I6) */
	if (fdatasync(l->fd_log) != 0 || fdatasync(l->fd_idx) != 0 ||
	    fdatasync(l->fd_tree) != 0)
		return aisec_error_set(err, AISEC_ERR_IO, "cannot sync '%s': %s",
				       l->dir, strerror(errno));
	st.entries = l->size;
	st.log_end = l->log_end;
	st.clean = false;
	l->state_log_end = st.log_end;
	return lg_state_write(l->dir, &st, l->file_mode, err);
}

static void ledger_free(struct aisec_ledger *l)
{
	if (!l)
		return;
	if (l->fd_log >= 0)
		close(l->fd_log);
	if (l->fd_idx >= 0)
		close(l->fd_idx);
	if (l->tree_map)
		munmap((void *)l->tree_map, l->tree_map_len);
	if (l->fd_tree >= 0)
		close(l->fd_tree);
	if (l->fd_lock >= 0)
		close(l->fd_lock); /* releases the flocks */
	if (l->fd_dir >= 0)
		close(l->fd_dir);
	if (l->has_aead)
		lg_aead_release(&l->aead);
	aisec_buf_release(&l->pend.log);
	aisec_buf_release(&l->pend.idx);
	aisec_buf_release(&l->pend.tree);
	aisec_buf_release(&l->flight.log);
	aisec_buf_release(&l->flight.idx);
	aisec_buf_release(&l->flight.tree);
	aisec_buf_release(&l->scratch);
	pthread_mutex_destroy(&l->mu);
	free(l->dir);
	free(l);
}

/* Files a writer adds (lock, checkpoints) get the mode chosen at create. */
static unsigned config_mode(const char *dir)
{
	struct aisec_buf path;
	struct stat sb;
	unsigned mode = AISEC_LEDGER_FILE_MODE;

	aisec_buf_init(&path, 0);
	if (lg_path(&path, dir, LG_FILE_CONFIG) == 0 && lstat(path.data, &sb) == 0 &&
	    S_ISREG(sb.st_mode))
		mode = (unsigned)sb.st_mode & 0777u;
	aisec_buf_release(&path);
	return mode;
}

struct aisec_ledger *aisec_ledger_open(const char *dir,
				       const struct aisec_ledger_open_opts *opts,
				       struct aisec_error *err)
{
	static const struct aisec_ledger_open_opts defaults = {0};
	struct aisec_ledger *l = calloc(1, sizeof(*l));
	uint8_t hdr[LG_LOG_HEADER];
	int rc;

	if (!opts)
		opts = &defaults;
	if (!l || !(l->dir = strdup(dir))) {
		free(l);
		aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	l->fd_log = l->fd_idx = l->fd_tree = l->fd_lock = l->fd_dir = -1;
	l->file_mode = opts->file_mode & 0777u;
	l->readonly = opts->readonly;
	l->sync = opts->sync;
	{
		pthread_mutexattr_t ma;

		/* spin briefly before sleeping: appenders hold mu for a few us */
		pthread_mutexattr_init(&ma);
		pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ADAPTIVE_NP);
		pthread_mutex_init(&l->mu, &ma);
		pthread_mutexattr_destroy(&ma);
	}
	l->waiters_tail = &l->waiters;
	aisec_buf_init(&l->pend.log, 0);
	aisec_buf_init(&l->pend.idx, 0);
	aisec_buf_init(&l->pend.tree, 0);
	aisec_buf_init(&l->flight.log, 0);
	aisec_buf_init(&l->flight.idx, 0);
	aisec_buf_init(&l->flight.tree, 0);
	aisec_buf_init(&l->scratch, 0);
	if (opts->sync > AISEC_LEDGER_SYNC_NONE) {
		rc = aisec_error_set(err, AISEC_ERR_USAGE, "unknown sync policy");
		goto fail;
	}
	rc = lg_config_read(dir, &l->cfg, err);
	if (rc == AISEC_ERR_NOTFOUND)
		aisec_error_set(err, rc, "'%s' holds no ledger (no " LG_FILE_CONFIG ")", dir);
	if (!rc && !l->file_mode)
		l->file_mode = config_mode(dir);
	if (!rc && !l->readonly)
		rc = take_lock(l, err);
	if (!rc)
		rc = open_file(l, LG_FILE_LOG, &l->fd_log, err);
	if (!rc)
		rc = open_file(l, LG_FILE_INDEX, &l->fd_idx, err);
	if (!rc)
		rc = open_file(l, LG_FILE_TREE, &l->fd_tree, err);
	if (!rc)
		rc = lg_pread(l->fd_log, hdr, sizeof(hdr), 0, LG_FILE_LOG, err);
	if (rc)
		goto fail;
	if (memcmp(hdr, LG_LOG_MAGIC, 8) != 0 || lg_get32(hdr + 8) != 1 ||
	    ((lg_get32(hdr + 12) & LG_FLAG_ENCRYPTED) != 0) != l->cfg.encrypted) {
		rc = aisec_error_set(err, AISEC_ERR_INTEGRITY,
				     "'%s/" LG_FILE_LOG "': bad header", dir);
		goto fail;
	}
	memcpy(l->ledger_id, hdr + 16, 16);
	if (opts->aead_key && !l->cfg.encrypted) {
		rc = aisec_error_set(err, AISEC_ERR_USAGE,
				     "ledger '%s' is not encrypted: it takes no encryption key", dir);
		goto fail;
	}
	if (l->cfg.encrypted && opts->aead_key) {
		char check[17];

		lg_key_check(opts->aead_key, check);
		if (strcmp(check, l->cfg.key_check) != 0) {
			rc = aisec_error_set(err, AISEC_ERR_VERIFY,
					     "ledger '%s': wrong encryption key", dir);
			goto fail;
		}
		rc = lg_aead_init(&l->aead, opts->aead_key, l->ledger_id, err);
		if (rc)
			goto fail;
		l->has_aead = true;
	}
	/* without the key a writer may still recover and checkpoint: the tree
	 * is over the stored ciphertext; only appends need the key */
	rc = recover(l, opts, err);
	if (rc)
		goto fail;
	/* one encryption per index so far: the count the GCM limit bounds */
	l->aead.seals = l->size;
	return l;
fail:
	if (rc && err && !err->code)
		err->code = rc;
	ledger_free(l);
	return NULL;
}

/* ---- commit -------------------------------------------------------------------- */

static void swap_bufs(struct lg_bufs *a, struct lg_bufs *b)
{
	struct lg_bufs t = *a;

	*a = *b;
	*b = t;
}

/* Wake every waiter (mu held): they find `fatal` set. */
static void wake_all_failed(struct aisec_ledger *l)
{
	struct lg_waiter *w = l->waiters, *next;

	l->waiters = NULL;
	l->waiters_tail = &l->waiters;
	for (; w; w = next) {
		next = w->next;
		w->state = LG_W_FAILED;
		sem_post(&w->sem);
	}
}

static int set_fatal(struct aisec_ledger *l, const char *what, int e,
		     struct aisec_error *err)
{
	if (!l->fatal)
		snprintf(l->fatal_msg, sizeof(l->fatal_msg),
			 "ledger '%s': %s failed (%s); written data may be lost, reopen the ledger",
			 l->dir, what, strerror(e));
	l->fatal = AISEC_ERR_IO;
	wake_all_failed(l);
	return aisec_error_set(err, AISEC_ERR_IO, "%s", l->fatal_msg);
}

static bool reached(const struct aisec_ledger *l, uint64_t target, bool sync)
{
	return (sync ? l->durable : l->on_file) >= target;
}

/*
 * After a round (mu held, nothing in flight): take the waiters it satisfied
 * off the queue, and the oldest of the others as the next leader; release
 * mu, wake the next leader first (so the disk is soon busy again), then the
 * satisfied.  Those return without taking mu again.
 */
static void settle_unlock(struct aisec_ledger *l)
{
	struct lg_waiter *done = NULL, *keep = NULL, **kt = &keep, *lead, *w, *next;

	for (w = l->waiters; w; w = next) {
		next = w->next;
		if (reached(l, w->target, w->sync)) {
			w->next = done;
			done = w;
		} else {
			*kt = w;
			kt = &w->next;
		}
	}
	*kt = NULL;
	lead = keep;
	if (lead) {
		keep = lead->next;
		if (!keep)
			kt = &l->waiters;
	} else {
		kt = &l->waiters;
	}
	l->waiters = keep;
	l->waiters_tail = kt;
	pthread_mutex_unlock(&l->mu);
	if (lead) {
		lead->state = LG_W_LEAD;
		sem_post(&lead->sem);
	}
	for (w = done; w; w = next) {
		next = w->next; /* read before the post: w may be gone after it */
		w->state = LG_W_DONE;
		sem_post(&w->sem);
	}
}

/*
 * One round of the group commit, led by the calling thread (mu held, no
 * round in flight): take everything sequenced so far, write it (with `sync`
 * fdatasync the log) outside the mutex while appenders keep sequencing into
 * pend and queue up for the next round.  Returns with mu released.
 */
static int lead_round_unlock(struct aisec_ledger *l, bool sync, struct aisec_error *err)
{
	uint64_t upto = l->size, log_bytes;
	const char *failed = NULL;
	int e = 0, rc = 0;

	l->syncing = true;
	swap_bufs(&l->pend, &l->flight);
	log_bytes = l->flight.log.len;
	pthread_mutex_unlock(&l->mu);
	if (aisec_write_all(l->fd_log, l->flight.log.data, l->flight.log.len) != 0)
		failed = "write of " LG_FILE_LOG, e = errno;
	else if (sync && fdatasync(l->fd_log) != 0)
		failed = "fdatasync of " LG_FILE_LOG, e = errno;
	else if (aisec_write_all(l->fd_idx, l->flight.idx.data, l->flight.idx.len) != 0)
		failed = "write of " LG_FILE_INDEX, e = errno;
	else if (aisec_write_all(l->fd_tree, l->flight.tree.data, l->flight.tree.len) != 0)
		failed = "write of " LG_FILE_TREE, e = errno;
	pthread_mutex_lock(&l->mu);
	aisec_buf_reset(&l->flight.log);
	aisec_buf_reset(&l->flight.idx);
	aisec_buf_reset(&l->flight.tree);
	l->syncing = false;
	if (failed) {
		rc = set_fatal(l, failed, e, err);
	} else {
		l->on_file = upto;
		l->log_on_file += log_bytes;
		if (sync) {
			l->stats.log_syncs++;
			l->stats.synced += upto - l->durable;
			l->durable = upto;
		}
		/* bound the recovery scan: every LG_STATE_INTERVAL of synced log */
		if (sync && l->log_on_file - l->state_log_end >= LG_STATE_INTERVAL)
			rc = lg_sync_derived_locked(l, false, err);
	}
	settle_unlock(l);
	return rc;
}

/*
 * Wait until the first `target` entries are on file (sync: durable), leading
 * a round when none is in flight.  Called with mu held, returns without it.
 */
static int commit_unlock(struct aisec_ledger *l, uint64_t target, bool sync,
			 struct aisec_error *err)
{
	struct lg_waiter w;
	int rc = 0;

	sem_init(&w.sem, 0, 0);
	for (;;) {
		if (l->fatal) {
			rc = aisec_error_set(err, l->fatal, "%s", l->fatal_msg);
			break;
		}
		if (l->readonly || reached(l, target, sync))
			break;
		if (!l->syncing) {
			/* target <= size: the round covers it, done unless it failed */
			rc = lead_round_unlock(l, sync, err);
			goto out;
		}
		/* queue up; the leader of the round that satisfies us (or the
		 * one that names us next leader) wakes us */
		w.next = NULL;
		w.target = target;
		w.sync = sync;
		w.state = LG_W_WAIT;
		*l->waiters_tail = &w;
		l->waiters_tail = &w.next;
		pthread_mutex_unlock(&l->mu);
		while (sem_wait(&w.sem) != 0)
			; /* EINTR */
		if (w.state == LG_W_DONE)
			goto out;
		pthread_mutex_lock(&l->mu);
	}
	pthread_mutex_unlock(&l->mu);
out:
	sem_destroy(&w.sem);
	return rc;
}

int lg_commit_locked(struct aisec_ledger *l, uint64_t target, bool sync,
		     struct aisec_error *err)
{
	int rc = commit_unlock(l, target, sync, err);

	pthread_mutex_lock(&l->mu);
	return rc;
}

int lg_sync_derived_locked(struct aisec_ledger *l, bool clean, struct aisec_error *err)
{
	struct lg_state st;
	int rc;

	if (l->readonly || l->durable != l->on_file || l->syncing)
		return 0;
	if (fdatasync(l->fd_idx) != 0)
		return set_fatal(l, "fdatasync of " LG_FILE_INDEX, errno, err);
	if (fdatasync(l->fd_tree) != 0)
		return set_fatal(l, "fdatasync of " LG_FILE_TREE, errno, err);
	st.entries = l->durable;
	st.log_end = l->log_on_file;
	st.clean = clean;
	rc = lg_state_write(l->dir, &st, l->file_mode, err);
	if (rc)
		return set_fatal(l, "write of " LG_FILE_STATE, EIO, err);
	l->state_log_end = st.log_end;
	return 0;
}

/* ---- append --------------------------------------------------------------------- */

/* Sequence one entry into the pending buffers.  mu held. */
static int append_locked(struct aisec_ledger *l, const void *data, size_t len,
			 struct aisec_error *err)
{
	size_t stored = len + (l->has_aead ? LG_AEAD_OVERHEAD : 0);
	uint8_t *rec, leaf[AISEC_HASH_SIZE], e[8];
	size_t at;
	int rc;

	if (l->fatal)
		return aisec_error_set(err, l->fatal, "%s", l->fatal_msg);
	if (l->readonly)
		return aisec_error_set(err, AISEC_ERR_USAGE, "ledger opened read-only");
	if (l->cfg.encrypted && !l->has_aead)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "ledger '%s' is encrypted: appending needs its key", l->dir);
	if (len == 0 || stored > AISEC_LEDGER_ENTRY_MAX)
		return aisec_error_set(err, AISEC_ERR_LIMIT,
				       "entry of %zu bytes: want 1 to %u bytes", len,
				       AISEC_LEDGER_ENTRY_MAX - (l->has_aead ? LG_AEAD_OVERHEAD : 0));
	rc = aisec_buf_grow(&l->pend.log, LG_REC_HEADER + stored);
	if (rc)
		return aisec_error_set(err, rc, "append: %s", aisec_strerror(rc));
	at = l->pend.log.len;
	rec = (uint8_t *)l->pend.log.data + at;
	if (l->has_aead) {
		rc = lg_aead_seal(&l->aead, l->size, data, len, rec + LG_REC_HEADER, err);
		if (rc)
			return rc;
	} else {
		memcpy(rec + LG_REC_HEADER, data, len);
	}
	lg_rec_header(rec, rec + LG_REC_HEADER, (uint32_t)stored, l->size);
	aisec_merkle_leaf_hash(rec + LG_REC_HEADER, stored, leaf);
	lg_put64(e, l->log_end + LG_REC_HEADER + stored);
	rc = aisec_buf_add(&l->pend.idx, e, 8);
	if (!rc)
		rc = tree_add(l, leaf, &l->pend.tree);
	if (rc) {
		/* the buffers were released by the failed growth: nothing half-added stays */
		return set_fatal(l, "buffering", ENOMEM, err);
	}
	l->pend.log.len = at + LG_REC_HEADER + stored;
	l->log_end += LG_REC_HEADER + stored;
	l->size++;
	return 0;
}

/* SYNC_NONE: hand a full buffer to the kernel unless a round is already out. */
static int after_append(struct aisec_ledger *l, struct aisec_error *err)
{
	if (l->pend.log.len >= LG_FLUSH_BYTES && !l->syncing)
		return lg_commit_locked(l, l->size, false, err);
	return 0;
}

int aisec_ledger_append(struct aisec_ledger *l, const void *data, size_t len,
			uint64_t *index, struct aisec_error *err)
{
	struct aisec_ledger_item it = {data, len};

	return aisec_ledger_append_batch(l, &it, 1, index, err);
}

int aisec_ledger_append_batch(struct aisec_ledger *l,
			      const struct aisec_ledger_item *items, size_t n,
			      uint64_t *first, struct aisec_error *err)
{
	uint64_t start, mine;
	int rc = 0;

	pthread_mutex_lock(&l->mu);
	start = l->size;
	for (size_t i = 0; i < n && !rc; i++)
		rc = append_locked(l, items[i].data, items[i].len, err);
	mine = l->size;
	if (!rc && l->sync != AISEC_LEDGER_SYNC_NONE) {
		rc = commit_unlock(l, mine, true, err); /* returns without mu */
	} else {
		if (!rc)
			rc = after_append(l, err);
		pthread_mutex_unlock(&l->mu);
	}
	if (!rc && first)
		*first = start;
	return rc;
}

int aisec_ledger_sync(struct aisec_ledger *l, struct aisec_error *err)
{
	pthread_mutex_lock(&l->mu);
	return commit_unlock(l, l->size, true, err);
}

uint64_t aisec_ledger_unindexed(struct aisec_ledger *l)
{
	/* a reader's size and tail_from are fixed by the open */
	return l->readonly ? l->size - l->tail_from : 0;
}

uint64_t aisec_ledger_size(struct aisec_ledger *l)
{
	uint64_t n;

	pthread_mutex_lock(&l->mu);
	n = l->size;
	pthread_mutex_unlock(&l->mu);
	return n;
}

void aisec_ledger_stats(struct aisec_ledger *l, struct aisec_ledger_stats *out)
{
	pthread_mutex_lock(&l->mu);
	*out = l->stats;
	out->size = l->size;
	out->durable = l->durable;
	pthread_mutex_unlock(&l->mu);
}

uint64_t aisec_ledger_durable_size(struct aisec_ledger *l)
{
	uint64_t n;

	pthread_mutex_lock(&l->mu);
	n = l->durable;
	pthread_mutex_unlock(&l->mu);
	return n;
}

const char *aisec_ledger_origin(const struct aisec_ledger *l)
{
	return l->cfg.origin;
}

const char *aisec_ledger_vkey(const struct aisec_ledger *l)
{
	return l->cfg.vkey[0] ? l->cfg.vkey : NULL;
}

bool aisec_ledger_encrypted(const struct aisec_ledger *l)
{
	return l->cfg.encrypted;
}

int aisec_ledger_close(struct aisec_ledger *l, struct aisec_error *err)
{
	int rc = 0;

	if (!l)
		return 0;
	if (!l->readonly) {
		pthread_mutex_lock(&l->mu);
		rc = lg_commit_locked(l, l->size, true, err);
		if (!rc)
			rc = lg_sync_derived_locked(l, true, err);
		pthread_mutex_unlock(&l->mu);
	}
	ledger_free(l);
	return rc;
}
