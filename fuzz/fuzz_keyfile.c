/*
 * fuzz_keyfile.c - PEM key text read as a note key (a PEM Ed25519 key used
 * for ledger checkpoints): private and public readings of the same input.
 */
#include <stddef.h>
#include <stdint.h>

#include "aisec/ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct aisec_note_key k;

	if (aisec_note_key_from_pem(s, size, "example.org/log", true, &k, NULL) == 0)
		aisec_note_key_wipe(&k);
	if (aisec_note_key_from_pem(s, size, "example.org/log", false, &k, NULL) == 0)
		aisec_note_key_wipe(&k);
	return 0;
}
