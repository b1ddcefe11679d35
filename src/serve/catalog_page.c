/*
 * catalog_page.c - the catalog browser of `aisec serve`: which standards
 * help with which AI Act requirement (a heat map of the knowledge base's
 * coverage links: covers, describes only, none) and what changed since the
 * ENISA report of March 2023 (published, still drafts, withdrawn, added).
 * Everything comes from the embedded knowledge base (data/).
 */
#include <stdio.h>
#include <string.h>

#include "serve/serve.h"

/* 2: a link that covers, 1: describes only, 0: none. */
static int link_of(const struct aisec_link *l, size_t nl, const char *std,
		   const char *req)
{
	int best = 0;

	for (size_t i = 0; i < nl; i++)
		if (l[i].target_kind == AISEC_LINK_REQUIREMENT &&
		    strcmp(l[i].standard, std) == 0 &&
		    strcmp(l[i].target, req) == 0)
			best = aisec_link_covers(&l[i]) ? 2 : (best ? best : 1);
	return best;
}

int serve_catalog_page(struct serve_ctx *c)
{
	const struct aisec_catalog_meta *meta = aisec_catalog_meta(c->cat);
	size_t ns, nr, nl;
	const struct aisec_standard *s = aisec_catalog_standards(c->cat, &ns);
	const struct aisec_requirement *r =
	    aisec_catalog_requirements(c->cat, &nr);
	const struct aisec_link *l = aisec_catalog_links(c->cat, &nl);
	size_t col_total[64] = {0};

	if (nr > 64)
		nr = 64;
	serve_page_begin(c, "Catalog");
	aisec_buf_adds(&c->out,
		       "<h1>Catalog</h1>\n<p class=\"muted\">knowledge base ");
	serve_html_esc(&c->out, meta->version);
	aisec_buf_adds(&c->out, ", facts checked ");
	serve_html_esc(&c->out, meta->as_of);
	aisec_buf_adds(
	    &c->out, "</p>\n<section id=\"matrix\"><h2>Standards &#215; "
		     "requirements</h2>"
		     "<p class=\"muted\">dark: the standard covers the "
		     "requirement; light: "
		     "it describes it only</p><table class=\"heat\"><thead><tr>"
		     "<th>Standard</th>");
	for (size_t j = 0; j < nr; j++) {
		aisec_buf_adds(&c->out, "<th title=\"");
		serve_html_esc(&c->out, r[j].title);
		aisec_buf_adds(&c->out, "\">");
		serve_html_esc(&c->out, r[j].article_final);
		aisec_buf_adds(&c->out, "</th>");
	}
	aisec_buf_adds(&c->out, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < ns; i++) {
		int row[64], any = 0;

		for (size_t j = 0; j < nr; j++)
			any |= row[j] = link_of(l, nl, s[i].id, r[j].id);
		if (!any)
			continue;
		aisec_buf_adds(&c->out, "<tr><th title=\"");
		serve_html_esc(&c->out, s[i].title);
		aisec_buf_adds(&c->out, "\">");
		serve_html_esc(&c->out,
			       s[i].reference ? s[i].reference : s[i].id);
		aisec_buf_adds(&c->out, "</th>");
		for (size_t j = 0; j < nr; j++) {
			col_total[j] += row[j] == 2;
			aisec_buf_addf(&c->out, "<td class=\"h%d\">%s</td>",
				       row[j] == 2 ? 4 : row[j],
				       row[j] == 2 ? "covers"
				       : row[j]	   ? "describes"
						   : "");
		}
		aisec_buf_adds(&c->out, "</tr>\n");
	}
	aisec_buf_adds(&c->out, "<tr><th>standards covering it</th>");
	for (size_t j = 0; j < nr; j++)
		aisec_buf_addf(&c->out, "<td class=\"h%d\">%zu</td>",
			       col_total[j] == 0  ? 4
			       : col_total[j] < 3 ? 2
						  : 0,
			       col_total[j]);
	aisec_buf_adds(
	    &c->out,
	    "</tr></tbody></table></section>\n<section id=\"changes\">"
	    "<h2>What changed since the report (March 2023)</h2><table><thead>"
	    "<tr><th>Standard</th><th>Change</th><th>Then</th><th>Now</th>"
	    "<th class=\"num\">Delay (months)</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < ns; i++) {
		struct aisec_change ch;

		aisec_catalog_change(&s[i], &ch);
		if (ch.kind == AISEC_CATALOG_CHANGE_UNCHANGED)
			continue;
		aisec_buf_adds(&c->out, "<tr><td>");
		serve_html_esc(&c->out,
			       s[i].reference ? s[i].reference : s[i].id);
		aisec_buf_adds(&c->out, "</td><td>");
		serve_html_esc(&c->out, ch.summary);
		if (ch.overdue)
			aisec_buf_adds(
			    &c->out,
			    " <span class=\"badge b-expired\">overdue</span>");
		aisec_buf_adds(&c->out, "</td><td>");
		serve_html_esc(&c->out,
			       s[i].status_report ? s[i].status_report : "-");
		aisec_buf_adds(&c->out, "</td><td>");
		serve_html_esc(&c->out, s[i].status_now.stage
					    ? s[i].status_now.stage
					    : "-");
		if (s[i].status_now.date)
			aisec_buf_adds(&c->out, " "),
			    serve_html_esc(&c->out, s[i].status_now.date);
		if (ch.has_delay)
			aisec_buf_addf(&c->out,
				       "</td><td class=\"num\">%d</td></tr>\n",
				       ch.delay_months);
		else
			aisec_buf_adds(&c->out,
				       "</td><td class=\"num\">-</td></tr>\n");
	}
	aisec_buf_adds(&c->out, "</tbody></table></section>\n");
	return serve_page_end(c);
}
