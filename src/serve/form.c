/*
 * form.c - application/x-www-form-urlencoded bodies (the sign-in and
 * decision forms).  Splitting follows the WHATWG URL standard
 * ("application/x-www-form-urlencoded parsing"); percent-decoding is
 * libmicrohttpd's MHD_http_unescape().  Strict: a duplicated, empty or
 * over-long name, a NUL or control byte, or invalid UTF-8 is refused, so a
 * handler never sees an ambiguous form.
 */
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "core/core.h"
#include "serve/serve.h"

/* Decode one name or value in place: '+' is a space, then %XX. */
static int decode(char *s, const char *what, struct aisec_error *err)
{
	size_t len;

	for (char *p = s; *p; p++)
		if (*p == '+')
			*p = ' ';
	len = MHD_http_unescape(s);
	if (len != strlen(s))
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "form field '%s': contains a NUL byte",
				       what);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
		    c == 0x7f)
			return aisec_error_set(
			    err, AISEC_ERR_INVALID,
			    "form field '%s': contains a control character",
			    what);
	}
	if (aisec_utf8_bad_line(s, len) != 0)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "form field '%s': not UTF-8", what);
	return 0;
}

int serve_form_parse(const char *body, size_t len, struct serve_form *f,
		     struct aisec_error *err)
{
	char *p, *end;
	int ret;

	memset(f, 0, sizeof(*f));
	if (memchr(body, '\0', len))
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "form: contains a NUL byte");
	f->mem = malloc(len + 1);
	if (!f->mem)
		return aisec_error_set(err, AISEC_ERR_NOMEM,
				       "form: out of memory");
	memcpy(f->mem, body, len);
	f->mem[len] = '\0';
	p = f->mem;
	end = f->mem + len;
	while (p < end) {
		char *amp = memchr(p, '&', (size_t)(end - p));
		char *stop = amp ? amp : end;
		char *eq;

		*stop = '\0';
		if (stop ==
		    p) { /* empty sequence: skipped, as the standard says */
			p = stop + 1;
			continue;
		}
		eq = strchr(p, '=');
		if (eq)
			*eq = '\0';
		if (f->n == SERVE_FORM_FIELDS_MAX) {
			ret = aisec_error_set(err, AISEC_ERR_INVALID,
					      "form: more than %d fields",
					      SERVE_FORM_FIELDS_MAX);
			goto fail;
		}
		ret = decode(p, "(name)", err);
		if (ret != 0)
			goto fail;
		if (*p == '\0' || strlen(p) > SERVE_FORM_KEY_MAX) {
			ret = aisec_error_set(err, AISEC_ERR_INVALID,
					      "form: a field name is empty or "
					      "longer than %d bytes",
					      SERVE_FORM_KEY_MAX);
			goto fail;
		}
		if (serve_form_get(f, p)) {
			ret =
			    aisec_error_set(err, AISEC_ERR_INVALID,
					    "form field '%s': given twice", p);
			goto fail;
		}
		f->key[f->n] = p;
		f->val[f->n] = eq ? eq + 1 : stop; /* no '=': empty value */
		ret = decode(f->val[f->n], p, err);
		if (ret != 0)
			goto fail;
		f->n++;
		p = stop + 1;
	}
	return 0;
fail:
	serve_form_release(f);
	return ret;
}

const char *serve_form_get(const struct serve_form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->key[i], key) == 0)
			return f->val[i];
	return NULL;
}

void serve_form_release(struct serve_form *f)
{
	free(f->mem);
	memset(f, 0, sizeof(*f));
}
