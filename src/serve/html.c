/*
 * html.c - escaping for the pages and API of `aisec serve`: every text from
 * the workspace (system names, profile text, reasons, owners) goes through
 * serve_html_esc() before it reaches a page, through serve_url_esc() before
 * it reaches a link, and through serve_json_str() when the API writes JSON
 * without building a document first.
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

int serve_json_str(struct aisec_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run = s;
	int ret;

	if (!s)
		return aisec_buf_adds(b, "null");
	ret = aisec_buf_addch(b, '"');
	for (const char *p = run; *p && ret == 0; p++) {
		unsigned char ch = (unsigned char)*p;
		char rep[7] = {'\\', 0};

		if (ch == '"' || ch == '\\')
			rep[1] = (char)ch;
		else if (ch == '\n')
			rep[1] = 'n';
		else if (ch == '\t')
			rep[1] = 't';
		else if (ch == '\r')
			rep[1] = 'r';
		else if (ch == '\b')
			rep[1] = 'b';
		else if (ch == '\f')
			rep[1] = 'f';
		else if (ch < 0x20)
			memcpy(rep + 1,
			       (const char[]){'u', '0', '0', hex[ch >> 4],
					      hex[ch & 15]},
			       5);
		else
			continue;
		ret = aisec_buf_add(b, run, (size_t)(p - run));
		if (ret == 0)
			ret = aisec_buf_adds(b, rep);
		run = p + 1;
	}
	if (ret == 0)
		ret = aisec_buf_adds(b, run);
	return ret ? ret : aisec_buf_addch(b, '"');
}
