/*
 * html.c - the report as one self-contained HTML file: inline CSS and SVG,
 * no scripts, fonts, images or links to fetch, so it can be mailed, archived
 * and printed (an @media print block drops the shadows and keeps sections
 * together).  Charts come from svg.c.
 */
#include <string.h>

#include "report/report.h"

static const char css[] =
	":root{--fg:#1c2430;--muted:#5f6b7a;--line:#d8dee6;--bg:#f5f7fa;--card:#fff;"
	"--red:#c62828;--amber:#ef8f00;--green:#2e7d32;--blue:#1565c0}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,"
	"-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}\n"
	"main{max-width:1100px;margin:0 auto;padding:24px}\n"
	"header{background:var(--card);border-radius:10px;padding:20px 24px;"
	"box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:18px}\n"
	"h1{font-size:26px;margin:0 0 6px}\n"
	"h2{font-size:19px;margin:0 0 12px;border-bottom:2px solid var(--line);padding-bottom:6px}\n"
	"h3{font-size:16px;margin:14px 0 6px}\n"
	"section{background:var(--card);border-radius:10px;padding:18px 24px;margin-bottom:18px;"
	"box-shadow:0 1px 3px rgba(0,0,0,.08)}\n"
	".meta{color:var(--muted);font-size:13px}\n"
	".badge{display:inline-block;padding:2px 10px;border-radius:12px;font-size:13px;"
	"font-weight:600;color:#fff;background:var(--muted);white-space:nowrap}\n"
	".b-prohibited,.b-critical,.b-gap,.b-missing,.b-broken{background:var(--red)}\n"
	".b-high-risk{background:#ad1457}\n"
	".b-limited,.b-major,.b-coverable,.b-not_declared{background:var(--amber)}\n"
	".b-minimal,.b-minor,.b-covered,.b-verified{background:var(--green)}\n"
	".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;"
	"margin-top:14px}\n"
	".tile{border:1px solid var(--line);border-radius:8px;padding:10px 12px}\n"
	".tile .v{font-size:22px;font-weight:700}\n"
	".tile .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}\n"
	"table{border-collapse:collapse;width:100%;font-size:14px}\n"
	"th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;"
	"vertical-align:top}\n"
	"th{background:#eef2f6;font-weight:600}\n"
	"code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
	"background:#eef2f6;padding:1px 4px;border-radius:4px;white-space:nowrap}\n"
	"figure{margin:0 0 14px}\n"
	".facts,.src{color:var(--muted);font-size:12.5px}\n"
	".charts{display:flex;flex-wrap:wrap;gap:24px}\n"
	".charts figure{margin:0}\n"
	"figcaption{font-weight:600;margin-bottom:4px}\n"
	"svg text{font:12px system-ui,sans-serif;fill:#1c2430}\n"
	"svg .cellv{fill:#78909c;font-size:10px;text-anchor:end}\n"
	"svg .axt{font-weight:600}\n"
	"svg .mk text{fill:#fff;font-weight:700;font-size:11px}\n"
	"svg .st-covered{fill:var(--green)}svg .st-coverable{fill:var(--amber)}"
	"svg .st-gap{fill:var(--red)}\n"
	"ol.legend{columns:2;font-size:13px;margin:8px 0 0;padding-left:22px}\n"
	"ul{margin:6px 0;padding-left:22px}li{margin:3px 0}\n"
	"footer{color:var(--muted);font-size:12px;text-align:center;padding:8px}\n"
	"@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}"
	"header,section{box-shadow:none;border:1px solid var(--line);break-inside:avoid-page;"
	"page-break-inside:avoid}table,figure,tr{break-inside:avoid}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

void html_esc(struct emit *e, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			emit_s(e, "&amp;");
			break;
		case '<':
			emit_s(e, "&lt;");
			break;
		case '>':
			emit_s(e, "&gt;");
			break;
		case '"':
			emit_s(e, "&quot;");
			break;
		case '\'':
			emit_s(e, "&#39;");
			break;
		default:
			emit_c(e, *s);
		}
	}
}

struct page {
	struct emit e;
	const struct report_ctx *c;
};

static void badge(struct page *p, const char *s)
{
	emit_s(&p->e, "<span class=\"badge b-");
	html_esc(&p->e, s);
	emit_s(&p->e, "\">");
	html_esc(&p->e, s);
	emit_s(&p->e, "</span>");
}

static void code(struct page *p, const char *s)
{
	if (!s || !*s)
		return;
	emit_s(&p->e, "<code>");
	html_esc(&p->e, s);
	emit_s(&p->e, "</code>");
}

static void codes(struct page *p, const json_t *arr, const char *field)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) {
		if (i)
			emit_s(&p->e, " ");
		code(p, field ? doc_str(v, field) : doc_s(v));
	}
}

/* One code span per line, for table cells. */
static void stack(struct page *p, const json_t *arr, const char *field)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) {
		emit_s(&p->e, "<div>");
		code(p, field ? doc_str(v, field) : doc_s(v));
		emit_s(&p->e, "</div>");
	}
}

static void text(struct page *p, const char *s)
{
	html_esc(&p->e, s);
}

static void facts(struct page *p, const json_t *f)
{
	size_t i;
	json_t *it;

	if (!json_array_size(f))
		return;
	emit_s(&p->e, "<div class=\"facts\">facts: ");
	json_array_foreach(f, i, it) {
		if (i)
			emit_s(&p->e, "; ");
		code(p, doc_str(it, "field"));
		emit_s(&p->e, " = ");
		text(p, doc_str(it, "value"));
		if (doc_int(it, "line") > 0)
			emit_f(&p->e, " (line %lld)", doc_int(it, "line"));
	}
	emit_s(&p->e, "</div>");
}

static void source(struct page *p, const json_t *o)
{
	if (p->c->opt->explain && *doc_str(o, "source")) {
		emit_s(&p->e, "<div class=\"src\">source: ");
		text(p, doc_str(o, "source"));
		emit_s(&p->e, "</div>");
	}
}

static void tile(struct page *p, const char *k, const char *v, const char *cls)
{
	emit_s(&p->e, "<div class=\"tile\"><div class=\"k\">");
	text(p, k);
	emit_s(&p->e, "</div><div class=\"v\">");
	if (cls)
		badge(p, v);
	else
		text(p, v);
	emit_s(&p->e, "</div></div>\n");
}

static void header(struct page *p)
{
	const json_t *d = p->c->doc;
	const json_t *sys = doc_obj(d, "system");
	const json_t *s = doc_obj(d, "summary");
	char v[96];

	emit_s(&p->e, "<header>\n<h1>");
	text(p, doc_str(sys, "name"));
	if (*doc_str(sys, "version")) {
		emit_c(&p->e, ' ');
		text(p, doc_str(sys, "version"));
	}
	emit_s(&p->e, " ");
	badge(p, doc_path_str(d, "classification.class"));
	emit_s(&p->e, "</h1>\n<div>");
	text(p, doc_str(sys, "purpose"));
	emit_s(&p->e, "</div>\n<div class=\"meta\">");
	text(p, doc_str(sys, "provider"));
	emit_s(&p->e, " (");
	text(p, doc_str(sys, "role"));
	emit_s(&p->e, ") &middot; profile ");
	code(p, doc_path_str(d, "profile.file"));
	emit_s(&p->e, " &middot; assessed as of ");
	text(p, doc_str(d, "as_of"));
	emit_s(&p->e, " &middot; catalog ");
	text(p, doc_path_str(d, "catalog.version"));
	emit_s(&p->e, "</div>\n<div class=\"tiles\">\n");
	tile(p, "AI Act class", doc_path_str(d, "classification.class"), "b");
	snprintf(v, sizeof(v), "%lld", doc_int(s, "threats"));
	tile(p, "threats", v, NULL);
	snprintf(v, sizeof(v), "%lld → %lld", doc_path_int(s, "risks.critical"),
		 doc_path_int(s, "residual.critical"));
	tile(p, "critical risks, before → after controls", v, NULL);
	snprintf(v, sizeof(v), "%lld / %lld / %lld", doc_path_int(s, "requirements.covered"),
		 doc_path_int(s, "requirements.coverable"), doc_path_int(s, "requirements.gap"));
	tile(p, "requirements covered / coverable / gap", v, NULL);
	if (*doc_path_str(d, "next_steps.assurance_level.level"))
		tile(p, "suggested assurance level",
		     doc_path_str(d, "next_steps.assurance_level.level"), NULL);
	emit_s(&p->e, "</div>\n</header>\n");
}

static void basis_item(struct page *p, const char *title, const char *txt, const json_t *o)
{
	emit_s(&p->e, "<li><strong>");
	text(p, title);
	emit_s(&p->e, "</strong>: ");
	text(p, txt);
	if (*doc_str(o, "applies_from")) {
		emit_s(&p->e, " (applies from ");
		text(p, doc_str(o, "applies_from"));
		emit_c(&p->e, ')');
	}
	facts(p, doc_arr(o, "facts"));
	source(p, o);
	emit_s(&p->e, "</li>\n");
}

static void classification(struct page *p)
{
	const json_t *cls = doc_obj(p->c->doc, "classification");
	const json_t *o;
	json_t *it;
	size_t i;
	char t[160];

	emit_s(&p->e, "<section id=\"classification\">\n<h2>Classification</h2>\n<p>");
	badge(p, doc_str(cls, "class"));
	if (*doc_str(cls, "applies_from")) {
		emit_s(&p->e, " obligations apply from ");
		text(p, doc_str(cls, "applies_from"));
		emit_s(&p->e, doc_bool(cls, "applies_now") ? " (in force on " : " (not yet on ");
		text(p, doc_str(p->c->doc, "as_of"));
		emit_c(&p->e, ')');
	}
	emit_s(&p->e, "</p>\n<ul>\n");
	json_array_foreach(doc_arr(cls, "basis"), i, it)
		basis_item(p, doc_str(it, "article"), doc_str(it, "text"), it);
	json_array_foreach(doc_arr(cls, "prohibited"), i, it) {
		snprintf(t, sizeof(t), "Prohibited, %s", doc_str(it, "point"));
		basis_item(p, t, doc_str(it, "text"), it);
	}
	if ((o = doc_obj(cls, "annex_i"))) {
		snprintf(t, sizeof(t), "third-party conformity assessment: %s",
			 doc_bool(o, "third_party_assessment") ? "yes" : "no");
		emit_s(&p->e, "<li><strong>Annex I</strong>: ");
		text(p, doc_str(o, "act"));
		emit_s(&p->e, "; ");
		text(p, t);
		facts(p, doc_arr(o, "facts"));
		emit_s(&p->e, "</li>\n");
	}
	if ((o = doc_obj(cls, "annex_iii"))) {
		snprintf(t, sizeof(t), "Annex III point %s", doc_str(o, "point"));
		basis_item(p, t, doc_str(o, "title"), o);
	}
	if ((o = doc_obj(cls, "exemption_art6_3"))) {
		snprintf(t, sizeof(t), "Art. 6(3) exemption %s",
			 doc_bool(o, "applies") ? "applies" : "does not apply");
		emit_s(&p->e, "<li><strong>");
		text(p, t);
		emit_s(&p->e, "</strong>: ");
		text(p, doc_str(o, "condition"));
		emit_s(&p->e, "; duty: ");
		text(p, doc_str(o, "duty"));
		facts(p, doc_arr(o, "facts"));
		emit_s(&p->e, "</li>\n");
	}
	json_array_foreach(doc_arr(cls, "transparency"), i, it) {
		snprintf(t, sizeof(t), "Transparency, %s", doc_str(it, "article"));
		basis_item(p, t, doc_str(it, "text"), it);
	}
	if ((o = doc_obj(cls, "gpai"))) {
		snprintf(t, sizeof(t), "%s; systemic risk: %s", doc_bool(o, "model") ? "yes" : "no",
			 doc_bool(o, "systemic_risk") ? "yes" : "no");
		emit_s(&p->e, "<li><strong>General-purpose AI model</strong>: ");
		text(p, t);
		emit_s(&p->e, "</li>\n");
		json_array_foreach(doc_arr(o, "basis"), i, it)
			basis_item(p, doc_str(it, "article"), doc_str(it, "text"), it);
	}
	json_array_foreach(doc_arr(cls, "warnings"), i, it)
		basis_item(p, "Warning", doc_str(it, "text"), it);
	emit_s(&p->e, "</ul>\n</section>\n");
}

static void requirements(struct page *p)
{
	json_t *reqs = doc_arr(p->c->doc, "requirements");
	json_t *it, *ev;
	size_t i;

	emit_f(&p->e, "<section id=\"requirements\">\n<h2>Requirements (%zu)</h2>\n",
	       json_array_size(reqs));
	if (!json_array_size(reqs)) {
		emit_s(&p->e, "<p>None apply.</p>\n</section>\n");
		return;
	}
	emit_s(&p->e, "<table>\n<tr><th>Status</th><th>Article</th><th>Requirement</th>"
		      "<th>Applies from</th><th>Cybersecurity relevance</th><th>Evidence</th></tr>\n");
	json_array_foreach(reqs, i, it) {
		emit_s(&p->e, "<tr><td>");
		badge(p, doc_str(it, "status"));
		emit_s(&p->e, "</td><td>");
		text(p, doc_str(it, "article"));
		emit_s(&p->e, "</td><td>");
		text(p, doc_str(it, "title"));
		emit_s(&p->e, "</td><td>");
		text(p, doc_str(it, "applies_from"));
		if (doc_bool(it, "applies_now"))
			emit_s(&p->e, " <small>(in force)</small>");
		emit_s(&p->e, "</td><td>");
		text(p, doc_str(it, "cyber_relevance"));
		source(p, it);
		emit_s(&p->e, "</td><td>");
		if ((ev = doc_obj(it, "evidence"))) {
			text(p, doc_str(ev, "kind"));
			emit_c(&p->e, ' ');
			badge(p, doc_str(ev, "status"));
		}
		emit_s(&p->e, "</td></tr>\n");
	}
	emit_s(&p->e, "</table>\n</section>\n");
}

static void threats(struct page *p)
{
	static const char *const goals[] = {"confidentiality", "integrity", "availability"};
	json_t *thr = doc_arr(p->c->doc, "threats");
	json_t *it, *r;
	size_t i, j;

	emit_f(&p->e, "<section id=\"threats\">\n<h2>Threats (%zu)</h2>\n", json_array_size(thr));
	for (size_t g = 0; g < 3; g++) {
		bool any = false;

		json_array_foreach(thr, i, it) {
			if (strcmp(doc_s(json_array_get(doc_arr(it, "goals"), 0)), goals[g]))
				continue;
			if (!any)
				emit_f(&p->e, "<h3>%c%s</h3>\n<table>\n<tr><th>Threat</th>"
					      "<th>Phases</th><th>Why it applies</th><th>AI Act / "
					      "ATLAS</th></tr>\n",
				       goals[g][0] - 32, goals[g] + 1);
			any = true;
			emit_s(&p->e, "<tr><td><strong>");
			text(p, doc_str(it, "name"));
			emit_s(&p->e, "</strong><br>");
			code(p, doc_str(it, "id"));
			source(p, it);
			emit_s(&p->e, "</td><td>");
			codes(p, doc_arr(it, "phases"), NULL);
			emit_s(&p->e, "</td><td>");
			json_array_foreach(doc_arr(it, "reasons"), j, r) {
				emit_s(&p->e, "<div>");
				text(p, doc_str(r, "text"));
				facts(p, doc_arr(r, "facts"));
				emit_s(&p->e, "</div>");
			}
			emit_s(&p->e, "</td><td>");
			text(p, doc_str(it, "art15_term"));
			if (json_array_size(doc_arr(it, "atlas"))) {
				emit_s(&p->e, "<br>");
				codes(p, doc_arr(it, "atlas"), NULL);
			}
			emit_s(&p->e, "</td></tr>\n");
		}
		if (any)
			emit_s(&p->e, "</table>\n");
	}
	emit_s(&p->e, "</section>\n");
}

static void risk_cells(struct page *p, const json_t *r, bool with_impact)
{
	emit_f(&p->e, "<td>%lld ", doc_path_int(r, "attack_potential.sum"));
	text(p, doc_path_str(r, "attack_potential.rating"));
	emit_s(&p->e, "</td><td>");
	text(p, doc_path_str(r, "likelihood.level"));
	if (with_impact) {
		emit_s(&p->e, "</td><td>");
		text(p, doc_path_str(r, "impact.level"));
	}
	emit_f(&p->e, "</td><td>%lld ", doc_path_int(r, "risk.value"));
	badge(p, doc_path_str(r, "risk.level"));
	emit_s(&p->e, "</td>");
}

static void risks(struct page *p)
{
	json_t *rs = doc_arr(p->c->doc, "risks");
	json_t *it;
	size_t i;

	emit_f(&p->e, "<section id=\"risks\">\n<h2>Risks (%zu)</h2>\n", json_array_size(rs));
	if (!json_array_size(rs)) {
		emit_s(&p->e, "<p>No threat applies.</p>\n</section>\n");
		return;
	}
	emit_s(&p->e, "<p class=\"meta\">ETSI TS 102 165-1 TVRA: the attack potential (ISO/IEC "
		      "18045 factors) gives the likelihood; risk = likelihood × impact. Numbers "
		      "in the matrices are the rows of the table below.</p>\n"
		      "<div class=\"charts\">\n<figure><figcaption>Before controls</figcaption>\n");
	svg_risk_matrix(&p->e, p->c->doc, false);
	emit_s(&p->e, "</figure>\n<figure><figcaption>After controls in place</figcaption>\n");
	svg_risk_matrix(&p->e, p->c->doc, true);
	emit_s(&p->e, "</figure>\n</div>\n<table>\n<tr><th>#</th><th>Threat</th>"
		      "<th>Attack potential</th><th>Likelihood</th><th>Impact</th><th>Risk</th>"
		      "<th>Controls in place</th><th>Residual potential</th>"
		      "<th>Residual likelihood</th><th>Residual risk</th></tr>\n");
	json_array_foreach(rs, i, it) {
		const json_t *res = doc_obj(it, "residual");

		emit_f(&p->e, "<tr><td>%zu</td><td>", i + 1);
		code(p, doc_str(it, "threat"));
		if (*doc_path_str(it, "impact.why")) {
			emit_s(&p->e, "<div class=\"facts\">impact: ");
			text(p, doc_path_str(it, "impact.why"));
			emit_s(&p->e, "</div>");
		}
		source(p, it);
		emit_s(&p->e, "</td>");
		risk_cells(p, it, true);
		emit_s(&p->e, "<td>");
		stack(p, doc_arr(it, "controls"), NULL);
		emit_s(&p->e, "</td>");
		if (res)
			risk_cells(p, res, false);
		else
			emit_s(&p->e, "<td></td><td></td><td></td>");
		emit_s(&p->e, "</tr>\n");
	}
	emit_s(&p->e, "</table>\n");
	if (p->c->opt->explain) {
		static const char *const fn[] = {"elapsed_time", "expertise", "knowledge", "window",
						 "equipment"};

		emit_s(&p->e, "<h3>Attack-potential factors</h3>\n<table>\n<tr><th>Threat</th>");
		for (size_t k = 0; k < 5; k++)
			emit_f(&p->e, "<th>%s</th>", fn[k]);
		emit_s(&p->e, "</tr>\n");
		json_array_foreach(rs, i, it) {
			emit_s(&p->e, "<tr><td>");
			code(p, doc_str(it, "threat"));
			emit_s(&p->e, "</td>");
			for (size_t k = 0; k < 5; k++) {
				const json_t *f = doc_obj(doc_obj(it, "factors"), fn[k]);
				const json_t *rf =
					doc_obj(doc_obj(doc_obj(it, "residual"), "factors"), fn[k]);

				emit_s(&p->e, "<td>");
				text(p, doc_str(f, "level"));
				emit_f(&p->e, " %lld", doc_int(f, "value"));
				if (rf && strcmp(doc_str(rf, "level"), doc_str(f, "level"))) {
					emit_s(&p->e, " → ");
					text(p, doc_str(rf, "level"));
					emit_f(&p->e, " %lld", doc_int(rf, "value"));
				}
				emit_s(&p->e, "<div class=\"facts\">");
				text(p, doc_str(rf ? rf : f, "why"));
				emit_s(&p->e, "</div></td>");
			}
			emit_s(&p->e, "</tr>\n");
		}
		emit_s(&p->e, "</table>\n");
	}
	emit_s(&p->e, "</section>\n");
}

static void coverage(struct page *p)
{
	json_t *cov = doc_arr(p->c->doc, "coverage");
	json_t *it, *a;
	size_t i, j;

	emit_f(&p->e, "<section id=\"coverage\">\n<h2>Coverage (%zu)</h2>\n",
	       json_array_size(cov));
	if (!json_array_size(cov)) {
		emit_s(&p->e, "</section>\n");
		return;
	}
	emit_s(&p->e, "<figure><figcaption>Per requirement</figcaption>\n");
	svg_coverage(&p->e, p->c->doc);
	emit_s(&p->e, "</figure>\n<table>\n<tr><th>Status</th><th>Requirement or threat</th>"
		      "<th>In place (standards, controls)</th><th>Available standards</th>"
		      "<th>Report gaps</th><th>Reason</th></tr>\n");
	json_array_foreach(cov, i, it) {
		emit_s(&p->e, "<tr><td>");
		badge(p, doc_str(it, "status"));
		emit_s(&p->e, "</td><td>");
		code(p, doc_str(it, "id"));
		emit_s(&p->e, "<div class=\"facts\">");
		text(p, doc_str(it, "kind"));
		emit_s(&p->e, "</div></td><td>");
		stack(p, doc_arr(it, "applied"), "standard");
		stack(p, doc_arr(it, "controls"), NULL);
		emit_s(&p->e, "</td><td>");
		json_array_foreach(doc_arr(it, "available"), j, a) {
			emit_s(&p->e, "<div>");
			code(p, doc_str(a, "standard"));
			emit_s(&p->e, " <span class=\"facts\">");
			text(p, doc_str(a, "stage"));
			emit_c(&p->e, ' ');
			text(p, doc_str(a, "date"));
			emit_s(&p->e, "</span></div>");
		}
		emit_s(&p->e, "</td><td>");
		stack(p, doc_arr(it, "gaps"), NULL);
		emit_s(&p->e, "</td><td>");
		text(p, doc_str(it, "reason"));
		emit_s(&p->e, "</td></tr>\n");
	}
	emit_s(&p->e, "</table>\n</section>\n");
}

static void gaps(struct page *p)
{
	json_t *gs = doc_arr(p->c->doc, "gaps");
	json_t *it, *ev;
	size_t i;

	emit_f(&p->e, "<section id=\"gaps\">\n<h2>Gaps (%zu)</h2>\n<ul>\n", json_array_size(gs));
	json_array_foreach(gs, i, it) {
		emit_s(&p->e, "<li><strong>");
		text(p, doc_str(it, "title"));
		emit_s(&p->e, "</strong> ");
		code(p, doc_str(it, "id"));
		emit_s(&p->e, " <span class=\"meta\">");
		text(p, doc_str(it, "kind"));
		emit_s(&p->e, ", report section ");
		text(p, doc_str(it, "section"));
		emit_s(&p->e, "</span><br>why here: ");
		text(p, doc_str(it, "why"));
		if (json_array_size(doc_arr(it, "partly_filled_by"))) {
			emit_s(&p->e, "<br>partly filled by ");
			codes(p, doc_arr(it, "partly_filled_by"), NULL);
		}
		if ((ev = doc_obj(it, "evidence"))) {
			emit_s(&p->e, "<br>evidence ");
			text(p, doc_str(ev, "kind"));
			emit_c(&p->e, ' ');
			badge(p, doc_str(ev, "status"));
		}
		source(p, it);
		emit_s(&p->e, "</li>\n");
	}
	emit_s(&p->e, "</ul>\n</section>\n");
}

static void next_steps(struct page *p)
{
	const json_t *ns = doc_obj(p->c->doc, "next_steps");
	const json_t *al = doc_obj(ns, "assurance_level");
	json_t *it;
	size_t i;

	emit_s(&p->e, "<section id=\"next-steps\">\n<h2>Next steps</h2>\n");
	if (json_array_size(doc_arr(ns, "standards")))
		emit_s(&p->e, "<h3>Standards worth adopting, by the risk they would cover</h3>\n"
			      "<ol>\n");
	json_array_foreach(doc_arr(ns, "standards"), i, it) {
		emit_s(&p->e, "<li>");
		code(p, doc_str(it, "id"));
		emit_s(&p->e, " (");
		text(p, doc_str(it, "stage"));
		emit_f(&p->e, "), risk covered %lld: ", doc_int(it, "risk_covered"));
		codes(p, doc_arr(it, "covers"), NULL);
		emit_s(&p->e, "<div class=\"facts\">");
		text(p, doc_str(it, "reason"));
		emit_s(&p->e, "</div></li>\n");
	}
	if (json_array_size(doc_arr(ns, "standards")))
		emit_s(&p->e, "</ol>\n");
	if (json_array_size(doc_arr(ns, "recommendations")))
		emit_s(&p->e, "<h3>ENISA recommendations that apply</h3>\n<ul>\n");
	json_array_foreach(doc_arr(ns, "recommendations"), i, it) {
		emit_s(&p->e, "<li>");
		code(p, doc_str(it, "id"));
		emit_c(&p->e, ' ');
		text(p, doc_str(it, "title"));
		emit_s(&p->e, "<div class=\"facts\">");
		text(p, doc_str(it, "why"));
		emit_s(&p->e, "</div></li>\n");
	}
	if (json_array_size(doc_arr(ns, "recommendations")))
		emit_s(&p->e, "</ul>\n");
	if (al) {
		emit_s(&p->e, "<h3>Suggested Cybersecurity Act assurance level</h3>\n<p>");
		badge(p, doc_str(al, "level"));
		emit_c(&p->e, ' ');
		text(p, doc_str(al, "reason"));
		source(p, al);
		emit_s(&p->e, "</p>\n");
	}
	emit_s(&p->e, "</section>\n");
}

int report_html(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err)
{
	struct page p;
	const json_t *sys = doc_obj(c->doc, "system");

	emit_init(&p.e, out);
	p.c = c;
	emit_s(&p.e, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<meta name=\"generator\" content=\"aisec ");
	html_esc(&p.e, doc_str(c->doc, "aisec_version"));
	emit_s(&p.e, "\">\n<title>");
	html_esc(&p.e, doc_str(sys, "name"));
	emit_s(&p.e, ": AI Act and cybersecurity assessment</title>\n<style>\n");
	emit_s(&p.e, css);
	emit_s(&p.e, "</style>\n</head>\n<body>\n<main>\n");
	header(&p);
	classification(&p);
	requirements(&p);
	threats(&p);
	risks(&p);
	coverage(&p);
	gaps(&p);
	next_steps(&p);
	emit_s(&p.e, "<footer>aisec ");
	html_esc(&p.e, doc_str(c->doc, "aisec_version"));
	emit_s(&p.e, " &middot; findings ");
	html_esc(&p.e, doc_str(c->doc, "schema"));
	emit_s(&p.e, " &middot; knowledge base derived in part from ENISA, &ldquo;Cybersecurity "
		     "of AI and Standardisation&rdquo; (2023), CC BY 4.0</footer>\n"
		     "</main>\n</body>\n</html>\n");
	return emit_done(&p.e, "html", err);
}
