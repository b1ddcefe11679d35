/*
 * buf.h - the one growable byte buffer, with a hard cap.
 *
 * Invariants (as git's strbuf): `data` is never NULL after aisec_buf_init(),
 * data[len] == '\0' always, len < alloc unless alloc == 0 (then data points
 * at a static empty string).  A buffer that would grow past `cap` fails with
 * AISEC_ERR_LIMIT and releases itself, so a failed build never leaves a
 * half-written result behind.  Not thread-safe; caller-owned storage.
 */
#ifndef AISEC_BUF_H
#define AISEC_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AISEC_BUF_DEFAULT_CAP ((size_t)1 << 30) /* 1 GiB */

struct aisec_buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap;
};

/* Initialise with a cap (0 = AISEC_BUF_DEFAULT_CAP). Cannot fail. */
AISEC_API void aisec_buf_init(struct aisec_buf *b, size_t cap);
/* Free the storage and re-initialise (keeps the cap). */
AISEC_API void aisec_buf_release(struct aisec_buf *b);
/* Set len to 0, keeping the storage. */
AISEC_API void aisec_buf_reset(struct aisec_buf *b);
/* Take ownership of the bytes (caller frees with free()); buffer is reset. */
AISEC_API char *aisec_buf_detach(struct aisec_buf *b, size_t *len);

/* All of these return 0 or AISEC_ERR_NOMEM / AISEC_ERR_LIMIT (buffer released). */
AISEC_API int aisec_buf_grow(struct aisec_buf *b, size_t extra);
AISEC_API int aisec_buf_add(struct aisec_buf *b, const void *p, size_t n);
AISEC_API int aisec_buf_adds(struct aisec_buf *b, const char *s);
AISEC_API int aisec_buf_addch(struct aisec_buf *b, int c);
AISEC_API int aisec_buf_addf(struct aisec_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
AISEC_API int aisec_buf_vaddf(struct aisec_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Append lower-case hex of n bytes. */
AISEC_API int aisec_buf_addhex(struct aisec_buf *b, const uint8_t *p, size_t n);
/*
 * Append `s` (NULL = "") as one RFC 4180 CSV field: quoted (quotes doubled)
 * when it holds a comma, a quote, CR or LF or begins with a space; a text
 * that begins with '=', '+', '-', '@', TAB or CR gets a leading "'" so that
 * a spreadsheet shows it instead of running it as a formula (CSV injection,
 * OWASP).  Every CSV writer of aisec goes through this function; numbers
 * that should stay numbers are appended as they are, not through it.
 */
AISEC_API int aisec_buf_addcsv(struct aisec_buf *b, const char *s);

#ifdef __cplusplus
}
#endif
#endif
