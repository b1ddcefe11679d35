/*
 * catalog.h - the knowledge base: standards, AI Act requirements, threats,
 * trustworthiness characteristics, gaps, recommendations, controls, coverage
 * links and the Annex A.3/A.4 matrices of the ENISA report "Cybersecurity of
 * AI and Standardisation" (March 2023, CC BY 4.0), updated to today.
 *
 * The catalog is loaded from YAML (docs/catalog-format.md): the copy compiled
 * into the library (aisec_catalog_load_embedded) or a directory holding the
 * same files (aisec_catalog_load_dir).  A loaded catalog is immutable and
 * may be shared between threads.  Every string and array it returns is owned
 * by the catalog and lives until aisec_catalog_free().
 *
 * String lists are NULL-terminated arrays of const char *, never NULL
 * themselves (an empty list is a pointer to a NULL).
 */
#ifndef AISEC_CATALOG_H
#define AISEC_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "aisec/buf.h"
#include "aisec/error.h"
#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Security goals of the narrow (CIA) scope, report section 2.2. */
enum aisec_goal {
	AISEC_GOAL_CONFIDENTIALITY = 1 << 0,
	AISEC_GOAL_INTEGRITY = 1 << 1,
	AISEC_GOAL_AVAILABILITY = 1 << 2
};

/* Where a fact comes from, for --explain. */
struct aisec_source {
	const char *cite; /* "ENISA 2023, Annex A.3", "Regulation (EU) 2024/1689, Art. 15(5)", ... */
	const char *file; /* knowledge-base file it was read from, "standards/iso-iec.yaml" */
	int line;         /* line of the entry in that file */
};

struct aisec_status {
	const char *stage;  /* "published", "fdis", "dis", "cd", "awi", "enquiry", "withdrawn", ... */
	const char *date;   /* "2023-12" or "2023-12-18", or NULL */
	const char *as_of;  /* date the status was checked, "2026-10-15" */
	const char *note;   /* free text, may be NULL */
	const char *source; /* citation for the status */
	const char *url;    /* the publisher's or standards body's page, or NULL */
};

struct aisec_standard {
	const char *id;          /* normalised, "iso-iec-27001-2022" */
	const char *reference;   /* as the report writes it, or NULL if not in the report */
	const char *const *aliases; /* other spellings users may type */
	const char *title;
	const char *body;        /* "ISO/IEC", "CEN-CENELEC", "ETSI", "NIST", "MITRE", "SAE", ... */
	const char *committee;   /* "ISO/IEC JTC 1/SC 42", "CEN-CENELEC JTC 21", ... or NULL */
	const char *deliverable; /* "IS", "TS", "TR", "EN", "GR", "GS", "framework", ... */
	const char *status_report; /* status/target as the report gave it, or NULL */
	const char *target_report; /* target date as the report gave it, or NULL */
	struct aisec_status status_now;
	bool ai_specific;
	bool added_after_report; /* did not exist in the March 2023 report */
	unsigned goals;          /* enum aisec_goal bits */
	const char *const *characteristics; /* trustworthiness characteristic ids */
	const char *const *appears_in;      /* report places: "A.1", "3.1.1", "fn 12" */
	const char *description; /* our own words */
	struct aisec_source source;
};

struct aisec_requirement {
	const char *id;            /* "record_keeping", ... */
	const char *title;
	const char *article_draft; /* numbering of the 2021 proposal, "Art. 12", or NULL */
	const char *article_final; /* Regulation (EU) 2024/1689 as amended, "Art. 12" */
	const char *applies_from;  /* original application date, "2026-08-02" */
	const char *applies_from_amended; /* after the 2026 amendment, or NULL */
	const char *applies_to;    /* "high-risk", "provider", "deployer", "gpai", ... */
	int matrix_column;         /* 0..9 column in the A.3/A.4 matrices, -1 if none */
	const char *description;
	const char *cyber_relevance; /* the report's view (Table 3), our words */
	struct aisec_source source;
};

/* TVRA attack-potential factors (ISO/IEC 18045 level names), see data/tvra.yaml */
struct aisec_tvra_factors {
	const char *elapsed_time;  /* "le1d", "le1w", "le2w", "le1m", ... "gt6m" */
	const char *expertise;     /* "layman", "proficient", "expert", "multiple_experts" */
	const char *knowledge;     /* "public", "restricted", "sensitive", "critical" */
	const char *window;        /* "unnecessary", "easy", "moderate", "difficult", "none" */
	const char *equipment;     /* "standard", "specialised", "bespoke", "multiple_bespoke" */
	const char *impact;        /* "low", "medium", "high" */
};

struct aisec_threat {
	const char *id;             /* "evasion", "model_extraction", ... */
	const char *name;
	unsigned goals;             /* enum aisec_goal bits */
	const char *const *phases;  /* life-cycle phases: "design", "data_collection", ... */
	const char *const *requires;   /* conditions that must all hold */
	const char *const *any_of;     /* at least one must hold (empty: none needed) */
	const char *const *amplified_by; /* conditions that raise likelihood */
	const char *art15_term;     /* Art. 15(5) wording, or NULL */
	const char *nist_class;     /* NIST AI 100-2 E2025 class, or NULL */
	const char *const *atlas;   /* MITRE ATLAS technique ids "AML.T0043" */
	bool ai_specific;
	struct aisec_tvra_factors tvra; /* defaults before the profile moves them */
	const char *description;
	struct aisec_source source;
};

struct aisec_characteristic {
	const char *id;
	const char *name;
	const char *const *requirements; /* related requirement ids */
	const char *description;
	struct aisec_source source;
};

struct aisec_gap {
	const char *id;
	const char *title;
	const char *section;          /* "4.1", "5.1", ... */
	const char *kind;             /* "standardisation", "research", "guidance", "coordination" */
	const char *const *requirements; /* requirement ids it affects */
	const char *const *threats;      /* threat ids it affects */
	const char *const *partly_filled_by; /* standard ids published since */
	const char *filled_note;      /* what has since filled it, our words, or NULL */
	const char *description;
	struct aisec_source source;
};

struct aisec_recommendation {
	const char *id;          /* "rec-1" .. "rec-8" */
	const char *number;      /* "1" .. "8" as in the report */
	const char *title;
	const char *addressed_to;
	const char *const *gaps; /* gap ids it answers */
	const char *description;
	struct aisec_source source;
};

struct aisec_control {
	const char *id;                 /* "rate_limiting", "output_rounding", ... */
	const char *name;
	const char *const *mitigates;   /* threat ids */
	const char *const *standards;   /* standard ids that describe it */
	const char *const *requirements; /* requirement ids it supports */
	struct aisec_tvra_factors raises; /* factor levels it imposes at least (NULL = unchanged) */
	const char *description;
	struct aisec_source source;
};

enum aisec_link_target {
	AISEC_LINK_REQUIREMENT = 1,
	AISEC_LINK_GOAL = 2,
	AISEC_LINK_THREAT = 3
};

/* A coverage link: this standard helps with that requirement, goal or threat. */
struct aisec_link {
	const char *standard;   /* standard id */
	enum aisec_link_target target_kind;
	const char *target;     /* requirement id, "confidentiality"/"integrity"/"availability", or threat id */
	const char *kind;       /* "report" (stated by the report), "publication", "analysis" */
	const char *note;       /* may be NULL */
	struct aisec_source source;
	/* "covers" (measures that meet the requirement or mitigate the threat)
	 * or "describes" (names or explains it, no measures); NULL when the
	 * link does not say, which counts as "covers" */
	const char *relation;
};

/* Whether a link claims coverage: every link but a "describes" one. */
AISEC_API bool aisec_link_covers(const struct aisec_link *l);

#define AISEC_MATRIX_COLUMNS 10

struct aisec_matrix_row {
	const char *standard;   /* standard id, or NULL for rows naming no standard */
	const char *reference;  /* as printed in the report's Name cell, or NULL */
	const char *title;      /* rest of the Name cell */
	const char *deliverable;
	const char *action_or_status;
	const char *target;
	char cells[AISEC_MATRIX_COLUMNS]; /* 'x', '?' or ' ' */
	struct aisec_source source;
};

struct aisec_matrix {
	const char *annex;      /* "A.3", "A.4" */
	const char *title;
	const char *columns[AISEC_MATRIX_COLUMNS]; /* requirement ids in column order */
	const struct aisec_matrix_row *rows;
	size_t nrows;
	struct aisec_source source;
	/* AISEC_MATRIX_COLUMNS for a table of requirement columns (A.3, A.4);
	 * 0 for a list annex (A.1, A.2), whose columns are NULL and cells blank */
	size_t ncolumns;
};

struct aisec_catalog_meta {
	const char *name;
	const char *version;    /* knowledge-base version */
	const char *as_of;      /* date the facts were last checked */
	const char *credit;     /* attribution of the ENISA report (CC BY 4.0) */
	const char *license;
};

struct aisec_catalog;

/* Load the copy compiled into the library. Returns NULL and fills err on failure. */
AISEC_API struct aisec_catalog *aisec_catalog_load_embedded(struct aisec_error *err);

/*
 * Write the built-in knowledge base as YAML files under `dir` (created; it
 * must not exist or be empty), an editable copy to load with
 * aisec_catalog_load_dir().  *nfiles (may be NULL) counts the files.
 * Errors name the path; files written before a failure stay.
 */
AISEC_API int aisec_catalog_write_copy(const char *dir, size_t *nfiles, struct aisec_error *err);

/*
 * Load every *.yaml under `dir` (recursively, sorted by path).  Errors name
 * the file, line and field: "'threats.yaml' line 40: field 'threats[3].goal':
 * unknown value 'secrecy'".  Every file is read to its end and every entry
 * of it, each problem kept; any problem fails the load, `err` naming the
 * first and how many more there are.  Cross references are checked as in
 * aisec_catalog_validate() and a broken reference fails the load.
 */
AISEC_API struct aisec_catalog *aisec_catalog_load_dir(const char *dir,
						       struct aisec_error *err);

/*
 * Load from in-memory files (name, text pairs); used by the two loaders
 * above and by the fuzz harness.  `names` and `texts` have `n` entries.
 */
AISEC_API struct aisec_catalog *aisec_catalog_load_mem(const char *const *names,
						       const char *const *texts,
						       const size_t *lens, size_t n,
						       struct aisec_error *err);

/* Free a catalog; NULL is a no-op. */
AISEC_API void aisec_catalog_free(struct aisec_catalog *cat);

/*
 * Check the loaded catalog: ids unique per kind, every reference resolves,
 * every entry has a source.  Calls `report` once per problem with a message
 * "file:line: ..." and returns the number of problems (0 = valid).  A
 * catalog loaded with AISEC_CATALOG_UNCHECKED also reports, first, every
 * problem the load met ("'file' line N: field 'f': ..."; the entries with
 * one were left out); when a file did not parse at all, the cross
 * references are not checked (one more problem says so).
 */
AISEC_API size_t aisec_catalog_validate(const struct aisec_catalog *cat,
					void (*report)(void *ctx, const char *msg),
					void *ctx);

/*
 * The stricter checks of `aisec catalog validate --strict`, on a loaded
 * catalog: every current status checked at most 12 months (calendar
 * months) before the catalog's own as_of date; every citation (entries,
 * current statuses, links, matrices) names a public identifier and no
 * local file; every link read from the links files states its relation,
 * and no "covers" link says in its note that the standard only describes
 * the target.  Reports as aisec_catalog_validate() does and returns the
 * number of problems.
 */
AISEC_API size_t aisec_catalog_validate_strict(const struct aisec_catalog *cat,
					       void (*report)(void *ctx, const char *msg),
					       void *ctx);

AISEC_API const struct aisec_catalog_meta *aisec_catalog_meta(const struct aisec_catalog *cat);

/* Arrays in file order; *n receives the count. */
AISEC_API const struct aisec_standard *aisec_catalog_standards(const struct aisec_catalog *cat, size_t *n);
AISEC_API const struct aisec_requirement *aisec_catalog_requirements(const struct aisec_catalog *cat, size_t *n);
AISEC_API const struct aisec_threat *aisec_catalog_threats(const struct aisec_catalog *cat, size_t *n);
AISEC_API const struct aisec_characteristic *aisec_catalog_characteristics(const struct aisec_catalog *cat, size_t *n);
AISEC_API const struct aisec_gap *aisec_catalog_gaps(const struct aisec_catalog *cat, size_t *n);
AISEC_API const struct aisec_recommendation *aisec_catalog_recommendations(const struct aisec_catalog *cat, size_t *n);
AISEC_API const struct aisec_control *aisec_catalog_controls(const struct aisec_catalog *cat, size_t *n);
AISEC_API const struct aisec_link *aisec_catalog_links(const struct aisec_catalog *cat, size_t *n);
AISEC_API const struct aisec_matrix *aisec_catalog_matrix(const struct aisec_catalog *cat, const char *annex);

/* Lookup by id (standards also by reference or alias, case-insensitive). NULL if absent. */
AISEC_API const struct aisec_standard *aisec_catalog_standard(const struct aisec_catalog *cat, const char *id_or_ref);
AISEC_API const struct aisec_requirement *aisec_catalog_requirement(const struct aisec_catalog *cat, const char *id);
AISEC_API const struct aisec_threat *aisec_catalog_threat(const struct aisec_catalog *cat, const char *id);
AISEC_API const struct aisec_gap *aisec_catalog_gap(const struct aisec_catalog *cat, const char *id);
AISEC_API const struct aisec_control *aisec_catalog_control(const struct aisec_catalog *cat, const char *id);

/* ---- loading a part of the catalog -------------------------------------- */

/*
 * Collections for the *_opts loaders.  A command that needs only the
 * standards need not parse the threats: pass the parts it reads.  0 or
 * AISEC_CATALOG_ALL loads everything.  A partial load skips the cross
 * reference checks (they need every collection); aisec_catalog_validate()
 * on it checks only what was loaded.
 */
enum aisec_catalog_part {
	AISEC_CATALOG_STANDARDS = 1u << 0,
	AISEC_CATALOG_REQUIREMENTS = 1u << 1,
	AISEC_CATALOG_THREATS = 1u << 2,
	AISEC_CATALOG_CHARACTERISTICS = 1u << 3,
	AISEC_CATALOG_GAPS = 1u << 4,
	AISEC_CATALOG_RECOMMENDATIONS = 1u << 5,
	AISEC_CATALOG_CONTROLS = 1u << 6,
	AISEC_CATALOG_LINKS = 1u << 7,    /* links files and the matrices' links */
	AISEC_CATALOG_MATRICES = 1u << 8,
	AISEC_CATALOG_DOCUMENTS = 1u << 9, /* tvra, ai_act */
	AISEC_CATALOG_META = 1u << 10,     /* catalog.yaml; always loaded */
	AISEC_CATALOG_ALL = 0x7ffu
};

/* Flag for the *_opts loaders: load even when files, entries or cross
 * references have problems (for `validate`, which then reports every
 * problem: aisec_catalog_validate()).  Only a system error (out of memory,
 * an unreadable file) returns NULL. */
#define AISEC_CATALOG_UNCHECKED (1u << 16)

AISEC_API struct aisec_catalog *aisec_catalog_load_embedded_opts(unsigned flags,
								  struct aisec_error *err);
AISEC_API struct aisec_catalog *aisec_catalog_load_dir_opts(const char *dir, unsigned flags,
							     struct aisec_error *err);
AISEC_API struct aisec_catalog *aisec_catalog_load_mem_opts(const char *const *names,
							     const char *const *texts,
							     const size_t *lens, size_t n,
							     unsigned flags,
							     struct aisec_error *err);

/* ---- any entry by id, and the source of every statement ------------------- */

enum aisec_entry_kind {
	AISEC_ENTRY_STANDARD = 1,
	AISEC_ENTRY_REQUIREMENT,
	AISEC_ENTRY_THREAT,
	AISEC_ENTRY_CHARACTERISTIC,
	AISEC_ENTRY_GAP,
	AISEC_ENTRY_RECOMMENDATION,
	AISEC_ENTRY_CONTROL
};

struct aisec_entry {
	enum aisec_entry_kind kind;
	const char *id;
	const void *ptr;                   /* struct aisec_standard *, ... by kind */
	const struct aisec_source *source;
};

/* "standard", "requirement", ... (static). */
AISEC_API const char *aisec_entry_kind_name(enum aisec_entry_kind kind);

/*
 * Every entry whose id is `id` (standards also by reference or alias),
 * case-insensitive, in the kind order above.  Fills up to `max` entries of
 * `out` and returns how many matched (ids may repeat across kinds:
 * "robustness" is a requirement and a characteristic).
 */
AISEC_API size_t aisec_catalog_find(const struct aisec_catalog *cat, const char *id,
				    struct aisec_entry *out, size_t max);

/*
 * For a misspelt id: append " (did you mean A, B or C?)" naming up to three
 * ids of `kind` (0: every kind; standards also by reference and alias)
 * nearest to `given`, or nothing when none is near.  Returns how many.
 * Ids compare case-insensitively with '-' and '_' alike everywhere
 * (record-keeping is record_keeping).
 */
AISEC_API size_t aisec_catalog_suggest(const struct aisec_catalog *cat,
				       enum aisec_entry_kind kind, const char *given,
				       struct aisec_buf *out);

/* One field of an entry as the knowledge base states it. */
struct aisec_statement {
	const char *field; /* "status_now.stage", "goals", ... */
	const char *value; /* the text, lists joined with ", " */
	const char *cite;  /* the citation that backs it */
	const char *file;
	int line;
};

/*
 * Call `cb` for every field of the entry that `src` locates (the source of
 * any entry, link or matrix row), in file order, with its line and the
 * citation behind it (status_now.* fields cite status_now.source).  The
 * file is read again from the text kept by the catalog; the statement's
 * strings live only during the call.  Returns 0, or AISEC_ERR_NOTFOUND
 * when no entry starts at src->file:src->line.
 */
AISEC_API int aisec_catalog_explain(const struct aisec_catalog *cat,
				    const struct aisec_source *src,
				    void (*cb)(void *ctx, const struct aisec_statement *st),
				    void *ctx, struct aisec_error *err);

/* ---- queries ------------------------------------------------------------------ */

/* Filter for aisec_catalog_standard_matches(); NULL members match anything. */
struct aisec_standard_filter {
	const char *body;        /* its parts (split at '/', '-') are parts of the body:
				    ISO matches ISO, ISO/IEC and ISO/IEC/IEEE */
	const char *status;      /* status_now.stage, or "draft" (any stage in development) */
	const char *requirement; /* has a coverage link to this requirement */
	const char *goal;        /* serves this goal (goals or a goal link) */
	const char *threat;      /* has a coverage link to this threat */
	int ai_specific;         /* -1 any, 0 general-purpose, 1 AI-specific */
	const char *search;      /* substring of id, reference, aliases, title, description */
};

AISEC_API bool aisec_catalog_standard_matches(const struct aisec_catalog *cat,
					      const struct aisec_standard *std,
					      const struct aisec_standard_filter *f);

/*
 * Check a filter before using it, so that a misspelt value is an error rather
 * than an empty result: status must be a known stage or "draft", goal one of
 * the three goals, a body that publishes some standard, requirement and
 * threat ids that the catalog holds (checked when the catalog was loaded
 * with requirements, threats); messages suggest the nearest known values.  Returns 0, or
 * AISEC_ERR_USAGE with "filter 'goal': unknown goal 'x' (...)" in err.
 */
AISEC_API int aisec_catalog_standard_filter_check(const struct aisec_catalog *cat,
						  const struct aisec_standard_filter *f,
						  struct aisec_error *err);

enum aisec_stage_class {
	AISEC_STAGE_PUBLISHED = 1, /* published: usable today */
	AISEC_STAGE_DRAFT,         /* any stage of development */
	AISEC_STAGE_GONE,          /* withdrawn or superseded */
	AISEC_STAGE_UNKNOWN
};

/* Class of a status_now.stage value (NULL: unknown). */
AISEC_API enum aisec_stage_class aisec_stage_class(const char *stage);

/* ---- what changed since the report -------------------------------------------- */

enum aisec_change_kind {
	AISEC_CATALOG_CHANGE_ADDED = 1,     /* did not exist in the report */
	AISEC_CATALOG_CHANGE_PUBLISHED,     /* a draft in the report, published now */
	AISEC_CATALOG_CHANGE_IN_PROGRESS,   /* a draft then, still a draft */
	AISEC_CATALOG_CHANGE_WITHDRAWN,     /* withdrawn or superseded since */
	AISEC_CATALOG_CHANGE_UNCHANGED,     /* published then and now */
	AISEC_CATALOG_CHANGE_UNKNOWN,       /* no current status recorded */
	AISEC_CATALOG_CHANGE_REVISED        /* published then; a newer edition since */
};

struct aisec_change {
	const struct aisec_standard *standard;
	enum aisec_change_kind kind;
	const char *summary;  /* static: "published since the report", ... */
	bool overdue;         /* still a draft after the target the report gave */
	bool has_delay;       /* delay_months is known */
	int delay_months;     /* publication (or as-of date when still a draft)
				 minus the report's target, in months */
};

/* Compare the report's status of `std` with its status now. */
AISEC_API void aisec_catalog_change(const struct aisec_standard *std, struct aisec_change *out);

/*
 * A date as the report or the knowledge base writes it ("2023-12",
 * "2023-12-18", "December 2023", "Dec-23", "Q3 2023", "2022") as a month
 * count (year * 12 + month - 1; a quarter counts as its last month, a bare
 * year as December).  -1 when the text holds no date ("TBC", "-").
 */
AISEC_API int aisec_catalog_month(const char *text);

/*
 * Other knowledge-base documents that are not lists of entries (the TVRA
 * scoring scheme in tvra.yaml, the AI Act rules in ai-act.yaml): the raw
 * parsed YAML root of the collection `key` (a struct fy_node *), owned by
 * the catalog, or NULL.  Subsystems that own such a document parse it.
 */
AISEC_API void *aisec_catalog_document(const struct aisec_catalog *cat, const char *key,
				       const char **file);

#ifdef __cplusplus
}
#endif
#endif
