/*
 * aisec.h - umbrella header of libaisec, the library behind the aisec tool
 * for the cybersecurity of AI systems (after ENISA, "Cybersecurity of AI
 * and Standardisation", March 2023, CC BY 4.0).
 *
 * Include this, or the one subsystem header you need.  Every subsystem
 * follows the same conventions: fallible calls return 0 or a negative
 * enum aisec_err and fill a struct aisec_error; the library never prints,
 * exits or keeps global mutable state.
 */
#ifndef AISEC_AISEC_H
#define AISEC_AISEC_H

#include "aisec/export.h"
#include "aisec/error.h"
#include "aisec/buf.h"
#include "aisec/file.h"
#include "aisec/num.h"
#include "aisec/text.h"
#include "aisec/catalog.h"
#include "aisec/assess.h"
#include "aisec/report.h"
#include "aisec/key.h"
#include "aisec/lineage.h"
#include "aisec/ledger.h"
#include "aisec/tlog.h"
#include "aisec/monitor.h"
#include "aisec/probe.h"
#include "aisec/store.h"
#include "aisec/serve.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AISEC_VERSION_MAJOR 0
#define AISEC_VERSION_MINOR 1
#define AISEC_VERSION_PATCH 0
#define AISEC_VERSION_STRING "0.1.0"

/* The library's version string (may differ from the header's). */
AISEC_API const char *aisec_version(void);

#ifdef __cplusplus
}
#endif
#endif
