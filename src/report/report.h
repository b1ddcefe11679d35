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

#include <jansson.h>

#include "aisec/report.h"

struct report_ctx {
	const json_t *doc;                     /* the findings document */
	const struct aisec_catalog *cat;       /* may be NULL */
	const struct aisec_report_options *opt; /* never NULL (defaults filled in) */
};

typedef int (*report_fn)(const struct report_ctx *c, struct aisec_buf *out,
			 struct aisec_error *err);


/*
 * Render a findings document directly (what aisec_report_render() does after
 * taking the document out of the findings).  "json" prints the document
 * indented in its key order.  Used by the tests with hand-written findings.
 */
int report_render_doc(const json_t *doc, const struct aisec_catalog *cat, const char *format,
		      const struct aisec_report_options *opt, struct aisec_buf *out,
		      struct aisec_error *err);

#endif
