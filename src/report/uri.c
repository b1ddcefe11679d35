/*
 * uri.c - where a profile file lies, as SARIF wants it: a path relative to
 * a base folder (%SRCROOT%, the git work tree or --base-dir), normalised so
 * that "./x.yaml", "x.yaml" and "sub/../x.yaml" are one path, and written as
 * an RFC 3986 relative reference (every byte but the unreserved ones and
 * '/' percent-encoded, so "#" and " " can never be read as a fragment or a
 * separator).  A file outside the base is refused: GitHub could not show it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"

/* Lexically normalise an absolute path in place: "//", "/./", "/x/../". */
static void normalise(char *p)
{
	char *out = p, *in = p;

	while (*in) {
		while (*in == '/')
			in++;
		if (!*in)
			break;
		if (in[0] == '.' && (in[1] == '/' || !in[1])) {
			in++;
			continue;
		}
		if (in[0] == '.' && in[1] == '.' && (in[2] == '/' || !in[2])) {
			while (out > p && *--out != '/')
				;
			in += 2;
			continue;
		}
		*out++ = '/';
		while (*in && *in != '/')
			*out++ = *in++;
	}
	if (out == p)
		*out++ = '/';
	*out = '\0';
}

/* An absolute, normalised form of `path` (resolved when it exists); NULL when out of memory. */
static char *absolute(const char *path)
{
	char *r = realpath(path, NULL), *cwd;
	struct aisec_buf b;

	if (r)
		return r;
	aisec_buf_init(&b, 0);
	if (path[0] != '/') {
		cwd = getcwd(NULL, 0);
		if (!cwd)
			return NULL;
		aisec_buf_addf(&b, "%s/", cwd);
		free(cwd);
	}
	if (aisec_buf_adds(&b, path))
		return NULL;
	normalise(b.data);
	b.len = strlen(b.data);
	return aisec_buf_detach(&b, NULL);
}

static int pct_encode(const char *s, struct aisec_buf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = 0;

	for (const unsigned char *p = (const unsigned char *)s; !rc && *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			rc = aisec_buf_addch(out, *p);
		else
			rc = aisec_buf_addf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	return rc;
}

/* The number of lines of a text file (a last line without LF counts), 0 when unreadable. */
static long line_count(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n = 0;
	int c, last = '\n';

	if (!f)
		return 0;
	while ((c = getc(f)) != EOF) {
		if (c == '\n')
			n++;
		last = c;
	}
	fclose(f);
	return last == '\n' ? n : n + 1;
}

int report_rel_uri(const char *file, const char *base, struct aisec_buf *rel,
		   struct aisec_buf *uri, long *lines, struct aisec_error *err)
{
	char *af = absolute(file), *ab = absolute(base ? base : ".");
	size_t lb;
	int rc = 0;

	if (!af || !ab) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "report 'sarif': out of memory");
		goto out;
	}
	lb = strcmp(ab, "/") == 0 ? 0 : strlen(ab);
	if (strncmp(af, ab, lb) != 0 || af[lb] != '/' || !af[lb + 1]) {
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "report 'sarif': profile '%s' is outside the base folder '%s'"
				     " (SARIF locations are relative to it: give --base-dir)",
				     file, ab);
		goto out;
	}
	*lines = line_count(af);
	if (aisec_buf_adds(rel, af + lb + 1) || pct_encode(af + lb + 1, uri))
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "report 'sarif': out of memory");
out:
	free(af);
	free(ab);
	return rc;
}
