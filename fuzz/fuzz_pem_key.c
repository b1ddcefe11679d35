/*
 * fuzz_pem_key.c - PEM keys as the CLI loads them (--key, --trusted-key,
 * --public-key): the input as a private and as a public key; a key that
 * loads must give its id and public PEM.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "aisec/key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use(struct aisec_key *k)
{
	char id[AISEC_KEY_ID_LEN + 1];
	struct aisec_buf pem;

	aisec_key_id(k, id);
	aisec_buf_init(&pem, 0);
	if (aisec_key_public_pem(k, &pem) != 0 || pem.len == 0)
		abort();
	aisec_buf_release(&pem);
	aisec_key_free(k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aisec_key *k = NULL;
	struct aisec_error err;

	if (aisec_key_load_private_mem("fuzz.key", data, size, &k, &err) == 0)
		use(k);
	k = NULL;
	if (aisec_key_load_public_mem("fuzz.pub", data, size, &k, &err) == 0)
		use(k);
	return 0;
}
