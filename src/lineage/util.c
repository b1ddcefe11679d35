/*
 * util.c - small helpers of the lineage subsystem: hex, timestamps, UUIDs,
 * JSON in and out through jansson, tolerant base64 for DSSE, and the OMS
 * root digest.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/core.h"
#include "lineage/lineage.h"

void lin_hex(const uint8_t *md, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[2 * n] = '\0';
}

int lin_unhex32(const char *hex, uint8_t md[AISEC_SHA256_LEN])
{
	if (!hex || strlen(hex) != 2 * AISEC_SHA256_LEN)
		return AISEC_ERR_PARSE;
	for (const char *p = hex; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return AISEC_ERR_PARSE;
	return aisec_hex_decode(hex, 2 * AISEC_SHA256_LEN, md);
}

void lin_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int lin_uuid(char out[37])
{
	uint8_t b[16];
	char hex[33];

	if (RAND_bytes(b, sizeof(b)) != 1)
		return AISEC_ERR_CRYPTO;
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	lin_hex(b, 16, hex);
	memcpy(out, hex, 8);
	out[8] = '-';
	memcpy(out + 9, hex + 8, 4);
	out[13] = '-';
	memcpy(out + 14, hex + 12, 4);
	out[18] = '-';
	memcpy(out + 19, hex + 16, 4);
	out[23] = '-';
	memcpy(out + 24, hex + 20, 12);
	out[36] = '\0';
	return 0;
}

int lin_json_dump(json_t *v, size_t flags, struct aisec_buf *out)
{
	char *s = json_dumps(v, flags);
	int rc;

	if (!s)
		return AISEC_ERR_NOMEM;
	rc = aisec_buf_adds(out, s);
	free(s);
	return rc;
}

json_t *lin_json_parse(const char *name, const char *text, size_t len,
		       struct aisec_error *err)
{
	json_error_t je;
	json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);

	if (!v)
		aisec_error_set(err, AISEC_ERR_PARSE,
				"'%s' line %d column %d: %s", name, je.line,
				je.column, je.text);
	return v;
}

int lin_b64_decode_any(const char *in, size_t n, struct aisec_buf *out)
{
	struct aisec_buf t;
	int rc;

	aisec_buf_init(&t, 0);
	rc = aisec_buf_grow(&t, n + 4);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		char c = in[i];

		if (c == '-')
			c = '+';
		else if (c == '_')
			c = '/';
		t.data[t.len++] = c;
	}
	while (t.len % 4)
		t.data[t.len++] = '=';
	t.data[t.len] = '\0';
	{
		size_t start = out->len;
		struct aisec_buf back;

		rc = aisec_base64_decode(t.data, t.len, out);
		/* canonical only: re-encoding must give the same text, so
		 * no two encodings (stray padding bits) verify alike */
		aisec_buf_init(&back, 0);
		if (!rc && (aisec_base64_encode((const uint8_t *)out->data + start,
						out->len - start, &back) != 0 ||
			    back.len != t.len ||
			    memcmp(back.data, t.data, t.len) != 0))
			rc = AISEC_ERR_PARSE;
		aisec_buf_release(&back);
	}
	aisec_buf_release(&t);
	return rc;
}

int lin_root_digest(const uint8_t (*mds)[AISEC_SHA256_LEN], size_t n,
		    uint8_t out[AISEC_SHA256_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	int ok;

	memset(out, 0, AISEC_SHA256_LEN);
	if (!ctx)
		return AISEC_ERR_NOMEM;
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
	for (size_t i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, mds[i], AISEC_SHA256_LEN) == 1;
	ok = ok && EVP_DigestFinal_ex(ctx, out, &len) == 1;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : AISEC_ERR_CRYPTO;
}

int lin_grow(void **v, size_t *alloc, size_t need, size_t elem)
{
	size_t na;
	void *p;

	if (need <= *alloc)
		return 0;
	na = *alloc ? 2 * *alloc : 32;
	while (na < need)
		na *= 2;
	p = realloc(*v, na * elem);
	if (!p)
		return AISEC_ERR_NOMEM;
	*v = p;
	*alloc = na;
	return 0;
}
