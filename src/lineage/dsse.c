/*
 * dsse.c - DSSE v1 envelopes: the pre-authentication encoding, signing,
 * parsing (standard or URL-safe base64) and verification against a set of
 * trusted keys.  The payload is returned as bytes; callers parse it only
 * after aisec_dsse_verify() accepted it.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "lineage/lineage.h"

int aisec_dsse_pae(const char *payload_type, const void *body, size_t len,
		   struct aisec_buf *out)
{
	int rc = aisec_buf_addf(out, "DSSEv1 %zu %s %zu ", strlen(payload_type),
				payload_type, len);

	return rc ? rc : aisec_buf_add(out, body, len);
}

int aisec_dsse_sign(const char *payload_type, const void *body, size_t len,
		    const struct aisec_key *key, struct aisec_buf *out,
		    struct aisec_error *err)
{
	struct aisec_buf pae, sig, b64s, b64p;
	char keyid[AISEC_KEY_ID_LEN + 1];
	json_t *env = NULL;
	int rc;

	aisec_buf_init(&pae, 0);
	aisec_buf_init(&sig, 0);
	aisec_buf_init(&b64s, 0);
	aisec_buf_init(&b64p, 0);
	rc = aisec_dsse_pae(payload_type, body, len, &pae);
	if (rc) {
		aisec_error_set(err, rc, "dsse: %s", aisec_strerror(rc));
		goto out;
	}
	rc = aisec_key_sign(key, pae.data, pae.len, &sig, err);
	if (rc)
		goto out;
	aisec_key_id(key, keyid);
	rc = aisec_base64_encode((const uint8_t *)sig.data, sig.len, &b64s);
	if (!rc)
		rc = aisec_base64_encode(body, len, &b64p);
	if (!rc) {
		env = json_pack("{s:s,s:s,s:[{s:s,s:s}]}", "payload", b64p.data,
				"payloadType", payload_type, "signatures",
				"keyid", keyid, "sig", b64s.data);
		rc = env ? lin_json_dump(env, JSON_COMPACT | JSON_PRESERVE_ORDER,
					 out)
			 : AISEC_ERR_NOMEM;
	}
	if (rc)
		aisec_error_set(err, rc, "dsse: %s", aisec_strerror(rc));
out:
	json_decref(env);
	aisec_buf_release(&pae);
	aisec_buf_release(&sig);
	aisec_buf_release(&b64s);
	aisec_buf_release(&b64p);
	return rc;
}

void aisec_dsse_free(struct aisec_dsse *env)
{
	if (!env)
		return;
	for (size_t i = 0; i < env->nsigs; i++) {
		free(env->sigs[i].keyid);
		free(env->sigs[i].sig);
	}
	free(env->sigs);
	free(env->payload);
	free(env->payload_type);
	free(env);
}

static int decode_field(json_t *s, struct aisec_buf *b)
{
	const char *v = json_string_value(s);

	if (!v)
		return AISEC_ERR_PARSE;
	return lin_b64_decode_any(v, json_string_length(s), b);
}

static int parse_sigs(json_t *sigs, struct aisec_dsse *e, const char *name,
		      struct aisec_error *err)
{
	size_t n = json_array_size(sigs);

	e->sigs = calloc(n + 1, sizeof(*e->sigs));
	if (!e->sigs)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_t *so = json_array_get(sigs, i), *kid;
		struct aisec_buf b;

		kid = json_object_get(so, "keyid");
		if (!json_is_object(so) ||
		    (kid && !json_is_string(kid) && !json_is_null(kid)))
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "envelope '%s': field "
					       "'signatures[%zu]': not an "
					       "object with a string keyid",
					       name, i);
		aisec_buf_init(&b, 1 << 16);
		if (decode_field(json_object_get(so, "sig"), &b) != 0) {
			aisec_buf_release(&b);
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "envelope '%s': field "
					       "'signatures[%zu].sig': missing "
					       "or not base64",
					       name, i);
		}
		e->sigs[i].siglen = b.len;
		e->sigs[i].sig = (uint8_t *)aisec_buf_detach(&b, NULL);
		if (json_is_string(kid) && json_string_length(kid))
			e->sigs[i].keyid = strdup(json_string_value(kid));
		e->nsigs = i + 1;
		if (!e->sigs[i].sig)
			return aisec_error_set(err, AISEC_ERR_NOMEM,
					       "out of memory");
	}
	return 0;
}

int aisec_dsse_parse(const char *name, const char *json, size_t len,
		     struct aisec_dsse **out, struct aisec_error *err)
{
	json_t *root = lin_json_parse(name, json, len, err), *sigs;
	struct aisec_dsse *e = NULL;
	const char *type;
	struct aisec_buf b;
	int rc;

	aisec_buf_init(&b, 0);
	if (!root) {
		aisec_error_prefix(err, "envelope is not valid JSON "
				   "(truncated?)");
		return AISEC_ERR_PARSE;
	}
	type = json_string_value(json_object_get(root, "payloadType"));
	sigs = json_object_get(root, "signatures");
	if (!json_is_object(root) || !type || !json_is_array(sigs)) {
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "envelope '%s': needs 'payload', "
				     "'payloadType' and 'signatures'",
				     name);
		goto out;
	}
	if (decode_field(json_object_get(root, "payload"), &b) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "envelope '%s': field 'payload': missing "
				     "or not base64",
				     name);
		goto out;
	}
	e = calloc(1, sizeof(*e));
	if (!e || !(e->payload_type = strdup(type))) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	e->payload_len = b.len;
	e->payload = (uint8_t *)aisec_buf_detach(&b, NULL);
	if (!e->payload) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = parse_sigs(sigs, e, name, err);
	if (rc)
		goto out;
	*out = e;
	e = NULL;
out:
	aisec_buf_release(&b);
	aisec_dsse_free(e);
	json_decref(root);
	return rc;
}

int aisec_dsse_verify(const struct aisec_dsse *env,
		      struct aisec_key *const *keys, size_t nkeys,
		      size_t *which)
{
	struct aisec_buf pae;
	int rc = -1;

	aisec_buf_init(&pae, 0);
	if (aisec_dsse_pae(env->payload_type, env->payload, env->payload_len,
			   &pae) != 0)
		return -1;
	/* keyid is only a hint: try every signature with every key */
	for (size_t s = 0; s < env->nsigs && rc; s++) {
		for (size_t k = 0; k < nkeys; k++) {
			if (aisec_key_verify(keys[k], pae.data, pae.len,
					     env->sigs[s].sig,
					     env->sigs[s].siglen) == 0) {
				if (which)
					*which = k;
				rc = 0;
				break;
			}
		}
	}
	aisec_buf_release(&pae);
	return rc;
}
