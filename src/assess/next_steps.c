/*
 * next_steps.c - what to do next: the standards worth adopting, ordered by
 * the residual risk of the threats they would cover (knowledge bases and
 * studies left out); the report's
 * recommendations that answer the gaps found; and a Cybersecurity Act
 * assurance level (Regulation (EU) 2019/881, Art. 52) with its reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/internal.h"

#define MAX_STANDARDS 10

struct cand {
	const char *id;
	json_t *covers;
	int risk;
	size_t reqs;
	const char *stage;
	bool skip;
};

static int residual_risk(json_t *risks, const char *threat)
{
	size_t i;
	json_t *e;

	json_array_foreach(risks, i, e)
		if (strcmp(json_string_value(json_object_get(e, "threat")), threat) == 0)
			return (int)json_integer_value(json_object_get(
				json_object_get(json_object_get(e, "residual"), "risk"), "value"));
	return 0;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->skip != y->skip)
		return x->skip ? 1 : -1;
	if (x->risk != y->risk)
		return y->risk - x->risk;
	if (x->reqs != y->reqs)
		return y->reqs > x->reqs ? 1 : -1;
	return strcmp(x->id, y->id);
}

static json_t *standards(struct assess_ctx *c)
{
	json_t *cov = json_object_get(c->doc, "coverage"), *risks = json_object_get(c->doc, "risks");
	json_t *out = json_array(), *e, *a;
	struct cand *cv = NULL;
	size_t n = 0, alloc = 0, i, k;

	json_array_foreach(cov, i, e) {
		const char *id = json_string_value(json_object_get(e, "id"));
		bool threat = strcmp(json_string_value(json_object_get(e, "kind")), "threat") == 0;

		json_array_foreach(json_object_get(e, "available"), k, a) {
			const char *sid = json_string_value(json_object_get(a, "standard"));
			size_t j;

			for (j = 0; j < n && strcmp(cv[j].id, sid) != 0; j++)
				;
			if (j == n) {
				const struct aisec_standard *st = aisec_catalog_standard(c->cat, sid);

				if (n == alloc) {
					void *t = realloc(cv, (alloc = alloc ? alloc * 2 : 16) * sizeof(*cv));

					if (!t)
						goto out;
					cv = t;
				}
				cv[n] = (struct cand){sid, json_array(), 0, 0,
						      json_string_value(json_object_get(a, "stage")),
						      /* something to adopt: not a knowledge base or a study */
						      !st || (st->deliverable &&
							      (strcmp(st->deliverable, "knowledge-base") == 0 ||
							       strcmp(st->deliverable, "report") == 0))};
				n++;
			}
			if (cv[j].skip)
				continue;
			json_array_append_new(cv[j].covers, json_string(id));
			if (threat)
				cv[j].risk += residual_risk(risks, id);
			else
				cv[j].reqs++;
		}
	}
	qsort(cv, n, sizeof(*cv), cand_cmp);
	for (i = 0; i < n; i++) {
		char reason[200];
		size_t nthreats = json_array_size(cv[i].covers) - cv[i].reqs;

		if (i >= MAX_STANDARDS || cv[i].skip) {
			json_decref(cv[i].covers);
			continue;
		}
		snprintf(reason, sizeof(reason),
			 "would cover %zu threat(s) with residual risk %d and %zu requirement(s) the standards applied leave open",
			 nthreats, cv[i].risk, cv[i].reqs);
		json_array_append_new(out, json_pack("{s:s, s:o, s:i, s:o, s:s}", "id", cv[i].id,
						     "covers", cv[i].covers, "risk_covered", cv[i].risk,
						     "stage", jstr(cv[i].stage), "reason", reason));
	}
	n = 0;
out:
	for (i = 0; i < n; i++)
		json_decref(cv[i].covers);
	free(cv);
	return out;
}

static json_t *recommendations(struct assess_ctx *c)
{
	size_t nr;
	const struct aisec_recommendation *r = aisec_catalog_recommendations(c->cat, &nr);
	json_t *gaps = json_object_get(c->doc, "gaps"), *out = json_array();

	for (size_t i = 0; i < nr; i++) {
		char why[256] = "";
		size_t off = 0, k, gi;
		json_t *g;

		for (k = 0; r[i].gaps && r[i].gaps[k]; k++) {
			json_array_foreach(gaps, gi, g) {
				if (strcmp(json_string_value(json_object_get(g, "id")), r[i].gaps[k]) != 0)
					continue;
				off += (size_t)snprintf(why + off, off < sizeof(why) ? sizeof(why) - off : 0,
							"%s'%s'", off ? ", " : "answers gap ", r[i].gaps[k]);
			}
		}
		if (off)
			json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s}", "id", r[i].id,
							     "title", r[i].title, "why", why, "source",
							     r[i].source.cite ? r[i].source.cite : ""));
	}
	return out;
}

/* Highest residual risk rank (minor 1 .. critical 3) among the risks. */
static int max_residual(json_t *risks)
{
	size_t i;
	json_t *e;
	int m = 0;

	json_array_foreach(risks, i, e) {
		int r = tvra_risk_rank(json_string_value(json_object_get(
			json_object_get(json_object_get(e, "residual"), "risk"), "level")));

		if (r > m)
			m = r;
	}
	return m;
}

static json_t *assurance(struct assess_ctx *c)
{
	int m = max_residual(json_object_get(c->doc, "risks"));
	bool hr = strcmp(c->klass, "high-risk") == 0;
	bool severe = profile_has(c->p, "impact.severity", "high");
	const char *level, *reason;

	if ((hr || c->systemic) && (m >= 3 || severe)) {
		level = "high";
		reason = hr ? "a high-risk system with high impact or a critical residual risk must resist state-of-the-art attacks by skilled, well-resourced actors (Art. 52(7))"
			    : "a general-purpose model with systemic risk must resist state-of-the-art attacks by skilled, well-resourced actors (Art. 52(7); AI Act Art. 55(1)(d))";
	} else if (hr || c->systemic || m >= 2) {
		level = "substantial";
		reason = "known risks and attacks by actors with limited skills and resources must be minimised (Art. 52(6))";
	} else {
		level = "basic";
		reason = "only the known basic risks of incidents and attacks need to be minimised (Art. 52(5))";
	}
	return json_pack("{s:s, s:s, s:s}", "level", level, "reason", reason, "source",
			 "Regulation (EU) 2019/881, Art. 52");
}

int assess_next_steps(struct assess_ctx *c, struct aisec_error *err)
{
	(void)err;
	json_object_set_new(c->doc, "next_steps",
			    json_pack("{s:o, s:o, s:o}", "standards", standards(c), "recommendations",
				      recommendations(c), "assurance_level", assurance(c)));
	return 0;
}
