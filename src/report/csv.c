/*
 * csv.c - the TVRA risk table and the coverage as RFC 4180 CSV: CRLF line
 * ends, a header row, fields written by aisec_buf_addcsv() (quoted when they
 * hold a comma, a quote, CR or LF), list cells joined with "; ".  "csv-risks" and
 * "csv-coverage" give one table each (for tools); "csv" gives both, the
 * risks first, separated by one empty line (for people with a spreadsheet).
 *
 * A text cell that begins with '=', '+', '-', '@', TAB or CR gets a leading
 * "'" (aisec_buf_addcsv) so that a spreadsheet shows it instead of running
 * it as a formula (CSV injection); numbers are written as they are.
 */
#include <string.h>

#include "report/report.h"

struct csv {
	struct emit e;
	int col; /* cells written in the current row */
};

static void cell(struct csv *c, const char *s)
{
	if (c->col++)
		emit_c(&c->e, ',');
	if (!c->e.err)
		c->e.err = aisec_buf_addcsv(c->e.b, s);
}

static void num(struct csv *c, long long v)
{
	if (c->col++)
		emit_c(&c->e, ',');
	emit_f(&c->e, "%lld", v);
}

/* The attack-potential sum, or an empty cell when the scheme gives none. */
static void potential(struct csv *c, const json_t *r)
{
	const json_t *v = json_object_get(doc_obj(r, "attack_potential"), "sum");

	if (json_is_integer(v))
		num(c, (long long)json_integer_value(v));
	else
		cell(c, "");
}

static void end_row(struct csv *c)
{
	emit_s(&c->e, "\r\n");
	c->col = 0;
}

/* The strings (or the `field` of the objects) of an array joined by "; ". */
static void list(struct csv *c, const json_t *arr, const char *field)
{
	struct aisec_buf b;
	size_t i;
	json_t *v;

	aisec_buf_init(&b, 0);
	json_array_foreach(arr, i, v)
		if (aisec_buf_addf(&b, "%s%s", i ? "; " : "",
				   field ? doc_str(v, field) : doc_s(v))) {
			c->e.err = AISEC_ERR_NOMEM;
			break;
		}
	cell(c, b.data);
	aisec_buf_release(&b);
}

static void header(struct csv *c, const char *const *h)
{
	for (; *h; h++)
		cell(c, *h);
	end_row(c);
}

static const char *const factor_names[] = {"elapsed_time", "expertise", "knowledge", "window",
					   "equipment"};

static void risks(struct csv *c, const json_t *doc)
{
	static const char *const h[] = {
		"threat", "name", "goals", "phases", "atlas", "elapsed_time", "expertise",
		"knowledge", "window", "equipment", "attack_potential", "attack_rating",
		"likelihood", "impact", "risk", "risk_level", "controls",
		"residual_elapsed_time", "residual_expertise", "residual_knowledge",
		"residual_window", "residual_equipment", "residual_attack_potential",
		"residual_attack_rating", "residual_likelihood", "residual_risk",
		"residual_risk_level", "impact_why", "reasons", "scheme", "source", NULL};
	json_t *it;
	size_t i;

	header(c, h);
	json_array_foreach(doc_arr(doc, "risks"), i, it) {
		const json_t *t = doc_find(doc, "threats", "id", doc_str(it, "threat"));
		const json_t *res = doc_obj(it, "residual") ? doc_obj(it, "residual") : it;

		cell(c, doc_str(it, "threat"));
		cell(c, doc_str(t, "name"));
		list(c, doc_arr(t, "goals"), NULL);
		list(c, doc_arr(t, "phases"), NULL);
		list(c, doc_arr(t, "atlas"), NULL);
		for (size_t k = 0; k < 5; k++)
			cell(c, doc_str(doc_obj(doc_obj(it, "factors"), factor_names[k]), "level"));
		potential(c, it);
		cell(c, doc_path_str(it, "attack_potential.rating"));
		cell(c, doc_path_str(it, "likelihood.level"));
		cell(c, doc_path_str(it, "impact.level"));
		num(c, doc_path_int(it, "risk.value"));
		cell(c, doc_path_str(it, "risk.level"));
		list(c, doc_arr(it, "controls"), NULL);
		for (size_t k = 0; k < 5; k++)
			cell(c, doc_str(doc_obj(doc_obj(res, "factors"), factor_names[k]), "level"));
		potential(c, res);
		cell(c, doc_path_str(res, "attack_potential.rating"));
		cell(c, doc_path_str(res, "likelihood.level"));
		num(c, doc_path_int(res, "risk.value"));
		cell(c, doc_path_str(res, "risk.level"));
		cell(c, doc_path_str(it, "impact.why"));
		list(c, doc_arr(t, "reasons"), "text");
		cell(c, doc_str(it, "scheme"));
		cell(c, doc_str(it, "source"));
		end_row(c);
	}
}

static void coverage(struct csv *c, const json_t *doc)
{
	static const char *const h[] = {"kind", "id", "title", "status", "applied_standards",
					 "controls", "available_standards", "gaps", "reason",
					 NULL};
	struct aisec_buf b;
	json_t *it, *a;
	size_t i, j;

	aisec_buf_init(&b, 0);
	header(c, h);
	json_array_foreach(doc_arr(doc, "coverage"), i, it) {
		const char *kind = doc_str(it, "kind");
		const json_t *subj = !strcmp(kind, "requirement")
					     ? doc_find(doc, "requirements", "id", doc_str(it, "id"))
					     : doc_find(doc, "threats", "id", doc_str(it, "id"));

		cell(c, kind);
		cell(c, doc_str(it, "id"));
		cell(c, *doc_str(subj, "title") ? doc_str(subj, "title") : doc_str(subj, "name"));
		cell(c, doc_str(it, "status"));
		list(c, doc_arr(it, "applied"), "standard");
		list(c, doc_arr(it, "controls"), NULL);
		aisec_buf_reset(&b);
		json_array_foreach(doc_arr(it, "available"), j, a) {
			aisec_buf_addf(&b, "%s%s (%s", j ? "; " : "", doc_str(a, "standard"),
				       doc_str(a, "stage"));
			if (*doc_str(a, "date"))
				aisec_buf_addf(&b, " %s", doc_str(a, "date"));
			if (aisec_buf_addch(&b, ')'))
				c->e.err = AISEC_ERR_NOMEM;
		}
		if (doc_available_more(it) > 0)
			aisec_buf_addf(&b, "; and %lld more", doc_available_more(it));
		cell(c, b.data);
		list(c, doc_arr(it, "gaps"), NULL);
		cell(c, doc_str(it, "reason"));
		end_row(c);
	}
	aisec_buf_release(&b);
}

static int render(const struct report_ctx *ctx, struct aisec_buf *out, struct aisec_error *err,
		  bool with_risks, bool with_coverage, const char *name)
{
	struct csv c;

	emit_init(&c.e, out);
	c.col = 0;
	if (with_risks)
		risks(&c, ctx->doc);
	if (with_risks && with_coverage)
		emit_s(&c.e, "\r\n");
	if (with_coverage)
		coverage(&c, ctx->doc);
	return emit_done(&c.e, name, err);
}

int report_csv(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err)
{
	return render(c, out, err, true, true, "csv");
}

int report_csv_risks(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err)
{
	return render(c, out, err, true, false, "csv-risks");
}

int report_csv_coverage(const struct report_ctx *c, struct aisec_buf *out,
			struct aisec_error *err)
{
	return render(c, out, err, false, true, "csv-coverage");
}
