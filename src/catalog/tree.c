/*
 * tree.c - a knowledge-base file as a light tree built from libfyaml's
 * event stream.  Loading the catalog is on the path of every command;
 * building and destroying a full libfyaml document costs about twice as
 * much as reading its events, and the loader needs only scalars with their
 * lines.  Scalar texts go straight into the catalog's arena, so the entries
 * point at them without another copy; nodes live in a scratch arena freed
 * after the file.  A file that does not parse is parsed again with
 * aisec_yaml_parse() for libfyaml's full message.
 */
#include <string.h>

#include <libfyaml.h>

#include "catalog/catalog_int.h"
#include "core/core.h"

#define MAX_DEPTH 64

static int token_line(struct fy_token *t)
{
	const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;

	return m ? m->line + 1 : 0;
}

static bool null_text(const char *s, size_t len)
{
	return len == 0 || (len == 1 && s[0] == '~') ||
	       (len == 4 && (memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 ||
			     memcmp(s, "NULL", 4) == 0));
}

/* Append `n` to `parent` and give containers the line of their first child. */
static void adopt(struct cat_node *parent, struct cat_node *n)
{
	if (!parent)
		return;
	if (parent->last)
		parent->last->next = n;
	else
		parent->child = n;
	parent->last = n;
	parent->count++;
	for (struct cat_node *p = parent; p && p->line == 0; p = p->parent)
		p->line = n->line;
}

static struct cat_node *new_node(struct cat_arena *a, enum cat_ntype type,
				 struct cat_node *parent)
{
	struct cat_node *n = cat_alloc(a, sizeof(*n));

	if (n) {
		n->type = type;
		n->parent = parent;
	}
	return n;
}

/* The message for a file the event parser refused, from the full parser. */
static int parse_error(const char *name, const char *text, size_t len,
		       struct aisec_error *err)
{
	struct fy_document *fyd = aisec_yaml_parse(name, text, len, err);

	if (!fyd)
		return err ? err->code : AISEC_ERR_PARSE;
	fy_document_destroy(fyd);
	return aisec_error_set(err, AISEC_ERR_PARSE, "'%s': not a YAML document", name);
}

struct cat_node *cat_tree_parse(struct cat_arena *nodes, struct cat_arena *strings,
				const char *name, const char *text, size_t len,
				struct aisec_error *err)
{
	struct fy_diag_cfg dcfg;
	struct fy_diag *diag;
	struct fy_parse_cfg cfg;
	struct fy_parser *fyp;
	struct fy_event *ev;
	struct cat_node *root = NULL, *cur = NULL;
	int depth = 0, docs = 0, rc = 0;

	/* a library never prints: a diagnostic sink that writes nowhere */
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = NULL;
	dcfg.colorize = false;
	diag = fy_diag_create(&dcfg);
	memset(&cfg, 0, sizeof(cfg));
	cfg.flags = FYPCF_QUIET;
	cfg.diag = diag;
	fyp = diag ? fy_parser_create(&cfg) : NULL;
	if (!fyp) {
		fy_diag_destroy(diag);
		aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (fy_parser_set_string(fyp, text, len) != 0) {
		fy_parser_destroy(fyp);
		fy_diag_destroy(diag);
		aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	while (!rc && (ev = fy_parser_parse(fyp))) {
		struct cat_node *n = NULL;
		struct fy_token *t;
		const char *s;
		size_t slen;

		switch (ev->type) {
		case FYET_DOCUMENT_START:
			if (++docs > 1)
				rc = aisec_error_set(err, AISEC_ERR_PARSE,
						     "'%s' line %d: more than one YAML document",
						     name, token_line(ev->document_start.document_start));
			break;
		case FYET_MAPPING_START:
		case FYET_SEQUENCE_START:
			if (++depth > MAX_DEPTH) {
				rc = aisec_error_set(err, AISEC_ERR_LIMIT, "'%s': nested too deep", name);
				break;
			}
			n = new_node(nodes, ev->type == FYET_MAPPING_START ? CAT_N_MAP : CAT_N_SEQ,
				     cur);
			if (!n) {
				rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
				break;
			}
			adopt(cur, n);
			if (!root)
				root = n;
			cur = n;
			break;
		case FYET_MAPPING_END:
		case FYET_SEQUENCE_END:
			depth--;
			cur = cur ? cur->parent : NULL;
			break;
		case FYET_SCALAR:
		case FYET_ALIAS:
			t = ev->type == FYET_SCALAR ? ev->scalar.value : ev->alias.anchor;
			n = new_node(nodes, CAT_N_SCALAR, cur);
			s = t ? fy_token_get_text(t, &slen) : NULL;
			if (!n || !s || !(n->text = cat_strndup(strings, s, slen))) {
				rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
				break;
			}
			n->len = slen;
			n->line = token_line(t);
			n->alias = ev->type == FYET_ALIAS;
			n->plain = !n->alias && fy_token_scalar_style(t) == FYSS_PLAIN;
			n->null = n->plain && null_text(s, slen);
			adopt(cur, n);
			if (!root)
				root = n;
			break;
		default:
			break;
		}
		fy_parser_event_free(fyp, ev);
	}
	if (!rc && fy_parser_get_stream_error(fyp))
		rc = parse_error(name, text, len, err);
	fy_parser_destroy(fyp);
	fy_diag_destroy(diag);
	if (!rc && !root)
		rc = aisec_error_set(err, AISEC_ERR_PARSE, "'%s': empty document", name);
	return rc ? NULL : root;
}

struct cat_node *cat_tree_get(const struct cat_node *map, const char *key)
{
	size_t len = strlen(key);

	if (!map || map->type != CAT_N_MAP)
		return NULL;
	for (struct cat_node *k = map->child; k && k->next; k = k->next->next)
		if (k->type == CAT_N_SCALAR && !k->alias && k->len == len &&
		    memcmp(k->text, key, len) == 0)
			return k->next;
	return NULL;
}
