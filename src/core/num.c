/*
 * num.c - the number and size options of the command line, parsed once:
 * digits only (no sign, no space, no hex), overflow refused instead of
 * wrapping (issue 16: a shard size of 2^64-1 was accepted as negative);
 * and the decimal-number reader of the hot parsers (aisec_parse_double,
 * whose body is core/numparse.h, inline for the scanners).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/numparse.h"

int aisec_parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return AISEC_ERR_PARSE;
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (d > 9)
			return AISEC_ERR_PARSE;
		if (v > (UINT64_MAX - d) / 10)
			return AISEC_ERR_LIMIT;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int aisec_parse_size(const char *s, uint64_t max, uint64_t *out)
{
	static const char units[] = "KMGT";
	char digits[32];
	size_t n = 0;
	unsigned shift = 0;
	uint64_t v;
	int rc;

	if (!s)
		return AISEC_ERR_PARSE;
	while (s[n] >= '0' && s[n] <= '9' && n < sizeof(digits) - 1) {
		digits[n] = s[n];
		n++;
	}
	if (s[n] >= '0' && s[n] <= '9')
		return AISEC_ERR_LIMIT; /* more digits than any uint64_t */
	digits[n] = '\0';
	if (s[n]) {
		for (unsigned u = 0; units[u]; u++)
			if (s[n] == units[u])
				shift = 10 * (u + 1);
		if (!shift || s[n + 1])
			return AISEC_ERR_PARSE;
	}
	rc = aisec_parse_u64(digits, &v);
	if (rc)
		return rc;
	if (v == 0)
		return AISEC_ERR_PARSE;
	if (v > (max >> shift))
		return AISEC_ERR_LIMIT;
	*out = v << shift;
	return 0;
}

#define COPY_MAX 1000 /* longer numbers are copied to the heap */

const char *aisec_num_strtod(const char *p, const char *q, double *out)
{
	char stack[COPY_MAX + 1], *buf = stack, *e;
	size_t n = (size_t)(q - p);
	const char *ret = q;

	if (n > COPY_MAX && !(buf = malloc(n + 1)))
		return NULL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	*out = strtod(buf, &e);
	if (e != buf + n)
		ret = NULL; /* a locale whose decimal point is not '.' */
	if (buf != stack)
		free(buf);
	return ret;
}

const char *aisec_parse_double(const char *p, const char *end,
			       enum aisec_num_grammar grammar, double *out,
			       unsigned *form)
{
	return num_parse(p, end, grammar, out, form);
}
