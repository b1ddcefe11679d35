/*
 * catalog_export.c - the knowledge-base exports of the report subsystem:
 * aisec_report_catalog() picks the exporter for a format name (one per file:
 * oscal_catalog.c, oscal_mapping.c).  The JSON and CSV views of the catalog
 * are the catalog listings' own (`aisec catalog export` prints them).
 */
#include <stdio.h>
#include <string.h>

#include "report/report.h"

typedef int (*export_fn)(const struct aisec_catalog *cat, struct aisec_buf *out,
			 struct aisec_error *err);

static const char *const export_names[] = {"oscal-catalog", "oscal-mapping", NULL};
static const export_fn exporters[] = {report_oscal_catalog, report_oscal_mapping};

#define NEXPORTS (sizeof(exporters) / sizeof(exporters[0]))
_Static_assert(sizeof(export_names) / sizeof(export_names[0]) == NEXPORTS + 1,
	       "every export format has one exporter");

const char *const *aisec_report_catalog_formats(void)
{
	return export_names;
}

int aisec_report_catalog(const struct aisec_catalog *cat, const char *format,
			 struct aisec_buf *out, struct aisec_error *err)
{
	for (size_t i = 0; format && i < NEXPORTS; i++)
		if (!strcmp(format, export_names[i])) {
			if (!cat || !out)
				return aisec_error_set(err, AISEC_ERR_USAGE,
						       "export: no catalog or no output");
			return exporters[i](cat, out, err);
		}
	return aisec_error_set(err, AISEC_ERR_USAGE,
			       "unknown export format '%s' (known: oscal-catalog, oscal-mapping)",
			       format ? format : "(null)");
}
