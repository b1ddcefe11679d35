/*
 * probe.c - reports of `aisec probe` results: the Markdown draft of the AI
 * Act Art. 13(3)(b)(ii) declaration ("the levels of accuracy, robustness
 * and cybersecurity ... against which the high-risk AI system has been
 * tested"), a self-contained HTML page with the curves as SVG, and the
 * metrics as JSON.  Everything comes from the envelope and the generic
 * `metrics` and `curves` members (docs/probe.md), so a probe added later
 * appears without a change here.  Like the other renderers, no clock is
 * read: the same files give the same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report.h"

struct pdoc {
	const char *name;
	json_t *doc;
};

/* What each family of metrics cannot tell, unless the metric says itself. */
static const struct {
	const char *prefix, *text;
} limits[] = {
    {"extract.",
     "Exact only for models whose scores are a softmax of a linear function "
     "of the inputs; on other models the agreement says how far a linear "
     "model mimics the target."},
    {"evasion.",
     "Distances are upper bounds on the smallest perturbation that changes "
     "the decision: a claim such as 'no evasion below eps' is only as strong "
     "as the attack and its query budget; distances are in raw feature "
     "units."},
    {"membership.",
     "Measured on the member and non-member samples supplied; the interval "
     "reflects their size only, not how representative they are."},
    {"robustness.",
     "Accuracy under the noise model tested, on the labelled sample "
     "supplied; other corruptions may behave differently."},
    {"fuzz.",
     "A fixed list of malformed inputs, not coverage-guided: no crash found "
     "is not proof that none exists; accepting out-of-range values may be "
     "by design."},
    {"latency.",
     "Measured from the probe's machine (network included), under the load "
     "it generated; the slowest inputs come from a local search and may not "
     "be the slowest there are."},
};

/* Which way a metric improves, as the tables say it ("" when unsaid). */
static const char *better_of(const json_t *m)
{
	if (!json_is_boolean(json_object_get(m, "higher_is_better")))
		return "";
	return doc_bool(m, "higher_is_better") ? "higher" : "lower";
}

static const char *limit_of(const json_t *m)
{
	const char *id = doc_str(m, "id");

	if (*doc_str(m, "limits"))
		return doc_str(m, "limits");
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
		if (strncmp(id, limits[i].prefix, strlen(limits[i].prefix)) ==
		    0)
			return limits[i].text;
	return "See the probe's documentation (docs/probe.md).";
}

static int bad(struct aisec_error *err, const char *name, const char *field,
	       const char *why)
{
	return aisec_error_set(err, AISEC_ERR_INVALID,
			       "probe results '%s': field '%s': %s", name,
			       field, why);
}

static int check_points(const json_t *pts, const char *name, size_t ci,
			size_t si, struct aisec_error *err)
{
	size_t i;
	json_t *p;
	char f[96];

	if (!json_is_array(pts)) {
		snprintf(f, sizeof(f), "curves[%zu].series[%zu].points", ci,
			 si);
		return bad(err, name, f, "not a list");
	}
	json_array_foreach(pts, i, p)
	{
		if (!json_is_array(p) || json_array_size(p) != 2 ||
		    !json_is_number(json_array_get(p, 0)) ||
		    !json_is_number(json_array_get(p, 1))) {
			snprintf(f, sizeof(f),
				 "curves[%zu].series[%zu].points[%zu]", ci, si,
				 i);
			return bad(err, name, f,
				   "not an [x, y] pair of numbers");
		}
	}
	return 0;
}

/* The envelope and the generic members, as docs/probe.md has them. */
static int check(const json_t *d, const char *name, struct aisec_error *err)
{
	json_t *ms = json_object_get(d, "metrics"),
	       *cs = json_object_get(d, "curves"), *m, *c, *s;
	size_t i, j;
	char f[64];

	if (!json_is_object(d))
		return bad(err, name, "(top)", "not an object");
	if (json_integer_value(json_object_get(d, "aisec_probe")) != 1)
		return bad(err, name, "aisec_probe",
			   "missing or not 1 (not aisec probe results)");
	if (!json_is_string(json_object_get(d, "probe")))
		return bad(err, name, "probe", "missing or not a string");
	if (!json_is_boolean(json_object_get(d, "complete")))
		return bad(err, name, "complete", "missing or not true/false");
	if (!json_is_object(json_object_get(d, "target")))
		return bad(err, name, "target", "missing or not an object");
	if (ms && !json_is_array(ms))
		return bad(err, name, "metrics", "not a list");
	json_array_foreach(ms, i, m)
	{
		const char *why = NULL, *fld = NULL;

		if (!json_is_object(m))
			fld = "", why = "not an object";
		else if (!json_is_string(json_object_get(m, "id")))
			fld = ".id", why = "missing or not a string";
		else if (!json_is_string(json_object_get(m, "label")))
			fld = ".label", why = "missing or not a string";
		else if (!json_is_number(json_object_get(m, "value")))
			fld = ".value", why = "missing or not a number";
		else if (!json_is_string(json_object_get(m, "unit")))
			fld = ".unit", why = "missing or not a string";
		if (why) {
			snprintf(f, sizeof(f), "metrics[%zu]%s", i, fld);
			return bad(err, name, f, why);
		}
	}
	if (cs && !json_is_array(cs))
		return bad(err, name, "curves", "not a list");
	json_array_foreach(cs, i, c)
	{
		int ret;

		if (!json_is_object(c) ||
		    !json_is_string(json_object_get(c, "id")) ||
		    !json_is_array(json_object_get(c, "series"))) {
			snprintf(f, sizeof(f), "curves[%zu]", i);
			return bad(err, name, f,
				   "not an object with an id and series");
		}
		json_array_foreach(json_object_get(c, "series"), j, s)
		{
			if ((ret = check_points(json_object_get(s, "points"),
						name, i, j, err)) != 0)
				return ret;
		}
	}
	return 0;
}

/* A metric's value in words: ratios as percentages. */
static void value_text(const json_t *m, char *out, size_t n)
{
	const char *unit = doc_str(m, "unit");
	double v = json_number_value(json_object_get(m, "value"));
	json_t *iv = json_object_get(m, "interval");
	size_t len;

	if (strcmp(unit, "ratio") == 0 && v > 1)
		snprintf(out, n, "%.2fx", v); /* a slowdown, not a fraction */
	else if (strcmp(unit, "ratio") == 0)
		snprintf(out, n, "%.1f%%", 100 * v);
	else if (strcmp(unit, "count") == 0 || strcmp(unit, "queries") == 0)
		snprintf(out, n, "%.0f%s", v,
			 strcmp(unit, "queries") == 0 ? " queries" : "");
	else if (strcmp(unit, "ms") == 0)
		snprintf(out, n, "%.1f ms", v);
	else if (strcmp(unit, "auc") == 0)
		snprintf(out, n, "%.3f", v);
	else
		snprintf(out, n, "%.4g", v);
	len = strlen(out);
	if (json_is_object(iv) && len < n) {
		int pct = strcmp(unit, "ratio") == 0;
		double lo = json_number_value(json_object_get(iv, "low"));
		double hi = json_number_value(json_object_get(iv, "high"));
		double lv = json_number_value(json_object_get(iv, "level"));

		snprintf(out + len, n - len,
			 " (%.0f%% interval %.4g%s to %.4g%s%s%s)", 100 * lv,
			 pct ? 100 * lo : lo, pct ? "%" : "",
			 pct ? 100 * hi : hi, pct ? "%" : "",
			 *doc_str(iv, "method") ? ", " : "",
			 doc_str(iv, "method"));
	}
}

static const char *proto_target(const json_t *t, char *out, size_t n)
{
	if (json_is_string(json_object_get(t, "url")))
		snprintf(out, n, "%s %s, model %s", doc_str(t, "protocol"),
			 doc_str(t, "url"), doc_str(t, "model"));
	else
		snprintf(out, n, "%s, model %s", doc_str(t, "protocol"),
			 doc_str(t, "model"));
	return out;
}

/* ---- Markdown ------------------------------------------------------------ */

/* Table cells: no line breaks, '|' escaped. */
static void md_cell(struct emit *e, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			emit_s(e, "\\|");
		else if (*s == '\n' || *s == '\r')
			emit_c(e, ' ');
		else
			emit_c(e, *s);
	}
}

static void md_one(struct emit *e, const struct pdoc *p)
{
	const json_t *d = p->doc, *t = json_object_get(d, "target"),
		     *q = json_object_get(d, "queries"), *m;
	char buf[512];
	size_t i;

	emit_f(e, "\n## %s (`%s`)\n\n", doc_str(d, "probe"), p->name);
	emit_s(e, "| | |\n|---|---|\n");
	emit_s(e, "| target | ");
	md_cell(e, proto_target(t, buf, sizeof(buf)));
	emit_s(e, " |\n| target digest | `");
	md_cell(e, doc_str(t, "digest"));
	emit_s(e, "` |\n| date | ");
	md_cell(e, *doc_str(d, "date") ? doc_str(d, "date") : "not recorded");
	emit_f(e, " |\n| seed | %lld |\n", doc_int(d, "seed"));
	emit_f(e, "| queries | %lld of a budget of %lld |\n",
	       doc_int(q, "used"), doc_int(q, "budget"));
	emit_s(e, "| complete | ");
	if (doc_bool(d, "complete"))
		emit_s(e, "yes");
	else {
		emit_s(e, "**no**: ");
		md_cell(e, doc_str(d, "error"));
	}
	emit_s(e, " |\n\n");
	if (!json_array_size(json_object_get(d, "metrics"))) {
		emit_s(e, "No metrics in these results.\n");
		return;
	}
	emit_s(e, "| metric | value | better | limits |\n|---|---|---|---|\n");
	json_array_foreach(json_object_get(d, "metrics"), i, m)
	{
		value_text(m, buf, sizeof(buf));
		emit_s(e, "| ");
		md_cell(e, doc_str(m, "label"));
		emit_s(e, " (`");
		md_cell(e, doc_str(m, "id"));
		emit_s(e, "`) | ");
		md_cell(e, buf);
		emit_f(e, " | %s | ",
		       better_of(m));
		md_cell(e, limit_of(m));
		emit_s(e, " |\n");
	}
}

static int render_md(const struct pdoc *ps, size_t n, struct aisec_buf *out,
		     struct aisec_error *err)
{
	struct emit e;
	char buf[512];

	emit_init(&e, out);
	emit_s(&e, "# Levels of accuracy, robustness and cybersecurity against "
		   "which the system was tested (draft)\n\n");
	emit_s(&e,
	       "Draft for the instructions for use, AI Act (Regulation (EU) "
	       "2024/1689) Art. 13(3)(b)(ii), with the measurements behind "
	       "Art. 15(1), (3) and (5).  Generated by `aisec probe report` "
	       "from the results files named below; each figure holds for the "
	       "target identified by its digest (the SHA-256 of the target "
	       "spec, the protocol and the endpoint) at the date shown, and "
	       "must be reviewed by the provider before use.\n\n");
	emit_s(&e, "## Declaration\n\nThe system was tested through its "
		   "prediction interface as follows:\n\n");
	for (size_t k = 0; k < n; k++) {
		const json_t *d = ps[k].doc, *m;
		size_t i, cnt = json_array_size(json_object_get(d, "metrics"));

		emit_f(&e, "- **%s** (%s%s): ", doc_str(d, "probe"),
		       *doc_str(d, "date") ? doc_str(d, "date") : "undated",
		       doc_bool(d, "complete") ? "" : ", INCOMPLETE");
		if (!cnt)
			emit_s(&e, "no metrics");
		json_array_foreach(json_object_get(d, "metrics"), i, m)
		{
			value_text(m, buf, sizeof(buf));
			emit_f(&e, "%s%s %s", i ? "; " : "",
			       doc_str(m, "label"), buf);
		}
		emit_s(&e, ".\n");
	}
	for (size_t k = 0; k < n; k++)
		md_one(&e, &ps[k]);
	return emit_done(&e, "md", err);
}

/* ---- HTML ---------------------------------------------------------------- */

#define W 640
#define H 300
#define ML 64
#define MR 16
#define MT 14
#define MB 44

static double sx(double x, double lo, double hi, int logx)
{
	if (logx) {
		x = log10(x);
		lo = log10(lo);
		hi = log10(hi);
	}
	return ML + (hi > lo ? (x - lo) / (hi - lo) : 0.5) * (W - ML - MR);
}

static double sy(double y, double lo, double hi)
{
	return H - MB - (hi > lo ? (y - lo) / (hi - lo) : 0.5) * (H - MT - MB);
}

static void svg_curve(struct emit *e, const json_t *c)
{
	static const char *const colour[] = {"#1565c0", "#c62828", "#2e7d32",
					     "#b35c00", "#6a1b9a"};
	const json_t *ser = json_object_get(c, "series"), *s, *p;
	double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
	int logx = strcmp(doc_str(doc_obj(c, "x"), "scale"), "log") == 0;
	size_t i, j;

	json_array_foreach(ser, i, s)
	{
		json_array_foreach(json_object_get(s, "points"), j, p)
		{
			double x = json_number_value(json_array_get(p, 0));
			double y = json_number_value(json_array_get(p, 1));

			if (logx && !(x > 0))
				continue;
			x0 = fmin(x0, x), x1 = fmax(x1, x);
			y0 = fmin(y0, y), y1 = fmax(y1, y);
		}
	}
	emit_s(e, "<figure><figcaption>");
	html_esc(e, doc_str(c, "title"));
	emit_f(e,
	       "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
	       "aria-label=\"",
	       W, H, W, H);
	html_esc(e, doc_str(c, "title"));
	emit_s(e, "\">\n");
	if (!isfinite(x0)) {
		emit_f(
		    e,
		    "<text x=\"%d\" y=\"%d\">no points</text></svg></figure>\n",
		    ML, H / 2);
		return;
	}
	if (y0 > 0 && y0 < 0.5 * y1)
		y0 = 0; /* a zero baseline unless it squashes the curve */
	emit_f(
	    e,
	    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
	    "stroke=\"#d8dee6\"/>\n",
	    ML, MT, W - ML - MR, H - MT - MB);
	for (int k = 0; k <= 4; k++) {
		double fx =
		    logx ? pow(10, log10(x0) + k * (log10(x1) - log10(x0)) / 4)
			 : x0 + k * (x1 - x0) / 4;
		double fy = y0 + k * (y1 - y0) / 4;

		emit_f(e,
		       "<text x=\"%.1f\" y=\"%d\" "
		       "text-anchor=\"middle\">%.3g</text>"
		       "<text x=\"%d\" y=\"%.1f\" "
		       "text-anchor=\"end\">%.3g</text>\n",
		       sx(fx, x0, x1, logx), H - MB + 16, fx, ML - 6,
		       sy(fy, y0, y1) + 4, fy);
	}
	emit_f(e,
	       "<text class=\"axt\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
	       (ML + W - MR) / 2, H - 6);
	html_esc(e, doc_str(doc_obj(c, "x"), "label"));
	emit_f(e,
	       "</text>\n<text class=\"axt\" x=\"14\" y=\"%d\" "
	       "transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">",
	       (MT + H - MB) / 2, (MT + H - MB) / 2);
	html_esc(e, doc_str(doc_obj(c, "y"), "label"));
	emit_s(e, "</text>\n");
	json_array_foreach(ser, i, s)
	{
		emit_f(
		    e,
		    "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"%s\" "
		    "points=\"",
		    colour[i % 5]);
		json_array_foreach(json_object_get(s, "points"), j, p)
		{
			double x = json_number_value(json_array_get(p, 0));

			if (logx && !(x > 0))
				continue;
			emit_f(e, "%s%.1f,%.1f", j ? " " : "",
			       sx(x, x0, x1, logx),
			       sy(json_number_value(json_array_get(p, 1)), y0,
				  y1));
		}
		emit_f(e, "\"/>\n<text x=\"%d\" y=\"%zu\" fill=\"%s\">", ML + 8,
		       MT + 16 + 16 * i, colour[i % 5]);
		html_esc(e, doc_str(s, "name"));
		emit_s(e, "</text>\n");
	}
	emit_s(e, "</svg></figure>\n");
}

static void html_one(struct emit *e, const struct pdoc *p, size_t k)
{
	const json_t *d = p->doc, *t = json_object_get(d, "target"),
		     *q = json_object_get(d, "queries"), *m, *c;
	char buf[512];
	size_t i;

	emit_f(e, "<section id=\"r%zu\"><details open><summary><h2>", k + 1);
	html_esc(e, doc_str(d, "probe"));
	emit_s(e, "</h2> <span class=\"meta\">");
	html_esc(e, p->name);
	emit_f(e, "</span> <span class=\"badge b-%s\">%s</span></summary>\n",
	       doc_bool(d, "complete") ? "verified" : "broken",
	       doc_bool(d, "complete") ? "complete" : "incomplete");
	emit_s(e, "<div class=\"tiles\"><div class=\"tile wide\"><div "
		  "class=\"k\">target</div>");
	html_esc(e, proto_target(t, buf, sizeof(buf)));
	emit_s(e, "</div><div class=\"tile wide\"><div class=\"k\">target "
		  "digest</div><code>");
	html_esc(e, doc_str(t, "digest"));
	emit_s(e, "</code></div><div class=\"tile\"><div class=\"k\">date</div>"
		  "<time>");
	html_esc(e, *doc_str(d, "date") ? doc_str(d, "date") : "not recorded");
	emit_f(e,
	       "</time></div><div class=\"tile\"><div class=\"k\">seed</div>"
	       "<div class=\"v\">%lld</div></div><div class=\"tile\"><div "
	       "class=\"k\">queries</div><div class=\"v\">%lld</div>of %lld"
	       "</div></div>\n",
	       doc_int(d, "seed"), doc_int(q, "used"), doc_int(q, "budget"));
	if (!doc_bool(d, "complete")) {
		emit_s(e, "<p><strong>Incomplete:</strong> ");
		html_esc(e, doc_str(d, "error"));
		emit_s(e, "</p>\n");
	}
	emit_s(e, "<h3>Metrics</h3><div class=\"scroll\"><table><thead><tr>"
		  "<th>metric</th><th>value</th><th>better</th><th>limits</th>"
		  "</tr></thead><tbody>\n");
	json_array_foreach(json_object_get(d, "metrics"), i, m)
	{
		value_text(m, buf, sizeof(buf));
		emit_s(e, "<tr><td>");
		html_esc(e, doc_str(m, "label"));
		emit_s(e, " <code>");
		html_esc(e, doc_str(m, "id"));
		emit_s(e, "</code></td><td>");
		html_esc(e, buf);
		emit_f(e, "</td><td>%s</td><td class=\"facts\">",
		       better_of(m));
		html_esc(e, limit_of(m));
		emit_s(e, "</td></tr>\n");
	}
	emit_s(e, "</tbody></table></div>\n");
	if (json_array_size(json_object_get(d, "curves"))) {
		emit_s(e, "<h3>Curves</h3><div class=\"charts\">\n");
		json_array_foreach(json_object_get(d, "curves"), i, c)
		    svg_curve(e, c);
		emit_s(e, "</div>\n");
	}
	emit_s(e, "</details></section>\n");
}

static int render_html(const struct pdoc *ps, size_t n, struct aisec_buf *out,
		       struct aisec_error *err)
{
	struct emit e;

	emit_init(&e, out);
	emit_s(&e, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
		   "charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-"
		   "Policy\" content=\"" REPORT_HTML_CSP "\">\n"
		   "<meta name=\"viewport\" "
		   "content=\"width=device-width, initial-scale=1\">\n<title>"
		   "Probe results: accuracy, robustness and cybersecurity as "
		   "tested</title>\n<style>\n");
	emit_s(&e, report_html_css);
	emit_s(&e, "</style>\n</head>\n<body>\n<main>\n<header><h1>Probe "
		   "results</h1><p class=\"meta\">Levels of accuracy, "
		   "robustness and cybersecurity against which the system was "
		   "tested through its prediction interface (AI Act Art. "
		   "13(3)(b)(ii), Art. 15).</p></header>\n<nav class=\"toc\">"
		   "<h2>Contents</h2><ol>");
	for (size_t k = 0; k < n; k++) {
		emit_f(&e, "<li><a href=\"#r%zu\">", k + 1);
		html_esc(&e, doc_str(ps[k].doc, "probe"));
		emit_s(&e, "</a></li>");
	}
	emit_s(&e, "</ol></nav>\n");
	for (size_t k = 0; k < n; k++)
		html_one(&e, &ps[k], k);
	emit_s(&e, "<footer>aisec probe report</footer>\n</main>\n</body>\n"
		   "</html>\n");
	return emit_done(&e, "html", err);
}

/* ---- JSON ---------------------------------------------------------------- */

static int render_json(const struct pdoc *ps, size_t n, struct aisec_buf *out,
		       struct aisec_error *err)
{
	json_t *all = json_array();

	for (size_t k = 0; k < n; k++) {
		const json_t *d = ps[k].doc;

		json_array_append_new(
		    all, json_pack("{s:s, s:O, s:O, s:O?, s:O?, s:O, s:O?, "
				   "s:O?, s:O?}",
				   "file", ps[k].name, "probe",
				   json_object_get(d, "probe"), "complete",
				   json_object_get(d, "complete"), "date",
				   json_object_get(d, "date"), "seed",
				   json_object_get(d, "seed"), "target",
				   json_object_get(d, "target"), "queries",
				   json_object_get(d, "queries"), "metrics",
				   json_object_get(d, "metrics"), "error",
				   json_object_get(d, "error")));
	}
	return emit_json(
	    json_pack("{s:i, s:o}", "aisec_probe_report", 1, "results", all),
	    out, "json", err);
}

int aisec_report_probe(const char *const *names, const char *const *texts,
		       const size_t *lens, size_t n, const char *format,
		       struct aisec_buf *out, struct aisec_error *err)
{
	struct pdoc *ps = calloc(n ? n : 1, sizeof(*ps));
	int ret = 0;

	if (!ps)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if (strcmp(format, "md") != 0 && strcmp(format, "html") != 0 &&
	    strcmp(format, "json") != 0)
		ret = aisec_error_set(err, AISEC_ERR_USAGE,
				      "unknown probe report format '%s' (md, "
				      "html, json)",
				      format);
	for (size_t i = 0; i < n && ret == 0; i++) {
		json_error_t je;

		ps[i].name = names[i];
		ps[i].doc =
		    json_loadb(texts[i], lens[i], JSON_REJECT_DUPLICATES, &je);
		if (!ps[i].doc)
			ret = aisec_error_set(err, AISEC_ERR_PARSE,
					      "probe results '%s' line %d: %s",
					      names[i], je.line, je.text);
		else
			ret = check(ps[i].doc, names[i], err);
	}
	if (ret == 0)
		ret = strcmp(format, "md") == 0 ? render_md(ps, n, out, err)
		      : strcmp(format, "html") == 0
			  ? render_html(ps, n, out, err)
			  : render_json(ps, n, out, err);
	for (size_t i = 0; i < n; i++)
		json_decref(ps[i].doc);
	free(ps);
	return ret;
}
