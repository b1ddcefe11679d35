/*
 * outline.c - the structure of the human report (sections, lists, tables
 * and the facts and sources behind each statement), written once for the
 * Markdown and HTML renderers: they implement struct outline_ops and this
 * file decides what is said, in which order.  The terminal report (text.c)
 * keeps its own layout because it wraps prose to a width.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "report/report.h"

#define OPS(o) ((o)->ops)

static void text(const struct outline *o, const char *s)
{
	if (s && *s)
		OPS(o)->text(o->w, s);
}

static void code(const struct outline *o, const char *s)
{
	if (s && *s)
		OPS(o)->code(o->w, s);
}

/* The strings (or the objects' `field`) of an array as code spans. */
static void codes(const struct outline *o, const json_t *arr, const char *field)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) {
		if (i)
			OPS(o)->text(o->w, " ");
		code(o, field ? doc_str(v, field) : doc_s(v));
	}
}

const struct outline_section outline_sections[] = {
	{"classification", "Classification"},
	{"requirements", "Requirements"},
	{"threats", "Threats"},
	{"risks", "Risks"},
	{"coverage", "Coverage"},
	{"gaps", "Gaps"},
	{"next-steps", "Next steps"},
	{NULL, NULL},
};

/* The title of section `id` (the table of contents and the heading agree). */
static const char *section_title(const char *id)
{
	for (size_t i = 0; outline_sections[i].id; i++)
		if (!strcmp(outline_sections[i].id, id))
			return outline_sections[i].title;
	return id;
}

static void section(const struct outline *o, const char *id, long count)
{
	OPS(o)->section(o->w, id, section_title(id), count);
}

/* A date, a level name ("enhanced-basic"): one token a renderer must not break. */
static void token(const struct outline *o, const char *s)
{
	if (!s || !*s)
		return;
	if (OPS(o)->token)
		OPS(o)->token(o->w, s);
	else
		OPS(o)->text(o->w, s);
}

static void cell(const struct outline *o)
{
	OPS(o)->cell_begin(o->w);
}

static void next_cell(const struct outline *o)
{
	OPS(o)->cell_end(o->w);
	OPS(o)->cell_begin(o->w);
}

static void end_row(const struct outline *o)
{
	OPS(o)->cell_end(o->w);
	OPS(o)->row_end(o->w);
}

/* "facts: field = value (line N); ..." as an aside. */
static void facts(const struct outline *o, const json_t *f)
{
	size_t i;
	json_t *it;
	char line[32];

	if (!json_array_size(f))
		return;
	OPS(o)->aside_begin(o->w);
	OPS(o)->text(o->w, "facts: ");
	json_array_foreach(f, i, it) {
		if (i)
			OPS(o)->text(o->w, "; ");
		code(o, doc_str(it, "field"));
		OPS(o)->text(o->w, " = ");
		text(o, doc_str(it, "value"));
		if (doc_int(it, "line") > 0) {
			snprintf(line, sizeof(line), " (line %lld)", doc_int(it, "line"));
			OPS(o)->text(o->w, line);
		}
	}
	OPS(o)->aside_end(o->w);
}

/* The source of a statement, with --explain only. */
static void source(const struct outline *o, const json_t *obj)
{
	if (!o->c->opt->explain || !*doc_str(obj, "source"))
		return;
	OPS(o)->aside_begin(o->w);
	OPS(o)->text(o->w, "source: ");
	text(o, doc_str(obj, "source"));
	OPS(o)->aside_end(o->w);
}

static void aside(const struct outline *o, const char *label, const char *s)
{
	if (!s || !*s)
		return;
	OPS(o)->aside_begin(o->w);
	text(o, label);
	text(o, s);
	OPS(o)->aside_end(o->w);
}

/* The name of a threat, from the threats of the findings (its id when unnamed). */
static const char *threat_name(const json_t *doc, const char *id)
{
	const char *name = doc_str(doc_find(doc, "threats", "id", id), "name");

	return *name ? name : id;
}

/* Appends to a fixed buffer, cutting at its end. */
static void cat(char *buf, size_t n, const char *s)
{
	size_t len = strlen(buf);

	if (len + 1 < n)
		snprintf(buf + len, n - len, "%s", s);
}

/* Top risks (highest first, up to 3), evidence status and key dates. */
static void summary(const struct outline *o)
{
	const json_t *d = o->c->doc;
	json_t *rs = doc_arr(d, "risks"), *it;
	const char *dates[16];
	size_t i, nd = 0;
	char v[512], w[160];
	const char *key;
	bool used[64] = {false};

	v[0] = '\0';
	for (int k = 0; k < 3; k++) {
		long long best = 0;
		size_t bi = 0;

		json_array_foreach(rs, i, it)
			if (i < 64 && !used[i] && doc_path_int(it, "risk.value") > best)
				best = doc_path_int(it, "risk.value"), bi = i;
		if (!best)
			break;
		used[bi] = true;
		it = json_array_get(rs, bi);
		snprintf(w, sizeof(w), "%s%s (%s %lld)", k ? "; " : "",
			 threat_name(d, doc_str(it, "threat")), doc_path_str(it, "risk.level"), best);
		cat(v, sizeof(v), w);
	}
	OPS(o)->kv(o->w, "top risks", v, OUTLINE_KV_WIDE);
	v[0] = '\0';
	json_object_foreach((json_t *)doc_obj(d, "evidence"), key, it) {
		char st[64];

		doc_words(doc_str(it, "status"), st, sizeof(st));
		snprintf(w, sizeof(w), "%s%s %s", v[0] ? "; " : "", key, st);
		cat(v, sizeof(v), w);
	}
	OPS(o)->kv(o->w, "evidence", v, OUTLINE_KV_WIDE);
	/* the dates obligations apply from, each once, in order */
	if (*doc_path_str(d, "classification.applies_from"))
		dates[nd++] = doc_path_str(d, "classification.applies_from");
	json_array_foreach(doc_arr(d, "requirements"), i, it) {
		const char *a = doc_str(it, "applies_from");
		bool seen = !*a;

		for (size_t k = 0; k < nd && !seen; k++)
			seen = !strcmp(dates[k], a);
		if (!seen && nd < sizeof(dates) / sizeof(dates[0]))
			dates[nd++] = a;
	}
	for (size_t k = 1; k < nd; k++) /* a handful: insertion sort */
		for (size_t j = k; j > 0 && strcmp(dates[j - 1], dates[j]) > 0; j--) {
			const char *t = dates[j];

			dates[j] = dates[j - 1];
			dates[j - 1] = t;
		}
	v[0] = '\0';
	for (size_t k = 0; k < nd; k++) {
		cat(v, sizeof(v), k ? ", " : "obligations apply from ");
		cat(v, sizeof(v), dates[k]);
	}
	OPS(o)->kv(o->w, "key dates", v, OUTLINE_KV_WIDE);
}

static void header(const struct outline *o)
{
	const json_t *d = o->c->doc;
	const json_t *sys = doc_obj(d, "system");
	const json_t *s = doc_obj(d, "summary");
	char v[160];

	snprintf(v, sizeof(v), "%s%s%s", doc_str(sys, "name"), *doc_str(sys, "version") ? " " : "",
		 doc_str(sys, "version"));
	OPS(o)->title(o->w, v, doc_path_str(d, "classification.class"));
	OPS(o)->kv_begin(o->w);
	OPS(o)->kv(o->w, "purpose", doc_str(sys, "purpose"), OUTLINE_KV_WIDE);
	OPS(o)->kv(o->w, "AI Act class", doc_path_str(d, "classification.class"), OUTLINE_KV_BADGE);
	OPS(o)->kv(o->w, "provider", doc_str(sys, "provider"), OUTLINE_KV_TEXT);
	OPS(o)->kv(o->w, "role", doc_str(sys, "role"), OUTLINE_KV_TEXT);
	OPS(o)->kv(o->w, "profile", doc_path_str(d, "profile.file"), OUTLINE_KV_PATH);
	OPS(o)->kv(o->w, "assessed as of", doc_str(d, "as_of"), OUTLINE_KV_TEXT);
	snprintf(v, sizeof(v), "%s (facts checked %s)", doc_path_str(d, "catalog.version"),
		 doc_path_str(d, "catalog.as_of"));
	OPS(o)->kv(o->w, "catalog", v, OUTLINE_KV_TEXT);
	snprintf(v, sizeof(v), "%lld", doc_int(s, "threats"));
	OPS(o)->kv(o->w, "threats", v, OUTLINE_KV_FIGURE);
	snprintf(v, sizeof(v), "%lld → %lld", doc_path_int(s, "risks.critical"),
		 doc_path_int(s, "residual.critical"));
	OPS(o)->kv(o->w, "critical risks, before → after controls", v, OUTLINE_KV_FIGURE);
	snprintf(v, sizeof(v), "%lld / %lld / %lld", doc_path_int(s, "requirements.covered"),
		 doc_path_int(s, "requirements.coverable"), doc_path_int(s, "requirements.gap"));
	OPS(o)->kv(o->w, "requirements covered / coverable / gap", v, OUTLINE_KV_FIGURE);
	OPS(o)->kv(o->w, "suggested assurance level",
		   doc_path_str(d, "next_steps.assurance_level.level"), OUTLINE_KV_FIGURE);
	summary(o);
	OPS(o)->kv_end(o->w);
	if (OPS(o)->toc)
		OPS(o)->toc(o->w, outline_sections);
}

/* The statements a list has made, so that the same basis is not listed twice. */
struct said {
	const char *txt[32];
	size_t n;
};

/* Has `txt` been said already (and remember it if not)? */
static bool said_before(struct said *sd, const char *txt)
{
	if (!sd || !txt || !*txt)
		return false;
	for (size_t i = 0; i < sd->n; i++)
		if (!strcmp(sd->txt[i], txt))
			return true;
	if (sd->n < sizeof(sd->txt) / sizeof(sd->txt[0]))
		sd->txt[sd->n++] = txt;
	return false;
}

/* One list item "**title**: text (applies from ...)" with its facts and source. */
static void item(const struct outline *o, const char *title, const char *txt, const json_t *obj)
{
	OPS(o)->item_begin(o->w);
	OPS(o)->strong(o->w, title);
	OPS(o)->text(o->w, ": ");
	text(o, txt);
	if (*doc_str(obj, "applies_from")) {
		OPS(o)->text(o->w, " (applies from ");
		token(o, doc_str(obj, "applies_from"));
		OPS(o)->text(o->w, ")");
	}
	facts(o, doc_arr(obj, "facts"));
	source(o, obj);
	OPS(o)->item_end(o->w);
}

static void classification(const struct outline *o)
{
	const json_t *cls = doc_obj(o->c->doc, "classification");
	const json_t *x;
	json_t *it;
	size_t i;
	char t[1024];
	struct said sd = {.n = 0};

	section(o, "classification", -1);
	OPS(o)->block_begin(o->w);
	OPS(o)->badge(o->w, doc_str(cls, "class"));
	if (*doc_str(cls, "headline")) {
		const json_t *sc = doc_obj(cls, "scope");

		text(o, " ");
		text(o, doc_str(cls, "headline"));
		text(o, " (as of ");
		token(o, doc_str(o->c->doc, "as_of"));
		text(o, ")");
		if (sc && !strcmp(doc_str(sc, "status"), "out-of-scope") &&
		    *doc_str(sc, "back_in_scope")) {
			snprintf(t, sizeof(t), "; back in scope by: %s",
				 doc_str(sc, "back_in_scope"));
			text(o, t);
		}
	} else if (*doc_str(cls, "applies_from")) {
		text(o, " obligations apply from ");
		token(o, doc_str(cls, "applies_from"));
		text(o, doc_bool(cls, "applies_now") ? " (in force on " : " (not yet on ");
		token(o, doc_str(o->c->doc, "as_of"));
		text(o, ")");
	}
	OPS(o)->block_end(o->w);
	OPS(o)->list_begin(o->w, false);
	json_array_foreach(doc_arr(cls, "basis"), i, it)
		if (!said_before(&sd, doc_str(it, "text")))
			item(o, doc_str(it, "article"), doc_str(it, "text"), it);
	json_array_foreach(doc_arr(cls, "prohibited"), i, it) {
		snprintf(t, sizeof(t), "Prohibited, %s", doc_str(it, "point"));
		item(o, t, doc_str(it, "text"), it);
	}
	if ((x = doc_obj(cls, "annex_i"))) {
		snprintf(t, sizeof(t), "%s%s%s%s%s%s%s; third-party conformity assessment: %s",
			 doc_str(x, "act"), *doc_str(x, "section") ? ", section " : "",
			 doc_str(x, "section"), *doc_str(x, "point") ? " point " : "",
			 doc_str(x, "point"), *doc_str(x, "role") ? ", as a " : "",
			 doc_str(x, "role"), doc_bool(x, "third_party_assessment") ? "yes" : "no");
		item(o, "Annex I", t, x);
	}
	if ((x = doc_obj(cls, "annex_iii"))) {
		/* the basis usually says it already */
		if (!said_before(&sd, doc_str(x, "title"))) {
			snprintf(t, sizeof(t), "Annex III point %s", doc_str(x, "point"));
			item(o, t, doc_str(x, "title"), x);
		}
		if (*doc_str(x, "declared") && strcmp(doc_str(x, "declared"), doc_str(x, "point"))) {
			snprintf(t, sizeof(t), "Annex III point %s", doc_str(x, "declared"));
			item(o, "Declared in the profile", t, NULL);
		}
	}
	if ((x = doc_obj(cls, "exemption_art6_3"))) {
		char what[512];

		snprintf(t, sizeof(t), "Art. 6(3) exemption %s",
			 doc_bool(x, "applies") ? "applies" : "does not apply");
		snprintf(what, sizeof(what), "%s; duty: %s", doc_str(x, "condition"),
			 doc_str(x, "duty"));
		item(o, t, what, x);
	}
	json_array_foreach(doc_arr(cls, "transparency"), i, it) {
		if (said_before(&sd, doc_str(it, "text")))
			continue;
		snprintf(t, sizeof(t), "Transparency, %s", doc_str(it, "article"));
		item(o, t, doc_str(it, "text"), it);
	}
	if ((x = doc_obj(cls, "gpai"))) {
		snprintf(t, sizeof(t), "%s; systemic risk: %s", doc_bool(x, "model") ? "yes" : "no",
			 doc_bool(x, "systemic_risk") ? "yes" : "no");
		item(o, "General-purpose AI model", t, NULL);
		json_array_foreach(doc_arr(x, "basis"), i, it)
			if (!said_before(&sd, doc_str(it, "text")))
				item(o, doc_str(it, "article"), doc_str(it, "text"), it);
	}
	json_array_foreach(doc_arr(cls, "warnings"), i, it)
		item(o, "Warning", doc_str(it, "text"), it);
	OPS(o)->list_end(o->w);
	OPS(o)->section_end(o->w);
}

static void requirements(const struct outline *o)
{
	static const char *const h[] = {"Status", "Article", "Requirement", "Applies from",
					"Cybersecurity relevance", "Evidence", NULL};
	json_t *reqs = doc_arr(o->c->doc, "requirements");
	json_t *it, *ev;
	size_t i;

	section(o, "requirements", (long)json_array_size(reqs));
	if (!json_array_size(reqs)) {
		OPS(o)->block_begin(o->w);
		text(o, "None apply.");
		OPS(o)->block_end(o->w);
		OPS(o)->section_end(o->w);
		return;
	}
	OPS(o)->table_begin(o->w, h);
	json_array_foreach(reqs, i, it) {
		OPS(o)->row_begin(o->w);
		cell(o);
		OPS(o)->badge(o->w, doc_str(it, "status"));
		next_cell(o);
		text(o, doc_str(it, "article"));
		next_cell(o);
		text(o, doc_str(it, "title"));
		next_cell(o);
		token(o, doc_str(it, "applies_from"));
		if (doc_bool(it, "applies_now"))
			text(o, " (in force)");
		next_cell(o);
		text(o, doc_str(it, "cyber_relevance"));
		source(o, it);
		next_cell(o);
		if ((ev = doc_obj(it, "evidence"))) {
			text(o, doc_str(ev, "kind"));
			text(o, " ");
			OPS(o)->badge(o->w, doc_str(ev, "status"));
		}
		end_row(o);
	}
	OPS(o)->table_end(o->w);
	OPS(o)->section_end(o->w);
}

static void threats(const struct outline *o)
{
	static const char *const goals[] = {"Confidentiality", "Integrity", "Availability"};
	static const char *const h[] = {"Threat", "Phases", "Why it applies", "AI Act / ATLAS",
					NULL};
	json_t *thr = doc_arr(o->c->doc, "threats");
	json_t *it, *r;
	size_t i, j;

	section(o, "threats", (long)json_array_size(thr));
	for (size_t g = 0; g < 3; g++) {
		bool any = false;

		json_array_foreach(thr, i, it) {
			/* a threat is listed under its first goal */
			if (strcasecmp(doc_s(json_array_get(doc_arr(it, "goals"), 0)), goals[g]))
				continue;
			if (!any) {
				OPS(o)->subheading(o->w, goals[g]);
				OPS(o)->table_begin(o->w, h);
			}
			any = true;
			OPS(o)->row_begin(o->w);
			cell(o);
			OPS(o)->strong(o->w, doc_str(it, "name"));
			OPS(o)->br(o->w);
			code(o, doc_str(it, "id"));
			source(o, it);
			next_cell(o);
			codes(o, doc_arr(it, "phases"), NULL);
			next_cell(o);
			json_array_foreach(doc_arr(it, "reasons"), j, r) {
				if (j)
					OPS(o)->br(o->w);
				text(o, doc_str(r, "text"));
				facts(o, doc_arr(r, "facts"));
			}
			next_cell(o);
			text(o, doc_str(it, "art15_term"));
			if (json_array_size(doc_arr(it, "atlas"))) {
				OPS(o)->br(o->w);
				codes(o, doc_arr(it, "atlas"), NULL);
			}
			end_row(o);
		}
		if (any)
			OPS(o)->table_end(o->w);
	}
	OPS(o)->section_end(o->w);
}

static void risk_cells(const struct outline *o, const json_t *r, bool with_impact)
{
	char v[64];

	/* the likelihood with the attack potential it comes from, in one column */
	doc_potential(r, v, sizeof(v));
	next_cell(o);
	token(o, doc_path_str(r, "likelihood.level"));
	OPS(o)->aside_begin(o->w);
	token(o, v);
	OPS(o)->aside_end(o->w);
	if (with_impact) {
		next_cell(o);
		token(o, doc_path_str(r, "impact.level"));
	}
	snprintf(v, sizeof(v), "%lld ", doc_path_int(r, "risk.value"));
	next_cell(o);
	text(o, v);
	OPS(o)->badge(o->w, doc_path_str(r, "risk.level"));
}

static void factors(const struct outline *o, const json_t *rs)
{
	static const char *const fn[] = {"elapsed_time", "expertise", "knowledge", "window",
					 "equipment"};
	static const char *const h[] = {"Threat", "Elapsed time", "Expertise", "Knowledge",
					"Window", "Equipment", NULL};
	json_t *it;
	size_t i;
	char v[96];

	OPS(o)->subheading(o->w, "Attack-potential factors");
	OPS(o)->table_begin(o->w, h);
	json_array_foreach(rs, i, it) {
		OPS(o)->row_begin(o->w);
		cell(o);
		code(o, doc_str(it, "threat"));
		for (size_t k = 0; k < 5; k++) {
			const json_t *f = doc_obj(doc_obj(it, "factors"), fn[k]);
			const json_t *rf = doc_obj(doc_obj(doc_obj(it, "residual"), "factors"), fn[k]);

			next_cell(o);
			snprintf(v, sizeof(v), "%s %lld", doc_str(f, "level"), doc_int(f, "value"));
			text(o, v);
			if (rf && strcmp(doc_str(rf, "level"), doc_str(f, "level"))) {
				snprintf(v, sizeof(v), " → %s %lld", doc_str(rf, "level"),
					 doc_int(rf, "value"));
				text(o, v);
			}
			aside(o, "", doc_str(rf ? rf : f, "why"));
		}
		end_row(o);
	}
	OPS(o)->table_end(o->w);
}

static void risks(const struct outline *o)
{
	static const char *const h[] = {"#", "Threat", "Likelihood (attack potential)", "Impact",
					"Risk", "Controls in place",
					"Residual likelihood (attack potential)", "Residual risk", NULL};
	json_t *rs = doc_arr(o->c->doc, "risks");
	json_t *it;
	size_t i;
	char n[32];

	section(o, "risks", (long)json_array_size(rs));
	if (!json_array_size(rs)) {
		OPS(o)->block_begin(o->w);
		text(o, "No threat applies.");
		OPS(o)->block_end(o->w);
		OPS(o)->section_end(o->w);
		return;
	}
	OPS(o)->block_begin(o->w);
	{
		/* the scheme actually used (--scheme), as every risk row carries it */
		char head[512];

		snprintf(head, sizeof(head),
			 "%s: the attack potential gives the likelihood; risk = likelihood × "
			 "impact, before and after the controls in place.",
			 doc_str(json_array_get(rs, 0), "scheme_title"));
		text(o, head);
	}
	OPS(o)->block_end(o->w);
	OPS(o)->chart(o->w, "risk-matrix");
	OPS(o)->table_begin(o->w, h);
	json_array_foreach(rs, i, it) {
		const json_t *res = doc_obj(it, "residual");

		OPS(o)->row_begin(o->w);
		snprintf(n, sizeof(n), "%zu", i + 1);
		cell(o);
		text(o, n);
		next_cell(o);
		OPS(o)->strong(o->w, threat_name(o->c->doc, doc_str(it, "threat")));
		OPS(o)->br(o->w);
		code(o, doc_str(it, "threat"));
		aside(o, "impact: ", doc_path_str(it, "impact.why"));
		source(o, it);
		risk_cells(o, it, true);
		next_cell(o);
		codes(o, doc_arr(it, "controls"), NULL);
		if (res) {
			risk_cells(o, res, false);
		} else {
			next_cell(o);
			next_cell(o);
		}
		end_row(o);
	}
	OPS(o)->table_end(o->w);
	if (o->c->opt->explain)
		factors(o, rs);
	OPS(o)->section_end(o->w);
}

static void coverage(const struct outline *o)
{
	static const char *const h[] = {"Requirement or threat", "In place (standards, controls)",
					"Available standards", "Report gaps", NULL};
	json_t *cov = doc_arr(o->c->doc, "coverage");
	json_t *it, *a;
	size_t i, j;

	section(o, "coverage", (long)json_array_size(cov));
	if (!json_array_size(cov)) {
		OPS(o)->section_end(o->w);
		return;
	}
	OPS(o)->chart(o->w, "coverage");
	OPS(o)->table_begin(o->w, h);
	json_array_foreach(cov, i, it) {
		OPS(o)->row_begin(o->w);
		/* status, what and why in one column: the table fits a page */
		cell(o);
		OPS(o)->badge(o->w, doc_str(it, "status"));
		text(o, " ");
		code(o, doc_str(it, "id"));
		aside(o, "", doc_str(it, "kind"));
		aside(o, "", doc_str(it, "reason"));
		next_cell(o);
		codes(o, doc_arr(it, "applied"), "standard");
		if (json_array_size(doc_arr(it, "applied")) && json_array_size(doc_arr(it, "controls")))
			OPS(o)->br(o->w);
		codes(o, doc_arr(it, "controls"), NULL);
		next_cell(o);
		json_array_foreach(doc_arr(it, "available"), j, a) {
			char st[128];

			if (j)
				OPS(o)->br(o->w);
			code(o, doc_str(a, "standard"));
			OPS(o)->aside_begin(o->w);
			doc_words(doc_str(a, "stage"), st, sizeof(st));
			text(o, st);
			if (*doc_str(a, "date")) {
				text(o, " ");
				token(o, doc_str(a, "date"));
			}
			OPS(o)->aside_end(o->w);
		}
		if (doc_available_more(it) > 0) {
			char more[64];

			snprintf(more, sizeof(more), "and %lld more", doc_available_more(it));
			aside(o, "", more);
		}
		next_cell(o);
		codes(o, doc_arr(it, "gaps"), NULL);
		end_row(o);
	}
	OPS(o)->table_end(o->w);
	OPS(o)->section_end(o->w);
}

static void gaps(const struct outline *o)
{
	json_t *gs = doc_arr(o->c->doc, "gaps");
	json_t *it, *ev;
	size_t i;
	char t[160];

	section(o, "gaps", (long)json_array_size(gs));
	OPS(o)->list_begin(o->w, false);
	json_array_foreach(gs, i, it) {
		OPS(o)->item_begin(o->w);
		OPS(o)->strong(o->w, doc_str(it, "title"));
		text(o, " ");
		code(o, doc_str(it, "id"));
		snprintf(t, sizeof(t), "%s, report section %s", doc_str(it, "kind"),
			 doc_str(it, "section"));
		aside(o, "", t);
		aside(o, "why here: ", doc_str(it, "why"));
		aside(o, "since the report: ", doc_str(it, "filled_note"));
		if (json_array_size(doc_arr(it, "partly_filled_by"))) {
			OPS(o)->aside_begin(o->w);
			text(o, "partly filled by ");
			codes(o, doc_arr(it, "partly_filled_by"), NULL);
			OPS(o)->aside_end(o->w);
		}
		if ((ev = doc_obj(it, "evidence"))) {
			OPS(o)->aside_begin(o->w);
			text(o, "evidence ");
			text(o, doc_str(ev, "kind"));
			text(o, " ");
			OPS(o)->badge(o->w, doc_str(ev, "status"));
			OPS(o)->aside_end(o->w);
		}
		source(o, it);
		OPS(o)->item_end(o->w);
	}
	OPS(o)->list_end(o->w);
	OPS(o)->section_end(o->w);
}

static void next_steps(const struct outline *o)
{
	const json_t *ns = doc_obj(o->c->doc, "next_steps");
	const json_t *al = doc_obj(ns, "assurance_level");
	json_t *it;
	size_t i;
	char t[160];

	section(o, "next-steps", -1);
	if (json_array_size(doc_arr(ns, "standards"))) {
		OPS(o)->subheading(o->w, "Standards worth adopting, by the risk they would cover");
		OPS(o)->list_begin(o->w, true);
		json_array_foreach(doc_arr(ns, "standards"), i, it) {
			OPS(o)->item_begin(o->w);
			code(o, doc_str(it, "id"));
			snprintf(t, sizeof(t), " (%s), risk covered %lld: ", doc_str(it, "stage"),
				 doc_int(it, "risk_covered"));
			text(o, t);
			codes(o, doc_arr(it, "covers"), NULL);
			aside(o, "", doc_str(it, "reason"));
			OPS(o)->item_end(o->w);
		}
		OPS(o)->list_end(o->w);
	}
	if (json_array_size(doc_arr(ns, "recommendations"))) {
		OPS(o)->subheading(o->w, "ENISA recommendations that apply");
		OPS(o)->list_begin(o->w, false);
		json_array_foreach(doc_arr(ns, "recommendations"), i, it) {
			OPS(o)->item_begin(o->w);
			code(o, doc_str(it, "id"));
			text(o, " ");
			text(o, doc_str(it, "title"));
			aside(o, "", doc_str(it, "why"));
			OPS(o)->item_end(o->w);
		}
		OPS(o)->list_end(o->w);
	}
	if (al) {
		OPS(o)->subheading(o->w, "Suggested Cybersecurity Act assurance level");
		OPS(o)->block_begin(o->w);
		OPS(o)->badge(o->w, doc_str(al, "level"));
		text(o, " ");
		text(o, doc_str(al, "reason"));
		source(o, al);
		OPS(o)->block_end(o->w);
	}
	OPS(o)->section_end(o->w);
}

void outline_render(const struct outline *o)
{
	header(o);
	classification(o);
	requirements(o);
	threats(o);
	risks(o);
	coverage(o);
	gaps(o);
	next_steps(o);
}
