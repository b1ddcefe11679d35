/*
 * fields.c - decoding one knowledge-base entry (a YAML mapping) into its C
 * struct by a field table, strictly: unknown fields, wrong shapes and
 * values outside the vocabularies of docs/catalog-format.md are errors
 * that name file, line and field.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libfyaml.h>

#include "catalog/catalog_int.h"
#include "core/core.h"

const char *const cat_vocab_goals[] = {"confidentiality", "integrity", "availability", NULL};

static const char *const vocab_stage[] = {
	"published", "withdrawn", "superseded", "fdis", "dis", "cd", "wd", "awi", "pwi",
	"nwip", "enquiry", "formal-vote", "draft", "early-draft", "stable-draft",
	"wi-adopted", "start-of-work", "approved", "unknown", NULL};

static const char *const empty_list[] = {NULL};

#define MAX_FIELDS 32

int cat_fail(struct cat_ctx *c, struct fy_node *n, const char *path, const char *fmt, ...)
{
	char what[AISEC_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return aisec_error_set(c->err, AISEC_ERR_INVALID, "'%s' line %d: field '%s': %s",
			       c->file, aisec_yaml_line(n), path, what);
}

static int nomem(struct cat_ctx *c)
{
	return aisec_error_set(c->err, AISEC_ERR_NOMEM, "out of memory");
}

static bool is_alias(struct fy_node *n)
{
	return fy_node_get_style(n) == FYNS_ALIAS;
}

const char *cat_scalar(struct cat_ctx *c, struct fy_node *n)
{
	const char *s;
	size_t len;

	if (!n || !fy_node_is_scalar(n) || is_alias(n) || fy_node_is_null(n))
		return NULL;
	s = fy_node_get_scalar(n, &len);
	if (!s)
		return NULL;
	return cat_strndup(&c->cat->arena, s, len);
}

static bool in_vocab(const char *const *vocab, const char *s)
{
	for (size_t i = 0; vocab[i]; i++)
		if (strcmp(vocab[i], s) == 0)
			return true;
	return false;
}

/* A scalar into *out; NULL for a null value.  Errors on lists, maps, aliases. */
static int get_str(struct cat_ctx *c, struct fy_node *n, const char *path,
		   const char *const *vocab, const char **out)
{
	if (is_alias(n))
		return cat_fail(c, n, path, "aliases are not supported");
	if (fy_node_is_null(n) || (fy_node_is_scalar(n) && fy_node_get_style(n) == FYNS_PLAIN &&
				   fy_node_get_scalar_length(n) == 0)) {
		*out = NULL;
		return 0;
	}
	if (!fy_node_is_scalar(n))
		return cat_fail(c, n, path, "expected a string");
	*out = cat_scalar(c, n);
	if (!*out)
		return nomem(c);
	if (vocab && !in_vocab(vocab, *out))
		return cat_fail(c, n, path, "unknown value '%s'", *out);
	return 0;
}

static int get_id(struct cat_ctx *c, struct fy_node *n, const char *path, const char **out)
{
	int rc = get_str(c, n, path, NULL, out);

	if (rc)
		return rc;
	if (!*out || !**out)
		return cat_fail(c, n, path, "empty id");
	for (const char *p = *out; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-'))
			return cat_fail(c, n, path, "id '%s' may hold only a-z, 0-9, '_' and '-'",
					*out);
	return 0;
}

static int get_list(struct cat_ctx *c, struct fy_node *n, const char *path,
		    const char *const *vocab, const char *const **out)
{
	const char **arr;
	struct fy_node *it;
	void *iter = NULL;
	size_t i = 0, count;

	if (fy_node_is_null(n)) {
		*out = empty_list;
		return 0;
	}
	if (is_alias(n) || !fy_node_is_sequence(n))
		return cat_fail(c, n, path, "expected a list");
	count = (size_t)fy_node_sequence_item_count(n);
	arr = cat_alloc(&c->cat->arena, (count + 1) * sizeof(*arr));
	if (!arr)
		return nomem(c);
	while ((it = fy_node_sequence_iterate(n, &iter))) {
		char sub[160];
		int rc;

		snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		rc = get_str(c, it, sub, vocab, &arr[i]);
		if (rc)
			return rc;
		if (!arr[i])
			return cat_fail(c, it, sub, "empty list element");
		i++;
	}
	arr[i] = NULL;
	*out = arr;
	return 0;
}

static int get_bool(struct cat_ctx *c, struct fy_node *n, const char *path, bool *out)
{
	const char *s;
	size_t len;

	if (!fy_node_is_scalar(n) || is_alias(n) || fy_node_get_style(n) != FYNS_PLAIN)
		return cat_fail(c, n, path, "expected true or false");
	s = fy_node_get_scalar(n, &len);
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
	return cat_fail(c, n, path, "expected true or false, not '%.*s'", (int)len, s);
}

static int get_goals(struct cat_ctx *c, struct fy_node *n, const char *path, unsigned *out)
{
	const char *const *list;
	int rc = get_list(c, n, path, cat_vocab_goals, &list);

	if (rc)
		return rc;
	*out = 0;
	for (size_t i = 0; list[i]; i++)
		for (unsigned g = 0; cat_vocab_goals[g]; g++)
			if (strcmp(list[i], cat_vocab_goals[g]) == 0)
				*out |= 1u << g;
	return 0;
}

static int get_column(struct cat_ctx *c, struct fy_node *n, const char *path, int *out)
{
	const char *s;
	size_t len;

	if (!fy_node_is_scalar(n) || is_alias(n) || fy_node_get_style(n) != FYNS_PLAIN)
		return cat_fail(c, n, path, "expected a column number 0 to 9");
	s = fy_node_get_scalar(n, &len);
	if (len != 1 || s[0] < '0' || s[0] > '9')
		return cat_fail(c, n, path, "expected a column number 0 to 9, not '%.*s'",
				(int)len, s);
	*out = s[0] - '0';
	return 0;
}

static const struct cat_field status_fields[] = {
	{"stage", CAT_F_STR, offsetof(struct aisec_status, stage), vocab_stage, 1},
	{"date", CAT_F_STR, offsetof(struct aisec_status, date), NULL, 0},
	{"as_of", CAT_F_STR, offsetof(struct aisec_status, as_of), NULL, 0},
	{"note", CAT_F_STR, offsetof(struct aisec_status, note), NULL, 0},
	{"source", CAT_F_STR, offsetof(struct aisec_status, source), NULL, 0},
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

static int decode_field(struct cat_ctx *c, struct fy_node *v, const struct cat_field *f,
			void *base, const char *path)
{
	void *p = (char *)base + f->off;

	switch (f->type) {
	case CAT_F_STR:
		return get_str(c, v, path, f->vocab, (const char **)p);
	case CAT_F_ID:
		return get_id(c, v, path, (const char **)p);
	case CAT_F_LIST:
		return get_list(c, v, path, f->vocab, (const char *const **)p);
	case CAT_F_BOOL:
		return get_bool(c, v, path, (bool *)p);
	case CAT_F_GOALS:
		return get_goals(c, v, path, (unsigned *)p);
	case CAT_F_COLUMN:
		return get_column(c, v, path, (int *)p);
	case CAT_F_STATUS:
		return cat_decode(c, v, status_fields, sizeof(status_fields) / sizeof(status_fields[0]),
				  p, path);
	case CAT_F_TVRA:
		return cat_decode(c, v, tvra_fields, sizeof(tvra_fields) / sizeof(tvra_fields[0]),
				  p, path);
	case CAT_F_SOURCE:
		return get_str(c, v, path, NULL, &((struct aisec_source *)p)->cite);
	case CAT_F_OTHER:
		return 0;
	}
	return cat_fail(c, v, path, "internal: unknown field type");
}

int cat_decode(struct cat_ctx *c, struct fy_node *node, const struct cat_field *fields,
	       size_t nfields, void *base, const char *path)
{
	const char *allowed[MAX_FIELDS + 1];
	int rc;

	if (nfields > MAX_FIELDS)
		return cat_fail(c, node, path, "internal: too many fields");
	if (!node || is_alias(node) || !fy_node_is_mapping(node))
		return cat_fail(c, node, path, "expected a mapping");
	for (size_t i = 0; i < nfields; i++)
		allowed[i] = fields[i].name;
	allowed[nfields] = NULL;
	rc = aisec_yaml_check_keys(node, allowed, c->file, path, c->err);
	if (rc)
		return rc;
	for (size_t i = 0; i < nfields; i++) {
		const struct cat_field *f = &fields[i];
		struct fy_node *v = fy_node_mapping_lookup_by_string(node, f->name, FY_NT);
		char sub[160];
		void *p = (char *)base + f->off;

		snprintf(sub, sizeof(sub), "%s%s%s", path, path[0] ? "." : "", f->name);
		if (f->type == CAT_F_SOURCE) {
			((struct aisec_source *)p)->file = c->file;
			((struct aisec_source *)p)->line = aisec_yaml_line(node);
		}
		if (f->type == CAT_F_LIST)
			*(const char *const **)p = empty_list;
		if (f->type == CAT_F_COLUMN)
			*(int *)p = -1;
		if (!v || fy_node_is_null(v)) {
			if (f->required)
				return cat_fail(c, v ? v : node, sub, "missing");
			continue;
		}
		rc = decode_field(c, v, f, base, sub);
		if (rc)
			return rc;
		if (f->required && (f->type == CAT_F_STR || f->type == CAT_F_ID) &&
		    !*(const char **)p)
			return cat_fail(c, v, sub, "missing");
	}
	return 0;
}
