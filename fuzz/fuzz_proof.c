/*
 * fuzz_proof.c - the proof parsers: c2sp.org/tlog-proof@v1 and aisec's
 * consistency-proof text, each followed by verification of what parsed.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "aisec/ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct aisec_tlog_proof tp;
	struct aisec_consistency_proof cp;
	uint8_t leaf[AISEC_HASH_SIZE] = {0}, root[AISEC_HASH_SIZE] = {0};
	volatile int r = 0;

	if (aisec_tlog_proof_parse(s, size, &tp, NULL) == 0) {
		struct aisec_checkpoint c;

		if (tp.note_off + tp.note_len > size)
			__builtin_trap();
		if (aisec_checkpoint_parse(s + tp.note_off, tp.note_len, &c, NULL) == 0)
			r += aisec_merkle_verify_inclusion(tp.index, c.size, leaf, &tp.proof, c.root);
	}
	if (aisec_consistency_proof_parse(s, size, &cp, NULL) == 0)
		r += aisec_merkle_verify_consistency(cp.old_size, cp.new_size, root, leaf, &cp.proof);
	(void)r;
	return 0;
}
