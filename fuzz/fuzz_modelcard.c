/* fuzz_modelcard.c - the model card check of `lineage bom` (a CycloneDX
 * modelCard, or the file wrapping it with supplier, license and
 * externalReferences), on any JSON. */
#include <stdint.h>
#include <string.h>

#include "lineage/lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aisec_error err;
	json_t *j = json_loadb((const char *)data, size, 0, NULL);

	if (j) {
		lin_modelcard_check(j, "fuzz", &err);
		lin_bom_extras_check(j, "fuzz", &err);
		json_decref(j);
	}
	return 0;
}
