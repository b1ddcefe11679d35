/*
 * fields_doc.c - `aisec profile fields`: every field of the profile with its
 * type and every allowed value, the values that live in the knowledge base
 * (domains and their decisions, Annex III points, Annex I acts, controls)
 * read from the catalog, as the Markdown section of docs/profile.md.  The
 * documentation is generated from the same tables the parser and the
 * classifier use, so it cannot drift from them (tests/cli/test_profile.sh
 * compares the two).
 */
#include <string.h>

#include "aisec/aisec.h"
#include "assess/internal.h"

/* "`a`, `b`, `c`" from a NULL-terminated list. */
static int add_values(struct aisec_buf *b, const char *const *v)
{
	int ret = 0;

	for (size_t i = 0; v && v[i] && !ret; i++)
		ret = aisec_buf_addf(b, "%s`%s`", i ? ", " : "", v[i]);
	return ret;
}

/* The same from an array of structs whose first member is the id. */
static int add_ids(struct aisec_buf *b, const void *items, size_t n,
		   size_t size)
{
	int ret = 0;

	for (size_t i = 0; i < n && !ret; i++)
		ret = aisec_buf_addf(
		    b, "%s`%s`", i ? ", " : "",
		    *(char *const *)((const char *)items + i * size));
	return ret;
}

/* The values of a field that the knowledge base holds; 1 when it wrote them. */
static int kb_values(struct aisec_buf *b, const char *path,
		     const struct act_rules *r, const struct aisec_catalog *cat,
		     int *ret)
{
	if (strcmp(path, "use.domain") == 0)
		*ret = add_ids(b, r->domains, r->ndomains, sizeof(*r->domains));
	else if (strcmp(path, "use.decision") == 0)
		*ret = aisec_buf_adds(b, "per domain, below");
	else if (strcmp(path, "use.annex_iii_point") == 0)
		*ret = add_ids(b, r->annex_iii, r->nannex_iii,
			       sizeof(*r->annex_iii));
	else if (strcmp(path, "use.annex_i.act") == 0) {
		*ret = add_ids(b, r->annex_i, r->nannex_i, sizeof(*r->annex_i));
		if (!*ret)
			*ret = aisec_buf_adds(b, ", `none`");
	} else if (strcmp(path, "organisation.controls") == 0) {
		size_t n;
		const struct aisec_control *k = aisec_catalog_controls(cat, &n);

		*ret = add_ids(b, k, n, sizeof(*k));
	} else if (strcmp(path, "organisation.standards") == 0)
		*ret = aisec_buf_adds(
		    b,
		    "the id, reference or alias of any standard in the catalog "
		    "(`aisec catalog list standards`), or `{id: ..., "
		    "certified: true}`");
	else
		return 0;
	return 1;
}

/* What a field without a list of values accepts, by its type name. */
static const char *free_form(const char *type)
{
	if (strcmp(type, "yes/no") == 0)
		return "`true`, `false`";
	if (strcmp(type, "number") == 0)
		return "a non-negative number (`3.8e25`)";
	if (strcmp(type, "path") == 0)
		return "a path relative to the profile's folder";
	if (strcmp(type, "text (may span lines)") == 0)
		return "free text of at most 8192 bytes";
	if (strcmp(type, "list") == 0)
		return "one-line texts";
	return "one line of at most 512 bytes";
}

int aisec_profile_fields(const struct aisec_catalog *cat, struct aisec_buf *out,
			 struct aisec_error *err)
{
	struct act_rules *r = NULL;
	const char *file = NULL;
	int ret;

	if (!cat)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "a catalog is required");
	if ((ret = act_rules_parse(aisec_catalog_document(cat, "ai_act", &file),
				   file, &r, err)))
		return ret;
	ret = aisec_buf_adds(
	    out, "| field | type | allowed values |\n|---|---|---|\n");
	for (const struct profile_field *f = profile_schema(); f->path && !ret;
	     f++) {
		ret = aisec_buf_addf(out, "| `%s` | %s%s | ", f->path,
				     profile_type_name(f->type),
				     f->required ? ", **required**" : "");
		if (!ret && !kb_values(out, f->path, r, cat, &ret))
			ret = f->values
				  ? add_values(out, f->values)
				  : aisec_buf_adds(
					out,
					free_form(profile_type_name(f->type)));
		if (!ret)
			ret = aisec_buf_adds(out, " |\n");
	}
	if (!ret)
		ret = aisec_buf_adds(
		    out, "\n`use.decision` by `use.domain`:\n\n"
			 "| `use.domain` | `use.decision` |\n|---|---|\n");
	for (size_t i = 0; i < r->ndomains && !ret; i++) {
		ret = aisec_buf_addf(out, "| `%s` | ", r->domains[i].id);
		if (!ret)
			ret = add_values(
			    out, (const char *const *)r->domains[i].decisions);
		if (!ret)
			ret = aisec_buf_adds(out, " |\n");
	}
	act_rules_free(r);
	return ret ? aisec_error_set(err, ret, "profile fields: %s",
				     aisec_strerror(ret))
		   : 0;
}
