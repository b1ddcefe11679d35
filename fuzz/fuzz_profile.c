/*
 * fuzz_profile.c - the profile parser, and for every profile it accepts, a
 * whole assessment against the built-in knowledge base and its JSON.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "aisec/assess.h"
#include "aisec/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct aisec_catalog *cat;
	struct aisec_assess_options opt = {.as_of = "2026-11-28"};
	struct aisec_profile *p = NULL;
	struct aisec_findings *f = NULL;
	struct aisec_error err;
	struct aisec_buf out;

	if (!cat) {
		cat = aisec_catalog_load_embedded(&err);
		if (!cat)
			abort();
	}
	if (aisec_profile_parse("fuzz.yaml", (const char *)data, size, &p, &err))
		return 0;
	if (aisec_assess(cat, p, &opt, &f, &err) == 0) {
		aisec_buf_init(&out, 0);
		if (aisec_findings_to_json(f, &out, &err) || out.len == 0)
			abort();
		(void)aisec_findings_gate(f, "risk:major", &err);
		aisec_buf_release(&out);
		aisec_findings_free(f);
	}
	aisec_profile_free(p);
	return 0;
}
