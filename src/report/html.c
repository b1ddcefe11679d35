/*
 * html.c - the report as one self-contained HTML file: inline CSS and SVG,
 * no scripts, fonts, images or links to fetch, so it can be mailed, archived
 * and printed (an @media print block drops backgrounds and shadows and keeps
 * headings, table rows and charts from splitting across pages).   * The content
 * is the outline of outline.c; charts come from svg.c.  The page carries a
 * strict Content-Security-Policy and works under it: no scripts (sections
 * fold with <details>, open by default and so open on paper), a table of
 * contents of plain anchors, tables that scroll inside their card on narrow
 * screens, dates and identifiers that never break inside.
 */
#include <stdio.h>
#include <string.h>

#include "report/report.h"

/* What the page needs and all it may load: inline style, data: images. */
#define HTML_CSP REPORT_HTML_CSP

const char report_html_css[] =
	":root{--fg:#1c2430;--muted:#5f6b7a;--line:#d8dee6;--bg:#f5f7fa;--card:#fff;"
	"--red:#c62828;--amber:#b35c00;--green:#2e7d32;--blue:#1565c0}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,"
	"-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}\n"
	"main{max-width:1240px;margin:0 auto;padding:20px}\n"
	"header,section,nav.toc{background:var(--card);border-radius:10px;padding:18px 20px;"
	"margin-bottom:18px;box-shadow:0 1px 3px rgba(0,0,0,.08);min-width:0}\n"
	"h1{font-size:26px;margin:0 0 6px}\n"
	"h2{font-size:19px;margin:0;display:inline}\n"
	"summary{cursor:pointer;border-bottom:2px solid var(--line);padding-bottom:6px;"
	"margin-bottom:12px}\n"
	"h3{font-size:16px;margin:14px 0 6px}\n"
	".meta{color:var(--muted);font-size:13px}\n"
	".badge{display:inline-block;padding:2px 10px;border-radius:12px;font-size:13px;"
	"font-weight:600;color:#fff;background:var(--muted);white-space:nowrap}\n"
	".b-prohibited,.b-critical,.b-gap,.b-missing,.b-broken{background:var(--red)}\n"
	".b-high-risk{background:#ad1457}\n"
	".b-limited,.b-major,.b-coverable,.b-not_declared,.b-unverified{background:var(--amber)}\n"
	".b-minimal,.b-minor,.b-covered,.b-verified{background:var(--green)}\n"
	".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:12px;"
	"margin-top:14px}\n"
	".tile{border:1px solid var(--line);border-radius:8px;padding:10px 12px;min-width:0}\n"
	".tile .v{font-size:22px;font-weight:700}\n"
	".tile.wide{grid-column:1/-1}\n"
	".tile.path{grid-column:span 2}\n"
	".tile .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}\n"
	"nav.toc h2{display:block;margin-bottom:6px}\n"
	"nav.toc ol{display:flex;flex-wrap:wrap;gap:2px 28px;margin:0;padding-left:22px}\n"
	"nav.toc li{margin:0 0 0 8px;padding-left:2px}\n"
	".scroll{overflow-x:auto;max-width:100%}\n"
	"table{border-collapse:collapse;width:100%;font-size:13px}\n"
	"th,td{border-bottom:1px solid var(--line);padding:6px 5px;text-align:left;"
	"vertical-align:top;overflow-wrap:normal;word-break:normal;hyphens:manual}\n"
	"th{background:#eef2f6;font-weight:600}\n"
	"td code{font-size:11px;padding:1px 3px}\n"
	"code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
	"background:#eef2f6;padding:1px 4px;border-radius:4px;white-space:nowrap}\n"
	"time,.tok{white-space:nowrap}\n"
	"figure{margin:0 0 14px;max-width:100%}\n"
	"figure svg{max-width:100%;height:auto}\n"
	".facts,.src{color:var(--muted);font-size:12.5px}\n"
	"td .facts+br{display:none}\n" /* the small print already ends the line */
	".charts{display:flex;flex-wrap:wrap;gap:24px}\n"
	".charts figure{margin:0;flex:0 1 auto;min-width:0}\n"
	"figcaption{font-weight:600;margin-bottom:4px}\n"
	"svg text{font:12px system-ui,sans-serif;fill:#1c2430}\n"
	"svg .cellv{font-size:11px;font-weight:600}svg .cellv.light{fill:#fff}\n"
	"svg .axt{font-weight:600}\n"
	"svg .segn{fill:#fff;font-size:11px;font-weight:700}\n"
	"svg .mk circle{fill:#1c2430;stroke:#fff;stroke-width:1.5}\n"
	"svg .mk text{fill:#fff;font-weight:700;font-size:11px}\n"
	"svg .st-covered{fill:var(--green)}svg .st-coverable{fill:var(--amber)}"
	"svg .st-gap{fill:var(--red)}\n"
	"ul{margin:6px 0;padding-left:22px}li{margin:3px 0}\n"
	"footer{color:var(--muted);font-size:12px;text-align:center;padding:8px}\n"
	"article+article{border-top:3px solid var(--line);margin-top:28px;padding-top:20px}\n"
	"@page{size:A4 landscape;margin:12mm}\n"
	"@media print{body{background:#fff;font-size:9.5pt}main{max-width:none;padding:0}"
	"header,section,nav.toc{box-shadow:none;border:1px solid var(--line);border-radius:0;"
	"padding:10px 12px}"
	"section{break-before:page;page-break-before:always}"
	"article+article{break-before:page;page-break-before:always}"
	"summary{list-style:none;cursor:auto}summary::-webkit-details-marker{display:none}"
	"h2,h3,summary,figcaption{break-after:avoid;page-break-after:avoid}"
	"table{font-size:8.5pt}th,td{padding:3px 5px}td code{font-size:8pt}"
	"thead{display:table-header-group}"
	"tr,li,figure,.tile,svg{break-inside:avoid;page-break-inside:avoid}"
	".scroll{overflow:visible}"
	".charts{gap:12px}"
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
	bool ordered;    /* the current list is <ol> */
	char prefix[24]; /* of section ids: "" for one system, "s2-" for the 2nd of several */
};

#define P(w) ((struct page *)(w))

static void h_text(void *w, const char *s)
{
	html_esc(&P(w)->e, s);
}

static void h_wrap(void *w, const char *open, const char *s, const char *close)
{
	emit_s(&P(w)->e, open);
	html_esc(&P(w)->e, s);
	emit_s(&P(w)->e, close);
}

static void h_strong(void *w, const char *s)
{
	h_wrap(w, "<strong>", s, "</strong>");
}

static void h_code(void *w, const char *s)
{
	h_wrap(w, "<code>", s, "</code>");
}

static void h_badge(void *w, const char *s)
{
	char words[64];

	doc_words(s, words, sizeof(words));
	emit_s(&P(w)->e, "<span class=\"badge b-");
	html_esc(&P(w)->e, s);
	emit_s(&P(w)->e, "\">");
	html_esc(&P(w)->e, words);
	emit_s(&P(w)->e, "</span>");
}

static void h_token(void *w, const char *s)
{
	h_wrap(w, "<span class=\"tok\">", s, "</span>");
}

/* A path that may break after a '/' only. */
static void h_path(void *w, const char *s)
{
	emit_s(&P(w)->e, "<span class=\"tok\">");
	for (; s && *s; s++) {
		char c[2] = {*s, '\0'};

		html_esc(&P(w)->e, c);
		if (*s == '/' && s[1])
			emit_s(&P(w)->e, "</span><wbr><span class=\"tok\">");
	}
	emit_s(&P(w)->e, "</span>");
}

static void h_title(void *w, const char *title, const char *cls)
{
	h_wrap(w, "<header>\n<h1>", title, " ");
	h_badge(w, cls);
	emit_s(&P(w)->e, "</h1>\n");
}

static void h_kv_begin(void *w)
{
	emit_s(&P(w)->e, "<div class=\"tiles\">\n");
}

static void h_kv(void *w, const char *key, const char *value, enum outline_kv style)
{
	if (!value || !*value)
		return;
	/* a path's file name never breaks: its tile spans two columns */
	emit_s(&P(w)->e, style == OUTLINE_KV_WIDE   ? "<div class=\"tile wide\">"
			 : style == OUTLINE_KV_PATH ? "<div class=\"tile path\">"
						    : "<div class=\"tile\">");
	h_wrap(w, "<div class=\"k\">", key, "</div>");
	if (style == OUTLINE_KV_BADGE) {
		emit_s(&P(w)->e, "<div class=\"v\">");
		h_badge(w, value);
		emit_s(&P(w)->e, "</div>");
	} else if (style == OUTLINE_KV_PATH) {
		emit_s(&P(w)->e, "<div class=\"t\">");
		h_path(w, value);
		emit_s(&P(w)->e, "</div>");
	} else {
		h_wrap(w, style == OUTLINE_KV_FIGURE ? "<div class=\"v\">" : "<div class=\"t\">",
		       value, "</div>");
	}
	emit_s(&P(w)->e, "</div>\n");
}

static void h_kv_end(void *w)
{
	emit_s(&P(w)->e, "</div>\n</header>\n");
}

static void h_toc(void *w, const struct outline_section *sec)
{
	emit_s(&P(w)->e, "<nav class=\"toc\" aria-label=\"contents\">\n<h2>Contents</h2>\n<ol>\n");
	for (size_t i = 0; sec[i].id; i++) {
		emit_f(&P(w)->e, "<li><a href=\"#%s%s\">", P(w)->prefix, sec[i].id);
		html_esc(&P(w)->e, sec[i].title);
		emit_s(&P(w)->e, "</a></li>\n");
	}
	emit_s(&P(w)->e, "</ol>\n</nav>\n");
}

/* Each section folds (<details>), open so that it also prints open. */
static void h_section(void *w, const char *id, const char *title, long count)
{
	emit_f(&P(w)->e, "<section id=\"%s%s\">\n<details open>\n<summary><h2>", P(w)->prefix,
	       id);
	html_esc(&P(w)->e, title);
	if (count >= 0)
		emit_f(&P(w)->e, " (%ld)", count);
	emit_s(&P(w)->e, "</h2></summary>\n");
}

static void h_section_end(void *w)
{
	emit_s(&P(w)->e, "</details>\n</section>\n");
}

static void h_subheading(void *w, const char *title)
{
	h_wrap(w, "<h3>", title, "</h3>\n");
}

static void h_block_begin(void *w)
{
	emit_s(&P(w)->e, "<p>");
}

static void h_block_end(void *w)
{
	emit_s(&P(w)->e, "</p>\n");
}

static void h_list_begin(void *w, bool ordered)
{
	P(w)->ordered = ordered;
	emit_s(&P(w)->e, ordered ? "<ol>\n" : "<ul>\n");
}

static void h_list_end(void *w)
{
	emit_s(&P(w)->e, P(w)->ordered ? "</ol>\n" : "</ul>\n");
}

static void h_item_begin(void *w)
{
	emit_s(&P(w)->e, "<li>");
}

static void h_item_end(void *w)
{
	emit_s(&P(w)->e, "</li>\n");
}

/* A table scrolls inside its card rather than stick out of it (narrow screens). */
static void h_table_begin(void *w, const char *const *headers)
{
	emit_s(&P(w)->e, "<div class=\"scroll\">\n<table>\n<thead><tr>");
	for (size_t i = 0; headers[i]; i++)
		h_wrap(w, "<th>", headers[i], "</th>");
	emit_s(&P(w)->e, "</tr></thead>\n<tbody>\n");
}

static void h_table_end(void *w)
{
	emit_s(&P(w)->e, "</tbody>\n</table>\n</div>\n");
}

static void h_row_begin(void *w)
{
	emit_s(&P(w)->e, "<tr>");
}

static void h_row_end(void *w)
{
	emit_s(&P(w)->e, "</tr>\n");
}

static void h_cell_begin(void *w)
{
	emit_s(&P(w)->e, "<td>");
}

static void h_cell_end(void *w)
{
	emit_s(&P(w)->e, "</td>");
}

static void h_br(void *w)
{
	emit_s(&P(w)->e, "<br>");
}

static void h_aside_begin(void *w)
{
	emit_s(&P(w)->e, "<div class=\"facts\">");
}

static void h_aside_end(void *w)
{
	emit_s(&P(w)->e, "</div>");
}

static void h_chart(void *w, const char *which)
{
	const json_t *doc = P(w)->c->doc;

	if (!strcmp(which, "risk-matrix")) {
		emit_s(&P(w)->e, "<p class=\"meta\">Numbers in the matrices are the rows of the "
				 "table below.</p>\n<div class=\"charts\">\n<figure><figcaption>"
				 "Before controls</figcaption>\n");
		svg_risk_matrix(&P(w)->e, doc, false);
		emit_s(&P(w)->e, "</figure>\n<figure><figcaption>After controls in place"
				 "</figcaption>\n");
		svg_risk_matrix(&P(w)->e, doc, true);
		emit_s(&P(w)->e, "</figure>\n</div>\n");
	} else if (!strcmp(which, "coverage")) {
		emit_s(&P(w)->e, "<figure><figcaption>Per requirement</figcaption>\n");
		svg_coverage(&P(w)->e, doc);
		emit_s(&P(w)->e, "</figure>\n");
	}
}

static const struct outline_ops html_ops = {
	.title = h_title,
	.kv_begin = h_kv_begin,
	.kv = h_kv,
	.kv_end = h_kv_end,
	.section = h_section,
	.section_end = h_section_end,
	.subheading = h_subheading,
	.block_begin = h_block_begin,
	.block_end = h_block_end,
	.list_begin = h_list_begin,
	.list_end = h_list_end,
	.item_begin = h_item_begin,
	.item_end = h_item_end,
	.table_begin = h_table_begin,
	.table_end = h_table_end,
	.row_begin = h_row_begin,
	.row_end = h_row_end,
	.cell_begin = h_cell_begin,
	.cell_end = h_cell_end,
	.text = h_text,
	.strong = h_strong,
	.code = h_code,
	.badge = h_badge,
	.br = h_br,
	.aside_begin = h_aside_begin,
	.aside_end = h_aside_end,
	.chart = h_chart,
	.toc = h_toc,
	.token = h_token,
};

/* Text as a CSS string's content: quotes, backslashes and '<' (no "</style>")
 * escaped, control characters as spaces. */
static void css_str(struct emit *e, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\' || c == '<')
			emit_f(e, "\\%02x ", c);
		else if (c < 0x20 || c == 0x7f)
			emit_c(e, ' ');
		else
			emit_c(e, c);
	}
}

/* On paper, every page is headed by the system and the date and numbered. */
static void page_header(struct emit *e, const struct report_ctx *cs, size_t n)
{
	const json_t *d = cs[0].doc;

	emit_s(e, "@page{@top-left{content:\"");
	if (n == 1) {
		css_str(e, doc_path_str(d, "system.name"));
		if (*doc_path_str(d, "system.version")) {
			emit_c(e, ' ');
			css_str(e, doc_path_str(d, "system.version"));
		}
	} else {
		emit_f(e, "%zu systems", n);
	}
	emit_s(e, ": AI Act and cybersecurity assessment\";font:8pt system-ui,sans-serif;"
		  "color:#5f6b7a}@top-right{content:\"as of ");
	css_str(e, doc_str(d, "as_of"));
	emit_s(e, "\";font:8pt system-ui,sans-serif;color:#5f6b7a}@bottom-right{content:\"page \" "
		  "counter(page) \" of \" counter(pages);font:8pt system-ui,sans-serif;"
		  "color:#5f6b7a}}\n");
}

/* One page; several findings documents become one <article> each. */
int report_html_many(const struct report_ctx *cs, size_t n, struct aisec_buf *out,
		     struct aisec_error *err)
{
	const json_t *d = cs[0].doc;
	struct page p = {.c = &cs[0]};

	emit_init(&p.e, out);
	emit_s(&p.e, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta http-equiv=\"Content-Security-Policy\" content=\"" HTML_CSP "\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<meta name=\"generator\" content=\"aisec ");
	html_esc(&p.e, doc_str(d, "aisec_version"));
	emit_s(&p.e, "\">\n<title>");
	if (n == 1)
		html_esc(&p.e, doc_path_str(d, "system.name"));
	else
		emit_f(&p.e, "%zu systems", n);
	emit_s(&p.e, ": AI Act and cybersecurity assessment</title>\n<style>\n");
	emit_s(&p.e, report_html_css);
	page_header(&p.e, cs, n);
	emit_s(&p.e, "</style>\n</head>\n<body>\n<main>\n");
	for (size_t i = 0; i < n; i++) {
		struct outline o = {&html_ops, &p, &cs[i]};

		p.c = &cs[i];
		if (n > 1)
			snprintf(p.prefix, sizeof(p.prefix), "s%zu-", i + 1);
		if (n > 1)
			emit_s(&p.e, "<article>\n");
		outline_render(&o);
		if (n > 1)
			emit_s(&p.e, "</article>\n");
	}
	emit_s(&p.e, "<footer>aisec ");
	html_esc(&p.e, doc_str(d, "aisec_version"));
	emit_s(&p.e, " &middot; findings ");
	html_esc(&p.e, doc_str(d, "schema"));
	emit_s(&p.e, " &middot; knowledge base derived in part from ENISA, &ldquo;Cybersecurity "
		     "of AI and Standardisation&rdquo; (2023), CC BY 4.0</footer>\n"
		     "</main>\n</body>\n</html>\n");
	return emit_done(&p.e, "html", err);
}

int report_html(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err)
{
	return report_html_many(c, 1, out, err);
}
