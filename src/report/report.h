/*
 * report.h - internal interface of the renderers in src/report/.
 *
 * Every renderer reads the findings document (docs/findings.md) as JSON and
 * appends its format to a buffer; none of them modifies the document or
 * reads the clock, so the same findings always give the same bytes.  The
 * catalog is optional (NULL in tests that render a hand-written document);
 * renderers that want titles or sources beyond the findings look them up
 * there when it is given.
 */
#ifndef AISEC_REPORT_INTERNAL_H
#define AISEC_REPORT_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>

#include <jansson.h>

#include "aisec/report.h"

struct report_ctx {
	const json_t *doc;                      /* the findings document */
	const struct aisec_catalog *cat;        /* may be NULL */
	const struct aisec_report_options *opt; /* never NULL (defaults filled in) */
};

typedef int (*report_fn)(const struct report_ctx *c, struct aisec_buf *out,
			 struct aisec_error *err);

/* One per format, each in its own file. */
int report_text(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err);
int report_md(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err);
int report_html(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err);
int report_sarif(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err);
int report_oscal_ar(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err);
int report_oscal_ap(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err);
int report_csv(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err);
int report_csv_risks(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err);
int report_csv_coverage(const struct report_ctx *c, struct aisec_buf *out,
			struct aisec_error *err);

/*
 * The profile path `file` relative to the folder `base` (NULL = the current
 * one), normalised, into `rel`, and percent-encoded (RFC 3986) into `uri`
 * (uri.c), and its number of lines into `lines` (0 when it cannot be
 * read).  A file outside the base: AISEC_ERR_INVALID naming both.
 */
int report_rel_uri(const char *file, const char *base, struct aisec_buf *rel,
		   struct aisec_buf *uri, long *lines, struct aisec_error *err);

/* Knowledge-base exports (oscal_catalog.c, oscal_mapping.c). */
int report_oscal_catalog(const struct aisec_catalog *cat, struct aisec_buf *out,
			 struct aisec_error *err);
int report_oscal_mapping(const struct aisec_catalog *cat, struct aisec_buf *out,
			 struct aisec_error *err);

/* Several findings documents in one file (sarif: runs, oscal-ar: results, html: articles). */
typedef int (*report_many_fn)(const struct report_ctx *cs, size_t n, struct aisec_buf *out,
			      struct aisec_error *err);
int report_oscal_ap_many(const struct report_ctx *cs, size_t n, struct aisec_buf *out,
			 struct aisec_error *err);
int report_sarif_many(const struct report_ctx *cs, size_t n, struct aisec_buf *out,
		      struct aisec_error *err);
int report_oscal_ar_many(const struct report_ctx *cs, size_t n, struct aisec_buf *out,
			 struct aisec_error *err);
int report_html_many(const struct report_ctx *cs, size_t n, struct aisec_buf *out,
		     struct aisec_error *err);

/*
 * Several findings documents as one output (aisec_report_render_many()
 * after taking the documents out of the findings): "json" an array, sarif,
 * oscal-ar and html one document, the other formats one report after
 * another with a separator.  `cats` may be NULL.
 */
int report_render_docs(const json_t *const *docs, const struct aisec_catalog *const *cats,
		       size_t n, const char *format, const struct aisec_report_options *opt,
		       struct aisec_buf *out, struct aisec_error *err);

/*
 * Render a findings document directly (what aisec_report_render() does after
 * taking the document out of the findings).  "json" prints the document
 * indented in its key order.  Used by the tests with hand-written findings.
 */
int report_render_doc(const json_t *doc, const struct aisec_catalog *cat, const char *format,
		      const struct aisec_report_options *opt, struct aisec_buf *out,
		      struct aisec_error *err);

/* ---- reading the findings document (doc.c) ------------------------------ */

/* Member `key` of object `o` as a string; "" when absent or not a string. */
const char *doc_str(const json_t *o, const char *key);
/* A string value, or "" for NULL and other types. */
const char *doc_s(const json_t *v);
/* Member as an integer; 0 when absent or not a number. */
long long doc_int(const json_t *o, const char *key);
/* Member as a boolean; false when absent. */
bool doc_bool(const json_t *o, const char *key);
/* Member as an array or object; NULL when absent or of another type
 * (jansson's array functions treat NULL as empty). */
json_t *doc_arr(const json_t *o, const char *key);
json_t *doc_obj(const json_t *o, const char *key);
/* Path of nested objects, "residual.risk.level" style; "" when absent. */
const char *doc_path_str(const json_t *o, const char *path);
long long doc_path_int(const json_t *o, const char *path);

/* The entry of array `key` of the document whose `field` equals `id`. */
json_t *doc_find(const json_t *doc, const char *key, const char *field, const char *id);

/* Rank of a risk level: minor 1, major 2, critical 3, else 0. */
int doc_risk_rank(const char *level);

/*
 * The attack potential of a risk (or residual) as "5 basic", or just the
 * rating ("not-practical") when the scheme gives no sum.
 */
void doc_potential(const json_t *r, char *out, size_t n);
/* How many available standards a coverage entry counts beyond those it lists. */
long long doc_available_more(const json_t *cov);

/* An identifier in words for a reader: "not_declared" -> "not declared". */
void doc_words(const char *id, char *out, size_t n);

/* "field = value (line N)" for each fact of `facts`, joined by "; ". */
int doc_facts_text(const json_t *facts, struct aisec_buf *out);

/* ---- deterministic UUIDs (uuid.c) --------------------------------------- */

#define REPORT_UUID_LEN 36

/* UUID version 5 of `name` in the aisec namespace (see uuid.c); 0 or AISEC_ERR_CRYPTO. */
int report_uuid5(const char *name, char out[REPORT_UUID_LEN + 1]);
/* The same for a printf-formatted name (va_list and variadic forms). */
int report_uuid5v(char out[REPORT_UUID_LEN + 1], const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
int report_uuid5f(char out[REPORT_UUID_LEN + 1], const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- OSCAL common pieces (oscal.c) ----------------------------------------- */

#define OSCAL_VERSION "1.2.0"
#define OSCAL_NS "https://aisec.dev/ns/oscal"
#define OSCAL_DATETIME_LEN 20 /* "2026-11-28T00:00:00Z" */

/* A copy (caller frees) with whitespace runs collapsed to one space, trimmed. */
char *oscal_line(const char *s);
/* Append {"name", "ns": OSCAL_NS, "value"} unless the value is empty. */
void oscal_add_prop(json_t *props, const char *name, const char *value);
/* Set obj.props = props when not empty (takes the reference either way). */
void oscal_set_props(json_t *obj, json_t *props);
/* "YYYY-MM-DD" or "YYYY-MM" -> "YYYY-MM-DDT00:00:00Z"; AISEC_ERR_INVALID otherwise. */
int oscal_datetime(const char *date, char out[OSCAL_DATETIME_LEN + 1]);
/* metadata {title, last-modified, version, oscal-version}; NULL on no memory. */
json_t *oscal_metadata(const char *title, const char *datetime, const char *version);
/* obj.uuid = uuid5 of the formatted name; 0 or an error code. */
int oscal_uuid_set(json_t *obj, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* assessment-assets: aisec as the tool component and platform; NULL on no memory. */
json_t *oscal_aisec_assets(const char *tool_uuid, const char *platform_uuid);
/* The back-matter resource of a profile file (uuid given); NULL on no memory. */
json_t *oscal_profile_resource(const char *uuid, const char *file);
/* The UUID of the assessment plan aisec writes for these findings (oscal_ap.c). */
int report_oscal_ap_uuid(const struct report_ctx *cs, size_t n, char out[REPORT_UUID_LEN + 1]);
/* Is s an OSCAL token (NCName: letter or '_' first, then letters, digits, '.', '-', '_')? */
bool oscal_token_ok(const char *s);

/* ---- writing (emit.c) --------------------------------------------------- */

/*
 * A writer with a sticky error: after the first failure every call is a
 * no-op and emit_done() returns the error, so renderers can write without
 * checking each call.
 */
struct emit {
	struct aisec_buf *b;
	int err;
};

void emit_init(struct emit *e, struct aisec_buf *b);
void emit_s(struct emit *e, const char *s);
void emit_n(struct emit *e, const char *s, size_t n);
void emit_c(struct emit *e, int c);
void emit_f(struct emit *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Repeat `s` n times. */
void emit_rep(struct emit *e, const char *s, int n);
/* Returns 0 or the first error, recorded in err as "report '<fmt>': ...". */
int emit_done(struct emit *e, const char *format, struct aisec_error *err);

/*
 * Dump a JSON value (indented by 2, key order kept, final newline) to out;
 * takes the reference to `v` in all cases.
 */
int emit_json(json_t *v, struct aisec_buf *out, const char *format, struct aisec_error *err);

/* ---- the human report's structure (outline.c), for md.c and html.c ------- */

/* How a key/value of the header reads: text, a status badge, a long text, a
 * figure, a file path (breaks only after a '/'). */
enum outline_kv {
	OUTLINE_KV_TEXT,
	OUTLINE_KV_BADGE,
	OUTLINE_KV_WIDE,
	OUTLINE_KV_FIGURE,
	OUTLINE_KV_PATH
};

/* The report's sections in order: the id each section() call passes and its title. */
struct outline_section {
	const char *id;
	const char *title;
};
extern const struct outline_section outline_sections[];

/*
 * What a renderer writes when outline.c walks the findings.  Strings are
 * raw (the renderer escapes them); empty kv values are the renderer's to
 * skip; badges get the raw status ("not_declared", the renderer words it).  Calls nest as: title, kv*, then per section: blocks, lists of
 * items, tables of rows of cells; text, strong, code, badge, br and asides
 * (small print: facts, sources) inside blocks, items and cells.
 */
struct outline_ops {
	void (*title)(void *w, const char *title, const char *cls);
	void (*kv_begin)(void *w);
	void (*kv)(void *w, const char *key, const char *value, enum outline_kv style);
	void (*kv_end)(void *w);
	void (*section)(void *w, const char *id, const char *title, long count); /* count < 0: none */
	void (*section_end)(void *w);
	void (*subheading)(void *w, const char *title);
	void (*block_begin)(void *w);
	void (*block_end)(void *w);
	void (*list_begin)(void *w, bool ordered);
	void (*list_end)(void *w);
	void (*item_begin)(void *w);
	void (*item_end)(void *w);
	void (*table_begin)(void *w, const char *const *headers); /* NULL-terminated */
	void (*table_end)(void *w);
	void (*row_begin)(void *w);
	void (*row_end)(void *w);
	void (*cell_begin)(void *w);
	void (*cell_end)(void *w);
	void (*text)(void *w, const char *s);
	void (*strong)(void *w, const char *s);
	void (*code)(void *w, const char *s);
	void (*badge)(void *w, const char *s);
	void (*br)(void *w);
	void (*aside_begin)(void *w);
	void (*aside_end)(void *w);
	void (*chart)(void *w, const char *which); /* "risk-matrix", "coverage" */
	/* optional (NULL: not called / written as text) */
	void (*toc)(void *w, const struct outline_section *s); /* after kv_end; {NULL} ends s */
	void (*token)(void *w, const char *s); /* a date, a level name: never broken inside */
};

struct outline {
	const struct outline_ops *ops;
	void *w; /* the renderer's state */
	const struct report_ctx *c;
};

void outline_render(const struct outline *o);

/* ---- HTML pieces (html.c, svg.c) -------------------------------------------- */

/* Text with & < > " ' escaped for HTML element content and attribute values. */
void html_esc(struct emit *e, const char *s);
/* What a report page needs and all it may load: inline style, data: images. */
#define REPORT_HTML_CSP "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
/* The assessment report's style sheet (html.c), shared by the probe report. */
extern const char report_html_css[];
/* The likelihood x impact matrix, before (residual=false) or after controls. */
void svg_risk_matrix(struct emit *e, const json_t *doc, bool residual);
/* Coverage bars: per requirement applied / available / gap counts. */
void svg_coverage(struct emit *e, const json_t *doc);

#endif
