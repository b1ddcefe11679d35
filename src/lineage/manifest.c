/*
 * manifest.c - digest manifests: walk an artefact, hash its files (whole or
 * in shards) on the thread pool, compute the artefact digest, and read and
 * write the manifest JSON; compare two manifests file by file.
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "lineage/lineage.h"

void aisec_manifest_free(struct aisec_manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nfiles; i++) {
		free(m->files[i].path);
		free(m->files[i].shards);
	}
	for (size_t i = 0; i < m->nskipped; i++) {
		free(m->skipped[i].path);
		free(m->skipped[i].reason);
	}
	free(m->files);
	free(m->skipped);
	free(m->name);
	free(m);
}

static char *base_name(const char *path)
{
	char *n = lin_path_normalise(path), *copy, *b;

	if (!n)
		return NULL;
	copy = strdup(basename(n));
	free(n);
	b = copy;
	return b;
}

/* Artefact digest from the file digests (see lineage.h). */
static int compute_digest(struct aisec_manifest *m)
{
	size_t n = 0, k = 0;
	uint8_t(*mds)[AISEC_SHA256_LEN];

	if (!m->is_dir && m->nfiles == 1 && m->files[0].whole) {
		memcpy(m->digest, m->files[0].sha256, AISEC_SHA256_LEN);
		return 0;
	}
	for (size_t i = 0; i < m->nfiles; i++)
		n += m->files[i].whole ? 1 : m->files[i].nshards;
	mds = malloc((n ? n : 1) * sizeof(*mds));
	if (!mds)
		return AISEC_ERR_NOMEM;
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct aisec_manifest_file *f = &m->files[i];

		if (f->whole)
			memcpy(mds[k++], f->sha256, AISEC_SHA256_LEN);
		for (size_t s = 0; !f->whole && s < f->nshards; s++)
			memcpy(mds[k++], f->shards[s].sha256, AISEC_SHA256_LEN);
	}
	k = (size_t)lin_root_digest((const uint8_t(*)[AISEC_SHA256_LEN])mds, n,
				    m->digest);
	free(mds);
	return k ? AISEC_ERR_NOMEM : 0;
}

/* Tasks for the walk: one per file, or one per shard (empty files none). */
static int make_tasks(const struct lin_walk *w, uint64_t shard,
		      struct lin_task **out, size_t *nout)
{
	size_t n = 0, k = 0;
	struct lin_task *t;

	for (size_t i = 0; i < w->n; i++)
		n += shard ? (size_t)((w->v[i].size + shard - 1) / shard) : 1;
	t = calloc(n ? n : 1, sizeof(*t));
	if (!t)
		return AISEC_ERR_NOMEM;
	for (size_t i = 0; i < w->n; i++) {
		if (!shard) {
			t[k].path = w->v[i].abs;
			t[k++].len = w->v[i].size;
			continue;
		}
		for (uint64_t off = 0; off < w->v[i].size; off += shard) {
			uint64_t end = off + shard;

			if (end > w->v[i].size)
				end = w->v[i].size;
			t[k].path = w->v[i].abs;
			t[k].off = off;
			t[k++].len = end - off;
		}
	}
	*out = t;
	*nout = k;
	return 0;
}

/* Move the task results into the manifest; unreadable files are skipped or fail. */
static int collect(struct aisec_manifest *m, struct lin_walk *w,
		   const struct lin_task *t, uint64_t shard,
		   const struct aisec_digest_opts *o, struct aisec_error *err)
{
	size_t k = 0;

	m->files = calloc(w->n ? w->n : 1, sizeof(*m->files));
	if (!m->files)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < w->n; i++) {
		const struct lin_entry *e = &w->v[i];
		size_t ns = shard ? (size_t)((e->size + shard - 1) / shard) : 1;
		struct aisec_manifest_file *f = &m->files[m->nfiles];
		int bad = 0;
		bool changed = false;

		for (size_t s = 0; s < ns; s++) {
			if (t[k + s].error && !bad)
				bad = t[k + s].error;
			changed |= t[k + s].changed;
		}
		if (bad) {
			if (!o->skip_unreadable)
				return aisec_error_set(
					err, AISEC_ERR_IO,
					"cannot read '%s': %s; use "
					"--skip-unreadable to leave it out",
					e->abs, strerror(bad));
			if (lin_walk_skip(w, e->rel, strerror(bad)))
				return aisec_error_set(err, AISEC_ERR_NOMEM,
						       "out of memory");
			k += ns;
			continue;
		}
		if (changed)
			return aisec_error_set(err, AISEC_ERR_IO,
					       "'%s' changed while it was "
					       "hashed",
					       e->abs);
		f->path = *e->rel ? strdup(e->rel) : base_name(e->abs);
		if (!f->path)
			return aisec_error_set(err, AISEC_ERR_NOMEM,
					       "out of memory");
		f->size = e->size;
		m->nfiles++;
		m->total_bytes += e->size;
		if (!shard) {
			f->whole = true;
			memcpy(f->sha256, t[k].md, AISEC_SHA256_LEN);
			k++;
			continue;
		}
		f->shards = calloc(ns ? ns : 1, sizeof(*f->shards));
		if (!f->shards)
			return aisec_error_set(err, AISEC_ERR_NOMEM,
					       "out of memory");
		for (size_t s = 0; s < ns; s++, k++) {
			f->shards[s].start = t[k].off;
			f->shards[s].end = t[k].off + t[k].len;
			memcpy(f->shards[s].sha256, t[k].md, AISEC_SHA256_LEN);
		}
		f->nshards = ns;
	}
	return 0;
}

int aisec_manifest_build(const char *path,
			 const struct aisec_digest_opts *opts,
			 struct aisec_manifest **out, struct aisec_error *err)
{
	struct aisec_digest_opts none = {0};
	const struct aisec_digest_opts *o = opts ? opts : &none;
	struct lin_walk w;
	struct lin_task *t = NULL;
	struct aisec_manifest *m;
	size_t nt = 0;
	int rc;

	rc = lin_walk(path, o, &w, err);
	if (rc)
		return rc;
	m = calloc(1, sizeof(*m));
	if (!m || !(m->name = base_name(path)) ||
	    make_tasks(&w, o->shard_size, &t, &nt) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	m->is_dir = w.is_dir;
	m->shard_size = o->shard_size;
	rc = lin_hash_tasks(t, nt, o, err);
	if (!rc)
		rc = collect(m, &w, t, o->shard_size, o, err);
	if (!rc && compute_digest(m) != 0)
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if (rc)
		goto out;
	m->skipped = w.skipped;
	m->nskipped = w.nskipped;
	w.skipped = NULL;
	w.nskipped = 0;
	*out = m;
	m = NULL;
out:
	free(t);
	lin_walk_release(&w);
	aisec_manifest_free(m);
	return rc;
}

static json_t *hexstr(const uint8_t *md)
{
	char hex[2 * AISEC_SHA256_LEN + 1];

	lin_hex(md, AISEC_SHA256_LEN, hex);
	return json_string(hex);
}

int aisec_manifest_to_json(const struct aisec_manifest *m,
			   struct aisec_buf *out)
{
	json_t *root = json_object(), *ser = json_object(), *files = json_array();
	int rc;

	json_object_set_new(root, "_type", json_string(LIN_MANIFEST_TYPE));
	json_object_set_new(root, "name", json_string(m->name));
	json_object_set_new(root, "kind",
			    json_string(m->is_dir ? "directory" : "file"));
	json_object_set_new(ser, "method",
			    json_string(m->shard_size ? "shards" : "files"));
	json_object_set_new(ser, "hash_type", json_string("sha256"));
	if (m->shard_size)
		json_object_set_new(ser, "shard_size",
				    json_integer((json_int_t)m->shard_size));
	json_object_set_new(root, "serialization", ser);
	json_object_set_new(root, "digest",
			    json_pack("{s:o}", "sha256", hexstr(m->digest)));
	json_object_set_new(root, "size", json_integer((json_int_t)m->total_bytes));
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct aisec_manifest_file *f = &m->files[i];
		json_t *o = json_pack("{s:s,s:I}", "path", f->path, "size",
				      (json_int_t)f->size);

		if (f->whole) {
			json_object_set_new(o, "sha256", hexstr(f->sha256));
		} else {
			json_t *sh = json_array();

			for (size_t s = 0; s < f->nshards; s++)
				json_array_append_new(
					sh, json_pack("{s:I,s:I,s:o}", "start",
						      (json_int_t)f->shards[s].start,
						      "end",
						      (json_int_t)f->shards[s].end,
						      "sha256",
						      hexstr(f->shards[s].sha256)));
			json_object_set_new(o, "shards", sh);
		}
		json_array_append_new(files, o);
	}
	json_object_set_new(root, "files", files);
	if (m->nskipped) {
		json_t *sk = json_array();

		for (size_t i = 0; i < m->nskipped; i++)
			json_array_append_new(sk, json_pack("{s:s,s:s}", "path",
							    m->skipped[i].path,
							    "reason",
							    m->skipped[i].reason));
		json_object_set_new(root, "skipped", sk);
	}
	rc = lin_json_dump(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER, out);
	if (!rc)
		rc = aisec_buf_addch(out, '\n');
	json_decref(root);
	return rc;
}

static int get_u64(json_t *o, const char *key, uint64_t *v)
{
	json_t *j = json_object_get(o, key);

	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return -1;
	*v = (uint64_t)json_integer_value(j);
	return 0;
}

static int parse_file(json_t *fo, uint64_t shard, struct aisec_manifest_file *f,
		      const char *name, size_t i, struct aisec_error *err)
{
	const char *path = json_string_value(json_object_get(fo, "path"));
	json_t *sh = json_object_get(fo, "shards");
	uint64_t expect = 0;

	if (!json_is_object(fo) || !path || !lin_path_is_canonical(path) ||
	    get_u64(fo, "size", &f->size) != 0)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "'%s': field 'files[%zu]': needs a "
				       "canonical relative 'path' and a 'size'",
				       name, i);
	f->path = strdup(path);
	if (!f->path)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if (!shard) {
		f->whole = true;
		if (lin_unhex32(json_string_value(json_object_get(fo, "sha256")),
				f->sha256) != 0)
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "'%s': field 'files[%zu].sha256':"
					       " not 64 lower-case hex digits",
					       name, i);
		return 0;
	}
	if (!json_is_array(sh) || json_array_size(sh) > 1000000)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "'%s': field 'files[%zu].shards': missing",
				       name, i);
	f->shards = calloc(json_array_size(sh) + 1, sizeof(*f->shards));
	if (!f->shards)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	for (size_t s = 0; s < json_array_size(sh); s++) {
		json_t *so = json_array_get(sh, s);
		struct aisec_shard_digest *d = &f->shards[s];

		if (get_u64(so, "start", &d->start) != 0 ||
		    get_u64(so, "end", &d->end) != 0 || d->start != expect ||
		    d->end <= d->start || d->end - d->start > shard ||
		    lin_unhex32(json_string_value(json_object_get(so, "sha256")),
				d->sha256) != 0)
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "'%s': field 'files[%zu].shards"
					       "[%zu]': bad range or digest",
					       name, i, s);
		expect = d->end;
		f->nshards++;
	}
	if (expect != f->size)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "'%s': field 'files[%zu].shards': do "
				       "not cover the file's size",
				       name, i);
	return 0;
}

int aisec_manifest_parse(const char *name, const char *json, size_t len,
			 struct aisec_manifest **out, struct aisec_error *err)
{
	json_t *root = lin_json_parse(name, json, len, err), *files, *ser;
	struct aisec_manifest *m = NULL;
	const char *kind, *method, *type;
	uint8_t want[AISEC_SHA256_LEN];
	int rc = AISEC_ERR_INVALID;

	if (!root)
		return AISEC_ERR_PARSE;
	type = json_string_value(json_object_get(root, "_type"));
	kind = json_string_value(json_object_get(root, "kind"));
	ser = json_object_get(root, "serialization");
	method = json_string_value(json_object_get(ser, "method"));
	files = json_object_get(root, "files");
	if (!type || strcmp(type, LIN_MANIFEST_TYPE) != 0 || !kind ||
	    !method || !json_is_array(files) ||
	    !json_string_value(json_object_get(root, "name")) ||
	    lin_unhex32(json_string_value(json_object_get(
			    json_object_get(root, "digest"), "sha256")),
		    want) != 0) {
		aisec_error_set(err, rc, "'%s': not an aisec manifest (needs "
				"_type, name, kind, serialization.method, "
				"digest.sha256, files)", name);
		goto out;
	}
	m = calloc(1, sizeof(*m));
	if (!m || !(m->name = strdup(json_string_value(
			    json_object_get(root, "name"))))) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	m->is_dir = strcmp(kind, "directory") == 0;
	if (strcmp(method, "shards") == 0) {
		if (get_u64(ser, "shard_size", &m->shard_size) != 0 ||
		    m->shard_size == 0) {
			aisec_error_set(err, rc, "'%s': field "
					"'serialization.shard_size': missing",
					name);
			goto out;
		}
	} else if (strcmp(method, "files") != 0) {
		aisec_error_set(err, rc, "'%s': field 'serialization.method': "
				"unknown value '%s'", name, method);
		goto out;
	}
	m->files = calloc(json_array_size(files) + 1, sizeof(*m->files));
	if (!m->files) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < json_array_size(files); i++) {
		rc = parse_file(json_array_get(files, i), m->shard_size,
				&m->files[i], name, i, err);
		m->nfiles = i + 1;
		if (rc)
			goto out;
		m->total_bytes += m->files[i].size;
		if (i && lin_path_cmp(m->files[i - 1].path, m->files[i].path) >= 0) {
			rc = aisec_error_set(err, AISEC_ERR_INVALID,
					     "'%s': field 'files[%zu]': paths "
					     "not sorted or repeated", name, i);
			goto out;
		}
	}
	if (!m->is_dir && m->nfiles != 1) {
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "'%s': a file manifest lists one file",
				     name);
		goto out;
	}
	if (compute_digest(m) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (aisec_memeq_ct(want, m->digest, AISEC_SHA256_LEN) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_INTEGRITY,
				     "'%s': field 'digest.sha256': does not "
				     "match the listed files", name);
		goto out;
	}
	*out = m;
	m = NULL;
	rc = 0;
out:
	aisec_manifest_free(m);
	json_decref(root);
	return rc;
}

/*
 * A file's content fingerprint: its digest, or the root over its shards.
 * Out of memory leaves zeros, which only makes the diff report a change.
 */
static void fingerprint(const struct aisec_manifest_file *f, uint8_t *out)
{
	uint8_t(*mds)[AISEC_SHA256_LEN];

	if (f->whole) {
		memcpy(out, f->sha256, AISEC_SHA256_LEN);
		return;
	}
	mds = malloc((f->nshards + 1) * sizeof(*mds));
	if (!mds) {
		memset(out, 0, AISEC_SHA256_LEN);
		return;
	}
	for (size_t s = 0; s < f->nshards; s++)
		memcpy(mds[s], f->shards[s].sha256, AISEC_SHA256_LEN);
	if (lin_root_digest((const uint8_t(*)[AISEC_SHA256_LEN])mds, f->nshards,
			    out) != 0)
		memset(out, 0, AISEC_SHA256_LEN);
	free(mds);
}

size_t aisec_manifest_diff(const struct aisec_manifest *a,
			   const struct aisec_manifest *b,
			   void (*cb)(void *ctx, enum aisec_manifest_change c,
				      const char *path, const char *other),
			   void *ctx)
{
	size_t i = 0, j = 0, changes = 0, nrem = 0, nadd = 0;
	const struct aisec_manifest_file **rem, **add;

	rem = calloc(a->nfiles + 1, sizeof(*rem));
	add = calloc(b->nfiles + 1, sizeof(*add));
	if (!rem || !add) {
		free(rem);
		free(add);
		return 1;
	}
	while (i < a->nfiles || j < b->nfiles) {
		int c = i == a->nfiles ? 1 : j == b->nfiles ? -1
			: lin_path_cmp(a->files[i].path, b->files[j].path);

		if (c < 0) {
			rem[nrem++] = &a->files[i++];
		} else if (c > 0) {
			add[nadd++] = &b->files[j++];
		} else {
			uint8_t x[AISEC_SHA256_LEN], y[AISEC_SHA256_LEN];

			fingerprint(&a->files[i], x);
			fingerprint(&b->files[j], y);
			if (memcmp(x, y, sizeof(x)) != 0 ||
			    a->files[i].size != b->files[j].size) {
				cb(ctx, AISEC_MANIFEST_MODIFIED, a->files[i].path,
				   NULL);
				changes++;
			}
			i++;
			j++;
		}
	}
	/* a removed and an added file with the same content: a rename */
	for (size_t r = 0; r < nrem; r++) {
		uint8_t x[AISEC_SHA256_LEN];

		fingerprint(rem[r], x);
		for (size_t k = 0; k < nadd; k++) {
			uint8_t y[AISEC_SHA256_LEN];

			if (!add[k])
				continue;
			fingerprint(add[k], y);
			if (memcmp(x, y, sizeof(x)) == 0) {
				cb(ctx, AISEC_MANIFEST_RENAMED, rem[r]->path,
				   add[k]->path);
				changes++;
				rem[r] = NULL;
				add[k] = NULL;
				break;
			}
		}
	}
	for (size_t r = 0; r < nrem; r++) {
		if (rem[r]) {
			cb(ctx, AISEC_MANIFEST_REMOVED, rem[r]->path, NULL);
			changes++;
		}
	}
	for (size_t k = 0; k < nadd; k++) {
		if (add[k]) {
			cb(ctx, AISEC_MANIFEST_ADDED, add[k]->path, NULL);
			changes++;
		}
	}
	free(rem);
	free(add);
	return changes;
}
