/*
 * num.c - the number and size options of the command line, parsed once:
 * digits only (no sign, no space, no hex), overflow refused instead of
 * wrapping (issue 16: a shard size of 2^64-1 was accepted as negative).
 */
#include <stdint.h>

#include "core/core.h"

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
