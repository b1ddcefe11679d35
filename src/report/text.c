/*
 * text.c - the terminal report: plain text wrapped to a width, with ANSI
 * colour when asked (opt->color).  Sections: classification (basis and
 * facts), requirements, threats by goal and phase, the TVRA risk table
 * before and after controls, coverage, gaps, next steps.  --explain adds the
 * source of each statement and the attack-potential factors.
 */
#include <string.h>

#include "report/report.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_CYAN "\033[36m"

struct txt {
	struct emit e;
	const struct report_ctx *c;
	int width;
	bool color;
};

/* Columns a UTF-8 string takes: code points (no wide characters expected). */
static int cols(const char *s, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			w++;
	return w;
}

static void color_on(struct txt *t, const char *code)
{
	if (t->color)
		emit_s(&t->e, code);
}

static void color_off(struct txt *t)
{
	if (t->color)
		emit_s(&t->e, C_RESET);
}

static const char *status_color(const char *s)
{
	if (!strcmp(s, "covered") || !strcmp(s, "minor") || !strcmp(s, "minimal") ||
	    !strcmp(s, "verified"))
		return C_GREEN;
	if (!strcmp(s, "coverable") || !strcmp(s, "major") || !strcmp(s, "limited") ||
	    !strcmp(s, "not_declared"))
		return C_YELLOW;
	return C_RED;
}

/* Write a word or field, coloured by its value. */
static void colored(struct txt *t, const char *s)
{
	color_on(t, status_color(s));
	emit_s(&t->e, s);
	color_off(t);
}

/*
 * Write `text` wrapped to the width: the first line continues at column
 * `col` (where the caller left the cursor), later lines start with `indent`
 * spaces.  Newlines in the text start a new line.  Ends with a newline.
 */
static void wrap(struct txt *t, const char *text, int col, int indent)
{
	const char *p = text;
	bool start = true; /* no space before the first word of a line */

	while (*p) {
		const char *word = p;
		size_t n;
		int w;

		if (*p == '\n') {
			emit_c(&t->e, '\n');
			emit_rep(&t->e, " ", indent);
			col = indent;
			start = true;
			p++;
			continue;
		}
		if (*p == ' ') {
			p++;
			continue;
		}
		while (*p && *p != ' ' && *p != '\n')
			p++;
		n = (size_t)(p - word);
		w = cols(word, n);
		if ((!start && col + 1 + w > t->width) || (start && col > indent && col + w > t->width)) {
			/* a word that does not fit (after a label too) starts the next line */
			emit_c(&t->e, '\n');
			emit_rep(&t->e, " ", indent);
			col = indent;
		} else if (!start) {
			emit_c(&t->e, ' ');
			col++;
		}
		emit_n(&t->e, word, n);
		col += w;
		start = false;
	}
	emit_c(&t->e, '\n');
}

/* "label: text" wrapped under the label's indent. */
static void line(struct txt *t, int indent, const char *label, const char *text)
{
	int col = indent;

	if (!text || !*text)
		return;
	emit_rep(&t->e, " ", indent);
	if (label) {
		color_on(t, C_DIM);
		emit_s(&t->e, label);
		color_off(t);
		col += cols(label, strlen(label));
	}
	wrap(t, text, col, indent + 2);
}

static void heading(struct txt *t, const char *title, size_t count, bool with_count)
{
	emit_c(&t->e, '\n');
	color_on(t, C_BOLD);
	if (with_count)
		emit_f(&t->e, "%s (%zu)", title, count);
	else
		emit_s(&t->e, title);
	color_off(t);
	emit_c(&t->e, '\n');
}

static void facts(struct txt *t, int indent, const json_t *f)
{
	struct aisec_buf b;

	if (!json_array_size(f))
		return;
	aisec_buf_init(&b, 0);
	if (doc_facts_text(f, &b) == 0)
		line(t, indent, "facts: ", b.data);
	else
		t->e.err = AISEC_ERR_NOMEM;
	aisec_buf_release(&b);
}

static void source(struct txt *t, int indent, const json_t *o)
{
	if (t->c->opt->explain)
		line(t, indent, "source: ", doc_str(o, "source"));
}

/* Join the strings of an array with ", " into a buffer (b is reset first). */
static const char *join(struct aisec_buf *b, const json_t *arr, const char *field)
{
	size_t i;
	json_t *v;

	aisec_buf_reset(b);
	json_array_foreach(arr, i, v) {
		const char *s = field ? doc_str(v, field) : json_string_value(v);

		if (aisec_buf_addf(b, "%s%s", i ? ", " : "", s ? s : "") != 0)
			break;
	}
	return b->data;
}

static void header(struct txt *t)
{
	const json_t *d = t->c->doc;
	const json_t *sys = doc_obj(d, "system");
	const json_t *cls = doc_obj(d, "classification");
	struct aisec_buf b;

	color_on(t, C_BOLD);
	emit_f(&t->e, "%s", doc_str(sys, "name"));
	if (*doc_str(sys, "version"))
		emit_f(&t->e, " %s", doc_str(sys, "version"));
	color_off(t);
	emit_s(&t->e, "  ");
	color_on(t, C_BOLD);
	color_on(t, status_color(doc_str(cls, "class")));
	emit_s(&t->e, doc_str(cls, "class"));
	color_off(t);
	emit_c(&t->e, '\n');
	line(t, 0, "provider: ", doc_str(sys, "provider"));
	line(t, 0, "role: ", doc_str(sys, "role"));
	line(t, 0, "purpose: ", doc_str(sys, "purpose"));
	aisec_buf_init(&b, 0);
	if (aisec_buf_addf(&b, "%s, assessed as of %s, catalog %s (facts checked %s)",
			   doc_path_str(d, "profile.file"), doc_str(d, "as_of"),
			   doc_path_str(d, "catalog.version"), doc_path_str(d, "catalog.as_of")))
		t->e.err = AISEC_ERR_NOMEM;
	line(t, 0, "profile: ", b.data);
	aisec_buf_release(&b);
}

static void classification(struct txt *t)
{
	const json_t *cls = doc_obj(t->c->doc, "classification");
	const json_t *o;
	json_t *it;
	size_t i;

	heading(t, "CLASSIFICATION", 0, false);
	emit_s(&t->e, "  class: ");
	colored(t, doc_str(cls, "class"));
	if (*doc_str(cls, "headline")) {
		/* the headline under the class, not beside it: it opens with the class */
		emit_s(&t->e, "\n    ");
		wrap(t, doc_str(cls, "headline"), 4, 6);
		line(t, 4, "as of: ", doc_str(t->c->doc, "as_of"));
	} else {
		if (*doc_str(cls, "applies_from"))
			emit_f(&t->e, ", obligations apply from %s (%s on %s)",
			       doc_str(cls, "applies_from"),
			       doc_bool(cls, "applies_now") ? "in force"
							    : "not yet",
			       doc_str(t->c->doc, "as_of"));
		emit_c(&t->e, '\n');
	}
	if ((o = doc_obj(cls, "scope")) &&
	    strcmp(doc_str(o, "status"), "out-of-scope") == 0 &&
	    *doc_str(o, "back_in_scope"))
		line(t, 2, "back in scope by: ", doc_str(o, "back_in_scope"));
	else if (o)
		line(t, 2, "scope: ", doc_str(o, "text"));
	json_array_foreach(doc_arr(cls, "basis"), i, it) {
		emit_f(&t->e, "  - %s: ", doc_str(it, "article"));
		wrap(t, doc_str(it, "text"), 6 + cols(doc_str(it, "article"),
						      strlen(doc_str(it, "article"))), 4);
		facts(t, 4, doc_arr(it, "facts"));
		source(t, 4, it);
	}
	json_array_foreach(doc_arr(cls, "prohibited"), i, it) {
		emit_s(&t->e, "  ");
		colored(t, "prohibited");
		emit_f(&t->e, " %s: ", doc_str(it, "point"));
		wrap(t, doc_str(it, "text"), 15 + (int)strlen(doc_str(it, "point")), 4);
		line(t, 4, "prohibited since: ", doc_str(it, "applies_from"));
		facts(t, 4, doc_arr(it, "facts"));
		source(t, 4, it);
	}
	json_array_foreach(doc_arr(cls, "prohibited_from"), i, it)
	{
		emit_s(&t->e, "  ");
		colored(t, "PROHIBITED FROM");
		emit_f(&t->e, " %s %s: ", doc_str(it, "applies_from"),
		       doc_str(it, "point"));
		wrap(t, doc_str(it, "text"),
		     20 + (int)strlen(doc_str(it, "applies_from")) +
			 (int)strlen(doc_str(it, "point")),
		     4);
		facts(t, 4, doc_arr(it, "facts"));
		source(t, 4, it);
	}
	if ((o = doc_obj(cls, "rbi_exception"))) {
		json_t *k;
		size_t j;

		emit_f(&t->e,
		       "  Art. 5(1)(h) exception %s: ", doc_str(o, "point"));
		wrap(t, doc_str(o, "objective"),
		     26 + (int)strlen(doc_str(o, "point")), 4);
		json_array_foreach(doc_arr(o, "conditions"), j, k)
		{
			emit_f(&t->e, "    %s %s: ",
			       doc_bool(k, "met") ? "met    " : "MISSING",
			       doc_str(k, "article"));
			wrap(t, doc_str(k, "text"),
			     14 + (int)strlen(doc_str(k, "article")), 6);
		}
	}
	if ((o = doc_obj(cls, "annex_i"))) {
		line(t, 2, "Annex I: ", doc_str(o, "act"));
		if (*doc_str(o, "section") || *doc_str(o, "point") || *doc_str(o, "role")) {
			char where[160];

			snprintf(where, sizeof(where), "section %s point %s, %s", doc_str(o, "section"),
				 doc_str(o, "point"), doc_str(o, "role"));
			line(t, 4, "listed at: ", where);
		}
		line(t, 4, "third-party conformity assessment: ",
		     doc_bool(o, "third_party_assessment") ? "yes" : "no");
		facts(t, 4, doc_arr(o, "facts"));
	}
	if ((o = doc_obj(cls, "annex_iii"))) {
		emit_f(&t->e, "  Annex III point %s: ", doc_str(o, "point"));
		wrap(t, doc_str(o, "title"), 21 + (int)strlen(doc_str(o, "point")), 4);
		if (*doc_str(o, "declared"))
			line(t, 4, "declared: ", doc_str(o, "declared"));
		facts(t, 4, doc_arr(o, "facts"));
	}
	if ((o = doc_obj(cls, "exemption_art6_3"))) {
		line(t, 2, "Art. 6(3) exemption: ", doc_bool(o, "applies") ? "applies" : "does not apply");
		line(t, 4, "condition: ", doc_str(o, "condition"));
		line(t, 4, "duty: ", doc_str(o, "duty"));
		facts(t, 4, doc_arr(o, "facts"));
	}
	json_array_foreach(doc_arr(cls, "transparency"), i, it) {
		emit_f(&t->e, "  transparency %s: ", doc_str(it, "article"));
		wrap(t, doc_str(it, "text"),
		     17 + cols(doc_str(it, "article"), strlen(doc_str(it, "article"))), 4);
		line(t, 4, "applies from: ", doc_str(it, "applies_from"));
		facts(t, 4, doc_arr(it, "facts"));
	}
	if ((o = doc_obj(cls, "gpai"))) {
		emit_f(&t->e, "  general-purpose AI model: %s, systemic risk: %s\n",
		       doc_bool(o, "model") ? "yes" : "no",
		       doc_bool(o, "systemic_risk") ? "yes" : "no");
		json_array_foreach(doc_arr(o, "basis"), i, it) {
			emit_f(&t->e, "  - %s: ", doc_str(it, "article"));
			wrap(t, doc_str(it, "text"), 6 + (int)strlen(doc_str(it, "article")), 4);
			facts(t, 4, doc_arr(it, "facts"));
		}
	}
	json_array_foreach(doc_arr(cls, "warnings"), i, it) {
		emit_s(&t->e, "  ");
		color_on(t, C_YELLOW);
		emit_s(&t->e, "warning:");
		color_off(t);
		emit_c(&t->e, ' ');
		wrap(t, doc_str(it, "text"), 11, 4);
		facts(t, 4, doc_arr(it, "facts"));
	}
}

static void requirements(struct txt *t)
{
	json_t *reqs = doc_arr(t->c->doc, "requirements");
	json_t *it, *ev;
	size_t i;

	heading(t, "REQUIREMENTS", json_array_size(reqs), true);
	json_array_foreach(reqs, i, it) {
		const char *st = doc_str(it, "status");

		emit_s(&t->e, "  ");
		colored(t, st);
		emit_rep(&t->e, " ", 10 - (int)strlen(st));
		emit_f(&t->e, "%-8s ", doc_str(it, "article"));
		wrap(t, doc_str(it, "title"), 21, 21);
		if (*doc_str(it, "role"))
			line(t, 21, "duty of: ", doc_str(it, "role"));
		emit_rep(&t->e, " ", 21);
		emit_f(&t->e, "applies from %s%s\n", doc_str(it, "applies_from"),
		       doc_bool(it, "applies_now") ? " (in force)" : "");
		line(t, 21, NULL, doc_str(it, "cyber_relevance"));
		if ((ev = doc_obj(it, "evidence"))) {
			char label[64], text[1024];

			snprintf(label, sizeof(label), "evidence (%s): ", doc_str(ev, "kind"));
			snprintf(text, sizeof(text), "%s%s%s", doc_str(ev, "status"),
				 *doc_str(ev, "detail") ? ", " : "", doc_str(ev, "detail"));
			line(t, 21, label, text);
		}
		source(t, 21, it);
	}
}

static const char *const goals[] = {"confidentiality", "integrity", "availability"};

static void threats(struct txt *t)
{
	json_t *thr = doc_arr(t->c->doc, "threats");
	struct aisec_buf b;
	json_t *it, *r;
	size_t i, j;

	aisec_buf_init(&b, 0);
	heading(t, "THREATS", json_array_size(thr), true);
	for (size_t g = 0; g < 3; g++) {
		bool any = false;

		json_array_foreach(thr, i, it) {
			/* A threat is listed under its first goal. */
			if (strcmp(doc_s(json_array_get(doc_arr(it, "goals"), 0)),
				   goals[g]) != 0)
				continue;
			if (!any) {
				emit_s(&t->e, "  ");
				color_on(t, C_CYAN);
				emit_s(&t->e, goals[g]);
				color_off(t);
				emit_c(&t->e, '\n');
				any = true;
			}
			aisec_buf_reset(&b);
			aisec_buf_addf(&b, "%s [%s]", doc_str(it, "name"), doc_str(it, "id"));
			line(t, 4, NULL, b.data);
			line(t, 6, "goals: ", join(&b, doc_arr(it, "goals"), NULL));
			line(t, 6, "phases: ", join(&b, doc_arr(it, "phases"), NULL));
			line(t, 6, "AI Act Art. 15(5): ", doc_str(it, "art15_term"));
			if (json_array_size(doc_arr(it, "atlas")))
				line(t, 6, "MITRE ATLAS: ", join(&b, doc_arr(it, "atlas"), NULL));
			json_array_foreach(doc_arr(it, "reasons"), j, r) {
				line(t, 6, "why: ", doc_str(r, "text"));
				facts(t, 8, doc_arr(r, "facts"));
			}
			if (t->c->opt->explain)
				line(t, 6, "NIST AI 100-2: ", doc_str(it, "nist_class"));
			source(t, 6, it);
		}
	}
	/* The same threats by life-cycle phase, in order of first appearance. */
	if (json_array_size(thr)) {
		json_t *seen = json_array();

		emit_s(&t->e, "  by life-cycle phase\n");
		json_array_foreach(thr, i, it) {
			json_t *ph;
			size_t k;

			json_array_foreach(doc_arr(it, "phases"), k, ph) {
				const char *p = json_string_value(ph);
				bool dup = false;
				size_t m;
				json_t *s;

				json_array_foreach(seen, m, s)
					dup = dup || strcmp(doc_s(s), p ? p : "") == 0;
				if (p && !dup)
					json_array_append_new(seen, json_string(p));
			}
		}
		json_array_foreach(seen, i, r) {
			const char *p = json_string_value(r);

			aisec_buf_reset(&b);
			json_array_foreach(thr, j, it) {
				json_t *ph;
				size_t k;

				json_array_foreach(doc_arr(it, "phases"), k, ph)
					if (!strcmp(doc_s(ph), p))
						aisec_buf_addf(&b, "%s%s", b.len ? ", " : "",
							       doc_str(it, "id"));
			}
			emit_f(&t->e, "    %s: ", p);
			wrap(t, b.data, 6 + (int)strlen(p), 6);
		}
		json_decref(seen);
	}
	aisec_buf_release(&b);
}

static void pad(struct txt *t, const char *s, int w)
{
	int n = cols(s, strlen(s));

	emit_s(&t->e, s);
	emit_rep(&t->e, " ", w - n > 0 ? w - n : 1);
}

static void padcolored(struct txt *t, const char *s, int w)
{
	int n = cols(s, strlen(s));

	colored(t, s);
	emit_rep(&t->e, " ", w - n > 0 ? w - n : 1);
}

/* The risks one by one, for a terminal too narrow for the RISKS table. */
static void risks_stacked(struct txt *t, json_t *rs, struct aisec_buf *b)
{
	json_t *it;
	size_t i;

	json_array_foreach(rs, i, it) {
		const json_t *res = doc_obj(it, "residual");
		char pot[64];

		doc_potential(it, pot, sizeof(pot));
		line(t, 2, NULL, doc_str(it, "threat"));
		aisec_buf_reset(b);
		aisec_buf_addf(b, "potential %s, likelihood %s, impact %s, risk %lld %s", pot,
			       doc_path_str(it, "likelihood.level"), doc_path_str(it, "impact.level"),
			       doc_path_int(it, "risk.value"), doc_path_str(it, "risk.level"));
		if (res)
			aisec_buf_addf(b, ", residual %lld %s", doc_path_int(res, "risk.value"),
				       doc_path_str(res, "risk.level"));
		line(t, 4, NULL, b->data);
		if (json_array_size(doc_arr(it, "controls"))) {
			struct aisec_buf c;

			aisec_buf_init(&c, 0);
			line(t, 4, "controls: ", join(&c, doc_arr(it, "controls"), NULL));
			aisec_buf_release(&c);
		}
		line(t, 4, "impact: ", doc_path_str(it, "impact.why"));
		if (t->c->opt->explain) {
			line(t, 4, "scheme: ", doc_str(it, "scheme"));
			source(t, 4, it);
		}
	}
}

static void risks(struct txt *t)
{
	json_t *rs = doc_arr(t->c->doc, "risks");
	struct aisec_buf b;
	static const char *const fnames[] = {"elapsed_time", "expertise", "knowledge", "window",
					     "equipment"};
	int idw = 6;
	json_t *it;
	size_t i;

	heading(t, "RISKS", json_array_size(rs), true);
	if (!json_array_size(rs))
		return;
	/* the scheme actually used (--scheme), as every risk row carries it */
	aisec_buf_init(&b, 0);
	aisec_buf_addf(&b, "%s: the attack potential gives the likelihood; risk = likelihood x "
			   "impact, before and after the controls in place.",
		       doc_str(json_array_get(rs, 0), "scheme_title"));
	line(t, 2, NULL, b.data);
	aisec_buf_release(&b);
	json_array_foreach(rs, i, it) {
		int w = cols(doc_str(it, "threat"), strlen(doc_str(it, "threat")));

		idw = w > idw ? w : idw;
	}
	idw += 2;
	aisec_buf_init(&b, 0);
	/* too narrow for the table: each risk as its id and a wrapped line */
	if (2 + idw + 19 + 11 + 8 + 13 + 12 > t->width) {
		risks_stacked(t, rs, &b);
		aisec_buf_release(&b);
		return;
	}
	emit_s(&t->e, "  ");
	color_on(t, C_DIM);
	pad(t, "threat", idw);
	pad(t, "potential", 19);
	pad(t, "likelihood", 11);
	pad(t, "impact", 8);
	pad(t, "risk", 13);
	emit_s(&t->e, "residual\n");
	color_off(t);
	json_array_foreach(rs, i, it) {
		const json_t *res = doc_obj(it, "residual");
		char tmp[64];

		emit_s(&t->e, "  ");
		pad(t, doc_str(it, "threat"), idw);
		doc_potential(it, tmp, sizeof(tmp));
		pad(t, tmp, 19);
		pad(t, doc_path_str(it, "likelihood.level"), 11);
		pad(t, doc_path_str(it, "impact.level"), 8);
		emit_f(&t->e, "%lld ", doc_path_int(it, "risk.value"));
		padcolored(t, doc_path_str(it, "risk.level"),
			   13 - (int)snprintf(tmp, sizeof(tmp), "%lld ",
					      doc_path_int(it, "risk.value")));
		if (res) {
			emit_f(&t->e, "%lld ", doc_path_int(res, "risk.value"));
			colored(t, doc_path_str(res, "risk.level"));
		}
		emit_c(&t->e, '\n');
		if (json_array_size(doc_arr(it, "controls")))
			line(t, 4 + idw - 2, "controls: ", join(&b, doc_arr(it, "controls"), NULL));
		line(t, 4 + idw - 2, "impact: ", doc_path_str(it, "impact.why"));
		if (t->c->opt->explain) {
			for (size_t k = 0; k < 5; k++) {
				const json_t *f = doc_obj(doc_obj(it, "factors"), fnames[k]);
				const json_t *rf = doc_obj(doc_obj(res, "factors"), fnames[k]);

				if (!f)
					continue;
				aisec_buf_reset(&b);
				aisec_buf_addf(&b, "%s %lld (%s)", doc_str(f, "level"),
					       doc_int(f, "value"), doc_str(f, "why"));
				if (rf && strcmp(doc_str(rf, "level"), doc_str(f, "level")))
					aisec_buf_addf(&b, " -> %s %lld (%s)", doc_str(rf, "level"),
						       doc_int(rf, "value"), doc_str(rf, "why"));
				snprintf(tmp, sizeof(tmp), "%s: ", fnames[k]);
				line(t, 4 + idw - 2, tmp, b.data);
			}
			line(t, 4 + idw - 2, "scheme: ", doc_str(it, "scheme"));
			source(t, 4 + idw - 2, it);
		}
	}
	aisec_buf_release(&b);
}

static void coverage(struct txt *t)
{
	json_t *cov = doc_arr(t->c->doc, "coverage");
	struct aisec_buf b;
	json_t *it, *a;
	size_t i, j;

	heading(t, "COVERAGE", json_array_size(cov), true);
	aisec_buf_init(&b, 0);
	json_array_foreach(cov, i, it) {
		const char *st = doc_str(it, "status");

		emit_s(&t->e, "  ");
		colored(t, st);
		emit_rep(&t->e, " ", 10 - (int)strlen(st));
		emit_f(&t->e, "%s %s\n", doc_str(it, "kind"), doc_str(it, "id"));
		line(t, 12, NULL, doc_str(it, "reason"));
		if (json_array_size(doc_arr(it, "applied")))
			line(t, 12, "applied: ", join(&b, doc_arr(it, "applied"), "standard"));
		if (json_array_size(doc_arr(it, "controls")))
			line(t, 12, "controls: ", join(&b, doc_arr(it, "controls"), NULL));
		if (json_array_size(doc_arr(it, "available"))) {
			aisec_buf_reset(&b);
			json_array_foreach(doc_arr(it, "available"), j, a) {
				aisec_buf_addf(&b, "%s%s (%s", j ? ", " : "", doc_str(a, "standard"),
					       doc_str(a, "stage"));
				if (*doc_str(a, "date"))
					aisec_buf_addf(&b, " %s", doc_str(a, "date"));
				aisec_buf_addch(&b, ')');
			}
			if (doc_available_more(it) > 0)
				aisec_buf_addf(&b, " and %lld more", doc_available_more(it));
			line(t, 12, "available: ", b.data);
		}
		if (json_array_size(doc_arr(it, "gaps")))
			line(t, 12, "gaps: ", join(&b, doc_arr(it, "gaps"), NULL));
	}
	aisec_buf_release(&b);
}

static void gaps(struct txt *t)
{
	json_t *gs = doc_arr(t->c->doc, "gaps");
	struct aisec_buf b;
	json_t *it, *ev;
	size_t i;

	heading(t, "GAPS", json_array_size(gs), true);
	aisec_buf_init(&b, 0);
	json_array_foreach(gs, i, it) {
		aisec_buf_reset(&b);
		aisec_buf_addf(&b, "%s [%s, %s, section %s]", doc_str(it, "title"), doc_str(it, "id"),
			       doc_str(it, "kind"), doc_str(it, "section"));
		line(t, 2, NULL, b.data);
		line(t, 4, "why: ", doc_str(it, "why"));
		if (json_array_size(doc_arr(it, "partly_filled_by")))
			line(t, 4, "partly filled by: ",
			     join(&b, doc_arr(it, "partly_filled_by"), NULL));
		line(t, 4, "since the report: ", doc_str(it, "filled_note"));
		if ((ev = doc_obj(it, "evidence"))) {
			char label[64];

			snprintf(label, sizeof(label), "evidence (%s): ", doc_str(ev, "kind"));
			line(t, 4, label, doc_str(ev, "status"));
		}
		source(t, 4, it);
	}
	aisec_buf_release(&b);
}

static void next_steps(struct txt *t)
{
	const json_t *ns = doc_obj(t->c->doc, "next_steps");
	const json_t *al = doc_obj(ns, "assurance_level");
	struct aisec_buf b;
	json_t *it;
	size_t i;

	heading(t, "NEXT STEPS", 0, false);
	aisec_buf_init(&b, 0);
	json_array_foreach(doc_arr(ns, "standards"), i, it) {
		char head[256];
		int hl = snprintf(head, sizeof(head), "  %zu. adopt %s (%s), covers risk %lld: ", i + 1,
				  doc_str(it, "id"), doc_str(it, "stage"), doc_int(it, "risk_covered"));

		emit_s(&t->e, head);
		wrap(t, join(&b, doc_arr(it, "covers"), NULL), cols(head, (size_t)hl), 7);
		line(t, 7, NULL, doc_str(it, "reason"));
	}
	json_array_foreach(doc_arr(ns, "recommendations"), i, it) {
		emit_f(&t->e, "  ENISA recommendation %s: ", doc_str(it, "id"));
		wrap(t, doc_str(it, "title"), 26 + (int)strlen(doc_str(it, "id")), 4);
		line(t, 4, "why: ", doc_str(it, "why"));
	}
	if (al) {
		emit_s(&t->e, "  Cybersecurity Act assurance level: ");
		color_on(t, C_BOLD);
		emit_s(&t->e, doc_str(al, "level"));
		color_off(t);
		emit_c(&t->e, '\n');
		line(t, 4, NULL, doc_str(al, "reason"));
		source(t, 4, al);
	}
	aisec_buf_release(&b);
}

static void summary(struct txt *t)
{
	const json_t *s = doc_obj(t->c->doc, "summary");
	struct aisec_buf b;

	if (!s)
		return;
	heading(t, "SUMMARY", 0, false);
	aisec_buf_init(&b, 0);
	if (aisec_buf_addf(&b, "%s; %lld threats; risk before controls: %lld critical, %lld "
			       "major, %lld minor; after: %lld critical, %lld major, %lld minor",
			   doc_str(s, "class"), doc_int(s, "threats"),
			   doc_path_int(s, "risks.critical"), doc_path_int(s, "risks.major"),
			   doc_path_int(s, "risks.minor"), doc_path_int(s, "residual.critical"),
			   doc_path_int(s, "residual.major"), doc_path_int(s, "residual.minor")))
		t->e.err = AISEC_ERR_NOMEM;
	line(t, 2, NULL, b.data);
	aisec_buf_reset(&b);
	if (aisec_buf_addf(&b, "requirements: %lld covered, %lld coverable, %lld gap; %lld "
			       "report gaps",
			   doc_path_int(s, "requirements.covered"),
			   doc_path_int(s, "requirements.coverable"),
			   doc_path_int(s, "requirements.gap"), doc_int(s, "gaps")))
		t->e.err = AISEC_ERR_NOMEM;
	line(t, 2, NULL, b.data);
	aisec_buf_release(&b);
}

int report_text(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err)
{
	struct txt t;

	emit_init(&t.e, out);
	t.c = c;
	t.width = c->opt->width;
	t.color = c->opt->color;
	header(&t);
	classification(&t);
	requirements(&t);
	threats(&t);
	risks(&t);
	coverage(&t);
	gaps(&t);
	next_steps(&t);
	summary(&t);
	return emit_done(&t.e, "text", err);
}
