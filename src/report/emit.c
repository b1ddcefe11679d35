/*
 * emit.c - the renderers' writer: appends to an aisec_buf and remembers the
 * first failure, so a renderer writes straight through and checks once.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

void emit_init(struct emit *e, struct aisec_buf *b)
{
	e->b = b;
	e->err = 0;
}

void emit_n(struct emit *e, const char *s, size_t n)
{
	if (!e->err)
		e->err = aisec_buf_add(e->b, s, n);
}

void emit_s(struct emit *e, const char *s)
{
	if (s)
		emit_n(e, s, strlen(s));
}

void emit_c(struct emit *e, int c)
{
	if (!e->err)
		e->err = aisec_buf_addch(e->b, c);
}

void emit_f(struct emit *e, const char *fmt, ...)
{
	va_list ap;

	if (e->err)
		return;
	va_start(ap, fmt);
	e->err = aisec_buf_vaddf(e->b, fmt, ap);
	va_end(ap);
}

void emit_rep(struct emit *e, const char *s, int n)
{
	for (int i = 0; i < n; i++)
		emit_s(e, s);
}

int emit_done(struct emit *e, const char *format, struct aisec_error *err)
{
	if (!e->err)
		return 0;
	return aisec_error_set(err, e->err, "report '%s': %s", format, aisec_strerror(e->err));
}

int emit_json(json_t *v, struct aisec_buf *out, const char *format, struct aisec_error *err)
{
	struct emit e;
	char *s;

	if (!v)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "report '%s': out of memory", format);
	s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(v);
	if (!s)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "report '%s': out of memory", format);
	emit_init(&e, out);
	emit_s(&e, s);
	emit_c(&e, '\n');
	free(s);
	return emit_done(&e, format, err);
}
