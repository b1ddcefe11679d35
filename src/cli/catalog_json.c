/*
 * catalog_json.c - the JSON view of every kind of knowledge-base entry.
 * Listings print these objects with --format json and pick columns from
 * them for tables, CSV and Markdown; keys are always present (null when
 * the knowledge base has no value) so scripts can rely on the shape.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/catalog.h"

json_t *cli_json_str(const char *s)
{
	json_t *v = s ? json_string(s) : NULL;

	return v ? v : json_null();
}

json_t *cli_json_list(const char *const *list)
{
	json_t *a = json_array();

	for (size_t i = 0; a && list && list[i]; i++)
		json_array_append_new(a, cli_json_str(list[i]));
	return a;
}

json_t *cli_json_goals(unsigned goals)
{
	static const char *const names[] = {"confidentiality", "integrity", "availability"};
	json_t *a = json_array();

	for (unsigned g = 0; a && g < 3; g++)
		if (goals & (1u << g))
			json_array_append_new(a, json_string(names[g]));
	return a;
}

char *cli_status_text(const struct aisec_status *st)
{
	struct aisec_buf b;

	aisec_buf_init(&b, 0);
	if (st->stage)
		aisec_buf_adds(&b, st->stage);
	if (st->date)
		aisec_buf_addf(&b, "%s%s", b.len ? " " : "", st->date);
	return aisec_buf_detach(&b, NULL);
}

static void set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v ? v : json_null());
}

static json_t *status(const struct aisec_status *st)
{
	json_t *o;

	if (!st->stage)
		return json_null();
	o = json_object();
	set(o, "stage", cli_json_str(st->stage));
	set(o, "date", cli_json_str(st->date));
	set(o, "as_of", cli_json_str(st->as_of));
	set(o, "note", cli_json_str(st->note));
	set(o, "source", cli_json_str(st->source));
	set(o, "url", cli_json_str(st->url));
	return o;
}

static json_t *tvra(const struct aisec_tvra_factors *t)
{
	json_t *o = json_object();

	set(o, "elapsed_time", cli_json_str(t->elapsed_time));
	set(o, "expertise", cli_json_str(t->expertise));
	set(o, "knowledge", cli_json_str(t->knowledge));
	set(o, "window", cli_json_str(t->window));
	set(o, "equipment", cli_json_str(t->equipment));
	set(o, "impact", cli_json_str(t->impact));
	return o;
}

json_t *cli_json_standard(const struct aisec_standard *s)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	set(o, "id", cli_json_str(s->id));
	set(o, "reference", cli_json_str(s->reference));
	set(o, "aliases", cli_json_list(s->aliases));
	set(o, "title", cli_json_str(s->title));
	set(o, "body", cli_json_str(s->body));
	set(o, "committee", cli_json_str(s->committee));
	set(o, "deliverable", cli_json_str(s->deliverable));
	set(o, "status_report", cli_json_str(s->status_report));
	set(o, "target_report", cli_json_str(s->target_report));
	set(o, "status_now", status(&s->status_now));
	set(o, "ai_specific", json_boolean(s->ai_specific));
	set(o, "added_after_report", json_boolean(s->added_after_report));
	set(o, "goals", cli_json_goals(s->goals));
	set(o, "characteristics", cli_json_list(s->characteristics));
	set(o, "appears_in", cli_json_list(s->appears_in));
	set(o, "description", cli_json_str(s->description));
	set(o, "source", cli_json_str(s->source.cite));
	return o;
}

json_t *cli_json_requirement(const struct aisec_requirement *r)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	set(o, "id", cli_json_str(r->id));
	set(o, "title", cli_json_str(r->title));
	set(o, "article_draft", cli_json_str(r->article_draft));
	set(o, "article_final", cli_json_str(r->article_final));
	set(o, "applies_from", cli_json_str(r->applies_from));
	set(o, "applies_from_amended", cli_json_str(r->applies_from_amended));
	set(o, "applies_to", cli_json_str(r->applies_to));
	set(o, "matrix_column", r->matrix_column >= 0 ? json_integer(r->matrix_column) : json_null());
	set(o, "description", cli_json_str(r->description));
	set(o, "cyber_relevance", cli_json_str(r->cyber_relevance));
	set(o, "source", cli_json_str(r->source.cite));
	return o;
}

json_t *cli_json_threat(const struct aisec_threat *t)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	set(o, "id", cli_json_str(t->id));
	set(o, "name", cli_json_str(t->name));
	set(o, "goals", cli_json_goals(t->goals));
	set(o, "phases", cli_json_list(t->phases));
	set(o, "requires", cli_json_list(t->requires));
	set(o, "any_of", cli_json_list(t->any_of));
	set(o, "amplified_by", cli_json_list(t->amplified_by));
	set(o, "art15_term", cli_json_str(t->art15_term));
	set(o, "nist_class", cli_json_str(t->nist_class));
	set(o, "atlas", cli_json_list(t->atlas));
	set(o, "ai_specific", json_boolean(t->ai_specific));
	set(o, "tvra", tvra(&t->tvra));
	set(o, "description", cli_json_str(t->description));
	set(o, "source", cli_json_str(t->source.cite));
	return o;
}

json_t *cli_json_characteristic(const struct aisec_characteristic *c)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	set(o, "id", cli_json_str(c->id));
	set(o, "name", cli_json_str(c->name));
	set(o, "requirements", cli_json_list(c->requirements));
	set(o, "description", cli_json_str(c->description));
	set(o, "source", cli_json_str(c->source.cite));
	return o;
}

json_t *cli_json_gap(const struct aisec_gap *g)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	set(o, "id", cli_json_str(g->id));
	set(o, "title", cli_json_str(g->title));
	set(o, "section", cli_json_str(g->section));
	set(o, "kind", cli_json_str(g->kind));
	set(o, "requirements", cli_json_list(g->requirements));
	set(o, "threats", cli_json_list(g->threats));
	set(o, "partly_filled_by", cli_json_list(g->partly_filled_by));
	set(o, "filled_note", cli_json_str(g->filled_note));
	set(o, "description", cli_json_str(g->description));
	set(o, "source", cli_json_str(g->source.cite));
	return o;
}

json_t *cli_json_recommendation(const struct aisec_recommendation *r)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	set(o, "id", cli_json_str(r->id));
	set(o, "number", cli_json_str(r->number));
	set(o, "title", cli_json_str(r->title));
	set(o, "addressed_to", cli_json_str(r->addressed_to));
	set(o, "gaps", cli_json_list(r->gaps));
	set(o, "description", cli_json_str(r->description));
	set(o, "source", cli_json_str(r->source.cite));
	return o;
}

json_t *cli_json_control(const struct aisec_control *c)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	set(o, "id", cli_json_str(c->id));
	set(o, "name", cli_json_str(c->name));
	set(o, "mitigates", cli_json_list(c->mitigates));
	set(o, "standards", cli_json_list(c->standards));
	set(o, "requirements", cli_json_list(c->requirements));
	set(o, "raises", tvra(&c->raises));
	set(o, "description", cli_json_str(c->description));
	set(o, "source", cli_json_str(c->source.cite));
	return o;
}

json_t *cli_json_link(const struct aisec_link *l)
{
	static const char *const kinds[] = {"", "requirement", "goal", "threat"};
	json_t *o = json_object();

	if (!o)
		return NULL;
	set(o, "standard", cli_json_str(l->standard));
	set(o, "target_kind", json_string(kinds[l->target_kind]));
	set(o, "target", cli_json_str(l->target));
	set(o, "kind", cli_json_str(l->kind));
	set(o, "relation", json_string(aisec_link_covers(l) ? "covers" : "describes"));
	set(o, "note", cli_json_str(l->note));
	set(o, "source", cli_json_str(l->source.cite));
	set(o, "file", cli_json_str(l->source.file));
	set(o, "line", json_integer(l->source.line));
	return o;
}

json_t *cli_json_entry(const struct aisec_entry *e)
{
	switch (e->kind) {
	case AISEC_ENTRY_STANDARD: return cli_json_standard(e->ptr);
	case AISEC_ENTRY_REQUIREMENT: return cli_json_requirement(e->ptr);
	case AISEC_ENTRY_THREAT: return cli_json_threat(e->ptr);
	case AISEC_ENTRY_CHARACTERISTIC: return cli_json_characteristic(e->ptr);
	case AISEC_ENTRY_GAP: return cli_json_gap(e->ptr);
	case AISEC_ENTRY_RECOMMENDATION: return cli_json_recommendation(e->ptr);
	case AISEC_ENTRY_CONTROL: return cli_json_control(e->ptr);
	}
	return json_null();
}
