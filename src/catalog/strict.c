/*
 * strict.c - the stricter checks of `aisec catalog validate --strict`, run
 * on a loaded catalog after the ordinary ones (validate.c): every current
 * status recent against the catalog's own as_of date (so the result does
 * not depend on the day the check runs), every citation public, and no
 * coverage claimed by a link that only describes its target.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog_int.h"

/* A status checked more than this many months before the catalog's as_of is
 * stale. */
#define STRICT_MAX_AGE_MONTHS 12

struct sctx {
	void (*report)(void *ctx, const char *msg);
	void *ctx;
	size_t problems;
};

__attribute__((format(printf, 3, 4))) static void
problem(struct sctx *v, const struct aisec_source *src, const char *fmt, ...)
{
	char msg[AISEC_ERROR_MAX], line[AISEC_ERROR_MAX + 64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "%s:%d: %s", src->file ? src->file : "?",
		 src->line, msg);
	v->problems++;
	if (v->report)
		v->report(v->ctx, line);
}

/*
 * Identifiers of public publications a citation may name: the report, the
 * standards bodies' designations, EU legal acts, the other publishers the
 * knowledge base cites, or a web address.
 */
static const char *const public_ids[] = {
    "ENISA 2023", "ISO",      "IEC",	 "ETSI",
    "CEN",	  "CLC",      "EN ",	 "Regulation (EU)",
    "Directive",  "Decision", "COM(",	 "C(20",
    "CELEX",	  "NIST",     "MITRE",	 "SAE ",
    "EUROCAE",	  "IEEE",     "OWASP",	 "M/5",
    "M/6",	  "https://", "http://", NULL};

/* File names no user has: a word ending in one of these outside a URL. */
static const char *const file_suffixes[] = {".md",  ".txt",  ".yaml",
					    ".yml", ".json", NULL};

static bool is_word(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
}

#define CITE_DELIMS " ;,()\""

/* The first token of `cite` that names a local file, copied to `out`; false if
 * none. */
static bool names_file(const char *cite, char *out, size_t outsz)
{
	const char *p = cite;

	while (*p) {
		size_t len;

		p += strspn(p, CITE_DELIMS);
		len = strcspn(p, CITE_DELIMS);
		if (len && !memmem(p, len, "://", 3)) {
			for (size_t k = 0; file_suffixes[k]; k++) {
				size_t sl = strlen(file_suffixes[k]);

				if (len > sl &&
				    memcmp(p + len - sl, file_suffixes[k],
					   sl) == 0 &&
				    is_word(p[len - sl - 1])) {
					snprintf(out, outsz, "%.*s", (int)len,
						 p);
					return true;
				}
			}
		}
		p += len;
	}
	return false;
}

static bool names_public_id(const char *cite)
{
	for (size_t k = 0; public_ids[k]; k++)
		if (strstr(cite, public_ids[k]))
			return true;
	return false;
}

static void check_cite(struct sctx *v, const struct aisec_source *at,
		       const char *what, const char *id, const char *field,
		       const char *cite)
{
	char file[128];

	if (!cite || !cite[0])
		return; /* no source at all is the ordinary validation's finding
			 */
	if (names_file(cite, file, sizeof(file)))
		problem(v, at,
			"%s '%s': field '%s': cites the file '%s', not a "
			"public source",
			what, id, field, file);
	else if (!names_public_id(cite))
		problem(v, at,
			"%s '%s': field '%s': '%s' names no public identifier",
			what, id, field, cite);
}

static void check_standards(struct sctx *v, const struct aisec_catalog *cat,
			    int now)
{
	const struct aisec_standard *s = cat->standards.items;

	for (size_t i = 0; i < cat->standards.n; i++) {
		const struct aisec_status *st = &s[i].status_now;
		int checked;

		check_cite(v, &s[i].source, "standard", s[i].id, "source",
			   s[i].source.cite);
		if (!st->stage)
			continue;
		check_cite(v, &s[i].source, "standard", s[i].id,
			   "status_now.source", st->source);
		if (st->url && strncmp(st->url, "https://", 8) != 0 &&
		    strncmp(st->url, "http://", 7) != 0)
			problem(v, &s[i].source,
				"standard '%s': field 'status_now.url': '%s' "
				"is not "
				"a web address",
				s[i].id, st->url);
		checked = aisec_catalog_month(st->as_of);
		if (checked < 0)
			problem(v, &s[i].source,
				"standard '%s': field 'status_now.as_of': no "
				"date in '%s'",
				s[i].id, st->as_of ? st->as_of : "");
		else if (now >= 0 && now - checked > STRICT_MAX_AGE_MONTHS)
			problem(v, &s[i].source,
				"standard '%s': field 'status_now.as_of': "
				"checked %s, more than %d "
				"months before the catalog's as_of %s",
				s[i].id, st->as_of, STRICT_MAX_AGE_MONTHS,
				cat->meta.as_of);
	}
}

/* The source of every other entry kind. */
static void check_entries(struct sctx *v, const struct aisec_catalog *cat)
{
#define EACH(vec, type, what)                                                  \
	for (size_t i = 0; i < cat->vec.n; i++) {                              \
		const struct type *e =                                         \
		    (const struct type *)cat->vec.items + i;                   \
		check_cite(v, &e->source, what, e->id, "source",               \
			   e->source.cite);                                    \
	}
	EACH(requirements, aisec_requirement, "requirement")
	EACH(threats, aisec_threat, "threat")
	EACH(characteristics, aisec_characteristic, "characteristic")
	EACH(gaps, aisec_gap, "gap")
	EACH(recommendations, aisec_recommendation, "recommendation")
	EACH(controls, aisec_control, "control")
#undef EACH
	for (size_t i = 0; i < cat->matrices.n; i++) {
		const struct aisec_matrix *m =
		    (const struct aisec_matrix *)cat->matrices.items + i;

		check_cite(v, &m->source, "matrix", m->annex, "source",
			   m->source.cite);
	}
}

/* Words by which a link's note says the standard does not cover its target. */
static const char *const describes_only[] = {
    "does not mitigate", "does not address",
    "do not mitigate",	 "do not address",
    "not mitigate",	 "only describes",
    "describes only",	 NULL};

static bool note_says_describes(const char *note)
{
	for (size_t k = 0; note && describes_only[k]; k++)
		if (strcasestr(note, describes_only[k]))
			return true;
	return false;
}

static void check_links(struct sctx *v, const struct aisec_catalog *cat)
{
	const struct aisec_link *l = cat->links.items;

	/* links derived from matrix cells carry the report's claim and cite the
	 * matrix */
	for (size_t i = 0; i < cat->nfile_links; i++) {
		char id[160];

		snprintf(id, sizeof(id), "%s -> %s", l[i].standard,
			 l[i].target);
		check_cite(v, &l[i].source, "link", id, "source",
			   l[i].source.cite);
		if (!l[i].relation)
			problem(v, &l[i].source,
				"link '%s': field 'relation': missing (covers "
				"or describes)",
				id);
		else if (aisec_link_covers(&l[i]) &&
			 note_says_describes(l[i].note))
			problem(v, &l[i].source,
				"link '%s': claims coverage ('covers') but its "
				"note says the "
				"standard only describes it: '%s'",
				id, l[i].note);
	}
}

size_t aisec_catalog_validate_strict(const struct aisec_catalog *cat,
				     void (*report)(void *ctx, const char *msg),
				     void *ctx)
{
	struct sctx v = {report, ctx, 0};
	int now = aisec_catalog_month(cat->meta.as_of);

	if (now < 0)
		problem(&v, &cat->meta_source,
			"catalog: field 'as_of': no date in '%s'",
			cat->meta.as_of ? cat->meta.as_of : "");
	check_standards(&v, cat, now);
	check_entries(&v, cat);
	check_links(&v, cat);
	return v.problems;
}
