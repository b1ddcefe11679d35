/*
 * validate.c - the checks a knowledge base must pass: ids unique per kind,
 * every cross reference resolves, every entry (and every current status)
 * cites a source.  Each problem is reported as "file:line: what".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_int.h"

struct vctx {
	const struct aisec_catalog *cat;
	void (*report)(void *ctx, const char *msg);
	void *ctx;
	size_t problems;
};

__attribute__((format(printf, 3, 4)))
static void problem(struct vctx *v, const struct aisec_source *src, const char *fmt, ...)
{
	char msg[AISEC_ERROR_MAX], line[AISEC_ERROR_MAX + 64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "%s:%d: %s", src->file ? src->file : "?", src->line, msg);
	v->problems++;
	if (v->report)
		v->report(v->ctx, line);
}

/* Where the id and the source sit in the entries of one kind. */
struct kind {
	const char *name;
	const struct cat_vec *vec;
	size_t id_off, src_off;
};

#define ID(v, i, k) (*(const char *const *)((const char *)(v)->items + (i) * (v)->size + (k)->id_off))
#define SRC(v, i, k) ((const struct aisec_source *)((const char *)(v)->items + (i) * (v)->size + (k)->src_off))

struct id_slot {
	const char *id;
	size_t index;
};

static int by_id(const void *a, const void *b)
{
	const struct id_slot *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static void check_kind(struct vctx *v, const struct kind *k)
{
	const struct cat_vec *vec = k->vec;
	struct id_slot *slots;

	for (size_t i = 0; i < vec->n; i++) {
		const struct aisec_source *s = SRC(vec, i, k);

		if (!s->cite || !s->cite[0])
			problem(v, s, "%s '%s': no source", k->name, ID(vec, i, k));
	}
	slots = malloc((vec->n ? vec->n : 1) * sizeof(*slots));
	if (!slots)
		return;
	for (size_t i = 0; i < vec->n; i++) {
		slots[i].id = ID(vec, i, k);
		slots[i].index = i;
	}
	qsort(slots, vec->n, sizeof(*slots), by_id);
	for (size_t i = 1; i < vec->n; i++) {
		if (strcmp(slots[i].id, slots[i - 1].id) == 0) {
			const struct aisec_source *first = SRC(vec, slots[i - 1].index, k);

			problem(v, SRC(vec, slots[i].index, k),
				"%s '%s': duplicate id (first at %s:%d)", k->name, slots[i].id,
				first->file, first->line);
		}
	}
	free(slots);
}

static bool has_requirement(const struct aisec_catalog *cat, const char *id)
{
	return aisec_catalog_requirement(cat, id) != NULL;
}

static bool has_threat(const struct aisec_catalog *cat, const char *id)
{
	return aisec_catalog_threat(cat, id) != NULL;
}

static bool has_gap(const struct aisec_catalog *cat, const char *id)
{
	return aisec_catalog_gap(cat, id) != NULL;
}

static bool has_standard(const struct aisec_catalog *cat, const char *id)
{
	const struct aisec_standard *s = cat->standards.items;

	for (size_t i = 0; i < cat->standards.n; i++)
		if (strcmp(s[i].id, id) == 0)
			return true;
	return false;
}

static bool has_characteristic(const struct aisec_catalog *cat, const char *id)
{
	const struct aisec_characteristic *c = cat->characteristics.items;

	for (size_t i = 0; i < cat->characteristics.n; i++)
		if (strcmp(c[i].id, id) == 0)
			return true;
	return false;
}

/* Each element of `list` must resolve in the collection `what` (when loaded). */
static void check_refs(struct vctx *v, const struct aisec_source *src, const char *kind,
		       const char *id, const char *field, const char *const *list,
		       bool (*exists)(const struct aisec_catalog *, const char *),
		       unsigned part, const char *what)
{
	if (!(v->cat->collections & part))
		return;
	for (size_t i = 0; list[i]; i++)
		if (!exists(v->cat, list[i]))
			problem(v, src, "%s '%s': field '%s': unknown %s '%s'", kind, id, field,
				what, list[i]);
}

static void check_one(struct vctx *v, const struct aisec_source *src, const char *kind,
		      const char *id, const char *field, const char *ref,
		      bool (*exists)(const struct aisec_catalog *, const char *), unsigned part,
		      const char *what)
{
	const char *list[2] = {ref, NULL};

	if (ref)
		check_refs(v, src, kind, id, field, list, exists, part, what);
}

/* A reference or alias that names two standards makes lookups ambiguous. */
static void check_names(struct vctx *v)
{
	const struct aisec_standard *s = v->cat->standards.items;
	size_t n = v->cat->standards.n;

	for (size_t i = 0; i < n; i++) {
		for (size_t a = 0; a == 0 || s[i].aliases[a - 1]; a++) {
			const char *name = a == 0 ? s[i].reference : s[i].aliases[a - 1];

			if (!name)
				continue;
			for (size_t j = 0; j < i; j++) {
				bool clash = (s[j].reference && cat_strcaseeq(s[j].reference, name)) ||
					     cat_strcaseeq(s[j].id, name);

				for (size_t b = 0; !clash && s[j].aliases[b]; b++)
					clash = cat_strcaseeq(s[j].aliases[b], name);
				if (clash)
					problem(v, &s[i].source,
						"standard '%s': '%s' also names standard '%s' (%s:%d)",
						s[i].id, name, s[j].id, s[j].source.file,
						s[j].source.line);
			}
		}
	}
}

static void check_standards(struct vctx *v)
{
	const struct aisec_standard *s = v->cat->standards.items;

	check_names(v);

	for (size_t i = 0; i < v->cat->standards.n; i++) {
		check_refs(v, &s[i].source, "standard", s[i].id, "characteristics",
			   s[i].characteristics, has_characteristic,
			   AISEC_CATALOG_CHARACTERISTICS, "characteristic");
		if (s[i].status_now.stage && (!s[i].status_now.source || !s[i].status_now.source[0]))
			problem(v, &s[i].source, "standard '%s': field 'status_now.source': no source",
				s[i].id);
		if (s[i].status_now.stage && !s[i].status_now.as_of)
			problem(v, &s[i].source, "standard '%s': field 'status_now.as_of': missing",
				s[i].id);
	}
}

static void check_entries(struct vctx *v)
{
	const struct aisec_catalog *cat = v->cat;
	const struct aisec_characteristic *ch = cat->characteristics.items;
	const struct aisec_gap *g = cat->gaps.items;
	const struct aisec_recommendation *r = cat->recommendations.items;
	const struct aisec_control *c = cat->controls.items;

	for (size_t i = 0; i < cat->characteristics.n; i++)
		check_refs(v, &ch[i].source, "characteristic", ch[i].id, "requirements",
			   ch[i].requirements, has_requirement, AISEC_CATALOG_REQUIREMENTS,
			   "requirement");
	for (size_t i = 0; i < cat->gaps.n; i++) {
		check_refs(v, &g[i].source, "gap", g[i].id, "requirements", g[i].requirements,
			   has_requirement, AISEC_CATALOG_REQUIREMENTS, "requirement");
		check_refs(v, &g[i].source, "gap", g[i].id, "threats", g[i].threats, has_threat,
			   AISEC_CATALOG_THREATS, "threat");
		check_refs(v, &g[i].source, "gap", g[i].id, "partly_filled_by",
			   g[i].partly_filled_by, has_standard, AISEC_CATALOG_STANDARDS,
			   "standard");
	}
	for (size_t i = 0; i < cat->recommendations.n; i++)
		check_refs(v, &r[i].source, "recommendation", r[i].id, "gaps", r[i].gaps, has_gap,
			   AISEC_CATALOG_GAPS, "gap");
	for (size_t i = 0; i < cat->controls.n; i++) {
		check_refs(v, &c[i].source, "control", c[i].id, "mitigates", c[i].mitigates,
			   has_threat, AISEC_CATALOG_THREATS, "threat");
		check_refs(v, &c[i].source, "control", c[i].id, "standards", c[i].standards,
			   has_standard, AISEC_CATALOG_STANDARDS, "standard");
		check_refs(v, &c[i].source, "control", c[i].id, "requirements",
			   c[i].requirements, has_requirement, AISEC_CATALOG_REQUIREMENTS,
			   "requirement");
	}
}

static void check_links(struct vctx *v)
{
	const struct aisec_catalog *cat = v->cat;
	const struct aisec_link *l = cat->links.items;
	const struct aisec_matrix *m = cat->matrices.items;
	const struct aisec_matrix_row *rows = cat->rows.items;

	for (size_t i = 0; i < cat->matrices.n; i++) {
		if (!m[i].source.cite || !m[i].source.cite[0])
			problem(v, &m[i].source, "matrix '%s': no source", m[i].annex);
		for (size_t j = 0; j < i; j++)
			if (strcmp(m[i].annex, m[j].annex) == 0)
				problem(v, &m[i].source, "matrix '%s': duplicate annex (first at %s:%d)",
					m[i].annex, m[j].source.file, m[j].source.line);
		for (int k = 0; k < AISEC_MATRIX_COLUMNS; k++)
			check_one(v, &m[i].source, "matrix", m[i].annex, "columns", m[i].columns[k],
				  has_requirement, AISEC_CATALOG_REQUIREMENTS, "requirement");
	}
	for (size_t i = 0; i < cat->rows.n; i++) {
		const char *name = rows[i].reference ? rows[i].reference
				   : rows[i].title  ? rows[i].title
						    : "?";

		check_one(v, &rows[i].source, "matrix row", name, "standard", rows[i].standard,
			  has_standard, AISEC_CATALOG_STANDARDS, "standard");
		if (!rows[i].standard && (memchr(rows[i].cells, 'x', AISEC_MATRIX_COLUMNS) ||
					   memchr(rows[i].cells, '?', AISEC_MATRIX_COLUMNS)))
			problem(v, &rows[i].source,
				"matrix row '%s': names no standard, so its cells link nothing", name);
	}
	/* links derived from matrix cells were checked through their rows */
	for (size_t i = 0; i < cat->nfile_links; i++) {
		if (!l[i].source.cite || !l[i].source.cite[0])
			problem(v, &l[i].source, "link '%s' -> '%s': no source", l[i].standard,
				l[i].target);
		check_one(v, &l[i].source, "link", l[i].standard, "standard", l[i].standard,
			  has_standard, AISEC_CATALOG_STANDARDS, "standard");
		if (l[i].target_kind == AISEC_LINK_REQUIREMENT)
			check_one(v, &l[i].source, "link", l[i].standard, "requirement",
				  l[i].target, has_requirement, AISEC_CATALOG_REQUIREMENTS,
				  "requirement");
		else if (l[i].target_kind == AISEC_LINK_THREAT)
			check_one(v, &l[i].source, "link", l[i].standard, "threat", l[i].target,
				  has_threat, AISEC_CATALOG_THREATS, "threat");
	}
}

size_t aisec_catalog_validate(const struct aisec_catalog *cat,
			      void (*report)(void *ctx, const char *msg), void *ctx)
{
	struct vctx v = {cat, report, ctx, 0};
	const struct kind kinds[] = {
		{"standard", &cat->standards, offsetof(struct aisec_standard, id),
		 offsetof(struct aisec_standard, source)},
		{"requirement", &cat->requirements, offsetof(struct aisec_requirement, id),
		 offsetof(struct aisec_requirement, source)},
		{"threat", &cat->threats, offsetof(struct aisec_threat, id),
		 offsetof(struct aisec_threat, source)},
		{"characteristic", &cat->characteristics,
		 offsetof(struct aisec_characteristic, id),
		 offsetof(struct aisec_characteristic, source)},
		{"gap", &cat->gaps, offsetof(struct aisec_gap, id), offsetof(struct aisec_gap, source)},
		{"recommendation", &cat->recommendations,
		 offsetof(struct aisec_recommendation, id),
		 offsetof(struct aisec_recommendation, source)},
		{"control", &cat->controls, offsetof(struct aisec_control, id),
		 offsetof(struct aisec_control, source)},
	};
	const char *const *kept = cat->problems.items;

	/* what the load met (AISEC_CATALOG_UNCHECKED keeps it), in file order
	 */
	for (size_t i = 0; i < cat->problems.n; i++) {
		v.problems++;
		if (report)
			report(ctx, kept[i]);
	}
	if (cat->unparsed) {
		/* a file lost whole would make every reference into it dangle
		 */
		v.problems++;
		if (report)
			report(ctx, cat->unparsed == 1
					? "cross references not checked: a "
					  "file did not parse"
					: "cross references not checked: files "
					  "did not parse");
		return v.problems;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		check_kind(&v, &kinds[i]);
	check_standards(&v);
	check_entries(&v);
	check_links(&v);
	return v.problems;
}
