/*
 * assess.h - from one AI system's profile to its AI Act classification,
 * applicable requirements, threats, TVRA risk table, coverage, gaps and next
 * steps (the "findings").  Profile format: docs/profile.md.  Findings JSON:
 * docs/findings.md.
 *
 * Profiles and findings are immutable once built and may be read from
 * several threads; building them is reentrant (no global state).
 */
#ifndef AISEC_ASSESS_H
#define AISEC_ASSESS_H

#include <stdbool.h>
#include <stddef.h>

#include "aisec/buf.h"
#include "aisec/catalog.h"
#include "aisec/error.h"
#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

struct aisec_profile;
struct aisec_findings;

/*
 * Parse a profile (YAML or JSON) held in memory.  `name` names it in errors
 * ("'cv.yaml' line 12: field 'deployment.exposure': unknown value 'x'") and
 * in the findings (SARIF locations).  Unknown fields and bad values fail.
 * On success *out owns a new profile (free with aisec_profile_free).
 */
AISEC_API int aisec_profile_parse(const char *name, const char *text, size_t len,
				  struct aisec_profile **out, struct aisec_error *err);

/* Profiles are read up to this size; larger files fail with AISEC_ERR_LIMIT. */
#define AISEC_PROFILE_MAX ((size_t)16 << 20)

/*
 * Read and parse a profile file (a regular file of at most AISEC_PROFILE_MAX
 * bytes). Evidence paths resolve relative to its folder.
 */
AISEC_API int aisec_profile_load(const char *path, struct aisec_profile **out,
				 struct aisec_error *err);

/* Free a profile; NULL is a no-op. */
AISEC_API void aisec_profile_free(struct aisec_profile *p);

/*
 * The value the profile gives for the schema path `path`
 * ("deployment.exposure", "ml.continuous_learning": docs/profile.md) as
 * written (yes/no fields read "true" or "false"), the first item for a
 * list, or NULL when the profile does not give it.  The text is owned by
 * the profile and lives as long as it does.
 */
AISEC_API const char *aisec_profile_value(const struct aisec_profile *p,
					  const char *path);

/*
 * Check the values of a profile that depend on the knowledge base (domain,
 * decision, Annex III point, Annex I act, standards, controls).  Errors name
 * the profile file, line and field: "'cv.yaml' line 40: field
 * 'organisation.controls[2]': unknown control 'x'".  `aisec profile check`.
 */
AISEC_API int aisec_profile_check(const struct aisec_catalog *cat,
				  const struct aisec_profile *profile,
				  struct aisec_error *err);

/* ---- writing a profile by questions (`aisec profile new`) ---------------- */

enum aisec_answer_kind {
	AISEC_ANSWER_CHOICE = 1, /* one of `choices` */
	AISEC_ANSWER_YESNO,      /* "yes"/"no" (also "y", "n", "true", "false") */
	AISEC_ANSWER_TEXT,       /* free text, one line */
	AISEC_ANSWER_NUMBER,     /* a non-negative number, "1e25" */
	AISEC_ANSWER_LIST        /* comma-separated; items from `choices` when given */
};

struct aisec_question {
	const char *section;       /* heading when a new part starts ("Prohibited practices (Art. 5)"), else NULL */
	const char *field;         /* profile field it fills, "deployment.exposure" */
	const char *prompt;        /* the question */
	const char *help;          /* one line of help, or NULL */
	enum aisec_answer_kind kind;
	const char *const *choices; /* NULL-terminated, or NULL */
	const char *def;           /* default for an empty answer, or NULL when required */
	const char *error;         /* why the previous answer was refused, or NULL */
};

/*
 * Ask for one answer: append it to `answer` (one line, no newline; empty =
 * the default) and return 0, or return a negative aisec_err to stop (end of
 * input).  When q->error is set the previous answer was refused; the
 * callback may ask again or stop.  Called at most 3 times per question.
 */
typedef int (*aisec_ask_fn)(void *ctx, const struct aisec_question *q, struct aisec_buf *answer);

/*
 * Walk a user through the questions that decide a profile (roles,
 * prohibitions, biometrics, Annex I, Annex III, Art. 50, general-purpose AI,
 * then the ML system, data, deployment, impact and organisation), skipping
 * those earlier answers make moot, and append a commented YAML profile to
 * `yaml`.  The result is parsed and checked against the catalog before it is
 * returned, so it is always a valid profile.
 */
AISEC_API int aisec_profile_interview(const struct aisec_catalog *cat, aisec_ask_fn ask,
				      void *ctx, struct aisec_buf *yaml,
				      struct aisec_error *err);

/* First line of a draft profile: an interview stopped before its end. */
#define AISEC_PROFILE_DRAFT_MARK "# aisec-profile-draft: incomplete"

/*
 * The interview, resumable and never losing work.  `resume` (NULL for
 * none): the text of a draft (or profile) written before; its answers are
 * taken without asking, and only a question it does not answer (or whose
 * answer is refused now) is asked.  When `ask` fails without a refused
 * answer (the user quit, the input ended) after at least one answer and
 * `draft` is not NULL, the answers so far are appended to `yaml` as a draft
 * whose first line is AISEC_PROFILE_DRAFT_MARK, *draft is set and 0 is
 * returned.  A refused answer is asked again for as long as `ask` answers.
 */
AISEC_API int aisec_profile_interview_resume(const struct aisec_catalog *cat, aisec_ask_fn ask,
					     void *ctx, const char *resume, size_t resume_len,
					     struct aisec_buf *yaml, bool *draft,
					     struct aisec_error *err);

/*
 * Append to `out` the Markdown table of every profile field with its type
 * and every allowed value, the knowledge-base values (domains, decisions per
 * domain, Annex III points, Annex I acts, controls) read from `cat`: the
 * generated section of docs/profile.md (`aisec profile fields`).
 */
AISEC_API int aisec_profile_fields(const struct aisec_catalog *cat,
				   struct aisec_buf *out,
				   struct aisec_error *err);

/*
 * The AI Act rules and TVRA schemes of a catalog, read once for many
 * assessments (each aisec_assess() call reads them otherwise).  Immutable
 * once built: one assessor may serve several threads.  It must not outlive
 * the catalog.
 */
struct aisec_assessor;
AISEC_API int aisec_assessor_new(const struct aisec_catalog *cat, struct aisec_assessor **out,
				 struct aisec_error *err);
AISEC_API void aisec_assessor_free(struct aisec_assessor *a);
/*
 * Check the rule documents of a catalog (ai_act, tvra) as aisec_assessor_new()
 * reads them, without stopping at the first: `report` (may be NULL) gets
 * one message per document that fails, naming file, line and field;
 * *problems their number.  Returns 0, or AISEC_ERR_NOMEM (in `err`) when
 * the check could not be made.  `ctx` is passed to `report` untouched.
 */
AISEC_API int aisec_assessor_validate(const struct aisec_catalog *cat,
				      void (*report)(void *ctx, const char *msg),
				      void *ctx, size_t *problems,
				      struct aisec_error *err);

struct aisec_assess_options {
	const struct aisec_assessor *assessor; /* prepared rules of the same catalog, or NULL */
	const char *as_of;  /* "YYYY-MM-DD": which obligations apply on that day; NULL = today (UTC) */
	bool verify_evidence; /* verify evidence.lineage / evidence.ledger files */
	const char *scheme; /* TVRA scheme id from tvra.yaml ("etsi-tvra", "iso-sae-21434"); NULL = first */
};

/*
 * Assess a profile against a catalog.  On success *out owns new findings
 * (free with aisec_findings_free).  The catalog must outlive the findings.
 */
AISEC_API int aisec_assess(const struct aisec_catalog *cat,
			   const struct aisec_profile *profile,
			   const struct aisec_assess_options *opt,
			   struct aisec_findings **out, struct aisec_error *err);

AISEC_API void aisec_findings_free(struct aisec_findings *f);

/* "prohibited", "high-risk", "limited" or "minimal". */
AISEC_API const char *aisec_findings_class(const struct aisec_findings *f);

/*
 * Evaluate a --fail-on gate: "prohibited", "high-risk", "risk:<level>"
 * (minor|major|critical: any residual risk at or above), or "gap".  Returns
 * 1 when the gate is hit, 0 when not, AISEC_ERR_USAGE for an unknown gate.
 */
AISEC_API int aisec_findings_gate(const struct aisec_findings *f, const char *gate,
				  struct aisec_error *err);
/*
 * The same, and when the gate is hit append to `why` (may be NULL) one line
 * per finding behind it, with the profile lines it rests on:
 *   "model_extraction residual 6 critical (lines 22, 31)\n"   (risk:LEVEL)
 *   "Art. 5(1)(f): inferring emotions ... (lines 16, 17)\n"    (prohibited, high-risk)
 *   "requirement ai_literacy: no standard ... covers it\n"     (gap)
 */
AISEC_API int aisec_findings_gate_explain(const struct aisec_findings *f, const char *gate,
					  struct aisec_buf *why, struct aisec_error *err);

/* The findings as JSON (docs/findings.md), appended to `out`, deterministic. */
AISEC_API int aisec_findings_to_json(const struct aisec_findings *f, struct aisec_buf *out,
				     struct aisec_error *err);

#ifdef __cplusplus
}
#endif
#endif
