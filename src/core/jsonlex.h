/*
 * jsonlex.h - the punctuation of JSON (RFC 8259) for the library's
 * one-pass scanners (src/monitor/jsonscan.c, src/probe/oipscan.c): white
 * space and the opening and separators of objects and arrays.  Inline:
 * they run once per token on paths that count instructions.  Nothing at
 * or past `end` is read.  Not installed.
 */
#ifndef AISEC_CORE_JSONLEX_H
#define AISEC_CORE_JSONLEX_H

/* The first byte from p that is not JSON white space, or end. */
static inline const char *json_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	return p;
}

/*
 * *p at the '{' or '[' of a container that `close` ends: moves past it
 * and the white space after; 0 (past `close` too) when it is empty, else 1.
 */
static inline int json_open(const char **p, const char *end, char close)
{
	const char *q = json_ws(*p + 1, end);

	if (q < end && *q == close) {
		*p = q + 1;
		return 0;
	}
	*p = q;
	return 1;
}

/*
 * After a member or element: 1 (past the ',' and white space) when
 * another follows, 0 (past `close`) at the end of the container, -1 when
 * something else does (*p then at it).
 */
static inline int json_sep(const char **p, const char *end, char close)
{
	const char *q = json_ws(*p, end);

	*p = q;
	if (q < end && *q == ',') {
		*p = json_ws(q + 1, end);
		return 1;
	}
	if (q < end && *q == close) {
		*p = q + 1;
		return 0;
	}
	return -1;
}

#endif
