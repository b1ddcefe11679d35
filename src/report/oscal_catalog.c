/*
 * oscal_catalog.c - the knowledge base as an OSCAL catalog (oscal-version
 * OSCAL_VERSION), for GRC tools.  Layout (docs/report.md):
 *
 *   group "<req>-grp" per AI Act requirement, holding the control "<req>"
 *       (title "Art. N Title"; parts <req>_smt statement, <req>_gdn guidance
 *       = the report's view of its cybersecurity relevance, <req>_obj
 *       assessment-objective, which `aisec assess --format oscal-ar` findings
 *       target; props in OSCAL_NS; links to the standards that help with it
 *       and to the report gaps that affect it);
 *   group "controls"          the security controls ("ctl-<id>");
 *   group "threats"           the AI-specific threats ("thr-<id>");
 *   group "gaps"              the report's standardisation gaps ("gap-<id>");
 *   group "recommendations"   the report's recommendations;
 *   group "standards"         one control per standard ("std-<id>"), so the
 *                             mapping document can point at them;
 *   back-matter               one resource per standard (document id = the
 *                             reference, status props), the ENISA report
 *                             and Regulation (EU) 2024/1689.
 *
 * Every id comes from the knowledge base; one that is not an OSCAL token
 * fails the export instead of being silently rewritten.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

struct cx {
	const struct aisec_catalog *cat;
	json_t *ids; /* every id written, to refuse duplicates */
	int err;
	char bad[128]; /* the offending id, for the message */
};

static void fail(struct cx *x, int rc, const char *id)
{
	if (!x->err) {
		x->err = rc;
		snprintf(x->bad, sizeof(x->bad), "%s", id ? id : "");
	}
}

/* Append v to arr; a NULL v (no memory) is recorded as an error. */
static void push(struct cx *x, json_t *arr, json_t *v)
{
	if (!v || json_array_append_new(arr, v))
		fail(x, AISEC_ERR_NOMEM, NULL);
}

/* OSCAL's own "label" property (no namespace). */
static void add_label(json_t *props, const char *value)
{
	char *v = oscal_line(value);

	if (v && *v)
		json_array_append_new(props, json_pack("{s:s, s:s}", "name", "label", "value", v));
	free(v);
}

/* Check and register an id; returns it or NULL (error recorded). */
static const char *idf(struct cx *x, char *buf, size_t n, const char *prefix, const char *id,
		       const char *suffix)
{
	snprintf(buf, n, "%s%s%s", prefix, id, suffix);
	if (!oscal_token_ok(buf) || json_object_get(x->ids, buf)) {
		fail(x, AISEC_ERR_INVALID, buf);
		return NULL;
	}
	json_object_set_new(x->ids, buf, json_true());
	return buf;
}

static json_t *part(const char *id, const char *name, const char *prose)
{
	json_t *p = json_pack("{s:s, s:s}", "id", id, "name", name);

	if (p && prose && *prose)
		json_object_set_new(p, "prose", json_string(prose));
	return p;
}

static void add_list_props(json_t *props, const char *name, const char *const *list)
{
	for (size_t i = 0; list && list[i]; i++)
		oscal_add_prop(props, name, list[i]);
}

static void add_goal_props(json_t *props, unsigned goals)
{
	static const char *const names[] = {"confidentiality", "integrity", "availability"};

	for (unsigned g = 0; g < 3; g++)
		if (goals & (1u << g))
			oscal_add_prop(props, "security-goal", names[g]);
}

static json_t *related(const char *prefix, const char *id, const char *rel)
{
	char href[256];

	snprintf(href, sizeof(href), "#%s%s", prefix, id);
	return json_pack("{s:s, s:s}", "href", href, "rel", rel);
}

static json_t *std_link(const char *std_id, const struct aisec_catalog *cat)
{
	const struct aisec_standard *s = aisec_catalog_standard(cat, std_id);
	char u[REPORT_UUID_LEN + 1], href[REPORT_UUID_LEN + 2];

	if (report_uuid5f(u, "standard/%s", std_id))
		return NULL;
	snprintf(href, sizeof(href), "#%s", u);
	return json_pack("{s:s, s:s, s:s}", "href", href, "rel", "reference", "text",
			 s && s->reference ? s->reference : std_id);
}

static void set_links(json_t *obj, json_t *links)
{
	if (json_array_size(links))
		json_object_set_new(obj, "links", links);
	else
		json_decref(links);
}

static json_t *requirement_group(struct cx *x, const struct aisec_requirement *r)
{
	char gid[160], cid[160], pid[160], title[512], obj[1024];
	const struct aisec_link *lk;
	const struct aisec_gap *gp;
	size_t nl, ng;
	json_t *g, *c, *props = json_array(), *links = json_array(), *parts;

	if (!idf(x, gid, sizeof(gid), "", r->id, "-grp") || !idf(x, cid, sizeof(cid), "", r->id, ""))
		return NULL;
	snprintf(title, sizeof(title), "%s %s", r->article_final ? r->article_final : "", r->title);
	c = json_pack("{s:s, s:s, s:s}", "id", cid, "class", "ai-act-requirement", "title",
		      title[0] == ' ' ? title + 1 : title);
	add_label(props, r->article_final);
	oscal_add_prop(props, "article-draft", r->article_draft);
	oscal_add_prop(props, "applies-from", r->applies_from);
	oscal_add_prop(props, "applies-from-amended", r->applies_from_amended);
	oscal_add_prop(props, "applies-to", r->applies_to);
	if (r->matrix_column >= 0) {
		char col[16];

		snprintf(col, sizeof(col), "%d", r->matrix_column + 1);
		oscal_add_prop(props, "enisa-matrix-column", col);
	}
	oscal_add_prop(props, "source", r->source.cite);
	oscal_set_props(c, props);
	lk = aisec_catalog_links(x->cat, &nl);
	for (size_t i = 0; i < nl; i++)
		if (lk[i].target_kind == AISEC_LINK_REQUIREMENT && !strcmp(lk[i].target, r->id))
			push(x, links, std_link(lk[i].standard, x->cat));
	gp = aisec_catalog_gaps(x->cat, &ng);
	for (size_t i = 0; i < ng; i++)
		for (size_t k = 0; gp[i].requirements[k]; k++)
			if (!strcmp(gp[i].requirements[k], r->id))
				push(x, links, related("gap-", gp[i].id, "related"));
	set_links(c, links);
	snprintf(obj, sizeof(obj),
		 "Determine that the AI system meets %s (%s) and that its cybersecurity "
		 "aspects are covered: a standard the organisation applies and a control in "
		 "place, or verified evidence.",
		 r->article_final ? r->article_final : r->id, r->title);
	parts = json_pack("[o, o, o]",
			  part(idf(x, pid, sizeof(pid), "", r->id, "_smt") ? pid : "", "statement",
			       r->description),
			  part(idf(x, pid, sizeof(pid), "", r->id, "_gdn") ? pid : "", "guidance",
			       r->cyber_relevance),
			  part(idf(x, pid, sizeof(pid), "", r->id, "_obj") ? pid : "",
			       "assessment-objective", obj));
	json_object_set_new(c, "parts", parts);
	g = json_pack("{s:s, s:s, s:s, s:[o]}", "id", gid, "class", "ai-act-requirement", "title",
		      r->title, "controls", c);
	return g;
}

static json_t *control_of(struct cx *x, const struct aisec_control *k)
{
	char id[160], pid[160];
	json_t *c, *props = json_array(), *links = json_array();

	if (!idf(x, id, sizeof(id), "ctl-", k->id, ""))
		return NULL;
	c = json_pack("{s:s, s:s, s:s}", "id", id, "class", "security-control", "title", k->name);
	oscal_add_prop(props, "aisec-id", k->id);
	add_list_props(props, "mitigates", k->mitigates);
	oscal_add_prop(props, "raises-elapsed-time", k->raises.elapsed_time);
	oscal_add_prop(props, "raises-expertise", k->raises.expertise);
	oscal_add_prop(props, "raises-knowledge", k->raises.knowledge);
	oscal_add_prop(props, "raises-window", k->raises.window);
	oscal_add_prop(props, "raises-equipment", k->raises.equipment);
	oscal_add_prop(props, "source", k->source.cite);
	oscal_set_props(c, props);
	for (size_t i = 0; k->requirements[i]; i++)
		push(x, links, related("", k->requirements[i], "related"));
	for (size_t i = 0; k->mitigates[i]; i++)
		push(x, links, related("thr-", k->mitigates[i], "related"));
	for (size_t i = 0; k->standards[i]; i++)
		push(x, links, std_link(k->standards[i], x->cat));
	set_links(c, links);
	if (idf(x, pid, sizeof(pid), "ctl-", k->id, "_smt"))
		json_object_set_new(c, "parts", json_pack("[o]", part(pid, "statement",
								      k->description)));
	return c;
}

static json_t *threat_of(struct cx *x, const struct aisec_threat *t)
{
	char id[160], pid[160];
	json_t *c, *props = json_array(), *links = json_array();
	const struct aisec_link *lk;
	size_t nl;

	if (!idf(x, id, sizeof(id), "thr-", t->id, ""))
		return NULL;
	c = json_pack("{s:s, s:s, s:s}", "id", id, "class", "ai-threat", "title", t->name);
	oscal_add_prop(props, "aisec-id", t->id);
	add_goal_props(props, t->goals);
	add_list_props(props, "life-cycle-phase", t->phases);
	add_list_props(props, "mitre-atlas", t->atlas);
	oscal_add_prop(props, "ai-act-art15-term", t->art15_term);
	oscal_add_prop(props, "nist-ai-100-2-class", t->nist_class);
	oscal_add_prop(props, "ai-specific", t->ai_specific ? "true" : "false");
	oscal_add_prop(props, "tvra-elapsed-time", t->tvra.elapsed_time);
	oscal_add_prop(props, "tvra-expertise", t->tvra.expertise);
	oscal_add_prop(props, "tvra-knowledge", t->tvra.knowledge);
	oscal_add_prop(props, "tvra-window", t->tvra.window);
	oscal_add_prop(props, "tvra-equipment", t->tvra.equipment);
	oscal_add_prop(props, "tvra-impact", t->tvra.impact);
	oscal_add_prop(props, "source", t->source.cite);
	oscal_set_props(c, props);
	lk = aisec_catalog_links(x->cat, &nl);
	for (size_t i = 0; i < nl; i++)
		if (lk[i].target_kind == AISEC_LINK_THREAT && !strcmp(lk[i].target, t->id))
			push(x, links, std_link(lk[i].standard, x->cat));
	set_links(c, links);
	if (idf(x, pid, sizeof(pid), "thr-", t->id, "_smt"))
		json_object_set_new(c, "parts", json_pack("[o]", part(pid, "statement",
								      t->description)));
	return c;
}

static json_t *gap_of(struct cx *x, const struct aisec_gap *g)
{
	char id[160], pid[160];
	json_t *c, *props = json_array(), *links = json_array(), *parts = json_array();

	if (!idf(x, id, sizeof(id), "gap-", g->id, ""))
		return NULL;
	c = json_pack("{s:s, s:s, s:s}", "id", id, "class", "standardisation-gap", "title",
		      g->title);
	oscal_add_prop(props, "aisec-id", g->id);
	oscal_add_prop(props, "report-section", g->section);
	oscal_add_prop(props, "gap-kind", g->kind);
	oscal_add_prop(props, "source", g->source.cite);
	oscal_set_props(c, props);
	for (size_t i = 0; g->requirements[i]; i++)
		push(x, links, related("", g->requirements[i], "related"));
	for (size_t i = 0; g->threats[i]; i++)
		push(x, links, related("thr-", g->threats[i], "related"));
	for (size_t i = 0; g->partly_filled_by[i]; i++)
		push(x, links, std_link(g->partly_filled_by[i], x->cat));
	set_links(c, links);
	if (idf(x, pid, sizeof(pid), "gap-", g->id, "_smt"))
		push(x, parts, part(pid, "statement", g->description));
	if (g->filled_note && idf(x, pid, sizeof(pid), "gap-", g->id, "_since"))
		push(x, parts, json_pack("{s:s, s:s, s:s, s:s}", "id", pid, "name",
						       "guidance", "title", "Since the report",
						       "prose", g->filled_note));
	json_object_set_new(c, "parts", parts);
	return c;
}

static json_t *recommendation_of(struct cx *x, const struct aisec_recommendation *r)
{
	char id[160], pid[160];
	json_t *c, *props = json_array(), *links = json_array();

	if (!idf(x, id, sizeof(id), strncmp(r->id, "rec-", 4) ? "rec-" : "", r->id, ""))
		return NULL;
	c = json_pack("{s:s, s:s, s:s}", "id", id, "class", "recommendation", "title", r->title);
	add_label(props, r->number);
	oscal_add_prop(props, "addressed-to", r->addressed_to);
	oscal_add_prop(props, "source", r->source.cite);
	oscal_set_props(c, props);
	for (size_t i = 0; r->gaps[i]; i++)
		push(x, links, related("gap-", r->gaps[i], "related"));
	set_links(c, links);
	if (idf(x, pid, sizeof(pid), id, "", "_smt"))
		json_object_set_new(c, "parts", json_pack("[o]", part(pid, "statement",
								      r->description)));
	return c;
}

static json_t *standard_control(struct cx *x, const struct aisec_standard *s)
{
	char id[160];
	json_t *c, *props = json_array(), *links = json_array();

	if (!idf(x, id, sizeof(id), "std-", s->id, ""))
		return NULL;
	c = json_pack("{s:s, s:s, s:s}", "id", id, "class", "standard", "title",
		      s->reference ? s->reference : s->title);
	oscal_add_prop(props, "aisec-id", s->id);
	oscal_add_prop(props, "body", s->body);
	oscal_add_prop(props, "stage", s->status_now.stage);
	oscal_set_props(c, props);
	push(x, links, std_link(s->id, x->cat));
	set_links(c, links);
	return c;
}

static json_t *standard_resource(const struct aisec_standard *s)
{
	char u[REPORT_UUID_LEN + 1], title[1024];
	json_t *r, *props = json_array();

	if (report_uuid5f(u, "standard/%s", s->id))
		return NULL;
	snprintf(title, sizeof(title), "%s%s%s", s->reference ? s->reference : "",
		 s->reference ? ": " : "", s->title);
	r = json_pack("{s:s, s:s}", "uuid", u, "title", title);
	if (s->description && *s->description)
		json_object_set_new(r, "description", json_string(s->description));
	oscal_add_prop(props, "aisec-id", s->id);
	oscal_add_prop(props, "body", s->body);
	oscal_add_prop(props, "committee", s->committee);
	oscal_add_prop(props, "deliverable", s->deliverable);
	oscal_add_prop(props, "stage", s->status_now.stage);
	oscal_add_prop(props, "stage-date", s->status_now.date);
	oscal_add_prop(props, "stage-checked", s->status_now.as_of);
	oscal_add_prop(props, "status-in-report", s->status_report);
	oscal_add_prop(props, "ai-specific", s->ai_specific ? "true" : "false");
	oscal_add_prop(props, "added-after-report", s->added_after_report ? "true" : "false");
	add_goal_props(props, s->goals);
	oscal_set_props(r, props);
	if (s->reference) {
		char *ref = oscal_line(s->reference);

		if (ref && *ref)
			json_object_set_new(r, "document-ids",
					    json_pack("[{s:s}]", "identifier", ref));
		free(ref);
	}
	if (s->source.cite && *s->source.cite)
		json_object_set_new(r, "citation", json_pack("{s:s}", "text", s->source.cite));
	return r;
}

static json_t *fixed_resource(const char *name, const char *title, const char *href)
{
	char u[REPORT_UUID_LEN + 1];

	if (report_uuid5f(u, "resource/%s", name))
		return NULL;
	return json_pack("{s:s, s:s, s:[{s:s}]}", "uuid", u, "title", title, "rlinks", "href",
			 href);
}

/* A group of controls, or NULL (error recorded) if one could not be built. */
static json_t *group(struct cx *x, const char *id, const char *cls, const char *title,
		     json_t *controls)
{
	char gid[64];

	if (!idf(x, gid, sizeof(gid), "", id, "")) {
		json_decref(controls);
		return NULL;
	}
	return json_pack("{s:s, s:s, s:s, s:o}", "id", gid, "class", cls, "title", title,
			 "controls", controls);
}

int report_oscal_catalog(const struct aisec_catalog *cat, struct aisec_buf *out,
			 struct aisec_error *err)
{
	const struct aisec_catalog_meta *m = aisec_catalog_meta(cat);
	struct cx x = {cat, json_object(), 0, ""};
	json_t *groups = json_array(), *res = json_array(), *arr;
	json_t *root, *catalog, *md, *props;
	char when[OSCAL_DATETIME_LEN + 1];
	size_t n;

	if (oscal_datetime(m->as_of, when)) {
		json_decref(x.ids);
		json_decref(groups);
		json_decref(res);
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "export 'oscal-catalog': catalog as_of '%s' is not a date",
				       m->as_of ? m->as_of : "");
	}
	{
		const struct aisec_requirement *r = aisec_catalog_requirements(cat, &n);

		for (size_t i = 0; i < n; i++)
			push(&x, groups, requirement_group(&x, &r[i]));
	}
	{
		const struct aisec_control *k = aisec_catalog_controls(cat, &n);

		arr = json_array();
		for (size_t i = 0; i < n; i++)
			push(&x, arr, control_of(&x, &k[i]));
		if (n)
			push(&x, groups, group(&x, "controls", "security-controls",
							    "Security controls", arr));
		else
			json_decref(arr);
	}
	{
		const struct aisec_threat *t = aisec_catalog_threats(cat, &n);

		arr = json_array();
		for (size_t i = 0; i < n; i++)
			push(&x, arr, threat_of(&x, &t[i]));
		push(&x, groups, group(&x, "threats", "ai-threats",
						    "AI-specific threats (ENISA 2023, Table 1, "
						    "updated)",
						    arr));
	}
	{
		const struct aisec_gap *g = aisec_catalog_gaps(cat, &n);

		arr = json_array();
		for (size_t i = 0; i < n; i++)
			push(&x, arr, gap_of(&x, &g[i]));
		push(&x, groups, group(&x, "gaps", "standardisation-gaps",
						    "Standardisation gaps (ENISA 2023, sections 4 "
						    "and 5)",
						    arr));
	}
	{
		const struct aisec_recommendation *r = aisec_catalog_recommendations(cat, &n);

		arr = json_array();
		for (size_t i = 0; i < n; i++)
			push(&x, arr, recommendation_of(&x, &r[i]));
		push(&x, groups, group(&x, "recommendations", "recommendations",
						    "Recommendations (ENISA 2023, section 6)", arr));
	}
	{
		const struct aisec_standard *s = aisec_catalog_standards(cat, &n);

		arr = json_array();
		for (size_t i = 0; i < n; i++) {
			push(&x, arr, standard_control(&x, &s[i]));
			push(&x, res, standard_resource(&s[i]));
		}
		push(&x, groups, group(&x, "standards", "standards",
						    "Standards and other deliverables", arr));
	}
	push(&x, res, fixed_resource("enisa-2023",
						  "ENISA, Cybersecurity of AI and Standardisation "
						  "(March 2023), CC BY 4.0",
						  "https://www.enisa.europa.eu/publications/"
						  "cybersecurity-of-ai-and-standardisation"));
	push(&x, res, fixed_resource("regulation-2024-1689",
						  "Regulation (EU) 2024/1689 (Artificial "
						  "Intelligence Act)",
						  "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"));
	md = oscal_metadata(m->name && *m->name ? m->name : "aisec knowledge base", when,
			    m->version);
	props = json_array();
	oscal_add_prop(props, "license", m->license);
	oscal_set_props(md, props);
	if (m->credit && *m->credit)
		json_object_set_new(md, "remarks", json_string(m->credit));
	catalog = json_pack("{s:s, s:o, s:o, s:{s:o}}", "uuid", "", "metadata", md, "groups",
			    groups, "back-matter", "resources", res);
	if (catalog) {
		int rc = oscal_uuid_set(catalog, "oscal-catalog/aisec/%s",
					m->version ? m->version : "");

		if (rc)
			fail(&x, rc, NULL);
	}
	json_decref(x.ids);
	root = catalog ? json_pack("{s:o}", "catalog", catalog) : NULL;
	if (x.err || !root) {
		json_decref(root);
		if (x.err == AISEC_ERR_INVALID)
			return aisec_error_set(err, x.err,
					       "export 'oscal-catalog': id '%s' is not an OSCAL "
					       "token or is used twice",
					       x.bad);
		return aisec_error_set(err, x.err ? x.err : AISEC_ERR_NOMEM,
				       "export 'oscal-catalog': %s",
				       aisec_strerror(x.err ? x.err : AISEC_ERR_NOMEM));
	}
	return emit_json(root, out, "oscal-catalog", err);
}
