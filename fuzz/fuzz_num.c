/*
 * fuzz_num.c - libFuzzer harness for aisec_parse_double(): whatever it
 * reads must be exactly what strtod reads from the same bytes (the double
 * bit for bit, the end, errno), and where strtod reads a plain decimal it
 * must read it too.  The first byte picks the grammar (even: strtod's
 * decimal form, odd: JSON); the rest is the text, not NUL-terminated.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum aisec_num_grammar g;
	const char *p, *q;
	char *copy, *e;
	double got = 0, want;
	int got_errno, want_errno;
	size_t n;

	if (size < 1)
		return 0;
	g = data[0] & 1 ? AISEC_NUM_JSON : AISEC_NUM_DECIMAL;
	p = (const char *)data + 1;
	n = size - 1;
	errno = 0;
	q = aisec_parse_double(p, p + n, g, &got, NULL);
	got_errno = errno;
	if (!(copy = malloc(n + 1)))
		return 0;
	memcpy(copy, p, n);
	copy[n] = '\0';
	if (q) { /* strtod on exactly those bytes reads them all, the same */
		copy[q - p] = '\0';
		errno = 0;
		want = strtod(copy, &e);
		want_errno = errno;
		if (e != copy + (q - p) || memcmp(&want, &got, sizeof(got)) ||
		    want_errno != got_errno)
			abort();
		if (g == AISEC_NUM_JSON &&
		    (copy[0] == '+' || copy[0] == '.' ||
		     strspn(copy, "-0123456789.eE+") != (size_t)(q - p)))
			abort();
		memcpy(copy, p, n);
	}
	/* a plain decimal strtod reads (no space, hex, inf or nan) is read
	 * here too, to the same end, in the decimal grammar */
	want = strtod(copy, &e);
	if (g == AISEC_NUM_DECIMAL && e > copy && strchr("+-.0123456789", copy[0]) &&
	    strcspn(copy, "xXiInN") >= (size_t)(e - copy) &&
	    (size_t)(e - copy) == strspn(copy, "+-.0123456789eE") &&
	    (!q || q - p != e - copy))
		abort();
	(void)want;
	free(copy);
	return 0;
}
