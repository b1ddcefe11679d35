/*
 * note.c - signed notes (c2sp.org/signed-note v1.0.0) with Ed25519 keys in
 * the formats of golang.org/x/mod/sumdb/note: verifier keys
 * "<name>+<hex id>+<base64(0x01 || pub)>" and signer keys
 * "PRIVATE+KEY+<name>+<hex id>+<base64(0x01 || seed)>", and witness
 * cosignatures (c2sp.org/tlog-cosignature, cosignature/v1: key type 0x04,
 * signature = timestamp || Ed25519 over "cosignature/v1\ntime <t>\n" || text).
 * Ed25519 comes from OpenSSL's EVP_PKEY_ED25519 (pure Ed25519, RFC 8032).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/core.h"
#include "ledger/ledger_int.h"

#define SIG_PREFIX "\xe2\x80\x94 " /* U+2014 EM DASH and a space */
#define MAX_SIG_LINES 100

/* Length of the UTF-8 sequence at s (n bytes left), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, out of range */
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Unicode White_Space, as Go's unicode.IsSpace. */
static bool is_space(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 ||
	       c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	       c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
	       c == 0x3000;
}

static bool valid_name(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || n >= AISEC_NOTE_NAME_MAX)
		return false;
	while (i < n) {
		uint32_t c;
		size_t l = utf8_len((const unsigned char *)s + i, n - i, &c);

		if (!l || is_space(c) || c == '+' || c < 0x20 || c == 0x7f)
			return false;
		i += l;
	}
	return true;
}

static uint8_t key_type(const struct aisec_note_key *k)
{
	return k->type ? k->type : AISEC_NOTE_ED25519;
}

static uint32_t key_id(const char *name, uint8_t type, const uint8_t pub[32])
{
	uint8_t h[32];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	const uint8_t sep[2] = {'\n', type};
	uint32_t id = 0;

	if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, name, strlen(name)) == 1 &&
	    EVP_DigestUpdate(ctx, sep, 2) == 1 &&
	    EVP_DigestUpdate(ctx, pub, 32) == 1 &&
	    EVP_DigestFinal_ex(ctx, h, NULL) == 1)
		id = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
		     (uint32_t)h[2] << 8 | h[3];
	EVP_MD_CTX_free(ctx);
	return id;
}

uint32_t lg_note_key_id(const char *name, const uint8_t pub[32])
{
	return key_id(name, AISEC_NOTE_ED25519, pub);
}

bool lg_note_name_valid(const char *name)
{
	return valid_name(name, strlen(name));
}

static int pub_from_seed(struct aisec_note_key *k, struct aisec_error *err)
{
	EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL,
						    k->seed, 32);
	size_t n = 32;
	int ok;

	ok = pk && EVP_PKEY_get_raw_public_key(pk, k->pub, &n) == 1 && n == 32;
	EVP_PKEY_free(pk);
	return ok ? 0 : aisec_error_set(err, AISEC_ERR_CRYPTO,
					"cannot derive the ed25519 public key");
}

/* Split `s` at its first want-1 '+' into `want` fields (base64 may hold '+'). */
static int split_plus(const char *s, size_t n, const char **f, size_t *fl,
		      size_t want)
{
	size_t k = 0, start = 0;

	for (size_t i = 0; i < n && k + 1 < want; i++) {
		if (s[i] != '+')
			continue;
		f[k] = s + start;
		fl[k] = i - start;
		k++;
		start = i + 1;
	}
	if (k + 1 != want)
		return -1;
	f[k] = s + start;
	fl[k] = n - start;
	return 0;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
		      (*s)[*n - 1] == '\n' || (*s)[*n - 1] == '\r'))
		(*n)--;
}

/* name, hex id and base64(0x01 || 32 bytes) of a key into k; key bytes to `raw`. */
static int parse_key_fields(const char *what, const char *const *f,
			    const size_t *fl, struct aisec_note_key *k,
			    uint8_t raw[32], struct aisec_error *err)
{
	struct aisec_buf b;
	uint8_t idb[4];
	int rc = AISEC_ERR_PARSE;

	if (!valid_name(f[0], fl[0]))
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "%s: invalid key name", what);
	if (fl[1] != 8 || aisec_hex_decode(f[1], 8, idb) != 0)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "%s: key id is not 8 hex digits", what);
	aisec_buf_init(&b, 4096);
	if (aisec_base64_decode(f[2], fl[2], &b) != 0 || b.len != 33 ||
	    ((uint8_t)b.data[0] != AISEC_NOTE_ED25519 &&
	     (uint8_t)b.data[0] != AISEC_NOTE_COSIGNATURE_V1)) {
		aisec_error_set(err, AISEC_ERR_PARSE,
				"%s: key is not base64 of an ed25519 key (type 0x01 or cosignature/v1 0x04, 32 bytes)",
				what);
		goto out;
	}
	k->type = (uint8_t)b.data[0];
	memcpy(k->name, f[0], fl[0]);
	k->name[fl[0]] = '\0';
	k->id = (uint32_t)idb[0] << 24 | (uint32_t)idb[1] << 16 |
		(uint32_t)idb[2] << 8 | idb[3];
	memcpy(raw, b.data + 1, 32);
	rc = 0;
out:
	OPENSSL_cleanse(b.data, b.len);
	aisec_buf_release(&b);
	return rc;
}

int aisec_note_key_parse_vkey(const char *text, size_t len,
			      struct aisec_note_key *key, struct aisec_error *err)
{
	const char *f[3];
	size_t fl[3];
	int rc;

	memset(key, 0, sizeof(*key));
	trim(&text, &len);
	if (split_plus(text, len, f, fl, 3) != 0)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "verifier key: want <name>+<id>+<key>");
	rc = parse_key_fields("verifier key", f, fl, key, key->pub, err);
	if (rc)
		return rc;
	if (key_id(key->name, key->type, key->pub) != key->id) {
		memset(key, 0, sizeof(*key));
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "verifier key: key id does not match the key");
	}
	return 0;
}

int aisec_note_key_parse_skey(const char *text, size_t len,
			      struct aisec_note_key *key, struct aisec_error *err)
{
	const char *f[5];
	size_t fl[5];
	int rc;

	memset(key, 0, sizeof(*key));
	trim(&text, &len);
	if (split_plus(text, len, f, fl, 5) != 0 || fl[0] != 7 ||
	    memcmp(f[0], "PRIVATE", 7) != 0 || fl[1] != 3 ||
	    memcmp(f[1], "KEY", 3) != 0)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "signer key: want PRIVATE+KEY+<name>+<id>+<key>");
	rc = parse_key_fields("signer key", f + 2, fl + 2, key, key->seed, err);
	if (!rc)
		rc = pub_from_seed(key, err);
	if (!rc && key_id(key->name, key->type, key->pub) != key->id)
		rc = aisec_error_set(err, AISEC_ERR_PARSE,
				     "signer key: key id does not match the key");
	if (rc) {
		aisec_note_key_wipe(key);
		return rc;
	}
	key->has_private = true;
	return 0;
}

int aisec_note_key_generate(const char *name, struct aisec_note_key *key,
			    struct aisec_error *err)
{
	return aisec_note_key_generate_type(name, AISEC_NOTE_ED25519, key, err);
}

int aisec_note_key_generate_type(const char *name, uint8_t type,
				 struct aisec_note_key *key, struct aisec_error *err)
{
	size_t n = strlen(name);
	int rc;

	memset(key, 0, sizeof(*key));
	if (type != AISEC_NOTE_ED25519 && type != AISEC_NOTE_COSIGNATURE_V1)
		return aisec_error_set(err, AISEC_ERR_USAGE, "unknown note key type 0x%02x",
				       type);
	if (!valid_name(name, n))
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "key name '%s': must be non-empty UTF-8 without spaces or '+'",
				       name);
	if (RAND_bytes(key->seed, 32) != 1)
		return aisec_error_set(err, AISEC_ERR_CRYPTO,
				       "no random bytes for a key");
	memcpy(key->name, name, n + 1);
	rc = pub_from_seed(key, err);
	if (rc) {
		aisec_note_key_wipe(key);
		return rc;
	}
	key->type = type;
	key->id = key_id(key->name, type, key->pub);
	key->has_private = true;
	return 0;
}

static int format_key(const struct aisec_note_key *key, const char *prefix,
		      const uint8_t raw[32], struct aisec_buf *out)
{
	uint8_t blob[33];
	int rc;

	blob[0] = key_type(key);
	memcpy(blob + 1, raw, 32);
	rc = aisec_buf_addf(out, "%s%s+%08x+", prefix, key->name, key->id);
	if (!rc)
		rc = aisec_base64_encode(blob, sizeof(blob), out);
	OPENSSL_cleanse(blob, sizeof(blob));
	return rc;
}

int aisec_note_key_format_vkey(const struct aisec_note_key *key,
			       struct aisec_buf *out)
{
	return format_key(key, "", key->pub, out);
}

int aisec_note_key_format_skey(const struct aisec_note_key *key,
			       struct aisec_buf *out)
{
	if (!key->has_private)
		return AISEC_ERR_USAGE;
	return format_key(key, "PRIVATE+KEY+", key->seed, out);
}

void aisec_note_key_wipe(struct aisec_note_key *key)
{
	OPENSSL_cleanse(key, sizeof(*key));
}

/* Text rules of a note: valid UTF-8, no control characters but '\n'. */
static int check_text(const char *s, size_t n, struct aisec_error *err)
{
	size_t i = 0;
	int line = 1;

	while (i < n) {
		uint32_t c;
		size_t l = utf8_len((const unsigned char *)s + i, n - i, &c);

		if (!l)
			return aisec_error_set(err, AISEC_ERR_PARSE,
					       "note line %d: invalid UTF-8", line);
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			return aisec_error_set(err, AISEC_ERR_PARSE,
					       "note line %d: control character", line);
		if (c == '\n')
			line++;
		i += l;
	}
	return 0;
}

/*
 * Append `head` and (after a blank line when `blank`) the signature line
 * "— <name> base64(blob)\n"; the key id goes into blob[0..4).
 */
static int add_sig_line(struct aisec_buf *out, const char *head, size_t hl, bool blank,
			const struct aisec_note_key *key, uint8_t *blob, size_t bl,
			struct aisec_error *err)
{
	int rc;

	for (int i = 0; i < 4; i++)
		blob[i] = (uint8_t)(key->id >> (24 - 8 * i));
	rc = aisec_buf_add(out, head, hl);
	if (!rc)
		rc = aisec_buf_addf(out, "%s" SIG_PREFIX "%s ", blank ? "\n" : "", key->name);
	if (!rc)
		rc = aisec_base64_encode(blob, bl, out);
	if (!rc)
		rc = aisec_buf_addch(out, '\n');
	if (rc)
		aisec_error_set(err, rc, "cannot build the note: %s", aisec_strerror(rc));
	return rc;
}

int aisec_note_sign(const char *text, size_t len, const struct aisec_note_key *key,
		    struct aisec_buf *out, struct aisec_error *err)
{
	EVP_PKEY *pk = NULL;
	EVP_MD_CTX *ctx = NULL;
	uint8_t blob[4 + 64];
	size_t siglen = 64;
	int rc;

	if (!key->has_private)
		return aisec_error_set(err, AISEC_ERR_USAGE, "key '%s' has no private part",
				       key->name);
	if (key_type(key) != AISEC_NOTE_ED25519)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "key '%s' is a witness (cosignature/v1) key: it cosigns, it does not sign notes",
				       key->name);
	if (len == 0 || text[len - 1] != '\n')
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "note text must end with a newline");
	if (len >= 2 && text[len - 2] == '\n')
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "note text must not end with a blank line");
	rc = check_text(text, len, err);
	if (rc)
		return rc;
	pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, key->seed, 32);
	ctx = EVP_MD_CTX_new();
	if (!pk || !ctx || EVP_DigestSignInit(ctx, NULL, NULL, NULL, pk) != 1 ||
	    EVP_DigestSign(ctx, blob + 4, &siglen, (const uint8_t *)text, len) != 1 ||
	    siglen != 64) {
		rc = aisec_error_set(err, AISEC_ERR_CRYPTO, "ed25519 signing failed");
		goto out;
	}
	rc = add_sig_line(out, text, len, true, key, blob, sizeof(blob), err);
out:
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return rc;
}

int aisec_note_text_len(const char *note, size_t len, size_t *text_len,
			struct aisec_error *err)
{
	size_t i;

	if (len == 0 || note[len - 1] != '\n')
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "note does not end with a newline");
	/* the separator is the last blank line */
	for (i = len - 1; i > 0; i--)
		if (note[i] == '\n' && note[i - 1] == '\n')
			break;
	if (i == 0 || i == 1)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "note has no text or no signature block");
	*text_len = i; /* text keeps its final '\n' */
	return 0;
}

static bool ed25519_verify(const uint8_t pub[32], const char *msg, size_t len,
			   const uint8_t sig[64])
{
	EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok;

	ok = pk && ctx && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pk) == 1 &&
	     EVP_DigestVerify(ctx, sig, 64, (const uint8_t *)msg, len) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return ok;
}

/* The cosignature/v1 message: header, time line, the note text. */
static int cosig_message(uint64_t t, const char *text, size_t tl, struct aisec_buf *msg)
{
	int rc;

	aisec_buf_reset(msg);
	rc = aisec_buf_addf(msg, "cosignature/v1\ntime %llu\n", (unsigned long long)t);
	if (!rc)
		rc = aisec_buf_add(msg, text, tl);
	return rc;
}

/* Does the decoded signature blob `sig` (key id first) verify under `key`? */
static bool sig_verifies(const struct aisec_note_key *key, const char *note, size_t tl,
			 const uint8_t *sig, size_t n, struct aisec_buf *msg)
{
	uint64_t t = 0;

	if (key_type(key) == AISEC_NOTE_ED25519)
		return n == 4 + 64 && ed25519_verify(key->pub, note, tl, sig + 4);
	if (n != 4 + 8 + 64)
		return false;
	for (int i = 0; i < 8; i++)
		t = t << 8 | sig[4 + i];
	if (t > INT64_MAX || cosig_message(t, note, tl, msg) != 0)
		return false;
	return ed25519_verify(key->pub, msg->data, msg->len, sig + 12);
}

/*
 * Check every signature line of a note against `keys` (matched by name and
 * id; others ignored): ok[k] is set when keys[k] signed.  A known key whose
 * signature does not verify fails the note (AISEC_ERR_VERIFY).
 */
static int check_sigs(const char *note, size_t len, const struct aisec_note_key *keys,
		      size_t nkeys, bool *ok, size_t *text_len, struct aisec_error *err)
{
	size_t tl, pos, lines = 0;
	struct aisec_buf b, msg;
	int rc;

	rc = check_text(note, len, err);
	if (!rc)
		rc = aisec_note_text_len(note, len, &tl, err);
	if (rc)
		return rc;
	aisec_buf_init(&b, 4096);
	aisec_buf_init(&msg, 1 << 20);
	for (pos = tl + 1; pos < len;) {
		const char *line = note + pos, *nl = memchr(line, '\n', len - pos);
		size_t ll = (size_t)(nl - line), pl = strlen(SIG_PREFIX);
		const char *name, *sp;
		uint32_t id;

		pos += ll + 1;
		if (++lines > MAX_SIG_LINES) {
			rc = aisec_error_set(err, AISEC_ERR_PARSE,
					     "note has more than %d signatures",
					     MAX_SIG_LINES);
			goto out;
		}
		sp = ll > pl ? memchr(line + pl, ' ', ll - pl) : NULL;
		if (ll <= pl || memcmp(line, SIG_PREFIX, pl) != 0 || !sp) {
			rc = aisec_error_set(err, AISEC_ERR_PARSE,
					     "note signature line %zu: want '— <name> <base64>'",
					     lines);
			goto out;
		}
		name = line + pl;
		aisec_buf_reset(&b);
		if (!valid_name(name, (size_t)(sp - name)) ||
		    aisec_base64_decode(sp + 1, (size_t)(line + ll - sp - 1), &b) != 0 ||
		    b.len < 5) {
			rc = aisec_error_set(err, AISEC_ERR_PARSE,
					     "note signature line %zu: bad name or signature",
					     lines);
			goto out;
		}
		id = (uint32_t)(uint8_t)b.data[0] << 24 |
		     (uint32_t)(uint8_t)b.data[1] << 16 |
		     (uint32_t)(uint8_t)b.data[2] << 8 | (uint8_t)b.data[3];
		for (size_t k = 0; k < nkeys; k++) {
			const struct aisec_note_key *key = &keys[k];

			if (key->id != id || strlen(key->name) != (size_t)(sp - name) ||
			    memcmp(key->name, name, (size_t)(sp - name)) != 0)
				continue;
			if (!sig_verifies(key, note, tl, (const uint8_t *)b.data, b.len,
					  &msg)) {
				rc = aisec_error_set(err, AISEC_ERR_VERIFY,
						     "note %s by '%s' does not verify",
						     key_type(key) == AISEC_NOTE_ED25519
							     ? "signature"
							     : "cosignature",
						     key->name);
				goto out;
			}
			ok[k] = true;
		}
	}
	if (text_len)
		*text_len = tl;
	rc = 0;
out:
	aisec_buf_release(&b);
	aisec_buf_release(&msg);
	return rc;
}

int aisec_note_verify(const char *note, size_t len,
		      const struct aisec_note_key *keys, size_t nkeys,
		      size_t *text_len, struct aisec_error *err)
{
	size_t count;
	int rc = aisec_note_count_signers(note, len, keys, nkeys, &count, text_len, err);

	if (!rc && !count)
		rc = aisec_error_set(err, AISEC_ERR_VERIFY,
				     "note has no signature by a known key");
	return rc;
}

int aisec_note_count_signers(const char *note, size_t len,
			     const struct aisec_note_key *keys, size_t nkeys,
			     size_t *count, size_t *text_len, struct aisec_error *err)
{
	bool *ok = calloc(nkeys ? nkeys : 1, sizeof(bool));
	int rc;

	*count = 0;
	if (!ok)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	rc = check_sigs(note, len, keys, nkeys, ok, text_len, err);
	for (size_t k = 0; !rc && k < nkeys; k++)
		*count += ok[k];
	free(ok);
	return rc;
}

/*
 * The note (text length tl) into `out` without signature lines of `key`
 * (name and id): cosigning again replaces the witness's older cosignature.
 */
static int without_own_sig(const char *note, size_t len, size_t tl,
			   const struct aisec_note_key *key, struct aisec_buf *out)
{
	size_t pl = strlen(SIG_PREFIX), nl = strlen(key->name);
	struct aisec_buf b;
	int rc;

	aisec_buf_reset(out);
	aisec_buf_init(&b, 4096);
	rc = aisec_buf_add(out, note, tl + 1);
	for (size_t pos = tl + 1; !rc && pos < len;) {
		const char *line = note + pos, *end = memchr(line, '\n', len - pos);
		size_t ll = (size_t)(end - line) + 1;
		bool own = false;

		pos += ll;
		if (ll > pl + nl + 1 && memcmp(line + pl, key->name, nl) == 0 &&
		    line[pl + nl] == ' ') {
			aisec_buf_reset(&b);
			own = aisec_base64_decode(line + pl + nl + 1, ll - pl - nl - 2, &b) == 0 &&
			      b.len >= 4 && ((uint32_t)(uint8_t)b.data[0] << 24 |
					     (uint32_t)(uint8_t)b.data[1] << 16 |
					     (uint32_t)(uint8_t)b.data[2] << 8 |
					     (uint8_t)b.data[3]) == key->id;
		}
		if (!own)
			rc = aisec_buf_add(out, line, ll);
	}
	aisec_buf_release(&b);
	return rc;
}

int aisec_note_cosign(const char *note, size_t len, const struct aisec_note_key *key,
		      uint64_t timestamp, struct aisec_buf *out, struct aisec_error *err)
{
	EVP_PKEY *pk = NULL;
	EVP_MD_CTX *ctx = NULL;
	struct aisec_buf msg;
	uint8_t blob[4 + 8 + 64];
	size_t tl, siglen = 64;
	int rc;

	if (!key->has_private || key_type(key) != AISEC_NOTE_COSIGNATURE_V1)
		return aisec_error_set(err, AISEC_ERR_USAGE,
				       "key '%s' is not a private cosignature/v1 witness key",
				       key->name);
	if (timestamp > INT64_MAX)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "cosignature time is out of range");
	rc = check_text(note, len, err);
	if (!rc)
		rc = aisec_note_text_len(note, len, &tl, err);
	if (rc)
		return rc;
	aisec_buf_init(&msg, 1 << 20);
	rc = cosig_message(timestamp, note, tl, &msg);
	if (rc) {
		aisec_error_set(err, rc, "cosignature: %s", aisec_strerror(rc));
		goto out;
	}
	pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, key->seed, 32);
	ctx = EVP_MD_CTX_new();
	if (!pk || !ctx || EVP_DigestSignInit(ctx, NULL, NULL, NULL, pk) != 1 ||
	    EVP_DigestSign(ctx, blob + 12, &siglen, (const uint8_t *)msg.data,
			   msg.len) != 1 ||
	    siglen != 64) {
		rc = aisec_error_set(err, AISEC_ERR_CRYPTO, "ed25519 cosigning failed");
		goto out;
	}
	for (int i = 0; i < 8; i++)
		blob[4 + i] = (uint8_t)(timestamp >> (56 - 8 * i));
	rc = without_own_sig(note, len, tl, key, &msg);
	if (!rc)
		rc = add_sig_line(out, msg.data, msg.len, false, key, blob, sizeof(blob), err);
	else
		aisec_error_set(err, rc, "cosignature: %s", aisec_strerror(rc));
out:
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);
	aisec_buf_release(&msg);
	return rc;
}
