/*
 * bom.c - the AI bill of materials: a CycloneDX 1.6 JSON document for a
 * model, from its lineage, as Dependency-Track and other consumers read it.
 *
 *   metadata.component  the model (machine-learning-model: hash, model
 *                       card, supplier, licence, external references)
 *   components          its ancestors: the base/upstream models named by
 *                       the caller as machine-learning-model, the rest as
 *                       data components (one dataset each)
 *   dependencies        each output dependsOn the inputs of its step
 *   pedigree            the model's base models as ancestors
 *   metadata.properties the lineage verification with the trusted keys
 *
 * A file's hash is its SHA-256; a directory has no SHA-256 of bytes, so its
 * OMS root digest is a property (aisec:lineage:oms-root-sha256), not a
 * hash.  Deterministic: the timestamp is the model's record (finishedOn of
 * the step that produced it), the serialNumber a UUIDv5 of the rest of the
 * document, so the same lineage gives the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/core.h"
#include "lineage/lineage.h"
#include "report/report.h"

struct bom_ctx {
	const struct lin_graph *g;
	const struct lin_store *st;
	const struct aisec_bom_opts *b;
	char **base;     /* normalised base-model paths */
	size_t nbase;
};

static bool is_model(const struct bom_ctx *c, size_t i)
{
	if (i == 0)
		return true;
	for (size_t k = 0; k < c->nbase; k++)
		if (strcmp(c->base[k], c->g->v[i].name) == 0)
			return true;
	return false;
}

static char *ref_of(const struct bom_ctx *c, size_t i)
{
	struct aisec_buf b;

	aisec_buf_init(&b, 0);
	aisec_buf_addf(&b, "%s-%.16s", is_model(c, i) ? "model" : "data", c->g->v[i].digest);
	return aisec_buf_detach(&b, NULL);
}

/* hashes (files) or the OMS root as a property (directories) */
static void add_digest(json_t *comp, const struct lin_node *n, json_t *props)
{
	if (n->is_dir)
		json_array_append_new(props, json_pack("{s:s,s:s}", "name",
						       "aisec:lineage:oms-root-sha256", "value",
						       n->digest));
	else
		json_object_set_new(comp, "hashes",
				    json_pack("[{s:s,s:s}]", "alg", "SHA-256", "content",
					      n->digest));
}

/* The step node that produced artefact node `a`, or g->n. */
static size_t producer(const struct lin_graph *g, size_t a)
{
	for (size_t e = 0; e < g->ne; e++)
		if (g->e[e].to == a && g->v[g->e[e].from].is_step)
			return g->e[e].from;
	return g->n;
}

static const struct lin_stmt *stmt_of(const struct bom_ctx *c, size_t a)
{
	size_t s = producer(c->g, a);

	return s == c->g->n ? NULL : &c->st->s[c->g->v[s].stmt];
}

/* A component for artefact node i (without bom-ref when `bare`, for pedigree). */
static json_t *component(const struct bom_ctx *c, size_t i, bool bare)
{
	const struct lin_node *n = &c->g->v[i];
	const struct lin_stmt *stmt = stmt_of(c, i);
	json_t *comp = json_pack("{s:s,s:s}", "type",
				 is_model(c, i) ? "machine-learning-model" : "data", "name",
				 i == 0 && c->b->model_name ? c->b->model_name : n->name);
	json_t *props = json_array();
	char *r;

	if (!bare) {
		r = ref_of(c, i);
		json_object_set_new(comp, "bom-ref", json_string(r ? r : ""));
		free(r);
	}
	add_digest(comp, n, props);
	if (!is_model(c, i))
		json_object_set_new(comp, "data",
				    json_pack("[{s:s,s:s}]", "type", "dataset", "name", n->name));
	if (stmt && !bare) {
		json_array_append_new(props, json_pack("{s:s,s:s}", "name", "aisec:lineage:step",
						       "value", stmt->step));
		json_array_append_new(props,
				      json_pack("{s:s,s:s}", "name", "aisec:lineage:statement",
						"value", stmt->file));
		json_array_append_new(props,
				      json_pack("{s:s,s:s}", "name", "aisec:lineage:signature",
						"value",
						c->g->v[producer(c->g, i)].status == 0
							? "verified"
							: c->st->nkeys ? "untrusted" : "not verified"));
		if (stmt->tool)
			json_array_append_new(props,
					      json_pack("{s:s,s:s}", "name", "aisec:lineage:tool",
							"value", stmt->tool));
		if (stmt->tool_ref.name)
			json_array_append_new(props, json_pack("{s:s,s:s}", "name",
							       "aisec:lineage:tool:sha256",
							       "value", stmt->tool_ref.digest));
	}
	if (json_array_size(props))
		json_object_set_new(comp, "properties", props);
	else
		json_decref(props);
	return comp;
}

/* Bom-refs of the inputs of the step producing `a`; models only or data only when asked. */
static json_t *inputs_of(const struct bom_ctx *c, size_t a, int models)
{
	json_t *arr = json_array();
	size_t s = producer(c->g, a);

	for (size_t e = 0; s < c->g->n && e < c->g->ne; e++) {
		size_t in = c->g->e[e].from;
		char *r;

		if (c->g->e[e].to != s || (models >= 0 && is_model(c, in) != (models == 1)))
			continue;
		r = ref_of(c, in);
		json_array_append_new(arr, json_string(r ? r : ""));
		free(r);
	}
	return arr;
}

static json_t *model_card(const struct bom_ctx *c, json_t *card)
{
	json_t *mc = card ? json_deep_copy(card) : json_object();
	json_t *mp = json_object_get(mc, "modelParameters"), *ds, *refs, *r;
	size_t i;

	if (!json_is_object(mp)) {
		mp = json_object();
		json_object_set_new(mc, "modelParameters", mp);
	}
	ds = json_object_get(mp, "datasets");
	if (!json_is_array(ds)) {
		ds = json_array();
		json_object_set_new(mp, "datasets", ds);
	}
	/* the model's training data, by reference (base models are not datasets) */
	refs = inputs_of(c, 0, 0);
	json_array_foreach(refs, i, r)
		json_array_append_new(ds, json_pack("{s:O}", "ref", r));
	json_decref(refs);
	return mc;
}

/* The model component: card, supplier, licence, external references, pedigree. */
static json_t *subject(const struct bom_ctx *c, json_t *file)
{
	json_t *m = component(c, 0, false);
	json_t *card = json_object_get(file, "modelCard");
	const struct lin_stmt *stmt = stmt_of(c, 0);
	json_t *refs = json_array(), *anc = json_array();
	size_t s = producer(c->g, 0);

	if (!json_object_get(file, "modelCard") && json_object_size(file) &&
	    !json_object_get(file, "supplier") && !json_object_get(file, "license") &&
	    !json_object_get(file, "externalReferences"))
		card = file; /* a bare modelCard */
	if (c->b->model_version)
		json_object_set_new(m, "version", json_string(c->b->model_version));
	if (json_object_get(file, "supplier") && card != file)
		json_object_set(m, "supplier", json_object_get(file, "supplier"));
	if (json_is_string(json_object_get(file, "license")) && card != file)
		json_object_set_new(m, "licenses",
				    json_pack("[{s:O}]", "expression",
					      json_object_get(file, "license")));
	if (json_is_array(json_object_get(file, "externalReferences")) && card != file)
		json_array_extend(refs, json_object_get(file, "externalReferences"));
	/* the pipeline that built it, when the record names one */
	if (stmt && stmt->builder_id && strcmp(stmt->builder_id, LIN_BUILDER_ID) != 0 &&
	    strstr(stmt->builder_id, "://"))
		json_array_append_new(refs, json_pack("{s:s,s:s,s:s}", "type", "build-system",
						      "url", stmt->builder_id, "comment",
						      "SLSA builder.id of the step that "
						      "produced the model"));
	if (json_array_size(refs))
		json_object_set_new(m, "externalReferences", refs);
	else
		json_decref(refs);
	for (size_t e = 0; s < c->g->n && e < c->g->ne; e++)
		if (c->g->e[e].to == s && is_model(c, c->g->e[e].from))
			json_array_append_new(anc, component(c, c->g->e[e].from, true));
	if (json_array_size(anc))
		json_object_set_new(m, "pedigree",
				    json_pack("{s:o,s:s}", "ancestors", anc, "notes",
					      "the base models of the step that produced the "
					      "model, from its signed lineage"));
	else
		json_decref(anc);
	json_object_set_new(m, "modelCard", model_card(c, json_is_object(card) ? card : NULL));
	return m;
}

/* metadata.properties: what verifying the lineage with the trusted keys gave. */
static json_t *verification(const struct aisec_lineage_verify_opts *o,
			    const struct aisec_lineage_report *rep)
{
	json_t *p = json_array();

	if (!rep) {
		json_array_append_new(p, json_pack("{s:s,s:s}", "name",
						   "aisec:lineage:verification", "value",
						   "not verified (no trusted key given)"));
		return p;
	}
	json_array_append_new(p, json_pack("{s:s,s:s}", "name", "aisec:lineage:verification",
					   "value",
					   rep->status == AISEC_LINEAGE_VERIFIED ? "verified"
					   : rep->status == AISEC_LINEAGE_BROKEN ? "broken"
										 : "missing"));
	for (size_t k = 0; k < o->nkeys; k++) {
		char id[AISEC_KEY_ID_LEN + 1];

		aisec_key_id(o->keys[k], id);
		json_array_append_new(p, json_pack("{s:s,s:s}", "name",
						   "aisec:lineage:trusted-key", "value", id));
	}
	for (size_t i = 0; i < rep->nissues; i++)
		json_array_append_new(p, json_pack("{s:s,s:s}", "name", "aisec:lineage:issue",
						   "value", rep->issues[i].message));
	return p;
}

static json_t *build(const struct bom_ctx *c, json_t *file,
		     const struct aisec_lineage_verify_opts *o,
		     const struct aisec_lineage_report *rep)
{
	json_t *comps = json_array(), *deps = json_array(), *bom, *meta;
	const struct lin_stmt *stmt = stmt_of(c, 0);
	char *mref = ref_of(c, 0);

	for (size_t i = 1; i < c->g->n; i++) {
		char *r;

		if (c->g->v[i].is_step)
			continue;
		r = ref_of(c, i);
		json_array_append_new(comps, component(c, i, false));
		json_array_append_new(deps, json_pack("{s:s,s:o}", "ref", r ? r : "", "dependsOn",
						      inputs_of(c, i, -1)));
		free(r);
	}
	json_array_insert_new(deps, 0,
			      json_pack("{s:s,s:o}", "ref", mref ? mref : "", "dependsOn",
					inputs_of(c, 0, -1)));
	meta = json_pack("{s:{s:[{s:s,s:s,s:s}]},s:o,s:o}", "tools", "components", "type",
			 "application", "name", "aisec", "version", aisec_version(), "component",
			 subject(c, file), "properties", verification(o, rep));
	if (c->b->timestamp || (stmt && stmt->finished_on))
		json_object_set_new(meta, "timestamp",
				    json_string(c->b->timestamp ? c->b->timestamp
								: stmt->finished_on));
	/* serialNumber is filled in last (serial_of), in its usual place */
	bom = json_pack("{s:s,s:s,s:s,s:i,s:o,s:o,s:o}", "bomFormat", "CycloneDX", "specVersion",
			"1.6", "serialNumber", "", "version", 1, "metadata", meta, "components",
			comps, "dependencies", deps);
	free(mref);
	return bom;
}

/* serialNumber: urn:uuid: UUIDv5 of the SHA-256 of the document without it. */
static int serial_of(json_t *bom, const char *given)
{
	json_t *rest = json_copy(bom);
	char *text;
	uint8_t md[AISEC_SHA256_LEN];
	char hex[2 * AISEC_SHA256_LEN + 1], uuid[REPORT_UUID_LEN + 1], urn[64];
	int rc = 0;

	json_object_del(rest, "serialNumber");
	text = rest ? json_dumps(rest, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(rest);
	if (!text)
		return AISEC_ERR_NOMEM;
	EVP_Digest(text, strlen(text), md, NULL, EVP_sha256(), NULL);
	free(text);
	lin_hex(md, sizeof(md), hex);
	if (!given) {
		rc = report_uuid5f(uuid, "cyclonedx/bom/%s", hex);
		snprintf(urn, sizeof(urn), "urn:uuid:%s", uuid);
	}
	if (!rc)
		rc = json_object_set_new(bom, "serialNumber", json_string(given ? given : urn));
	return rc ? AISEC_ERR_NOMEM : 0;
}

/* The model card file: a modelCard, or the wrapper with supplier, licence, references. */
static int check_card_file(json_t *f, const char *path, struct aisec_error *err)
{
	static const char *const wrapper[] = {"modelCard", "supplier", "license",
					      "externalReferences", NULL};
	const char *k;
	json_t *v;
	bool wrapped = json_object_get(f, "modelCard") || json_object_get(f, "supplier") ||
		       json_object_get(f, "license") || json_object_get(f, "externalReferences");

	if (!json_is_object(f))
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "model card '%s': not a JSON object", path);
	if (!wrapped)
		return lin_modelcard_check(f, path, err);
	json_object_foreach(f, k, v) {
		size_t i = 0;

		while (wrapper[i] && strcmp(wrapper[i], k) != 0)
			i++;
		if (!wrapper[i])
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "model card '%s': field '%s': unknown field "
					       "(modelCard, supplier, license, externalReferences)",
					       path, k);
	}
	if (json_object_get(f, "modelCard") &&
	    lin_modelcard_check(json_object_get(f, "modelCard"), path, err))
		return err ? err->code : AISEC_ERR_INVALID;
	return lin_bom_extras_check(f, path, err);
}

int aisec_lineage_bom(const char *artefact, const struct aisec_lineage_verify_opts *o,
		      const struct aisec_bom_opts *b, struct aisec_buf *out,
		      struct aisec_error *err)
{
	struct aisec_bom_opts none = {0};
	struct aisec_lineage_report *rep = NULL;
	struct bom_ctx c = {0};
	struct lin_store st;
	struct lin_graph g;
	struct aisec_manifest *m = NULL;
	struct aisec_buf text;
	char hex[2 * AISEC_SHA256_LEN + 1];
	char *name = NULL;
	json_t *file = NULL, *bom = NULL;
	int rc;

	if (!b)
		b = &none;
	if (b->status)
		*b->status = -1;
	memset(&g, 0, sizeof(g));
	aisec_buf_init(&text, 16 << 20);
	if (b->model_card) {
		rc = aisec_file_read(b->model_card, &text, err);
		if (rc)
			return rc;
		file = lin_json_parse(b->model_card, text.data, text.len, err);
		aisec_buf_release(&text);
		if (!file)
			return AISEC_ERR_PARSE;
		rc = check_card_file(file, b->model_card, err);
		if (rc) {
			json_decref(file);
			return rc;
		}
	}
	rc = lin_store_load(o->store ? o->store : AISEC_LINEAGE_DEFAULT_STORE, o->keys, o->nkeys,
			    &st, err);
	if (rc) {
		json_decref(file);
		return rc;
	}
	if (o->nkeys) {
		rc = aisec_lineage_verify(artefact, o, &rep, err);
		if (rc)
			goto out;
		if (b->status)
			*b->status = (int)rep->status;
	}
	rc = aisec_manifest_build(artefact, o->digest, &m, err);
	if (rc)
		goto out;
	lin_hex(m->digest, AISEC_SHA256_LEN, hex);
	name = lin_path_normalise(artefact);
	c.g = &g;
	c.st = &st;
	c.b = b;
	c.base = calloc(b->nbase_models + 1, sizeof(*c.base));
	for (size_t i = 0; c.base && i < b->nbase_models; i++)
		if ((c.base[c.nbase] = lin_path_normalise(b->base_models[i])) != NULL)
			c.nbase++;
	if (!name || !c.base || lin_graph_build(&st, hex, name, &g) != 0 ||
	    !(bom = build(&c, file, o, rep)) || serial_of(bom, b->serial) != 0 ||
	    lin_json_dump(bom, JSON_INDENT(2), out) != 0 || aisec_buf_addch(out, '\n') != 0)
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "bom: out of memory");
out:
	for (size_t i = 0; c.base && i < c.nbase; i++)
		free(c.base[i]);
	free(c.base);
	aisec_lineage_report_free(rep);
	json_decref(file);
	json_decref(bom);
	free(name);
	aisec_manifest_free(m);
	lin_graph_release(&g);
	lin_store_release(&st);
	return rc;
}
