/*
 * error.h - error codes and the error sink every fallible aisec call fills.
 *
 * Contract: a fallible function returns 0 on success or a negative
 * enum aisec_err value, and, when `err` is not NULL, writes a lower-case
 * message without a final period that names what failed first and then
 * where: "profile 'cv.yaml' line 12: field 'deployment.exposure': unknown
 * value 'intranet2'".  Callers add context on the way up with
 * aisec_error_prefix().  The sink is caller-allocated and fixed-size; it
 * never allocates, so reporting an out-of-memory error cannot fail.
 */
#ifndef AISEC_ERROR_H
#define AISEC_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

enum aisec_err {
	AISEC_OK = 0,
	AISEC_ERR_NOMEM = -1,     /* allocation failed */
	AISEC_ERR_IO = -2,        /* read, write, sync or open failed */
	AISEC_ERR_PARSE = -3,     /* input is not well-formed (JSON, YAML, note, ...) */
	AISEC_ERR_INVALID = -4,   /* well-formed input with a bad field or value */
	AISEC_ERR_NOTFOUND = -5,  /* a named entry, file or index does not exist */
	AISEC_ERR_VERIFY = -6,    /* a signature, digest or proof does not verify */
	AISEC_ERR_BUSY = -7,      /* a lock is held by someone else */
	AISEC_ERR_CRYPTO = -8,    /* the crypto library failed */
	AISEC_ERR_LIMIT = -9,     /* a size limit was reached */
	AISEC_ERR_USAGE = -10,    /* the caller broke the API contract */
	AISEC_ERR_INTEGRITY = -11 /* stored data is corrupt or was tampered with */
};

#define AISEC_ERROR_MAX 512

struct aisec_error {
	int code;                   /* enum aisec_err of the first failure */
	char msg[AISEC_ERROR_MAX];  /* NUL-terminated, possibly truncated */
};

/* Clear `err` (may be NULL). */
AISEC_API void aisec_error_clear(struct aisec_error *err);

/*
 * Record `code` with a printf-style message in `err` (may be NULL) and
 * return `code`, so callers can write `return aisec_error_set(err, ...)`.
 */
AISEC_API int aisec_error_set(struct aisec_error *err, int code,
			      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like aisec_error_set() with a va_list. */
AISEC_API int aisec_error_vset(struct aisec_error *err, int code,
			       const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/*
 * Prepend context to an existing message: "file 'x'" + ": " + old message.
 * Returns err->code (or AISEC_ERR_USAGE when err is NULL).
 */
AISEC_API int aisec_error_prefix(struct aisec_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A short, static, lower-case name for an error code ("out of memory"). */
AISEC_API const char *aisec_strerror(int code);

#ifdef __cplusplus
}
#endif
#endif
