/*
 * fuzz_catalog.c - libFuzzer harness for the knowledge-base loader: the
 * input is one YAML file loaded next to a fixed catalog.yaml, then
 * validated (plainly and with the --strict checks) and, for each entry
 * found, explained.  Any crash, leak or
 * sanitizer report is a bug; rejected inputs are fine.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/*
 * libfyaml 0.7.12 itself leaks a buffer on some malformed flow collections,
 * whether they are read as events or as a document (seed
 * regress-libfyaml-leak.yaml).  Leaks anywhere else still fail.
 */
const char *__lsan_default_suppressions(void)
{
	return "leak:libfyaml.so\n";
}

static void ignore(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

static void ignore_statement(void *ctx, const struct aisec_statement *st)
{
	(void)ctx;
	(void)st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char meta[] =
		"catalog: {name: fuzz, version: \"1\", as_of: \"2026-11-28\", credit: c, license: l}\n";
	const char *names[] = {"catalog.yaml", "fuzz.yaml"};
	const char *texts[2];
	size_t lens[2] = {sizeof(meta) - 1, size};
	struct aisec_error err;
	struct aisec_catalog *cat;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	texts[0] = meta;
	texts[1] = text;
	cat = aisec_catalog_load_mem_opts(names, texts, lens, 2, AISEC_CATALOG_UNCHECKED, &err);
	if (cat) {
		const struct aisec_standard *s;
		const struct aisec_link *l;
		struct aisec_change ch;
		struct aisec_entry e[4];
		size_t n;

		aisec_catalog_validate(cat, ignore, NULL);
		aisec_catalog_validate_strict(cat, ignore, NULL);
		s = aisec_catalog_standards(cat, &n);
		for (size_t i = 0; i < n; i++) {
			aisec_catalog_change(&s[i], &ch);
			aisec_catalog_find(cat, s[i].id, e, 4);
			aisec_catalog_explain(cat, &s[i].source, ignore_statement, NULL, &err);
		}
		l = aisec_catalog_links(cat, &n);
		for (size_t i = 0; i < n; i++) {
			(void)aisec_link_covers(&l[i]);
			aisec_catalog_explain(cat, &l[i].source, ignore_statement, NULL, &err);
		}
		aisec_catalog_free(cat);
	}
	free(text);
	return 0;
}
