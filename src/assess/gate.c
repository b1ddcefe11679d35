/*
 * gate.c - the --fail-on gates of a CI run, and why each one was hit: the
 * findings behind it with the profile lines they rest on, so that a failed
 * pipeline says what to fix rather than only that something is wrong.
 */
#include <stdlib.h>
#include <string.h>

#include "aisec/aisec.h"
#include "assess/findings.h"
#include "assess/internal.h"

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int cmp_int(const void *a, const void *b)
{
	return (*(const int *)a > *(const int *)b) -
	       (*(const int *)a < *(const int *)b);
}

/* " (line 31)" or " (lines 22, 31)": the lines of the facts, each once. */
static void add_lines(struct aisec_buf *why, json_t *facts_owner_list,
		      const char *facts_key)
{
	int lines[64];
	size_t n = 0, i, k;
	json_t *o, *fact;

	json_array_foreach(facts_owner_list, i, o)
	{
		json_array_foreach(json_object_get(o, facts_key), k, fact)
		{
			int line = (int)json_integer_value(
			    json_object_get(fact, "line"));
			bool seen = line <= 0;

			for (size_t j = 0; j < n && !seen; j++)
				seen = lines[j] == line;
			if (!seen && n < 64)
				lines[n++] = line;
		}
	}
	if (!n)
		return;
	qsort(lines, n, sizeof(lines[0]), cmp_int);
	aisec_buf_adds(why, n == 1 ? " (line" : " (lines");
	for (i = 0; i < n; i++)
		aisec_buf_addf(why, "%s %d", i ? "," : "", lines[i]);
	aisec_buf_adds(why, ")");
}

/* One line per legal basis: "Art. 5(1)(f): inferring emotions ... (lines 16,
 * 17)". */
static void why_basis(struct aisec_buf *why, json_t *list,
		      const char *article_key)
{
	size_t i;
	json_t *b;

	json_array_foreach(list, i, b)
	{
		json_t *one = json_pack("[O]", b);

		aisec_buf_addf(why, "%s: %s", str(b, article_key),
			       str(b, "text"));
		add_lines(why, one, "facts");
		aisec_buf_adds(why, "\n");
		json_decref(one);
	}
}

/* The threat's entry in the findings, for the profile lines it rests on. */
static json_t *threat_of(json_t *doc, const char *id)
{
	size_t i;
	json_t *t;

	json_array_foreach(json_object_get(doc, "threats"), i,
			   t) if (strcmp(str(t, "id"), id) == 0) return t;
	return NULL;
}

int aisec_findings_gate_explain(const struct aisec_findings *f,
				const char *gate, struct aisec_buf *why,
				struct aisec_error *err)
{
	return assess_gate_filtered(f, gate, NULL, NULL, why, err);
}

/* Whether `filter` lets the finding through (counts it); its note goes to `why`. */
static bool counts(assess_gate_filter filter, void *ctx, const char *finding,
		   struct aisec_buf *note)
{
	return !filter || filter(ctx, finding, note) == 0;
}

int assess_gate_filtered(const struct aisec_findings *f, const char *gate,
			 assess_gate_filter filter, void *ctx,
			 struct aisec_buf *why, struct aisec_error *err)
{
	struct aisec_buf note, name;
	json_t *doc = aisec_findings_doc(f),
	       *cls = json_object_get(doc, "classification"), *e;
	const char *klass = aisec_findings_class(f);
	int hit = 0;
	size_t i;

	if (!gate)
		return aisec_error_set(err, AISEC_ERR_USAGE, "no gate given");
	if (strcmp(gate, "prohibited") == 0 || strcmp(gate, "high-risk") == 0) {
		bool prohibited = strcmp(klass, "prohibited") == 0;

		hit = prohibited ||
		      (gate[0] == 'h' && strcmp(klass, "high-risk") == 0);
		if (hit && why && prohibited)
			why_basis(why, json_object_get(cls, "prohibited"),
				  "point");
		else if (hit && why)
			why_basis(why, json_object_get(cls, "basis"),
				  "article");
		return hit;
	}
	aisec_buf_init(&note, 0);
	aisec_buf_init(&name, 0);
	if (strcmp(gate, "gap") == 0) {
		json_array_foreach(json_object_get(doc, "coverage"), i, e)
		{
			if (strcmp(str(e, "status"), "gap") != 0)
				continue;
			aisec_buf_reset(&name);
			aisec_buf_reset(&note);
			aisec_buf_addf(&name, "gap/%s/%s", str(e, "kind"),
				       str(e, "id"));
			if (!counts(filter, ctx, name.data, &note))
				continue;
			hit = 1;
			if (why)
				aisec_buf_addf(why, "%s %s: %s%s\n",
					       str(e, "kind"), str(e, "id"),
					       str(e, "reason"),
					       note.len ? note.data : "");
		}
		goto out;
	}
	if (strncmp(gate, "risk:", 5) == 0) {
		int want = tvra_risk_rank(gate + 5);

		if (!want) {
			hit = aisec_error_set(
			    err, AISEC_ERR_USAGE,
			    "gate '%s': expected risk:minor, risk:major or "
			    "risk:critical",
			    gate);
			goto out;
		}
		json_array_foreach(json_object_get(doc, "risks"), i, e)
		{
			json_t *risk = json_object_get(
			    json_object_get(e, "residual"), "risk");
			json_t *t;

			if (tvra_risk_rank(str(risk, "level")) < want)
				continue;
			aisec_buf_reset(&name);
			aisec_buf_reset(&note);
			aisec_buf_addf(&name, "risk/%s", str(e, "threat"));
			if (!counts(filter, ctx, name.data, &note))
				continue;
			hit = 1;
			if (!why)
				break;
			aisec_buf_addf(why, "%s residual %lld %s",
				       str(e, "threat"),
				       (long long)json_integer_value(
					   json_object_get(risk, "value")),
				       str(risk, "level"));
			t = threat_of(doc, str(e, "threat"));
			if (t)
				add_lines(why, json_object_get(t, "reasons"),
					  "facts");
			if (note.len)
				aisec_buf_adds(why, note.data);
			aisec_buf_adds(why, "\n");
		}
		goto out;
	}
	hit = aisec_error_set(err, AISEC_ERR_USAGE,
			      "unknown gate '%s' (prohibited, high-risk, "
			      "risk:<minor|major|critical>, gap)",
			      gate);
out:
	aisec_buf_release(&note);
	aisec_buf_release(&name);
	return hit;
}
