/*
 * svg.c - the two charts of the HTML report as inline SVG (no scripts, no
 * external assets): the likelihood x impact risk matrix with the threats
 * placed in their cells, and the coverage bars per requirement.
 *
 * The matrix takes its axes from the scheme in the findings (every level of
 * the scheme, named, whether a risk uses it or not), so a scoring scheme with
 * more levels (tvra.yaml is data) draws a larger grid without a code change;
 * before and after controls are drawn the same size.  Each cell is coloured
 * by the risk level of that cell and says it ("critical 9"); the threats sit
 * in their cells as numbered markers.
 */
#include <string.h>

#include "report/report.h"

#define MAXLV 10

struct axis {
	int n;                       /* number of levels (values 1..n) */
	const char *name[MAXLV + 1]; /* name of value i, or NULL */
};

/* The matrix to draw: both axes and, when the findings give the scheme, the
 * risk value and level of every cell. */
struct grid {
	struct axis li, im;
	const json_t *cells; /* scheme.cells[likelihood-1][impact-1], or NULL */
};

static void axis_add(struct axis *a, const json_t *lv)
{
	long long v = doc_int(lv, "value");

	if (v < 1 || v > MAXLV)
		return;
	if (v > a->n)
		a->n = (int)v;
	if (!a->name[v] && *doc_str(lv, "level"))
		a->name[v] = doc_str(lv, "level");
}

/*
 * Axes from the scheme in the findings (every level, whether a risk uses it
 * or not); findings without one (older documents) fall back to the levels
 * the risks use, on at least 3 x 3.
 */
static void grid_of(const json_t *doc, struct grid *g)
{
	const json_t *sch = doc_obj(doc, "scheme");
	json_t *it;
	size_t i;

	memset(g, 0, sizeof(*g));
	if (sch && json_array_size(doc_arr(sch, "likelihood")) &&
	    json_array_size(doc_arr(sch, "impact"))) {
		json_array_foreach(doc_arr(sch, "likelihood"), i, it)
			axis_add(&g->li, it);
		json_array_foreach(doc_arr(sch, "impact"), i, it)
			axis_add(&g->im, it);
		g->cells = doc_arr(sch, "cells");
	}
	if (g->li.n < 3)
		g->li.n = 3;
	if (g->im.n < 3)
		g->im.n = 3;
	json_array_foreach(doc_arr(doc, "risks"), i, it) {
		/* names the scheme leaves out come from the risks */
		axis_add(&g->li, doc_obj(doc_obj(it, "residual"), "likelihood"));
		axis_add(&g->li, doc_obj(it, "likelihood"));
		axis_add(&g->im, doc_obj(it, "impact"));
	}
}

/* Cell fill and text colour by risk level: ColorBrewer YlOrRd, a sequential
 * palette that reads for the common colour-vision deficiencies; the level is
 * also written in the cell. */
static void level_colours(const char *level, const char **fill, const char **ink)
{
	static const char *const fills[] = {"#e3e8ee", "#ffeda0", "#feb24c", "#e31a1c"};
	int r = doc_risk_rank(level);

	*fill = fills[r];
	*ink = r == 3 ? "cellv light" : "cellv"; /* white text on the dark cell */
}

void svg_risk_matrix(struct emit *e, const json_t *doc, bool residual)
{
	json_t *rs = doc_arr(doc, "risks");
	struct grid g;
	const int cw = 118, left = 92, top = 14;
	int count[MAXLV + 1][MAXLV + 1] = {{0}};
	int w, h, ch = 74, most = 0;
	json_t *it;
	size_t i;

	grid_of(doc, &g);
	/* the fullest cell of either matrix decides the row height, so that
	 * before and after are the same size: 4 markers a row, 24 px each */
	for (int pass = 0; pass < 2; pass++) {
		memset(count, 0, sizeof(count));
		json_array_foreach(rs, i, it) {
			const json_t *src = pass ? doc_obj(it, "residual") : it;
			long long l = doc_path_int(src, "likelihood.value");
			long long m = doc_path_int(it, "impact.value");

			if (src && l >= 1 && l <= MAXLV && m >= 1 && m <= MAXLV &&
			    ++count[l][m] > most)
				most = count[l][m];
		}
	}
	memset(count, 0, sizeof(count));
	if (30 + ((most + 3) / 4) * 24 > ch)
		ch = 30 + ((most + 3) / 4) * 24;
	w = left + g.im.n * cw + 10;
	h = top + g.li.n * ch + 46;
	emit_f(e, "<svg class=\"matrix\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		  "role=\"img\" aria-label=\"risk matrix %s controls\">\n",
	       w, h, w, h, residual ? "after" : "before");
	for (int l = g.li.n; l >= 1; l--) {
		int y = top + (g.li.n - l) * ch;

		for (int m = 1; m <= g.im.n; m++) {
			const json_t *cell = json_array_get(json_array_get(g.cells, (size_t)l - 1),
							    (size_t)m - 1);
			const char *level = doc_str(cell, "level");
			int x = left + (m - 1) * cw;
			const char *fill, *ink;

			level_colours(level, &fill, &ink);
			emit_f(e, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
				  "stroke=\"#fff\" stroke-width=\"2\"><title>",
			       x, y, cw, ch, fill);
			html_esc(e, g.li.name[l] ? g.li.name[l] : "");
			emit_s(e, " likelihood, ");
			html_esc(e, g.im.name[m] ? g.im.name[m] : "");
			emit_s(e, " impact");
			if (cell)
				emit_f(e, ": risk %lld %s", doc_int(cell, "value"), level);
			emit_s(e, "</title></rect>\n");
			if (cell) {
				emit_f(e, "<text x=\"%d\" y=\"%d\" class=\"%s\">", x + 6,
				       y + 15, ink);
				html_esc(e, level);
				emit_f(e, " %lld</text>\n", doc_int(cell, "value"));
			}
		}
		emit_f(e, "<text x=\"%d\" y=\"%d\" class=\"axl\" text-anchor=\"end\">", left - 6,
		       y + ch / 2 + 4);
		if (g.li.name[l])
			html_esc(e, g.li.name[l]);
		else
			emit_f(e, "%d", l);
		emit_s(e, "</text>\n");
	}
	for (int m = 1; m <= g.im.n; m++) {
		emit_f(e, "<text x=\"%d\" y=\"%d\" class=\"axl\" text-anchor=\"middle\">",
		       left + (m - 1) * cw + cw / 2, top + g.li.n * ch + 16);
		if (g.im.name[m])
			html_esc(e, g.im.name[m]);
		else
			emit_f(e, "%d", m);
		emit_s(e, "</text>\n");
	}
	emit_f(e, "<text x=\"%d\" y=\"%d\" class=\"axt\" text-anchor=\"middle\">impact</text>\n",
	       left + g.im.n * cw / 2, top + g.li.n * ch + 36);
	emit_f(e, "<text x=\"14\" y=\"%d\" class=\"axt\" text-anchor=\"middle\" "
		  "transform=\"rotate(-90 14 %d)\">likelihood</text>\n",
	       top + g.li.n * ch / 2, top + g.li.n * ch / 2);
	/* the threats, numbered as in the risk table, up to 4 per row in a cell */
	json_array_foreach(rs, i, it) {
		const json_t *src = residual ? doc_obj(it, "residual") : it;
		long long l = doc_path_int(src, "likelihood.value");
		long long m = doc_path_int(it, "impact.value");
		int k, x, y;

		if (!src || l < 1 || l > g.li.n || m < 1 || m > g.im.n)
			continue;
		k = count[l][m]++;
		x = left + (int)(m - 1) * cw + 16 + (k % 4) * 26;
		y = top + (g.li.n - (int)l) * ch + 34 + (k / 4) * 24;
		emit_f(e, "<g class=\"mk\"><title>");
		html_esc(e, doc_str(it, "threat"));
		emit_f(e, ": risk %lld %s</title>", doc_path_int(src, "risk.value"),
		       doc_path_str(src, "risk.level"));
		emit_f(e, "<circle cx=\"%d\" cy=\"%d\" r=\"10\"/>", x, y);
		emit_f(e, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%zu</text></g>\n", x,
		       y + 4, i + 1);
	}
	emit_s(e, "</svg>\n");
}

/* Number of entries of an array member. */
static int n_of(const json_t *o, const char *key)
{
	return (int)json_array_size(doc_arr(o, key));
}

/* Available standards: the full count, not the length of the (cut) list. */
static int n_available(const json_t *cov)
{
	return n_of(cov, "available") + (int)doc_available_more(cov);
}

/* Okabe-Ito blue, orange and vermillion: told apart with any colour vision. */
#define COV_APPLIED "#0072b2"
#define COV_AVAILABLE "#e69f00"
#define COV_GAP "#d55e00"

void svg_coverage(struct emit *e, const json_t *doc)
{
	json_t *cov = doc_arr(doc, "coverage");
	const int rowh = 26, left = 210, barw = 330, right = 100;
	int rows = 0, maxn = 1, y;
	json_t *it;
	size_t i;

	json_array_foreach(cov, i, it) {
		int n;

		if (strcmp(doc_str(it, "kind"), "requirement"))
			continue;
		rows++;
		n = n_of(it, "applied") + n_of(it, "controls") + n_available(it) +
		    n_of(it, "gaps");
		maxn = n > maxn ? n : maxn;
	}
	if (!rows)
		return;
	emit_f(e, "<svg class=\"coverage\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		  "role=\"img\" aria-label=\"coverage per requirement\">\n",
	       left + barw + right, rows * rowh + 34, left + barw + right, rows * rowh + 34);
	y = 4;
	json_array_foreach(cov, i, it) {
		int seg[3] = {n_of(it, "applied") + n_of(it, "controls"), n_available(it),
			      n_of(it, "gaps")};
		static const char *const fill[3] = {COV_APPLIED, COV_AVAILABLE, COV_GAP};
		static const char *const what[3] = {"applied standards and controls",
						    "available standards", "report gaps"};
		const char *st = doc_str(it, "status");
		int x = left;

		if (strcmp(doc_str(it, "kind"), "requirement"))
			continue;
		emit_f(e, "<text x=\"%d\" y=\"%d\" class=\"axl\" text-anchor=\"end\">", left - 8,
		       y + 16);
		html_esc(e, doc_str(it, "id"));
		emit_s(e, "</text>\n");
		emit_f(e, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"#eceff1\"/>\n",
		       left, y + 3, barw);
		for (int k = 0; k < 3; k++) {
			int wd = seg[k] * barw / maxn;

			if (!seg[k])
				continue;
			emit_f(e, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"%s\">"
				  "<title>%d %s</title></rect>\n",
			       x, y + 3, wd, fill[k], seg[k], what[k]);
			if (wd >= 18) /* the count, where it fits */
				emit_f(e, "<text x=\"%d\" y=\"%d\" class=\"segn\" "
					  "text-anchor=\"middle\">%d</text>\n",
				       x + wd / 2, y + 16, seg[k]);
			x += wd;
		}
		emit_f(e, "<text x=\"%d\" y=\"%d\" class=\"st st-", left + barw + 8, y + 16);
		html_esc(e, st);
		emit_s(e, "\">");
		html_esc(e, st);
		emit_s(e, "</text>\n");
		y += rowh;
	}
	emit_f(e, "<g class=\"legend\"><rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" "
		  "fill=\"" COV_APPLIED "\"/><text x=\"%d\" y=\"%d\">applied standards + controls</text>",
	       left, y + 10, left + 16, y + 20);
	emit_f(e, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"" COV_AVAILABLE "\"/>"
		  "<text x=\"%d\" y=\"%d\">available standards</text>",
	       left + 200, y + 10, left + 216, y + 20);
	emit_f(e, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"" COV_GAP "\"/>"
		  "<text x=\"%d\" y=\"%d\">gaps</text></g>\n",
	       left + 350, y + 10, left + 366, y + 20);
	emit_s(e, "</svg>\n");
}
