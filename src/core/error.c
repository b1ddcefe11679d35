/* error.c - the fixed-size error sink (see include/aisec/error.h). */
#include <stdio.h>
#include <string.h>

#include "aisec/aisec.h"

void aisec_error_clear(struct aisec_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->msg[0] = '\0';
}

int aisec_error_vset(struct aisec_error *err, int code, const char *fmt,
		     va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return code;
}

int aisec_error_set(struct aisec_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	aisec_error_vset(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int aisec_error_prefix(struct aisec_error *err, const char *fmt, ...)
{
	char head[AISEC_ERROR_MAX];
	char old[AISEC_ERROR_MAX];
	va_list ap;

	if (!err)
		return AISEC_ERR_USAGE;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	if (old[0])
		snprintf(err->msg, sizeof(err->msg), "%s: %s", head, old);
	else
		snprintf(err->msg, sizeof(err->msg), "%s", head);
	return err->code;
}

const char *aisec_strerror(int code)
{
	switch (code) {
	case AISEC_OK: return "success";
	case AISEC_ERR_NOMEM: return "out of memory";
	case AISEC_ERR_IO: return "input/output error";
	case AISEC_ERR_PARSE: return "parse error";
	case AISEC_ERR_INVALID: return "invalid value";
	case AISEC_ERR_NOTFOUND: return "not found";
	case AISEC_ERR_VERIFY: return "verification failed";
	case AISEC_ERR_BUSY: return "resource busy";
	case AISEC_ERR_CRYPTO: return "cryptographic library error";
	case AISEC_ERR_LIMIT: return "size limit reached";
	case AISEC_ERR_USAGE: return "api misuse";
	case AISEC_ERR_INTEGRITY: return "integrity error";
	default: return "unknown error";
	}
}

const char *aisec_version(void)
{
	return AISEC_VERSION_STRING;
}
