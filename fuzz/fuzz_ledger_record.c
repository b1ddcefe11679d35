/*
 * fuzz_ledger_record.c - the entries.log record reader: decode records in
 * sequence as recovery and verification do, classify a failure as torn
 * tail or damage, and hash what decodes.
 */
#include <stddef.h>
#include <stdint.h>

#include "ledger/ledger_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 0;
	uint64_t i = 0;

	while (off < size) {
		const uint8_t *pl;
		uint32_t len;
		uint64_t idx;
		uint8_t leaf[AISEC_HASH_SIZE];

		if (lg_rec_decode(data + off, size - off, i, &pl, &len, &idx) != LG_REC_OK) {
			(void)lg_rec_later_valid(data + off, size - off, i);
			break;
		}
		aisec_merkle_leaf_hash(pl, len, leaf);
		off += LG_REC_HEADER + len;
		i++;
	}
	return 0;
}
