/*
 * internal.h - the pieces of src/assess shared between its files: the parsed
 * profile as a list of facts (field, value, line), the condition matcher the
 * AI Act rules use, the rules and scoring scheme read from the knowledge base
 * (ai-act.yaml, tvra.yaml), and the steps that build the findings document.
 */
#ifndef AISEC_ASSESS_INTERNAL_H
#define AISEC_ASSESS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "aisec/assess.h"

struct fy_node;

/* ---- profile ------------------------------------------------------------ */

/*
 * One fact of a profile: `path` is the schema path ("data.sources"), `field`
 * the path with list indexes as written in findings ("data.sources[1]"),
 * `value` its text ("true", "third_party", "1e25"), `line` 1-based (0 when
 * the value is a default).  List fields give one fact per item.
 */
struct assess_fact {
	char *path;
	char *field;
	char *value;
	int line;
};

struct aisec_profile {
	char *name;  /* as given to the parser, used in errors and findings */
	char *dir;   /* folder evidence paths resolve against ("" = cwd) */
	struct assess_fact *facts;
	size_t nfacts;
	double training_flop; /* use.gpai.training_flop, -1 when not given */
};

/* First fact with this path, or NULL. */
const struct assess_fact *profile_fact(const struct aisec_profile *p, const char *path);
/* Value of the first fact with this path, or `def`. */
const char *profile_value(const struct aisec_profile *p, const char *path, const char *def);
/* True when a fact with this path has this value. */
bool profile_has(const struct aisec_profile *p, const char *path, const char *value);
/* True when the profile gives this role (system.role, one value or a list). */
bool profile_role(const struct aisec_profile *p, const char *role);

/* The profile schema, for docs, `profile new` and tests: NULL-terminated. */
struct profile_field {
	const char *path;
	int type;                   /* enum profile_type in profile.c */
	const char *const *values;  /* allowed values of enums, or NULL */
	bool required;
};
const struct profile_field *profile_schema(void);
/* The documented name of a field type: "choice", "yes/no", "list", ... */
const char *profile_type_name(int type);

/* A JSON fact {"field","value","line"}. */
json_t *fact_json(const struct assess_fact *f);

/*
 * "'<file>' line N: field '<field>': <what>" with AISEC_ERR_INVALID, N the
 * line of node n; returns AISEC_ERR_INVALID.
 */
int field_error(struct aisec_error *err, const char *file, struct fy_node *n,
		const char *field, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* ---- conditions over facts (ai-act.yaml `when` / `unless`) -------------- */

struct cond_test {
	char *path;          /* profile path */
	char **values;       /* any of these; NULL-terminated */
};
struct cond_all {            /* every test holds */
	struct cond_test *tests;
	size_t ntests;
};
struct cond {                /* any alternative holds; empty = never */
	struct cond_all *alts;
	size_t nalts;
};

/*
 * Parse a condition: a mapping {path: value | [values]} or a list of such
 * mappings (alternatives).  `where` names the field for errors.
 */
int cond_parse(struct fy_node *n, struct cond *c, const char *file,
	       const char *where, struct aisec_error *err);
void cond_release(struct cond *c);
/*
 * Evaluate; on a match and when `facts` is not NULL, append the facts that
 * made it hold (as JSON facts).  An absent boolean or enum field counts as
 * "false" / "none".
 */
bool cond_eval(const struct cond *c, const struct aisec_profile *p, json_t *facts);

/* ---- AI Act rules (ai-act.yaml) ----------------------------------------- */

struct act_rule {            /* one Art. 5 point, Annex III point, Art. 50 paragraph */
	char *id;            /* "f", "4(a)", "50(1)" */
	char *article;       /* "Art. 5(1)(f)" */
	char *title;
	char *applies_from;
	struct cond when;
	struct cond unless;
	char *unless_text;   /* why the exception holds, or NULL */
	char *back_in_scope; /* Art. 2: what brings the system back into scope, or NULL */
	char *source;
};

struct act_annex_i {
	char *id;            /* "mdr" */
	char *section;       /* "A" or "B" */
	char *point;
	char *act;
	char *source;
};

struct act_vocab {           /* a domain with its decisions */
	char *id;
	char **decisions;    /* NULL-terminated */
};

struct act_rules {
	char *file;
	char *regulation;
	struct act_rule *prohibited; size_t nprohibited;
	struct act_rule *annex_iii; size_t nannex_iii;
	struct act_rule *exclusions; size_t nexclusions; /* decisions explicitly outside Annex III */
	struct act_rule *transparency; size_t ntransparency;
	struct act_rule *art6_3; size_t nart6_3;         /* the Art. 6(3) conditions, id = profile value */
	struct act_rule art6_3_profiling;                /* Art. 6(3), third subparagraph */
	struct act_rule *rbi_objectives; size_t nrbi_objectives; /* Art. 5(1)(h)(i)-(iii) */
	struct act_rule *rbi_conditions; size_t nrbi_conditions; /* Art. 5(2)-(7) */
	char *rbi_from;
	struct act_rule scope_territorial;               /* Art. 2(1) */
	struct act_rule *scope_exclusions; size_t nscope_exclusions; /* Art. 2(3)-(10) */
	struct act_rule scope_open_source;               /* Art. 2(12) */
	struct act_rule *section_b; size_t nsection_b;   /* Art. 2(2), each version dated */
	struct act_rule *value_chain; size_t nvalue_chain; /* Art. 25(1)(a)-(c) */
	struct act_annex_i *annex_i; size_t nannex_i;
	struct act_vocab *domains; size_t ndomains;
	double gpai_threshold_flop;
	char *gpai_source;
	char *date_prohibitions, *date_gpai, *date_general, *date_annex_iii, *date_annex_i;
	char *dates_source;
};

int act_rules_parse(struct fy_node *root, const char *file, struct act_rules **out,
		    struct aisec_error *err);
void act_rules_free(struct act_rules *r);

/* ---- TVRA scheme (tvra.yaml) -------------------------------------------- */

#define TVRA_NFACTORS 5
extern const char *const tvra_factor_names[TVRA_NFACTORS]; /* elapsed_time, expertise, knowledge, window, equipment */

struct tvra_level { char *name; int value; };   /* value -1 = not practical */
struct tvra_band { int min, max; char *name; }; /* max -1 = no upper bound */
struct tvra_map { char *key; char *level; int value; };

struct tvra_adjust {          /* profile conditions that move factors */
	char *when;           /* catalog condition name */
	char **threats;       /* NULL-terminated; empty = every threat */
	char *lower[TVRA_NFACTORS]; /* attacker needs at most this level */
	char *raise[TVRA_NFACTORS]; /* attacker needs at least this level */
	char *why;
	int line; /* of the entry in its file, for messages */
};

struct tvra_scheme {
	char *id;
	char *title;
	char *source;
	struct tvra_level *levels[TVRA_NFACTORS];
	size_t nlevels[TVRA_NFACTORS];
	struct tvra_band *bands; size_t nbands;  /* sum -> attack potential rating */
	struct tvra_map *likelihood; size_t nlikelihood; /* rating -> likelihood */
	struct tvra_map *impact; size_t nimpact;         /* low|medium|high -> impact */
	int **matrix;          /* [impact value-1][likelihood value-1] or NULL = product */
	int matrix_rows, matrix_cols;
	struct tvra_band *risk; size_t nrisk;    /* risk value -> minor|major|critical */
	char *note;
};

struct tvra_schemes {
	char *file;
	struct tvra_scheme *s;
	size_t n;
	struct tvra_adjust *adjust; size_t nadjust; /* shared by every scheme */
};

int tvra_parse(struct fy_node *root, const char *file, struct tvra_schemes **out,
	       struct aisec_error *err);
void tvra_free(struct tvra_schemes *t);
const struct tvra_scheme *tvra_find(const struct tvra_schemes *t, const char *id);

/* Index of a factor level within the scheme (its order), or -1. */
int tvra_level_index(const struct tvra_scheme *s, int factor, const char *name);

struct tvra_result {
	const char *levels[TVRA_NFACTORS];
	int values[TVRA_NFACTORS];
	int sum;                  /* -1 when a factor makes it not practical */
	const char *rating;
	const char *likelihood; int likelihood_value;
	const char *impact; int impact_value;
	int risk;
	const char *risk_level;
};

/* Score factor levels and an impact ("low|medium|high") under a scheme. */
int tvra_score(const struct tvra_scheme *s, const char *const levels[TVRA_NFACTORS],
	       const char *impact, struct tvra_result *r, struct aisec_error *err);

/*
 * The scheme's risk matrix for the findings: {"id", "title", "likelihood":
 * [{level, value}] and "impact": [...] for every value 1..n of the axis
 * (level null where the scheme names none), "cells": [likelihood-1][impact-1]
 * = {value, level}}.  Axes longer than TVRA_AXIS_MAX are cut there.
 */
#define TVRA_AXIS_MAX 10
json_t *tvra_scheme_json(const struct tvra_scheme *s);

/* Rank of a risk level: minor 1, major 2, critical 3, else 0. */
int tvra_risk_rank(const char *level);

/*
 * The --fail-on gates with a filter (decisions, src/store): for each risk
 * ("risk/<threat>") or gap ("gap/<kind>/<id>") behind a gate, filter returns
 * nonzero to leave it out, or 0 to count it and may append a note to `note`
 * (added to its line in `why`).  NULL filter: every finding counts.
 */
typedef int (*assess_gate_filter)(void *ctx, const char *finding, struct aisec_buf *note);
int assess_gate_filtered(const struct aisec_findings *f, const char *gate,
			 assess_gate_filter filter, void *ctx, struct aisec_buf *why,
			 struct aisec_error *err);

/* ---- threat conditions (docs/catalog-format.md vocabulary) --------------- */

/*
 * Does catalog condition `name` hold for the profile?  Returns 1 and, when
 * `reason` is not NULL, sets a JSON reason {"condition","text","facts"};
 * 0 when it does not hold; -1 for an unknown condition name.
 */
int threat_condition(const struct aisec_profile *p, const char *name, json_t **reason);

/* ---- the steps of an assessment ---------------------------------------- */

struct assess_ctx {
	const struct aisec_catalog *cat;
	const struct aisec_profile *p;
	const struct act_rules *rules;
	const struct tvra_schemes *tvra;
	const struct tvra_scheme *scheme;
	const char *as_of;
	bool verify_evidence;
	const struct aisec_standard *const *link_std; /* standard of each catalog link, or NULL */
	json_t *doc;              /* the findings being built */
	/* derived by classify, used by later steps */
	const char *klass;        /* prohibited | high-risk | limited | minimal | gpai-model |
				     gpai-model-systemic | out-of-scope */
	bool annex_i, annex_iii, exempt, gpai, systemic, transparency;
	bool model;               /* the profile describes a model, not a system */
	bool out_of_scope;        /* excluded by Art. 2 */
	bool section_b;           /* high-risk only through Annex I Section B (Art. 2(2)) */
	bool becomes_provider;    /* Art. 25(1): the profile's operator is now the provider */
	bool art5_listed;         /* an Art. 5 point applies now, later, or via its 5(1)(h) exception */
	const char *art5_from;    /* the earliest date of those points */
	const char *annex_iii_point;
};

/* The standard of every catalog link (NULL where unresolved); free() the array. */
const struct aisec_standard **link_standards(const struct aisec_catalog *cat);

int assess_validate(const struct assess_ctx *c, struct aisec_error *err);
int assess_classify(struct assess_ctx *c, struct aisec_error *err);
int assess_requirements(struct assess_ctx *c, struct aisec_error *err);
int assess_threats(struct assess_ctx *c, struct aisec_error *err);
int assess_risks(struct assess_ctx *c, struct aisec_error *err);
int assess_evidence(struct assess_ctx *c, struct aisec_error *err);
/*
 * {"kind","status","path","detail"} of one evidence kind (lineage, ledger,
 * monitoring, probes): a new reference, taken from the findings' "evidence"
 * once assess_evidence() has run (so files are verified once).
 */
json_t *evidence_status(const struct assess_ctx *c, const char *kind);
/* Evidence kind relevant to a requirement, or NULL. */
const char *evidence_kind_for(const char *requirement);
int assess_coverage(struct assess_ctx *c, struct aisec_error *err);
int assess_next_steps(struct assess_ctx *c, struct aisec_error *err);

/* Is date a (YYYY-MM-DD) on or before b?  NULL a = never. */
bool date_le(const char *a, const char *b);

/* JSON helpers */
json_t *jstr(const char *s);   /* string or null */

#endif
