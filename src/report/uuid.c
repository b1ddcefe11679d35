/*
 * uuid.c - deterministic name-based UUIDs (RFC 9562 version 5, SHA-1) for
 * the OSCAL and SARIF exports, so that exporting the same data twice gives
 * the same identifiers and a re-export shows no diff.
 *
 * Every aisec UUID is derived in one namespace, REPORT_UUID_NS below, which
 * is itself uuid5(NAMESPACE_URL, "https://aisec.dev/ns/uuid").  The name is
 * a stable path such as "catalog/control/record_keeping" (docs/report.md).
 */
#include <stdarg.h>
#include <string.h>

#include <openssl/evp.h>

#include "report/report.h"

/* uuid5(NAMESPACE_URL, "https://aisec.dev/ns/uuid") */
static const unsigned char report_uuid_ns[16] = {
	0xf7, 0xa9, 0xbc, 0x0e, 0xa4, 0x94, 0x59, 0xa2,
	0x95, 0xbf, 0x2d, 0x37, 0x06, 0x94, 0xd5, 0xef
};

int report_uuid5(const char *name, char out[REPORT_UUID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok, k = 0;

	ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) &&
	     EVP_DigestUpdate(ctx, report_uuid_ns, sizeof(report_uuid_ns)) &&
	     EVP_DigestUpdate(ctx, name, strlen(name)) && EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	if (!ok || mdlen < 16) {
		out[0] = '\0';
		return AISEC_ERR_CRYPTO;
	}
	md[6] = (unsigned char)((md[6] & 0x0F) | 0x50); /* version 5 */
	md[8] = (unsigned char)((md[8] & 0x3F) | 0x80); /* RFC 4122 variant */
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[md[i] >> 4];
		out[k++] = hex[md[i] & 15];
	}
	out[k] = '\0';
	return 0;
}

int report_uuid5v(char out[REPORT_UUID_LEN + 1], const char *fmt, va_list ap)
{
	struct aisec_buf b;
	int rc;

	aisec_buf_init(&b, 0);
	rc = aisec_buf_vaddf(&b, fmt, ap);
	if (rc == 0)
		rc = report_uuid5(b.data, out);
	aisec_buf_release(&b);
	return rc;
}

int report_uuid5f(char out[REPORT_UUID_LEN + 1], const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = report_uuid5v(out, fmt, ap);
	va_end(ap);
	return rc;
}
