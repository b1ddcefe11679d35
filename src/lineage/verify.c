/*
 * verify.c - verify an artefact's lineage: recompute its digest, find the
 * statements that produced it, check their signatures against the trusted
 * keys and every input against the files on disk, and walk back to the
 * sources, naming each broken link.
 *
 * Design notes.  The walk is a depth-first search over artefact digests.
 * `stack` holds the digests on the current path (a digest met again there
 * is a cycle); `done` holds digests already verified, so a shared ancestor
 * is walked once.  A statement whose signature does not verify is reported
 * and not followed: its claims about inputs cannot be trusted.  An artefact
 * whose content no longer matches any statement but whose path is named by
 * one was changed after it was recorded: the stored manifest, bound to the
 * signed statement by its SHA-256, tells what changed file by file.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "core/core.h"
#include "lineage/lineage.h"

struct strset {
	char **v;
	size_t n;
};

static bool set_has(const struct strset *s, const char *x)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], x) == 0)
			return true;
	return false;
}

static int set_add(struct strset *s, const char *x)
{
	char **p = realloc(s->v, (s->n + 1) * sizeof(*p));

	if (!p)
		return AISEC_ERR_NOMEM;
	s->v = p;
	s->v[s->n] = strdup(x);
	if (!s->v[s->n])
		return AISEC_ERR_NOMEM;
	s->n++;
	return 0;
}

static void set_pop(struct strset *s)
{
	if (s->n)
		free(s->v[--s->n]);
}

static void set_release(struct strset *s)
{
	while (s->n)
		set_pop(s);
	free(s->v);
}

struct vctx {
	const struct lin_store *st;
	const struct aisec_lineage_verify_opts *o;
	struct aisec_lineage_report *r;
	struct strset stack, done;
	const char *dir_name; /* for diff callbacks */
	int nomem;
};

static void add_issue(struct vctx *c, enum aisec_lineage_issue_kind k,
		      const char *artefact, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_issue(struct vctx *c, enum aisec_lineage_issue_kind k,
		      const char *artefact, const char *fmt, ...)
{
	struct aisec_lineage_report *r = c->r;
	struct aisec_buf b;
	va_list ap;
	void *p = realloc(r->issues, (r->nissues + 1) * sizeof(*r->issues));

	if (!p) {
		c->nomem = 1;
		return;
	}
	r->issues = p;
	aisec_buf_init(&b, 4096);
	va_start(ap, fmt);
	aisec_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->issues[r->nissues].kind = k;
	r->issues[r->nissues].artefact = strdup(artefact);
	r->issues[r->nissues].message = aisec_buf_detach(&b, NULL);
	r->nissues++;
}

static void add_link(struct vctx *c, const struct lin_stmt *s,
		     const char *output, bool ok)
{
	struct aisec_lineage_report *r = c->r;
	struct aisec_lineage_link *l;
	void *p = realloc(r->links, (r->nlinks + 1) * sizeof(*r->links));
	char id[AISEC_KEY_ID_LEN + 1];

	if (!p) {
		c->nomem = 1;
		return;
	}
	r->links = p;
	l = &r->links[r->nlinks++];
	memset(l, 0, sizeof(*l));
	l->statement = strdup(s->file);
	l->step = strdup(s->step);
	l->output = strdup(output);
	if (s->signer >= 0) {
		aisec_key_id(c->o->keys[s->signer], id);
		l->signer = strdup(id);
	}
	l->ok = ok;
}

static void add_source(struct vctx *c, const char *name)
{
	struct aisec_lineage_report *r = c->r;
	void *p;

	for (size_t i = 0; i < r->nsources; i++)
		if (strcmp(r->sources[i], name) == 0)
			return;
	p = realloc(r->sources, (r->nsources + 1) * sizeof(*r->sources));
	if (!p) {
		c->nomem = 1;
		return;
	}
	r->sources = p;
	r->sources[r->nsources++] = strdup(name);
}

static void on_change(void *ctx, enum aisec_manifest_change ch,
		      const char *path, const char *other)
{
	struct vctx *c = ctx;
	const char *d = c->dir_name;

	switch (ch) {
	case AISEC_MANIFEST_MODIFIED:
		add_issue(c, AISEC_ISSUE_FILE_MODIFIED, d,
			  "'%s': file '%s' was modified after it was recorded "
			  "(digest mismatch: tampering or poisoning)",
			  d, path);
		break;
	case AISEC_MANIFEST_ADDED:
		add_issue(c, AISEC_ISSUE_FILE_ADDED, d,
			  "'%s': file '%s' was added after recording", d, path);
		break;
	case AISEC_MANIFEST_REMOVED:
		add_issue(c, AISEC_ISSUE_FILE_REMOVED, d,
			  "'%s': file '%s' was removed after recording", d,
			  path);
		break;
	case AISEC_MANIFEST_RENAMED:
		add_issue(c, AISEC_ISSUE_FILE_RENAMED, d,
			  "'%s': file '%s' was renamed to '%s'", d, path, other);
		break;
	}
}

/* The artefact `name` now has content `cur`, the record says `rec`. */
static void report_mismatch(struct vctx *c, const char *name,
			    const struct lin_stmt_ref *rec,
			    const struct aisec_manifest *cur)
{
	struct aisec_manifest *old = NULL;
	char hex[2 * AISEC_SHA256_LEN + 1];

	lin_hex(cur->digest, AISEC_SHA256_LEN, hex);
	if (rec->manifest && cur->is_dir)
		old = lin_store_manifest(c->st->dir, rec->manifest);
	if (old) {
		c->dir_name = name;
		if (aisec_manifest_diff(old, cur, on_change, c) > 0) {
			aisec_manifest_free(old);
			return;
		}
		aisec_manifest_free(old);
	}
	add_issue(c, AISEC_ISSUE_DIGEST_MISMATCH, name,
		  "'%s': digest mismatch: recorded sha256 %s, found %s "
		  "(tampering or poisoning)",
		  name, rec->digest, hex);
}

/*
 * The root digest of a directory covers file contents and order, not
 * names; the signed statement also carries the SHA-256 of the manifest,
 * which does.  False (and the changes reported) when the names differ.
 */
static bool names_match(struct vctx *c, const char *name,
			const struct lin_stmt_ref *ref,
			const struct aisec_manifest *cur)
{
	struct aisec_buf json;
	uint8_t md[AISEC_SHA256_LEN];
	char hex[2 * AISEC_SHA256_LEN + 1];
	bool same;

	if (!ref->manifest || !cur->is_dir)
		return true;
	aisec_buf_init(&json, 0);
	if (aisec_manifest_to_json(cur, &json) != 0) {
		c->nomem = 1;
		return false;
	}
	EVP_Digest(json.data, json.len, md, NULL, EVP_sha256(), NULL);
	aisec_buf_release(&json);
	lin_hex(md, sizeof(md), hex);
	same = strcmp(hex, ref->manifest) == 0;
	if (!same)
		report_mismatch(c, name, ref, cur);
	return same;
}

/* How the walk reached an artefact: as input `in` of statement `s`. */
struct via {
	const struct lin_stmt *s;
	const struct lin_stmt_ref *in;
};

static void visit(struct vctx *c, const char *name, const char *hex,
		  const struct aisec_manifest *cur, const struct via *via);

/* Check input `in` of statement `s` against the disk, then walk it. */
static void check_input(struct vctx *c, const struct lin_stmt *s,
			const struct lin_stmt_ref *in)
{
	struct aisec_manifest *cur = NULL;
	struct aisec_error e;
	char hex[2 * AISEC_SHA256_LEN + 1];
	char path[4096];
	struct stat sb;

	if (c->o->base_dir && in->name[0] != '/')
		snprintf(path, sizeof(path), "%s/%s", c->o->base_dir, in->name);
	else
		snprintf(path, sizeof(path), "%s", in->name);
	if (set_has(&c->stack, in->digest)) {
		add_issue(c, AISEC_ISSUE_CYCLE, in->name,
			  "'%s' is its own ancestor through step '%s' "
			  "(statement '%s'): cycle",
			  in->name, s->step, s->file);
		return;
	}
	if (stat(path, &sb) != 0) {
		add_issue(c, AISEC_ISSUE_MISSING_INPUT, in->name,
			  "input '%s' of step '%s' is missing: cannot check "
			  "its digest",
			  in->name, s->step);
		return;
	}
	aisec_error_clear(&e);
	if (aisec_manifest_build(path, c->o->digest, &cur, &e) != 0) {
		add_issue(c, AISEC_ISSUE_MISSING_INPUT, in->name,
			  "input '%s' of step '%s' cannot be read: %s",
			  in->name, s->step, e.msg);
		return;
	}
	lin_hex(cur->digest, AISEC_SHA256_LEN, hex);
	if (strcmp(hex, in->digest) != 0)
		report_mismatch(c, in->name, in, cur);
	else if (names_match(c, in->name, in, cur)) {
		struct via v = {s, in};

		visit(c, in->name, hex, cur, &v);
	}
	aisec_manifest_free(cur);
}

static bool subject_has(const struct lin_stmt *s, const char *hex,
			const char *name, const struct lin_stmt_ref **ref)
{
	for (size_t i = 0; i < s->nsubjects; i++) {
		if ((hex && strcmp(s->subjects[i].digest, hex) == 0) ||
		    (name && strcmp(s->subjects[i].name, name) == 0)) {
			*ref = &s->subjects[i];
			return true;
		}
	}
	return false;
}

static void signer_issue(struct vctx *c, const struct lin_stmt *s,
			 const char *name)
{
	if (s->bad_sig)
		add_issue(c, AISEC_ISSUE_BAD_SIGNATURE, name,
			  "statement '%s' (step '%s') for '%s': signature does "
			  "not verify with trusted key '%s': statement altered",
			  s->file, s->step, name, s->keyid ? s->keyid : "");
	else
		add_issue(c, AISEC_ISSUE_UNKNOWN_SIGNER, name,
			  "statement '%s' (step '%s') for '%s': unknown signer "
			  "(key id '%s' is not trusted)",
			  s->file, s->step, name,
			  s->keyid ? s->keyid : "none given");
}

static bool declared_source(const struct vctx *c, const char *name, const char *hex)
{
	for (size_t i = 0; i < c->o->nsources; i++) {
		char *n = lin_path_normalise(c->o->sources[i]);
		bool same = n && (strcmp(n, name) == 0 || strcmp(c->o->sources[i], hex) == 0);

		free(n);
		if (same)
			return true;
	}
	return false;
}

/*
 * `name` was reached as an input and no statement produced it: a source,
 * when the user declared it one, or (none declared) when the statement
 * that took it as input recorded it as one.  An input its statement says
 * a recorded step had produced is a gap: the producing statement is gone.
 */
static void leaf(struct vctx *c, const char *name, const char *hex, const struct via *via)
{
	if (c->o->nsources ? declared_source(c, name, hex) : via->in->source != 0) {
		add_source(c, name);
		return;
	}
	if (c->o->nsources)
		add_issue(c, AISEC_ISSUE_SOURCE_GAP, name,
			  "'%s' (input of step '%s', statement '%s') is not a declared source "
			  "and no statement in '%s' produced it: gap in the chain",
			  name, via->s->step, via->s->file, c->st->dir);
	else
		add_issue(c, AISEC_ISSUE_SOURCE_GAP, name,
			  "'%s' (input of step '%s', statement '%s') was produced by a recorded "
			  "step, but no statement in '%s' produces it now: gap in the chain "
			  "(statement removed?), not a source",
			  name, via->s->step, via->s->file, c->st->dir);
}

static void visit(struct vctx *c, const char *name, const char *hex,
		  const struct aisec_manifest *cur, const struct via *via)
{
	const struct lin_stmt_ref *ref;
	size_t found = 0, trusted = 0;
	bool top = via == NULL;

	if (set_has(&c->done, hex))
		return;
	if (set_add(&c->stack, hex) != 0) {
		c->nomem = 1;
		return;
	}
	for (size_t i = 0; i < c->st->n; i++)
		if (subject_has(&c->st->s[i], hex, NULL, &ref)) {
			found++;
			trusted += c->st->s[i].signer >= 0;
		}
	for (size_t i = 0; i < c->st->n; i++) {
		const struct lin_stmt *s = &c->st->s[i];

		if (!subject_has(s, hex, NULL, &ref))
			continue;
		if (s->signer < 0) {
			/* an untrusted claim matters when no trusted one exists */
			if (!trusted) {
				signer_issue(c, s, name);
				add_link(c, s, name, false);
			}
			continue;
		}
		if (top && !names_match(c, name, ref, cur))
			continue;
		add_link(c, s, name, true);
		for (size_t k = 0; k < s->ninputs; k++)
			check_input(c, s, &s->inputs[k]);
	}
	if (!found) {
		bool named = false;

		/* recorded under this path with other content: changed since */
		for (size_t i = 0; i < c->st->n; i++) {
			const struct lin_stmt *s = &c->st->s[i];

			if (!subject_has(s, NULL, name, &ref))
				continue;
			named = true;
			if (s->signer < 0)
				signer_issue(c, s, name);
			else
				report_mismatch(c, name, ref, cur);
			break;
		}
		if (!named && top)
			add_issue(c, AISEC_ISSUE_MISSING_STATEMENT, name,
				  "no statement in '%s' produced '%s' (sha256 "
				  "%s): missing statement",
				  c->st->dir, name, hex);
		else if (!named)
			leaf(c, name, hex, via);
	}
	set_pop(&c->stack);
	if (set_add(&c->done, hex) != 0)
		c->nomem = 1;
}

void aisec_lineage_report_free(struct aisec_lineage_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nissues; i++) {
		free(r->issues[i].artefact);
		free(r->issues[i].message);
	}
	for (size_t i = 0; i < r->nlinks; i++) {
		free(r->links[i].statement);
		free(r->links[i].step);
		free(r->links[i].signer);
		free(r->links[i].output);
	}
	for (size_t i = 0; i < r->nsources; i++)
		free(r->sources[i]);
	free(r->issues);
	free(r->links);
	free(r->sources);
	free(r->artefact);
	free(r);
}

int aisec_lineage_verify(const char *artefact,
			 const struct aisec_lineage_verify_opts *o,
			 struct aisec_lineage_report **out,
			 struct aisec_error *err)
{
	struct lin_store st;
	struct aisec_manifest *cur = NULL;
	struct aisec_digest_opts d = {0};
	struct aisec_lineage_verify_opts vo = *o;
	struct vctx c;
	int rc;

	/* the same serialisation as recording: whole files */
	if (o->digest)
		d = *o->digest;
	d.shard_size = 0;
	vo.digest = &d;
	o = &vo;
	memset(&c, 0, sizeof(c));
	rc = lin_store_load(o->store ? o->store : AISEC_LINEAGE_DEFAULT_STORE,
			    o->keys, o->nkeys, &st, err);
	if (rc)
		return rc;
	rc = aisec_manifest_build(artefact, o->digest, &cur, err);
	if (rc)
		goto out;
	c.st = &st;
	c.o = o;
	c.r = calloc(1, sizeof(*c.r));
	if (!c.r || !(c.r->artefact = lin_path_normalise(artefact))) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	lin_hex(cur->digest, AISEC_SHA256_LEN, c.r->digest);
	for (size_t i = 0; i < st.nbad; i++)
		add_issue(&c, AISEC_ISSUE_CORRUPT_ENTRY, st.bad[i].artefact,
			  "store entry '%s' is unreadable: %s",
			  st.bad[i].artefact, st.bad[i].message);
	visit(&c, c.r->artefact, c.r->digest, cur, NULL);
	if (c.nomem) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (c.r->nissues == 0)
		c.r->status = AISEC_LINEAGE_VERIFIED;
	else if (c.r->nissues == 1 &&
		 c.r->issues[0].kind == AISEC_ISSUE_MISSING_STATEMENT)
		c.r->status = AISEC_LINEAGE_MISSING;
	else
		c.r->status = AISEC_LINEAGE_BROKEN;
	*out = c.r;
	c.r = NULL;
out:
	aisec_lineage_report_free(c.r);
	set_release(&c.stack);
	set_release(&c.done);
	aisec_manifest_free(cur);
	lin_store_release(&st);
	return rc;
}

int aisec_lineage_verify_artefact(const char *store, const char *base_dir,
				  const char *artefact,
				  const char *const *key_paths, size_t nkeys,
				  struct aisec_buf *reasons,
				  struct aisec_error *err)
{
	struct aisec_key **keys = calloc(nkeys + 1, sizeof(*keys));
	struct aisec_lineage_verify_opts o = {0};
	struct aisec_lineage_report *r = NULL;
	struct stat sb;
	int rc = 0;

	if (!keys)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < nkeys && !rc; i++)
		rc = aisec_key_load_public(key_paths[i], &keys[i], err);
	if (rc)
		goto out;
	if (stat(artefact, &sb) != 0) {
		if (reasons)
			aisec_buf_addf(reasons, "artefact '%s' not found: %s\n",
				       artefact, strerror(errno));
		rc = AISEC_LINEAGE_MISSING;
		goto out;
	}
	o.store = store;
	o.base_dir = base_dir;
	o.keys = keys;
	o.nkeys = nkeys;
	rc = aisec_lineage_verify(artefact, &o, &r, err);
	if (rc)
		goto out;
	for (size_t i = 0; reasons && i < r->nissues; i++)
		aisec_buf_addf(reasons, "%s\n", r->issues[i].message);
	rc = (int)r->status;
out:
	aisec_lineage_report_free(r);
	for (size_t i = 0; i < nkeys; i++)
		aisec_key_free(keys[i]);
	free(keys);
	return rc;
}
