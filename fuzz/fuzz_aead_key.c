/*
 * fuzz_aead_key.c - AEAD key files (64 hex digits or 32 raw bytes): on
 * success the key must also set up AES-256-GCM and seal one entry.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <openssl/crypto.h>

#include "aisec/ledger.h"
#include "core/core.h"
#include "ledger/ledger_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t id[16];
	uint8_t key[AISEC_LEDGER_AEAD_KEY_SIZE], sealed[4 + LG_AEAD_OVERHEAD];
	struct lg_aead a;
	struct aisec_error err;

	if (aisec_ledger_aead_key_parse((const char *)data, size, key, &err) !=
	    0)
		return 0;
	if (lg_aead_init(&a, key, id, &err) != 0)
		abort();
	if (lg_aead_seal(&a, 0, "test", 4, sealed, &err) != 0)
		abort();
	lg_aead_release(&a);
	OPENSSL_cleanse(key, sizeof(key));
	return 0;
}
