/*
 * verify.c - complete, read-only verification of a ledger directory (what
 * `aisec ledger verify` and the assessment run) and the offline check of one
 * entry against a proof and a signed checkpoint (what an auditor runs).
 *
 * The verifier trusts nothing in the directory but the bytes of
 * entries.log: it re-reads every record, re-hashes every leaf, rebuilds the
 * tree, and compares with index.dat, tree.dat, every stored signed
 * checkpoint, the state file and an optional checkpoint held elsewhere.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core.h"
#include "ledger/store.h"

static int map_file(const char *dir, const char *name, struct lg_map *m,
		    struct aisec_error *err)
{
	struct aisec_buf path;
	struct stat sb;
	int fd, rc = 0;

	m->p = NULL;
	m->n = 0;
	aisec_buf_init(&path, 0);
	if (lg_path(&path, dir, name) != 0)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	fd = open(path.data, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = aisec_error_set(err, AISEC_ERR_INTEGRITY, "'%s' is missing", path.data);
		goto out;
	}
	if (fstat(fd, &sb) == 0 && sb.st_size > 0) {
		void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);

		if (p == MAP_FAILED) {
			rc = aisec_error_set(err, AISEC_ERR_IO, "cannot map '%s'", path.data);
		} else {
			madvise(p, (size_t)sb.st_size, MADV_SEQUENTIAL);
			m->p = p;
			m->n = (size_t)sb.st_size;
		}
	}
	close(fd);
out:
	aisec_buf_release(&path);
	return rc;
}

static void unmap(struct lg_map *m)
{
	if (m->p)
		munmap((void *)m->p, m->n);
}

struct cp_item {
	uint64_t size;
	uint8_t root[AISEC_HASH_SIZE];
	char what[64];
};

struct vstate {
	const char *dir;
	struct aisec_ledger_report *out;
	struct aisec_note_key key;
	bool have_key;
	struct cp_item *cps;
	size_t ncp, capcp;
};

static int problem(struct vstate *v, uint64_t index, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int problem(struct vstate *v, uint64_t index, int code, const char *fmt, ...)
{
	va_list ap;

	v->out->state = AISEC_LEDGER_BROKEN;
	v->out->problem_index = index;
	va_start(ap, fmt);
	vsnprintf(v->out->problem, sizeof(v->out->problem), fmt, ap);
	va_end(ap);
	return code;
}

/* Check one signed checkpoint note and remember its (size, root). */
static int add_checkpoint(struct vstate *v, const char *origin, const char *note,
			  size_t len, const char *what, struct aisec_error *err)
{
	struct aisec_checkpoint cp;
	struct aisec_error e;
	size_t tl;
	int rc;

	if (v->have_key) {
		rc = aisec_note_verify(note, len, &v->key, 1, &tl, &e);
		if (rc)
			return problem(v, UINT64_MAX, AISEC_ERR_VERIFY,
				       "%s: signature: %s", what, e.msg);
	} else {
		rc = aisec_note_text_len(note, len, &tl, &e);
		if (rc)
			return problem(v, UINT64_MAX, AISEC_ERR_INTEGRITY, "%s: %s", what, e.msg);
	}
	rc = aisec_checkpoint_parse(note, tl, &cp, &e);
	if (rc)
		return problem(v, UINT64_MAX, AISEC_ERR_INTEGRITY, "%s: %s", what, e.msg);
	if (strcmp(cp.origin, origin) != 0)
		return problem(v, UINT64_MAX, AISEC_ERR_INTEGRITY,
			       "%s: origin '%s' is not the ledger's '%s'", what,
			       cp.origin, origin);
	if (v->ncp == v->capcp) {
		size_t cap = v->capcp ? v->capcp * 2 : 8;
		struct cp_item *n = realloc(v->cps, cap * sizeof(*n));

		if (!n)
			return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		v->cps = n;
		v->capcp = cap;
	}
	v->cps[v->ncp].size = cp.size;
	memcpy(v->cps[v->ncp].root, cp.root, AISEC_HASH_SIZE);
	snprintf(v->cps[v->ncp].what, sizeof(v->cps[v->ncp].what), "%s", what);
	v->ncp++;
	if (cp.size >= v->out->checkpoint_size) {
		v->out->checkpoint_size = cp.size;
		v->out->checkpoint_signed = v->have_key;
	}
	return 0;
}

static int load_checkpoints(struct vstate *v, const char *origin,
			    const struct aisec_ledger_verify_opts *o,
			    struct aisec_error *err)
{
	struct aisec_buf path, note;
	uint64_t *sizes = NULL;
	size_t n = 0;
	int rc;

	aisec_buf_init(&path, 0);
	aisec_buf_init(&note, 1 << 20);
	rc = lg_checkpoint_list(v->dir, &sizes, &n, err);
	for (size_t i = 0; !rc && i <= n; i++) {
		char what[64];

		aisec_buf_reset(&note);
		if (i < n) {
			snprintf(what, sizeof(what), "checkpoints/%llu",
				 (unsigned long long)sizes[i]);
			rc = aisec_buf_addf(&path, "%s/%s", v->dir, what);
		} else {
			snprintf(what, sizeof(what), LG_FILE_CHECKPOINT);
			rc = lg_path(&path, v->dir, LG_FILE_CHECKPOINT);
		}
		if (!rc)
			rc = aisec_file_read(path.data, &note, NULL);
		aisec_buf_reset(&path);
		if (rc == AISEC_ERR_NOTFOUND && i == n) {
			rc = n ? problem(v, UINT64_MAX, AISEC_ERR_INTEGRITY,
					 "'checkpoint' is missing but checkpoints/ holds %zu", n)
			       : 0;
			break;
		}
		if (rc) {
			rc = aisec_error_set(err, rc, "cannot read '%s/%s'", v->dir, what);
			break;
		}
		rc = add_checkpoint(v, origin, note.data, note.len, what, err);
		if (!rc && i < n && v->cps[v->ncp - 1].size != sizes[i])
			rc = problem(v, UINT64_MAX, AISEC_ERR_INTEGRITY,
				     "%s: body says size %llu", what,
				     (unsigned long long)v->cps[v->ncp - 1].size);
	}
	if (!rc && o && o->checkpoint) {
		if (!v->have_key)
			rc = aisec_error_set(err, AISEC_ERR_USAGE,
					     "checking a given checkpoint needs a verifier key");
		else
			rc = add_checkpoint(v, origin, o->checkpoint, o->checkpoint_len,
					    "the given checkpoint", err);
	}
	free(sizes);
	aisec_buf_release(&path);
	aisec_buf_release(&note);
	return rc;
}

static int cmp_cp(const void *a, const void *b)
{
	const struct cp_item *x = a, *y = b;

	return x->size < y->size ? -1 : x->size > y->size;
}

static void frontier_root(uint8_t fr[64][AISEC_HASH_SIZE], uint64_t n,
			  uint8_t out[AISEC_HASH_SIZE])
{
	bool have = false;

	if (n == 0) {
		EVP_Digest("", 0, out, NULL, EVP_sha256(), NULL);
		return;
	}
	for (unsigned L = 0; L < 64; L++) {
		if (!(n >> L & 1))
			continue;
		if (!have)
			memcpy(out, fr[L], AISEC_HASH_SIZE);
		else
			aisec_merkle_node_hash(fr[L], out, out);
		have = true;
	}
}

/* Complete subtree (level, k) from a mapped tree.dat already checked. */
static int map_node(void *ctx, unsigned level, uint64_t k, uint8_t out[AISEC_HASH_SIZE],
		    struct aisec_error *err)
{
	const struct lg_map *tree = ctx;
	uint64_t pos = lg_stored_index(level, k);

	if ((pos + 1) * AISEC_HASH_SIZE > tree->n)
		return aisec_error_set(err, AISEC_ERR_INTEGRITY, "tree.dat too short");
	memcpy(out, tree->p + pos * AISEC_HASH_SIZE, AISEC_HASH_SIZE);
	return 0;
}

/* The frontier of a tree of n leaves, from a mapped tree.dat already checked. */
static void load_frontier(const struct lg_map *tree, uint64_t n,
			  uint8_t fr[64][AISEC_HASH_SIZE])
{
	uint64_t pos = 0;

	for (int L = 63; L >= 0; L--) {
		if (!(n >> L & 1))
			continue;
		map_node((void *)tree, (unsigned)L, pos >> L, fr[L], NULL);
		pos += (uint64_t)1 << L;
	}
}

/* The scan over entries.log: every record, leaf, node and checkpoint. */
static int scan(struct vstate *v, const struct lg_map *log,
		const struct lg_map *idx, const struct lg_map *tree, struct aisec_error *err)
{
	/* the durable mark (store.h, I7): entries the index files cover */
	uint64_t n_cov = lg_leaves_for_hashes(tree->n / AISEC_HASH_SIZE);
	uint64_t mark = idx->n / 8 < n_cov ? idx->n / 8 : n_cov;
	uint8_t fr[64][AISEC_HASH_SIZE], leaf[AISEC_HASH_SIZE], root[AISEC_HASH_SIZE];
	uint64_t n_idx = idx->n / 8, n_hash = tree->n / AISEC_HASH_SIZE, i = 0;
	size_t off = LG_LOG_HEADER, j = 0;
	struct aisec_ledger_report *out = v->out;
	uint64_t fast = lg_verify_prefix(log, idx, tree);

	while (j < v->ncp && v->cps[j].size == 0) {
		frontier_root(fr, 0, root);
		if (memcmp(root, v->cps[j].root, AISEC_HASH_SIZE) != 0)
			return problem(v, 0, AISEC_ERR_INTEGRITY,
				       "%s: a size-0 checkpoint must carry the empty root",
				       v->cps[j].what);
		j++;
	}
	if (fast) {
		/* entries [0, fast) and their nodes were checked in parallel;
		 * tree.dat is now trusted up to there */
		struct aisec_merkle_source src = {map_node, (void *)tree};
		struct aisec_error e;

		while (j < v->ncp && v->cps[j].size <= fast) {
			if (aisec_merkle_root(&src, v->cps[j].size, root, &e) != 0 ||
			    memcmp(root, v->cps[j].root, AISEC_HASH_SIZE) != 0)
				return problem(v, v->cps[j].size - 1, AISEC_ERR_INTEGRITY,
					       "%s: the first %llu entries hash to a different root (entries altered, or a fork)",
					       v->cps[j].what, (unsigned long long)v->cps[j].size);
			j++;
		}
		load_frontier(tree, fast, fr);
		i = fast;
		off = lg_get64(idx->p + 8 * (fast - 1));
	}
	while (off < log->n) {
		const uint8_t *pl;
		uint32_t len;
		uint64_t got, s = lg_stored_count(i);
		enum lg_rec_status st;
		unsigned L = 0;

		st = lg_rec_decode(log->p + off, log->n - off, i, &pl, &len, &got);
		if (st != LG_REC_OK) {
			if (lg_rec_later_valid(log->p + off, log->n - off, i))
				return problem(v, i, AISEC_ERR_INTEGRITY,
					       "entry %llu at offset %zu of " LG_FILE_LOG ": record damaged or altered (%s) before later valid records",
					       (unsigned long long)i, off,
					       st == LG_REC_SHORT ? "length" : "CRC32C, length or index");
			if (i < mark)
				return problem(v, i, AISEC_ERR_INTEGRITY,
					       "entry %llu at offset %zu of " LG_FILE_LOG ": record damaged or cut (%s), but the index files show %llu entries were written: damage, not a torn tail",
					       (unsigned long long)i, off,
					       st == LG_REC_SHORT ? "length" : "CRC32C, length or index",
					       (unsigned long long)mark);
			out->torn_bytes = log->n - off;
			break;
		}
		off += LG_REC_HEADER + len;
		if (i < n_idx && lg_get64(idx->p + 8 * i) != off)
			return problem(v, i, AISEC_ERR_INTEGRITY,
				       "entry %llu: " LG_FILE_INDEX " says it ends at %llu, the log at %zu",
				       (unsigned long long)i,
				       (unsigned long long)lg_get64(idx->p + 8 * i), off);
		aisec_merkle_leaf_hash(pl, len, leaf);
		if (s < n_hash && memcmp(tree->p + s * AISEC_HASH_SIZE, leaf, AISEC_HASH_SIZE) != 0)
			return problem(v, i, AISEC_ERR_INTEGRITY,
				       "entry %llu: leaf hash differs from " LG_FILE_TREE,
				       (unsigned long long)i);
		while (i >> L & 1) {
			aisec_merkle_node_hash(fr[L], leaf, leaf);
			L++;
			if (s + L < n_hash &&
			    memcmp(tree->p + (s + L) * AISEC_HASH_SIZE, leaf, AISEC_HASH_SIZE) != 0)
				return problem(v, i, AISEC_ERR_INTEGRITY,
					       "entry %llu: node at level %u differs from " LG_FILE_TREE,
					       (unsigned long long)i, L);
		}
		memcpy(fr[L], leaf, AISEC_HASH_SIZE);
		i++;
		while (j < v->ncp && v->cps[j].size == i) {
			frontier_root(fr, i, root);
			if (memcmp(root, v->cps[j].root, AISEC_HASH_SIZE) != 0)
				return problem(v, i - 1, AISEC_ERR_INTEGRITY,
					       "%s: the first %llu entries hash to a different root (entries altered, or a fork)",
					       v->cps[j].what, (unsigned long long)i);
			j++;
		}
	}
	if (i < mark)
		return problem(v, i, AISEC_ERR_INTEGRITY,
			       "entry %llu is missing from " LG_FILE_LOG ", but the index files show %llu entries were written: entries were removed",
			       (unsigned long long)i, (unsigned long long)mark);
	out->entries = i;
	out->bytes = log->n;
	frontier_root(fr, i, out->root);
	if (j < v->ncp)
		return problem(v, i, AISEC_ERR_INTEGRITY,
			       "%s covers %llu entries but the ledger holds %llu (truncated or rolled back)",
			       v->cps[v->ncp - 1].what,
			       (unsigned long long)v->cps[v->ncp - 1].size,
			       (unsigned long long)i);
	{
		uint64_t n_tree = lg_leaves_for_hashes(n_hash);
		uint64_t indexed = n_idx < n_tree ? n_idx : n_tree;

		out->unindexed = i > indexed ? i - indexed : 0;
	}
	(void)err;
	return 0;
}

int aisec_ledger_verify(const char *dir, const struct aisec_ledger_verify_opts *opts,
			struct aisec_ledger_report *out, struct aisec_error *err)
{
	struct vstate v;
	struct lg_config cfg;
	struct lg_state st;
	bool have_state;
	struct lg_map log = {0}, idx = {0}, tree = {0};
	const char *vkey;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&v, 0, sizeof(v));
	out->problem_index = UINT64_MAX;
	v.dir = dir;
	v.out = out;
	rc = lg_config_read(dir, &cfg, err);
	if (rc == AISEC_ERR_NOTFOUND) {
		out->state = AISEC_LEDGER_MISSING;
		snprintf(out->problem, sizeof(out->problem), "no ledger at '%s'", dir);
		return aisec_error_set(err, rc, "no ledger at '%s'", dir);
	}
	if (rc)
		return problem(&v, UINT64_MAX, rc, "%s", err ? err->msg : "bad ledger.json");
	vkey = opts && opts->trusted_vkey ? opts->trusted_vkey : (cfg.vkey[0] ? cfg.vkey : NULL);
	if (vkey) {
		rc = aisec_note_key_parse_vkey(vkey, strlen(vkey), &v.key, err);
		if (rc)
			return rc;
		v.have_key = true;
		out->trusted_key = opts && opts->trusted_vkey;
		if (out->trusted_key && cfg.vkey[0]) {
			struct aisec_note_key rec;

			if (aisec_note_key_parse_vkey(cfg.vkey, strlen(cfg.vkey), &rec, NULL) != 0 ||
			    rec.id != v.key.id || memcmp(rec.pub, v.key.pub, 32) != 0) {
				rc = problem(&v, UINT64_MAX, AISEC_ERR_VERIFY,
					     "the ledger records a different signer key than the trusted one");
				goto out;
			}
		}
	}
	rc = load_checkpoints(&v, cfg.origin, opts, err);
	if (rc)
		goto out;
	if (v.ncp > 1)
		qsort(v.cps, v.ncp, sizeof(*v.cps), cmp_cp);
	/* the state first: a writer fsyncs the files before it writes the
	 * state, so the files mapped after it cover at least what it says */
	{
		struct aisec_error serr;
		int src = lg_state_read(dir, &st, &serr);

		/* no state is a ledger never synced; a damaged one is damage, as
		 * for a writer, which refuses to open the ledger then */
		if (src && src != AISEC_ERR_NOTFOUND) {
			rc = problem(&v, UINT64_MAX, src, "%s", serr.msg);
			goto out;
		}
		have_state = src == 0;
	}
	/* index files before the log: a writer appends the log first, so the
	 * log mapped last covers every entry they do */
	rc = map_file(dir, LG_FILE_INDEX, &idx, err);
	if (!rc)
		rc = map_file(dir, LG_FILE_TREE, &tree, err);
	if (!rc)
		rc = map_file(dir, LG_FILE_LOG, &log, err);
	if (rc) {
		rc = problem(&v, UINT64_MAX, rc, "%s", err ? err->msg : "missing file");
		goto out;
	}
	if (log.n < LG_LOG_HEADER || memcmp(log.p, LG_LOG_MAGIC, 8) != 0 ||
	    lg_get32(log.p + 8) != 1 ||
	    ((lg_get32(log.p + 12) & LG_FLAG_ENCRYPTED) != 0) != cfg.encrypted) {
		rc = problem(&v, UINT64_MAX, AISEC_ERR_INTEGRITY,
			     LG_FILE_LOG ": bad or missing header");
		goto out;
	}
	rc = scan(&v, &log, &idx, &tree, err);
	if (rc)
		goto out;
	if (have_state && (idx.n / 8 < st.entries ||
			   lg_leaves_for_hashes(tree.n / AISEC_HASH_SIZE) < st.entries) &&
	    st.entries <= out->entries) {
		/* the state is written only after index and tree were synced past it */
		rc = problem(&v, st.entries, AISEC_ERR_INTEGRITY,
			     "the state records %llu synced entries but " LG_FILE_INDEX " covers %llu "
			     "and " LG_FILE_TREE " %llu: the index files were damaged (" LG_FILE_LOG
			     " holds every entry)",
			     (unsigned long long)st.entries, (unsigned long long)(idx.n / 8),
			     (unsigned long long)lg_leaves_for_hashes(tree.n / AISEC_HASH_SIZE));
		goto out;
	}
	if (have_state && (st.entries > out->entries || st.log_end > log.n)) {
		rc = problem(&v, out->entries, AISEC_ERR_INTEGRITY,
			     "the ledger synced %llu entries (%llu bytes) but holds %llu (%llu bytes): entries were removed",
			     (unsigned long long)st.entries, (unsigned long long)st.log_end,
			     (unsigned long long)out->entries, (unsigned long long)log.n);
		goto out;
	}
	out->state = AISEC_LEDGER_VERIFIED;
out:
	if (rc && out->state == AISEC_LEDGER_BROKEN && err)
		aisec_error_set(err, rc, "ledger '%s': %s", dir, out->problem);
	unmap(&log);
	unmap(&idx);
	unmap(&tree);
	free(v.cps);
	return rc;
}

int aisec_ledger_verify_dir(const char *dir, const char *trusted_vkey_or_null,
			    struct aisec_ledger_report *out, struct aisec_error *err)
{
	struct aisec_ledger_verify_opts o = {trusted_vkey_or_null, NULL, 0};

	return aisec_ledger_verify(dir, &o, out, err);
}

int aisec_ledger_verify_entry_proof(const struct aisec_ledger_entry_evidence *ev,
				    struct aisec_checkpoint *cp_out,
				    struct aisec_error *err)
{
	struct aisec_note_key key;
	struct aisec_checkpoint cp;
	uint8_t leaf[AISEC_HASH_SIZE];
	size_t tl;
	int rc;

	rc = aisec_note_key_parse_vkey(ev->vkey, ev->vkey_len, &key, err);
	if (!rc)
		rc = aisec_note_verify(ev->note, ev->note_len, &key, 1, &tl, err);
	if (!rc)
		rc = aisec_checkpoint_parse(ev->note, tl, &cp, err);
	if (rc)
		return rc;
	aisec_merkle_leaf_hash(ev->entry, ev->entry_len, leaf);
	if (aisec_merkle_verify_inclusion(ev->proof->index, cp.size, leaf, &ev->proof->proof,
					  cp.root) != 0)
		return aisec_error_set(err, AISEC_ERR_VERIFY,
				       "the entry is not at index %llu of checkpoint '%s' size %llu",
				       (unsigned long long)ev->proof->index, cp.origin,
				       (unsigned long long)cp.size);
	if (cp_out)
		*cp_out = cp;
	return 0;
}
