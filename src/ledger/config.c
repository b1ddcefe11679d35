/*
 * config.c - ledger.json, the ledger's fixed settings written once by
 * aisec_ledger_create(): format, origin, the checkpoint signer's verifier
 * key and whether payloads are encrypted (with a check value of the key so
 * a wrong key is refused before it writes anything).  Also the list of
 * stored checkpoints.
 */
#include <dirent.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "core/core.h"
#include "ledger/ledger_int.h"

static int copy_str(json_t *o, const char *key, char *dst, size_t cap,
		    bool required, struct aisec_error *err)
{
	json_t *v = json_object_get(o, key);

	if (!v || json_is_null(v)) {
		dst[0] = '\0';
		return required ? aisec_error_set(err, AISEC_ERR_INVALID,
						  "field '%s': missing", key) : 0;
	}
	if (!json_is_string(v) || json_string_length(v) >= cap)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "field '%s': want a string shorter than %zu",
				       key, cap);
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

int lg_config_parse(const char *name, const char *text, size_t len, struct lg_config *cfg,
		    struct aisec_error *err)
{
	json_t *root, *enc;
	json_error_t jerr;
	int rc = 0;

	memset(cfg, 0, sizeof(*cfg));
	root = json_loadb(text, len, 0, &jerr);
	if (!root || !json_is_object(root)) {
		rc = aisec_error_set(err, AISEC_ERR_PARSE, "'%s' line %d: %s", name, jerr.line,
				     root ? "not an object" : jerr.text);
		goto out;
	}
	if (!json_is_string(json_object_get(root, "format")) ||
	    strcmp(json_string_value(json_object_get(root, "format")), LG_FORMAT) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "'%s': field 'format': want '" LG_FORMAT "'", name);
		goto out;
	}
	rc = copy_str(root, "origin", cfg->origin, sizeof(cfg->origin), true, err);
	if (!rc)
		rc = copy_str(root, "vkey", cfg->vkey, sizeof(cfg->vkey), false, err);
	enc = json_object_get(root, "encryption");
	if (!rc && enc && !json_is_null(enc)) {
		cfg->encrypted = true;
		if (!json_is_object(enc) ||
		    !json_is_string(json_object_get(enc, "alg")) ||
		    strcmp(json_string_value(json_object_get(enc, "alg")), "aes-256-gcm") != 0)
			rc = aisec_error_set(err, AISEC_ERR_INVALID,
					     "field 'encryption.alg': want 'aes-256-gcm'");
		if (!rc)
			rc = copy_str(enc, "key_check", cfg->key_check,
				      sizeof(cfg->key_check), true, err);
	}
	if (rc)
		aisec_error_prefix(err, "'%s'", name);
out:
	json_decref(root);
	return rc;
}

int lg_config_read(const char *dir, struct lg_config *cfg, struct aisec_error *err)
{
	struct aisec_buf path, text;
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	aisec_buf_init(&path, 0);
	aisec_buf_init(&text, 0);
	rc = aisec_buf_addf(&path, "%s/" LG_FILE_CONFIG, dir);
	if (!rc)
		rc = aisec_file_read_small(path.data, &text, err);
	if (!rc)
		rc = lg_config_parse(path.data, text.data, text.len, cfg, err);
	aisec_buf_release(&path);
	aisec_buf_release(&text);
	return rc;
}

int lg_config_write(const char *dir, const struct lg_config *cfg, unsigned mode,
		    struct aisec_error *err)
{
	struct aisec_buf path;
	json_t *root;
	char *text = NULL;
	int rc = AISEC_ERR_NOMEM;

	aisec_buf_init(&path, 0);
	root = json_pack("{s:s, s:s, s:s?, s:o}", "format", LG_FORMAT, "origin",
			 cfg->origin, "vkey", cfg->vkey[0] ? cfg->vkey : NULL,
			 "encryption",
			 cfg->encrypted ? json_pack("{s:s, s:s}", "alg", "aes-256-gcm",
						    "key_check", cfg->key_check)
					: json_null());
	if (root)
		text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text || aisec_buf_addf(&path, "%s/" LG_FILE_CONFIG, dir) != 0) {
		rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = aisec_file_write_atomic(path.data, text, strlen(text), mode, err);
out:
	free(text);
	json_decref(root);
	aisec_buf_release(&path);
	return rc;
}

void lg_key_check(const uint8_t key[AISEC_LEDGER_AEAD_KEY_SIZE], char out[17])
{
	static const char label[] = "aisec-ledger key check";
	static const char hx[] = "0123456789abcdef";
	uint8_t in[sizeof(label) - 1 + AISEC_LEDGER_AEAD_KEY_SIZE], h[32];

	memcpy(in, label, sizeof(label) - 1);
	memcpy(in + sizeof(label) - 1, key, AISEC_LEDGER_AEAD_KEY_SIZE);
	if (EVP_Digest(in, sizeof(in), h, NULL, EVP_sha256(), NULL) != 1)
		memset(h, 0, sizeof(h));
	for (int i = 0; i < 8; i++) {
		out[2 * i] = hx[h[i] >> 4];
		out[2 * i + 1] = hx[h[i] & 15];
	}
	out[16] = '\0';
	OPENSSL_cleanse(in, sizeof(in));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int lg_checkpoint_list(const char *dir, uint64_t **sizes, size_t *n,
		       struct aisec_error *err)
{
	struct aisec_buf path;
	DIR *d;
	struct dirent *e;
	uint64_t *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc = 0;

	*sizes = NULL;
	*n = 0;
	aisec_buf_init(&path, 0);
	if (aisec_buf_addf(&path, "%s/" LG_DIR_CHECKPOINTS, dir) != 0)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	d = opendir(path.data);
	if (!d)
		goto done; /* none yet */
	while ((e = readdir(d))) {
		uint64_t s;

		if (lg_parse_u64(e->d_name, strlen(e->d_name), &s) != 0)
			continue;
		if (cnt == cap) {
			uint64_t *nv = realloc(v, (cap ? cap * 2 : 16) * sizeof(*v));

			if (!nv) {
				rc = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
				break;
			}
			v = nv;
			cap = cap ? cap * 2 : 16;
		}
		v[cnt++] = s;
	}
	closedir(d);
	if (rc) {
		free(v);
		goto out;
	}
	qsort(v, cnt, sizeof(*v), cmp_u64);
done:
	*sizes = v;
	*n = cnt;
out:
	aisec_buf_release(&path);
	return rc;
}
