/*
 * pages.c - the HTML pages of `aisec serve`, rendered in C from the
 * workspace and the findings documents: the page frame, the portfolio
 * (sortable and filterable on the server, so it works without JavaScript),
 * the system page (gate, risk heat map, risks and coverage gaps with their
 * decisions, evidence with "verify now", probe and monitor results, history
 * and the last diff) and its two forms, and the full assessment report
 * (the report renderer's HTML, src/report/).  Every text from the
 * workspace is escaped (serve_html_esc); every form that changes state
 * carries the session's CSRF token and is only rendered for editors and
 * admins.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "aisec/assess.h"
#include "aisec/report.h"
#include "core/core.h"
#include "report/report.h"
#include "serve/serve.h"

#define PAGE_ROWS 100

const char *const serve_gates[] = {"risk:minor", "risk:major", "risk:critical",
				   "high-risk",	 "prohibited", NULL};

static void esc(struct serve_ctx *c, const char *s)
{
	serve_html_esc(&c->out, s);
}

static void badge(struct serve_ctx *c, const char *s)
{
	aisec_buf_adds(&c->out, "<span class=\"badge b-");
	esc(c, s ? s : "none");
	aisec_buf_adds(&c->out, "\">");
	esc(c, s ? s : "-");
	aisec_buf_adds(&c->out, "</span>");
}

int serve_page_begin(struct serve_ctx *c, const char *title)
{
	aisec_buf_adds(&c->out,
		       "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
		       "charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, "
		       "initial-scale=1\">\n<title>");
	esc(c, title);
	aisec_buf_adds(
	    &c->out,
	    " - aisec</title>\n<link rel=\"icon\" href=\"data:,\">\n<link "
	    "rel=\"stylesheet\" href=\"/static/serve.css\">\n"
	    "<script src=\"/static/serve.js\" "
	    "defer></script>\n</head>\n<body>\n"
	    "<header class=\"top\"><span>aisec</span>");
	if (c->role) {
		aisec_buf_adds(
		    &c->out,
		    "<a href=\"/portfolio\">Portfolio</a>"
		    "<a href=\"/catalog\">Catalog</a><span class=\"who\">");
		esc(c, aisec_store_role_name(c->role));
		aisec_buf_addf(
		    &c->out,
		    " (token %lld)</span>"
		    "<form method=\"post\" action=\"/signout\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		    "<button type=\"submit\">Sign out</button></form>",
		    (long long)c->token_id, c->csrf);
	}
	return aisec_buf_adds(&c->out, "</header>\n<main>\n");
}

int serve_page_end(struct serve_ctx *c)
{
	return aisec_buf_adds(&c->out, "</main>\n</body>\n</html>\n");
}

/* today as YYYY-MM-DD (the server's --today, or the UTC date) */
static void today(const struct serve_ctx *c, char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	if (c->today) {
		snprintf(out, 11, "%s", c->today);
		return;
	}
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---- the portfolio
 * ------------------------------------------------------------ */

static const char *const sort_names[] = {"name",     "class",	 "risks",
					 "deadline", "assessed", NULL};

int serve_portfolio_query(const struct serve_ctx *c,
			  struct aisec_store_query *q, char *msg, size_t n)
{
	const char *sort = serve_query(c, "sort"),
		   *desc = serve_query(c, "desc");
	const char *klass = serve_query(c, "class"),
		   *text = serve_query(c, "q");
	const char *open = serve_query(c, "open");
	static const char *const classes[] = {"prohibited", "high-risk",
					      "limited", "minimal", NULL};

	memset(q, 0, sizeof(*q));
	q->today = c->today;
	if (sort && *sort) {
		int i;

		for (i = 0; sort_names[i] && strcmp(sort_names[i], sort) != 0;
		     i++)
			;
		if (!sort_names[i]) {
			snprintf(msg, n,
				 "query 'sort': expected name, class, risks, "
				 "deadline or assessed");
			return -1;
		}
		q->sort = (enum aisec_store_sort)i;
	}
	if (desc && *desc && strcmp(desc, "1") != 0 && strcmp(desc, "0") != 0 &&
	    strcmp(desc, "true") != 0 && strcmp(desc, "false") != 0) {
		snprintf(msg, n, "query 'desc': expected 1 or 0");
		return -1;
	}
	q->descending =
	    desc && (strcmp(desc, "1") == 0 || strcmp(desc, "true") == 0);
	if (open && *open && strcmp(open, "1") != 0 && strcmp(open, "0") != 0 &&
	    strcmp(open, "true") != 0 && strcmp(open, "false") != 0) {
		snprintf(msg, n, "query 'open': expected 1 or 0");
		return -1;
	}
	q->open_risks =
	    open && (strcmp(open, "1") == 0 || strcmp(open, "true") == 0);
	if (klass && *klass) {
		int i;

		for (i = 0; classes[i] && strcmp(classes[i], klass) != 0; i++)
			;
		if (!classes[i]) {
			snprintf(msg, n,
				 "query 'class': expected prohibited, "
				 "high-risk, limited or minimal");
			return -1;
		}
		q->klass = klass;
	}
	if (text && strlen(text) > 64) {
		snprintf(msg, n, "query 'q': longer than 64 bytes");
		return -1;
	}
	if (text && *text)
		q->text = text;
	return 0;
}

static void sort_link(struct serve_ctx *c, const struct aisec_store_query *q,
		      int key, const char *label)
{
	bool cur = (int)q->sort == key;

	aisec_buf_addf(&c->out, "<th><a href=\"/portfolio?sort=%s&amp;desc=%d",
		       sort_names[key], cur && !q->descending ? 1 : 0);
	if (q->klass)
		aisec_buf_adds(&c->out, "&amp;class="),
		    serve_url_esc(&c->out, q->klass);
	if (q->text)
		aisec_buf_adds(&c->out, "&amp;q="),
		    serve_url_esc(&c->out, q->text);
	if (q->open_risks)
		aisec_buf_adds(&c->out, "&amp;open=1");
	aisec_buf_addf(&c->out, "\">%s%s</a></th>", label,
		       cur ? (q->descending ? " &#9660;" : " &#9650;") : "");
}

static int page_portfolio(struct serve_ctx *c)
{
	struct aisec_store_query q;
	struct aisec_store_page pg;
	const struct aisec_store_page *pgp = &pg;
	struct aisec_error err;
	char msg[200];
	const char *pagep = serve_query(c, "page");
	uint64_t page = 1;
	int ret;

	if (serve_portfolio_query(c, &q, msg, sizeof(msg)) != 0)
		return serve_fail(c, MHD_HTTP_BAD_REQUEST, "%s", msg);
	if (pagep && *pagep &&
	    (aisec_parse_u64(pagep, &page) != 0 || page < 1 || page > 1000000))
		return serve_fail(c, MHD_HTTP_BAD_REQUEST,
				  "query 'page': expected a number from 1");
	q.limit = PAGE_ROWS;
	q.offset = (size_t)(page - 1) * PAGE_ROWS;
	ret = aisec_store_portfolio(c->st, &q, &pg, &err);
	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	serve_page_begin(c, "Portfolio");
	aisec_buf_addf(
	    &c->out,
	    "<h1>Portfolio</h1>\n<section>\n<form class=\"filter\" "
	    "method=\"get\" "
	    "action=\"/portfolio\"><input type=\"hidden\" name=\"sort\" "
	    "value=\"%s\">"
	    "<input type=\"hidden\" name=\"desc\" value=\"%d\">"
	    "<label>Name <input type=\"search\" name=\"q\" id=\"q\" value=\"",
	    sort_names[q.sort], q.descending ? 1 : 0);
	esc(c, q.text);
	aisec_buf_adds(
	    &c->out,
	    "\"></label> <label>Class <select name=\"class\" id=\"class\">"
	    "<option value=\"\">any</option>");
	for (const char *const *k =
		 (const char *const[]){"prohibited", "high-risk", "limited",
				       "minimal", NULL};
	     *k; k++)
		aisec_buf_addf(
		    &c->out, "<option%s>%s</option>",
		    q.klass && strcmp(q.klass, *k) == 0 ? " selected" : "", *k);
	aisec_buf_addf(
	    &c->out,
	    "</select></label> <label><input type=\"checkbox\" name=\"open\" "
	    "value=\"1\"%s> only with open risks</label> "
	    "<button type=\"submit\">Filter</button></form>\n",
	    q.open_risks ? " checked" : "");
	aisec_buf_addf(&c->out,
		       "<p class=\"muted\" id=\"count\">%zu system%s</p>\n"
		       "<table id=\"portfolio\"><thead><tr>",
		       pgp->total, pgp->total == 1 ? "" : "s");
	sort_link(c, &q, AISEC_STORE_SORT_NAME, "System");
	sort_link(c, &q, AISEC_STORE_SORT_CLASS, "Class");
	sort_link(c, &q, AISEC_STORE_SORT_OPEN_RISKS,
		  "Open risks (critical / major / minor)");
	aisec_buf_adds(&c->out, "<th class=\"num\">Gaps</th><th>Evidence</th>");
	sort_link(c, &q, AISEC_STORE_SORT_DEADLINE, "Next deadline");
	sort_link(c, &q, AISEC_STORE_SORT_ASSESSED, "Last assessed");
	aisec_buf_adds(&c->out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < pgp->n; i++) {
		const struct aisec_store_row *r = &pgp->rows[i];

		aisec_buf_adds(&c->out, "<tr><td><a href=\"/systems/");
		serve_url_esc(&c->out, r->name);
		aisec_buf_adds(&c->out, "\">");
		esc(c, r->name);
		aisec_buf_adds(&c->out, "</a></td><td>");
		badge(c, r->klass ? r->klass : "not assessed");
		aisec_buf_addf(&c->out,
			       "</td><td class=\"num\">%lld / %lld / %lld</td>"
			       "<td class=\"num\">%lld</td><td>",
			       (long long)r->open_risks[AISEC_STORE_CRITICAL],
			       (long long)r->open_risks[AISEC_STORE_MAJOR],
			       (long long)r->open_risks[AISEC_STORE_MINOR],
			       (long long)r->gaps);
		badge(c, r->evidence);
		aisec_buf_adds(&c->out, "</td><td>");
		esc(c, r->next_deadline ? r->next_deadline : "-");
		aisec_buf_adds(&c->out, "</td><td>");
		esc(c, r->last_assessed ? r->last_assessed : "never");
		aisec_buf_adds(&c->out, "</td></tr>\n");
	}
	aisec_buf_adds(&c->out, "</tbody></table>\n<nav class=\"pages\">");
	for (int dir = -1; dir <= 1; dir += 2) {
		uint64_t to = page + (uint64_t)(int64_t)dir;

		if (to < 1 || (dir > 0 && q.offset + pgp->n >= pgp->total))
			continue;
		aisec_buf_addf(
		    &c->out,
		    "<a href=\"/portfolio?sort=%s&amp;desc=%d&amp;page=%llu",
		    sort_names[q.sort], q.descending ? 1 : 0,
		    (unsigned long long)to);
		if (q.klass)
			aisec_buf_adds(&c->out, "&amp;class="),
			    serve_url_esc(&c->out, q.klass);
		if (q.text)
			aisec_buf_adds(&c->out, "&amp;q="),
			    serve_url_esc(&c->out, q.text);
		if (q.open_risks)
			aisec_buf_adds(&c->out, "&amp;open=1");
		aisec_buf_addf(&c->out, "\">%s</a>",
			       dir < 0 ? "previous" : "next");
	}
	aisec_buf_adds(&c->out, "</nav>\n</section>\n");
	aisec_store_page_release(&pg);
	return serve_page_end(c);
}

/* ---- the system page
 * ----------------------------------------------------------- */

static const struct aisec_decision *decision_of(const struct aisec_decision *d,
						size_t n, const char *finding)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(d[i].finding, finding) == 0)
			return &d[i];
	return NULL;
}

/* Does a current decision take the finding out of the open ones on `day`? */
static bool decided(const struct aisec_decision *d, const char *day)
{
	return d && d->status != AISEC_DECISION_OPEN &&
	       (!d->expires || strcmp(d->expires, day) >= 0);
}

static void decision_cell(struct serve_ctx *c, const struct aisec_decision *d,
			  const char *day)
{
	if (!d || d->status == AISEC_DECISION_OPEN) {
		badge(c, "open");
		return;
	}
	badge(c, d->expires && strcmp(d->expires, day) < 0
		     ? "expired"
		     : aisec_decision_status_name(d->status));
	aisec_buf_adds(&c->out, " ");
	esc(c, d->reason);
	if (d->owner)
		aisec_buf_adds(&c->out, "; owner "), esc(c, d->owner);
	if (d->expires)
		aisec_buf_adds(&c->out, "; until "), esc(c, d->expires);
}

static void decide_form(struct serve_ctx *c, const char *system,
			const char *finding)
{
	if (c->role < AISEC_ROLE_EDITOR)
		return;
	aisec_buf_adds(
	    &c->out,
	    "<form class=\"decide\" method=\"post\" action=\"/systems/");
	serve_url_esc(&c->out, system);
	aisec_buf_addf(
	    &c->out,
	    "/decisions\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"finding\" value=\"",
	    c->csrf);
	esc(c, finding);
	aisec_buf_adds(
	    &c->out,
	    "\"><select name=\"status\" aria-label=\"status\">"
	    "<option>accepted</option><option>mitigated</option>"
	    "<option>false-positive</option><option>open</option></select>"
	    "<input name=\"reason\" placeholder=\"reason\" "
	    "aria-label=\"reason\">"
	    "<input name=\"owner\" placeholder=\"owner\" aria-label=\"owner\">"
	    "<input type=\"date\" name=\"expires\" aria-label=\"expires\">"
	    "<button type=\"submit\">Decide</button></form>");
}

int serve_gate(struct serve_ctx *c, const struct aisec_store_system *sys,
	       const char *as_of, const char *gate,
	       const struct aisec_decision *d, size_t nd, struct aisec_buf *why,
	       struct aisec_error *err)
{
	struct aisec_profile *p = NULL;
	struct aisec_findings *f = NULL;
	struct aisec_assess_options o = {.as_of = as_of};
	int ret;

	ret = aisec_profile_parse(sys->profile_file ? sys->profile_file
						    : sys->name,
				  sys->profile, sys->profile_len, &p, err);
	if (ret == 0)
		ret = aisec_assess(c->cat, p, &o, &f, err);
	if (ret == 0)
		ret = aisec_findings_gate_decided(f, gate, d, nd, c->today, why,
						  err);
	aisec_findings_free(f);
	aisec_profile_free(p);
	return ret;
}

static void heat_map(struct serve_ctx *c, const json_t *doc,
		     const struct aisec_decision *d, size_t nd, const char *day)
{
	json_t *lik =
	    json_object_get(json_object_get(doc, "scheme"), "likelihood");
	json_t *imp = json_object_get(json_object_get(doc, "scheme"), "impact");
	size_t nl = json_array_size(lik), ni = json_array_size(imp);

	aisec_buf_adds(
	    &c->out,
	    "<table class=\"heat\" id=\"heat\"><caption class=\"muted\">open "
	    "residual risks by likelihood and impact</caption><tr><th></th>");
	for (size_t j = 0; j < ni; j++) {
		aisec_buf_adds(&c->out, "<th>impact ");
		esc(c, doc_str(json_array_get(imp, j), "level"));
		aisec_buf_adds(&c->out, "</th>");
	}
	aisec_buf_adds(&c->out, "</tr>\n");
	for (size_t i = nl; i-- > 0;) {
		const char *l = doc_str(json_array_get(lik, i), "level");

		aisec_buf_adds(&c->out, "<tr><th>");
		esc(c, l);
		aisec_buf_adds(&c->out, "</th>");
		for (size_t j = 0; j < ni; j++) {
			const char *im =
			    doc_str(json_array_get(imp, j), "level");
			size_t k, cnt = 0;
			json_t *r;
			char fid[200];

			json_array_foreach(json_object_get(doc, "risks"), k, r)
			{
				snprintf(fid, sizeof(fid), "risk/%s",
					 doc_str(r, "threat"));
				if (strcmp(doc_path_str(
					       r, "residual.likelihood.level"),
					   l) == 0 &&
				    strcmp(doc_path_str(r, "impact.level"),
					   im) == 0 &&
				    !decided(decision_of(d, nd, fid), day))
					cnt++;
			}
			aisec_buf_addf(&c->out, "<td class=\"h%zu\">%zu</td>",
				       cnt > 4 ? 4 : cnt, cnt);
		}
		aisec_buf_adds(&c->out, "</tr>\n");
	}
	aisec_buf_adds(&c->out, "</table>\n");
}

static void diff_section(struct serve_ctx *c, const char *name)
{
	struct aisec_buf b;
	json_t *d, *v;
	size_t i;

	aisec_buf_init(&b, 0);
	if (aisec_store_assessment_diff(c->st, name, 0, 0, &b, NULL) != 0 ||
	    !(d = json_loads(b.data, 0, NULL))) {
		aisec_buf_release(&b);
		return;
	}
	aisec_buf_addf(
	    &c->out,
	    "<h3>Changes from assessment %lld to %lld</h3><ul id=\"diff\">",
	    (long long)doc_int(d, "from"), (long long)doc_int(d, "to"));
	if ((v = doc_obj(d, "class"))) {
		aisec_buf_adds(&c->out, "<li>class ");
		esc(c, doc_str(v, "from"));
		aisec_buf_adds(&c->out, " &#8594; ");
		esc(c, doc_str(v, "to"));
		aisec_buf_adds(&c->out, "</li>");
	}
	json_array_foreach(doc_arr(d, "risks"), i, v)
	{
		aisec_buf_adds(&c->out, "<li>");
		esc(c, doc_str(v, "finding"));
		aisec_buf_adds(&c->out, ": ");
		esc(c, *doc_str(v, "from") ? doc_str(v, "from") : "(none)");
		aisec_buf_adds(&c->out, " &#8594; ");
		esc(c, *doc_str(v, "to") ? doc_str(v, "to") : "(none)");
		aisec_buf_adds(&c->out, "</li>");
	}
	for (int add = 1; add >= 0; add--)
		json_array_foreach(
		    doc_arr(doc_obj(d, "gaps"), add ? "added" : "removed"), i,
		    v)
		{
			aisec_buf_addf(
			    &c->out, "<li>gap %s: ", add ? "added" : "removed");
			esc(c, doc_s(v));
			aisec_buf_adds(&c->out, "</li>");
		}
	if ((v = doc_obj(d, "catalog"))) {
		aisec_buf_adds(&c->out, "<li>catalog ");
		esc(c, doc_str(v, "from"));
		aisec_buf_adds(&c->out, " &#8594; ");
		esc(c, doc_str(v, "to"));
		aisec_buf_adds(&c->out, "</li>");
	}
	aisec_buf_adds(&c->out, "</ul>\n");
	json_decref(d);
	aisec_buf_release(&b);
}

static int page_system(struct serve_ctx *c)
{
	const char *name = c->m.system, *gate = serve_query(c, "gate"), *ekind;
	struct aisec_store_system *sys = NULL;
	struct aisec_store_assessment *a = NULL, *hist = NULL;
	struct aisec_decision *d = NULL, *dh = NULL;
	struct aisec_store_evidence *ev = NULL;
	struct aisec_store_result *res = NULL;
	size_t nd = 0, ndh = 0, nh = 0, nev = 0, nres = 0, i;
	struct aisec_error err;
	json_t *doc = NULL, *v;
	char day[11];
	int ret, k;

	today(c, day);
	if (!gate || !*gate)
		gate = "risk:major";
	for (k = 0; serve_gates[k] && strcmp(serve_gates[k], gate) != 0; k++)
		;
	if (!serve_gates[k])
		return serve_fail(c, MHD_HTTP_BAD_REQUEST,
				  "query 'gate': expected risk:minor, "
				  "risk:major, risk:critical, "
				  "high-risk or prohibited");
	ret = aisec_store_system_get(c->st, name, &sys, &err);
	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	ret = aisec_store_assessment_get(c->st, name, 0, &a, &err);
	if (ret != 0 && ret != AISEC_ERR_NOTFOUND)
		goto fail;
	if (a && !(doc = json_loadb(a->findings, a->findings_len, 0, NULL))) {
		ret = aisec_error_set(
		    &err, AISEC_ERR_INTEGRITY,
		    "system '%s': stored findings are not JSON", name);
		goto fail;
	}
	if ((ret = aisec_store_decisions(c->st, name, NULL, false, &d, &nd,
					 &err)) != 0 ||
	    (ret = aisec_store_decisions(c->st, name, NULL, true, &dh, &ndh,
					 &err)) != 0 ||
	    (ret = aisec_store_assessment_history(c->st, name, &hist, &nh,
						  &err)) != 0 ||
	    (ret = aisec_store_evidence_list(c->st, name, &ev, &nev, &err)) !=
		0 ||
	    (ret = aisec_store_result_list(c->st, name, 20, &res, &nres,
					   &err)) != 0)
		goto fail;

	serve_page_begin(c, name);
	aisec_buf_adds(&c->out, "<h1>");
	esc(c, name);
	aisec_buf_adds(&c->out,
		       "</h1>\n<section id=\"summary\"><h2>Summary</h2><p>");
	if (!a) {
		aisec_buf_adds(&c->out, "not assessed yet (<code>aisec "
					"workspace assess</code>)</p>");
	} else {
		badge(c, a->klass);
		aisec_buf_addf(&c->out, " assessment %lld of ",
			       (long long)a->seq);
		esc(c, a->at);
		aisec_buf_adds(&c->out, ", as of ");
		esc(c, a->as_of);
		aisec_buf_adds(&c->out, ", catalog ");
		esc(c, a->catalog_version);
		aisec_buf_adds(&c->out, "; next deadline ");
		esc(c, a->next_deadline ? a->next_deadline : "none");
		aisec_buf_adds(&c->out, ". <a href=\"/systems/");
		serve_url_esc(&c->out, name);
		aisec_buf_adds(&c->out, "/report\">Full report</a></p>\n");
	}
	aisec_buf_adds(&c->out, "<p class=\"muted\">profile ");
	esc(c, sys->profile_file ? sys->profile_file : "(text)");
	aisec_buf_adds(&c->out, " <code>");
	esc(c, sys->profile_digest);
	aisec_buf_adds(&c->out, "</code></p>\n");
	if (a) {
		struct aisec_buf why;
		struct aisec_error gerr;
		int hit;

		aisec_buf_init(&why, 1 << 20);
		hit = serve_gate(c, sys, a->as_of, gate, d, nd, &why, &gerr);
		aisec_buf_adds(
		    &c->out,
		    "<form class=\"filter\" method=\"get\"><label>Gate "
		    "<select name=\"gate\">");
		for (k = 0; serve_gates[k]; k++)
			aisec_buf_addf(&c->out, "<option%s>%s</option>",
				       strcmp(serve_gates[k], gate) == 0
					   ? " selected"
					   : "",
				       serve_gates[k]);
		aisec_buf_adds(
		    &c->out,
		    "</select></label> <button type=\"submit\">Check</button> "
		    "<span id=\"gate\">");
		if (hit < 0) {
			aisec_buf_adds(&c->out, "<span class=\"error\">");
			esc(c, gerr.msg);
			aisec_buf_adds(&c->out, "</span>");
		} else {
			badge(c, hit ? "hit" : "clear");
			aisec_buf_addf(&c->out, " --fail-on %s %s", gate,
				       hit ? "trips: the gate fails"
					   : "passes");
		}
		aisec_buf_adds(&c->out, "</span></form>");
		if (hit > 0) {
			aisec_buf_adds(&c->out, "<pre id=\"gate-why\">");
			esc(c, why.data);
			aisec_buf_adds(&c->out, "</pre>");
		}
		aisec_buf_release(&why);
	}
	aisec_buf_adds(&c->out, "</section>\n");

	if (doc) {
		json_t *r;

		aisec_buf_adds(&c->out,
			       "<section id=\"risks\"><h2>Risks</h2>\n");
		heat_map(c, doc, d, nd, day);
		aisec_buf_adds(
		    &c->out,
		    "<table><thead><tr><th>Finding</th><th>Residual</th>"
		    "<th>Decision</th><th></th></tr></thead><tbody>\n");
		json_array_foreach(doc_arr(doc, "risks"), i, r)
		{
			char fid[200];

			snprintf(fid, sizeof(fid), "risk/%s",
				 doc_str(r, "threat"));
			aisec_buf_adds(&c->out, "<tr data-finding=\"");
			esc(c, fid);
			aisec_buf_adds(&c->out, "\"><td>");
			esc(c, fid);
			aisec_buf_adds(&c->out, "</td><td>");
			badge(c, doc_path_str(r, "residual.risk.level"));
			aisec_buf_adds(&c->out, "</td><td class=\"decision\">");
			decision_cell(c, decision_of(d, nd, fid), day);
			aisec_buf_adds(&c->out, "</td><td>");
			decide_form(c, name, fid);
			aisec_buf_adds(&c->out, "</td></tr>\n");
		}
		aisec_buf_adds(&c->out, "</tbody></table></section>\n");

		aisec_buf_adds(
		    &c->out,
		    "<section id=\"coverage\"><h2>Coverage</h2><table><thead>"
		    "<tr><th>Requirement or threat</th><th>Status</th>"
		    "<th>Decision</th><th></th></tr></thead><tbody>\n");
		json_array_foreach(doc_arr(doc, "coverage"), i, r)
		{
			char fid[200];
			bool gap = strcmp(doc_str(r, "status"), "gap") == 0;

			snprintf(fid, sizeof(fid), "gap/%s/%s",
				 doc_str(r, "kind"), doc_str(r, "id"));
			aisec_buf_adds(&c->out, "<tr><td>");
			esc(c, doc_str(r, "kind"));
			aisec_buf_adds(&c->out, " ");
			esc(c, doc_str(r, "id"));
			aisec_buf_adds(&c->out, "</td><td>");
			badge(c, doc_str(r, "status"));
			aisec_buf_adds(&c->out, "</td><td>");
			if (gap)
				decision_cell(c, decision_of(d, nd, fid), day);
			aisec_buf_adds(&c->out, "</td><td>");
			if (gap)
				decide_form(c, name, fid);
			aisec_buf_adds(&c->out, "</td></tr>\n");
		}
		aisec_buf_adds(&c->out, "</tbody></table></section>\n");
	}

	aisec_buf_adds(
	    &c->out,
	    "<section id=\"evidence\"><h2>Evidence</h2><table><thead><tr>"
	    "<th>Kind</th><th>Path</th><th>Status</th><th>Detail</th>"
	    "<th>Verified</th></tr></thead><tbody>\n");
	if (nev == 0 && doc)
		json_object_foreach(doc_obj(doc, "evidence"), ekind, v)
		{
			aisec_buf_adds(&c->out, "<tr><td>");
			esc(c, ekind);
			aisec_buf_adds(&c->out, "</td><td>");
			esc(c, doc_str(v, "path"));
			aisec_buf_adds(&c->out, "</td><td>");
			badge(c, doc_str(v, "status"));
			aisec_buf_adds(&c->out, "</td><td>");
			esc(c, doc_str(v, "detail"));
			aisec_buf_adds(&c->out,
				       "</td><td>at assessment</td></tr>\n");
		}
	for (i = 0; i < nev; i++) {
		aisec_buf_adds(&c->out, "<tr><td>");
		esc(c, ev[i].kind);
		aisec_buf_adds(&c->out, "</td><td>");
		esc(c, ev[i].path);
		aisec_buf_adds(&c->out, "</td><td>");
		badge(c, ev[i].status);
		aisec_buf_adds(&c->out, "</td><td>");
		esc(c, ev[i].detail);
		aisec_buf_adds(&c->out, "</td><td>");
		esc(c, ev[i].verified_at);
		aisec_buf_adds(&c->out, "</td></tr>\n");
	}
	aisec_buf_adds(&c->out, "</tbody></table>");
	if (c->role >= AISEC_ROLE_EDITOR) {
		aisec_buf_adds(&c->out,
			       "<form method=\"post\" action=\"/systems/");
		serve_url_esc(&c->out, name);
		aisec_buf_addf(
		    &c->out,
		    "/verify\"><input type=\"hidden\" name=\"csrf\" "
		    "value=\"%s\"><button type=\"submit\" id=\"verify\">Verify "
		    "now</button></form>",
		    c->csrf);
	}
	aisec_buf_adds(
	    &c->out,
	    "</section>\n<section id=\"results\"><h2>Probe and monitor "
	    "results</h2><table><thead><tr><th>Kind</th><th>Name</th>"
	    "<th>Status</th><th>At</th></tr></thead><tbody>\n");
	for (i = 0; i < nres; i++) {
		aisec_buf_adds(&c->out, "<tr><td>");
		esc(c, res[i].kind);
		aisec_buf_adds(&c->out, "</td><td>");
		esc(c, res[i].name);
		aisec_buf_adds(&c->out, "</td><td>");
		badge(c, res[i].status);
		aisec_buf_adds(&c->out, "</td><td>");
		esc(c, res[i].at);
		aisec_buf_adds(&c->out, "</td></tr>\n");
	}
	aisec_buf_adds(
	    &c->out,
	    "</tbody></table></section>\n<section id=\"history\"><h2>History"
	    "</h2><table><thead><tr><th>#</th><th>At</th><th>As of</th>"
	    "<th>Class</th><th class=\"num\">Risks (c / M / m)</th>"
	    "<th "
	    "class=\"num\">Gaps</th><th>Catalog</th></tr></thead><tbody>\n");
	for (i = 0; i < nh; i++) {
		aisec_buf_addf(&c->out, "<tr><td>%lld</td><td>",
			       (long long)hist[i].seq);
		esc(c, hist[i].at);
		aisec_buf_adds(&c->out, "</td><td>");
		esc(c, hist[i].as_of);
		aisec_buf_adds(&c->out, "</td><td>");
		badge(c, hist[i].klass);
		aisec_buf_addf(
		    &c->out,
		    "</td><td class=\"num\">%lld / %lld / %lld</td><td "
		    "class=\"num\">%lld</td><td>",
		    (long long)hist[i].risks[2], (long long)hist[i].risks[1],
		    (long long)hist[i].risks[0], (long long)hist[i].gaps);
		esc(c, hist[i].catalog_version);
		aisec_buf_adds(&c->out, "</td></tr>\n");
	}
	aisec_buf_adds(&c->out, "</tbody></table>\n");
	if (nh >= 2)
		diff_section(c, name);
	aisec_buf_adds(
	    &c->out,
	    "</section>\n<section id=\"decisions\"><h2>Decisions (history)</h2>"
	    "<table><thead><tr><th>At</th><th>Finding</th><th>Status</th>"
	    "<th>Reason</th><th>Owner</th><th>Expires</th><th>By</th></tr>"
	    "</thead><tbody>\n");
	for (i = 0; i < ndh; i++) {
		aisec_buf_adds(&c->out, "<tr><td>");
		esc(c, dh[i].at);
		aisec_buf_adds(&c->out, "</td><td>");
		esc(c, dh[i].finding);
		aisec_buf_adds(&c->out, "</td><td>");
		badge(c, aisec_decision_status_name(dh[i].status));
		aisec_buf_adds(&c->out, "</td><td>");
		esc(c, dh[i].reason);
		aisec_buf_adds(&c->out, "</td><td>");
		esc(c, dh[i].owner);
		aisec_buf_adds(&c->out, "</td><td>");
		esc(c, dh[i].expires);
		aisec_buf_adds(&c->out, "</td><td>");
		esc(c, dh[i].by);
		aisec_buf_adds(&c->out, "</td></tr>\n");
	}
	aisec_buf_adds(&c->out, "</tbody></table></section>\n");
	ret = serve_page_end(c);
	goto out;
fail:
	ret = serve_fail(c, serve_status_of(ret), "%s", err.msg);
out:
	json_decref(doc);
	aisec_store_result_free(res, nres);
	aisec_store_evidence_free(ev, nev);
	aisec_store_assessments_free(hist, nh);
	aisec_decisions_free(dh, ndh);
	aisec_decisions_free(d, nd);
	aisec_store_assessment_free(a);
	aisec_store_system_free(sys);
	return ret;
}

static int system_path(struct serve_ctx *c, char *out, size_t n,
		       const char *anchor)
{
	struct aisec_buf b;

	aisec_buf_init(&b, n - 1);
	aisec_buf_adds(&b, "/systems/");
	serve_url_esc(&b, c->m.system);
	aisec_buf_adds(&b, anchor);
	snprintf(out, n, "%s", b.data);
	aisec_buf_release(&b);
	return 0;
}

static int do_decide(struct serve_ctx *c)
{
	struct serve_form f;
	struct aisec_error err;
	struct aisec_decision d = {0};
	char who[300], path[200];
	const char *st, *v;
	int ret;

	if (serve_form_parse(c->body, c->body_len, &f, &err) != 0)
		return serve_fail(c, MHD_HTTP_BAD_REQUEST, "%s", err.msg);
	st = serve_form_get(&f, "status");
	if (!st || aisec_decision_status_parse(st, &d.status) != 0) {
		serve_form_release(&f);
		return serve_fail(c, MHD_HTTP_BAD_REQUEST,
				  "form field 'status': expected open, "
				  "accepted, mitigated or "
				  "false-positive");
	}
	serve_who(c, who, sizeof(who));
	d.system = c->m.system;
	d.finding = (char *)serve_form_get(&f, "finding");
	d.reason = (v = serve_form_get(&f, "reason")) && *v ? (char *)v : NULL;
	d.owner = (v = serve_form_get(&f, "owner")) && *v ? (char *)v : NULL;
	d.expires =
	    (v = serve_form_get(&f, "expires")) && *v ? (char *)v : NULL;
	d.by = who;
	if (!d.finding) {
		serve_form_release(&f);
		return serve_fail(c, MHD_HTTP_BAD_REQUEST,
				  "form field 'finding': missing");
	}
	ret = aisec_store_decide(c->st, &d, NULL, &err);
	serve_form_release(&f);
	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	system_path(c, path, sizeof(path), "#risks");
	return serve_redirect(c, path);
}

/*
 * Verify now: assess the system's profile file again with its lineage and
 * ledger evidence verified, and record what each verification said.  The
 * paths come from the profile the workspace holds, never from the request.
 */
static int do_verify(struct serve_ctx *c)
{
	struct aisec_store_system *sys = NULL;
	struct aisec_profile *p = NULL;
	struct aisec_findings *f = NULL;
	struct aisec_assess_options o = {.verify_evidence = true};
	struct aisec_buf js;
	struct aisec_error err;
	json_t *doc = NULL, *v;
	const char *kind;
	char path[200];
	int ret;

	aisec_buf_init(&js, 0);
	ret = aisec_store_system_get(c->st, c->m.system, &sys, &err);
	if (ret == 0 && !sys->profile_file)
		ret = aisec_error_set(&err, AISEC_ERR_INVALID,
				      "system '%s': added from text, no "
				      "profile file to verify against",
				      c->m.system);
	if (ret == 0)
		ret = aisec_profile_load(sys->profile_file, &p, &err);
	if (ret == 0)
		ret = aisec_assess(c->cat, p, &o, &f, &err);
	if (ret == 0)
		ret = aisec_findings_to_json(f, &js, &err);
	if (ret == 0 && !(doc = json_loadb(js.data, js.len, 0, NULL)))
		ret = aisec_error_set(&err, AISEC_ERR_INTEGRITY,
				      "findings are not JSON");
	if (ret != 0)
		goto out;
	json_object_foreach(doc_obj(doc, "evidence"), kind, v)
	{
		const char *status = doc_str(v, "status");
		struct aisec_store_evidence e = {0};

		if (strcmp(kind, "lineage") != 0 && strcmp(kind, "ledger") != 0)
			continue;
		if (strcmp(status, "not_declared") == 0)
			continue;
		e.system = c->m.system;
		e.kind = (char *)kind;
		e.path = (char *)doc_str(v, "path");
		e.status = (char *)
		    status; /* the findings' own: verified, broken, ... */
		e.detail = (char *)doc_str(v, "detail");
		ret = aisec_store_evidence_put(c->st, &e, &err);
		if (ret != 0)
			goto out;
	}
out:
	json_decref(doc);
	aisec_buf_release(&js);
	aisec_findings_free(f);
	aisec_profile_free(p);
	aisec_store_system_free(sys);
	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	system_path(c, path, sizeof(path), "#evidence");
	return serve_redirect(c, path);
}

/* The full assessment report: the HTML renderer's page, under its own CSP. */
static int page_report(struct serve_ctx *c)
{
	struct aisec_store_assessment *a = NULL;
	struct aisec_report_options ro = {0};
	struct aisec_error err;
	json_t *doc;
	int ret;

	ret = aisec_store_assessment_get(c->st, c->m.system, 0, &a, &err);
	if (ret != 0)
		return serve_fail(c, serve_status_of(ret), "%s", err.msg);
	doc = json_loadb(a->findings, a->findings_len, 0, NULL);
	aisec_store_assessment_free(a);
	if (!doc)
		return serve_fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				  "stored findings are not JSON");
	ret = report_render_doc(doc, c->cat, "html", &ro, &c->out, &err);
	json_decref(doc);
	if (ret != 0)
		return serve_fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "%s",
				  err.msg);
	/* the report's own policy (inline styles, no script at all), no framing
	 */
	c->csp =
	    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
	    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
	return 0;
}

int serve_page(struct serve_ctx *c)
{
	switch (c->m.route->id) {
	case SR_ROOT:
		return serve_redirect(c, "/portfolio");
	case SR_PORTFOLIO:
		return page_portfolio(c);
	case SR_SYSTEM:
		return page_system(c);
	case SR_SYSTEM_REPORT:
		return page_report(c);
	case SR_SYSTEM_DECIDE:
		return do_decide(c);
	case SR_SYSTEM_VERIFY:
		return do_verify(c);
	case SR_CATALOG:
		return serve_catalog_page(c);
	default:
		return serve_fail(c, MHD_HTTP_NOT_FOUND, "no such page");
	}
}
