/*
 * fuzz_options.c - the values of command-line options that the library
 * parses: --as-of dates, numbers (--index, --size, --batch) and sizes with
 * units (--shard-size, --jobs).  A size that parses must be within its cap.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	uint64_t v;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)aisec_date_valid(s);
	(void)aisec_parse_u64(s, &v);
	if (aisec_parse_size(s, INT64_MAX, &v) == 0 &&
	    (v == 0 || v > INT64_MAX))
		abort();
	if (aisec_parse_size(s, 1024, &v) == 0 && v > 1024)
		abort();
	free(s);
	return 0;
}
