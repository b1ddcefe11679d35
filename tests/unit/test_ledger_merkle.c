/*
 * test_ledger_merkle.c - RFC 9162 hashing and proofs: the transparency-dev
 * known answers and roots, the RFC's 7-leaf example, generation against a
 * naive reference, and every inclusion and consistency vector under
 * AISEC_VECTORS_DIR/merkle (a missing vector directory fails).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#include "aisec/ledger.h"
#include "core/core.h"

static void hex32(const char *hex, uint8_t out[32])
{
	assert_int_equal(aisec_hex_decode(hex, 64, out), 0);
}

/* transparency-dev/merkle testonly LeafInputs() */
static const char *const leaf_hex[] = {
	"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
};

static uint8_t leaves[8][32];

static void make_leaves(void)
{
	for (int i = 0; i < 8; i++) {
		uint8_t b[16];
		size_t n = strlen(leaf_hex[i]) / 2;

		assert_int_equal(aisec_hex_decode(leaf_hex[i], 2 * n, b), 0);
		aisec_merkle_leaf_hash(b, n, leaves[i]);
	}
}

/* naive MTH over leaves[lo..hi) straight from the RFC definition */
static void mth(uint64_t lo, uint64_t hi, uint8_t out[32])
{
	uint64_t n = hi - lo, k = 1;
	uint8_t l[32], r[32];

	if (n == 1) {
		memcpy(out, leaves[lo], 32);
		return;
	}
	while (k * 2 < n)
		k *= 2;
	mth(lo, lo + k, l);
	mth(lo + k, hi, r);
	aisec_merkle_node_hash(l, r, out);
}

static int mem_get(void *ctx, unsigned level, uint64_t k, uint8_t out[32],
		   struct aisec_error *err)
{
	mth(k << level, (k + 1) << level, out);
	return 0;
}

static const struct aisec_merkle_source mem_src = {mem_get, NULL};

static void test_known_answers(void **state)
{
	static const char *const roots[] = {
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
		"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
		"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
		"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
		"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
		"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
		"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
	};
	uint8_t want[32], got[32];
	struct aisec_error err;

	make_leaves();
	aisec_merkle_leaf_hash("", 0, got);
	hex32("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", want);
	assert_memory_equal(got, want, 32);
	aisec_merkle_leaf_hash("L123456", 7, got);
	hex32("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56", want);
	assert_memory_equal(got, want, 32);
	for (uint64_t n = 0; n <= 8; n++) {
		hex32(roots[n], want);
		assert_int_equal(aisec_merkle_root(&mem_src, n, got, &err), 0);
		assert_memory_equal(got, want, 32);
	}
}

static void expect_proof(const struct aisec_merkle_proof *p, size_t n,
			 const uint8_t *const *want)
{
	assert_int_equal(p->n, n);
	for (size_t q = 0; q < n; q++)
		assert_memory_equal(p->hash[q], want[q], 32);
}

/* RFC 6962 2.1.3: the 7-leaf tree, audit paths and consistency proofs */
static void test_rfc_seven_leaves(void **state)
{
	uint8_t a[32], b[32], c[32], d[32], e[32], f[32], j[32];
	uint8_t g[32], h[32], i[32], k[32], l[32], root[32], r3[32], r4[32], r6[32];
	struct aisec_merkle_proof p;
	struct aisec_error err;

	make_leaves();
	memcpy(a, leaves[0], 32); memcpy(b, leaves[1], 32); memcpy(c, leaves[2], 32);
	memcpy(d, leaves[3], 32); memcpy(e, leaves[4], 32); memcpy(f, leaves[5], 32);
	memcpy(j, leaves[6], 32);
	aisec_merkle_node_hash(a, b, g);
	aisec_merkle_node_hash(c, d, h);
	aisec_merkle_node_hash(e, f, i);
	aisec_merkle_node_hash(g, h, k);
	aisec_merkle_node_hash(i, j, l);
	aisec_merkle_node_hash(k, l, root);
	assert_int_equal(aisec_merkle_root(&mem_src, 7, r3, &err), 0);
	assert_memory_equal(r3, root, 32);


	assert_int_equal(aisec_merkle_prove_inclusion(&mem_src, 0, 7, &p, &err), 0);
	expect_proof(&p, 3, (const uint8_t *[]){b, h, l});
	assert_int_equal(aisec_merkle_verify_inclusion(0, 7, a, &p, root), 0);
	assert_int_equal(aisec_merkle_prove_inclusion(&mem_src, 3, 7, &p, &err), 0);
	expect_proof(&p, 3, (const uint8_t *[]){c, g, l});
	assert_int_equal(aisec_merkle_verify_inclusion(3, 7, d, &p, root), 0);
	assert_int_equal(aisec_merkle_prove_inclusion(&mem_src, 4, 7, &p, &err), 0);
	expect_proof(&p, 3, (const uint8_t *[]){f, j, k});
	assert_int_equal(aisec_merkle_verify_inclusion(4, 7, e, &p, root), 0);
	assert_int_equal(aisec_merkle_prove_inclusion(&mem_src, 6, 7, &p, &err), 0);
	expect_proof(&p, 2, (const uint8_t *[]){i, k});
	assert_int_equal(aisec_merkle_verify_inclusion(6, 7, j, &p, root), 0);
	/* a wrong leaf or index fails */
	assert_int_equal(aisec_merkle_verify_inclusion(5, 7, j, &p, root), -1);
	assert_int_equal(aisec_merkle_verify_inclusion(6, 7, i, &p, root), -1);

	assert_int_equal(aisec_merkle_root(&mem_src, 3, r3, &err), 0);
	assert_int_equal(aisec_merkle_root(&mem_src, 4, r4, &err), 0);
	assert_int_equal(aisec_merkle_root(&mem_src, 6, r6, &err), 0);
	assert_int_equal(aisec_merkle_prove_consistency(&mem_src, 3, 7, &p, &err), 0);
	expect_proof(&p, 4, (const uint8_t *[]){c, d, g, l});
	assert_int_equal(aisec_merkle_verify_consistency(3, 7, r3, root, &p), 0);
	assert_int_equal(aisec_merkle_prove_consistency(&mem_src, 4, 7, &p, &err), 0);
	expect_proof(&p, 1, (const uint8_t *[]){l});
	assert_int_equal(aisec_merkle_verify_consistency(4, 7, r4, root, &p), 0);
	assert_int_equal(aisec_merkle_prove_consistency(&mem_src, 6, 7, &p, &err), 0);
	expect_proof(&p, 3, (const uint8_t *[]){i, j, k});
	assert_int_equal(aisec_merkle_verify_consistency(6, 7, r6, root, &p), 0);
	assert_int_equal(aisec_merkle_verify_consistency(6, 7, r4, root, &p), -1);
}

/* every generated proof of every pair of sizes <= 8 verifies */
static void test_generate_all(void **state)
{
	struct aisec_merkle_proof p;
	struct aisec_error err;
	uint8_t r1[32], r2[32];

	make_leaves();
	for (uint64_t n = 1; n <= 8; n++) {
		assert_int_equal(aisec_merkle_root(&mem_src, n, r2, &err), 0);
		for (uint64_t m = 0; m < n; m++) {
			assert_int_equal(aisec_merkle_prove_inclusion(&mem_src, m, n, &p, &err), 0);
			assert_int_equal(aisec_merkle_verify_inclusion(m, n, leaves[m], &p, r2), 0);
		}
		for (uint64_t m = 1; m <= n; m++) {
			assert_int_equal(aisec_merkle_root(&mem_src, m, r1, &err), 0);
			assert_int_equal(aisec_merkle_prove_consistency(&mem_src, m, n, &p, &err), 0);
			assert_int_equal(aisec_merkle_verify_consistency(m, n, r1, r2, &p), 0);
		}
	}
	assert_int_not_equal(aisec_merkle_prove_consistency(&mem_src, 0, 3, &p, &err), 0);
}

/* ---- the JSON vectors ------------------------------------------------------ */

/*
 * Decode a base64 field into 32 bytes.  Proof hashes must be exactly 32
 * bytes.  Roots (`pad`): the C API takes 32-byte roots, the vectors also
 * hold short placeholder roots ("don't care") that only equality can
 * accept; shorter values are zero-padded, so they never match a computed root.
 */
static bool b64_hash(json_t *v, uint8_t out[32], bool pad)
{
	struct aisec_buf b;
	bool ok = false;

	if (!json_is_string(v))
		return false;
	aisec_buf_init(&b, 0);
	if (aisec_base64_decode(json_string_value(v), json_string_length(v), &b) == 0 &&
	    (b.len == 32 || (pad && b.len < 32))) {
		memset(out, 0, 32);
		memcpy(out, b.data, b.len);
		ok = true;
	}
	aisec_buf_release(&b);
	return ok;
}

static bool b64_root(json_t *v, uint8_t out[32])
{
	return b64_hash(v, out, true);
}

static bool b64_32(json_t *v, uint8_t out[32])
{
	return b64_hash(v, out, false);
}

/* proof array; false when an element is not 32 bytes */
static bool proof_of(json_t *arr, struct aisec_merkle_proof *p)
{
	size_t i;
	json_t *e;

	p->n = 0;
	if (json_is_null(arr) || !arr)
		return true;
	json_array_foreach(arr, i, e) {
		if (p->n >= AISEC_MERKLE_MAX_PROOF || !b64_32(e, p->hash[p->n]))
			return false;
		p->n++;
	}
	return true;
}

static uint64_t u64_of(json_t *v)
{
	double d = json_number_value(v);

	if (d < 0)
		return UINT64_MAX - 1;
	return d >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)d;
}

static int check_inclusion(json_t *v)
{
	uint8_t root[32], leaf[32];
	struct aisec_merkle_proof p;
	uint64_t idx = u64_of(json_object_get(v, "leafIdx"));
	uint64_t size = u64_of(json_object_get(v, "treeSize"));

	if (!b64_32(json_object_get(v, "root"), root) ||
	    !b64_32(json_object_get(v, "leafHash"), leaf) ||
	    !proof_of(json_object_get(v, "proof"), &p))
		return -1;
	return aisec_merkle_verify_inclusion(idx, size, leaf, &p, root);
}

static int check_consistency(json_t *v)
{
	uint8_t r1[32], r2[32];
	struct aisec_merkle_proof p;
	uint64_t s1 = u64_of(json_object_get(v, "size1"));
	uint64_t s2 = u64_of(json_object_get(v, "size2"));

	if (!b64_root(json_object_get(v, "root1"), r1) ||
	    !b64_root(json_object_get(v, "root2"), r2) ||
	    !proof_of(json_object_get(v, "proof"), &p))
		return -1;
	return aisec_merkle_verify_consistency(s1, s2, r1, r2, &p);
}

static void walk(const char *dir, bool inclusion, int *count, int *failed)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[2048];
		struct stat sb;
		json_error_t jerr;
		json_t *v;
		int got, want;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		assert_int_equal(stat(path, &sb), 0);
		if (S_ISDIR(sb.st_mode)) {
			walk(path, inclusion, count, failed);
			continue;
		}
		if (!strstr(e->d_name, ".json"))
			continue;
		/* one vector holds 2^64-1, beyond jansson's integers: read numbers as reals */
		v = json_load_file(path, JSON_DECODE_INT_AS_REAL, &jerr);
		assert_non_null(v);
		want = json_is_true(json_object_get(v, "wantErr")) ? -1 : 0;
		got = inclusion ? check_inclusion(v) : check_consistency(v);
		if (got != want) {
			fprintf(stderr, "vector %s: got %d want %d\n", path, got, want);
			(*failed)++;
		}
		(*count)++;
		json_decref(v);
	}
	closedir(d);
}

static void test_vectors(void **state)
{
	int count = 0, failed = 0, ci = 0;

	walk(AISEC_VECTORS_DIR "/merkle/inclusion", true, &count, &failed);
	ci = count;
	walk(AISEC_VECTORS_DIR "/merkle/consistency", false, &count, &failed);
	printf("merkle vectors: %d inclusion, %d consistency, %d failed\n", ci,
	       count - ci, failed);
	assert_true(ci >= 98);
	assert_true(count - ci >= 98);
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answers),
		cmocka_unit_test(test_rfc_seven_leaves),
		cmocka_unit_test(test_generate_all),
		cmocka_unit_test(test_vectors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
