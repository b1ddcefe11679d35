/*
 * num.h - strict parsing of the numbers users type (sizes, counts, indexes),
 * shared by the library's parsers and the command line.
 */
#ifndef AISEC_NUM_H
#define AISEC_NUM_H

#include <stdint.h>

#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Decimal digits only, no sign or space: 0 and *out set; AISEC_ERR_PARSE if
 * malformed, AISEC_ERR_LIMIT past 2^64-1 (*out unchanged on error).
 */
AISEC_API int aisec_parse_u64(const char *s, uint64_t *out);

/*
 * A size: decimal digits with an optional binary unit K, M, G or T (1K =
 * 1024), not 0, no sign or space ("64", "16M").  0 and *out set;
 * AISEC_ERR_PARSE if malformed or 0, AISEC_ERR_LIMIT when it exceeds `max`
 * (*out unchanged on error).
 */
AISEC_API int aisec_parse_size(const char *s, uint64_t max, uint64_t *out);

#ifdef __cplusplus
}
#endif
#endif
