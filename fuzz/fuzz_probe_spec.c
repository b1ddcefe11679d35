/*
 * fuzz_probe_spec.c - libFuzzer harness for the `aisec probe` target spec
 * parser.  Any crash, leak or sanitizer report is a bug; rejected inputs
 * are fine.  An accepted spec must satisfy the invariants the probes rely
 * on: ranges ordered, at least two named classes.
 */
#include <stdint.h>
#include <stdlib.h>

#include "aisec/probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* libfyaml 0.7.12 leaks on some malformed flow collections (see fuzz_catalog.c)
 */
const char *__lsan_default_suppressions(void)
{
	return "leak:libfyaml.so\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aisec_probe_spec *s = NULL;
	struct aisec_error err;

	if (aisec_probe_spec_parse("fuzz.yaml", (const char *)data, size, &s,
				   &err) != 0)
		return 0;
	if (s->n_features == 0 || s->n_classes < 2 || !s->model)
		abort();
	for (size_t i = 0; i < s->n_features; i++)
		if (!(s->lo[i] <= s->hi[i]))
			abort();
	for (size_t c = 0; c < s->n_classes; c++)
		if (!s->classes[c])
			abort();
	aisec_probe_spec_free(s);
	return 0;
}
