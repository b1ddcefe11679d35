/*
 * fields.c - decoding one knowledge-base entry (a YAML mapping) into its C
 * struct by a field table, strictly: unknown fields, wrong shapes and
 * values outside the vocabularies of docs/catalog-format.md are errors
 * that name file, line and field.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog_int.h"
#include "core/core.h"

const char *const cat_vocab_goals[] = {"confidentiality", "integrity", "availability", NULL};

const char *const cat_vocab_stages[] = {
	"published", "withdrawn", "superseded", "fdis", "dis", "cd", "wd", "awi", "pwi",
	"nwip", "enquiry", "formal-vote", "draft", "early-draft", "stable-draft",
	"wi-adopted", "start-of-work", "approved", "unknown", NULL};

static const char *const empty_list[] = {NULL};

#define MAX_FIELDS 32

static int nomem(struct cat_ctx *c)
{
	return aisec_error_set(c->err, AISEC_ERR_NOMEM, "out of memory");
}

int cat_fail(struct cat_ctx *c, const struct cat_node *n, const char *path, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = aisec_field_verror(c->err, c->file, n ? n->line : 0, path, fmt, ap);
	va_end(ap);
	if (cat_problem(c->cat, rc, c->err->msg) != 0)
		return nomem(c);
	return rc;
}

/*
 * Where a value sits: "path.field[index]".  Rendered only when it fails, so
 * decoding a field costs no formatting.
 */
struct where {
	const char *path;
	const char *field;
	long index; /* -1: not a list element */
};

__attribute__((format(printf, 4, 5)))
static int fail_at(struct cat_ctx *c, const struct cat_node *n, const struct where *w,
		   const char *fmt, ...)
{
	char what[AISEC_ERROR_MAX], at[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (w->index >= 0)
		snprintf(at, sizeof(at), "%s%s%s[%ld]", w->path, w->path[0] ? "." : "", w->field,
			 w->index);
	else
		snprintf(at, sizeof(at), "%s%s%s", w->path, w->path[0] ? "." : "", w->field);
	return cat_fail(c, n, at, "%s", what);
}

const char *cat_scalar(const struct cat_node *n)
{
	if (!n || n->type != CAT_N_SCALAR || n->alias || n->null)
		return NULL;
	return n->text;
}

static bool in_vocab(const char *const *vocab, const char *s)
{
	for (size_t i = 0; vocab[i]; i++)
		if (strcmp(vocab[i], s) == 0)
			return true;
	return false;
}

/* A scalar into *out; NULL for a null value.  Errors on lists, maps, aliases. */
static int get_str(struct cat_ctx *c, const struct cat_node *n, const struct where *w,
		   const char *const *vocab, const char **out)
{
	if (n->alias)
		return fail_at(c, n, w, "aliases are not supported");
	if (n->null) {
		*out = NULL;
		return 0;
	}
	if (n->type != CAT_N_SCALAR)
		return fail_at(c, n, w, "expected a string");
	*out = n->text;
	if (vocab && !in_vocab(vocab, *out))
		return fail_at(c, n, w, "unknown value '%s'", *out);
	return 0;
}

static int get_id(struct cat_ctx *c, const struct cat_node *n, const struct where *w, const char **out)
{
	int rc = get_str(c, n, w, NULL, out);

	if (rc)
		return rc;
	if (!*out || !**out)
		return fail_at(c, n, w, "empty id");
	for (const char *p = *out; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-'))
			return fail_at(c, n, w, "id '%s' may hold only a-z, 0-9, '_' and '-'",
					*out);
	return 0;
}

static int get_list(struct cat_ctx *c, const struct cat_node *n, const struct where *w,
		    const char *const *vocab, const char *const **out)
{
	const char **arr;
	size_t i = 0;

	if (n->null) {
		*out = empty_list;
		return 0;
	}
	if (n->alias || n->type != CAT_N_SEQ)
		return fail_at(c, n, w, "expected a list");
	arr = cat_alloc(&c->cat->arena, (n->count + 1) * sizeof(*arr));
	if (!arr)
		return nomem(c);
	for (const struct cat_node *it = n->child; it; it = it->next) {
		struct where at = {w->path, w->field, (long)i};
		int rc = get_str(c, it, &at, vocab, &arr[i]);

		if (rc)
			return rc;
		if (!arr[i])
			return fail_at(c, it, &at, "empty list element");
		i++;
	}
	arr[i] = NULL;
	*out = arr;
	return 0;
}

static int get_bool(struct cat_ctx *c, const struct cat_node *n, const struct where *w, bool *out)
{
	const char *s = n->text;
	size_t len = n->len;

	if (n->type != CAT_N_SCALAR || n->alias || !n->plain)
		return fail_at(c, n, w, "expected true or false");
	if (len == 4 && (memcmp(s, "true", 4) == 0 || memcmp(s, "True", 4) == 0 ||
			 memcmp(s, "TRUE", 4) == 0)) {
		*out = true;
		return 0;
	}
	if (len == 5 && (memcmp(s, "false", 5) == 0 || memcmp(s, "False", 5) == 0 ||
			 memcmp(s, "FALSE", 5) == 0)) {
		*out = false;
		return 0;
	}
	return fail_at(c, n, w, "expected true or false, not '%.*s'", (int)len, s);
}

static int get_goals(struct cat_ctx *c, const struct cat_node *n, const struct where *w, unsigned *out)
{
	const char *const *list;
	int rc = get_list(c, n, w, cat_vocab_goals, &list);

	if (rc)
		return rc;
	*out = 0;
	for (size_t i = 0; list[i]; i++)
		for (unsigned g = 0; cat_vocab_goals[g]; g++)
			if (strcmp(list[i], cat_vocab_goals[g]) == 0)
				*out |= 1u << g;
	return 0;
}

static int get_column(struct cat_ctx *c, const struct cat_node *n, const struct where *w, int *out)
{
	const char *s = n->text;
	size_t len = n->len;

	if (n->type != CAT_N_SCALAR || n->alias || !n->plain)
		return fail_at(c, n, w, "expected a column number 0 to 9");
	if (len != 1 || s[0] < '0' || s[0] > '9')
		return fail_at(c, n, w, "expected a column number 0 to 9, not '%.*s'",
				(int)len, s);
	*out = s[0] - '0';
	return 0;
}

static const struct cat_field status_fields[] = {
	{"stage", CAT_F_STR, offsetof(struct aisec_status, stage), cat_vocab_stages, 1},
	{"date", CAT_F_STR, offsetof(struct aisec_status, date), NULL, 0},
	{"as_of", CAT_F_STR, offsetof(struct aisec_status, as_of), NULL, 0},
	{"note", CAT_F_STR, offsetof(struct aisec_status, note), NULL, 0},
	{"source", CAT_F_STR, offsetof(struct aisec_status, source), NULL, 0},
	{"url", CAT_F_STR, offsetof(struct aisec_status, url), NULL, 0},
};

static const char *const vocab_time[] = {"le1d", "le1w", "le2w", "le1m", "le2m", "le3m",
					 "le4m", "le5m", "le6m", "gt6m", NULL};
static const char *const vocab_expertise[] = {"layman", "proficient", "expert",
					      "multiple_experts", NULL};
static const char *const vocab_knowledge[] = {"public", "restricted", "sensitive",
					      "critical", NULL};
static const char *const vocab_window[] = {"unnecessary", "easy", "moderate", "difficult",
					   "none", NULL};
static const char *const vocab_equipment[] = {"standard", "specialised", "bespoke",
					      "multiple_bespoke", NULL};
static const char *const vocab_impact[] = {"low", "medium", "high", NULL};

#define TV(f, v) {#f, CAT_F_STR, offsetof(struct aisec_tvra_factors, f), v, 0}
static const struct cat_field tvra_fields[] = {
	TV(elapsed_time, vocab_time), TV(expertise, vocab_expertise),
	TV(knowledge, vocab_knowledge), TV(window, vocab_window),
	TV(equipment, vocab_equipment), TV(impact, vocab_impact),
};
#undef TV

static int decode_field(struct cat_ctx *c, const struct cat_node *v, const struct cat_field *f,
			void *base, const struct where *w)
{
	void *p = (char *)base + f->off;
	char sub[200];

	switch (f->type) {
	case CAT_F_STR:
		return get_str(c, v, w, f->vocab, (const char **)p);
	case CAT_F_ID:
		return get_id(c, v, w, (const char **)p);
	case CAT_F_LIST:
		return get_list(c, v, w, f->vocab, (const char *const **)p);
	case CAT_F_BOOL:
		return get_bool(c, v, w, (bool *)p);
	case CAT_F_GOALS:
		return get_goals(c, v, w, (unsigned *)p);
	case CAT_F_COLUMN:
		return get_column(c, v, w, (int *)p);
	case CAT_F_STATUS:
	case CAT_F_TVRA:
		snprintf(sub, sizeof(sub), "%s%s%s", w->path, w->path[0] ? "." : "", w->field);
		if (f->type == CAT_F_STATUS)
			return cat_decode(c, v, status_fields,
					  sizeof(status_fields) / sizeof(status_fields[0]), p, sub);
		return cat_decode(c, v, tvra_fields, sizeof(tvra_fields) / sizeof(tvra_fields[0]),
				  p, sub);
	case CAT_F_SOURCE:
		return get_str(c, v, w, NULL, &((struct aisec_source *)p)->cite);
	case CAT_F_OTHER:
		return 0;
	}
	return fail_at(c, v, w, "internal: unknown field type");
}

/* The field named by a mapping key, or NULL. */
static const struct cat_field *field_of(const struct cat_node *k, const struct cat_field *fields,
					size_t nfields, size_t *index)
{
	if (k->type != CAT_N_SCALAR || k->alias)
		return NULL;
	for (size_t i = 0; i < nfields; i++) {
		if (strncmp(fields[i].name, k->text, k->len) == 0 &&
		    fields[i].name[k->len] == '\0') {
			*index = i;
			return &fields[i];
		}
	}
	return NULL;
}

int cat_decode(struct cat_ctx *c, const struct cat_node *node, const struct cat_field *fields,
	       size_t nfields, void *base, const char *path)
{
	bool seen[MAX_FIELDS] = {false}, bad = false;
	int rc;

	if (nfields > MAX_FIELDS)
		return cat_fail(c, node, path, "internal: too many fields");
	if (!node || node->alias || node->type != CAT_N_MAP)
		return cat_fail(c, node, path, "expected a mapping");
	for (size_t i = 0; i < nfields; i++) {
		void *p = (char *)base + fields[i].off;

		if (fields[i].type == CAT_F_SOURCE) {
			((struct aisec_source *)p)->file = c->file;
			((struct aisec_source *)p)->line = node->line;
		} else if (fields[i].type == CAT_F_LIST) {
			*(const char *const **)p = empty_list;
		} else if (fields[i].type == CAT_F_COLUMN) {
			*(int *)p = -1;
		}
	}
	/* one pass over the keys, each problem kept; duplicates are ours to
	 * find */
	for (const struct cat_node *k = node->child; k && k->next; k = k->next->next) {
		const struct cat_node *v = k->next;
		size_t i = 0;
		const struct cat_field *f = field_of(k, fields, nfields, &i);
		struct where w = {path, f ? f->name : "", -1};

		if (!f) {
			if (k->type != CAT_N_SCALAR || k->alias) {
				rc = cat_fail(c, k, path,
					      "keys must be plain strings");
			} else {
				w.field = k->text;
				rc = fail_at(c, k, &w, "unknown field");
			}
		} else if (seen[i]) {
			rc = fail_at(c, k, &w, "duplicate key");
		} else {
			seen[i] = true;
			if (v->null)
				rc = f->required ? fail_at(c, v, &w, "missing")
						 : 0;
			else if ((rc = decode_field(c, v, f, base, &w)) == 0 &&
				 f->required &&
				 (f->type == CAT_F_STR ||
				  f->type == CAT_F_ID) &&
				 !*(const char **)((char *)base + f->off))
				rc = fail_at(c, v, &w, "missing");
		}
		if (rc == AISEC_ERR_INVALID)
			bad = true;
		else if (rc)
			return rc;
	}
	for (size_t i = 0; i < nfields; i++) {
		struct where w = {path, fields[i].name, -1};

		if (fields[i].required && !seen[i]) {
			if ((rc = fail_at(c, node, &w, "missing")) !=
			    AISEC_ERR_INVALID)
				return rc;
			bad = true;
		}
	}
	return bad ? AISEC_ERR_INVALID : 0;
}
