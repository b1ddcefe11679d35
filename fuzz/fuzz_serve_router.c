/*
 * fuzz_serve_router.c - the request router of `aisec serve`: any method and
 * URL path.  Invariants: a match names a route of the table; a {system}
 * parameter it returns is a valid system name (so nothing else reaches the
 * workspace); no path with a dot segment, a backslash or a control byte
 * ever matches.  Input: the method, a NUL byte, the path.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/store.h"
#include "serve/serve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 2);
	const char *method, *path;
	struct serve_match m;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	s[size + 1] = '\0';
	method = s;
	path = s + strlen(s) + (strlen(s) < size ? 1 : 0);
	if (serve_route_find(method, path, &m) == 0) {
		if (!m.route || !m.route->pattern)
			abort();
		if (strstr(m.route->pattern, "{system}") &&
		    !aisec_store_name_valid(m.system))
			abort();
		if (strstr(path, "/../") || strstr(path, "/./") ||
		    strchr(path, '\\') || strstr(path, "//"))
			abort();
		for (const char *p = path; *p; p++)
			if ((unsigned char)*p < 0x20)
				abort();
	} else if (m.route) {
		abort();
	}
	free(s);
	return 0;
}
