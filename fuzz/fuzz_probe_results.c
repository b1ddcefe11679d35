/*
 * fuzz_probe_results.c - libFuzzer harness for the probe results reader of
 * `aisec probe report` (aisec_report_probe()): any crash, leak or
 * sanitizer report is a bug; rejected inputs are fine.  Accepted input is
 * rendered in every format, and each render must end its document.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/buf.h"
#include "aisec/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const formats[] = {"md", "html", "json"};
	const char *name = "fuzz.json", *text = (const char *)data;
	struct aisec_error err;
	struct aisec_buf out;

	for (size_t i = 0; i < 3; i++) {
		aisec_buf_init(&out, 64u << 20);
		if (aisec_report_probe(&name, &text, &size, 1, formats[i], &out,
				       &err) == 0 &&
		    (!out.data || out.len == 0 ||
		     out.data[out.len - 1] != '\n'))
			abort();
		aisec_buf_release(&out);
	}
	return 0;
}
