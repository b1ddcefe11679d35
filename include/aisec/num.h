/*
 * num.h - strict parsing of the numbers users type (sizes, counts, indexes),
 * and the one decimal-number reader of the library's hot parsers (JSON
 * answers and event lines, CSV rows), shared with the command line.
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

/* Grammars of aisec_parse_double(). */
enum aisec_num_grammar {
	/* strtod's decimal form without leading space, hex, inf or nan:
	 * [+-]? (D+ [. D*] | . D+) ([eE] [+-]? D+)?  (D: a digit) */
	AISEC_NUM_DECIMAL = 0,
	/* RFC 8259's number: -? (0 | [1-9] D*) (. D+)? ([eE] [+-]? D+)? */
	AISEC_NUM_JSON = 1
};

/* Bits of *form from aisec_parse_double(). */
#define AISEC_NUM_FRACTION 1u /* a '.' was read */
#define AISEC_NUM_EXPONENT 2u /* an exponent was read */

/*
 * The decimal number at the start of [p, end) in `grammar` (the longest
 * prefix that is one, as strtod reads; AISEC_NUM_JSON: NULL when a '.' or
 * an 'e' is not followed by a digit).  Returns the first byte after it, or
 * NULL when p does not start with a number (or, for one of more than 1,000
 * bytes, when memory runs out).  p is borrowed, and nothing at or past
 * `end` is read: [p, end) need not end with a NUL.
 *
 * out: NULL checks the grammar only; else *out is exactly the double strtod
 * gives for the same bytes, in every case (up to 19 significant digits
 * whose value times a power of ten is exact in IEEE arithmetic are
 * converted here, Clinger's fast path; the rest by strtod).  errno is set
 * as strtod sets it (ERANGE on overflow to +-HUGE_VAL or underflow) and
 * left alone otherwise.  form: NULL or where the AISEC_NUM_FRACTION and
 * AISEC_NUM_EXPONENT bits of the number are written (0: an integer).
 * Thread-safe; strtod's part reads the locale's decimal point, which the
 * library expects to be '.' (the C locale).
 */
AISEC_API const char *aisec_parse_double(const char *p, const char *end,
					 enum aisec_num_grammar grammar,
					 double *out, unsigned *form);

#ifdef __cplusplus
}
#endif
#endif
