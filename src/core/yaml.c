/*
 * yaml.c - libfyaml access with line numbers, so every parser (catalog,
 * profile, evidence files) can name file, line and field in its errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "core/core.h"

/* True when a line starts with "---" or "..." after the first byte. */
static bool has_marker_line(const char *text, size_t len)
{
	for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))); p++) {
		size_t left = len - (size_t)(p + 1 - text);

		if (left >= 3 && (memcmp(p + 1, "---", 3) == 0 || memcmp(p + 1, "...", 3) == 0))
			return true;
	}
	return false;
}

/*
 * The line of a second document in the stream, 0 when there is none:
 * libfyaml builds the first document only, and a second one must not be
 * ignored silently (issue 16).  Parsed again only when a line starts
 * with a document marker.
 */
static int second_document_line(const char *text, size_t len)
{
	struct fy_parse_cfg cfg;
	struct fy_parser *fyp;
	struct fy_event *ev;
	int docs = 0, line = 0;

	if (!has_marker_line(text, len))
		return 0;
	memset(&cfg, 0, sizeof(cfg));
	cfg.flags = FYPCF_QUIET | FYPCF_DISABLE_RECYCLING;
	fyp = fy_parser_create(&cfg);
	if (!fyp)
		return 0;
	if (fy_parser_set_string(fyp, text, len) == 0) {
		while (!line && (ev = fy_parser_parse(fyp))) {
			if (ev->type == FYET_DOCUMENT_START && ++docs == 2) {
				const struct fy_mark *m = fy_event_start_mark(ev);

				line = m ? m->line + 1 : 1;
			}
			fy_parser_event_free(fyp, ev);
		}
	}
	fy_parser_destroy(fyp);
	return line;
}

struct fy_document *aisec_yaml_parse(const char *name, const char *text,
				     size_t len, struct aisec_error *err)
{
	struct fy_diag_cfg dcfg;
	struct fy_parse_cfg pcfg;
	struct fy_diag *diag;
	struct fy_document *fyd;
	struct fy_diag_error *de;
	void *it = NULL;
	const char *nul = memchr(text, '\0', len);
	int line;

	/* before libfyaml, which can loop forever on malformed bytes */
	if ((line = aisec_utf8_bad_line(text, len)) != 0) {
		aisec_error_set(err, AISEC_ERR_PARSE, "'%s' line %d: not valid UTF-8", name, line);
		return NULL;
	}
	if (nul) { /* YAML and JSON text holds no NUL: binary data */
		line = 1;
		for (const char *p = text; p < nul; p++)
			line += *p == '\n';
		aisec_error_set(err, AISEC_ERR_PARSE, "'%s' line %d: NUL byte (not a text file)",
				name, line);
		return NULL;
	}
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = NULL;
	dcfg.colorize = false;
	diag = fy_diag_create(&dcfg);
	if (!diag) {
		aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	fy_diag_set_collect_errors(diag, true);
	memset(&pcfg, 0, sizeof(pcfg));
	pcfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG | FYPCF_DISABLE_RECYCLING;
	pcfg.diag = diag;
	fyd = fy_document_build_from_string(&pcfg, text, len);
	if (!fyd) {
		de = fy_diag_errors_iterate(diag, &it);
		/* libfyaml's collected errors count lines and columns from 1 */
		if (de)
			aisec_error_set(err, AISEC_ERR_PARSE,
					"'%s' line %d column %d: %s", name,
					de->line, de->column,
					de->msg ? de->msg : "syntax error");
		else
			aisec_error_set(err, AISEC_ERR_PARSE,
					"'%s': not a YAML or JSON document",
					name);
	} else if (!fy_document_root(fyd)) {
		aisec_error_set(err, AISEC_ERR_PARSE, "'%s': empty document",
				name);
		fy_document_destroy(fyd);
		fyd = NULL;
	} else if ((line = second_document_line(text, len)) != 0) {
		aisec_error_set(err, AISEC_ERR_PARSE,
				"'%s' line %d: a second YAML document: a file holds one document", name,
				line);
		fy_document_destroy(fyd);
		fyd = NULL;
	}
	fy_diag_destroy(diag);
	return fyd;
}

int aisec_field_verror(struct aisec_error *err, const char *file, int line,
		       const char *field, const char *fmt, va_list ap)
{
	char what[AISEC_ERROR_MAX];

	vsnprintf(what, sizeof(what), fmt, ap);
	return aisec_error_set(err, AISEC_ERR_INVALID, "'%s' line %d: field '%s': %s",
			       file, line, field, what);
}

int aisec_field_error(struct aisec_error *err, const char *file, int line,
		      const char *field, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = aisec_field_verror(err, file, line, field, fmt, ap);
	va_end(ap);
	return rc;
}

int aisec_yaml_line(struct fy_node *n)
{
	void *it = NULL;

	while (n) {
		switch (fy_node_get_type(n)) {
		case FYNT_SCALAR: {
			struct fy_token *t = fy_node_get_scalar_token(n);
			const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;

			return m ? m->line + 1 : 0;
		}
		case FYNT_MAPPING: {
			struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);

			n = p ? fy_node_pair_key(p) : NULL;
			break;
		}
		case FYNT_SEQUENCE:
			n = fy_node_sequence_iterate(n, &it);
			break;
		default:
			return 0;
		}
		it = NULL;
	}
	return 0;
}

struct fy_node *aisec_yaml_get(struct fy_node *map, const char *key)
{
	if (!map || !fy_node_is_mapping(map))
		return NULL;
	return fy_node_mapping_lookup_by_string(map, key, FY_NT);
}

char *aisec_yaml_str(struct fy_node *map, const char *key)
{
	struct fy_node *v = aisec_yaml_get(map, key);
	const char *s;
	size_t len;

	if (!v || !fy_node_is_scalar(v))
		return NULL;
	s = fy_node_get_scalar(v, &len);
	return s ? strndup(s, len) : NULL;
}

int aisec_yaml_check_keys_n(struct fy_node *map, const char *const *allowed, size_t n,
			    const char *name, const char *path, struct aisec_error *err)
{
	struct fy_node_pair *p;
	void *it = NULL;

	if (!map || !fy_node_is_mapping(map))
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "'%s' line %d: field '%s': expected a mapping",
				       name, aisec_yaml_line(map), path);
	while ((p = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *k = fy_node_pair_key(p);
		const char *ks;
		size_t klen;
		int known = 0;

		ks = k && fy_node_is_scalar(k) ? fy_node_get_scalar(k, &klen) : NULL;
		if (!ks)
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "'%s' line %d: field '%s': keys must be plain strings",
					       name, aisec_yaml_line(k), path);
		for (size_t i = 0; i < n; i++) {
			if (allowed[i] && strlen(allowed[i]) == klen &&
			    memcmp(allowed[i], ks, klen) == 0) {
				known = 1;
				break;
			}
		}
		if (!known)
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "'%s' line %d: field '%s%s%.*s': unknown field",
					       name, aisec_yaml_line(k), path,
					       path[0] ? "." : "", (int)klen, ks);
	}
	return 0;
}
