/*
 * graph.c - the lineage graph: artefacts (by digest) and steps (one per
 * statement) with edges input -> step -> output, built from the store,
 * and rendered as JSON or Graphviz DOT (SVG is in graph_svg.c).
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "lineage/lineage.h"

static int add_node(struct lin_graph *g, const char *name, const char *hex,
		    bool step, int stmt, size_t *out)
{
	struct lin_node *n;

	if (!step) {
		for (size_t i = 0; i < g->n; i++) {
			if (!g->v[i].is_step && strcmp(g->v[i].digest, hex) == 0) {
				*out = i;
				return 0;
			}
		}
	} else {
		for (size_t i = 0; i < g->n; i++) {
			if (g->v[i].is_step && g->v[i].stmt == stmt) {
				*out = i;
				return 0;
			}
		}
	}
	if (lin_grow((void **)&g->v, &g->alloc, g->n + 1, sizeof(*g->v)))
		return AISEC_ERR_NOMEM;
	n = &g->v[g->n];
	memset(n, 0, sizeof(*n));
	n->name = strdup(name);
	n->digest = hex ? strdup(hex) : NULL;
	n->is_step = step;
	n->stmt = stmt;
	if (!n->name || (hex && !n->digest)) {
		free(n->name);
		free(n->digest);
		return AISEC_ERR_NOMEM;
	}
	*out = g->n++;
	return 0;
}

static int add_edge(struct lin_graph *g, size_t from, size_t to)
{
	for (size_t i = 0; i < g->ne; i++)
		if (g->e[i].from == from && g->e[i].to == to)
			return 0;
	if (lin_grow((void **)&g->e, &g->ealloc, g->ne + 1, sizeof(*g->e)))
		return AISEC_ERR_NOMEM;
	g->e[g->ne].from = from;
	g->e[g->ne++].to = to;
	return 0;
}

/* Add statement `i` with its subjects and inputs; new inputs are queued. */
static int add_statement(struct lin_graph *g, const struct lin_store *st,
			 size_t i, size_t nkeys)
{
	const struct lin_stmt *s = &st->s[i];
	size_t sn, an;
	int rc = add_node(g, s->step, NULL, true, (int)i, &sn);

	if (rc)
		return rc;
	g->v[sn].status = s->signer >= 0 ? 0 : nkeys ? 1 : 2;
	for (size_t k = 0; !rc && k < s->nsubjects; k++) {
		rc = add_node(g, s->subjects[k].name, s->subjects[k].digest,
			      false, -1, &an);
		if (!rc) {
			g->v[an].is_dir = s->subjects[k].is_dir;
			rc = add_edge(g, sn, an);
		}
	}
	for (size_t k = 0; !rc && k < s->ninputs; k++) {
		rc = add_node(g, s->inputs[k].name, s->inputs[k].digest, false,
			      -1, &an);
		if (!rc) {
			g->v[an].is_dir = s->inputs[k].is_dir;
			rc = add_edge(g, an, sn);
		}
	}
	return rc;
}

int lin_graph_build(const struct lin_store *st, const char *hex,
		    const char *name, struct lin_graph *g)
{
	size_t nkeys = st->nkeys, start;
	bool *used = calloc(st->n + 1, sizeof(*used));
	int rc = 0;

	memset(g, 0, sizeof(*g));
	if (!used)
		return AISEC_ERR_NOMEM;
	if (!hex) {
		for (size_t i = 0; !rc && i < st->n; i++)
			rc = add_statement(g, st, i, nkeys);
		free(used);
		return rc;
	}
	rc = add_node(g, name, hex, false, -1, &start);
	/* breadth first over artefacts: g->v grows as inputs are found */
	for (size_t a = 0; !rc && a < g->n; a++) {
		if (g->v[a].is_step)
			continue;
		for (size_t i = 0; !rc && i < st->n; i++) {
			const struct lin_stmt *s = &st->s[i];

			if (used[i])
				continue;
			for (size_t k = 0; k < s->nsubjects; k++) {
				if (strcmp(s->subjects[k].digest,
					   g->v[a].digest) == 0) {
					used[i] = true;
					rc = add_statement(g, st, i, nkeys);
					break;
				}
			}
		}
	}
	free(used);
	return rc;
}

void lin_graph_release(struct lin_graph *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->v[i].name);
		free(g->v[i].digest);
	}
	free(g->v);
	free(g->e);
	memset(g, 0, sizeof(*g));
}

static const char *status_word(const struct lin_node *n)
{
	if (!n->is_step)
		return "artefact";
	return n->status == 0 ? "verified" : n->status == 1 ? "untrusted"
							     : "unchecked";
}

static int graph_json(const struct lin_graph *g, const struct lin_store *st,
		      struct aisec_buf *out)
{
	json_t *nodes = json_array(), *edges = json_array(), *root;
	int rc;

	for (size_t i = 0; i < g->n; i++) {
		const struct lin_node *n = &g->v[i];
		json_t *o = json_object();

		json_object_set_new(o, "id", json_sprintf("n%zu", i));
		json_object_set_new(o, "kind", json_string(n->is_step ? "step"
								      : "artefact"));
		json_object_set_new(o, "name", json_string(n->name));
		if (n->digest)
			json_object_set_new(o, "sha256", json_string(n->digest));
		if (n->is_step) {
			json_object_set_new(o, "status",
					    json_string(status_word(n)));
			json_object_set_new(o, "statement",
					    json_string(st->s[n->stmt].file));
		}
		json_array_append_new(nodes, o);
	}
	for (size_t i = 0; i < g->ne; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "from", json_sprintf("n%zu", g->e[i].from));
		json_object_set_new(e, "to", json_sprintf("n%zu", g->e[i].to));
		json_array_append_new(edges, e);
	}
	root = json_pack("{s:o,s:o}", "nodes", nodes, "edges", edges);
	rc = lin_json_dump(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER, out);
	if (!rc)
		rc = aisec_buf_addch(out, '\n');
	json_decref(root);
	return rc;
}

static void dot_escaped(struct aisec_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			aisec_buf_addch(b, '\\');
		if (*s == '\n')
			aisec_buf_adds(b, "\\n");
		else
			aisec_buf_addch(b, *s);
	}
}

static int graph_dot(const struct lin_graph *g, struct aisec_buf *b)
{
	aisec_buf_adds(b, "digraph lineage {\n  rankdir=LR;\n"
		       "  node [fontname=\"Helvetica\", fontsize=10];\n");
	for (size_t i = 0; i < g->n; i++) {
		const struct lin_node *n = &g->v[i];

		aisec_buf_addf(b, "  n%zu [label=\"", i);
		dot_escaped(b, n->name);
		if (n->digest)
			aisec_buf_addf(b, "\\nsha256:%.12s", n->digest);
		if (n->is_step)
			aisec_buf_addf(b, "\", shape=ellipse, style=filled, "
				       "fillcolor=\"%s\"];\n",
				       n->status == 0	? "#c8e6c9"
				       : n->status == 1 ? "#ffcdd2"
							: "#eeeeee");
		else
			aisec_buf_adds(b, "\", shape=box, style=\"rounded,"
				       "filled\", fillcolor=\"#e3f2fd\"];\n");
	}
	for (size_t i = 0; i < g->ne; i++)
		aisec_buf_addf(b, "  n%zu -> n%zu;\n", g->e[i].from, g->e[i].to);
	return aisec_buf_adds(b, "}\n");
}

int aisec_lineage_graph(const char *artefact,
			const struct aisec_lineage_verify_opts *o,
			enum aisec_graph_format fmt, struct aisec_buf *out,
			struct aisec_error *err)
{
	struct lin_store st;
	struct lin_graph g;
	struct aisec_manifest *m = NULL;
	char hex[2 * AISEC_SHA256_LEN + 1];
	char *name = NULL;
	int rc;

	memset(&g, 0, sizeof(g));
	rc = lin_store_load(o->store ? o->store : AISEC_LINEAGE_DEFAULT_STORE,
			    o->keys, o->nkeys, &st, err);
	if (rc)
		return rc;
	if (artefact) {
		rc = aisec_manifest_build(artefact, o->digest, &m, err);
		if (rc)
			goto out;
		lin_hex(m->digest, AISEC_SHA256_LEN, hex);
		name = lin_path_normalise(artefact);
	}
	rc = (artefact && !name) ? AISEC_ERR_NOMEM
				 : lin_graph_build(&st, artefact ? hex : NULL,
						   name, &g);
	if (!rc) {
		switch (fmt) {
		case AISEC_GRAPH_JSON: rc = graph_json(&g, &st, out); break;
		case AISEC_GRAPH_DOT: rc = graph_dot(&g, out); break;
		case AISEC_GRAPH_SVG: rc = lin_graph_svg(&g, out); break;
		default: rc = AISEC_ERR_USAGE;
		}
	}
	if (rc)
		aisec_error_set(err, rc, "graph: %s", aisec_strerror(rc));
out:
	free(name);
	aisec_manifest_free(m);
	lin_graph_release(&g);
	lin_store_release(&st);
	return rc;
}
