/*
 * query.c - reading a loaded catalog: the entry arrays, lookups by id
 * (standards also by reference or alias), the standard filter behind
 * `aisec catalog standards --body ... --search ...` and the stage classes.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog_int.h"

int cat_strcaseeq(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	for (; *a && *b; a++, b++) {
		int x = *a == '_' ? '-' : *a, y = *b == '_' ? '-' : *b;

		if (tolower((unsigned char)x) != tolower((unsigned char)y))
			return 0;
	}
	return *a == *b;
}

/*
 * Does the publisher `body` include `want`?  Both are split at '/' and '-'
 * and every part of `want` must be a part of `body`: ISO matches ISO,
 * ISO/IEC and ISO/IEC/IEEE; CENELEC matches CEN-CENELEC.
 */
static bool body_matches(const char *body, const char *want)
{
	char w[128];
	char *save = NULL;

	if (!body || strlen(want) >= sizeof(w))
		return false;
	memcpy(w, want, strlen(want) + 1);
	for (char *part = strtok_r(w, "/-", &save); part; part = strtok_r(NULL, "/-", &save)) {
		const char *p = body;
		bool hit = false;
		size_t n = strlen(part);

		while (*p && !hit) {
			size_t k = strcspn(p, "/-");

			hit = k == n && strncasecmp(p, part, n) == 0;
			p += k;
			p += *p != '\0';
		}
		if (!hit)
			return false;
	}
	return true;
}

const struct aisec_catalog_meta *aisec_catalog_meta(const struct aisec_catalog *cat)
{
	return &cat->meta;
}

#define GETTER(fn, type, vec)                                                   \
	const type *fn(const struct aisec_catalog *cat, size_t *n)             \
	{                                                                       \
		*n = cat->vec.n;                                                \
		return cat->vec.items;                                          \
	}
GETTER(aisec_catalog_standards, struct aisec_standard, standards)
GETTER(aisec_catalog_requirements, struct aisec_requirement, requirements)
GETTER(aisec_catalog_threats, struct aisec_threat, threats)
GETTER(aisec_catalog_characteristics, struct aisec_characteristic, characteristics)
GETTER(aisec_catalog_gaps, struct aisec_gap, gaps)
GETTER(aisec_catalog_recommendations, struct aisec_recommendation, recommendations)
GETTER(aisec_catalog_controls, struct aisec_control, controls)
GETTER(aisec_catalog_links, struct aisec_link, links)
#undef GETTER

const struct aisec_matrix *aisec_catalog_matrix(const struct aisec_catalog *cat, const char *annex)
{
	const struct aisec_matrix *m = cat->matrices.items;

	for (size_t i = 0; i < cat->matrices.n; i++)
		if (cat_strcaseeq(m[i].annex, annex))
			return &m[i];
	return NULL;
}

static bool standard_named(const struct aisec_standard *s, const char *name)
{
	if (cat_strcaseeq(s->id, name) || cat_strcaseeq(s->reference, name))
		return true;
	for (size_t a = 0; s->aliases[a]; a++)
		if (cat_strcaseeq(s->aliases[a], name))
			return true;
	return false;
}

const struct aisec_standard *aisec_catalog_standard(const struct aisec_catalog *cat,
						    const char *id_or_ref)
{
	const struct aisec_standard *s = cat->standards.items;

	/* ids first, so an id never loses to another standard's alias */
	for (size_t i = 0; i < cat->standards.n; i++)
		if (cat_strcaseeq(s[i].id, id_or_ref))
			return &s[i];
	for (size_t i = 0; i < cat->standards.n; i++)
		if (standard_named(&s[i], id_or_ref))
			return &s[i];
	return NULL;
}

#define LOOKUP(fn, type, vec)                                                   \
	const type *fn(const struct aisec_catalog *cat, const char *id)         \
	{                                                                       \
		const type *e = cat->vec.items;                                 \
		for (size_t i = 0; i < cat->vec.n; i++)                         \
			if (cat_strcaseeq(e[i].id, id))                         \
				return &e[i];                                   \
		return NULL;                                                    \
	}
LOOKUP(aisec_catalog_requirement, struct aisec_requirement, requirements)
LOOKUP(aisec_catalog_threat, struct aisec_threat, threats)
LOOKUP(aisec_catalog_gap, struct aisec_gap, gaps)
LOOKUP(aisec_catalog_control, struct aisec_control, controls)
#undef LOOKUP

const char *aisec_entry_kind_name(enum aisec_entry_kind kind)
{
	switch (kind) {
	case AISEC_ENTRY_STANDARD: return "standard";
	case AISEC_ENTRY_REQUIREMENT: return "requirement";
	case AISEC_ENTRY_THREAT: return "threat";
	case AISEC_ENTRY_CHARACTERISTIC: return "characteristic";
	case AISEC_ENTRY_GAP: return "gap";
	case AISEC_ENTRY_RECOMMENDATION: return "recommendation";
	case AISEC_ENTRY_CONTROL: return "control";
	}
	return "entry";
}

/* Append a match to out[] when there is room; always count it. */
static void found(struct aisec_entry *out, size_t max, size_t *n, enum aisec_entry_kind kind,
		  const char *id, const void *ptr, const struct aisec_source *src)
{
	if (*n < max) {
		out[*n].kind = kind;
		out[*n].id = id;
		out[*n].ptr = ptr;
		out[*n].source = src;
	}
	(*n)++;
}

#define FIND(kind, type, vec)                                                   \
	do {                                                                    \
		const type *e = cat->vec.items;                                 \
		for (size_t i = 0; i < cat->vec.n; i++)                         \
			if (cat_strcaseeq(e[i].id, id))                         \
				found(out, max, &n, kind, e[i].id, &e[i],       \
				      &e[i].source);                            \
	} while (0)

size_t aisec_catalog_find(const struct aisec_catalog *cat, const char *id,
			  struct aisec_entry *out, size_t max)
{
	const struct aisec_standard *s = aisec_catalog_standard(cat, id);
	size_t n = 0;

	if (s)
		found(out, max, &n, AISEC_ENTRY_STANDARD, s->id, s, &s->source);
	FIND(AISEC_ENTRY_REQUIREMENT, struct aisec_requirement, requirements);
	FIND(AISEC_ENTRY_THREAT, struct aisec_threat, threats);
	FIND(AISEC_ENTRY_CHARACTERISTIC, struct aisec_characteristic, characteristics);
	FIND(AISEC_ENTRY_GAP, struct aisec_gap, gaps);
	FIND(AISEC_ENTRY_RECOMMENDATION, struct aisec_recommendation, recommendations);
	FIND(AISEC_ENTRY_CONTROL, struct aisec_control, controls);
	return n;
}
#undef FIND

enum aisec_stage_class aisec_stage_class(const char *stage)
{
	if (!stage || strcmp(stage, "unknown") == 0)
		return AISEC_STAGE_UNKNOWN;
	if (strcmp(stage, "published") == 0)
		return AISEC_STAGE_PUBLISHED;
	if (strcmp(stage, "withdrawn") == 0 || strcmp(stage, "superseded") == 0)
		return AISEC_STAGE_GONE;
	return AISEC_STAGE_DRAFT;
}

bool aisec_link_covers(const struct aisec_link *l)
{
	return !l->relation || strcmp(l->relation, "describes") != 0;
}

/* A link that claims coverage: one that only describes the target does not count. */
static bool has_link(const struct aisec_catalog *cat, const struct aisec_standard *s,
		     enum aisec_link_target kind, const char *target)
{
	const struct aisec_link *l = cat->links.items;

	for (size_t i = 0; i < cat->links.n; i++)
		if (l[i].target_kind == kind && aisec_link_covers(&l[i]) &&
		    strcmp(l[i].standard, s->id) == 0 &&
		    cat_strcaseeq(l[i].target, target))
			return true;
	return false;
}

static bool contains(const char *hay, const char *needle)
{
	return hay && strcasestr(hay, needle) != NULL;
}

static bool search_hit(const struct aisec_standard *s, const char *text)
{
	if (contains(s->id, text) || contains(s->reference, text) || contains(s->title, text) ||
	    contains(s->description, text) || contains(s->committee, text))
		return true;
	for (size_t a = 0; s->aliases[a]; a++)
		if (contains(s->aliases[a], text))
			return true;
	return false;
}

static bool in_vocab(const char *v, const char *const *vocab)
{
	for (; *vocab; vocab++)
		if (cat_strcaseeq(*vocab, v))
			return true;
	return false;
}

int aisec_catalog_standard_filter_check(const struct aisec_catalog *cat,
					const struct aisec_standard_filter *f,
					struct aisec_error *err)
{
	size_t n;
	bool found = false;
	struct aisec_buf hint;
	int rc = 0;

	aisec_buf_init(&hint, 4096);
	if (f->status && !cat_strcaseeq(f->status, "draft") && !in_vocab(f->status, cat_vocab_stages)) {
		cat_suggest_words(f->status, cat_vocab_stages, &hint);
		rc = aisec_error_set(err, AISEC_ERR_USAGE,
				     "filter 'status': unknown stage '%s'%s (published, draft, "
				     "withdrawn, dis, enquiry, ...)", f->status, hint.data);
	} else if (f->goal && !in_vocab(f->goal, cat_vocab_goals)) {
		cat_suggest_words(f->goal, cat_vocab_goals, &hint);
		rc = aisec_error_set(err, AISEC_ERR_USAGE,
				     "filter 'goal': unknown goal '%s'%s (confidentiality, "
				     "integrity or availability)", f->goal, hint.data);
	} else if (f->body) {
		const struct aisec_standard *s = aisec_catalog_standards(cat, &n);
		const char *bodies[64];
		size_t nb = 0;

		for (size_t i = 0; i < n && !found; i++)
			found = body_matches(s[i].body, f->body);
		/* the distinct bodies, for the message */
		for (size_t i = 0; i < n && !found && nb + 1 < 64; i++) {
			bool seen = !s[i].body;

			for (size_t k = 0; k < nb && !seen; k++)
				seen = strcmp(bodies[k], s[i].body) == 0;
			if (!seen)
				bodies[nb++] = s[i].body;
		}
		bodies[nb] = NULL;
		if (n && !found) {
			cat_suggest_words(f->body, bodies, &hint);
			aisec_buf_adds(&hint, " (bodies:");
			for (size_t k = 0; k < nb; k++)
				aisec_buf_addf(&hint, "%s %s", k ? "," : "", bodies[k]);
			aisec_buf_adds(&hint, ")");
			rc = aisec_error_set(err, AISEC_ERR_USAGE,
					     "filter 'body': no standards from '%s' in the catalog%s",
					     f->body, hint.data);
		}
	}
	found = false;
	if (!rc && f->requirement) {
		const struct aisec_requirement *r = aisec_catalog_requirements(cat, &n);

		for (size_t i = 0; i < n && !found; i++)
			found = cat_strcaseeq(r[i].id, f->requirement);
		if (n && !found) {
			aisec_catalog_suggest(cat, AISEC_ENTRY_REQUIREMENT, f->requirement, &hint);
			rc = aisec_error_set(err, AISEC_ERR_USAGE,
					     "filter 'requirement': no requirement '%s' in the "
					     "catalog%s (see 'aisec catalog requirements')",
					     f->requirement, hint.data);
		}
	}
	found = false;
	if (!rc && f->threat) {
		const struct aisec_threat *t = aisec_catalog_threats(cat, &n);

		for (size_t i = 0; i < n && !found; i++)
			found = cat_strcaseeq(t[i].id, f->threat);
		if (n && !found) {
			aisec_catalog_suggest(cat, AISEC_ENTRY_THREAT, f->threat, &hint);
			rc = aisec_error_set(err, AISEC_ERR_USAGE,
					     "filter 'threat': no threat '%s' in the catalog%s "
					     "(see 'aisec catalog threats')", f->threat, hint.data);
		}
	}
	aisec_buf_release(&hint);
	return rc;
}

bool aisec_catalog_standard_matches(const struct aisec_catalog *cat,
				    const struct aisec_standard *s,
				    const struct aisec_standard_filter *f)
{
	if (f->body && !body_matches(s->body, f->body))
		return false;
	if (f->status) {
		if (cat_strcaseeq(f->status, "draft")) {
			if (aisec_stage_class(s->status_now.stage) != AISEC_STAGE_DRAFT)
				return false;
		} else if (!cat_strcaseeq(s->status_now.stage, f->status)) {
			return false;
		}
	}
	if (f->ai_specific >= 0 && s->ai_specific != (f->ai_specific > 0))
		return false;
	if (f->requirement && !has_link(cat, s, AISEC_LINK_REQUIREMENT, f->requirement))
		return false;
	if (f->threat && !has_link(cat, s, AISEC_LINK_THREAT, f->threat))
		return false;
	if (f->goal) {
		bool hit = has_link(cat, s, AISEC_LINK_GOAL, f->goal);

		for (unsigned g = 0; !hit && cat_vocab_goals[g]; g++)
			hit = (s->goals & (1u << g)) && cat_strcaseeq(cat_vocab_goals[g], f->goal);
		if (!hit)
			return false;
	}
	if (f->search && !search_hit(s, f->search))
		return false;
	return true;
}
