/*
 * utf8.c - well-formed UTF-8 (RFC 3629), checked before text reaches
 * libfyaml: every YAML file aisec reads is UTF-8, an error can then name the
 * line, and libfyaml 0.7 never sees the malformed bytes on which it can loop
 * forever (in a directive: "%YAML\xff 1.1").
 */
#include <stddef.h>

#include "core/core.h"

/*
 * The line of the first byte that is not well-formed UTF-8 (RFC 3629), or 0.
 */
int aisec_utf8_bad_line(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	int line = 1;

	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		size_t n;
		unsigned cp;

		if (c == '\n')
			line++;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return line;
		}
		if (len - i <= n)
			return line;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return line;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		/* overlong forms, surrogates, beyond U+10FFFF */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return line;
		i += n + 1;
	}
	return 0;
}
