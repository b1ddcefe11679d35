/* fuzz_statement.c - the provenance statement parser (in-toto Statement v1
 * with a SLSA Provenance v1 predicate), as the store reads payloads. */
#include <stdint.h>
#include <string.h>

#include "lineage/lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lin_stmt s;

	memset(&s, 0, sizeof(s));
	lin_statement_parse("fuzz", data, size, &s, NULL);
	lin_stmt_release(&s);
	return 0;
}
