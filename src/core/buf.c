/* buf.c - the bounded growable buffer (see include/aisec/buf.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/aisec.h"

static char buf_empty[1];

void aisec_buf_init(struct aisec_buf *b, size_t cap)
{
	b->data = buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap ? cap : AISEC_BUF_DEFAULT_CAP;
}

void aisec_buf_release(struct aisec_buf *b)
{
	size_t cap = b->cap;

	if (b->alloc)
		free(b->data);
	aisec_buf_init(b, cap);
}

void aisec_buf_reset(struct aisec_buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->data[0] = '\0';
}

char *aisec_buf_detach(struct aisec_buf *b, size_t *len)
{
	char *p;

	if (!b->alloc) {
		p = calloc(1, 1);
	} else {
		p = b->data;
	}
	if (len)
		*len = b->len;
	aisec_buf_init(b, b->cap);
	return p;
}

int aisec_buf_grow(struct aisec_buf *b, size_t extra)
{
	size_t need, n;
	char *p;

	if (extra > b->cap || b->len > b->cap - extra) {
		aisec_buf_release(b);
		return AISEC_ERR_LIMIT;
	}
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return 0;
	n = b->alloc ? b->alloc : 64;
	while (n < need)
		n = n > ((size_t)-1) / 2 ? need : n * 2;
	p = b->alloc ? realloc(b->data, n) : malloc(n);
	if (!p) {
		aisec_buf_release(b);
		return AISEC_ERR_NOMEM;
	}
	if (!b->alloc)
		p[0] = '\0';
	b->data = p;
	b->alloc = n;
	return 0;
}

int aisec_buf_add(struct aisec_buf *b, const void *p, size_t n)
{
	int rc = aisec_buf_grow(b, n);

	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int aisec_buf_adds(struct aisec_buf *b, const char *s)
{
	return aisec_buf_add(b, s, strlen(s));
}

int aisec_buf_addch(struct aisec_buf *b, int c)
{
	char ch = (char)c;

	return aisec_buf_add(b, &ch, 1);
}

int aisec_buf_vaddf(struct aisec_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return AISEC_ERR_INVALID;
	rc = aisec_buf_grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int aisec_buf_addf(struct aisec_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = aisec_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

int aisec_buf_addhex(struct aisec_buf *b, const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	int rc;

	if (n > ((size_t)-1) / 2)
		return AISEC_ERR_LIMIT;
	rc = aisec_buf_grow(b, n * 2);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		b->data[b->len++] = hex[p[i] >> 4];
		b->data[b->len++] = hex[p[i] & 15];
	}
	b->data[b->len] = '\0';
	return 0;
}
