/*
 * tiles.c - the C2SP tlog-tiles layout (c2sp.org/tlog-tiles): tile paths
 * and widths, entry bundles, and publishing a ledger's newest checkpoint as
 * a folder of static files any web server or object store can serve.
 *
 * Publishing reads tree.dat, index.dat and entries.log through read-only
 * mappings of the open ledger's files: every tile hash is a node stored in
 * tree.dat (level 8L, index N * 256 + i), so nothing is re-hashed.  Files
 * appear by rename(2) only; one syncfs(2) makes the tiles durable before
 * the checkpoint that refers to them replaces the old one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aisec/tlog.h"
#include "core/core.h"
#include "ledger/store.h"

#define BUNDLE_ENTRY_MAX 65535u

int aisec_tile_path(int level, uint64_t n, unsigned width,
		    struct aisec_buf *out)
{
	char groups[8][5];
	int ng = 0, rc;

	if (level < AISEC_TILE_ENTRIES || level > 63 || width == 0 ||
	    width > AISEC_TILE_WIDTH)
		return AISEC_ERR_USAGE;
	do {
		snprintf(groups[ng++], sizeof(groups[0]), "%03u",
			 (unsigned)(n % 1000));
		n /= 1000;
	} while (n);
	if (level == AISEC_TILE_ENTRIES)
		rc = aisec_buf_adds(out, "tile/entries/");
	else
		rc = aisec_buf_addf(out, "tile/%d/", level);
	for (int i = ng - 1; !rc && i >= 0; i--)
		rc = aisec_buf_addf(out, "%s%s%s", i ? "x" : "", groups[i],
				    i ? "/" : "");
	if (!rc && width < AISEC_TILE_WIDTH)
		rc = aisec_buf_addf(out, ".p/%u", width);
	return rc;
}

unsigned aisec_tile_width(int level, uint64_t n, uint64_t size)
{
	uint64_t count;

	if (level == AISEC_TILE_ENTRIES)
		level = 0;
	if (level < 0 || level >= 8 || n > (UINT64_MAX >> 8) - 1)
		return 0;
	count = size >> (AISEC_TILE_HEIGHT * level); /* hashes at this level */
	if (count >= (n + 1) * AISEC_TILE_WIDTH)
		return AISEC_TILE_WIDTH;
	if (count > n * AISEC_TILE_WIDTH)
		return (unsigned)(count - n * AISEC_TILE_WIDTH);
	return 0;
}

int aisec_tile_bundle_split(const uint8_t *data, size_t len, size_t max,
			    size_t *offsets, size_t *lens, size_t *count,
			    struct aisec_error *err)
{
	size_t pos = 0, n = 0;

	while (pos < len) {
		size_t l;

		if (len - pos < 2)
			return aisec_error_set(
			    err, AISEC_ERR_PARSE,
			    "entry bundle: entry %zu: truncated length", n);
		l = (size_t)data[pos] << 8 | data[pos + 1];
		if (l == 0 || l > len - pos - 2)
			return aisec_error_set(
			    err, AISEC_ERR_PARSE,
			    "entry bundle: entry %zu: length %zu %s", n, l,
			    l ? "runs past the end" : "is empty");
		if (n == max)
			return aisec_error_set(
			    err, AISEC_ERR_PARSE,
			    "entry bundle: more than %zu entries", max);
		offsets[n] = pos + 2;
		lens[n] = l;
		n++;
		pos += 2 + l;
	}
	*count = n;
	return 0;
}

/* ---- publishing ---- */

struct map {
	void *p;
	size_t n;
};

static int map_file(int fd, uint64_t need, const char *what, struct map *m,
		    struct aisec_error *err)
{
	struct stat st;

	m->p = NULL;
	m->n = 0;
	if (need == 0)
		return 0;
	if (fstat(fd, &st) != 0 || (uint64_t)st.st_size < need)
		return aisec_error_set(
		    err, AISEC_ERR_INTEGRITY,
		    "'%s' is shorter than the checkpoint needs", what);
	m->p = mmap(NULL, need, PROT_READ, MAP_SHARED, fd, 0);
	if (m->p == MAP_FAILED) {
		m->p = NULL;
		return aisec_error_set(err, AISEC_ERR_IO, "cannot map '%s': %s",
				       what, strerror(errno));
	}
	m->n = need;
	return 0;
}

static void unmap(struct map *m)
{
	if (m->p)
		munmap(m->p, m->n);
}

struct pub {
	struct aisec_ledger *l;
	const char *out;
	uint64_t size;
	struct map tree, idx, log;
	struct aisec_buf path, tmp, dir, data;
	char last_dir[4096];
	bool no_tmpfile; /* O_TMPFILE or /proc missing: temporary names */
};

/* "<out>/<tile path>" into p->path; 1 when the file exists, 0 when not. */
static int tile_target(struct pub *p, int level, uint64_t n, unsigned w,
		       struct aisec_error *err)
{
	int rc;

	aisec_buf_reset(&p->path);
	rc = aisec_buf_addf(&p->path, "%s/", p->out);
	if (!rc)
		rc = aisec_tile_path(level, n, w, &p->path);
	if (rc)
		return aisec_error_set(err, rc, "tile path: %s",
				       aisec_strerror(rc));
	return access(p->path.data, F_OK) == 0;
}

static int write_all(int fd, const char *d, size_t left)
{
	while (left) {
		ssize_t k = write(fd, d, left);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		d += k;
		left -= (size_t)k;
	}
	return 0;
}

/*
 * Make p->path appear whole: an unnamed O_TMPFILE in its folder linked in
 * by linkat(2) (one directory entry, no temporary name), or where the file
 * system lacks O_TMPFILE a temporary name renamed over it.  No fsync here:
 * the caller syncs the folder once.
 */
static int put_file(struct pub *p, struct aisec_error *err)
{
	char *slash = strrchr(p->path.data, '/'), proc[64];
	size_t dl = (size_t)(slash - p->path.data);
	int fd, rc = 0;

	if (dl >= sizeof(p->last_dir))
		return aisec_error_set(err, AISEC_ERR_LIMIT,
				       "path '%s' is too long", p->path.data);
	if (strlen(p->last_dir) != dl ||
	    memcmp(p->last_dir, p->path.data, dl) != 0) {
		*slash = '\0';
		rc = aisec_mkdirs(p->path.data, err);
		if (!rc)
			memcpy(p->last_dir, p->path.data, dl + 1);
		*slash = '/';
		if (rc)
			return rc;
	}
	fd = p->no_tmpfile
		 ? -1
		 : open(p->last_dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	if (fd >= 0) {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		if (write_all(fd, p->data.data, p->data.len) != 0)
			rc = aisec_error_set(err, AISEC_ERR_IO,
					     "cannot write '%s': %s",
					     p->path.data, strerror(errno));
		else if (linkat(AT_FDCWD, proc, AT_FDCWD, p->path.data,
				AT_SYMLINK_FOLLOW) != 0 &&
			 errno != EEXIST)     /* EEXIST: a concurrent publisher
						 wrote the same tile */
			p->no_tmpfile = true; /* no /proc: fall back below */
		close(fd);
		if (rc || !p->no_tmpfile)
			return rc;
	}
	p->no_tmpfile = true;
	aisec_buf_reset(&p->tmp);
	rc =
	    aisec_buf_addf(&p->tmp, "%s.tmp.%ld", p->path.data, (long)getpid());
	if (rc)
		return aisec_error_set(err, rc, "tile path: %s",
				       aisec_strerror(rc));
	fd = open(p->tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return aisec_error_set(err, AISEC_ERR_IO,
				       "cannot create '%s': %s", p->tmp.data,
				       strerror(errno));
	if (write_all(fd, p->data.data, p->data.len) != 0)
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot write '%s': %s",
				     p->tmp.data, strerror(errno));
	if (close(fd) != 0 && !rc)
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot write '%s': %s",
				     p->tmp.data, strerror(errno));
	if (!rc && rename(p->tmp.data, p->path.data) != 0)
		rc =
		    aisec_error_set(err, AISEC_ERR_IO, "cannot rename '%s': %s",
				    p->tmp.data, strerror(errno));
	if (rc)
		unlink(p->tmp.data);
	return rc;
}

/* The w hashes of tile n at `level` from tree.dat into p->data. */
static int tile_data(struct pub *p, int level, uint64_t n, unsigned w,
		     struct aisec_error *err)
{
	unsigned tl = (unsigned)(AISEC_TILE_HEIGHT * level);
	int rc;

	aisec_buf_reset(&p->data);
	rc = aisec_buf_grow(&p->data, (size_t)w * AISEC_HASH_SIZE);
	if (rc)
		return aisec_error_set(err, rc, "tile: %s", aisec_strerror(rc));
	for (unsigned i = 0; i < w; i++) {
		uint64_t off = lg_stored_index(tl, n * AISEC_TILE_WIDTH + i) *
			       AISEC_HASH_SIZE;

		if (off + AISEC_HASH_SIZE > p->tree.n)
			return aisec_error_set(
			    err, AISEC_ERR_INTEGRITY,
			    "'%s/" LG_FILE_TREE "' lacks node %u/%llu",
			    p->l->dir, tl,
			    (unsigned long long)(n * AISEC_TILE_WIDTH + i));
		memcpy(p->data.data + (size_t)i * AISEC_HASH_SIZE,
		       (const uint8_t *)p->tree.p + off, AISEC_HASH_SIZE);
	}
	p->data.len = (size_t)w * AISEC_HASH_SIZE;
	return 0;
}

/* The entries of bundle n (w of them) into p->data. */
static int bundle_data(struct pub *p, uint64_t n, unsigned w,
		       struct aisec_error *err)
{
	const uint8_t *idx = p->idx.p, *log = p->log.p;
	int rc;

	aisec_buf_reset(&p->data);
	for (unsigned i = 0; i < w; i++) {
		uint64_t e = n * AISEC_TILE_WIDTH + i, got;
		uint64_t start =
		    e ? lg_get64(idx + (e - 1) * 8) : LG_LOG_HEADER;
		uint64_t end = lg_get64(idx + e * 8);
		const uint8_t *pl;
		uint32_t len;

		if (end <= start || end > p->log.n ||
		    lg_rec_decode(log + start, (size_t)(end - start), e, &pl,
				  &len, &got) != LG_REC_OK)
			return aisec_error_set(
			    err, AISEC_ERR_INTEGRITY,
			    "'%s/" LG_FILE_LOG "' entry %llu: record damaged "
			    "(run aisec ledger verify)",
			    p->l->dir, (unsigned long long)e);
		if (len > BUNDLE_ENTRY_MAX)
			return aisec_error_set(
			    err, AISEC_ERR_LIMIT,
			    "entry %llu has %u bytes: entry bundles hold at "
			    "most 65535 (publish hashes only)",
			    (unsigned long long)e, len);
		rc = aisec_buf_grow(&p->data, 2 + (size_t)len);
		if (rc)
			return aisec_error_set(err, rc, "bundle: %s",
					       aisec_strerror(rc));
		p->data.data[p->data.len++] = (char)(len >> 8);
		p->data.data[p->data.len++] = (char)len;
		memcpy(p->data.data + p->data.len, pl, len);
		p->data.len += len;
	}
	return 0;
}

/* Write every missing tile (level >= 0) or bundle (AISEC_TILE_ENTRIES) of the
 * tree. */
static int put_level(struct pub *p, int level, uint64_t *written,
		     uint64_t *kept, struct aisec_error *err)
{
	for (uint64_t n = 0;; n++) {
		unsigned w = aisec_tile_width(level, n, p->size);
		int rc;

		if (!w)
			return 0;
		rc = tile_target(p, level, n, w, err);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			(*kept)++;
			continue;
		}
		rc = level == AISEC_TILE_ENTRIES
			 ? bundle_data(p, n, w, err)
			 : tile_data(p, level, n, w, err);
		if (!rc)
			rc = put_file(p, err);
		if (rc)
			return rc;
		(*written)++;
	}
}

/*
 * A checkpoint already in `out` must be ours: same origin, a prefix of the
 * tree.  *same is set when it is exactly this tree head.
 */
static int check_published(struct pub *p, const struct aisec_checkpoint *cp,
			   bool *same, struct aisec_error *err)
{
	struct aisec_checkpoint old;
	struct aisec_buf b;
	uint8_t root[AISEC_HASH_SIZE];
	int rc;

	*same = false;
	aisec_buf_init(&b, 1 << 20);
	aisec_buf_reset(&p->path);
	rc = aisec_buf_addf(&p->path, "%s/checkpoint", p->out);
	if (!rc)
		rc = aisec_file_read(p->path.data, &b, err);
	if (rc == AISEC_ERR_NOTFOUND) {
		rc = 0;
		goto out;
	}
	if (rc)
		goto out;
	rc = aisec_checkpoint_parse(b.data, b.len, &old, err);
	if (rc) {
		aisec_error_prefix(err, "'%s'", p->path.data);
		goto out;
	}
	if (strcmp(old.origin, cp->origin) != 0 || old.size > cp->size) {
		rc = aisec_error_set(
		    err, AISEC_ERR_INTEGRITY,
		    "'%s' holds a checkpoint of origin '%s' size %llu: not a "
		    "prefix of ledger '%s' (origin '%s' size %llu)",
		    p->path.data, old.origin, (unsigned long long)old.size,
		    p->l->dir, cp->origin, (unsigned long long)cp->size);
		goto out;
	}
	rc = aisec_ledger_root(p->l, old.size, root, err);
	if (!rc && memcmp(root, old.root, AISEC_HASH_SIZE) != 0)
		rc = aisec_error_set(err, AISEC_ERR_INTEGRITY,
				     "'%s': its root at size %llu differs from "
				     "ledger '%s': the published log forked",
				     p->path.data, (unsigned long long)old.size,
				     p->l->dir);
	*same = !rc && old.size == cp->size;
out:
	aisec_buf_release(&b);
	return rc;
}

static int sync_out(const char *out, struct aisec_error *err)
{
	int fd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0 || syncfs(fd) != 0)
		rc = aisec_error_set(err, AISEC_ERR_IO, "cannot sync '%s': %s",
				     out, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

int aisec_ledger_publish_tiles(struct aisec_ledger *l, const char *out,
			       const struct aisec_tiles_opts *opts,
			       struct aisec_tiles_stats *stats,
			       struct aisec_error *err)
{
	struct aisec_tiles_stats st = {0};
	struct aisec_checkpoint cp;
	struct aisec_buf note;
	struct pub p;
	bool same = false, entries = !(opts && opts->hashes_only);
	int rc;

	memset(&p, 0, sizeof(p));
	p.l = l;
	p.out = out;
	aisec_buf_init(&note, 1 << 20);
	aisec_buf_init(&p.path, 0);
	aisec_buf_init(&p.tmp, 0);
	aisec_buf_init(&p.data, 0);
	rc = aisec_ledger_checkpoint_note(l, 0, &note, err);
	if (!rc)
		rc = aisec_checkpoint_parse(note.data, note.len, &cp, err);
	if (rc)
		goto out;
	p.size = st.size = cp.size;
	rc = aisec_mkdirs(out, err);
	if (!rc)
		rc = check_published(&p, &cp, &same, err);
	if (rc)
		goto out;
	rc = map_file(l->fd_tree, lg_stored_count(cp.size) * AISEC_HASH_SIZE,
		      LG_FILE_TREE, &p.tree, err);
	if (!rc && entries)
		rc = map_file(l->fd_idx, cp.size * 8, LG_FILE_INDEX, &p.idx,
			      err);
	if (!rc && entries && cp.size)
		rc = map_file(
		    l->fd_log,
		    lg_get64((const uint8_t *)p.idx.p + (cp.size - 1) * 8),
		    LG_FILE_LOG, &p.log, err);
	for (int level = 0; !rc && level < 8; level++)
		rc = put_level(&p, level, &st.tiles_written, &st.tiles_kept,
			       err);
	if (!rc && entries)
		rc = put_level(&p, AISEC_TILE_ENTRIES, &st.bundles_written,
			       &st.bundles_kept, err);
	if (!rc)
		rc = sync_out(out, err);
	if (rc)
		goto out;
	st.checkpoint_kept = same;
	if (!same) {
		aisec_buf_reset(&p.path);
		rc = aisec_buf_addf(&p.path, "%s/checkpoint", out);
		if (!rc)
			rc = aisec_file_write_atomic(p.path.data, note.data,
						     note.len, 0644, err);
	}
out:
	if (stats)
		*stats = st;
	unmap(&p.tree);
	unmap(&p.idx);
	unmap(&p.log);
	aisec_buf_release(&note);
	aisec_buf_release(&p.path);
	aisec_buf_release(&p.tmp);
	aisec_buf_release(&p.data);
	return rc;
}
