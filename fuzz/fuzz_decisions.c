/*
 * fuzz_decisions.c - the decisions file parser (docs/profile.md,
 * "Decisions file"): every input either parses into decisions whose
 * fields pass the same checks the workspace applies, or fails with a
 * message; nothing crashes, leaks or reads past the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aisec_decision *d = NULL;
	struct aisec_error err;
	size_t n = 0;

	if (aisec_decisions_parse("fuzz.yaml", (const char *)data, size, &d, &n, &err) == 0) {
		for (size_t i = 0; i < n; i++) {
			/* what the parser accepts, the workspace would accept too */
			if (!aisec_decision_finding_valid(d[i].finding))
				abort();
			if (d[i].status != AISEC_DECISION_OPEN && (!d[i].reason || !*d[i].reason))
				abort();
			if (d[i].status == AISEC_DECISION_ACCEPTED && !d[i].expires)
				abort();
		}
		aisec_decisions_free(d, n);
	} else if (!err.msg[0]) {
		abort(); /* a failure always says why */
	}
	return 0;
}
