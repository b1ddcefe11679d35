/*
 * bom.c - the AI bill of materials: a CycloneDX 1.6 JSON document for a
 * model, from its lineage.  The model is a machine-learning-model
 * component (SHA-256, model card), every other artefact of its ancestry a
 * data component with its hash, and the recorded steps become
 * dependencies (output dependsOn inputs), properties naming the step and
 * its statement, and the model's pedigree (its direct inputs as ancestors).
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "lineage/lineage.h"

static json_t *hashes(const char *hex)
{
	return json_pack("[{s:s,s:s}]", "alg", "SHA-256", "content", hex);
}

static char *ref_of(const struct lin_node *n, bool model)
{
	struct aisec_buf b;

	aisec_buf_init(&b, 0);
	aisec_buf_addf(&b, "%s-%.16s", model ? "model" : "data", n->digest);
	return aisec_buf_detach(&b, NULL);
}

json_t *lin_card_parse(const char *name, const char *text, size_t len,
		       struct aisec_error *err)
{
	json_t *card = lin_json_parse(name, text, len, err);

	if (card && !json_is_object(card)) {
		json_decref(card);
		card = NULL;
		aisec_error_set(err, AISEC_ERR_INVALID, "model card '%s': not a JSON object",
				name);
	}
	return card;
}

static json_t *load_card(const char *path, struct aisec_error *err)
{
	struct aisec_buf b;
	json_t *card = NULL;

	aisec_buf_init(&b, 16 << 20);
	if (aisec_file_read(path, &b, err) == 0)
		card = lin_card_parse(path, b.data, b.len, err);
	aisec_buf_release(&b);
	return card;
}

/* The step node that produced artefact node `a`, or g->n. */
static size_t producer(const struct lin_graph *g, size_t a)
{
	for (size_t e = 0; e < g->ne; e++)
		if (g->e[e].to == a && g->v[g->e[e].from].is_step)
			return g->e[e].from;
	return g->n;
}

static void add_properties(json_t *c, const struct lin_graph *g,
			   const struct lin_store *st, size_t a)
{
	size_t s = producer(g, a);
	const struct lin_stmt *stmt;
	json_t *props;

	if (s == g->n)
		return;
	stmt = &st->s[g->v[s].stmt];
	props = json_pack("[{s:s,s:s},{s:s,s:s},{s:s,s:s}]", "name",
			  "aisec:lineage:step", "value", stmt->step, "name",
			  "aisec:lineage:statement", "value", stmt->file,
			  "name", "aisec:lineage:signature", "value",
			  g->v[s].status == 0 ? "verified" : "not verified");
	if (stmt->tool)
		json_array_append_new(props,
				      json_pack("{s:s,s:s}", "name",
						"aisec:lineage:tool", "value",
						stmt->tool));
	json_object_set_new(c, "properties", props);
}

/* Inputs of the step producing `a`, as bom-refs. */
static json_t *inputs_of(const struct lin_graph *g, size_t a, bool refs)
{
	json_t *arr = json_array();
	size_t s = producer(g, a);

	for (size_t e = 0; s < g->n && e < g->ne; e++) {
		const struct lin_node *in;

		if (g->e[e].to != s)
			continue;
		in = &g->v[g->e[e].from];
		if (refs) {
			char *r = ref_of(in, false);

			json_array_append_new(arr, json_string(r ? r : ""));
			free(r);
		} else {
			json_array_append_new(
				arr, json_pack("{s:s,s:s,s:o}", "type", "data",
					       "name", in->name, "hashes",
					       hashes(in->digest)));
		}
	}
	return arr;
}

json_t *lin_model_card(json_t *card, const struct lin_graph *g)
{
	json_t *mc = card ? json_deep_copy(card) : json_object();
	json_t *mp = json_object_get(mc, "modelParameters"), *ds;

	if (!json_is_object(mp)) {
		mp = json_object();
		json_object_set_new(mc, "modelParameters", mp);
	}
	ds = json_object_get(mp, "datasets");
	if (!json_is_array(ds)) {
		ds = json_array();
		json_object_set_new(mp, "datasets", ds);
	}
	/* the model's training inputs, by reference */
	{
		json_t *refs = inputs_of(g, 0, true), *r;
		size_t i;

		json_array_foreach(refs, i, r)
			json_array_append_new(ds, json_pack("{s:O}", "ref", r));
		json_decref(refs);
	}
	return mc;
}

static json_t *build(const struct lin_graph *g, const struct lin_store *st,
		     const struct aisec_bom_opts *b, json_t *card)
{
	json_t *comps = json_array(), *deps = json_array(), *model, *bom;
	char uuid[37], now[32], serial[64];
	char *mref = ref_of(&g->v[0], true);

	lin_now(now);
	if (lin_uuid(uuid) != 0 || !mref) {
		free(mref);
		json_decref(comps);
		json_decref(deps);
		return NULL;
	}
	snprintf(serial, sizeof(serial), "urn:uuid:%s", uuid);
	model = json_pack("{s:s,s:s,s:s,s:o}", "bom-ref", mref, "type",
			  "machine-learning-model", "name",
			  b->model_name ? b->model_name : g->v[0].name,
			  "hashes", hashes(g->v[0].digest));
	if (b->model_version)
		json_object_set_new(model, "version",
				    json_string(b->model_version));
	add_properties(model, g, st, 0);
	json_object_set_new(model, "pedigree",
			    json_pack("{s:o,s:s}", "ancestors",
				      inputs_of(g, 0, false), "notes",
				      "inputs of the step that produced the "
				      "model, from its signed lineage"));
	json_object_set_new(model, "modelCard", lin_model_card(card, g));
	json_array_append_new(comps, model);
	for (size_t i = 1; i < g->n; i++) {
		const struct lin_node *n = &g->v[i];
		char *r;
		json_t *c;

		if (n->is_step)
			continue;
		r = ref_of(n, false);
		c = json_pack("{s:s,s:s,s:s,s:o,s:[{s:s,s:s}]}", "bom-ref",
			      r ? r : "", "type", "data", "name", n->name,
			      "hashes", hashes(n->digest), "data", "type",
			      "dataset", "name", n->name);
		add_properties(c, g, st, i);
		json_array_append_new(comps, c);
		json_array_append_new(deps, json_pack("{s:s,s:o}", "ref",
						      r ? r : "", "dependsOn",
						      inputs_of(g, i, true)));
		free(r);
	}
	json_array_insert_new(deps, 0,
			      json_pack("{s:s,s:o}", "ref", mref, "dependsOn",
					inputs_of(g, 0, true)));
	bom = json_pack("{s:s,s:s,s:s,s:i,s:{s:s,s:{s:[{s:s,s:s,s:s}]}},"
			"s:o,s:o}",
			"bomFormat", "CycloneDX", "specVersion", "1.6",
			"serialNumber", b->serial ? b->serial : serial,
			"version", 1, "metadata", "timestamp",
			b->timestamp ? b->timestamp : now, "tools",
			"components", "type", "application", "name", "aisec",
			"version", aisec_version(), "components", comps,
			"dependencies", deps);
	free(mref);
	return bom;
}

int aisec_lineage_bom(const char *artefact,
		      const struct aisec_lineage_verify_opts *o,
		      const struct aisec_bom_opts *b, struct aisec_buf *out,
		      struct aisec_error *err)
{
	struct aisec_bom_opts none = {0};
	struct lin_store st;
	struct lin_graph g;
	struct aisec_manifest *m = NULL;
	char hex[2 * AISEC_SHA256_LEN + 1];
	char *name = NULL;
	json_t *card = NULL, *bom = NULL;
	int rc;

	if (!b)
		b = &none;
	memset(&g, 0, sizeof(g));
	rc = lin_store_load(o->store ? o->store : AISEC_LINEAGE_DEFAULT_STORE,
			    o->keys, o->nkeys, &st, err);
	if (rc)
		return rc;
	if (b->model_card && !(card = load_card(b->model_card, err))) {
		rc = err ? err->code : AISEC_ERR_INVALID;
		goto out;
	}
	rc = aisec_manifest_build(artefact, o->digest, &m, err);
	if (rc)
		goto out;
	lin_hex(m->digest, AISEC_SHA256_LEN, hex);
	name = lin_path_normalise(artefact);
	if (!name || lin_graph_build(&st, hex, name, &g) != 0 ||
	    !(bom = build(&g, &st, b, card)) ||
	    lin_json_dump(bom, JSON_INDENT(2) | JSON_PRESERVE_ORDER, out) != 0 ||
	    aisec_buf_addch(out, '\n') != 0)
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "bom: out of memory");
out:
	json_decref(card);
	json_decref(bom);
	free(name);
	aisec_manifest_free(m);
	lin_graph_release(&g);
	lin_store_release(&st);
	return rc;
}
