/*
 * fuzz_serve_form.c - the form parser of `aisec serve`
 * (application/x-www-form-urlencoded bodies).  Invariants: a parsed form
 * has at most SERVE_FORM_FIELDS_MAX fields, unique non-empty names of at
 * most SERVE_FORM_KEY_MAX bytes, and names and values free of NUL and
 * control bytes other than TAB, CR and LF; a failure leaves nothing owned.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\r' && *p != '\n') ||
		    *p == 0x7f)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct serve_form f;
	struct aisec_error err;

	if (serve_form_parse((const char *)data, size, &f, &err) != 0) {
		if (f.mem || f.n)
			abort();
		return 0;
	}
	if (f.n > SERVE_FORM_FIELDS_MAX)
		abort();
	for (size_t i = 0; i < f.n; i++) {
		if (!*f.key[i] || strlen(f.key[i]) > SERVE_FORM_KEY_MAX)
			abort();
		check(f.key[i]);
		check(f.val[i]);
		for (size_t j = 0; j < i; j++)
			if (strcmp(f.key[i], f.key[j]) == 0)
				abort();
		if (serve_form_get(&f, f.key[i]) != f.val[i])
			abort();
	}
	serve_form_release(&f);
	return 0;
}
