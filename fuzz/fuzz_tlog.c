/*
 * fuzz_tlog.c - the tlog-tiles inputs a remote log controls: entry bundles
 * (uint16 length-prefixed entries) and cosigned checkpoints, whose
 * cosignature/v1 lines are checked against a fixed witness key and counted.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "aisec/tlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char wkey[] =
	    "w1.example+79caf588+BAvwhMVKKqsSwqfYdYluQGTifjkjvh+EkTXONr3vAozt";
	size_t off[AISEC_TILE_WIDTH], len[AISEC_TILE_WIDTH], n, count, tl;
	struct aisec_note_key key;
	struct aisec_checkpoint cp;

	(void)aisec_tile_bundle_split(data, size, AISEC_TILE_WIDTH, off, len,
				      &n, NULL);
	if (aisec_note_key_parse_vkey(wkey, strlen(wkey), &key, NULL) != 0)
		return 0;
	if (aisec_note_count_signers((const char *)data, size, &key, 1, &count,
				     &tl, NULL) == 0)
		(void)aisec_checkpoint_parse((const char *)data, tl, &cp, NULL);
	return 0;
}
