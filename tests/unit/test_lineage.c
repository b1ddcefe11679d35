/*
 * test_lineage.c - keys, DSSE (PAE and the reference-doc ECDSA vector),
 * path order, manifests and the OMS root digest, shards, manifest diffs,
 * OpenSSF Model Signing against the reference vector (every byte of the
 * bundle and the model flipped must fail), provenance records and the
 * one-call verification used by the assessment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "aisec/lineage.h"
#include "core/core.h"
#include "lineage/lineage.h"

#define OMS AISEC_VECTORS_DIR "/oms"

static char tmpdir[256];

static int setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/aisec-lineage-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void read_all(const char *path, struct aisec_buf *b)
{
	aisec_buf_init(b, 0);
	assert_int_equal(aisec_file_read(path, b, NULL), 0);
}

static void test_pae(void **state)
{
	struct aisec_buf b;

	aisec_buf_init(&b, 0);
	assert_int_equal(aisec_dsse_pae("http://example.com/HelloWorld",
					"hello world", 11, &b), 0);
	assert_string_equal(b.data, "DSSEv1 29 http://example.com/HelloWorld "
				    "11 hello world");
	aisec_buf_reset(&b);
	assert_int_equal(aisec_dsse_pae("", "", 0, &b), 0);
	assert_string_equal(b.data, "DSSEv1 0  0 ");
	aisec_buf_release(&b);
}

/* The DSSE protocol.md example: ECDSA P-256, raw r||s signature. */
static void test_dsse_reference_vector(void **state)
{
	const char *x = "46950820868899156662930047687818585632848591499744"
			"589407958293238635476079160";
	const char *y = "56400783565643791630990758770095651298825148865577"
			"79369047442380624545832820";
	const char *sig = "A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAaja"
			  "bZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==";
	BIGNUM *bx = NULL, *by = NULL;
	unsigned char pub[65];
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *pkey = NULL;
	struct aisec_key *key = NULL;
	struct aisec_buf pae, raw;
	struct aisec_dsse env = {0};
	struct aisec_dsse_sig s = {0};
	struct aisec_key *keys[1];

	assert_true(BN_dec2bn(&bx, x) > 0 && BN_dec2bn(&by, y) > 0);
	pub[0] = 4;
	assert_int_equal(BN_bn2binpad(bx, pub + 1, 32), 32);
	assert_int_equal(BN_bn2binpad(by, pub + 33, 32), 32);
	OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					"prime256v1", 0);
	OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub,
					 sizeof(pub));
	params = OSSL_PARAM_BLD_to_param(bld);
	assert_int_equal(EVP_PKEY_fromdata_init(ctx), 1);
	assert_int_equal(EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY,
					   params), 1);
	assert_int_equal(aisec_key_from_evp(pkey, &key, NULL), 0);
	assert_int_equal(aisec_key_get_type(key), AISEC_KEY_ECDSA_P256);

	aisec_buf_init(&pae, 0);
	aisec_buf_init(&raw, 0);
	assert_int_equal(aisec_dsse_pae("http://example.com/HelloWorld",
					"hello world", 11, &pae), 0);
	assert_int_equal(aisec_base64_decode(sig, strlen(sig), &raw), 0);
	assert_int_equal(raw.len, 64);
	assert_int_equal(aisec_key_verify(key, pae.data, pae.len, raw.data,
					  raw.len), 0);
	/* the same through the envelope verifier */
	env.payload_type = "http://example.com/HelloWorld";
	env.payload = (uint8_t *)"hello world";
	env.payload_len = 11;
	s.sig = (uint8_t *)raw.data;
	s.siglen = raw.len;
	env.sigs = &s;
	env.nsigs = 1;
	keys[0] = key;
	assert_int_equal(aisec_dsse_verify(&env, keys, 1, NULL), 0);
	env.payload = (uint8_t *)"hello worle";
	assert_int_equal(aisec_dsse_verify(&env, keys, 1, NULL), -1);

	aisec_buf_release(&pae);
	aisec_buf_release(&raw);
	aisec_key_free(key);
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bx);
	BN_free(by);
}

static void test_keys_sign_verify(void **state)
{
	enum aisec_key_type types[] = {AISEC_KEY_ED25519, AISEC_KEY_ECDSA_P256,
				       AISEC_KEY_ECDSA_P384};

	for (size_t i = 0; i < 3; i++) {
		struct aisec_key *k = NULL, *pub = NULL, *priv = NULL;
		struct aisec_buf sig, der;
		char name[300], path[320], id1[65], id2[65], want[65];
		uint8_t md[32];
		struct stat st;

		assert_int_equal(aisec_key_generate(types[i], &k, NULL), 0);
		snprintf(name, sizeof(name), "%s/key%zu", tmpdir, i);
		assert_int_equal(aisec_key_save(k, name, NULL), 0);
		/* never overwrites */
		assert_int_equal(aisec_key_save(k, name, NULL),
				 AISEC_ERR_INVALID);
		snprintf(path, sizeof(path), "%s.key", name);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		assert_int_equal(aisec_key_load_private(path, &priv, NULL), 0);
		snprintf(path, sizeof(path), "%s.pub", name);
		assert_int_equal(aisec_key_load_public(path, &pub, NULL), 0);
		assert_false(aisec_key_has_private(pub));

		aisec_key_id(k, id1);
		aisec_key_id(pub, id2);
		assert_string_equal(id1, id2);
		aisec_buf_init(&der, 0);
		assert_int_equal(aisec_key_public_der(pub, &der), 0);
		EVP_Digest(der.data, der.len, md, NULL, EVP_sha256(), NULL);
		lin_hex(md, 32, want);
		assert_string_equal(id1, want);

		aisec_buf_init(&sig, 0);
		assert_int_equal(aisec_key_sign(priv, "message", 7, &sig, NULL), 0);
		assert_int_equal(aisec_key_verify(pub, "message", 7, sig.data,
						  sig.len), 0);
		assert_int_equal(aisec_key_verify(pub, "messagf", 7, sig.data,
						  sig.len), -1);
		sig.data[sig.len / 2] ^= 1;
		assert_int_equal(aisec_key_verify(pub, "message", 7, sig.data,
						  sig.len), -1);
		/* a public key cannot sign */
		assert_int_equal(aisec_key_sign(pub, "m", 1, &sig, NULL),
				 AISEC_ERR_USAGE);
		aisec_buf_release(&sig);
		aisec_buf_release(&der);
		aisec_key_free(k);
		aisec_key_free(pub);
		aisec_key_free(priv);
	}
}

static void test_paths(void **state)
{
	char *n;

	/* component-wise, like the reference implementation */
	assert_true(lin_path_cmp("a/b", "a.b") < 0);
	assert_true(lin_path_cmp("a", "a/b") < 0);
	assert_true(lin_path_cmp("b", "a/z") > 0);
	assert_int_equal(lin_path_cmp("x/y", "x/y"), 0);
	assert_true(lin_path_is_canonical("a/b.c"));
	assert_false(lin_path_is_canonical("./a"));
	assert_false(lin_path_is_canonical("a//b"));
	assert_false(lin_path_is_canonical("a/../b"));
	assert_false(lin_path_is_canonical("/a"));
	assert_false(lin_path_is_canonical("a/"));
	assert_false(lin_path_is_canonical("a\xff"));
	n = lin_path_normalise("./data//raw/");
	assert_string_equal(n, "data/raw");
	free(n);
	n = lin_path_normalise("./");
	assert_string_equal(n, ".");
	free(n);
}

/* The OMS root digest of the reference vector (spec Appendix A value). */
static void test_oms_root_digest(void **state)
{
	const char *ign[] = {"ignore-me", "model.sig"};
	struct aisec_digest_opts o = {0};
	struct aisec_manifest *m = NULL;
	char hex[65];

	o.ignore = ign;
	o.nignore = 2;
	o.jobs = 3;
	assert_int_equal(aisec_manifest_build(OMS "/model-v1.1.0", &o, &m, NULL),
			 0);
	assert_int_equal(m->nfiles, 2);
	assert_string_equal(m->files[0].path, "signme-1");
	lin_hex(m->files[0].sha256, 32, hex);
	assert_string_equal(hex, "bc9a717db6064a32cbe9eae6fc40651dd6d36ef1757"
				 "183f590eff2b1765d7ebc");
	lin_hex(m->digest, 32, hex);
	assert_string_equal(hex, "92745110b1ab4368471cbe31664e10174e954b113a3"
				 "df333db860317b2c6dec4");
	aisec_manifest_free(m);
}

static void test_manifest_roundtrip_and_shards(void **state)
{
	char dir[300], path[340];
	struct aisec_digest_opts o = {0};
	struct aisec_manifest *m = NULL, *p = NULL;
	struct aisec_buf json;
	char *big = malloc(10000);

	snprintf(dir, sizeof(dir), "%s/shards", tmpdir);
	assert_int_equal(mkdir(dir, 0755), 0);
	memset(big, 'x', 9999);
	big[9999] = '\0';
	snprintf(path, sizeof(path), "%s/big", dir);
	write_file(path, big);
	snprintf(path, sizeof(path), "%s/empty", dir);
	write_file(path, "");
	free(big);
	o.shard_size = 4096;
	assert_int_equal(aisec_manifest_build(dir, &o, &m, NULL), 0);
	assert_int_equal(m->nfiles, 2);
	assert_int_equal(m->files[0].nshards, 3);
	assert_int_equal(m->files[0].shards[2].start, 8192);
	assert_int_equal(m->files[0].shards[2].end, 9999);
	assert_int_equal(m->files[1].nshards, 0);
	aisec_buf_init(&json, 0);
	assert_int_equal(aisec_manifest_to_json(m, &json), 0);
	assert_int_equal(aisec_manifest_parse("m", json.data, json.len, &p,
					      NULL), 0);
	assert_memory_equal(p->digest, m->digest, 32);
	aisec_manifest_free(p);
	/* an altered digest is caught */
	{
		char *at = strstr(json.data, "\"sha256\": \"") + 11;

		*at = *at == '0' ? '1' : '0';
		assert_int_equal(aisec_manifest_parse("m", json.data, json.len,
						      &p, NULL),
				 AISEC_ERR_INTEGRITY);
	}
	aisec_buf_release(&json);
	aisec_manifest_free(m);
}

struct changes {
	int kinds[8];
	char renamed_to[64];
};

static void count_change(void *ctx, enum aisec_manifest_change c,
			 const char *path, const char *other)
{
	struct changes *ch = ctx;

	ch->kinds[c]++;
	if (other)
		snprintf(ch->renamed_to, sizeof(ch->renamed_to), "%s", other);
}

static void test_manifest_diff(void **state)
{
	char dir[300], path[340], path2[340];
	struct aisec_manifest *a = NULL, *b = NULL;
	struct changes ch;

	snprintf(dir, sizeof(dir), "%s/diff", tmpdir);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/one", dir);
	write_file(path, "1");
	snprintf(path, sizeof(path), "%s/two", dir);
	write_file(path, "2");
	snprintf(path, sizeof(path), "%s/three", dir);
	write_file(path, "3");
	assert_int_equal(aisec_manifest_build(dir, NULL, &a, NULL), 0);
	snprintf(path, sizeof(path), "%s/one", dir);
	write_file(path, "1!");                    /* modified */
	snprintf(path, sizeof(path), "%s/two", dir);
	snprintf(path2, sizeof(path2), "%s/zwei", dir);
	assert_int_equal(rename(path, path2), 0); /* renamed */
	snprintf(path, sizeof(path), "%s/three", dir);
	unlink(path);                              /* removed */
	snprintf(path, sizeof(path), "%s/four", dir);
	write_file(path, "4");                     /* added */
	assert_int_equal(aisec_manifest_build(dir, NULL, &b, NULL), 0);
	memset(&ch, 0, sizeof(ch));
	assert_int_equal(aisec_manifest_diff(a, b, count_change, &ch), 4);
	assert_int_equal(ch.kinds[AISEC_MANIFEST_MODIFIED], 1);
	assert_int_equal(ch.kinds[AISEC_MANIFEST_RENAMED], 1);
	assert_int_equal(ch.kinds[AISEC_MANIFEST_REMOVED], 1);
	assert_int_equal(ch.kinds[AISEC_MANIFEST_ADDED], 1);
	assert_string_equal(ch.renamed_to, "zwei");
	aisec_manifest_free(a);
	aisec_manifest_free(b);
}

static void test_walk_refusals(void **state)
{
	char dir[300], path[340];
	struct aisec_manifest *m = NULL;
	struct aisec_digest_opts o = {0};
	struct aisec_error err;

	snprintf(dir, sizeof(dir), "%s/walk", tmpdir);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/in", dir);
	write_file(path, "x");
	snprintf(path, sizeof(path), "%s/out-link", dir);
	assert_int_equal(symlink("/etc/hostname", path), 0);
	aisec_error_clear(&err);
	assert_int_equal(aisec_manifest_build(dir, &o, &m, &err),
			 AISEC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "points outside the root"));
	unlink(path);
	snprintf(path, sizeof(path), "%s/in-link", dir);
	assert_int_equal(symlink("in", path), 0);
	assert_int_equal(aisec_manifest_build(dir, &o, &m, &err), 0);
	assert_int_equal(m->nfiles, 2);
	aisec_manifest_free(m);
	o.refuse_symlinks = true;
	assert_int_equal(aisec_manifest_build(dir, &o, &m, &err),
			 AISEC_ERR_INVALID);
	unlink(path);
	o.refuse_symlinks = false;
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0644), 0);
	assert_int_equal(aisec_manifest_build(dir, &o, &m, &err),
			 AISEC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "not a regular file"));
	o.skip_special = true;
	assert_int_equal(aisec_manifest_build(dir, &o, &m, &err), 0);
	assert_int_equal(m->nfiles, 1);
	assert_int_equal(m->nskipped, 1);
	aisec_manifest_free(m);
}

static int oms_verify_file(const char *dir, const char *bundle_path,
			   const char *const *ign, size_t nign)
{
	struct aisec_buf b;
	struct aisec_key *k = NULL;
	struct aisec_oms_opts o = {0};
	int rc;

	read_all(bundle_path, &b);
	assert_int_equal(aisec_key_load_public(OMS "/signing-key-pub.pem", &k,
					       NULL), 0);
	o.signature = bundle_path;
	o.ignore = ign;
	o.nignore = nign;
	rc = aisec_oms_verify(dir, b.data, b.len, k, &o, NULL);
	aisec_key_free(k);
	aisec_buf_release(&b);
	return rc;
}

/* The reference vector verifies; any flipped byte of the bundle fails. */
static void test_oms_reference_bundle(void **state)
{
	struct aisec_buf b;
	struct aisec_key *k = NULL;
	struct aisec_oms_opts o = {0};
	size_t failed = 0;

	assert_int_equal(oms_verify_file(OMS "/model-v1.1.0",
					 OMS "/model-v1.1.0/model.sig", NULL, 0),
			 0);
	read_all(OMS "/model-v1.1.0/model.sig", &b);
	assert_int_equal(aisec_key_load_public(OMS "/signing-key-pub.pem", &k,
					       NULL), 0);
	o.signature = OMS "/model-v1.1.0/model.sig";
	for (size_t i = 0; i < b.len; i++) {
		b.data[i] ^= 1;
		if (aisec_oms_verify(OMS "/model-v1.1.0", b.data, b.len, k, &o,
				     NULL) != 0)
			failed++;
		else
			print_message("byte %zu flipped still verifies\n", i);
		b.data[i] ^= 1;
	}
	assert_int_equal(failed, b.len);
	aisec_key_free(k);
	aisec_buf_release(&b);
}

/* Any flipped byte of the model fails; ignore-me is ignored. */
static void test_oms_reference_model(void **state)
{
	char dir[300], cmd[700], path[340], sig[340];
	const char *files[] = {"signme-1", "signme-2"};

	snprintf(dir, sizeof(dir), "%s/model", tmpdir);
	snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s' && chmod -R u+w '%s'",
		 OMS "/model-v1.1.0", dir, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(sig, sizeof(sig), "%s/model.sig", dir);
	snprintf(path, sizeof(path), "%s/ignore-me", dir);
	write_file(path, "anything at all");
	assert_int_equal(oms_verify_file(dir, sig, NULL, 0), 0);
	for (size_t f = 0; f < 2; f++) {
		struct aisec_buf b;

		snprintf(path, sizeof(path), "%s/%s", dir, files[f]);
		read_all(path, &b);
		for (size_t i = 0; i < b.len; i++) {
			FILE *fp;

			b.data[i] ^= 0x20;
			fp = fopen(path, "wb");
			fwrite(b.data, 1, b.len, fp);
			fclose(fp);
			assert_int_equal(oms_verify_file(dir, sig, NULL, 0),
					 AISEC_ERR_VERIFY);
			b.data[i] ^= 0x20;
		}
		write_file(path, b.data);
		aisec_buf_release(&b);
	}
	assert_int_equal(oms_verify_file(dir, sig, NULL, 0), 0);
	snprintf(path, sizeof(path), "%s/extra", dir);
	write_file(path, "new file");
	assert_int_equal(oms_verify_file(dir, sig, NULL, 0), AISEC_ERR_VERIFY);
	unlink(path);
	snprintf(path, sizeof(path), "%s/signme-2", dir);
	unlink(path);
	assert_int_equal(oms_verify_file(dir, sig, NULL, 0), AISEC_ERR_VERIFY);
}

/* Spec vectors: valid key bundle verifies, invalid ones fail. */
static void test_oms_spec_vectors(void **state)
{
	const char *ign[] = {"model.sig"};
	const char *bad[] = {"invalid/empty", "invalid/missing-envelope",
			     "invalid/missing-tlog-entries",
			     "invalid/missing-verification-material",
			     "invalid-payload/wrong-predicate"};
	char path[400];

	assert_int_equal(oms_verify_file(OMS "/model-v1.1.0",
					 OMS "/spec/test-vectors/v1.0/valid/"
					     "key.bundle.json",
					 ign, 1), 0);
	assert_int_equal(oms_verify_file(OMS "/model-v1.1.0",
					 OMS "/spec/test-vectors/v1.0/valid/"
					     "certificate.bundle.json",
					 ign, 1), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path),
			 OMS "/spec/test-vectors/v1.0/%s.bundle.json", bad[i]);
		assert_int_not_equal(oms_verify_file(OMS "/model-v1.1.0", path,
						     ign, 1), 0);
	}
}

/* The statement (decoded DSSE payload) of an OMS bundle. */
static json_t *bundle_statement(const char *bundle, size_t len)
{
	json_t *j = json_loadb(bundle, len, 0, NULL), *st;
	const char *payload = json_string_value(json_object_get(
		json_object_get(j, "dsseEnvelope"), "payload"));
	struct aisec_buf raw;

	assert_non_null(payload);
	aisec_buf_init(&raw, 0);
	assert_int_equal(aisec_base64_decode(payload, strlen(payload), &raw), 0);
	st = json_loadb(raw.data, raw.len, 0, NULL);
	assert_non_null(st);
	aisec_buf_release(&raw);
	json_decref(j);
	return st;
}

/*
 * The shard bundle written by the model_signing library's own code
 * verifies; one flipped byte of it, or of a model file, fails; and our
 * shard-mode signature over the same model lists exactly the library's
 * resources (name, algorithm "sha256-sharded-4096", digest), which its
 * verifier compares.
 */
static void test_oms_shard_vector(void **state)
{
	struct aisec_buf b, ours;
	struct aisec_key *k = NULL, *mine = NULL;
	struct aisec_oms_opts o = {0};
	char dir[300], cmd[700], path[340];
	json_t *theirs, *st;
	size_t failed = 0;

	(void)state;
	read_all(OMS "/model-shards.sig", &b);
	assert_int_equal(aisec_key_load_public(OMS "/model-shards-pub.pem", &k, NULL), 0);
	o.signature = OMS "/model-shards.sig";
	assert_int_equal(aisec_oms_verify(OMS "/model-shards", b.data, b.len, k, &o, NULL), 0);
	for (size_t i = 0; i < b.len; i++) {
		b.data[i] ^= 1;
		if (aisec_oms_verify(OMS "/model-shards", b.data, b.len, k, &o, NULL) != 0)
			failed++;
		else
			print_message("byte %zu flipped still verifies\n", i);
		b.data[i] ^= 1;
	}
	assert_int_equal(failed, b.len);

	/* one byte of the model changed */
	snprintf(dir, sizeof(dir), "%s/model-shards-copy", tmpdir);
	snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s' && chmod -R u+w '%s'",
		 OMS "/model-shards", dir, dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(aisec_oms_verify(dir, b.data, b.len, k, &o, NULL), 0);
	snprintf(cmd, sizeof(cmd),
		 "printf x | dd of='%s/weights.bin' bs=1 seek=5000 conv=notrunc 2>/dev/null",
		 dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(aisec_oms_verify(dir, b.data, b.len, k, &o, NULL),
			 AISEC_ERR_VERIFY);

	/* what we sign in shard mode is what the library signs */
	assert_int_equal(aisec_key_generate(AISEC_KEY_ECDSA_P256, &mine, NULL), 0);
	aisec_buf_init(&ours, 0);
	o.shard_size = 4096;
	snprintf(path, sizeof(path), "%s/elsewhere.sig", tmpdir);
	o.signature = path;
	assert_int_equal(aisec_oms_sign(OMS "/model-shards", mine, &o, &ours, NULL), 0);
	theirs = bundle_statement(b.data, b.len);
	st = bundle_statement(ours.data, ours.len);
	{
		json_t *rt = json_object_get(json_object_get(theirs, "predicate"), "resources");
		json_t *ro = json_object_get(json_object_get(st, "predicate"), "resources");

		assert_int_equal(json_array_size(rt), json_array_size(ro));
		for (size_t i = 0; i < json_array_size(rt); i++)
			assert_true(json_equal(json_array_get(rt, i), json_array_get(ro, i)));
		/* the same root digest (the names differ: the folder's name) */
		assert_true(json_equal(
			json_object_get(json_array_get(json_object_get(theirs, "subject"), 0), "digest"),
			json_object_get(json_array_get(json_object_get(st, "subject"), 0), "digest")));
	}
	/* a shard algorithm naming another shard size is refused */
	o.shard_size = 0;
	o.signature = OMS "/model-shards.sig";
	{
		json_t *j = json_loadb(b.data, b.len, 0, NULL);
		struct aisec_buf text, env, out, pem, b64;
		struct aisec_error err;

		json_object_set_new(json_array_get(json_object_get(json_object_get(st, "predicate"),
								   "resources"), 0),
				    "algorithm", json_string("sha256-sharded-8192"));
		aisec_buf_init(&text, 0);
		aisec_buf_init(&env, 0);
		aisec_buf_init(&out, 0);
		lin_json_dump(st, JSON_COMPACT, &text);
		assert_int_equal(aisec_dsse_sign(LIN_PAYLOAD_INTOTO, text.data, text.len, mine,
						 &env, NULL), 0);
		json_object_set_new(j, "dsseEnvelope", json_loads(env.data, 0, NULL));
		json_object_set_new(json_array_get(json_object_get(json_object_get(j, "dsseEnvelope"),
								   "signatures"), 0),
				    "keyid", json_string(""));
		aisec_buf_init(&pem, 0);
		aisec_buf_init(&b64, 0);
		assert_int_equal(aisec_key_public_pem(mine, &pem), 0);
		assert_int_equal(aisec_base64_encode((const uint8_t *)pem.data, pem.len, &b64), 0);
		json_object_set_new(json_object_get(j, "verificationMaterial"), "publicKey",
				    json_pack("{s:s}", "rawBytes", b64.data));
		lin_json_dump(j, JSON_COMPACT, &out);
		aisec_error_clear(&err);
		assert_int_equal(aisec_oms_verify(OMS "/model-shards", out.data, out.len, mine, &o,
						  &err), AISEC_ERR_INVALID);
		assert_non_null(strstr(err.msg, "sha256-sharded-8192"));
		json_decref(j);
		aisec_buf_release(&text);
		aisec_buf_release(&env);
		aisec_buf_release(&out);
		aisec_buf_release(&pem);
		aisec_buf_release(&b64);
	}
	json_decref(theirs);
	json_decref(st);
	aisec_buf_release(&ours);
	aisec_buf_release(&b);
	aisec_key_free(k);
	aisec_key_free(mine);
}

/* A bundle in model_signing 1.0.x's form (publicKey.rawBytes + keyDetails). */
static int oms_verify_legacy(const char *raw_pem_path, const char *details,
			     struct aisec_buf *notices)
{
	struct aisec_buf b, pem, b64, out;
	struct aisec_key *k = NULL;
	struct aisec_oms_opts o = {0};
	json_t *j, *pk;
	int rc;

	read_all(OMS "/model-v1.1.0/model.sig", &b);
	read_all(raw_pem_path, &pem);
	aisec_buf_init(&b64, 0);
	aisec_buf_init(&out, 0);
	assert_int_equal(aisec_base64_encode((const uint8_t *)pem.data, pem.len, &b64), 0);
	j = json_loadb(b.data, b.len, 0, NULL);
	pk = json_pack("{s:s}", "rawBytes", b64.data);
	if (details)
		json_object_set_new(pk, "keyDetails", json_string(details));
	json_object_set_new(json_object_get(j, "verificationMaterial"), "publicKey", pk);
	lin_json_dump(j, JSON_INDENT(2), &out);
	assert_int_equal(aisec_key_load_public(OMS "/signing-key-pub.pem", &k, NULL), 0);
	o.signature = OMS "/model-v1.1.0/model.sig";
	o.ignore = (const char *const[]){"ignore-me"};
	o.nignore = 1;
	o.notices = notices;
	rc = aisec_oms_verify(OMS "/model-v1.1.0", out.data, out.len, k, &o, NULL);
	json_decref(j);
	aisec_key_free(k);
	aisec_buf_release(&b);
	aisec_buf_release(&pem);
	aisec_buf_release(&b64);
	aisec_buf_release(&out);
	return rc;
}

static void test_oms_legacy_key_material(void **state)
{
	struct aisec_buf notices;

	(void)state;
	aisec_buf_init(&notices, 0);
	assert_int_equal(oms_verify_legacy(OMS "/signing-key-pub.pem", "PKIX_ECDSA_P384_SHA_384",
					   &notices), 0);
	assert_non_null(strstr(notices.data, "older verification material"));
	assert_int_equal(oms_verify_legacy(OMS "/signing-key-pub.pem", NULL, NULL), 0);
	/* the raw key is another key, or keyDetails names another curve */
	assert_int_equal(oms_verify_legacy(OMS "/model-shards-pub.pem", NULL, NULL),
			 AISEC_ERR_VERIFY);
	assert_int_equal(oms_verify_legacy(OMS "/signing-key-pub.pem", "PKIX_ECDSA_P256_SHA_256",
					   NULL), AISEC_ERR_VERIFY);
	assert_int_equal(oms_verify_legacy(OMS "/model-v1.1.0/signme-1", NULL, NULL),
			 AISEC_ERR_INVALID);
	aisec_buf_release(&notices);
}

static void test_oms_sign_roundtrip(void **state)
{
	char dir[300], path[340];
	struct aisec_key *k = NULL, *ed = NULL;
	struct aisec_buf b, env;
	struct aisec_oms_opts o = {0};
	struct aisec_error err;
	json_t *j, *st;
	char *payload;

	snprintf(dir, sizeof(dir), "%s/mymodel", tmpdir);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/weights.bin", dir);
	write_file(path, "weights");
	snprintf(path, sizeof(path), "%s/config.json", dir);
	write_file(path, "{}");
	snprintf(path, sizeof(path), "%s/model.sig", dir);
	o.signature = path;
	assert_int_equal(aisec_key_generate(AISEC_KEY_ECDSA_P256, &k, NULL), 0);
	assert_int_equal(aisec_key_generate(AISEC_KEY_ED25519, &ed, NULL), 0);
	aisec_buf_init(&b, 0);
	assert_int_equal(aisec_oms_sign(dir, ed, &o, &b, NULL),
			 AISEC_ERR_INVALID);
	assert_int_equal(aisec_oms_sign(dir, k, &o, &b, NULL), 0);
	write_file(path, b.data);
	assert_int_equal(aisec_oms_verify(dir, b.data, b.len, k, &o, NULL), 0);
	/* a bundle that is not JSON: the error names its file */
	{
		struct aisec_error e;

		assert_int_equal(aisec_oms_verify(dir, "9x", 2, k, &o, &e), AISEC_ERR_PARSE);
		assert_non_null(strstr(e.msg, "model.sig' line 1 column 1: "));
	}
	/* sharded */
	aisec_buf_reset(&b);
	o.shard_size = 3;
	assert_int_equal(aisec_oms_sign(dir, k, &o, &b, NULL), 0);
	o.shard_size = 0;
	assert_int_equal(aisec_oms_verify(dir, b.data, b.len, k, &o, NULL), 0);
	/* a correctly signed statement with a foreign predicate is refused */
	j = json_loadb(b.data, b.len, 0, NULL);
	payload = (char *)json_string_value(json_object_get(
		json_object_get(j, "dsseEnvelope"), "payload"));
	{
		struct aisec_buf raw, text;

		aisec_buf_init(&raw, 0);
		aisec_buf_init(&text, 0);
		assert_int_equal(aisec_base64_decode(payload, strlen(payload),
						     &raw), 0);
		st = json_loads(raw.data, 0, NULL);
		assert_int_equal(json_integer_value(json_object_get(json_object_get(
			json_object_get(st, "predicate"), "serialization"),
			"shard_size")), 3);
		/* the library's name for shard digests (its verifier compares it) */
		assert_string_equal(json_string_value(json_object_get(json_array_get(
			json_object_get(json_object_get(st, "predicate"), "resources"), 0),
			"algorithm")), "sha256-sharded-3");
		json_object_set_new(st, "predicateType",
				    json_string("https://example.com/wrong"));
		lin_json_dump(st, JSON_COMPACT, &text);
		aisec_buf_init(&env, 0);
		assert_int_equal(aisec_dsse_sign(LIN_PAYLOAD_INTOTO, text.data,
						 text.len, k, &env, NULL), 0);
		json_object_set_new(j, "dsseEnvelope",
				    json_loads(env.data, 0, NULL));
		json_object_set_new(json_array_get(json_object_get(
			json_object_get(j, "dsseEnvelope"), "signatures"), 0),
			"keyid", json_string(""));
		aisec_buf_reset(&b);
		lin_json_dump(j, JSON_COMPACT, &b);
		aisec_error_clear(&err);
		assert_int_equal(aisec_oms_verify(dir, b.data, b.len, k, &o,
						  &err), AISEC_ERR_INVALID);
		assert_non_null(strstr(err.msg, "predicateType"));
		json_decref(st);
		aisec_buf_release(&raw);
		aisec_buf_release(&text);
		aisec_buf_release(&env);
	}
	json_decref(j);
	aisec_buf_release(&b);
	aisec_key_free(k);
	aisec_key_free(ed);
}

/* A recorded chain verifies; tampering breaks it; no record is missing. */
static void test_record_and_verify_artefact(void **state)
{
	char old[512], keyname[300], pubpath[320], keypath[320];
	struct aisec_key *k = NULL;
	struct aisec_lineage_step step = {0};
	const char *in[] = {"raw"}, *out[] = {"model.bin"};
	const char *keys[1];
	struct aisec_lineage_param params[] = {{"epochs", "3"}};
	struct aisec_buf reasons;
	struct aisec_error err;

	assert_non_null(getcwd(old, sizeof(old)));
	assert_int_equal(chdir(tmpdir), 0);
	assert_int_equal(mkdir("raw", 0755), 0);
	write_file("raw/a.csv", "1,2\n");
	write_file("model.bin", "model");
	snprintf(keyname, sizeof(keyname), "%s/signer", tmpdir);
	assert_int_equal(aisec_key_generate(AISEC_KEY_ED25519, &k, NULL), 0);
	assert_int_equal(aisec_key_save(k, keyname, NULL), 0);
	snprintf(pubpath, sizeof(pubpath), "%s.pub", keyname);
	snprintf(keypath, sizeof(keypath), "%s.key", keyname);
	keys[0] = pubpath;
	step.name = "train";
	step.inputs = in;
	step.ninputs = 1;
	step.outputs = out;
	step.noutputs = 1;
	step.params = params;
	step.nparams = 1;
	aisec_error_clear(&err);
	aisec_buf_init(&reasons, 0);
	assert_int_equal(aisec_lineage_verify_artefact("store", NULL, "model.bin",
						       keys, 1, &reasons, &err),
			 AISEC_LINEAGE_MISSING);
	assert_int_equal(aisec_lineage_record("store", &step, k, NULL, NULL,
					      &err), 0);
	aisec_buf_reset(&reasons);
	assert_int_equal(aisec_lineage_verify_artefact("store", NULL, "model.bin",
						       keys, 1, &reasons, &err),
			 AISEC_LINEAGE_VERIFIED);
	assert_int_equal(reasons.len, 0);
	write_file("raw/a.csv", "1,3\n");
	assert_int_equal(aisec_lineage_verify_artefact("store", NULL, "model.bin",
						       keys, 1, &reasons, &err),
			 AISEC_LINEAGE_BROKEN);
	assert_non_null(strstr(reasons.data, "file 'a.csv' was modified"));
	aisec_buf_reset(&reasons);
	assert_int_equal(aisec_lineage_verify_artefact("store", NULL, "absent.bin",
						       keys, 1, &reasons, &err),
			 AISEC_LINEAGE_MISSING);
	keys[0] = "no-such-key.pub";
	assert_int_equal(aisec_lineage_verify_artefact("store", NULL, "model.bin",
						       keys, 1, &reasons, &err),
			 AISEC_ERR_NOTFOUND);
	aisec_buf_release(&reasons);
	aisec_key_free(k);
	assert_int_equal(chdir(old), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pae),
		cmocka_unit_test(test_dsse_reference_vector),
		cmocka_unit_test(test_keys_sign_verify),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_oms_root_digest),
		cmocka_unit_test(test_manifest_roundtrip_and_shards),
		cmocka_unit_test(test_manifest_diff),
		cmocka_unit_test(test_walk_refusals),
		cmocka_unit_test(test_oms_reference_bundle),
		cmocka_unit_test(test_oms_reference_model),
		cmocka_unit_test(test_oms_spec_vectors),
		cmocka_unit_test(test_oms_sign_roundtrip),
		cmocka_unit_test(test_oms_shard_vector),
		cmocka_unit_test(test_oms_legacy_key_material),
		cmocka_unit_test(test_record_and_verify_artefact),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
