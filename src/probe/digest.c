/*
 * digest.c - the target digest results record: which spec, which
 * protocol, which endpoint or program (include/aisec/probe.h).
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "probe/probe_int.h"

static void add(EVP_MD_CTX *c, const char *s)
{
	EVP_DigestUpdate(c, s, strlen(s) + 1);
}

static void to_hex(const unsigned char md[32], char out[AISEC_PROBE_DIGEST_LEN])
{
	static const char hex[] = "0123456789abcdef";

	memcpy(out, "sha256:", 7);
	for (size_t i = 0; i < 32; i++) {
		out[7 + 2 * i] = hex[md[i] >> 4];
		out[8 + 2 * i] = hex[md[i] & 15];
	}
	out[71] = '\0';
}

void probe_sha256_hex(const void *p, size_t len,
		      char out[AISEC_PROBE_DIGEST_LEN])
{
	unsigned char md[32] = {0};

	EVP_Digest(p, len, md, NULL, EVP_sha256(), NULL);
	to_hex(md, out);
}

void aisec_probe_target_digest(const struct aisec_probe_target *t,
			       char out[AISEC_PROBE_DIGEST_LEN])
{
	static const char *const proto[] = {"oip-v2", "tfserving", "template",
					    "process"};
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned char md[32] = {0};
	char spec[AISEC_PROBE_DIGEST_LEN];
	unsigned len = 0;

	to_hex(t->spec->text_sha256, spec);
	if (c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1) {
		add(c, "aisec-probe-target/1");
		add(c, spec + 7);
		add(c, proto[t->o.protocol]);
		if (t->o.protocol == AISEC_PROBE_PROCESS) {
			for (char *const *a = t->o.argv; a && *a; a++)
				add(c, *a);
		} else {
			add(c, t->endpoint);
			add(c, t->spec->model);
		}
		EVP_DigestFinal_ex(c, md, &len);
	}
	EVP_MD_CTX_free(c);
	to_hex(md, out);
}
