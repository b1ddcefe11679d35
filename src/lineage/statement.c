/*
 * statement.c - the provenance statement of one step: an in-toto Statement
 * v1 whose subjects are the step's outputs and whose predicate is SLSA
 * Provenance v1 (inputs as resolvedDependencies, tool and parameters as
 * externalParameters).  Builds it for recording and parses it back.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "lineage/lineage.h"

/*
 * A directory's digest is the OMS root (SHA-256 over its files' SHA-256
 * digests), not a SHA-256 of bytes anyone has: it goes under its own
 * algorithm name (docs/lineage.md says how to recompute it).
 */
static json_t *descriptor(const struct lin_stmt_ref *r, const char *kind)
{
	json_t *d = json_pack("{s:s,s:{s:s}}", "name", r->name, "digest",
			      r->is_dir ? LIN_DIGEST_DIR : "sha256",
			      r->digest);
	json_t *ann = json_pack("{s:s}", "aisec.kind",
				kind ? kind : r->is_dir ? "directory" : "file");

	if (r->manifest)
		json_object_set_new(ann, "aisec.manifest",
				    json_string(r->manifest));
	if (r->source >= 0)
		json_object_set_new(ann, "aisec.source", json_boolean(r->source));
	json_object_set_new(d, "annotations", ann);
	return d;
}

int lin_statement_build(const struct aisec_lineage_step *step,
			const struct lin_stmt_ref *outs, size_t nouts,
			const struct lin_stmt_ref *ins, size_t nins,
			const struct lin_stmt_ref *tool,
			struct aisec_buf *out, struct aisec_error *err)
{
	json_t *st, *subj = json_array(), *deps = json_array(), *params;
	json_t *ext;
	char now[32], uuid[37];
	int rc;

	lin_now(now);
	if (lin_uuid(uuid) != 0)
		return aisec_error_set(err, AISEC_ERR_CRYPTO, "no random bytes");
	for (size_t i = 0; i < nouts; i++)
		json_array_append_new(subj, descriptor(&outs[i], NULL));
	for (size_t i = 0; i < nins; i++)
		json_array_append_new(deps, descriptor(&ins[i], NULL));
	/* the tool that ran the step is a dependency too (SLSA), with its digest */
	if (tool)
		json_array_append_new(deps, descriptor(tool, "tool"));
	params = json_object();
	for (size_t i = 0; i < step->nparams; i++)
		json_object_set_new(params, step->params[i].key,
				    json_string(step->params[i].value));
	ext = json_pack("{s:s,s:o}", "step", step->name, "parameters", params);
	if (step->tool)
		json_object_set_new(ext, "tool", json_string(step->tool));
	st = json_pack(
		"{s:s,s:o,s:s,s:{s:{s:s,s:o,s:{},s:o},s:{s:{s:s,s:{s:s}},"
		"s:{s:s,s:s,s:s}}}}",
		"_type", LIN_STATEMENT_V1, "subject", subj, "predicateType",
		LIN_PREDICATE_SLSA, "predicate", "buildDefinition", "buildType",
		LIN_BUILD_TYPE, "externalParameters", ext,
		"internalParameters", "resolvedDependencies", deps,
		"runDetails", "builder", "id",
		step->builder_id ? step->builder_id : LIN_BUILDER_ID,
		"version", "aisec",
		aisec_version(), "metadata", "invocationId", uuid, "startedOn",
		step->started_on ? step->started_on : now, "finishedOn",
		step->finished_on ? step->finished_on : now);
	if (!st)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "step '%s': cannot build the statement "
				       "(parameter not UTF-8?)",
				       step->name);
	rc = lin_json_dump(st, JSON_INDENT(2) | JSON_PRESERVE_ORDER, out);
	json_decref(st);
	if (rc)
		return aisec_error_set(err, rc, "statement: %s",
				       aisec_strerror(rc));
	return 0;
}

void lin_refs_free(struct lin_stmt_ref *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++) {
		free(r[i].name);
		free(r[i].digest);
		free(r[i].manifest);
	}
	free(r);
}

void lin_stmt_release(struct lin_stmt *s)
{
	free(s->file);
	aisec_dsse_free(s->env);
	free(s->step);
	free(s->tool);
	free(s->keyid);
	json_decref(s->params);
	lin_refs_free(s->subjects, s->nsubjects);
	lin_refs_free(s->inputs, s->ninputs);
	free(s->builder_id);
	free(s->finished_on);
	free(s->tool_ref.name);
	free(s->tool_ref.digest);
	free(s->tool_ref.manifest);
	memset(s, 0, sizeof(*s));
}

/*
 * The descriptors of `arr`; a "tool" one (only in resolvedDependencies)
 * goes to `tool`, not among the refs: it is recorded, not walked.
 * Directories carry their root under LIN_DIGEST_DIR (records before it
 * was introduced: under sha256).
 */
static int parse_refs(json_t *arr, const char *what, const char *name,
		      struct lin_stmt_ref **out, size_t *nout,
		      struct lin_stmt_ref *tool, struct aisec_error *err)
{
	size_t n = json_array_size(arr);
	struct lin_stmt_ref *r = calloc(n + 1, sizeof(*r));

	if (!r)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	*out = r;
	*nout = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *d = json_array_get(arr, i);
		const char *nm = json_string_value(json_object_get(d, "name"));
		json_t *ann = json_object_get(d, "annotations");
		const char *kind = json_string_value(
			json_object_get(ann, "aisec.kind"));
		bool is_dir = kind && strcmp(kind, "directory") == 0;
		bool is_tool = tool && kind && strcmp(kind, "tool") == 0;
		json_t *ds = json_object_get(d, "digest");
		const char *dg = json_string_value(json_object_get(
			ds, is_dir && json_object_get(ds, LIN_DIGEST_DIR)
				    ? LIN_DIGEST_DIR : "sha256"));
		const char *man = json_string_value(
			json_object_get(ann, "aisec.manifest"));
		json_t *src = json_object_get(ann, "aisec.source");
		struct lin_stmt_ref *to = is_tool ? tool : &r[*nout];
		uint8_t md[AISEC_SHA256_LEN];

		if (!nm || lin_unhex32(dg, md) != 0 ||
		    (man && lin_unhex32(man, md) != 0))
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "statement '%s': field '%s[%zu]':"
					       " needs a name and a sha256 "
					       "digest (%s for a directory)",
					       name, what, i, LIN_DIGEST_DIR);
		if (is_tool && tool->name)
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "statement '%s': field '%s[%zu]':"
					       " a second tool", name, what, i);
		to->name = strdup(nm);
		to->digest = strdup(dg);
		to->manifest = man ? strdup(man) : NULL;
		to->is_dir = is_dir;
		to->source = json_is_boolean(src) ? json_is_true(src) : -1;
		if (!is_tool)
			*nout += 1;
		if (!to->name || !to->digest || (man && !to->manifest))
			return aisec_error_set(err, AISEC_ERR_NOMEM,
					       "out of memory");
	}
	return 0;
}

int lin_statement_parse(const char *name, const uint8_t *payload, size_t len,
			struct lin_stmt *s, struct aisec_error *err)
{
	json_t *root = lin_json_parse(name, (const char *)payload, len, err);
	json_t *bd, *ext, *subj, *deps;
	const char *type, *ptype, *step;
	int rc = AISEC_ERR_INVALID;

	if (!root)
		return AISEC_ERR_PARSE;
	type = json_string_value(json_object_get(root, "_type"));
	ptype = json_string_value(json_object_get(root, "predicateType"));
	subj = json_object_get(root, "subject");
	bd = json_object_get(json_object_get(root, "predicate"),
			     "buildDefinition");
	ext = json_object_get(bd, "externalParameters");
	deps = json_object_get(bd, "resolvedDependencies");
	step = json_string_value(json_object_get(ext, "step"));
	if (!type || strcmp(type, LIN_STATEMENT_V1) != 0) {
		aisec_error_set(err, rc, "statement '%s': field '_type': not "
				"an in-toto Statement v1", name);
		goto out;
	}
	if (!ptype || strcmp(ptype, LIN_PREDICATE_SLSA) != 0) {
		aisec_error_set(err, rc, "statement '%s': field "
				"'predicateType': not SLSA Provenance v1",
				name);
		goto out;
	}
	if (!json_is_array(subj) || json_array_size(subj) == 0 || !step ||
	    (deps && !json_is_array(deps))) {
		aisec_error_set(err, rc, "statement '%s': needs subjects, "
				"buildDefinition.externalParameters.step and "
				"resolvedDependencies", name);
		goto out;
	}
	rc = parse_refs(subj, "subject", name, &s->subjects, &s->nsubjects,
			NULL, err);
	if (!rc)
		rc = parse_refs(deps, "resolvedDependencies", name, &s->inputs,
				&s->ninputs, &s->tool_ref, err);
	if (rc)
		goto out;
	s->step = strdup(step);
	{
		json_t *rd = json_object_get(json_object_get(root, "predicate"), "runDetails");
		const char *bid = json_string_value(
			json_object_get(json_object_get(rd, "builder"), "id"));
		const char *fin = json_string_value(
			json_object_get(json_object_get(rd, "metadata"), "finishedOn"));

		s->builder_id = bid ? strdup(bid) : NULL;
		s->finished_on = fin ? strdup(fin) : NULL;
	}
	if (json_string_value(json_object_get(ext, "tool")))
		s->tool = strdup(json_string_value(json_object_get(ext, "tool")));
	s->params = json_object_get(ext, "parameters");
	if (json_is_object(s->params))
		json_incref(s->params);
	else
		s->params = json_object();
	rc = s->step ? 0 : aisec_error_set(err, AISEC_ERR_NOMEM,
					   "out of memory");
out:
	json_decref(root);
	return rc;
}
