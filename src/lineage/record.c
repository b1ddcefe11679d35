/*
 * record.c - record one transformation step: digest its inputs and
 * outputs, keep the directory manifests, sign the provenance statement
 * into a DSSE envelope and put it in the store.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "core/core.h"
#include "lineage/lineage.h"

/* Digest one artefact into `r`, storing its manifest when a directory. */
static int describe(const char *store, const char *path,
		    const struct aisec_digest_opts *o, struct lin_stmt_ref *r,
		    struct aisec_error *err)
{
	struct aisec_manifest *m = NULL;
	struct aisec_buf json;
	char hex[2 * AISEC_SHA256_LEN + 1];
	int rc;

	aisec_buf_init(&json, 0);
	rc = aisec_manifest_build(path, o, &m, err);
	if (rc)
		return rc;
	r->name = lin_path_normalise(path);
	lin_hex(m->digest, AISEC_SHA256_LEN, hex);
	r->digest = strdup(hex);
	r->is_dir = m->is_dir;
	if (!r->name || !r->digest) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (m->is_dir) {
		char *file = NULL;
		uint8_t md[AISEC_SHA256_LEN];

		rc = aisec_manifest_to_json(m, &json);
		if (rc) {
			aisec_error_set(err, rc, "manifest of '%s': %s", path,
					aisec_strerror(rc));
			goto out;
		}
		rc = lin_store_put(store, "manifests", json.data, json.len,
				   &file, err);
		if (rc)
			goto out;
		free(file);
		EVP_Digest(json.data, json.len, md, NULL, EVP_sha256(), NULL);
		lin_hex(md, sizeof(md), hex);
		r->manifest = strdup(hex);
		if (!r->manifest)
			rc = aisec_error_set(err, AISEC_ERR_NOMEM,
					     "out of memory");
	}
out:
	aisec_buf_release(&json);
	aisec_manifest_free(m);
	return rc;
}

/*
 * Mark each input as a source unless a statement already in the store
 * produced it: a later verification then never takes an intermediate
 * artefact whose statement went missing for a source (issue 16).
 */
static int mark_sources(const char *store, struct lin_stmt_ref *ins, size_t n,
			struct aisec_error *err)
{
	struct lin_store st;
	int rc = lin_store_load(store, NULL, 0, &st, err);

	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		ins[i].source = 1;
		for (size_t k = 0; k < st.n && ins[i].source; k++)
			for (size_t j = 0; j < st.s[k].nsubjects; j++)
				if (strcmp(st.s[k].subjects[j].digest, ins[i].digest) == 0)
					ins[i].source = 0;
	}
	lin_store_release(&st);
	return 0;
}

/*
 * The file a --tool names: the path itself when it exists, else (a bare
 * name) the first executable of that name on PATH.  Caller frees; NULL when
 * there is none.
 */
static char *tool_path(const char *tool)
{
	const char *path = getenv("PATH");
	struct aisec_buf b;

	if (access(tool, F_OK) == 0 || strchr(tool, '/'))
		return access(tool, F_OK) == 0 ? strdup(tool) : NULL;
	aisec_buf_init(&b, 0);
	for (const char *p = path ? path : ""; *p;) {
		size_t n = strcspn(p, ":");

		aisec_buf_reset(&b);
		if (aisec_buf_add(&b, n ? p : ".", n ? n : 1) == 0 &&
		    aisec_buf_addf(&b, "/%s", tool) == 0 &&
		    access(b.data, X_OK) == 0)
			return aisec_buf_detach(&b, NULL);
		p += n + (p[n] == ':');
	}
	aisec_buf_release(&b);
	return NULL;
}

/* Digest the step's tool into `r` (named as given). */
static int describe_tool(const char *store, const char *tool,
			 const struct aisec_digest_opts *o, struct lin_stmt_ref *r,
			 struct aisec_error *err)
{
	char *path = tool_path(tool);
	int rc;

	if (!path)
		return aisec_error_set(err, AISEC_ERR_NOTFOUND,
				       "tool '%s': no such file or command on "
				       "PATH (the tool is recorded with its "
				       "digest)", tool);
	rc = describe(store, path, o, r, err);
	free(path);
	if (!rc) {
		free(r->name);
		r->name = strdup(tool);
		if (!r->name)
			rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	return rc;
}

int aisec_lineage_record(const char *store,
			 const struct aisec_lineage_step *step,
			 const struct aisec_key *key,
			 const struct aisec_digest_opts *dopts,
			 char **stored_path, struct aisec_error *err)
{
	struct lin_stmt_ref *ins = NULL, *outs = NULL, *tool = NULL;
	struct aisec_digest_opts d = {0};
	struct aisec_buf payload, env;
	int rc;

	/* records always digest whole files, so verification is reproducible */
	if (dopts)
		d = *dopts;
	d.shard_size = 0;
	dopts = &d;
	if (!store)
		store = AISEC_LINEAGE_DEFAULT_STORE;
	if (!step || !step->name || !*step->name || step->noutputs == 0)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "a step needs a name and at least one "
				       "output");
	if (!key || !aisec_key_has_private(key))
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "step '%s': recording needs a private "
				       "key", step->name);
	aisec_buf_init(&payload, 0);
	aisec_buf_init(&env, 0);
	ins = calloc(step->ninputs + 1, sizeof(*ins));
	outs = calloc(step->noutputs + 1, sizeof(*outs));
	tool = calloc(1, sizeof(*tool));
	if (!ins || !outs || !tool) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < step->ninputs; i++) {
		rc = describe(store, step->inputs[i], dopts, &ins[i], err);
		if (rc)
			goto fail;
	}
	for (size_t i = 0; i < step->noutputs; i++) {
		outs[i].source = -1;
		rc = describe(store, step->outputs[i], dopts, &outs[i], err);
		if (rc)
			goto fail;
	}
	/* an output equal to an input would make the chain a cycle: say so now */
	for (size_t i = 0; i < step->noutputs; i++)
		for (size_t k = 0; k < step->ninputs; k++)
			if (strcmp(outs[i].digest, ins[k].digest) == 0) {
				rc = aisec_error_set(err, AISEC_ERR_INVALID,
						     "output '%s' has the same content "
						     "(sha256:%.16s...) as input '%s': "
						     "a step must produce something new",
						     step->outputs[i], outs[i].digest,
						     step->inputs[k]);
				goto fail;
			}
	rc = mark_sources(store, ins, step->ninputs, err);
	if (rc)
		goto fail;
	if (step->tool) {
		rc = describe_tool(store, step->tool, dopts, tool, err);
		if (rc)
			goto fail;
		tool->source = -1; /* a tool is no input of the chain */
	}
	rc = lin_statement_build(step, outs, step->noutputs, ins,
				 step->ninputs, step->tool ? tool : NULL,
				 &payload, err);
	if (!rc)
		rc = aisec_dsse_sign(LIN_PAYLOAD_INTOTO, payload.data,
				     payload.len, key, &env, err);
	if (!rc)
		rc = aisec_buf_addch(&env, '\n');
	if (!rc)
		rc = lin_store_put(store, "statements", env.data, env.len,
				   stored_path, err);
fail:
	if (rc)
		aisec_error_prefix(err, "step '%s'", step->name);
out:
	lin_refs_free(ins, step->ninputs);
	lin_refs_free(outs, step->noutputs);
	lin_refs_free(tool, 1);
	aisec_buf_release(&payload);
	aisec_buf_release(&env);
	return rc;
}
