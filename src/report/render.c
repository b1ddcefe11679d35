/*
 * render.c - the format table: aisec_report_render() picks the renderer for
 * a format name.  One renderer per file (text.c, md.c, html.c, sarif.c,
 * oscal_ar.c, csv.c); "json" is the findings model itself
 * (aisec_findings_to_json, owned by src/assess).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/findings.h"
#include "report/report.h"

/* Parallel tables: format_names[i] is rendered by renderers[i]. */
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
};

#define NFORMATS (sizeof(renderers) / sizeof(renderers[0]))
_Static_assert(sizeof(format_names) / sizeof(format_names[0]) == NFORMATS + 1,
	       "every format has one renderer");

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

int report_render_doc(const json_t *doc, const struct aisec_catalog *cat, const char *format,
		      const struct aisec_report_options *opt, struct aisec_buf *out,
		      struct aisec_error *err)
{
	int i = find_format(format);
	struct aisec_report_options o;
	struct report_ctx c;
	char *s;
	int ret;

	if (i < 0)
		return unknown_format(format, err);
	if (!doc || !json_is_object(doc))
		return aisec_error_set(err, AISEC_ERR_USAGE, "report: findings document missing");
	if (!renderers[i]) {
		s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (!s)
			return aisec_error_set(err, AISEC_ERR_NOMEM, "report: out of memory");
		ret = aisec_buf_adds(out, s);
		if (ret == 0)
			ret = aisec_buf_addch(out, '\n');
		free(s);
		return ret ? aisec_error_set(err, ret, "report: %s", aisec_strerror(ret)) : 0;
	}
	fill_defaults(opt, &o);
	c.doc = doc;
	c.cat = cat;
	c.opt = &o;
	return renderers[i](&c, out, err);
}

int aisec_report_render(const struct aisec_findings *f, const char *format,
			const struct aisec_report_options *opt, struct aisec_buf *out,
			struct aisec_error *err)
{
	int i = find_format(format);

	if (i < 0)
		return unknown_format(format, err);
	if (!f || !out)
		return aisec_error_set(err, AISEC_ERR_USAGE, "report: no findings or no output");
	if (!renderers[i])
		return aisec_findings_to_json(f, out, err);
	return report_render_doc(aisec_findings_doc(f), aisec_findings_catalog(f), format, opt,
				 out, err);
}
