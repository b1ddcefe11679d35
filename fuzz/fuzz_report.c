/*
 * fuzz_report.c - every renderer on arbitrary findings documents: the input
 * is parsed as JSON (anything jansson accepts) and rendered in every format
 * with every option.  Renderers must not crash, leak or read out of bounds
 * on a document with missing members or members of the wrong type.
 */
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "aisec/report.h"
#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aisec_report_options opts[2] = {
		{0}, {.color = true, .width = 41, .explain = true, .include_pass = true}};
	const char *const *formats = aisec_report_formats();
	json_t *doc;

	if (size > 1 << 20)
		return 0;
	doc = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	if (!doc)
		return 0;
	for (size_t i = 0; formats[i]; i++) {
		for (size_t k = 0; k < 2; k++) {
			struct aisec_error err;
			struct aisec_buf out;

			aisec_buf_init(&out, 0);
			(void)report_render_doc(doc, NULL, formats[i], &opts[k], &out, &err);
			aisec_buf_release(&out);
		}
	}
	json_decref(doc);
	return 0;
}
