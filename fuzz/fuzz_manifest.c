/* fuzz_manifest.c - the digest manifest parser (aisec_manifest_parse) and,
 * for accepted input, serialisation and re-parsing, which must agree. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/lineage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aisec_manifest *m = NULL, *again = NULL;
	struct aisec_buf out;

	if (aisec_manifest_parse("fuzz", (const char *)data, size, &m, NULL) != 0)
		return 0;
	aisec_buf_init(&out, 0);
	if (aisec_manifest_to_json(m, &out) == 0 &&
	    aisec_manifest_parse("again", out.data, out.len, &again, NULL) == 0 &&
	    memcmp(again->digest, m->digest, sizeof(m->digest)) != 0)
		abort();
	aisec_manifest_free(again);
	aisec_manifest_free(m);
	aisec_buf_release(&out);
	return 0;
}
