/*
 * encode.c - hex and base64 (via OpenSSL's EVP encoder), a ct compare and
 * the one CSV field encoder (quoting and formula neutralising).
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "core/core.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int aisec_hex_decode(const char *hex, size_t n, uint8_t *out)
{
	if (n % 2)
		return AISEC_ERR_PARSE;
	for (size_t i = 0; i < n; i += 2) {
		int hi = hexval((unsigned char)hex[i]);
		int lo = hexval((unsigned char)hex[i + 1]);

		if (hi < 0 || lo < 0)
			return AISEC_ERR_PARSE;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int aisec_base64_encode(const uint8_t *in, size_t n, struct aisec_buf *out)
{
	size_t need = 4 * ((n + 2) / 3);
	int rc;

	if (n > (size_t)0x7fffffff)
		return AISEC_ERR_LIMIT;
	rc = aisec_buf_grow(out, need);
	if (rc)
		return rc;
	EVP_EncodeBlock((unsigned char *)out->data + out->len, in, (int)n);
	out->len += need;
	out->data[out->len] = '\0';
	return 0;
}

int aisec_base64_decode(const char *in, size_t n, struct aisec_buf *out)
{
	size_t pad = 0, max;
	int got, rc;

	if (n % 4 || n > (size_t)0x7fffffff)
		return AISEC_ERR_PARSE;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			 (c >= '0' && c <= '9') || c == '+' || c == '/';

		if (c == '=' && i >= n - 2) {
			pad++;
			continue;
		}
		if (!ok || pad)
			return AISEC_ERR_PARSE;
	}
	max = n / 4 * 3;
	rc = aisec_buf_grow(out, max);
	if (rc)
		return rc;
	got = EVP_DecodeBlock((unsigned char *)out->data + out->len,
			      (const unsigned char *)in, (int)n);
	if (got < 0 || (size_t)got < pad)
		return AISEC_ERR_PARSE;
	out->len += (size_t)got - pad;
	out->data[out->len] = '\0';
	return 0;
}

int aisec_memeq_ct(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0 ? 0 : -1;
}

int aisec_buf_addcsv(struct aisec_buf *b, const char *s)
{
	bool quote, formula;
	int rc = 0;

	if (!s || !*s)
		return 0;
	quote = strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ';
	formula = strchr("=+-@\t\r", s[0]) != NULL;
	if (quote)
		rc = aisec_buf_addch(b, '"');
	if (!rc && formula)
		rc = aisec_buf_addch(b, '\'');
	for (const char *p = s; !rc && *p; p++) {
		if (*p == '"')
			rc = aisec_buf_addch(b, '"');
		if (!rc)
			rc = aisec_buf_addch(b, *p);
	}
	if (!rc && quote)
		rc = aisec_buf_addch(b, '"');
	return rc;
}
