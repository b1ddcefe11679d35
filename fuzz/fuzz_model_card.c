/*
 * fuzz_model_card.c - the model card JSON that `lineage bom --model-card`
 * reads, and the CycloneDX modelCard built from it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "lineage/lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lin_graph g = {0};
	json_t *card =
	    lin_card_parse("card.json", (const char *)data, size, NULL);
	json_t *mc;

	if (!card)
		return 0;
	mc = lin_model_card(card, &g);
	if (!json_is_object(mc))
		abort();
	json_decref(mc);
	json_decref(card);
	return 0;
}
