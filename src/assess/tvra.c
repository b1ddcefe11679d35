/*
 * tvra.c - the TVRA scoring schemes as data (data/tvra.yaml) and the
 * arithmetic: factor levels -> values -> attack-potential sum -> rating ->
 * likelihood; impact; risk by product or by matrix; risk level.  Nothing here
 * knows a number of its own: every value comes from the scheme.
 */
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "assess/internal.h"
#include "core/core.h"

const char *const tvra_factor_names[TVRA_NFACTORS] = {"elapsed_time", "expertise",
						       "knowledge", "window", "equipment"};

static int derr(struct aisec_error *err, const char *file, struct fy_node *n,
		const char *field, const char *what)
{
	return field_error(err, file, n, field, "%s", what);
}

static int get_int(struct fy_node *n, int *out)
{
	char tmp[32], *end;
	size_t len;
	const char *s;
	long v;

	if (!n || !fy_node_is_scalar(n) || !(s = fy_node_get_scalar(n, &len)) || len == 0 ||
	    len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	v = strtol(tmp, &end, 10);
	if (*end || v < 0 || v > 1000000)
		return -1;
	*out = (int)v;
	return 0;
}

static char *sdup(struct fy_node *n)
{
	size_t len;
	const char *s;

	if (!n || !fy_node_is_scalar(n) || !(s = fy_node_get_scalar(n, &len)) || len == 0)
		return NULL;
	return strndup(s, len);
}

static int parse_levels(struct fy_node *m, struct tvra_scheme *s, int f, const char *file,
			const char *field, struct aisec_error *err)
{
	struct fy_node_pair *pair;
	void *it = NULL;
	size_t cnt;

	if (!m || !fy_node_is_mapping(m))
		return derr(err, file, m, field, "expected a mapping level: value");
	cnt = (size_t)fy_node_mapping_item_count(m);
	s->levels[f] = calloc(cnt + 1, sizeof(*s->levels[f]));
	if (!s->levels[f])
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	while ((pair = fy_node_mapping_iterate(m, &it))) {
		struct tvra_level *l = &s->levels[f][s->nlevels[f]];
		struct fy_node *v = fy_node_pair_value(pair);
		char *vs = sdup(v);

		if (!(l->name = sdup(fy_node_pair_key(pair)))) {
			free(vs);
			return derr(err, file, m, field, "bad level name");
		}
		s->nlevels[f]++;
		if (vs && strcmp(vs, "not_practical") == 0)
			l->value = -1;
		else if (get_int(v, &l->value))
			return free(vs), derr(err, file, v, field,
					      "expected a number or not_practical");
		free(vs);
	}
	return 0;
}

static int parse_bands(struct fy_node *seq, struct tvra_band **out, size_t *n,
		       const char *namekey, const char *file, const char *field,
		       struct aisec_error *err)
{
	struct fy_node *e;
	void *it = NULL;
	size_t cnt;
	int prev_max = -1;

	if (!seq || !fy_node_is_sequence(seq))
		return derr(err, file, seq, field, "expected a list of bands");
	cnt = (size_t)fy_node_sequence_item_count(seq);
	*out = calloc(cnt + 1, sizeof(**out));
	if (!*out)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	while ((e = fy_node_sequence_iterate(seq, &it))) {
		struct tvra_band *b = &(*out)[*n];
		const char *const keys[] = {"min", "max", namekey, NULL};
		int ret;

		if ((ret = aisec_yaml_check_keys(e, keys, file, field, err)))
			return ret;
		if (get_int(aisec_yaml_get(e, "min"), &b->min))
			return derr(err, file, e, field, "expected 'min' as a number");
		b->max = -1;
		if (aisec_yaml_get(e, "max") && get_int(aisec_yaml_get(e, "max"), &b->max))
			return derr(err, file, e, field, "expected 'max' as a number");
		if (!(b->name = sdup(aisec_yaml_get(e, namekey))))
			return derr(err, file, e, field, "band without a name");
		(*n)++;
		if (b->min <= prev_max || (b->max >= 0 && b->max < b->min))
			return derr(err, file, e, field, "bands must ascend without overlap");
		prev_max = b->max < 0 ? 1000000 : b->max;
	}
	return 0;
}

static int parse_map(struct fy_node *m, struct tvra_map **out, size_t *n, const char *file,
		     const char *field, struct aisec_error *err)
{
	struct fy_node_pair *pair;
	void *it = NULL;

	if (!m || !fy_node_is_mapping(m))
		return derr(err, file, m, field, "expected a mapping");
	*out = calloc((size_t)fy_node_mapping_item_count(m) + 1, sizeof(**out));
	if (!*out)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	while ((pair = fy_node_mapping_iterate(m, &it))) {
		struct tvra_map *e = &(*out)[*n];
		struct fy_node *v = fy_node_pair_value(pair);
		static const char *const keys[] = {"level", "value", NULL};
		int ret;

		if (!(e->key = sdup(fy_node_pair_key(pair))))
			return derr(err, file, m, field, "bad key");
		(*n)++;
		if ((ret = aisec_yaml_check_keys(v, keys, file, field, err)))
			return ret;
		if (!(e->level = sdup(aisec_yaml_get(v, "level"))) ||
		    get_int(aisec_yaml_get(v, "value"), &e->value) || e->value < 1)
			return derr(err, file, v, field, "expected {level, value >= 1}");
	}
	return 0;
}

static int parse_matrix(struct fy_node *seq, struct tvra_scheme *s, const char *file,
			struct aisec_error *err)
{
	struct fy_node *row;
	void *it = NULL;
	int r = 0;

	if (!fy_node_is_sequence(seq))
		return derr(err, file, seq, "matrix", "expected a list of rows");
	s->matrix_rows = fy_node_sequence_item_count(seq);
	s->matrix = calloc((size_t)s->matrix_rows + 1, sizeof(*s->matrix));
	if (!s->matrix)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	while ((row = fy_node_sequence_iterate(seq, &it))) {
		void *it2 = NULL;
		struct fy_node *c;
		int k = 0;

		if (!fy_node_is_sequence(row))
			return derr(err, file, row, "matrix", "expected a row list");
		if (r == 0)
			s->matrix_cols = fy_node_sequence_item_count(row);
		else if (fy_node_sequence_item_count(row) != s->matrix_cols)
			return derr(err, file, row, "matrix", "rows differ in length");
		s->matrix[r] = calloc((size_t)s->matrix_cols + 1, sizeof(int));
		if (!s->matrix[r])
			return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		while ((c = fy_node_sequence_iterate(row, &it2)))
			if (get_int(c, &s->matrix[r][k++]))
				return derr(err, file, c, "matrix", "expected a number");
		r++;
	}
	return 0;
}

static int parse_scheme(struct fy_node *m, struct tvra_scheme *s, const char *file,
			struct aisec_error *err)
{
	static const char *const keys[] = {"id", "title", "source", "note", "factors",
					   "attack_potential", "likelihood", "impact", "matrix",
					   "risk", NULL};
	struct fy_node *factors;
	int ret;

	if ((ret = aisec_yaml_check_keys(m, keys, file, "tvra.schemes[]", err)))
		return ret;
	s->id = aisec_yaml_str(m, "id");
	s->title = aisec_yaml_str(m, "title");
	s->source = aisec_yaml_str(m, "source");
	s->note = aisec_yaml_str(m, "note");
	if (!s->id || !s->title || !s->source)
		return derr(err, file, m, "tvra.schemes[]", "needs id, title and source");
	factors = aisec_yaml_get(m, "factors");
	for (int f = 0; f < TVRA_NFACTORS; f++) {
		char field[64];

		snprintf(field, sizeof(field), "%s.factors.%s", s->id, tvra_factor_names[f]);
		if ((ret = parse_levels(aisec_yaml_get(factors, tvra_factor_names[f]), s, f, file,
					field, err)))
			return ret;
	}
	if ((ret = parse_bands(aisec_yaml_get(m, "attack_potential"), &s->bands, &s->nbands,
			       "rating", file, "attack_potential", err)) ||
	    (ret = parse_map(aisec_yaml_get(m, "likelihood"), &s->likelihood, &s->nlikelihood,
			     file, "likelihood", err)) ||
	    (ret = parse_map(aisec_yaml_get(m, "impact"), &s->impact, &s->nimpact, file,
			     "impact", err)) ||
	    (ret = parse_bands(aisec_yaml_get(m, "risk"), &s->risk, &s->nrisk, "level", file,
			       "risk", err)))
		return ret;
	if (aisec_yaml_get(m, "matrix") && (ret = parse_matrix(aisec_yaml_get(m, "matrix"), s,
							       file, err)))
		return ret;
	/* every rating needs a likelihood, every likelihood/impact must fit the matrix */
	for (size_t i = 0; i < s->nbands; i++) {
		bool found = false;

		for (size_t k = 0; k < s->nlikelihood; k++)
			found |= strcmp(s->likelihood[k].key, s->bands[i].name) == 0;
		if (!found)
			return derr(err, file, m, "likelihood", "a rating has no likelihood");
	}
	if (s->matrix) {
		for (size_t k = 0; k < s->nlikelihood; k++)
			if (s->likelihood[k].value > s->matrix_cols)
				return derr(err, file, m, "matrix", "too few columns");
		for (size_t k = 0; k < s->nimpact; k++)
			if (s->impact[k].value > s->matrix_rows)
				return derr(err, file, m, "matrix", "too few rows");
	}
	return 0;
}

static int parse_factor_levels(struct fy_node *m, char *out[TVRA_NFACTORS], const char *file,
			       const char *field, struct aisec_error *err)
{
	int ret;

	if (!m)
		return 0;
	if ((ret = aisec_yaml_check_keys(m, tvra_factor_names, file, field, err)))
		return ret;
	for (int f = 0; f < TVRA_NFACTORS; f++)
		out[f] = aisec_yaml_str(m, tvra_factor_names[f]);
	return 0;
}

static int parse_adjust(struct fy_node *seq, struct tvra_schemes *t, struct aisec_error *err)
{
	static const char *const keys[] = {"when", "threats", "lower", "raise", "why", NULL};
	struct fy_node *e;
	void *it = NULL;
	int ret;

	if (!seq)
		return 0;
	if (!fy_node_is_sequence(seq))
		return derr(err, t->file, seq, "tvra.adjust", "expected a list");
	t->adjust = calloc((size_t)fy_node_sequence_item_count(seq) + 1, sizeof(*t->adjust));
	if (!t->adjust)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	while ((e = fy_node_sequence_iterate(seq, &it))) {
		struct tvra_adjust *a = &t->adjust[t->nadjust++];
		struct fy_node *th;
		char field[64];

		snprintf(field, sizeof(field), "tvra.adjust[%zu]", t->nadjust - 1);
		a->line = aisec_yaml_line(e);
		if ((ret = aisec_yaml_check_keys(e, keys, t->file, field, err)))
			return ret;
		a->when = aisec_yaml_str(e, "when");
		a->why = aisec_yaml_str(e, "why");
		if (!a->when || !a->why)
			return derr(err, t->file, e, field, "needs 'when' and 'why'");
		if (threat_condition(NULL, a->when, NULL) < 0)
			return derr(err, t->file, aisec_yaml_get(e, "when"), field,
				    "unknown condition");
		th = aisec_yaml_get(e, "threats");
		/* a list before its count: a scalar's count is -1 (fuzz_rules
		 * found the end marker written past a 0-byte array) */
		if (th && !fy_node_is_sequence(th))
			return derr(err, t->file, th, field,
				    "threats: expected a list");
		a->threats = calloc(th ? (size_t)fy_node_sequence_item_count(th) + 1 : 1,
				    sizeof(char *));
		if (!a->threats)
			return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		if (th) {
			void *it2 = NULL;
			struct fy_node *x;
			size_t k = 0;

			while ((x = fy_node_sequence_iterate(th, &it2)))
				if (!(a->threats[k++] = sdup(x)))
					return derr(err, t->file, x, field, "bad threat id");
		}
		if ((ret = parse_factor_levels(aisec_yaml_get(e, "lower"), a->lower, t->file, field,
					       err)) ||
		    (ret = parse_factor_levels(aisec_yaml_get(e, "raise"), a->raise, t->file, field,
					       err)))
			return ret;
	}
	return 0;
}

int tvra_parse(struct fy_node *root, const char *file, struct tvra_schemes **out,
	       struct aisec_error *err)
{
	static const char *const keys[] = {"adjust", "schemes", NULL};
	struct tvra_schemes *t;
	struct fy_node *seq, *e;
	void *it = NULL;
	int ret;

	*out = NULL;
	if (root && fy_node_is_mapping(root) && aisec_yaml_get(root, "tvra"))
		root = aisec_yaml_get(root, "tvra");
	if (!root)
		return aisec_error_set(err, AISEC_ERR_NOTFOUND,
				       "knowledge base: no 'tvra' scoring scheme (tvra.yaml)");
	t = calloc(1, sizeof(*t));
	if (!t || !(t->file = strdup(file ? file : "tvra.yaml"))) {
		free(t);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	if ((ret = aisec_yaml_check_keys(root, keys, t->file, "tvra", err)))
		goto out;
	seq = aisec_yaml_get(root, "schemes");
	if (!seq || !fy_node_is_sequence(seq) || fy_node_sequence_item_count(seq) < 1) {
		ret = derr(err, t->file, seq ? seq : root, "tvra.schemes",
			   "expected a non-empty list");
		goto out;
	}
	t->s = calloc((size_t)fy_node_sequence_item_count(seq) + 1, sizeof(*t->s));
	if (!t->s) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	while ((e = fy_node_sequence_iterate(seq, &it)))
		if ((ret = parse_scheme(e, &t->s[t->n++], t->file, err)))
			goto out;
	if ((ret = parse_adjust(aisec_yaml_get(root, "adjust"), t, err)))
		goto out;
	for (size_t i = 0; i < t->nadjust; i++)
		for (int f = 0; f < TVRA_NFACTORS; f++)
			for (size_t k = 0; k < t->n; k++)
				if ((t->adjust[i].lower[f] &&
				     tvra_level_index(&t->s[k], f, t->adjust[i].lower[f]) < 0) ||
				    (t->adjust[i].raise[f] &&
				     tvra_level_index(&t->s[k], f, t->adjust[i].raise[f]) < 0)) {
					ret = aisec_error_set(err, AISEC_ERR_INVALID,
							      "'%s' line %d: field 'tvra.adjust[%zu]': level unknown to scheme '%s'",
							      t->file, t->adjust[i].line, i, t->s[k].id);
					goto out;
				}
	*out = t;
	t = NULL;
	ret = 0;
out:
	tvra_free(t);
	return ret;
}

static void scheme_release(struct tvra_scheme *s)
{
	for (int f = 0; f < TVRA_NFACTORS; f++) {
		for (size_t i = 0; i < s->nlevels[f]; i++)
			free(s->levels[f][i].name);
		free(s->levels[f]);
	}
	for (size_t i = 0; i < s->nbands; i++)
		free(s->bands[i].name);
	free(s->bands);
	for (size_t i = 0; i < s->nrisk; i++)
		free(s->risk[i].name);
	free(s->risk);
	for (size_t i = 0; i < s->nlikelihood; i++) {
		free(s->likelihood[i].key);
		free(s->likelihood[i].level);
	}
	free(s->likelihood);
	for (size_t i = 0; i < s->nimpact; i++) {
		free(s->impact[i].key);
		free(s->impact[i].level);
	}
	free(s->impact);
	for (int r = 0; s->matrix && r < s->matrix_rows; r++)
		free(s->matrix[r]);
	free(s->matrix);
	free(s->id);
	free(s->title);
	free(s->source);
	free(s->note);
}

void tvra_free(struct tvra_schemes *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		scheme_release(&t->s[i]);
	free(t->s);
	for (size_t i = 0; i < t->nadjust; i++) {
		struct tvra_adjust *a = &t->adjust[i];

		free(a->when);
		free(a->why);
		for (size_t k = 0; a->threats && a->threats[k]; k++)
			free(a->threats[k]);
		free(a->threats);
		for (int f = 0; f < TVRA_NFACTORS; f++) {
			free(a->lower[f]);
			free(a->raise[f]);
		}
	}
	free(t->adjust);
	free(t->file);
	free(t);
}

const struct tvra_scheme *tvra_find(const struct tvra_schemes *t, const char *id)
{
	if (!id)
		return t->n ? &t->s[0] : NULL;
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->s[i].id, id) == 0)
			return &t->s[i];
	return NULL;
}

int tvra_level_index(const struct tvra_scheme *s, int factor, const char *name)
{
	for (size_t i = 0; name && i < s->nlevels[factor]; i++)
		if (strcmp(s->levels[factor][i].name, name) == 0)
			return (int)i;
	return -1;
}

static const struct tvra_map *map_find(const struct tvra_map *m, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].key, key) == 0)
			return &m[i];
	return NULL;
}

static const char *band_of(const struct tvra_band *b, size_t n, int v)
{
	for (size_t i = 0; i < n; i++)
		if (v >= b[i].min && (b[i].max < 0 || v <= b[i].max))
			return b[i].name;
	return NULL;
}

int tvra_score(const struct tvra_scheme *s, const char *const levels[TVRA_NFACTORS],
	       const char *impact, struct tvra_result *r, struct aisec_error *err)
{
	const struct tvra_map *lk, *im;
	bool practical = true;

	memset(r, 0, sizeof(*r));
	for (int f = 0; f < TVRA_NFACTORS; f++) {
		int i = tvra_level_index(s, f, levels[f]);

		if (i < 0)
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "scheme '%s': factor '%s': unknown level '%s'", s->id,
					       tvra_factor_names[f], levels[f] ? levels[f] : "(none)");
		r->levels[f] = s->levels[f][i].name;
		r->values[f] = s->levels[f][i].value;
		if (r->values[f] < 0)
			practical = false;
		else
			r->sum += r->values[f];
	}
	if (!practical) {
		r->sum = -1;
		r->rating = "not-practical";
	} else if (!(r->rating = band_of(s->bands, s->nbands, r->sum))) {
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "scheme '%s': no attack-potential band for sum %d", s->id,
				       r->sum);
	}
	lk = map_find(s->likelihood, s->nlikelihood, r->rating);
	im = map_find(s->impact, s->nimpact, impact ? impact : "");
	if (!lk)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "scheme '%s': no likelihood for rating '%s'", s->id, r->rating);
	if (!im)
		return aisec_error_set(err, AISEC_ERR_INVALID, "scheme '%s': unknown impact '%s'",
				       s->id, impact ? impact : "(none)");
	r->likelihood = lk->level;
	r->likelihood_value = lk->value;
	r->impact = im->level;
	r->impact_value = im->value;
	if (s->matrix)
		r->risk = s->matrix[im->value - 1][lk->value - 1];
	else
		r->risk = lk->value * im->value;
	if (!(r->risk_level = band_of(s->risk, s->nrisk, r->risk)))
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "scheme '%s': no risk level for value %d", s->id, r->risk);
	return 0;
}

/* The name of value v on an axis (the first map entry with that value), or NULL. */
static const char *axis_name(const struct tvra_map *m, size_t n, int v)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].value == v)
			return m[i].level;
	return NULL;
}

/* Highest value of a map, at least `floor`, at most TVRA_AXIS_MAX. */
static int axis_len(const struct tvra_map *m, size_t n, int floor)
{
	int len = floor;

	for (size_t i = 0; i < n; i++)
		if (m[i].value > len)
			len = m[i].value;
	return len > TVRA_AXIS_MAX ? TVRA_AXIS_MAX : len;
}

static json_t *axis_json(const struct tvra_map *m, size_t n, int len)
{
	json_t *a = json_array();

	for (int v = 1; v <= len; v++) {
		const char *name = axis_name(m, n, v);

		json_array_append_new(a, json_pack("{s:o, s:i}", "level",
						   name ? json_string(name) : json_null(), "value",
						   v));
	}
	return a;
}

json_t *tvra_scheme_json(const struct tvra_scheme *s)
{
	int nl = axis_len(s->likelihood, s->nlikelihood, s->matrix ? s->matrix_cols : 1);
	int ni = axis_len(s->impact, s->nimpact, s->matrix ? s->matrix_rows : 1);
	json_t *cells = json_array();

	for (int l = 1; l <= nl; l++) {
		json_t *row = json_array();

		for (int i = 1; i <= ni; i++) {
			int risk = s->matrix ? s->matrix[i - 1][l - 1] : l * i;
			const char *level = band_of(s->risk, s->nrisk, risk);

			json_array_append_new(row, json_pack("{s:i, s:o}", "value", risk, "level",
							     level ? json_string(level)
								   : json_null()));
		}
		json_array_append_new(cells, row);
	}
	return json_pack("{s:s, s:s, s:o, s:o, s:o}", "id", s->id, "title", s->title,
			 "likelihood", axis_json(s->likelihood, s->nlikelihood, nl), "impact",
			 axis_json(s->impact, s->nimpact, ni), "cells", cells);
}

int tvra_risk_rank(const char *level)
{
	if (!level)
		return 0;
	if (strcmp(level, "minor") == 0)
		return 1;
	if (strcmp(level, "major") == 0)
		return 2;
	if (strcmp(level, "critical") == 0)
		return 3;
	return 0;
}
