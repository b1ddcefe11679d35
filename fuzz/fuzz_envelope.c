/* fuzz_envelope.c - the DSSE envelope parser (standard and URL-safe
 * base64) and the verifier over what it accepts, with a fixed key that
 * must never accept a fuzzed signature. */
#include <stdint.h>
#include <stdlib.h>

#include "aisec/lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char pem[] =
		"-----BEGIN PUBLIC KEY-----\n"
		"MCowBQYDK2VwAyEAZWehzWW5bIzCf/cBky3BSOMgcsME9WiMKZ3Wf35EMSk=\n"
		"-----END PUBLIC KEY-----\n";
	struct aisec_dsse *env = NULL;
	struct aisec_key *key = NULL;

	if (aisec_dsse_parse("fuzz", (const char *)data, size, &env, NULL) != 0)
		return 0;
	if (aisec_key_load_public_mem("fuzz", pem, sizeof(pem) - 1, &key,
				      NULL) == 0) {
		struct aisec_key *keys[1] = {key};

		/* a key whose private half was thrown away: nothing is signed by it */
		if (aisec_dsse_verify(env, keys, 1, NULL) == 0 &&
		    env->payload_len > 0)
			abort();
	}
	aisec_key_free(key);
	aisec_dsse_free(env);
	return 0;
}
