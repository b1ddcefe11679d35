/*
 * md.c - the report as Markdown (CommonMark with GitHub tables): the same
 * sections as the terminal report.  Text from the findings is escaped so a
 * '|' or '*' in a profile cannot break a table or the emphasis; ids are code
 * spans.  --explain adds the sources.
 */
#include <string.h>

#include "report/report.h"

struct md {
	struct emit e;
	const struct report_ctx *c;
};

/* Inline text: Markdown punctuation backslash-escaped, newlines as spaces. */
static void esc(struct md *m, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]<>|#", *s))
			emit_c(&m->e, '\\');
		emit_c(&m->e, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
}

/* A code span (ids, levels): backticks cannot occur in ids. */
static void code(struct md *m, const char *s)
{
	if (!s || !*s)
		return;
	if (strchr(s, '`')) {
		esc(m, s);
		return;
	}
	emit_c(&m->e, '`');
	emit_s(&m->e, s);
	emit_c(&m->e, '`');
}

static void codes(struct md *m, const json_t *arr, const char *field)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) {
		if (i)
			emit_s(&m->e, ", ");
		code(m, field ? doc_str(v, field) : doc_s(v));
	}
}

static void facts(struct md *m, const json_t *f)
{
	size_t i;
	json_t *it;

	if (!json_array_size(f))
		return;
	emit_s(&m->e, " *Facts:* ");
	json_array_foreach(f, i, it) {
		if (i)
			emit_s(&m->e, "; ");
		code(m, doc_str(it, "field"));
		emit_s(&m->e, " = ");
		esc(m, doc_str(it, "value"));
		if (doc_int(it, "line") > 0)
			emit_f(&m->e, " (line %lld)", doc_int(it, "line"));
	}
	emit_c(&m->e, '.');
}

static void source(struct md *m, const json_t *o)
{
	if (m->c->opt->explain && *doc_str(o, "source")) {
		emit_s(&m->e, " *Source:* ");
		esc(m, doc_str(o, "source"));
		emit_c(&m->e, '.');
	}
}

static void header(struct md *m)
{
	const json_t *d = m->c->doc;
	const json_t *sys = doc_obj(d, "system");

	emit_s(&m->e, "# ");
	esc(m, doc_str(sys, "name"));
	if (*doc_str(sys, "version")) {
		emit_c(&m->e, ' ');
		esc(m, doc_str(sys, "version"));
	}
	emit_s(&m->e, ": AI Act and cybersecurity assessment\n\n");
	emit_s(&m->e, "| | |\n|---|---|\n| Class | **");
	esc(m, doc_path_str(d, "classification.class"));
	emit_s(&m->e, "** |\n| Provider | ");
	esc(m, doc_str(sys, "provider"));
	emit_s(&m->e, " |\n| Role | ");
	esc(m, doc_str(sys, "role"));
	emit_s(&m->e, " |\n| Purpose | ");
	esc(m, doc_str(sys, "purpose"));
	emit_s(&m->e, " |\n| Profile | ");
	code(m, doc_path_str(d, "profile.file"));
	emit_s(&m->e, " |\n| Assessed as of | ");
	esc(m, doc_str(d, "as_of"));
	emit_s(&m->e, " |\n| Catalog | ");
	esc(m, doc_path_str(d, "catalog.version"));
	emit_s(&m->e, " (facts checked ");
	esc(m, doc_path_str(d, "catalog.as_of"));
	emit_s(&m->e, ") |\n");
}

static void classification(struct md *m)
{
	const json_t *cls = doc_obj(m->c->doc, "classification");
	const json_t *o;
	json_t *it;
	size_t i;

	emit_s(&m->e, "\n## Classification\n\n**");
	esc(m, doc_str(cls, "class"));
	emit_s(&m->e, "**");
	if (*doc_str(cls, "applies_from"))
		emit_f(&m->e, "; its obligations apply from %s (%s on %s)",
		       doc_str(cls, "applies_from"),
		       doc_bool(cls, "applies_now") ? "in force" : "not yet in force",
		       doc_str(m->c->doc, "as_of"));
	emit_s(&m->e, ".\n\n");
	json_array_foreach(doc_arr(cls, "basis"), i, it) {
		emit_s(&m->e, "- **");
		esc(m, doc_str(it, "article"));
		emit_s(&m->e, "**: ");
		esc(m, doc_str(it, "text"));
		emit_c(&m->e, '.');
		facts(m, doc_arr(it, "facts"));
		source(m, it);
		emit_c(&m->e, '\n');
	}
	json_array_foreach(doc_arr(cls, "prohibited"), i, it) {
		emit_s(&m->e, "- **Prohibited, ");
		esc(m, doc_str(it, "point"));
		emit_s(&m->e, "**: ");
		esc(m, doc_str(it, "text"));
		emit_f(&m->e, " (applies from %s).", doc_str(it, "applies_from"));
		facts(m, doc_arr(it, "facts"));
		source(m, it);
		emit_c(&m->e, '\n');
	}
	if ((o = doc_obj(cls, "annex_i"))) {
		emit_s(&m->e, "- **Annex I**: ");
		esc(m, doc_str(o, "act"));
		emit_f(&m->e, "; third-party conformity assessment: %s.",
		       doc_bool(o, "third_party_assessment") ? "yes" : "no");
		facts(m, doc_arr(o, "facts"));
		emit_c(&m->e, '\n');
	}
	if ((o = doc_obj(cls, "annex_iii"))) {
		emit_s(&m->e, "- **Annex III point ");
		esc(m, doc_str(o, "point"));
		emit_s(&m->e, "**: ");
		esc(m, doc_str(o, "title"));
		if (*doc_str(o, "declared")) {
			emit_s(&m->e, " (declared: ");
			esc(m, doc_str(o, "declared"));
			emit_c(&m->e, ')');
		}
		emit_c(&m->e, '.');
		facts(m, doc_arr(o, "facts"));
		emit_c(&m->e, '\n');
	}
	if ((o = doc_obj(cls, "exemption_art6_3"))) {
		emit_f(&m->e, "- **Art. 6(3) exemption** %s: ",
		       doc_bool(o, "applies") ? "applies" : "does not apply");
		esc(m, doc_str(o, "condition"));
		emit_s(&m->e, "; duty: ");
		esc(m, doc_str(o, "duty"));
		emit_c(&m->e, '.');
		facts(m, doc_arr(o, "facts"));
		emit_c(&m->e, '\n');
	}
	json_array_foreach(doc_arr(cls, "transparency"), i, it) {
		emit_s(&m->e, "- **Transparency, ");
		esc(m, doc_str(it, "article"));
		emit_s(&m->e, "**: ");
		esc(m, doc_str(it, "text"));
		emit_f(&m->e, " (applies from %s).", doc_str(it, "applies_from"));
		facts(m, doc_arr(it, "facts"));
		emit_c(&m->e, '\n');
	}
	if ((o = doc_obj(cls, "gpai")))
		emit_f(&m->e, "- **General-purpose AI model**: %s; systemic risk: %s.\n",
		       doc_bool(o, "model") ? "yes" : "no",
		       doc_bool(o, "systemic_risk") ? "yes" : "no");
	json_array_foreach(doc_arr(o, "basis"), i, it) {
		emit_s(&m->e, "  - ");
		esc(m, doc_str(it, "article"));
		emit_s(&m->e, ": ");
		esc(m, doc_str(it, "text"));
		facts(m, doc_arr(it, "facts"));
		emit_c(&m->e, '\n');
	}
	json_array_foreach(doc_arr(cls, "warnings"), i, it) {
		emit_s(&m->e, "- **Warning**: ");
		esc(m, doc_str(it, "text"));
		emit_c(&m->e, '.');
		facts(m, doc_arr(it, "facts"));
		emit_c(&m->e, '\n');
	}
}

static void requirements(struct md *m)
{
	json_t *reqs = doc_arr(m->c->doc, "requirements");
	json_t *it, *ev;
	size_t i;

	emit_f(&m->e, "\n## Requirements (%zu)\n\n", json_array_size(reqs));
	if (!json_array_size(reqs)) {
		emit_s(&m->e, "None apply.\n");
		return;
	}
	emit_s(&m->e, "| Status | Article | Requirement | Applies from | Cybersecurity relevance | "
		      "Evidence |\n|---|---|---|---|---|---|\n");
	json_array_foreach(reqs, i, it) {
		emit_s(&m->e, "| ");
		code(m, doc_str(it, "status"));
		emit_s(&m->e, " | ");
		esc(m, doc_str(it, "article"));
		emit_s(&m->e, " | ");
		esc(m, doc_str(it, "title"));
		emit_s(&m->e, " | ");
		esc(m, doc_str(it, "applies_from"));
		if (doc_bool(it, "applies_now"))
			emit_s(&m->e, " (in force)");
		emit_s(&m->e, " | ");
		esc(m, doc_str(it, "cyber_relevance"));
		source(m, it);
		emit_s(&m->e, " | ");
		if ((ev = doc_obj(it, "evidence"))) {
			esc(m, doc_str(ev, "kind"));
			emit_s(&m->e, ": ");
			code(m, doc_str(ev, "status"));
		}
		emit_s(&m->e, " |\n");
	}
}

static void threats(struct md *m)
{
	static const char *const goals[] = {"confidentiality", "integrity", "availability"};
	json_t *thr = doc_arr(m->c->doc, "threats");
	json_t *it, *r;
	size_t i, j;

	emit_f(&m->e, "\n## Threats (%zu)\n", json_array_size(thr));
	for (size_t g = 0; g < 3; g++) {
		bool any = false;

		json_array_foreach(thr, i, it) {
			if (strcmp(doc_s(json_array_get(doc_arr(it, "goals"), 0)), goals[g]))
				continue;
			if (!any)
				emit_f(&m->e, "\n### %c%s\n\n", goals[g][0] - 32, goals[g] + 1);
			any = true;
			emit_s(&m->e, "- **");
			esc(m, doc_str(it, "name"));
			emit_s(&m->e, "** ");
			code(m, doc_str(it, "id"));
			emit_s(&m->e, ". Goals: ");
			codes(m, doc_arr(it, "goals"), NULL);
			emit_s(&m->e, "; phases: ");
			codes(m, doc_arr(it, "phases"), NULL);
			if (*doc_str(it, "art15_term")) {
				emit_s(&m->e, "; Art. 15(5): ");
				esc(m, doc_str(it, "art15_term"));
			}
			if (json_array_size(doc_arr(it, "atlas"))) {
				emit_s(&m->e, "; MITRE ATLAS: ");
				codes(m, doc_arr(it, "atlas"), NULL);
			}
			emit_s(&m->e, ".");
			source(m, it);
			emit_c(&m->e, '\n');
			json_array_foreach(doc_arr(it, "reasons"), j, r) {
				emit_s(&m->e, "  - Why: ");
				esc(m, doc_str(r, "text"));
				emit_c(&m->e, '.');
				facts(m, doc_arr(r, "facts"));
				emit_c(&m->e, '\n');
			}
		}
	}
}

static void risk_cells(struct md *m, const json_t *r, bool with_impact)
{
	emit_f(&m->e, " %lld ", doc_path_int(r, "attack_potential.sum"));
	code(m, doc_path_str(r, "attack_potential.rating"));
	emit_s(&m->e, " | ");
	code(m, doc_path_str(r, "likelihood.level"));
	if (with_impact) {
		emit_s(&m->e, " | ");
		code(m, doc_path_str(r, "impact.level"));
	}
	emit_f(&m->e, " | %lld ", doc_path_int(r, "risk.value"));
	code(m, doc_path_str(r, "risk.level"));
	emit_s(&m->e, " |");
}

static void risks(struct md *m)
{
	json_t *rs = doc_arr(m->c->doc, "risks");
	json_t *it;
	size_t i;

	emit_f(&m->e, "\n## Risks (%zu)\n\n", json_array_size(rs));
	if (!json_array_size(rs))
		return;
	emit_s(&m->e, "ETSI TS 102 165-1 TVRA: the attack potential (ISO/IEC 18045 factors) gives "
		      "the likelihood; risk = likelihood × impact, before and after the controls in "
		      "place.\n\n");
	emit_s(&m->e, "| Threat | Attack potential | Likelihood | Impact | Risk | Controls | "
		      "Residual potential | Residual likelihood | Residual risk |\n"
		      "|---|---|---|---|---|---|---|---|---|\n");
	json_array_foreach(rs, i, it) {
		const json_t *res = doc_obj(it, "residual");

		emit_s(&m->e, "| ");
		code(m, doc_str(it, "threat"));
		emit_s(&m->e, " |");
		risk_cells(m, it, true);
		emit_c(&m->e, ' ');
		codes(m, doc_arr(it, "controls"), NULL);
		emit_s(&m->e, " |");
		if (res)
			risk_cells(m, res, false);
		else
			emit_s(&m->e, " | | |");
		emit_c(&m->e, '\n');
	}
	if (m->c->opt->explain) {
		static const char *const fn[] = {"elapsed_time", "expertise", "knowledge", "window",
						 "equipment"};

		emit_s(&m->e, "\nAttack-potential factors (level value, why; after controls where "
			      "they differ):\n\n");
		json_array_foreach(rs, i, it) {
			emit_s(&m->e, "- ");
			code(m, doc_str(it, "threat"));
			emit_s(&m->e, ":");
			for (size_t k = 0; k < 5; k++) {
				const json_t *f = doc_obj(doc_obj(it, "factors"), fn[k]);
				const json_t *rf =
					doc_obj(doc_obj(doc_obj(it, "residual"), "factors"), fn[k]);
				if (!f)
					continue;
				emit_f(&m->e, "%s %s ", k ? ";" : "", fn[k]);
				code(m, doc_str(f, "level"));
				emit_f(&m->e, " %lld (", doc_int(f, "value"));
				esc(m, doc_str(f, "why"));
				emit_c(&m->e, ')');
				if (rf && strcmp(doc_str(rf, "level"), doc_str(f, "level"))) {
					emit_s(&m->e, " → ");
					code(m, doc_str(rf, "level"));
					emit_f(&m->e, " %lld (", doc_int(rf, "value"));
					esc(m, doc_str(rf, "why"));
					emit_c(&m->e, ')');
				}
			}
			emit_s(&m->e, "; impact: ");
			esc(m, doc_path_str(it, "impact.why"));
			emit_c(&m->e, '.');
			source(m, it);
			emit_c(&m->e, '\n');
		}
	}
}

static void coverage(struct md *m)
{
	json_t *cov = doc_arr(m->c->doc, "coverage");
	json_t *it, *a;
	size_t i, j;

	emit_f(&m->e, "\n## Coverage (%zu)\n\n", json_array_size(cov));
	if (!json_array_size(cov))
		return;
	emit_s(&m->e, "| Kind | Id | Status | Applied standards | Controls | Available standards | "
		      "Gaps | Reason |\n|---|---|---|---|---|---|---|---|\n");
	json_array_foreach(cov, i, it) {
		emit_s(&m->e, "| ");
		esc(m, doc_str(it, "kind"));
		emit_s(&m->e, " | ");
		code(m, doc_str(it, "id"));
		emit_s(&m->e, " | ");
		code(m, doc_str(it, "status"));
		emit_s(&m->e, " | ");
		codes(m, doc_arr(it, "applied"), "standard");
		emit_s(&m->e, " | ");
		codes(m, doc_arr(it, "controls"), NULL);
		emit_s(&m->e, " | ");
		json_array_foreach(doc_arr(it, "available"), j, a) {
			if (j)
				emit_s(&m->e, ", ");
			code(m, doc_str(a, "standard"));
			emit_s(&m->e, " (");
			esc(m, doc_str(a, "stage"));
			if (*doc_str(a, "date")) {
				emit_c(&m->e, ' ');
				esc(m, doc_str(a, "date"));
			}
			emit_c(&m->e, ')');
		}
		emit_s(&m->e, " | ");
		codes(m, doc_arr(it, "gaps"), NULL);
		emit_s(&m->e, " | ");
		esc(m, doc_str(it, "reason"));
		emit_s(&m->e, " |\n");
	}
}

static void gaps(struct md *m)
{
	json_t *gs = doc_arr(m->c->doc, "gaps");
	json_t *it, *ev;
	size_t i;

	emit_f(&m->e, "\n## Gaps (%zu)\n\n", json_array_size(gs));
	json_array_foreach(gs, i, it) {
		emit_s(&m->e, "- **");
		esc(m, doc_str(it, "title"));
		emit_s(&m->e, "** ");
		code(m, doc_str(it, "id"));
		emit_s(&m->e, " (");
		esc(m, doc_str(it, "kind"));
		emit_s(&m->e, ", report section ");
		esc(m, doc_str(it, "section"));
		emit_s(&m->e, "). Why here: ");
		esc(m, doc_str(it, "why"));
		emit_c(&m->e, '.');
		if (json_array_size(doc_arr(it, "partly_filled_by"))) {
			emit_s(&m->e, " Partly filled by ");
			codes(m, doc_arr(it, "partly_filled_by"), NULL);
			emit_c(&m->e, '.');
		}
		if ((ev = doc_obj(it, "evidence"))) {
			emit_s(&m->e, " Evidence (");
			esc(m, doc_str(ev, "kind"));
			emit_s(&m->e, "): ");
			code(m, doc_str(ev, "status"));
			emit_c(&m->e, '.');
		}
		source(m, it);
		emit_c(&m->e, '\n');
	}
}

static void next_steps(struct md *m)
{
	const json_t *ns = doc_obj(m->c->doc, "next_steps");
	const json_t *al = doc_obj(ns, "assurance_level");
	json_t *it;
	size_t i;

	emit_s(&m->e, "\n## Next steps\n\n");
	json_array_foreach(doc_arr(ns, "standards"), i, it) {
		emit_f(&m->e, "%zu. Adopt ", i + 1);
		code(m, doc_str(it, "id"));
		emit_s(&m->e, " (");
		esc(m, doc_str(it, "stage"));
		emit_f(&m->e, "): covers risk %lld from ", doc_int(it, "risk_covered"));
		codes(m, doc_arr(it, "covers"), NULL);
		emit_s(&m->e, ". ");
		esc(m, doc_str(it, "reason"));
		emit_s(&m->e, ".\n");
	}
	if (json_array_size(doc_arr(ns, "recommendations")))
		emit_s(&m->e, "\nENISA recommendations that apply:\n\n");
	json_array_foreach(doc_arr(ns, "recommendations"), i, it) {
		emit_s(&m->e, "- ");
		code(m, doc_str(it, "id"));
		emit_s(&m->e, " ");
		esc(m, doc_str(it, "title"));
		emit_s(&m->e, ": ");
		esc(m, doc_str(it, "why"));
		emit_s(&m->e, ".\n");
	}
	if (al) {
		emit_s(&m->e, "\nSuggested Cybersecurity Act assurance level: **");
		esc(m, doc_str(al, "level"));
		emit_s(&m->e, "**. ");
		esc(m, doc_str(al, "reason"));
		emit_c(&m->e, '.');
		source(m, al);
		emit_c(&m->e, '\n');
	}
}

int report_md(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err)
{
	struct md m;

	emit_init(&m.e, out);
	m.c = c;
	header(&m);
	classification(&m);
	requirements(&m);
	threats(&m);
	risks(&m);
	coverage(&m);
	gaps(&m);
	next_steps(&m);
	return emit_done(&m.e, "md", err);
}
