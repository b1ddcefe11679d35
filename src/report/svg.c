/*
 * svg.c - the two charts of the HTML report as inline SVG (no scripts, no
 * external assets): the likelihood x impact risk matrix with the threats
 * placed in their cells, and the coverage bars per requirement.
 *
 * The matrix takes its axes from the findings: the levels' values give the
 * positions and their names the labels, so a scoring scheme with more levels
 * (tvra.yaml is data) draws a larger grid without a code change.  Cells are
 * shaded by likelihood x impact relative to the largest cell; each threat's
 * marker takes the colour of the risk level the findings gave it.
 */
#include <string.h>

#include "report/report.h"

#define MAXLV 8

struct axis {
	int n;                  /* number of levels (values 1..n) */
	const char *name[MAXLV + 1]; /* name of value i, or NULL */
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

static const char *level_fill(const char *level)
{
	switch (doc_risk_rank(level)) {
	case 3:
		return "#c62828";
	case 2:
		return "#ef8f00";
	case 1:
		return "#2e7d32";
	default:
		return "#546e7a";
	}
}

void svg_risk_matrix(struct emit *e, const json_t *doc, bool residual)
{
	json_t *rs = doc_arr(doc, "risks");
	struct axis li = {3, {NULL}}, im = {3, {NULL}};
	const int cw = 118, left = 92, top = 14;
	int count[MAXLV + 1][MAXLV + 1] = {{0}};
	int w, h, ch = 74, most = 0;
	json_t *it;
	size_t i;

	json_array_foreach(rs, i, it) {
		/* both matrices share the axes of before and after */
		axis_add(&li, doc_obj(doc_obj(it, "residual"), "likelihood"));
		axis_add(&li, doc_obj(it, "likelihood"));
		axis_add(&im, doc_obj(it, "impact"));
	}
	/* the fullest cell decides the row height: 4 markers a row, 24 px each */
	json_array_foreach(rs, i, it) {
		const json_t *src = residual ? doc_obj(it, "residual") : it;
		long long l = doc_path_int(src, "likelihood.value");
		long long m = doc_path_int(it, "impact.value");

		if (src && l >= 1 && l <= MAXLV && m >= 1 && m <= MAXLV && ++count[l][m] > most)
			most = count[l][m];
	}
	memset(count, 0, sizeof(count));
	if (26 + ((most + 3) / 4) * 24 > ch)
		ch = 26 + ((most + 3) / 4) * 24;
	w = left + im.n * cw + 10;
	h = top + li.n * ch + 46;
	emit_f(e, "<svg class=\"matrix\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		  "role=\"img\" aria-label=\"risk matrix %s controls\">\n",
	       w, h, w, h, residual ? "after" : "before");
	for (int l = li.n; l >= 1; l--) {
		int y = top + (li.n - l) * ch;

		for (int m = 1; m <= im.n; m++) {
			int x = left + (m - 1) * cw;
			/* shade: share of the largest product, light to dark grey-blue */
			int pct = 100 * l * m / (li.n * im.n);
			int shade = 246 - pct * 70 / 100;

			emit_f(e, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
				  "fill=\"rgb(%d,%d,%d)\" stroke=\"#fff\" stroke-width=\"2\"/>\n",
			       x, y, cw, ch, shade, shade, shade + 6 > 255 ? 255 : shade + 6);
			emit_f(e, "<text x=\"%d\" y=\"%d\" class=\"cellv\">%d</text>\n", x + cw - 6,
			       y + 14, l * m);
		}
		emit_f(e, "<text x=\"%d\" y=\"%d\" class=\"axl\" text-anchor=\"end\">", left - 6,
		       y + ch / 2 + 4);
		if (li.name[l])
			html_esc(e, li.name[l]);
		else
			emit_f(e, "%d", l);
		emit_s(e, "</text>\n");
	}
	for (int m = 1; m <= im.n; m++) {
		emit_f(e, "<text x=\"%d\" y=\"%d\" class=\"axl\" text-anchor=\"middle\">",
		       left + (m - 1) * cw + cw / 2, top + li.n * ch + 16);
		if (im.name[m])
			html_esc(e, im.name[m]);
		else
			emit_f(e, "%d", m);
		emit_s(e, "</text>\n");
	}
	emit_f(e, "<text x=\"%d\" y=\"%d\" class=\"axt\" text-anchor=\"middle\">impact</text>\n",
	       left + im.n * cw / 2, top + li.n * ch + 36);
	emit_f(e, "<text x=\"14\" y=\"%d\" class=\"axt\" text-anchor=\"middle\" "
		  "transform=\"rotate(-90 14 %d)\">likelihood</text>\n",
	       top + li.n * ch / 2, top + li.n * ch / 2);
	/* the threats, numbered as in the risk table, up to 4 per row in a cell */
	json_array_foreach(rs, i, it) {
		const json_t *src = residual ? doc_obj(it, "residual") : it;
		long long l = doc_path_int(src, "likelihood.value");
		long long m = doc_path_int(it, "impact.value");
		int k, x, y;

		if (!src || l < 1 || l > li.n || m < 1 || m > im.n)
			continue;
		k = count[l][m]++;
		x = left + (int)(m - 1) * cw + 16 + (k % 4) * 26;
		y = top + (li.n - (int)l) * ch + 26 + (k / 4) * 24;
		emit_f(e, "<g class=\"mk\"><title>");
		html_esc(e, doc_str(it, "threat"));
		emit_f(e, ": risk %lld %s</title>", doc_path_int(src, "risk.value"),
		       doc_path_str(src, "risk.level"));
		emit_f(e, "<circle cx=\"%d\" cy=\"%d\" r=\"10\" fill=\"%s\"/>", x, y,
		       level_fill(doc_path_str(src, "risk.level")));
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
		n = n_of(it, "applied") + n_of(it, "controls") + n_of(it, "available") +
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
		int seg[3] = {n_of(it, "applied") + n_of(it, "controls"), n_of(it, "available"),
			      n_of(it, "gaps")};
		static const char *const fill[3] = {"#2e7d32", "#ef8f00", "#c62828"};
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
		  "fill=\"#2e7d32\"/><text x=\"%d\" y=\"%d\">applied standards + controls</text>",
	       left, y + 10, left + 16, y + 20);
	emit_f(e, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#ef8f00\"/>"
		  "<text x=\"%d\" y=\"%d\">available standards</text>",
	       left + 200, y + 10, left + 216, y + 20);
	emit_f(e, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#c62828\"/>"
		  "<text x=\"%d\" y=\"%d\">gaps</text></g>\n",
	       left + 350, y + 10, left + 366, y + 20);
	emit_s(e, "</svg>\n");
}
