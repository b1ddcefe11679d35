/*
 * load.c - building a catalog from YAML files: the copy compiled into the
 * library, a directory, or files in memory.  Files are read in sorted path
 * order so a collection split across files keeps a stable order; each is
 * parsed, its top-level keys dispatched to the collection readers
 * (entries.c), and then the cross references are checked (validate.c).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libfyaml.h>

#include "catalog/catalog_int.h"
#include "catalog/embedded.h"
#include "core/core.h"

static struct aisec_catalog *catalog_new(unsigned flags)
{
	struct aisec_catalog *cat = calloc(1, sizeof(*cat));

	if (!cat)
		return NULL;
	cat->standards.size = sizeof(struct aisec_standard);
	cat->requirements.size = sizeof(struct aisec_requirement);
	cat->threats.size = sizeof(struct aisec_threat);
	cat->characteristics.size = sizeof(struct aisec_characteristic);
	cat->gaps.size = sizeof(struct aisec_gap);
	cat->recommendations.size = sizeof(struct aisec_recommendation);
	cat->controls.size = sizeof(struct aisec_control);
	cat->links.size = sizeof(struct aisec_link);
	cat->matrices.size = sizeof(struct aisec_matrix);
	cat->rows.size = sizeof(struct aisec_matrix_row);
	cat->row_matrix.size = sizeof(size_t);
	cat->docs.size = sizeof(struct cat_doc);
	cat->files.size = sizeof(struct cat_file);
	cat->problems.size = sizeof(const char *);
	cat->collections = flags & AISEC_CATALOG_ALL;
	if (!cat->collections)
		cat->collections = AISEC_CATALOG_ALL;
	if (cat->collections & AISEC_CATALOG_LINKS)
		cat->collections |= AISEC_CATALOG_MATRICES;
	cat->collections |= AISEC_CATALOG_META;
	return cat;
}

void aisec_catalog_free(struct aisec_catalog *cat)
{
	struct cat_doc *docs;
	struct cat_file *files;

	if (!cat)
		return;
	docs = cat->docs.items;
	for (size_t i = 0; i < cat->docs.n; i++)
		fy_document_destroy(docs[i].doc);
	files = cat->files.items;
	for (size_t i = 0; i < cat->files.n; i++)
		free(files[i].owned);
	free(cat->standards.items);
	free(cat->requirements.items);
	free(cat->threats.items);
	free(cat->characteristics.items);
	free(cat->gaps.items);
	free(cat->recommendations.items);
	free(cat->controls.items);
	free(cat->links.items);
	free(cat->matrices.items);
	free(cat->rows.items);
	free(cat->row_matrix.items);
	free(cat->docs.items);
	free(cat->files.items);
	free(cat->problems.items);
	cat_arena_free(&cat->arena);
	free(cat);
}

/*
 * The collections a file holds, from its top-level keys: those of a block
 * mapping start in column 0.  Returns 0 when no key was found (flow style,
 * say) or a key is unknown: such a file is always read, so that skipping
 * files is only ever an optimisation.
 */
static unsigned scan_keys(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned parts = 0;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q = p;

		if (!eol)
			eol = end;
		while (q < eol && ((*q >= 'a' && *q <= 'z') || *q == '_'))
			q++;
		if (q > p && q < eol && *q == ':') {
			unsigned part = cat_collection_part(p, (size_t)(q - p));

			if (part == 0)
				return 0; /* unknown keys must be reported */
			parts |= part;
		}
		p = eol + 1;
	}
	return parts;
}

int cat_problem(struct aisec_catalog *cat, int code, const char *msg)
{
	const char **slot = cat_vec_push(&cat->problems);

	if (!slot)
		return AISEC_ERR_NOMEM;
	*slot = cat_strndup(&cat->arena, msg, strlen(msg));
	if (!*slot) {
		cat->problems.n--;
		return AISEC_ERR_NOMEM;
	}
	if (cat->problems.n == 1)
		cat->first_code = code;
	return 0;
}

/* A problem in `e` kept (0), or out of memory (AISEC_ERR_NOMEM, into `e`). */
static int keep(struct aisec_catalog *cat, struct aisec_error *e)
{
	if (e->code == AISEC_ERR_NOMEM ||
	    cat_problem(cat, e->code, e->msg) != 0)
		return aisec_error_set(e, AISEC_ERR_NOMEM, "out of memory");
	return 0;
}

/*
 * Read one file to its end: each problem is kept in cat->problems and
 * reading goes on with the next entry, collection or file.  Returns
 * non-zero only when the load cannot go on (out of memory; the message in
 * `e`).
 */
static int read_file(struct aisec_catalog *cat, const struct cat_file *f,
		     struct aisec_error *e)
{
	struct cat_ctx c = {cat, f->name, e, f->text, f->len};
	struct cat_arena nodes = {NULL};
	const struct cat_node *root;
	int rc = 0, line;
	unsigned parts = scan_keys(f->text, f->len);

	if (parts && !(parts & cat->collections))
		return 0; /* holds nothing this load asked for */
	if ((line = aisec_utf8_bad_line(f->text, f->len)) != 0) {
		cat->unparsed++;
		aisec_error_set(e, AISEC_ERR_PARSE,
				"'%s' line %d: not valid UTF-8", f->name, line);
		return keep(cat, e);
	}
	root = cat_tree_parse(&nodes, &cat->arena, f->name, f->text, f->len, e);
	if (!root) {
		cat->unparsed++;
		rc = keep(cat, e);
		goto out;
	}
	if (root->type != CAT_N_MAP || root->alias) {
		cat->unparsed++;
		aisec_error_set(
		    e, AISEC_ERR_INVALID,
		    "'%s' line %d: expected a mapping of collections "
		    "(standards:, threats:, ...)",
		    f->name, root->line);
		rc = keep(cat, e);
		goto out;
	}
	for (const struct cat_node *k = root->child; k && k->next; k = k->next->next) {
		bool dup = false;

		if (k->type != CAT_N_SCALAR || k->alias || !cat_collection_part(k->text, k->len)) {
			rc = cat_fail(&c, k,
				      k->type == CAT_N_SCALAR ? k->text : "?",
				      "unknown collection");
		} else {
			for (const struct cat_node *o = root->child;
			     o != k && !dup; o = o->next->next)
				dup = strcmp(o->text, k->text) == 0;
			rc = dup ? cat_fail(&c, k, k->text, "duplicate key")
				 : cat_read_collection(&c, k->text, k->next);
		}
		if (rc == AISEC_ERR_INVALID)
			rc = 0; /* kept; read the next collection */
		if (rc)
			break;
	}
out:
	cat_arena_free(&nodes);
	return rc;
}

static void keep_validate_problem(void *ctx, const char *msg)
{
	struct aisec_catalog *cat = ctx;

	cat_problem(cat, AISEC_ERR_INVALID, msg);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct cat_file *)a)->name, ((const struct cat_file *)b)->name);
}

/*
 * Load from `files` (names arena-owned by `cat` or static); takes ownership
 * of each file's `owned` text whatever happens.
 */
static struct aisec_catalog *load_files(struct aisec_catalog *cat, struct cat_file *files,
					size_t n, unsigned flags, struct aisec_error *err)
{
	struct cat_file *kept;
	struct aisec_error e;

	if (n > 1) /* qsort wants a non-null array even for none */
		qsort(files, n, sizeof(*files), by_name);
	for (size_t i = 0; i < n; i++) {
		kept = cat_vec_push(&cat->files);
		if (!kept) {
			for (size_t j = i; j < n; j++)
				free(files[j].owned);
			aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
			goto fail;
		}
		*kept = files[i];
	}
	kept = cat->files.items;
	aisec_error_clear(&e);
	for (size_t i = 0; i < n; i++)
		if (read_file(cat, &kept[i], &e) != 0)
			goto fatal;
	if (cat_finish(cat, &e) != 0)
		goto fatal;
	if (!cat->meta.name && cat->collections == AISEC_CATALOG_ALL &&
	    cat_problem(
		cat, AISEC_ERR_INVALID,
		"no catalog metadata (a 'catalog:' mapping in catalog.yaml)") !=
		0)
		goto nomem;
	if (flags & AISEC_CATALOG_UNCHECKED)
		return cat; /* aisec_catalog_validate() lists the problems */
	/* one code path: any problem refuses the load, the first one named */
	if (!cat->problems.n && cat->collections == AISEC_CATALOG_ALL &&
	    aisec_catalog_validate(cat, keep_validate_problem, cat) !=
		cat->problems.n)
		goto nomem; /* a problem found could not be kept */
	if (cat->problems.n) {
		const char *const *p = cat->problems.items;

		if (cat->problems.n == 1)
			aisec_error_set(err, cat->first_code, "%s", p[0]);
		else
			aisec_error_set(err, cat->first_code,
					"%s (and %zu more problem%s)", p[0],
					cat->problems.n - 1,
					cat->problems.n == 2 ? "" : "s");
		goto fail;
	}
	return cat;
nomem:
	aisec_error_set(&e, AISEC_ERR_NOMEM, "out of memory");
fatal:
	if (err)
		*err = e;
fail:
	aisec_catalog_free(cat);
	return NULL;
}

/* A new catalog and room for `n` files, or fails with out of memory. */
static int begin(unsigned flags, size_t n, struct aisec_catalog **cat, struct cat_file **files,
		 struct aisec_error *err)
{
	aisec_error_clear(err);
	*cat = catalog_new(flags);
	*files = calloc(n ? n : 1, sizeof(**files));
	if (*cat && *files)
		return 0;
	free(*files);
	aisec_catalog_free(*cat);
	return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
}

struct aisec_catalog *aisec_catalog_load_mem_opts(const char *const *names,
						  const char *const *texts, const size_t *lens,
						  size_t n, unsigned flags, struct aisec_error *err)
{
	struct aisec_catalog *cat;
	struct cat_file *files;
	struct aisec_catalog *ret;

	if (begin(flags, n, &cat, &files, err) != 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		/* the caller's buffers may go away: keep copies for --explain */
		files[i].name = cat_strndup(&cat->arena, names[i], strlen(names[i]));
		files[i].owned = malloc(lens[i] + 1);
		if (!files[i].name || !files[i].owned) {
			for (size_t j = 0; j <= i; j++)
				free(files[j].owned);
			free(files);
			aisec_catalog_free(cat);
			aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
			return NULL;
		}
		memcpy(files[i].owned, texts[i], lens[i]);
		files[i].owned[lens[i]] = '\0';
		files[i].text = files[i].owned;
		files[i].len = lens[i];
	}
	ret = load_files(cat, files, n, flags, err);
	free(files);
	return ret;
}

struct aisec_catalog *aisec_catalog_load_mem(const char *const *names, const char *const *texts,
					     const size_t *lens, size_t n, struct aisec_error *err)
{
	return aisec_catalog_load_mem_opts(names, texts, lens, n, 0, err);
}

struct aisec_catalog *aisec_catalog_load_embedded_opts(unsigned flags, struct aisec_error *err)
{
	struct aisec_catalog *cat;
	struct cat_file *files;
	struct aisec_catalog *ret;
	size_t n = 0;

	while (aisec_embedded_files[n].name)
		n++;
	if (begin(flags, n, &cat, &files, err) != 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		files[i].name = aisec_embedded_files[i].name;
		files[i].text = aisec_embedded_files[i].data;
		files[i].len = aisec_embedded_files[i].len;
	}
	ret = load_files(cat, files, n, flags, err);
	free(files);
	if (!ret)
		aisec_error_prefix(err, "built-in catalog");
	return ret;
}

struct aisec_catalog *aisec_catalog_load_embedded(struct aisec_error *err)
{
	return aisec_catalog_load_embedded_opts(0, err);
}

/* Every *.yaml under root/rel, recursively, appended to `v` (struct cat_file). */
static int scan_dir(struct aisec_catalog *cat, const char *root, const char *rel,
		    struct cat_vec *v, int depth, bool unchecked,
		    struct aisec_error *err)
{
	char path[4096];
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (depth > 8)
		return aisec_error_set(err, AISEC_ERR_LIMIT, "'%s/%s': directories nested too deep",
				       root, rel);
	snprintf(path, sizeof(path), "%s%s%s", root, rel[0] ? "/" : "", rel);
	d = opendir(path);
	if (!d)
		return aisec_error_set(err, errno == ENOENT ? AISEC_ERR_NOTFOUND : AISEC_ERR_IO,
				       "cannot open directory '%s': %s", path, strerror(errno));
	while (!rc && (e = readdir(d))) {
		char sub[4096], full[4096];
		struct stat st;
		size_t len = strlen(e->d_name);
		struct cat_file *f;
		struct aisec_buf b;

		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
		snprintf(full, sizeof(full), "%s/%s", root, sub);
		if (stat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			rc = scan_dir(cat, root, sub, v, depth + 1, unchecked,
				      err);
			continue;
		}
		if (!S_ISREG(st.st_mode) || len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		aisec_buf_init(&b, (size_t)64 << 20);
		rc = aisec_file_read(full, &b, err);
		if (rc) {
			aisec_buf_release(&b);
			/* validate lists it beside the problems of the other
			 * files; any other load stops here */
			if (!unchecked || rc == AISEC_ERR_NOMEM)
				break;
			cat->unparsed++;
			if ((rc = cat_problem(cat, rc, err->msg)) != 0) {
				aisec_error_set(err, rc, "out of memory");
				break;
			}
			aisec_error_clear(err);
			continue;
		}
		f = cat_vec_push(v);
		if (!f) {
			aisec_buf_release(&b);
			rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
			break;
		}
		f->name = cat_strndup(&cat->arena, sub, strlen(sub));
		f->len = b.len;
		f->owned = aisec_buf_detach(&b, NULL);
		f->text = f->owned;
		if (!f->name || !f->owned)
			rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	closedir(d);
	return rc;
}

struct aisec_catalog *aisec_catalog_load_dir_opts(const char *dir, unsigned flags,
						  struct aisec_error *err)
{
	struct aisec_catalog *cat = catalog_new(flags);
	struct cat_vec files = {NULL, 0, 0, sizeof(struct cat_file)};
	struct aisec_catalog *ret;

	aisec_error_clear(err);
	if (!cat) {
		aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (scan_dir(cat, dir, "", &files, 0,
		     (flags & AISEC_CATALOG_UNCHECKED) != 0, err) != 0) {
		for (size_t i = 0; i < files.n; i++)
			free(((struct cat_file *)files.items)[i].owned);
		free(files.items);
		aisec_catalog_free(cat);
		return NULL;
	}
	ret = load_files(cat, files.items, files.n, flags, err);
	free(files.items);
	if (!ret)
		aisec_error_prefix(err, "catalog '%s'", dir);
	return ret;
}

struct aisec_catalog *aisec_catalog_load_dir(const char *dir, struct aisec_error *err)
{
	return aisec_catalog_load_dir_opts(dir, 0, err);
}

void *aisec_catalog_document(const struct aisec_catalog *cat, const char *key,
			     const char **file)
{
	const struct cat_doc *docs = cat->docs.items;

	for (size_t i = 0; i < cat->docs.n; i++) {
		if (strcmp(docs[i].key, key) == 0) {
			if (file)
				*file = docs[i].file;
			return docs[i].root;
		}
	}
	return NULL;
}
