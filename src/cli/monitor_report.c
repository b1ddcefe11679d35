/*
 * monitor_report.c - `aisec monitor replay`: a recorded log through the
 * monitor into DIR/monitor.json (the summary `aisec assess` reads as
 * evidence.monitoring, every alert, the time series of each windowed
 * metric) and DIR/monitor.html, a self-contained page (no scripts, fonts or
 * links) with one inline SVG chart per metric: the value, its confidence
 * bound or critical value, the declared level, alerts marked.  Same look as
 * the assessment report (src/report/html.c).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/monitor_cli.h"

static const char css[] =
    ":root{--fg:#1c2430;--muted:#5f6b7a;--line:#d8dee6;--bg:#f5f7fa;"
    "--card:#fff;--red:#c62828;--amber:#ef8f00;--green:#2e7d32;"
    "--blue:#1565c0}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 "
    "system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}\n"
    "main{max-width:1100px;margin:0 auto;padding:24px}\n"
    "header,section,nav.toc{background:var(--card);border-radius:10px;"
    "padding:20px 24px;box-shadow:0 1px 3px rgba(0,0,0,.08);"
    "margin-bottom:18px}\n"
    "nav.toc ol{display:flex;flex-wrap:wrap;gap:2px 28px;margin:0;"
    "padding-left:22px}\n"
    "h1{font-size:26px;margin:0 0 6px}\n"
    "h2{font-size:19px;margin:0 0 12px;border-bottom:2px solid "
    "var(--line);padding-bottom:6px}\n"
    ".meta{color:var(--muted);font-size:13px}\n"
    ".tiles{display:flex;gap:12px;flex-wrap:wrap}\n"
    ".tile{background:var(--bg);border-radius:8px;padding:10px 16px;"
    "min-width:140px}\n"
    ".tile .v{font-size:22px;font-weight:700}\n"
    ".tile .k{color:var(--muted);font-size:12px;text-transform:uppercase;"
    "letter-spacing:.04em}\n"
    "table{border-collapse:collapse;width:100%;font-size:14px}\n"
    "th,td{text-align:left;padding:6px 8px;border-bottom:1px solid "
    "var(--line);vertical-align:top}\n"
    "th{background:#eef2f6;font-weight:600}\n"
    ".bad{color:var(--red);font-weight:600}.ok{color:var(--green);"
    "font-weight:600}\n"
    "figure{margin:0 0 18px}figcaption{font-weight:600;margin-bottom:4px}\n"
    "svg text{font:12px system-ui,sans-serif;fill:#1c2430}\n"
    ".legend{color:var(--muted);font-size:12.5px}\n";

static int esc(struct aisec_buf *b, const char *s)
{
	int rc = 0;

	for (; s && *s && !rc; s++) {
		switch (*s) {
		case '<':
			rc = aisec_buf_adds(b, "&lt;");
			break;
		case '>':
			rc = aisec_buf_adds(b, "&gt;");
			break;
		case '&':
			rc = aisec_buf_adds(b, "&amp;");
			break;
		case '"':
			rc = aisec_buf_adds(b, "&quot;");
			break;
		default:
			rc = aisec_buf_addch(b, *s);
		}
	}
	return rc;
}

static double num_at(json_t *pt, size_t i)
{
	json_t *v = json_array_get(pt, i);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

#define W 960.0
#define H 220.0
#define PL 64.0
#define PR 16.0
#define PT 12.0
#define PB 28.0

struct axis {
	double x0, x1, y0, y1;
};

static double sx(const struct axis *a, double x)
{
	return PL + (a->x1 > a->x0 ? (x - a->x0) / (a->x1 - a->x0) : 0.5) *
			(W - PL - PR);
}

static double sy(const struct axis *a, double y)
{
	return H - PB -
	       (a->y1 > a->y0 ? (y - a->y0) / (a->y1 - a->y0) : 0.5) *
		   (H - PT - PB);
}

static int polyline(struct aisec_buf *b, const struct axis *a, json_t *pts,
		    size_t col, const char *style)
{
	size_t i;
	json_t *pt;
	int rc =
	    aisec_buf_addf(b, "<polyline fill=\"none\" %s points=\"", style);

	json_array_foreach(pts, i, pt)
	{
		double y = num_at(pt, col);

		if (rc == 0 && isfinite(y))
			rc = aisec_buf_addf(b, "%.1f,%.1f ",
					    sx(a, num_at(pt, 0)), sy(a, y));
	}
	return rc ?: aisec_buf_adds(b, "\"/>\n");
}

static int chart(struct aisec_buf *b, const char *key, json_t *pts)
{
	struct axis a = {INFINITY, -INFINITY, INFINITY, -INFINITY};
	size_t i, nalerts = 0;
	json_t *pt;
	double thr = NAN;
	int rc;

	json_array_foreach(pts, i, pt)
	{
		a.x0 = fmin(a.x0, num_at(pt, 0));
		a.x1 = fmax(a.x1, num_at(pt, 0));
		for (size_t c = 2; c <= 4; c++) {
			double v = num_at(pt, c);

			if (isfinite(v)) {
				a.y0 = fmin(a.y0, v);
				a.y1 = fmax(a.y1, v);
			}
		}
		if (isfinite(num_at(pt, 4)))
			thr = num_at(pt, 4);
		nalerts += json_is_true(json_array_get(pt, 5));
	}
	if (!isfinite(a.y0)) {
		a.y0 = 0;
		a.y1 = 1;
	}
	{
		double pad = (a.y1 - a.y0) * 0.08 + 1e-9;

		a.y0 -= pad;
		a.y1 += pad;
	}
	rc = aisec_buf_adds(b, "<figure><figcaption>");
	rc = rc ?: esc(b, key);
	rc = rc
		 ?: aisec_buf_addf(
			b,
			" <span class=\"legend\">(%zu windows, %zu "
			"with an alert)</span></figcaption>\n"
			"<svg viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" "
			"role=\"img\" aria-label=\"",
			json_array_size(pts), nalerts, W, H);
	rc = rc ?: esc(b, key);
	rc =
	    rc
		?: aisec_buf_addf(
		       b,
		       "\">\n<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" "
		       "height=\"%.0f\" fill=\"#fafbfc\" stroke=\"#d8dee6\"/>\n"
		       "<text x=\"%.0f\" y=\"%.1f\" "
		       "text-anchor=\"end\">%.4g</text>\n"
		       "<text x=\"%.0f\" y=\"%.1f\" "
		       "text-anchor=\"end\">%.4g</text>\n"
		       "<text x=\"%.0f\" y=\"%.0f\">event %.0f</text>\n"
		       "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">event "
		       "%.0f</text>\n",
		       PL, PT, W - PL - PR, H - PT - PB, PL - 6, PT + 10, a.y1,
		       PL - 6, H - PB, a.y0, PL, H - 8, a.x0, W - PR, H - 8,
		       a.x1);
	if (rc == 0 && isfinite(thr))
		rc = aisec_buf_addf(b,
				    "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" "
				    "y2=\"%.1f\" stroke=\"#c62828\" "
				    "stroke-dasharray=\"6 4\"><title>declared "
				    "%.4g</title></line>\n",
				    PL, W - PR, sy(&a, thr), sy(&a, thr), thr);
	rc = rc
		 ?: polyline(b, &a, pts, 3,
			     "stroke=\"#ef8f00\" stroke-dasharray=\"3 3\"");
	rc = rc
		 ?: polyline(b, &a, pts, 2,
			     "stroke=\"#1565c0\" stroke-width=\"1.5\"");
	json_array_foreach(pts, i, pt)
	{
		if (rc || !json_is_true(json_array_get(pt, 5)))
			continue;
		rc =
		    aisec_buf_addf(b,
				   "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
				   "fill=\"#c62828\"><title>alert at event "
				   "%.0f: %.4g</title></circle>\n",
				   sx(&a, num_at(pt, 0)), sy(&a, num_at(pt, 2)),
				   num_at(pt, 0), num_at(pt, 2));
	}
	return rc
		   ?: aisec_buf_adds(
			  b, "</svg>\n<div class=\"legend\">blue: value; amber "
			     "dashed: "
			     "confidence bound or critical value; red dashed: "
			     "declared "
			     "level; red dots: alerts</div></figure>\n");
}

static int tile(struct aisec_buf *b, const char *k, json_t *v)
{
	return aisec_buf_addf(b,
			      "<div class=\"tile\"><div class=\"v\">%lld</div>"
			      "<div class=\"k\">%s</div></div>",
			      (long long)json_integer_value(v), k);
}

int mon_html(json_t *res, struct aisec_buf *b)
{
	json_t *series = json_object_get(res, "series"), *v, *alerts;
	const char *key;
	size_t i;
	int rc;

	rc = aisec_buf_addf(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
			       "charset=\"utf-8\"><meta name=\"viewport\" "
			       "content=\"width=device-width\"><title>Monitor "
			       "replay: ");
	rc = rc ?: esc(b, json_string_value(json_object_get(res, "system")));
	rc = rc
		 ?: aisec_buf_addf(b,
				   "</title><style>%s</style></head><body>"
				   "<main><header><h1>Monitor replay: ",
				   css);
	rc = rc ?: esc(b, json_string_value(json_object_get(res, "system")));
	rc = rc ?: aisec_buf_adds(b, "</h1><div class=\"meta\">input ");
	rc = rc ?: esc(b, json_string_value(json_object_get(res, "input")));
	rc = rc ?: aisec_buf_adds(b, ", spec ");
	rc = rc ?: esc(b, json_string_value(json_object_get(res, "spec")));
	rc = rc ?: aisec_buf_adds(b, "</div><div class=\"tiles\">");
	rc = rc ?: tile(b, "events", json_object_get(res, "events"));
	rc =
	    rc ?: tile(b, "malformed lines", json_object_get(res, "malformed"));
	rc = rc ?: tile(b, "labelled", json_object_get(res, "labelled"));
	rc = rc ?: tile(b, "alerts", json_object_get(res, "alerts"));
	rc = rc ?: aisec_buf_adds(b, "</div></header>\n");
	/* contents, as in the assessment report */
	rc = rc
		 ?: aisec_buf_adds(b,
				   "<nav class=\"toc\" aria-label=\"contents\">"
				   "<h2>Contents</h2><ol>");
	if (rc == 0 && json_array_size(json_object_get(res, "levels")))
		rc = aisec_buf_adds(b, "<li><a href=\"#levels\">Declared "
				       "levels</a></li>");
	rc = rc
		 ?: aisec_buf_adds(b, "<li><a href=\"#series\">Time series</a>"
				      "</li><li><a href=\"#alerts\">Alerts</a>"
				      "</li></ol></nav>\n");
	/* declared levels */
	if (rc == 0 && json_array_size(json_object_get(res, "levels"))) {
		rc = aisec_buf_adds(
		    b, "<section id=\"levels\"><h2>Declared levels (AI Act "
		       "Art. 15(3))"
		       "</h2><table><tr><th>metric</th><th>declared</th>"
		       "<th>observed</th><th>bound</th><th>trials</th>"
		       "<th>worst window bound</th><th>alerts</th>"
		       "<th>status</th></tr>\n");
		json_array_foreach(json_object_get(res, "levels"), i, v)
		{
			bool met = json_is_true(json_object_get(v, "met"));

			rc = rc ?: aisec_buf_adds(b, "<tr><td>");
			rc = rc
				 ?: esc(b, json_string_value(
					       json_object_get(v, "metric")));
			rc = rc
				 ?: aisec_buf_addf(
					b,
					"</td><td>%s "
					"%.4g</td><td>%.4g</td><td>%.4g"
					"</td><td>%lld</td><td>%.4g</"
					"td><td>%lld</td>"
					"<td class=\"%s\">%s</td></tr>\n",
					json_string_value(
					    json_object_get(v, "declared_as")),
					json_number_value(
					    json_object_get(v, "declared")),
					json_number_value(
					    json_object_get(v, "observed")),
					json_number_value(
					    json_object_get(v, "bound")),
					(long long)json_integer_value(
					    json_object_get(v, "trials")),
					json_number_value(json_object_get(
					    v, "worst_window_bound")),
					(long long)json_integer_value(
					    json_object_get(v, "alerts")),
					met ? "ok" : "bad",
					met ? "met" : "alert raised");
		}
		rc = rc ?: aisec_buf_adds(b, "</table></section>\n");
	}
	rc = rc
		 ?: aisec_buf_adds(
			b, "<section id=\"series\"><h2>Time series</h2>\n");
	json_object_foreach(series, key, v)
	{
		if (rc == 0)
			rc = chart(b, key, v);
	}
	if (rc == 0 && json_object_size(series) == 0)
		rc = aisec_buf_adds(b, "<p>No window was complete.</p>\n");
	rc =
	    rc
		?: aisec_buf_adds(
		       b, "</section>\n<section id=\"alerts\"><h2>Alerts</h2>");
	alerts = json_object_get(res, "alert_list");
	if (rc == 0 && json_array_size(alerts) == 0)
		rc = aisec_buf_adds(b, "<p class=\"ok\">No alert.</p>");
	else if (rc == 0) {
		rc = aisec_buf_adds(b, "<table><tr><th>events</th><th>detector"
				       "</th><th>test</th><th>message</th>"
				       "</tr>\n");
		json_array_foreach(alerts, i, v)
		{
			if (rc || i >= 1000)
				break;
			rc = aisec_buf_addf(
			    b, "<tr><td>%lld&ndash;%lld</td><td>",
			    (long long)json_integer_value(
				json_object_get(v, "first_event")),
			    (long long)json_integer_value(
				json_object_get(v, "last_event")));
			rc = rc
				 ?: esc(b, json_string_value(
					       json_object_get(v, "detector")));
			rc = rc ?: aisec_buf_adds(b, "</td><td>");
			rc = rc
				 ?: esc(b, json_string_value(
					       json_object_get(v, "test")));
			rc = rc ?: aisec_buf_adds(b, "</td><td>");
			rc = rc
				 ?: esc(b, json_string_value(
					       json_object_get(v, "message")));
			rc = rc ?: aisec_buf_adds(b, "</td></tr>\n");
		}
		if (rc == 0 && json_array_size(alerts) > 1000)
			rc = aisec_buf_addf(b,
					    "<tr><td colspan=\"4\">%zu more in "
					    "monitor.json</td></tr>",
					    json_array_size(alerts) - 1000);
		rc = rc ?: aisec_buf_adds(b, "</table>");
	}
	return rc ?: aisec_buf_adds(b, "</section></main></body></html>\n");
}

static int write_file(const char *dir, const char *name, const char *data,
		      size_t len)
{
	char path[4096];
	struct aisec_error err;

	aisec_error_clear(&err);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (aisec_file_write_atomic(path, data, len, 0644, &err))
		return cli_error_from(&err);
	return 0;
}

int mon_replay(const char *spec, const char *file, const char *dir)
{
	struct mon_run r = {0};
	struct aisec_error err;
	struct aisec_buf sum, html;
	json_t *res = NULL;
	char *text = NULL;
	int rc;

	aisec_error_clear(&err);
	aisec_buf_init(&sum, 0);
	aisec_buf_init(&html, 0);
	r.alerts = json_array();
	r.series = json_object();
	if ((rc = mon_open(&r, spec, true)) ||
	    (rc = mon_read_input(&r, file, false, 0)))
		goto out;
	if (aisec_monitor_summary_json(r.m, &sum, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	res = json_loads(sum.data, 0, NULL);
	if (!res) {
		rc = cli_error("summary: out of memory");
		goto out;
	}
	json_object_set_new(res, "input", json_string(file));
	json_object_set_new(res, "spec", json_string(spec));
	json_object_set(res, "alert_list", r.alerts);
	json_object_set(res, "series", r.series);
	if (aisec_mkdirs(dir, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	text = json_dumps(res, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
	if (!text || mon_html(res, &html)) {
		rc = cli_error("report: out of memory");
		goto out;
	}
	if ((rc = write_file(dir, "monitor.json", text, strlen(text))) ||
	    (rc = write_file(dir, "monitor.html", html.data, html.len)))
		goto out;
	if (r.warned)
		cli_warn("'%s': %lld of %llu lines malformed, skipped", file,
			 (long long)json_integer_value(
			     json_object_get(res, "malformed")),
			 (unsigned long long)r.lineno);
	printf("%s: %lld events, %lld alerts; wrote %s/monitor.json and "
	       "%s/monitor.html\n",
	       file,
	       (long long)json_integer_value(json_object_get(res, "events")),
	       (long long)json_integer_value(json_object_get(res, "alerts")),
	       dir, dir);
	rc = json_integer_value(json_object_get(res, "alerts")) ? CLI_NEGATIVE
								: CLI_OK;
out:
	free(text);
	json_decref(res);
	aisec_buf_release(&sum);
	aisec_buf_release(&html);
	mon_close(&r);
	return rc;
}
