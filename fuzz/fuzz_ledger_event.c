/*
 * fuzz_ledger_event.c - the ledger event schema check that `ledger append
 * --json` runs on every input line.
 */
#include <stddef.h>
#include <stdint.h>

#include "aisec/ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aisec_error err;

	(void)aisec_ledger_event_check((const char *)data, size, &err);
	return 0;
}
