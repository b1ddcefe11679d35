/*
 * fuzz_ledger_files.c - the two small files a ledger reads before anything
 * else: ledger.json (origin, signer, encryption) and the 32-byte state
 * file (synced entries, log end, clean flag).
 */
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "ledger/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_config cfg;
	struct lg_state st;
	struct aisec_error err;

	(void)lg_config_parse("ledger.json", (const char *)data, size, &cfg,
			      &err);
	(void)lg_state_parse("state", data, size, &st, &err);
	return 0;
}
