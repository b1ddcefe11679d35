/*
 * oms.c - OpenSSF Model Signing (OMS) v1.0: sign a model into a key-based
 * sigstore bundle and verify bundles made by the reference implementation
 * (sigstore/model-transparency `model_signing`).
 *
 * Layers: sigstore bundle v0.3 > DSSE envelope (application/vnd.in-toto+json)
 * > in-toto Statement v1 > predicate https://model_signing/signature/v1.0.
 * Interop notes (docs/lineage.md, "Where the spec and the library differ"):
 * the reference library names shard resources' algorithm "sha256-sharded-N"
 * (N = shard size, _hashing/io.py) and its verifier compares that name, so
 * we write it and accept "sha256" too, as the spec says; it may write
 * shard_size as a float, and writes keyid "" (we accept absent, null and "");
 * model_signing 1.0.x wrote verificationMaterial.publicKey as a sigstore
 * PublicKey {rawBytes: PEM, keyDetails} instead of {hint}: accepted with a
 * notice when the key it holds is the given one.  The subject digest is
 * checked over the resources in the order the bundle lists them, so either
 * path order used by producers verifies.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core/core.h"
#include "lineage/lineage.h"

#define OMS_PREDICATE "https://model_signing/signature/v1.0"
#define OMS_BUNDLE_TYPE "application/vnd.dev.sigstore.bundle.v0.3+json"

static const char *const oms_default_ignore[] = {".git", ".gitattributes",
						 ".github", ".gitignore"};

struct oms_res {
	char *name;
	char digest[2 * AISEC_SHA256_LEN + 1];
};

static void res_free(struct oms_res *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++)
		free(r[i].name);
	free(r);
}

static int res_cmp(const void *a, const void *b)
{
	return strcmp(((const struct oms_res *)a)->name,
		      ((const struct oms_res *)b)->name);
}

/* The OMS resources of a manifest, in manifest order (empty files dropped in shard mode). */
static int manifest_resources(const struct aisec_manifest *m,
			      struct oms_res **out, size_t *nout)
{
	size_t n = 0, k = 0;
	struct oms_res *r;

	for (size_t i = 0; i < m->nfiles; i++)
		n += m->files[i].whole ? 1 : m->files[i].nshards;
	r = calloc(n + 1, sizeof(*r));
	if (!r)
		return AISEC_ERR_NOMEM;
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct aisec_manifest_file *f = &m->files[i];

		if (f->whole) {
			r[k].name = strdup(f->path);
			lin_hex(f->sha256, AISEC_SHA256_LEN, r[k].digest);
			if (!r[k++].name)
				goto fail;
			continue;
		}
		for (size_t s = 0; s < f->nshards; s++) {
			struct aisec_buf b;

			aisec_buf_init(&b, 0);
			if (aisec_buf_addf(&b, "%s:%llu:%llu", f->path,
					   (unsigned long long)f->shards[s].start,
					   (unsigned long long)f->shards[s].end))
				goto fail;
			r[k].name = aisec_buf_detach(&b, NULL);
			lin_hex(f->shards[s].sha256, AISEC_SHA256_LEN,
				r[k].digest);
			if (!r[k++].name)
				goto fail;
		}
	}
	*out = r;
	*nout = k;
	return 0;
fail:
	res_free(r, k);
	return AISEC_ERR_NOMEM;
}

/* Ignore list: defaults, the signature file when inside the model, extras. */
static int build_ignores(const char *path, const char *sig,
			 const char *const *extra, size_t nextra,
			 json_t *recorded, struct aisec_buf *store,
			 const char ***out, size_t *nout)
{
	size_t n = 0, cap = 8 + nextra + json_array_size(recorded);
	const char **v = calloc(cap, sizeof(*v));
	char *np = lin_path_normalise(path), *ns = lin_path_normalise(sig);
	size_t lp = np ? strlen(np) : 0;

	if (!v || !np || !ns) {
		free(v);
		free(np);
		free(ns);
		return AISEC_ERR_NOMEM;
	}
	for (size_t i = 0; i < 4; i++)
		v[n++] = oms_default_ignore[i];
	for (size_t i = 0; i < nextra; i++)
		v[n++] = extra[i];
	for (size_t i = 0; i < json_array_size(recorded); i++)
		if (json_string_value(json_array_get(recorded, i)))
			v[n++] = json_string_value(json_array_get(recorded, i));
	/* a signature inside the model directory is not part of the model */
	if (strcmp(np, ".") == 0 && strchr(ns, '/') == NULL) {
		aisec_buf_adds(store, ns);
	} else if (strncmp(ns, np, lp) == 0 && ns[lp] == '/') {
		aisec_buf_adds(store, ns + lp + 1);
	}
	if (store->len)
		v[n++] = store->data;
	free(np);
	free(ns);
	*out = v;
	*nout = n;
	return 0;
}

static int root_of(const struct oms_res *r, size_t n, uint8_t *out)
{
	uint8_t(*mds)[AISEC_SHA256_LEN] = calloc(n + 1, sizeof(*mds));
	int rc;

	if (!mds)
		return AISEC_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		if (lin_unhex32(r[i].digest, mds[i]) != 0)
			memset(mds[i], 0, AISEC_SHA256_LEN);
	rc = lin_root_digest((const uint8_t(*)[AISEC_SHA256_LEN])mds, n, out);
	free(mds);
	return rc;
}

static char *base_of(const char *path)
{
	char *n = lin_path_normalise(path), *slash, *b;

	if (!n)
		return NULL;
	if (strcmp(n, ".") == 0) {
		char *cwd = realpath(".", NULL);

		free(n);
		n = cwd;
		if (!n)
			return NULL;
	}
	slash = strrchr(n, '/');
	b = strdup(slash && slash[1] ? slash + 1 : n);
	free(n);
	return b;
}

static json_t *statement_json(const char *path, const struct oms_res *r,
			      size_t n, const char *const *ign, size_t nign,
			      uint64_t shard)
{
	json_t *res = json_array(), *ig = json_array(), *ser;
	uint8_t root[AISEC_SHA256_LEN];
	char hex[2 * AISEC_SHA256_LEN + 1], alg[48];
	char *name = base_of(path);

	/* the library's digest name for shards; its verifier compares it */
	if (shard)
		snprintf(alg, sizeof(alg), "sha256-sharded-%llu",
			 (unsigned long long)shard);
	else
		snprintf(alg, sizeof(alg), "sha256");
	for (size_t i = 0; i < n; i++)
		json_array_append_new(res, json_pack("{s:s,s:s,s:s}", "name",
						     r[i].name, "digest",
						     r[i].digest, "algorithm",
						     alg));
	for (size_t i = 0; i < nign; i++)
		json_array_append_new(ig, json_string(ign[i]));
	ser = json_pack("{s:s,s:s,s:b,s:o}", "method",
			shard ? "shards" : "files", "hash_type", "sha256",
			"allow_symlinks", 0, "ignore_paths", ig);
	if (shard)
		json_object_set_new(ser, "shard_size",
				    json_integer((json_int_t)shard));
	if (root_of(r, n, root) != 0) {
		free(name);
		json_decref(res);
		json_decref(ser);
		return NULL;
	}
	lin_hex(root, sizeof(root), hex);
	{
		json_t *st = json_pack(
			"{s:s,s:[{s:s,s:{s:s}}],s:s,s:{s:o,s:o}}", "_type",
			LIN_STATEMENT_V1, "subject", "name", name ? name : "model",
			"digest", "sha256", hex, "predicateType", OMS_PREDICATE,
			"predicate", "resources", res, "serialization", ser);

		free(name);
		return st;
	}
}

static int model_manifest(const char *path, const char *const *ign,
			  size_t nign, uint64_t shard, unsigned jobs,
			  bool allow_symlinks, struct aisec_manifest **m,
			  struct aisec_error *err)
{
	struct aisec_digest_opts d = {0};

	d.jobs = jobs;
	d.shard_size = shard;
	d.refuse_symlinks = !allow_symlinks;
	d.ignore = ign;
	d.nignore = nign;
	return aisec_manifest_build(path, &d, m, err);
}

int aisec_oms_sign(const char *path, const struct aisec_key *key,
		   const struct aisec_oms_opts *o, struct aisec_buf *bundle,
		   struct aisec_error *err)
{
	struct aisec_oms_opts none = {0};
	struct aisec_manifest *m = NULL;
	struct oms_res *r = NULL;
	struct aisec_buf sigign, payload, pem, env;
	const char **ign = NULL;
	size_t nr = 0, nign = 0;
	json_t *st = NULL, *b = NULL;
	uint8_t hint[AISEC_SHA256_LEN];
	char hinthex[2 * AISEC_SHA256_LEN + 1];
	enum aisec_key_type t = aisec_key_get_type(key);
	int rc;

	if (!o)
		o = &none;
	aisec_buf_init(&sigign, 0);
	aisec_buf_init(&payload, 0);
	aisec_buf_init(&pem, 0);
	aisec_buf_init(&env, 0);
	if (t == AISEC_KEY_ED25519)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "model signing: OMS key-based bundles "
				       "use ECDSA keys (ecdsa-p256, p384, "
				       "p521), not ed25519");
	rc = build_ignores(path, o->signature ? o->signature : "model.sig",
			   o->ignore, o->nignore, NULL, &sigign, &ign, &nign);
	if (rc) {
		aisec_error_set(err, rc, "out of memory");
		goto out;
	}
	rc = model_manifest(path, ign, nign, o->shard_size, o->jobs, false, &m,
			    err);
	if (rc)
		goto out;
	rc = manifest_resources(m, &r, &nr);
	if (!rc) {
		st = statement_json(path, r, nr, ign, nign, o->shard_size);
		rc = st ? lin_json_dump(st, JSON_INDENT(2) | JSON_PRESERVE_ORDER,
					&payload)
			: AISEC_ERR_NOMEM;
	}
	if (!rc)
		rc = aisec_key_public_pem(key, &pem);
	if (rc) {
		aisec_error_set(err, rc, "model signing: %s", aisec_strerror(rc));
		goto out;
	}
	rc = aisec_dsse_sign(LIN_PAYLOAD_INTOTO, payload.data, payload.len, key,
			     &env, err);
	if (rc)
		goto out;
	EVP_Digest(pem.data, pem.len, hint, NULL, EVP_sha256(), NULL);
	lin_hex(hint, sizeof(hint), hinthex);
	b = json_pack("{s:s,s:{s:{s:s},s:[]},s:o}", "mediaType", OMS_BUNDLE_TYPE,
		      "verificationMaterial", "publicKey", "hint", hinthex,
		      "tlogEntries", "dsseEnvelope",
		      json_loadb(env.data, env.len, 0, NULL));
	if (b) {
		/* like the reference tool: keyid is not used by OMS */
		json_object_set_new(json_array_get(json_object_get(
						   json_object_get(b, "dsseEnvelope"),
						   "signatures"), 0),
				    "keyid", json_string(""));
	}
	rc = b ? lin_json_dump(b, JSON_INDENT(2) | JSON_PRESERVE_ORDER, bundle)
	       : AISEC_ERR_NOMEM;
	if (!rc)
		rc = aisec_buf_addch(bundle, '\n');
	if (rc)
		aisec_error_set(err, rc, "model signing: %s", aisec_strerror(rc));
out:
	json_decref(st);
	json_decref(b);
	free(ign);
	res_free(r, nr);
	aisec_manifest_free(m);
	aisec_buf_release(&sigign);
	aisec_buf_release(&payload);
	aisec_buf_release(&pem);
	aisec_buf_release(&env);
	return rc;
}

/*
 * Only known members: the reference verifier parses bundles as sigstore
 * protobuf JSON, which refuses unknown fields, and a renamed member must
 * not go unnoticed.
 */
static int known_keys(json_t *o, const char *const *allowed, const char *where,
		      struct aisec_error *err)
{
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v) {
		size_t i = 0;

		while (allowed[i] && strcmp(allowed[i], k) != 0)
			i++;
		if (!allowed[i])
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "bundle: field '%s.%s': unknown "
					       "field", where, k);
	}
	return 0;
}

static int check_structure(json_t *b, const char *mt, struct aisec_error *err)
{
	static const char *const top[] = {"mediaType", "verificationMaterial",
					  "dsseEnvelope", NULL};
	static const char *const vm[] = {"publicKey", "x509CertificateChain",
					 "certificate", "tlogEntries",
					 "timestampVerificationData", NULL};
	/* hint; or a sigstore PublicKey as model_signing 1.0.x wrote it */
	static const char *const pk[] = {"hint", "rawBytes", "keyDetails",
					 "validFor", NULL};
	static const char *const env[] = {"payload", "payloadType",
					  "signatures", NULL};
	static const char *const sig[] = {"sig", "keyid", NULL};
	static const char *const types[] = {
		/* OMS v1.0 bundles are sigstore bundles v0.3 */
		"application/vnd.dev.sigstore.bundle.v0.3+json",
		"application/vnd.dev.sigstore.bundle+json;version=0.3", NULL};
	json_t *v = json_object_get(b, "verificationMaterial");
	json_t *e = json_object_get(b, "dsseEnvelope");
	json_t *s;
	size_t i = 0;
	int rc;

	while (types[i] && strcmp(types[i], mt) != 0)
		i++;
	if (!types[i])
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "bundle: field 'mediaType': unknown "
				       "value '%s'", mt);
	rc = known_keys(b, top, "bundle", err);
	if (!rc)
		rc = known_keys(v, vm, "verificationMaterial", err);
	if (!rc && json_object_get(v, "publicKey"))
		rc = known_keys(json_object_get(v, "publicKey"), pk,
				"verificationMaterial.publicKey", err);
	if (!rc)
		rc = known_keys(e, env, "dsseEnvelope", err);
	json_array_foreach(json_object_get(e, "signatures"), i, s)
		if (!rc)
			rc = known_keys(s, sig, "dsseEnvelope.signatures[]", err);
	return rc;
}

/*
 * An older bundle's publicKey.rawBytes (base64 of the PEM text, or of DER)
 * must hold the given key; keyDetails, when there, must fit its curve.
 */
static int check_raw_key(json_t *pkj, const char *raw,
			 const struct aisec_key *key, struct aisec_error *err)
{
	static const char *const details[] = {NULL, NULL,
					      "PKIX_ECDSA_P256_SHA_256",
					      "PKIX_ECDSA_P384_SHA_384",
					      "PKIX_ECDSA_P521_SHA_512"};
	const char *kd = json_string_value(json_object_get(pkj, "keyDetails"));
	enum aisec_key_type t = aisec_key_get_type(key);
	struct aisec_buf bytes, mine;
	EVP_PKEY *pk = NULL;
	unsigned char *der = NULL;
	int n = 0, rc;

	if (json_object_get(pkj, "keyDetails") &&
	    (!kd || (size_t)t >= sizeof(details) / sizeof(details[0]) ||
	     !details[t] || strcmp(kd, details[t]) != 0))
		return aisec_error_set(err, AISEC_ERR_VERIFY,
				       "bundle: field "
				       "'verificationMaterial.publicKey."
				       "keyDetails': '%s' does not fit the "
				       "given %s key", kd ? kd : "",
				       aisec_key_type_name(t));
	aisec_buf_init(&bytes, 0);
	aisec_buf_init(&mine, 0);
	if (lin_b64_decode_any(raw, strlen(raw), &bytes) == 0 && bytes.len) {
		BIO *bio = BIO_new_mem_buf(bytes.data, (int)bytes.len);
		const unsigned char *p = (const unsigned char *)bytes.data;

		pk = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;
		BIO_free(bio);
		if (!pk)
			pk = d2i_PUBKEY(NULL, &p, (long)bytes.len);
	}
	if (pk)
		n = i2d_PUBKEY(pk, &der);
	rc = aisec_key_public_der(key, &mine);
	if (rc)
		rc = aisec_error_set(err, rc, "out of memory");
	else if (n <= 0)
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "bundle: field "
				     "'verificationMaterial.publicKey.rawBytes':"
				     " not a public key (PEM or DER)");
	else if ((size_t)n != mine.len || memcmp(der, mine.data, mine.len) != 0)
		rc = aisec_error_set(err, AISEC_ERR_VERIFY,
				     "bundle: the key in "
				     "'verificationMaterial.publicKey.rawBytes'"
				     " is not the given public key");
	OPENSSL_free(der);
	EVP_PKEY_free(pk);
	aisec_buf_release(&bytes);
	aisec_buf_release(&mine);
	return rc;
}

/*
 * A key hint (hex SHA-256 of the PEM public key) must name the given key;
 * an older bundle's raw key must be it (then a notice, as the reference
 * verifier warns).
 */
static int check_hint(json_t *vm, const struct aisec_key *key,
		      struct aisec_buf *notices, struct aisec_error *err)
{
	json_t *pkj = json_object_get(vm, "publicKey");
	const char *hint = json_string_value(json_object_get(pkj, "hint"));
	const char *raw = json_string_value(json_object_get(pkj, "rawBytes"));
	struct aisec_buf pem;
	uint8_t md[AISEC_SHA256_LEN];
	char hex[2 * AISEC_SHA256_LEN + 1];
	int rc;

	if (!pkj)
		return 0;
	if (!hint && !raw)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "bundle: field "
				       "'verificationMaterial.publicKey': needs "
				       "hint or rawBytes");
	if (!hint) {
		rc = check_raw_key(pkj, raw, key, err);
		if (!rc && notices)
			rc = aisec_buf_adds(notices,
					    "bundle uses the older verification "
					    "material (publicKey.rawBytes and "
					    "keyDetails, model_signing 1.0.x) "
					    "instead of a key hint; re-sign to "
					    "update it\n");
		return rc;
	}
	aisec_buf_init(&pem, 0);
	if (aisec_key_public_pem(key, &pem) != 0) {
		aisec_buf_release(&pem);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	EVP_Digest(pem.data, pem.len, md, NULL, EVP_sha256(), NULL);
	aisec_buf_release(&pem);
	lin_hex(md, sizeof(md), hex);
	if (strcmp(hex, hint) != 0)
		return aisec_error_set(err, AISEC_ERR_VERIFY,
				       "bundle: public key hint '%s' does not "
				       "name the given key (%s)", hint, hex);
	return 0;
}

/* The key to verify with: the given one, checked against a certificate chain's leaf. */
static int bundle_key(json_t *vm, const struct aisec_key *key,
		      struct aisec_error *err)
{
	json_t *chain = json_object_get(json_object_get(vm, "x509CertificateChain"),
					"certificates");
	const char *raw;
	struct aisec_buf der, mine, theirs;
	const unsigned char *p;
	X509 *x = NULL;
	EVP_PKEY *pk;
	int rc = AISEC_ERR_VERIFY;

	if (json_is_object(json_object_get(vm, "publicKey")))
		return 0;
	if (json_object_get(vm, "certificate")) {
		if (json_array_size(json_object_get(vm, "tlogEntries")) == 0)
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "bundle: sigstore certificate "
					       "without tlogEntries");
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "bundle: keyless sigstore bundles are "
				       "verified against Fulcio and Rekor, "
				       "not a public key; use `model_signing "
				       "verify sigstore`");
	}
	raw = json_string_value(json_object_get(json_array_get(chain, 0),
						"rawBytes"));
	if (!raw)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "bundle: field 'verificationMaterial': "
				       "needs publicKey or x509CertificateChain");
	aisec_buf_init(&der, 0);
	aisec_buf_init(&mine, 0);
	aisec_buf_init(&theirs, 0);
	if (lin_b64_decode_any(raw, strlen(raw), &der) != 0 ||
	    (p = (const unsigned char *)der.data,
	     !(x = d2i_X509(NULL, &p, (long)der.len)))) {
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "bundle: leaf certificate is not DER X.509");
		goto out;
	}
	pk = X509_get0_pubkey(x);
	{
		unsigned char *d = NULL;
		int n = pk ? i2d_PUBKEY(pk, &d) : 0;

		if (n > 0)
			aisec_buf_add(&theirs, d, (size_t)n);
		OPENSSL_free(d);
	}
	aisec_key_public_der(key, &mine);
	if (!theirs.len || mine.len != theirs.len ||
	    memcmp(mine.data, theirs.data, mine.len) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_VERIFY,
				     "bundle: the leaf certificate's key is not "
				     "the given public key");
		goto out;
	}
	rc = 0;
out:
	X509_free(x);
	aisec_buf_release(&der);
	aisec_buf_release(&mine);
	aisec_buf_release(&theirs);
	return rc;
}

/*
 * A resource's algorithm: "sha256" (the spec), or in shard mode the
 * library's "sha256-sharded-N" with N the bundle's shard_size.
 */
static bool algorithm_ok(const char *al, uint64_t shard)
{
	char want[48];

	if (strcmp(al, "sha256") == 0)
		return true;
	if (!shard)
		return false;
	snprintf(want, sizeof(want), "sha256-sharded-%llu",
		 (unsigned long long)shard);
	return strcmp(al, want) == 0;
}

/* Parse the verified statement's predicate into resources and settings. */
static int read_predicate(json_t *st, struct oms_res **out, size_t *nout,
			  uint64_t *shard, bool *symlinks, json_t **ignores,
			  struct aisec_error *err)
{
	json_t *pred = json_object_get(st, "predicate");
	json_t *res = json_object_get(pred, "resources");
	json_t *ser = json_object_get(pred, "serialization");
	const char *method = json_string_value(json_object_get(ser, "method"));
	const char *ht = json_string_value(json_object_get(ser, "hash_type"));
	json_t *ss = json_object_get(ser, "shard_size");
	struct oms_res *r;
	size_t n = json_array_size(res);

	if (!json_is_array(res) || !method || !ht)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "statement: predicate needs resources "
				       "and serialization.method/hash_type");
	if (strcmp(ht, "sha256") != 0)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "statement: hash_type '%s': aisec "
				       "verifies sha256 bundles only", ht);
	*shard = 0;
	if (strcmp(method, "shards") == 0) {
		double v = json_number_value(ss);

		if (!json_is_number(ss) || v < 1 || v > 1e18 ||
		    v != (double)(uint64_t)v)
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "statement: bad shard_size");
		*shard = (uint64_t)v;
	} else if (strcmp(method, "files") != 0) {
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "statement: unknown method '%s'", method);
	}
	*symlinks = json_is_true(json_object_get(ser, "allow_symlinks"));
	*ignores = json_object_get(ser, "ignore_paths");
	r = calloc(n + 1, sizeof(*r));
	if (!r)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(res, i);
		const char *nm = json_string_value(json_object_get(e, "name"));
		const char *dg = json_string_value(json_object_get(e, "digest"));
		const char *al = json_string_value(json_object_get(e, "algorithm"));
		uint8_t md[AISEC_SHA256_LEN];

		if (!nm || lin_unhex32(dg, md) != 0 || !al) {
			res_free(r, i);
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "statement: field "
					       "'predicate.resources[%zu]': "
					       "needs name, sha256 digest", i);
		}
		if (!algorithm_ok(al, *shard)) {
			res_free(r, i);
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "statement: field "
					       "'predicate.resources[%zu]."
					       "algorithm': '%s' is not sha256%s",
					       i, al, *shard ? " or sha256-sharded-"
							       "<shard_size>" : "");
		}
		r[i].name = strdup(nm);
		memcpy(r[i].digest, dg, sizeof(r[i].digest));
		if (!r[i].name) {
			res_free(r, i);
			return aisec_error_set(err, AISEC_ERR_NOMEM,
					       "out of memory");
		}
	}
	*out = r;
	*nout = n;
	return 0;
}

/* Compare the signed resources with the model on disk. */
static int compare(struct oms_res *want, size_t nw, struct oms_res *have,
		   size_t nh, bool ignore_unsigned, struct aisec_error *err)
{
	qsort(want, nw, sizeof(*want), res_cmp);
	for (size_t i = 1; i < nw; i++)
		if (strcmp(want[i - 1].name, want[i].name) == 0)
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "statement: resource '%s' "
					       "listed twice", want[i].name);
	for (size_t i = 0; i < nh; i++) {
		struct oms_res *w = bsearch(&have[i], want, nw, sizeof(*want),
					    res_cmp);

		if (!w) {
			if (ignore_unsigned)
				continue;
			return aisec_error_set(err, AISEC_ERR_VERIFY,
					       "model: file '%s' is not in the "
					       "signature (added)", have[i].name);
		}
		if (strcmp(w->digest, have[i].digest) != 0)
			return aisec_error_set(err, AISEC_ERR_VERIFY,
					       "model: '%s': digest mismatch "
					       "(signed %s, found %s)",
					       have[i].name, w->digest,
					       have[i].digest);
		w->digest[0] = '\0'; /* seen */
	}
	for (size_t i = 0; i < nw; i++)
		if (want[i].digest[0])
			return aisec_error_set(err, AISEC_ERR_VERIFY,
					       "model: '%s' is signed but "
					       "missing", want[i].name);
	return 0;
}

int aisec_oms_verify(const char *path, const char *bundle, size_t len,
		     const struct aisec_key *key,
		     const struct aisec_oms_opts *o, struct aisec_error *err)
{
	struct aisec_oms_opts none = {0};
	json_t *b, *vm, *envj, *st = NULL, *ignores = NULL;
	struct aisec_dsse *env = NULL;
	struct aisec_manifest *m = NULL;
	struct oms_res *want = NULL, *have = NULL;
	size_t nw = 0, nh = 0, nign = 0;
	struct aisec_key *const keys[1] = {(struct aisec_key *)key};
	const char **ign = NULL;
	struct aisec_buf sigign;
	uint64_t shard = 0;
	bool symlinks = false;
	char *envtext = NULL;
	const char *mt, *pt;
	uint8_t root[AISEC_SHA256_LEN];
	char hex[2 * AISEC_SHA256_LEN + 1];
	int rc = AISEC_ERR_INVALID;

	if (!o)
		o = &none;
	aisec_buf_init(&sigign, 0);
	/* parse errors name the bundle's file when the caller gave it */
	b = lin_json_parse(o->signature ? o->signature : "bundle", bundle, len, err);
	if (!b)
		return AISEC_ERR_PARSE;
	mt = json_string_value(json_object_get(b, "mediaType"));
	vm = json_object_get(b, "verificationMaterial");
	envj = json_object_get(b, "dsseEnvelope");
	if (!mt) {
		aisec_error_set(err, rc, "bundle: field 'mediaType': missing");
		goto out;
	}
	if (!json_is_object(vm)) {
		aisec_error_set(err, rc, "bundle: field "
				"'verificationMaterial': missing");
		goto out;
	}
	if (!json_is_object(envj)) {
		aisec_error_set(err, rc, "bundle: field 'dsseEnvelope': missing");
		goto out;
	}
	rc = check_structure(b, mt, err);
	if (!rc)
		rc = check_hint(vm, key, o->notices, err);
	if (!rc)
		rc = bundle_key(vm, key, err);
	if (rc)
		goto out;
	envtext = json_dumps(envj, JSON_COMPACT);
	rc = envtext ? aisec_dsse_parse("bundle", envtext, strlen(envtext),
					&env, err)
		     : aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if (rc)
		goto out;
	if (strcmp(env->payload_type, LIN_PAYLOAD_INTOTO) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "bundle: payloadType '%s' is not "
				     "application/vnd.in-toto+json",
				     env->payload_type);
		goto out;
	}
	if (aisec_dsse_verify(env, keys, 1, NULL) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_VERIFY,
				     "bundle: signature does not verify with "
				     "the given public key");
		goto out;
	}
	/* from here on the payload is authenticated */
	st = lin_json_parse("statement", (const char *)env->payload,
			    env->payload_len, err);
	if (!st) {
		rc = AISEC_ERR_PARSE;
		goto out;
	}
	pt = json_string_value(json_object_get(st, "predicateType"));
	if (!pt || strcmp(pt, OMS_PREDICATE) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "statement: predicateType '%s' is not "
				     "%s", pt ? pt : "", OMS_PREDICATE);
		goto out;
	}
	rc = read_predicate(st, &want, &nw, &shard, &symlinks, &ignores, err);
	if (rc)
		goto out;
	if (root_of(want, nw, root) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	lin_hex(root, sizeof(root), hex);
	if (json_array_size(json_object_get(st, "subject")) != 1 ||
	    !json_string_value(json_object_get(json_object_get(json_array_get(
			json_object_get(st, "subject"), 0), "digest"), "sha256")) ||
	    strcmp(hex, json_string_value(json_object_get(
			json_object_get(json_array_get(json_object_get(st, "subject"),
						       0), "digest"),
			"sha256"))) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_VERIFY,
				     "statement: subject digest does not match "
				     "the resources");
		goto out;
	}
	rc = build_ignores(path, o->signature ? o->signature : "model.sig",
			   o->ignore, o->nignore, ignores, &sigign, &ign, &nign);
	if (rc) {
		aisec_error_set(err, rc, "out of memory");
		goto out;
	}
	rc = model_manifest(path, ign, nign, shard, o->jobs, symlinks, &m, err);
	if (!rc && manifest_resources(m, &have, &nh) != 0)
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if (!rc)
		rc = compare(want, nw, have, nh, o->ignore_unsigned, err);
out:
	free(envtext);
	free(ign);
	res_free(want, nw);
	res_free(have, nh);
	aisec_manifest_free(m);
	aisec_dsse_free(env);
	aisec_buf_release(&sigign);
	json_decref(st);
	json_decref(b);
	return rc;
}
