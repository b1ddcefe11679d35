/*
 * text.h - bytes written as text and text read from outside: base64 for
 * hashes and signatures in checkpoints, notes and DSSE envelopes, and the
 * UTF-8 check every aisec parser runs before it looks at a file, so that a
 * caller can tell text from binary the same way and name the bad line.
 *
 * Thread-safe: no shared state.
 */
#ifndef AISEC_TEXT_H
#define AISEC_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "aisec/buf.h"
#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Append the standard base64 (RFC 4648 section 4, with padding, no line
 * breaks) of the `n` bytes at `in` to `out` (caller-owned; `in` is only
 * read during the call).  0, AISEC_ERR_LIMIT past 2^31-1 input bytes (out
 * unchanged) or an error of aisec_buf_grow() (out released).
 */
AISEC_API int aisec_base64_encode(const uint8_t *in, size_t n,
				  struct aisec_buf *out);

/*
 * The line (from 1; a line ends at '\n') of the first byte of the `len`
 * bytes at `text` that is not well-formed UTF-8 (RFC 3629: no overlong
 * forms, surrogates or code points past U+10FFFF), or 0 when all are.
 * NUL bytes are well-formed UTF-8; a caller that wants C strings checks
 * for them itself.  Cannot fail.
 */
AISEC_API int aisec_utf8_bad_line(const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif
