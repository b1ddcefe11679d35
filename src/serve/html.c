/*
 * html.c - escaping for the pages of `aisec serve`: every text from the
 * workspace (system names, profile text, reasons, owners) goes through
 * serve_html_esc() before it reaches a page, and through serve_url_esc()
 * before it reaches a link.
 */
#include <string.h>

#include "serve/serve.h"

int serve_html_esc(struct aisec_buf *b, const char *s)
{
	const char *run = s ? s : "";
	int ret = 0;

	for (const char *p = run; *p && ret == 0; p++) {
		const char *rep = NULL;

		switch (*p) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		ret = aisec_buf_add(b, run, (size_t)(p - run));
		if (ret == 0)
			ret = aisec_buf_adds(b, rep);
		run = p + 1;
	}
	return ret ? ret : aisec_buf_adds(b, run);
}

int serve_url_esc(struct aisec_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int ret = 0;

	for (const unsigned char *p = (const unsigned char *)(s ? s : "");
	     *p && ret == 0; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			ret = aisec_buf_addch(b, *p);
		else
			ret = aisec_buf_addf(b, "%%%c%c", hex[*p >> 4],
					     hex[*p & 15]);
	}
	return ret;
}
