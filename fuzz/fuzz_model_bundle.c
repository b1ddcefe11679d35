/*
 * fuzz_model_bundle.c - OpenSSF model-signing bundles: the input verified
 * as a bundle for a small model made once in a private temporary folder,
 * against a key generated once.  Nothing may verify by chance.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/key.h"
#include "aisec/lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char model[64], weights[96];
static struct aisec_key *key;

static void cleanup(void)
{
	remove(weights);
	remove(model);
	aisec_key_free(key);
}

static void setup(void)
{
	FILE *f;

	snprintf(model, sizeof(model), "/tmp/aisec-fuzz-model-XXXXXX");
	if (!mkdtemp(model) ||
	    aisec_key_generate(AISEC_KEY_ED25519, &key, NULL) != 0)
		abort();
	snprintf(weights, sizeof(weights), "%s/weights.bin", model);
	atexit(cleanup);
	f = fopen(weights, "w");
	if (!f || fputs("weights", f) < 0 || fclose(f) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aisec_oms_opts o = {0};
	struct aisec_error err;

	if (!key)
		setup();
	if (aisec_oms_verify(model, (const char *)data, size, key, &o, &err) ==
	    0)
		abort(); /* a bundle signed with a key generated in this run */
	return 0;
}
