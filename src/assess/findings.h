/*
 * findings.h - internal view of the findings for the renderers in
 * src/report/: the findings are one JSON document (docs/findings.md) built by
 * src/assess and read, never modified, by every renderer.
 */
#ifndef AISEC_ASSESS_FINDINGS_H
#define AISEC_ASSESS_FINDINGS_H

#include <jansson.h>

#include "aisec/assess.h"

/* The findings document (owned by f; valid while f lives). */
json_t *aisec_findings_doc(const struct aisec_findings *f);

/* The catalog the findings were computed from (for titles, sources). */
const struct aisec_catalog *aisec_findings_catalog(const struct aisec_findings *f);

#endif
