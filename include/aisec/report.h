/*
 * report.h - renderers of assessment findings: one findings model, many
 * formats.  Each renderer is deterministic (same findings, same bytes).
 */
#ifndef AISEC_REPORT_H
#define AISEC_REPORT_H

#include <stdbool.h>

#include "aisec/assess.h"
#include "aisec/buf.h"
#include "aisec/error.h"
#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

struct aisec_report_options {
	bool color;        /* ANSI colour in "text" */
	int width;         /* wrap width for "text"; 0 = 100 */
	bool explain;      /* add the source of every statement */
	bool include_pass; /* SARIF: include passed checks (kind: pass) */
	const char *base_dir;  /* SARIF: profile paths are written relative to
				  this folder (uriBaseId %SRCROOT%); NULL = the
				  current folder; a profile outside it is refused */
	bool sarif_single_run; /* SARIF: one run for all profiles (GitHub code
				  scanning takes at most 20 runs per upload) */
	const char *oscal_ap_href; /* oscal-ar: where the assessment plan
				      (format "oscal-ap") lies, relative to the
				      results; NULL = "oscal-ap.json" */
};

/*
 * Render findings as `format`: "json", "text", "md", "html", "sarif",
 * "oscal-ar", "oscal-ap" (the assessment plan the results import), "csv" (risk table and coverage, one after the other),
 * "csv-risks", "csv-coverage" (one table each).  Appends to `out`.
 * An unknown format fails with AISEC_ERR_USAGE naming the known ones.
 */
AISEC_API int aisec_report_render(const struct aisec_findings *f, const char *format,
				  const struct aisec_report_options *opt,
				  struct aisec_buf *out, struct aisec_error *err);

/*
 * Render several findings (one per profile) as one output: "json" an
 * array, "sarif" one log with a run per findings, "oscal-ar" one
 * assessment-results with a result per findings, "html" one page with an
 * article per findings; text, md and csv put one report after another
 * (md: separated by a rule, csv: by an empty line).  n >= 1.
 */
AISEC_API int aisec_report_render_many(const struct aisec_findings *const *f, size_t n,
				       const char *format,
				       const struct aisec_report_options *opt,
				       struct aisec_buf *out, struct aisec_error *err);

/* NULL-terminated list of the format names aisec_report_render() knows. */
AISEC_API const char *const *aisec_report_formats(void);

/*
 * Export the knowledge base as `format`: "oscal-catalog" (an OSCAL catalog:
 * one group per AI Act requirement, plus controls, threats, gaps,
 * recommendations and standards, the standards also as back-matter
 * resources) or "oscal-mapping" (an OSCAL mapping-collection of the
 * standard -> requirement and standard -> threat coverage, with the unmapped
 * ones listed).  Appends to `out`; deterministic (version 5 UUIDs, dates from
 * the catalog).  Unknown format: AISEC_ERR_USAGE.  docs/report.md.
 */
AISEC_API int aisec_report_catalog(const struct aisec_catalog *cat, const char *format,
				   struct aisec_buf *out, struct aisec_error *err);

/* NULL-terminated list of the format names aisec_report_catalog() knows. */
AISEC_API const char *const *aisec_report_catalog_formats(void);

/*
 * Render probe results files (docs/probe.md: the `aisec probe` envelope with
 * its generic `metrics` and `curves`) as one report: "md" the Markdown
 * draft of the AI Act Art. 13(3)(b)(ii) declaration, "html" a
 * self-contained page with the curves as SVG (the assessment report's
 * style, the same strict Content-Security-Policy), "json" the metrics of
 * every file.  names[i] (for messages and the report) and texts[i] of
 * lens[i] bytes are borrowed.  A file that is not probe results is an
 * error naming the file and the field (AISEC_ERR_PARSE or
 * AISEC_ERR_INVALID); output is appended to `out`.  Probes are rendered
 * from the generic members only, so a new probe needs no change here.
 */
AISEC_API int aisec_report_probe(const char *const *names,
				 const char *const *texts, const size_t *lens,
				 size_t n, const char *format,
				 struct aisec_buf *out, struct aisec_error *err);

#ifdef __cplusplus
}
#endif
#endif
