/*
 * rules.c - the AI Act classification rules as data (data/ai-act.yaml): the
 * Art. 5 points, Annex III points, Art. 50 paragraphs, Art. 6(3) conditions,
 * Annex I acts, domains and decisions, dates and the Art. 51(2) threshold,
 * each point with a `when` / `unless` condition over profile facts.  Also the
 * condition matcher itself.  Errors name the data file, line and field.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "assess/internal.h"
#include "core/core.h"

int field_error(struct aisec_error *err, const char *file, struct fy_node *n,
		const char *field, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = aisec_field_verror(err, file, aisec_yaml_line(n), field, fmt, ap);
	va_end(ap);
	return rc;
}

static int data_err(struct aisec_error *err, const char *file, struct fy_node *n,
		    const char *field, const char *what)
{
	return field_error(err, file, n, field, "%s", what);
}

/*
 * The list under root[key] and a zeroed array for its items (`size` bytes
 * each, one spare), or an error naming the field.
 */
static int seq_items(struct fy_node *root, const char *key, size_t size, void **items,
		     struct fy_node **seq, const char *file, struct aisec_error *err)
{
	*items = NULL;
	*seq = aisec_yaml_get(root, key);
	if (!*seq || !fy_node_is_sequence(*seq))
		return data_err(err, file, *seq ? *seq : root, key, "expected a list");
	*items = calloc((size_t)fy_node_sequence_item_count(*seq) + 1, size);
	return *items ? 0 : aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
}

static bool schema_has(const char *path)
{
	for (const struct profile_field *f = profile_schema(); f->path; f++)
		if (strcmp(f->path, path) == 0)
			return true;
	return false;
}

static char *node_str(struct fy_node *n)
{
	size_t len;
	const char *s;

	if (!n || !fy_node_is_scalar(n))
		return NULL;
	s = fy_node_get_scalar(n, &len);
	return s ? strndup(s, len) : NULL;
}

static void free_strv(char **v)
{
	if (!v)
		return;
	for (size_t i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

/* A scalar or a list of scalars as a NULL-terminated vector. */
static int strv_parse(struct fy_node *n, char ***out, const char *file, const char *field,
		      struct aisec_error *err)
{
	size_t cnt = fy_node_is_sequence(n) ? (size_t)fy_node_sequence_item_count(n) : 1;
	char **v = calloc(cnt + 1, sizeof(*v));
	struct fy_node *e;
	void *it = NULL;
	size_t i = 0;

	*out = NULL;
	if (!v)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if (fy_node_is_sequence(n)) {
		while ((e = fy_node_sequence_iterate(n, &it)) && i < cnt) {
			if (!(v[i] = node_str(e))) {
				free_strv(v);
				return data_err(err, file, e, field, "expected a value");
			}
			i++;
		}
	} else if (!(v[0] = node_str(n))) {
		free_strv(v);
		return data_err(err, file, n, field, "expected a value or a list");
	}
	*out = v;
	return 0;
}

static int cond_all_parse(struct fy_node *m, struct cond_all *a, const char *file,
			  const char *where, struct aisec_error *err)
{
	struct fy_node_pair *pair;
	void *it = NULL;
	int ret;

	if (!fy_node_is_mapping(m))
		return data_err(err, file, m, where, "expected a mapping of profile fields");
	a->ntests = 0;
	a->tests = calloc((size_t)fy_node_mapping_item_count(m) + 1, sizeof(*a->tests));
	if (!a->tests)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	while ((pair = fy_node_mapping_iterate(m, &it))) {
		struct cond_test *t = &a->tests[a->ntests];

		t->path = node_str(fy_node_pair_key(pair));
		if (!t->path)
			return data_err(err, file, m, where, "bad key");
		a->ntests++;
		if (!schema_has(t->path))
			return data_err(err, file, fy_node_pair_key(pair), where,
					"not a profile field");
		if ((ret = strv_parse(fy_node_pair_value(pair), &t->values, file, where, err)))
			return ret;
	}
	return 0;
}

int cond_parse(struct fy_node *n, struct cond *c, const char *file, const char *where,
	       struct aisec_error *err)
{
	struct fy_node *e;
	void *it = NULL;
	size_t cnt;
	int ret;

	memset(c, 0, sizeof(*c));
	if (!n)
		return 0;
	cnt = fy_node_is_sequence(n) ? (size_t)fy_node_sequence_item_count(n) : 1;
	c->alts = calloc(cnt + 1, sizeof(*c->alts));
	if (!c->alts)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if (!fy_node_is_sequence(n)) {
		c->nalts = 1;
		return cond_all_parse(n, &c->alts[0], file, where, err);
	}
	while ((e = fy_node_sequence_iterate(n, &it)) && c->nalts < cnt) {
		c->nalts++;
		if ((ret = cond_all_parse(e, &c->alts[c->nalts - 1], file, where, err)))
			return ret;
	}
	return 0;
}

void cond_release(struct cond *c)
{
	for (size_t i = 0; i < c->nalts; i++) {
		for (size_t j = 0; j < c->alts[i].ntests; j++) {
			free(c->alts[i].tests[j].path);
			free_strv(c->alts[i].tests[j].values);
		}
		free(c->alts[i].tests);
	}
	free(c->alts);
	memset(c, 0, sizeof(*c));
}

static bool test_holds(const struct cond_test *t, const struct aisec_profile *p, json_t *facts)
{
	bool seen = false, hit = false;

	for (size_t i = 0; i < p->nfacts; i++) {
		if (strcmp(p->facts[i].path, t->path) != 0)
			continue;
		seen = true;
		for (size_t k = 0; t->values[k]; k++) {
			if (strcmp(p->facts[i].value, t->values[k]) == 0) {
				if (facts)
					json_array_append_new(facts, fact_json(&p->facts[i]));
				hit = true;
				break;
			}
		}
	}
	if (seen)
		return hit;
	/* an absent yes/no or choice field reads as "false" / "none" */
	for (size_t k = 0; t->values[k]; k++)
		if (strcmp(t->values[k], "false") == 0 || strcmp(t->values[k], "none") == 0)
			return true;
	return false;
}

bool cond_eval(const struct cond *c, const struct aisec_profile *p, json_t *facts)
{
	for (size_t i = 0; i < c->nalts; i++) {
		const struct cond_all *a = &c->alts[i];
		bool all = true;

		for (size_t j = 0; j < a->ntests && all; j++)
			all = test_holds(&a->tests[j], p, NULL);
		if (!all)
			continue;
		if (facts)
			for (size_t j = 0; j < a->ntests; j++)
				test_holds(&a->tests[j], p, facts);
		return true;
	}
	return false;
}

/* ---- ai-act.yaml ---------------------------------------------------------- */

static int need_str(struct fy_node *m, const char *key, char **out, const char *file,
		    const char *field, struct aisec_error *err)
{
	char f[160];

	*out = aisec_yaml_str(m, key);
	if (*out)
		return 0;
	snprintf(f, sizeof(f), "%s.%s", field, key);
	if (!aisec_yaml_get(m, key))
		return data_err(err, file, m, f, "required field missing");
	return data_err(err, file, aisec_yaml_get(m, key), f, "expected a value");
}

static int parse_rule(struct fy_node *m, struct act_rule *r, const char *file,
		      const char *field, struct aisec_error *err)
{
	static const char *const keys[] = {
	    "id",     "article",     "title",	      "applies_from", "when",
	    "unless", "unless_text", "back_in_scope", "source",	      NULL};
	char f[160];
	int ret;

	if (!m || !fy_node_is_mapping(m))
		return data_err(err, file, m, field, "expected a mapping");
	if ((ret = aisec_yaml_check_keys(m, keys, file, field, err)) ||
	    (!aisec_yaml_get(m, "id") && !(r->id = strdup(""))) ||
	    (aisec_yaml_get(m, "id") &&
	     (ret = need_str(m, "id", &r->id, file, field, err))) ||
	    (ret = need_str(m, "article", &r->article, file, field, err)) ||
	    (ret = need_str(m, "title", &r->title, file, field, err)) ||
	    (ret = need_str(m, "source", &r->source, file, field, err)))
		return ret;
	r->applies_from = aisec_yaml_str(m, "applies_from");
	r->unless_text = aisec_yaml_str(m, "unless_text");
	r->back_in_scope = aisec_yaml_str(m, "back_in_scope");
	if (aisec_yaml_get(m, "applies_from") && !aisec_date_valid(r->applies_from)) {
		snprintf(f, sizeof(f), "%s.applies_from", field);
		return data_err(err, file, aisec_yaml_get(m, "applies_from"), f,
				"expected a date YYYY-MM-DD");
	}
	snprintf(f, sizeof(f), "%s.when", field);
	if ((ret = cond_parse(aisec_yaml_get(m, "when"), &r->when, file, f, err)))
		return ret;
	snprintf(f, sizeof(f), "%s.unless", field);
	return cond_parse(aisec_yaml_get(m, "unless"), &r->unless, file, f, err);
}

static int parse_rules(struct fy_node *root, const char *key, struct act_rule **out,
		       size_t *n, const char *file, bool need_when, struct aisec_error *err)
{
	struct fy_node *seq, *e;
	void *it = NULL;
	int ret;

	*n = 0;
	if ((ret = seq_items(root, key, sizeof(**out), (void **)out, &seq, file, err)))
		return ret;
	while ((e = fy_node_sequence_iterate(seq, &it))) {
		char f[96];

		snprintf(f, sizeof(f), "%s[%zu]", key, *n);
		(*n)++;
		if ((ret = parse_rule(e, &(*out)[*n - 1], file, f, err)))
			return ret;
		if (need_when && (*out)[*n - 1].when.nalts == 0)
			return data_err(err, file, e, f, "a 'when' condition is required");
	}
	return 0;
}

static void rule_release(struct act_rule *r)
{
	free(r->id);
	free(r->article);
	free(r->title);
	free(r->applies_from);
	free(r->unless_text);
	free(r->back_in_scope);
	free(r->source);
	cond_release(&r->when);
	cond_release(&r->unless);
}

static int parse_annex_i(struct fy_node *root, struct act_rules *r, const char *file,
			 struct aisec_error *err)
{
	static const char *const keys[] = {"id", "section", "point", "act", "source", NULL};
	struct fy_node *seq, *e;
	void *it = NULL;
	int ret;

	if ((ret = seq_items(root, "annex_i", sizeof(*r->annex_i), (void **)&r->annex_i, &seq,
			     file, err)))
		return ret;
	while ((e = fy_node_sequence_iterate(seq, &it))) {
		struct act_annex_i *a = &r->annex_i[r->nannex_i++];
		char f[64];

		snprintf(f, sizeof(f), "annex_i[%zu]", r->nannex_i - 1);
		if ((ret = aisec_yaml_check_keys(e, keys, file, f, err)) ||
		    (ret = need_str(e, "id", &a->id, file, f, err)) ||
		    (ret = need_str(e, "section", &a->section, file, f, err)) ||
		    (ret = need_str(e, "point", &a->point, file, f, err)) ||
		    (ret = need_str(e, "act", &a->act, file, f, err)) ||
		    (ret = need_str(e, "source", &a->source, file, f, err)))
			return ret;
	}
	return 0;
}

static int parse_domains(struct fy_node *root, struct act_rules *r, const char *file,
			 struct aisec_error *err)
{
	static const char *const keys[] = {"id", "decisions", "source", NULL};
	struct fy_node *seq, *e;
	void *it = NULL;
	int ret;

	if ((ret = seq_items(root, "domains", sizeof(*r->domains), (void **)&r->domains, &seq,
			     file, err)))
		return ret;
	while ((e = fy_node_sequence_iterate(seq, &it))) {
		struct act_vocab *d = &r->domains[r->ndomains++];
		char f[64];
		struct fy_node *dec;

		snprintf(f, sizeof(f), "domains[%zu]", r->ndomains - 1);
		if ((ret = aisec_yaml_check_keys(e, keys, file, f, err)) ||
		    (ret = need_str(e, "id", &d->id, file, f, err)))
			return ret;
		dec = aisec_yaml_get(e, "decisions");
		if (!dec || !fy_node_is_sequence(dec))
			return data_err(err, file, dec ? dec : e, f, "expected 'decisions' as a list");
		if ((ret = strv_parse(dec, &d->decisions, file, f, err)))
			return ret;
	}
	return 0;
}

static int parse_dates(struct fy_node *root, struct act_rules *r, const char *file,
		       struct aisec_error *err)
{
	static const char *const keys[] = {"prohibitions", "gpai", "general", "annex_iii",
					   "annex_i", "source", NULL};
	struct fy_node *d = aisec_yaml_get(root, "dates");
	char **slot[] = {&r->date_prohibitions, &r->date_gpai, &r->date_general,
			 &r->date_annex_iii, &r->date_annex_i};
	int ret;

	if ((ret = aisec_yaml_check_keys(d, keys, file, "dates", err)))
		return ret;
	for (size_t i = 0; i < 5; i++) {
		char f[64];

		snprintf(f, sizeof(f), "dates.%s", keys[i]);
		if ((ret = need_str(d, keys[i], slot[i], file, "dates", err)))
			return ret;
		if (!aisec_date_valid(*slot[i]))
			return data_err(err, file, aisec_yaml_get(d, keys[i]), f,
					"expected a date YYYY-MM-DD");
	}
	return need_str(d, "source", &r->dates_source, file, "dates", err);
}

static int parse_gpai(struct fy_node *root, struct act_rules *r, const char *file,
		      struct aisec_error *err)
{
	static const char *const keys[] = {"threshold_flop", "source", NULL};
	struct fy_node *g = aisec_yaml_get(root, "gpai");
	char *t = NULL, *end;
	int ret;

	if ((ret = aisec_yaml_check_keys(g, keys, file, "gpai", err)) ||
	    (ret = need_str(g, "threshold_flop", &t, file, "gpai", err)) ||
	    (ret = need_str(g, "source", &r->gpai_source, file, "gpai", err)))
		goto out;
	errno = 0;
	r->gpai_threshold_flop = strtod(t, &end);
	if (*end || errno || !isfinite(r->gpai_threshold_flop) || r->gpai_threshold_flop <= 0)
		ret = data_err(err, file, aisec_yaml_get(g, "threshold_flop"),
			       "gpai.threshold_flop", "expected a positive number");
out:
	free(t);
	return ret;
}

/* rbi: {applies_from, objectives: [...], conditions: [...]} (Art. 5(1)(h),
 * 5(2)-(7)). */
static int parse_rbi(struct fy_node *root, struct act_rules *r,
		     const char *file, struct aisec_error *err)
{
	static const char *const keys[] = {"applies_from", "objectives",
					   "conditions", NULL};
	struct fy_node *m = aisec_yaml_get(root, "rbi");
	int ret;

	if ((ret = aisec_yaml_check_keys(m, keys, file, "rbi", err)) ||
	    (ret = need_str(m, "applies_from", &r->rbi_from, file, "rbi", err)))
		return ret;
	if (!aisec_date_valid(r->rbi_from))
		return data_err(err, file, aisec_yaml_get(m, "applies_from"),
				"rbi.applies_from",
				"expected a date YYYY-MM-DD");
	if ((ret = parse_rules(m, "objectives", &r->rbi_objectives,
			       &r->nrbi_objectives, file, false, err)))
		return ret;
	return parse_rules(m, "conditions", &r->rbi_conditions,
			   &r->nrbi_conditions, file, true, err);
}

/* scope: {territorial, exclusions: [...], open_source, annex_i_section_b:
 * [...]} (Art. 2). */
static int parse_scope(struct fy_node *root, struct act_rules *r,
		       const char *file, struct aisec_error *err)
{
	static const char *const keys[] = {"territorial", "exclusions",
					   "open_source", "annex_i_section_b",
					   NULL};
	struct fy_node *m = aisec_yaml_get(root, "scope");
	int ret;

	if ((ret = aisec_yaml_check_keys(m, keys, file, "scope", err)) ||
	    (ret = parse_rule(aisec_yaml_get(m, "territorial"),
			      &r->scope_territorial, file, "scope.territorial",
			      err)) ||
	    (ret = parse_rules(m, "exclusions", &r->scope_exclusions,
			       &r->nscope_exclusions, file, true, err)) ||
	    (ret = parse_rule(aisec_yaml_get(m, "open_source"),
			      &r->scope_open_source, file, "scope.open_source",
			      err)) ||
	    (ret = parse_rules(m, "annex_i_section_b", &r->section_b,
			       &r->nsection_b, file, false, err)))
		return ret;
	for (size_t i = 0; i < r->nsection_b; i++)
		if (!r->section_b[i].applies_from)
			return data_err(err, file, m, "scope.annex_i_section_b",
					"every version needs 'applies_from'");
	return 0;
}

int act_rules_parse(struct fy_node *root, const char *file, struct act_rules **out,
		    struct aisec_error *err)
{
	static const char *const keys[] = {"regulation",
					   "source",
					   "dates",
					   "gpai",
					   "domains",
					   "prohibited",
					   "annex_i",
					   "annex_iii",
					   "exclusions",
					   "art6_3",
					   "art6_3_profiling",
					   "transparency",
					   "rbi",
					   "scope",
					   "value_chain",
					   NULL};
	struct act_rules *r;
	int ret;

	*out = NULL;
	if (!file)
		file = "ai-act.yaml";
	if (root && fy_node_is_mapping(root) && aisec_yaml_get(root, "ai_act"))
		root = aisec_yaml_get(root, "ai_act");
	r = calloc(1, sizeof(*r));
	if (!r)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if (!(r->file = strdup(file))) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (!root) {
		ret = aisec_error_set(err, AISEC_ERR_NOTFOUND,
				      "knowledge base: no 'ai_act' rules (ai-act.yaml)");
		goto out;
	}
	if ((ret = aisec_yaml_check_keys(root, keys, file, "ai_act", err)) ||
	    (ret = need_str(root, "regulation", &r->regulation, file, "ai_act",
			    err)) ||
	    (ret = parse_dates(root, r, file, err)) ||
	    (ret = parse_gpai(root, r, file, err)) ||
	    (ret = parse_domains(root, r, file, err)) ||
	    (ret = parse_annex_i(root, r, file, err)) ||
	    (ret = parse_rules(root, "prohibited", &r->prohibited,
			       &r->nprohibited, file, true, err)) ||
	    (ret = parse_rules(root, "annex_iii", &r->annex_iii, &r->nannex_iii,
			       file, true, err)) ||
	    (ret = parse_rules(root, "exclusions", &r->exclusions,
			       &r->nexclusions, file, true, err)) ||
	    (ret = parse_rules(root, "art6_3", &r->art6_3, &r->nart6_3, file,
			       false, err)) ||
	    (ret = parse_rules(root, "transparency", &r->transparency,
			       &r->ntransparency, file, true, err)) ||
	    (ret = parse_rule(aisec_yaml_get(root, "art6_3_profiling"),
			      &r->art6_3_profiling, file, "art6_3_profiling",
			      err)) ||
	    (ret = parse_rbi(root, r, file, err)) ||
	    (ret = parse_scope(root, r, file, err)) ||
	    (ret = parse_rules(root, "value_chain", &r->value_chain,
			       &r->nvalue_chain, file, true, err)))
		goto out;
	*out = r;
	r = NULL;
out:
	act_rules_free(r);
	return ret;
}

void act_rules_free(struct act_rules *r)
{
	struct act_rule *lists[10];
	size_t counts[10];

	if (!r)
		return;
	lists[0] = r->prohibited; counts[0] = r->nprohibited;
	lists[1] = r->annex_iii; counts[1] = r->nannex_iii;
	lists[2] = r->exclusions; counts[2] = r->nexclusions;
	lists[3] = r->transparency; counts[3] = r->ntransparency;
	lists[4] = r->art6_3; counts[4] = r->nart6_3;
	lists[5] = r->rbi_objectives;
	counts[5] = r->nrbi_objectives;
	lists[6] = r->rbi_conditions;
	counts[6] = r->nrbi_conditions;
	lists[7] = r->scope_exclusions;
	counts[7] = r->nscope_exclusions;
	lists[8] = r->section_b;
	counts[8] = r->nsection_b;
	lists[9] = r->value_chain;
	counts[9] = r->nvalue_chain;
	rule_release(&r->art6_3_profiling);
	rule_release(&r->scope_territorial);
	rule_release(&r->scope_open_source);
	free(r->rbi_from);
	for (size_t l = 0; l < 10; l++) {
		for (size_t i = 0; i < counts[l]; i++)
			rule_release(&lists[l][i]);
		free(lists[l]);
	}
	for (size_t i = 0; i < r->nannex_i; i++) {
		free(r->annex_i[i].id);
		free(r->annex_i[i].section);
		free(r->annex_i[i].point);
		free(r->annex_i[i].act);
		free(r->annex_i[i].source);
	}
	free(r->annex_i);
	for (size_t i = 0; i < r->ndomains; i++) {
		free(r->domains[i].id);
		free_strv(r->domains[i].decisions);
	}
	free(r->domains);
	free(r->file);
	free(r->regulation);
	free(r->gpai_source);
	free(r->date_prohibitions);
	free(r->date_gpai);
	free(r->date_general);
	free(r->date_annex_iii);
	free(r->date_annex_i);
	free(r->dates_source);
	free(r);
}

bool date_le(const char *a, const char *b)
{
	return a && b && strcmp(a, b) <= 0;
}
