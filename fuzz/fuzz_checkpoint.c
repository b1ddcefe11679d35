/*
 * fuzz_checkpoint.c - the signed-note and tlog-checkpoint parsers: split a
 * note, check its signatures against the Go example key, parse the body,
 * and parse the input as a verifier and a signer key.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "aisec/ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char vkey[] = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
	const char *s = (const char *)data;
	struct aisec_note_key key, k2;
	struct aisec_checkpoint cp;
	size_t tl;

	if (aisec_note_key_parse_vkey(vkey, strlen(vkey), &key, NULL) != 0)
		return 0;
	if (aisec_note_verify(s, size, &key, 1, &tl, NULL) == 0)
		(void)aisec_checkpoint_parse(s, tl, &cp, NULL);
	if (aisec_note_text_len(s, size, &tl, NULL) == 0)
		(void)aisec_checkpoint_parse(s, tl, &cp, NULL);
	(void)aisec_checkpoint_parse(s, size, &cp, NULL);
	(void)aisec_note_key_parse_vkey(s, size, &k2, NULL);
	if (aisec_note_key_parse_skey(s, size, &k2, NULL) == 0)
		aisec_note_key_wipe(&k2);
	return 0;
}
