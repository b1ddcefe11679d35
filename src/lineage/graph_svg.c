/*
 * graph_svg.c - lay out the lineage graph in layers and draw it as SVG.
 *
 * Layers are columns, left to right: a node's layer is the longest path to
 * it from a source (Kahn's order; nodes on a cycle go last), and a source
 * moves right to the column before its first consumer.  Inside a
 * layer nodes are ordered by the barycentre of their neighbours in the
 * previous (then next) layer, a few sweeps each way, which removes most
 * edge crossings.  Boxes have a fixed size, long names keep their tail, and
 * every node carries a <title> with the full name and digest, so graphs of
 * hundreds of nodes stay readable and searchable in a browser.
 */
#include <stdlib.h>
#include <string.h>

#include "lineage/lineage.h"

#define BOX_W 210.0
#define BOX_H 44.0
#define COL_GAP 90.0
#define ROW_GAP 22.0
#define MARGIN 30.0
#define NAME_MAX_CHARS 30

static void assign_layers(struct lin_graph *g)
{
	size_t *indeg = calloc(g->n + 1, sizeof(*indeg));
	size_t *queue = calloc(g->n + 1, sizeof(*queue));
	size_t head = 0, tail = 0;
	int maxl = 0;

	if (!indeg || !queue) {
		free(indeg);
		free(queue);
		for (size_t i = 0; i < g->n; i++)
			g->v[i].layer = g->v[i].is_step;
		return;
	}
	for (size_t i = 0; i < g->n; i++)
		g->v[i].layer = -1;
	for (size_t e = 0; e < g->ne; e++)
		indeg[g->e[e].to]++;
	for (size_t i = 0; i < g->n; i++)
		if (!indeg[i]) {
			queue[tail++] = i;
			g->v[i].layer = 0;
		}
	while (head < tail) {
		size_t u = queue[head++];

		for (size_t e = 0; e < g->ne; e++) {
			size_t w = g->e[e].to;

			if (g->e[e].from != u)
				continue;
			if (g->v[w].layer < g->v[u].layer + 1)
				g->v[w].layer = g->v[u].layer + 1;
			if (--indeg[w] == 0)
				queue[tail++] = w;
		}
	}
	/* a source sits just before its first consumer, not in column 0,
	 * so a raw dataset used late in a long chain needs no long edge */
	for (size_t i = 0; i < g->n; i++) {
		int first = -1;
		bool source = true;

		for (size_t e = 0; e < g->ne; e++) {
			if (g->e[e].to == i)
				source = false;
			if (g->e[e].from == i && g->v[g->e[e].to].layer > 0 &&
			    (first < 0 || g->v[g->e[e].to].layer < first))
				first = g->v[g->e[e].to].layer;
		}
		if (source && first > 0)
			g->v[i].layer = first - 1;
	}
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].layer > maxl)
			maxl = g->v[i].layer;
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].layer < 0) /* on a cycle */
			g->v[i].layer = maxl + 1;
	free(indeg);
	free(queue);
}

struct keyed {
	double key;
	size_t idx;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Reorder layer `l` by the mean order of neighbours in layer l-dir. */
static void sweep_layer(struct lin_graph *g, int l, int dir, struct keyed *k)
{
	size_t n = 0;

	for (size_t i = 0; i < g->n; i++) {
		double sum = 0;
		size_t cnt = 0;

		if (g->v[i].layer != l)
			continue;
		for (size_t e = 0; e < g->ne; e++) {
			size_t a = g->e[e].from, b = g->e[e].to, other;

			if (dir > 0 && b == i)
				other = a;
			else if (dir < 0 && a == i)
				other = b;
			else
				continue;
			if (g->v[other].layer != l - dir)
				continue;
			sum += g->v[other].order;
			cnt++;
		}
		k[n].key = cnt ? sum / (double)cnt : g->v[i].order;
		k[n++].idx = i;
	}
	qsort(k, n, sizeof(*k), keyed_cmp);
	for (size_t r = 0; r < n; r++)
		g->v[k[r].idx].order = (int)r;
}

static int order_layers(struct lin_graph *g, int *maxl)
{
	struct keyed *k = calloc(g->n + 1, sizeof(*k));
	int *count;

	*maxl = 0;
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].layer > *maxl)
			*maxl = g->v[i].layer;
	count = calloc((size_t)*maxl + 2, sizeof(*count));
	if (!k || !count) {
		free(k);
		free(count);
		return AISEC_ERR_NOMEM;
	}
	for (size_t i = 0; i < g->n; i++)
		g->v[i].order = count[g->v[i].layer]++;
	for (int pass = 0; pass < 4; pass++) {
		for (int l = 1; l <= *maxl; l++)
			sweep_layer(g, l, 1, k);
		for (int l = *maxl - 1; l >= 0; l--)
			sweep_layer(g, l, -1, k);
	}
	free(k);
	free(count);
	return 0;
}

static void xml_escaped(struct aisec_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': aisec_buf_adds(b, "&lt;"); break;
		case '>': aisec_buf_adds(b, "&gt;"); break;
		case '&': aisec_buf_adds(b, "&amp;"); break;
		case '"': aisec_buf_adds(b, "&quot;"); break;
		default: aisec_buf_addch(b, *s);
		}
	}
}

/* The last NAME_MAX_CHARS code points of a name, with a leading ellipsis. */
static const char *tail_of(const char *s, bool *cut)
{
	size_t cps = 0;
	const char *p = s + strlen(s);

	*cut = false;
	while (p > s) {
		p--;
		if (((unsigned char)*p & 0xc0) != 0x80 && ++cps == NAME_MAX_CHARS) {
			*cut = p != s;
			return p;
		}
	}
	return s;
}

static void draw_node(struct aisec_buf *b, const struct lin_node *n)
{
	static const char *const step_fill[] = {"#c8e6c9", "#ffcdd2", "#eeeeee"};
	bool cut;
	const char *label = tail_of(n->name, &cut);

	aisec_buf_adds(b, "<g><title>");
	xml_escaped(b, n->name);
	if (n->digest)
		aisec_buf_addf(b, " sha256:%s", n->digest);
	aisec_buf_adds(b, "</title>");
	aisec_buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		       "height=\"%.1f\" rx=\"%d\" fill=\"%s\" stroke=\"#555\"/>",
		       n->x, n->y, BOX_W, BOX_H, n->is_step ? 20 : 4,
		       n->is_step ? step_fill[n->status % 3] : "#e3f2fd");
	aisec_buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
		       "font-size=\"12\">%s",
		       n->x + BOX_W / 2, n->y + (n->digest ? 19 : 27),
		       cut ? "\xe2\x80\xa6" : "");
	xml_escaped(b, label);
	aisec_buf_adds(b, "</text>");
	if (n->digest)
		aisec_buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" "
			       "text-anchor=\"middle\" font-size=\"10\" "
			       "fill=\"#555\">sha256:%.16s</text>",
			       n->x + BOX_W / 2, n->y + 35, n->digest);
	aisec_buf_adds(b, "</g>\n");
}

int lin_graph_svg(struct lin_graph *g, struct aisec_buf *b)
{
	int maxl = 0, rows = 1, rc;
	double w, h;

	assign_layers(g);
	rc = order_layers(g, &maxl);
	if (rc)
		return rc;
	for (size_t i = 0; i < g->n; i++) {
		g->v[i].x = MARGIN + g->v[i].layer * (BOX_W + COL_GAP);
		g->v[i].y = MARGIN + g->v[i].order * (BOX_H + ROW_GAP);
		if (g->v[i].order + 1 > rows)
			rows = g->v[i].order + 1;
	}
	w = 2 * MARGIN + (maxl + 1) * (BOX_W + COL_GAP) - COL_GAP;
	h = 2 * MARGIN + rows * (BOX_H + ROW_GAP) - ROW_GAP;
	aisec_buf_addf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
		       "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
		       "font-family=\"Helvetica, Arial, sans-serif\">\n"
		       "<title>aisec lineage graph</title>\n"
		       "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" "
		       "refX=\"10\" refY=\"5\" markerWidth=\"8\" "
		       "markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 "
		       "L0,10 z\" fill=\"#555\"/></marker></defs>\n"
		       "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
		       w, h, w, h);
	for (size_t e = 0; e < g->ne; e++) {
		const struct lin_node *a = &g->v[g->e[e].from];
		const struct lin_node *c = &g->v[g->e[e].to];
		double x1 = a->x + BOX_W, y1 = a->y + BOX_H / 2;
		double x2 = c->x, y2 = c->y + BOX_H / 2;
		double mid = (x1 + x2) / 2;

		if (x2 <= x1) /* back edge of a cycle: loop around below */
			aisec_buf_addf(b, "<path d=\"M%.1f,%.1f C%.1f,%.1f "
				       "%.1f,%.1f %.1f,%.1f\" fill=\"none\" "
				       "stroke=\"#c62828\" stroke-dasharray=\"4 3\" "
				       "marker-end=\"url(#arrow)\"/>\n",
				       x1, y1, x1 + 60, h - MARGIN / 2, x2 - 60,
				       h - MARGIN / 2, x2, y2);
		else
			aisec_buf_addf(b, "<path d=\"M%.1f,%.1f C%.1f,%.1f "
				       "%.1f,%.1f %.1f,%.1f\" fill=\"none\" "
				       "stroke=\"#555\" "
				       "marker-end=\"url(#arrow)\"/>\n",
				       x1, y1, mid, y1, mid, y2, x2, y2);
	}
	for (size_t i = 0; i < g->n; i++)
		draw_node(b, &g->v[i]);
	return aisec_buf_adds(b, "</svg>\n");
}
