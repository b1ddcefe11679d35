/*
 * suggest.c - "did you mean ...?": the known names nearest to a misspelt
 * one, so that an unknown id, body or stage is an error that helps rather
 * than an empty result.  Near means a small edit distance (case, '-' and
 * '_' ignored, as in every id comparison) or one name containing the other.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "catalog/catalog_int.h"

#define NAME_MAX_LEN 96
#define SUGGEST_MAX 3

static int fold(int c)
{
	return c == '_' ? '-' : tolower((unsigned char)c);
}

/* Edit distance of a and b (folded), capped at NAME_MAX_LEN characters each. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[NAME_MAX_LEN + 1];

	if (la > NAME_MAX_LEN)
		la = NAME_MAX_LEN;
	if (lb > NAME_MAX_LEN)
		lb = NAME_MAX_LEN;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j],
			       best = diag + (fold(a[i - 1]) != fold(b[j - 1]));

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

/* Does `hay` contain `needle` (folded)? */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; n && *hay; hay++) {
		size_t k = 0;

		while (k < n && hay[k] && fold(hay[k]) == fold(needle[k]))
			k++;
		if (k == n)
			return true;
	}
	return false;
}

/* How near `name` is to `given`: a score (lower is nearer), or SIZE_MAX when it
 * is not near. */
static size_t score(const char *given, const char *name)
{
	size_t d, len = strlen(given);

	if (!name)
		return SIZE_MAX;
	d = distance(given, name);
	if (d <= (len < 6 ? 1 : len / 4 + 1))
		return d;
	if (len >= 3 && contains(name, given))
		return 100 + strlen(name);
	return SIZE_MAX;
}

struct near {
	const char *name[SUGGEST_MAX];
	size_t score[SUGGEST_MAX];
	size_t n;
};

static void consider(struct near *nr, const char *given, const char *name,
		     const char *shown)
{
	size_t s = score(given, name), at;

	if (s == SIZE_MAX)
		return;
	for (size_t i = 0; i < nr->n; i++)
		if (strcmp(nr->name[i], shown) == 0)
			return;
	for (at = nr->n; at > 0 && nr->score[at - 1] > s; at--)
		;
	if (at >= SUGGEST_MAX)
		return;
	if (nr->n < SUGGEST_MAX)
		nr->n++;
	memmove(&nr->name[at + 1], &nr->name[at],
		(nr->n - 1 - at) * sizeof(nr->name[0]));
	memmove(&nr->score[at + 1], &nr->score[at],
		(nr->n - 1 - at) * sizeof(nr->score[0]));
	nr->name[at] = shown;
	nr->score[at] = s;
}

static size_t say(const struct near *nr, struct aisec_buf *out)
{
	for (size_t i = 0; i < nr->n; i++)
		aisec_buf_addf(out, "%s%s",
			       i == 0		? " (did you mean "
			       : i + 1 == nr->n ? " or "
						: ", ",
			       nr->name[i]);
	if (nr->n)
		aisec_buf_adds(out, "?)");
	return nr->n;
}

size_t cat_suggest_words(const char *given, const char *const *words,
			 struct aisec_buf *out)
{
	struct near nr = {0};

	for (; *words; words++)
		consider(&nr, given, *words, *words);
	return say(&nr, out);
}

#define CONSIDER(k, type, getter)                                              \
	if (!kind || kind == (k)) {                                            \
		size_t n;                                                      \
		const type *e = getter(cat, &n);                               \
		for (size_t i = 0; i < n; i++)                                 \
			consider(&nr, given, e[i].id, e[i].id);                \
	}

size_t aisec_catalog_suggest(const struct aisec_catalog *cat,
			     enum aisec_entry_kind kind, const char *given,
			     struct aisec_buf *out)
{
	struct near nr = {0};

	if (!kind || kind == AISEC_ENTRY_STANDARD) {
		size_t n;
		const struct aisec_standard *s =
		    aisec_catalog_standards(cat, &n);

		for (size_t i = 0; i < n; i++) {
			consider(&nr, given, s[i].id, s[i].id);
			consider(&nr, given, s[i].reference, s[i].id);
			for (size_t a = 0; s[i].aliases[a]; a++)
				consider(&nr, given, s[i].aliases[a], s[i].id);
		}
	}
	CONSIDER(AISEC_ENTRY_REQUIREMENT, struct aisec_requirement,
		 aisec_catalog_requirements)
	CONSIDER(AISEC_ENTRY_THREAT, struct aisec_threat, aisec_catalog_threats)
	CONSIDER(AISEC_ENTRY_CHARACTERISTIC, struct aisec_characteristic,
		 aisec_catalog_characteristics)
	CONSIDER(AISEC_ENTRY_GAP, struct aisec_gap, aisec_catalog_gaps)
	CONSIDER(AISEC_ENTRY_RECOMMENDATION, struct aisec_recommendation,
		 aisec_catalog_recommendations)
	CONSIDER(AISEC_ENTRY_CONTROL, struct aisec_control,
		 aisec_catalog_controls)
	return say(&nr, out);
}
#undef CONSIDER
