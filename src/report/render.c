/*
 * render.c - the format table: aisec_report_render() picks the renderer for
 * a format name.  One renderer per file (text.c, md.c, html.c, sarif.c,
 * oscal_ar.c, csv.c); "json" is the findings model itself
 * (aisec_findings_to_json, owned by src/assess).  Several findings go into
 * one document where the format has a place for each (SARIF runs, OSCAL
 * results, HTML articles, a JSON array); other formats put one report after
 * another with a separator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/findings.h"
#include "report/report.h"

/*
 * Parallel tables: format_names[i] is rendered by renderers[i]; several
 * findings by many[i], or, when that is NULL, one after another separated
 * by separators[i].
 */
static const char *const format_names[] = {
	"json",
	"text",
	"md",
	"html",
	"sarif",
	"oscal-ar",
	"csv",
	"csv-risks",
	"csv-coverage",
	"oscal-ap",
	NULL
};

static const report_fn renderers[] = {
	NULL, /* json: the findings model itself */
	report_text,
	report_md,
	report_html,
	report_sarif,
	report_oscal_ar,
	report_csv,
	report_csv_risks,
	report_csv_coverage,
	report_oscal_ap,
};

static const report_many_fn many[] = {
	NULL, NULL, NULL, report_html_many, report_sarif_many, report_oscal_ar_many,
	NULL, NULL, NULL, report_oscal_ap_many,
};

static const char *const separators[] = {
	",\n", "\n", "\n---\n\n", "", "", "", "\r\n", "\r\n", "\r\n", "",
};

#define NFORMATS (sizeof(renderers) / sizeof(renderers[0]))
_Static_assert(sizeof(format_names) / sizeof(format_names[0]) == NFORMATS + 1,
	       "every format has one renderer");
_Static_assert(sizeof(many) / sizeof(many[0]) == NFORMATS, "one entry per format");
_Static_assert(sizeof(separators) / sizeof(separators[0]) == NFORMATS, "one entry per format");

const char *const *aisec_report_formats(void)
{
	return format_names;
}

/* Index of a format, or -1. */
static int find_format(const char *name)
{
	for (size_t i = 0; name && i < NFORMATS; i++)
		if (strcmp(format_names[i], name) == 0)
			return (int)i;
	return -1;
}

static int unknown_format(const char *name, struct aisec_error *err)
{
	char known[256];
	size_t len = 0;

	known[0] = '\0';
	for (size_t i = 0; i < NFORMATS && len < sizeof(known); i++) {
		int n = snprintf(known + len, sizeof(known) - len, "%s%s", i ? ", " : "",
				 format_names[i]);
		if (n < 0)
			break;
		len += (size_t)n;
	}
	return aisec_error_set(err, AISEC_ERR_USAGE, "unknown report format '%s' (known: %s)",
			       name ? name : "(null)", known);
}

static void fill_defaults(const struct aisec_report_options *in,
			  struct aisec_report_options *o)
{
	if (in)
		*o = *in;
	else
		memset(o, 0, sizeof(*o));
	if (o->width <= 0)
		o->width = 100;
	if (o->width < 40)
		o->width = 40;
}

/* A document as indented JSON, without the final newline. */
static int dump_json(const json_t *doc, struct aisec_buf *out)
{
	char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	int rc = s ? aisec_buf_adds(out, s) : AISEC_ERR_NOMEM;

	free(s);
	return rc;
}

int report_render_docs(const json_t *const *docs, const struct aisec_catalog *const *cats,
		       size_t n, const char *format, const struct aisec_report_options *opt,
		       struct aisec_buf *out, struct aisec_error *err)
{
	int i = find_format(format);
	struct aisec_report_options o;
	struct report_ctx *cs;
	int rc = 0;

	if (i < 0)
		return unknown_format(format, err);
	if (!n || !docs || !out)
		return aisec_error_set(err, AISEC_ERR_USAGE, "report: no findings or no output");
	for (size_t k = 0; k < n; k++)
		if (!docs[k] || !json_is_object(docs[k]))
			return aisec_error_set(err, AISEC_ERR_USAGE,
					       "report: findings document missing");
	if (!renderers[i]) {
		/* json: the document, or an array of them */
		if (n > 1)
			rc = aisec_buf_addch(out, '[');
		for (size_t k = 0; rc == 0 && k < n; k++) {
			if (k)
				rc = aisec_buf_adds(out, separators[i]);
			if (rc == 0)
				rc = dump_json(docs[k], out);
		}
		if (rc == 0 && n > 1)
			rc = aisec_buf_addch(out, ']');
		if (rc == 0)
			rc = aisec_buf_addch(out, '\n');
		return rc ? aisec_error_set(err, rc, "report 'json': %s", aisec_strerror(rc)) : 0;
	}
	fill_defaults(opt, &o);
	cs = calloc(n, sizeof(*cs));
	if (!cs)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "report: out of memory");
	for (size_t k = 0; k < n; k++) {
		cs[k].doc = docs[k];
		cs[k].cat = cats ? cats[k] : NULL;
		cs[k].opt = &o;
	}
	if (many[i]) {
		rc = many[i](cs, n, out, err);
	} else {
		for (size_t k = 0; rc == 0 && k < n; k++) {
			if (k && aisec_buf_adds(out, separators[i]))
				rc = aisec_error_set(err, AISEC_ERR_NOMEM, "report: out of memory");
			if (rc == 0)
				rc = renderers[i](&cs[k], out, err);
		}
	}
	free(cs);
	return rc;
}

int report_render_doc(const json_t *doc, const struct aisec_catalog *cat, const char *format,
		      const struct aisec_report_options *opt, struct aisec_buf *out,
		      struct aisec_error *err)
{
	return report_render_docs(&doc, &cat, 1, format, opt, out, err);
}

int aisec_report_render_many(const struct aisec_findings *const *f, size_t n,
			     const char *format, const struct aisec_report_options *opt,
			     struct aisec_buf *out, struct aisec_error *err)
{
	int i = find_format(format);
	const json_t **docs;
	const struct aisec_catalog **cats;
	int rc;

	if (i < 0)
		return unknown_format(format, err);
	if (!f || !n || !out)
		return aisec_error_set(err, AISEC_ERR_USAGE, "report: no findings or no output");
	if (!renderers[i] && n == 1)
		return aisec_findings_to_json(f[0], out, err);
	docs = calloc(n, sizeof(*docs));
	cats = calloc(n, sizeof(*cats));
	if (!docs || !cats) {
		free(docs);
		free(cats);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "report: out of memory");
	}
	for (size_t k = 0; k < n; k++) {
		docs[k] = f[k] ? aisec_findings_doc(f[k]) : NULL;
		cats[k] = f[k] ? aisec_findings_catalog(f[k]) : NULL;
	}
	rc = report_render_docs(docs, cats, n, format, opt, out, err);
	free(docs);
	free(cats);
	return rc;
}

int aisec_report_render(const struct aisec_findings *f, const char *format,
			const struct aisec_report_options *opt, struct aisec_buf *out,
			struct aisec_error *err)
{
	return aisec_report_render_many(&f, 1, format, opt, out, err);
}
