/*
 * fuzz_rules.c - the knowledge base's rule parsers: the input as tvra.yaml
 * (TVRA schemes and profile adjustments) and as ai-act.yaml (the AI Act
 * rules), each parsed from the same YAML document.
 */
#include <stddef.h>
#include <stdint.h>

#include <libfyaml.h>

#include "assess/internal.h"
#include "core/core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fy_document *d =
	    aisec_yaml_parse("fuzz.yaml", (const char *)data, size, NULL);
	struct tvra_schemes *t = NULL;
	struct act_rules *r = NULL;

	if (!d)
		return 0;
	if (tvra_parse(fy_document_root(d), "tvra.yaml", &t, NULL) == 0)
		tvra_free(t);
	if (act_rules_parse(fy_document_root(d), "ai-act.yaml", &r, NULL) == 0)
		act_rules_free(r);
	fy_document_destroy(d);
	return 0;
}
