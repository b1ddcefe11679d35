/*
 * explain.c - the source of every statement of an entry, for
 * `aisec catalog show ID --explain`.  Loading keeps no per-field lines (that
 * would slow every command down); instead the entry's file is parsed again
 * from the text the catalog kept, the entry found by its line, and each
 * field reported with its own line and the citation that backs it.
 */
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "catalog/catalog_int.h"
#include "core/core.h"

struct walk {
	void (*cb)(void *ctx, const struct aisec_statement *st);
	void *ctx;
	const char *file;
};

static char *scalar_dup(struct fy_node *n)
{
	const char *s;
	size_t len;

	if (!n || !fy_node_is_scalar(n))
		return NULL;
	s = fy_node_get_scalar(n, &len);
	return s ? strndup(s, len) : NULL;
}

/* The text of a value: a scalar, or the scalars of a list joined with ", ". */
static void value_text(struct fy_node *v, struct aisec_buf *b)
{
	struct fy_node *it;
	void *iter = NULL;
	const char *s;
	size_t len;

	if (fy_node_is_scalar(v)) {
		s = fy_node_get_scalar(v, &len);
		if (s)
			aisec_buf_add(b, s, len);
		return;
	}
	if (fy_node_is_sequence(v)) {
		while ((it = fy_node_sequence_iterate(v, &iter))) {
			if (b->len)
				aisec_buf_adds(b, ", ");
			value_text(it, b);
		}
	}
}

static void emit_mapping(struct walk *w, struct fy_node *map, const char *prefix,
			 const char *cite)
{
	struct fy_node_pair *p;
	void *iter = NULL;
	char *own_cite = scalar_dup(aisec_yaml_get(map, "source"));

	if (own_cite)
		cite = own_cite;
	while ((p = fy_node_mapping_iterate(map, &iter))) {
		struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
		struct aisec_statement st;
		struct aisec_buf val;
		char field[128];
		const char *ks;
		size_t klen;

		ks = fy_node_is_scalar(k) ? fy_node_get_scalar(k, &klen) : NULL;
		if (!ks)
			continue;
		snprintf(field, sizeof(field), "%s%.*s", prefix, (int)klen, ks);
		if (v && fy_node_is_mapping(v)) {
			char sub[140];

			snprintf(sub, sizeof(sub), "%s.", field);
			emit_mapping(w, v, sub, cite);
			continue;
		}
		if (strcmp(field, "rows") == 0)
			continue; /* a matrix's rows are entries of their own */
		aisec_buf_init(&val, 0);
		if (v)
			value_text(v, &val);
		st.field = field;
		st.value = val.data;
		st.cite = cite;
		st.file = w->file;
		st.line = aisec_yaml_line(k);
		w->cb(w->ctx, &st);
		aisec_buf_release(&val);
	}
	free(own_cite);
}

/* The mapping that starts at `line` among the list items under `node`. */
static struct fy_node *find_entry(struct fy_node *node, int line, int depth)
{
	struct fy_node *it, *hit;
	struct fy_node_pair *p;
	void *iter = NULL;

	if (!node || depth > 4)
		return NULL;
	if (fy_node_is_sequence(node)) {
		while ((it = fy_node_sequence_iterate(node, &iter))) {
			if (fy_node_is_mapping(it) && aisec_yaml_line(it) == line)
				return it;
			if ((hit = find_entry(it, line, depth + 1)))
				return hit;
		}
	} else if (fy_node_is_mapping(node)) {
		while ((p = fy_node_mapping_iterate(node, &iter)))
			if ((hit = find_entry(fy_node_pair_value(p), line, depth + 1)))
				return hit;
	}
	return NULL;
}

int aisec_catalog_explain(const struct aisec_catalog *cat, const struct aisec_source *src,
			  void (*cb)(void *ctx, const struct aisec_statement *st), void *ctx,
			  struct aisec_error *err)
{
	const struct cat_file *files = cat->files.items;
	const struct cat_file *f = NULL;
	struct fy_document *fyd;
	struct fy_node *entry;
	struct walk w = {cb, ctx, NULL};

	for (size_t i = 0; i < cat->files.n && src->file; i++)
		if (strcmp(files[i].name, src->file) == 0)
			f = &files[i];
	if (!f)
		return aisec_error_set(err, AISEC_ERR_NOTFOUND, "no catalog file '%s'",
				       src->file ? src->file : "?");
	fyd = aisec_yaml_parse(f->name, f->text, f->len, err);
	if (!fyd)
		return err ? err->code : AISEC_ERR_PARSE;
	entry = find_entry(fy_document_root(fyd), src->line, 0);
	if (!entry) {
		fy_document_destroy(fyd);
		return aisec_error_set(err, AISEC_ERR_NOTFOUND, "no entry at '%s' line %d",
				       f->name, src->line);
	}
	w.file = f->name;
	emit_mapping(&w, entry, "", src->cite);
	fy_document_destroy(fyd);
	return 0;
}
