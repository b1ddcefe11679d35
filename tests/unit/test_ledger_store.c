/*
 * test_ledger_store.c - a ledger directory end to end: append and reopen,
 * roots and proofs against a naive reference, reads, the writer lock,
 * encryption, checkpoints, every tamper case the verifier must catch
 * (bit flips, rewritten records, truncation, rollback, fork, damaged
 * index/tree/signature), torn-tail recovery, and concurrent appenders.
 */
#include <fcntl.h>
#include <pthread.h>
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

#include "aisec/ledger.h"
#include "core/core.h"
#include "ledger/store.h"

static char tmpdir[] = "/tmp/aisec-ledger-test-XXXXXX";
static struct aisec_note_key signer;
static char vkey[512];

static int setup(void **state)
{
	struct aisec_buf b;
	struct aisec_error err;

	if (!mkdtemp(tmpdir) || aisec_note_key_generate("example.com/ledger", &signer, &err))
		return -1;
	aisec_buf_init(&b, 0);
	aisec_note_key_format_vkey(&signer, &b);
	snprintf(vkey, sizeof(vkey), "%s", b.data);
	aisec_buf_release(&b);
	return 0;
}

static int teardown(void **state)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void path_of(char *out, size_t n, const char *name, const char *file)
{
	snprintf(out, n, "%s/%s%s%s", tmpdir, name, file ? "/" : "", file ? file : "");
}

static void entry_text(uint64_t i, char *buf, size_t n)
{
	snprintf(buf, n, "{\"time\":\"2026-05-04T10:00:00Z\",\"type\":\"inference\","
		 "\"system\":\"cv\",\"payload\":{\"n\":%llu}}", (unsigned long long)i);
}

/* A fresh ledger `name` with n entries, closed. */
static void make_ledger(const char *name, uint64_t n, const uint8_t *aead,
			bool checkpoint)
{
	struct aisec_ledger_create_opts co = {.origin = "example.com/ledger", .vkey = vkey, .aead_key = aead};
	struct aisec_ledger_open_opts oo = {.sync = AISEC_LEDGER_SYNC_NONE, .aead_key = aead};
	struct aisec_error err;
	struct aisec_ledger *l;
	char dir[512], e[256];

	path_of(dir, sizeof(dir), name, NULL);
	assert_int_equal(aisec_ledger_create(dir, &co, &err), 0);
	l = aisec_ledger_open(dir, &oo, &err);
	if (!l)
		fprintf(stderr, "open: %s\n", err.msg);
	assert_non_null(l);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t idx;

		entry_text(i, e, sizeof(e));
		assert_int_equal(aisec_ledger_append(l, e, strlen(e), &idx, &err), 0);
		assert_int_equal(idx, i);
	}
	if (checkpoint)
		assert_int_equal(aisec_ledger_checkpoint(l, &signer, NULL, &err), 0);
	assert_int_equal(aisec_ledger_close(l, &err), 0);
}

static int verify(const char *name, const char *cp, struct aisec_ledger_report *r)
{
	struct aisec_ledger_verify_opts o = {vkey, cp, cp ? strlen(cp) : 0};
	struct aisec_error err;
	char dir[512];

	path_of(dir, sizeof(dir), name, NULL);
	return aisec_ledger_verify(dir, &o, r, &err);
}

/* naive root of entries [0, n) */
static void naive_root(uint64_t lo, uint64_t hi, uint8_t out[32])
{
	char e[256];
	uint64_t k = 1;
	uint8_t l[32], r[32];

	if (hi - lo == 1) {
		entry_text(lo, e, sizeof(e));
		aisec_merkle_leaf_hash(e, strlen(e), out);
		return;
	}
	while (k * 2 < hi - lo)
		k *= 2;
	naive_root(lo, lo + k, l);
	naive_root(lo + k, hi, r);
	aisec_merkle_node_hash(l, r, out);
}

/* CRC-32C check value (RFC 3720 B.4 / the "123456789" convention) and the tree.dat layout */
static void test_crc_and_layout(void **state)
{
	uint8_t zeros[32] = {0};

	assert_int_equal(lg_crc32c(0, "123456789", 9), 0xE3069283u);
	assert_int_equal(lg_crc32c(0, zeros, 32), 0x8A9136AAu);
	/* split input gives the same value */
	assert_int_equal(lg_crc32c(lg_crc32c(0, "1234", 4), "56789", 5), 0xE3069283u);
	for (uint64_t n = 0; n < 5000; n++) {
		assert_int_equal(lg_leaves_for_hashes(lg_stored_count(n)), n);
		if (n)
			assert_int_equal(lg_leaves_for_hashes(lg_stored_count(n) - 1), n - 1);
		/* leaf n sits right after everything stored for n leaves */
		assert_int_equal(lg_stored_index(0, n), lg_stored_count(n));
	}
	/* node (1, 0) completes with leaf 1: leaf0, leaf1, node -> position 2 */
	assert_int_equal(lg_stored_index(1, 0), 2);
	assert_int_equal(lg_stored_index(2, 0), 6);
	assert_int_equal(lg_stored_count(4), 7);
}

static void test_append_reopen_prove(void **state)
{
	struct aisec_ledger_open_opts ro = {.readonly = true};
	struct aisec_merkle_proof p;
	struct aisec_error err;
	struct aisec_ledger *l;
	struct aisec_buf b;
	uint8_t root[32], want[32], leaf[32], r1[32];
	char dir[512], e[256];
	static const uint64_t sizes[] = {1, 2, 3, 7, 8, 9, 100, 255, 256, 257, 1000};

	make_ledger("basic", 1000, NULL, true);
	path_of(dir, sizeof(dir), "basic", NULL);
	l = aisec_ledger_open(dir, &ro, &err);
	assert_non_null(l);
	assert_int_equal(aisec_ledger_size(l), 1000);
	aisec_buf_init(&b, 0);
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		uint64_t n = sizes[s];

		assert_int_equal(aisec_ledger_root(l, n, root, &err), 0);
		naive_root(0, n, want);
		assert_memory_equal(root, want, 32);
		for (uint64_t i = 0; i < n; i += 1 + n / 7) {
			assert_int_equal(aisec_ledger_prove_inclusion(l, i, n, &p, &err), 0);
			assert_int_equal(aisec_ledger_leaf_hash(l, i, leaf, &err), 0);
			assert_int_equal(aisec_merkle_verify_inclusion(i, n, leaf, &p, root), 0);
			assert_int_equal(aisec_merkle_verify_inclusion(i, n, leaf, &p, want), 0);
			if (i + 1 < n)
				assert_int_equal(aisec_merkle_verify_inclusion(i + 1, n, leaf, &p, root), -1);
		}
		for (size_t t = 0; t <= s; t++) {
			assert_int_equal(aisec_ledger_root(l, sizes[t], r1, &err), 0);
			assert_int_equal(aisec_ledger_prove_consistency(l, sizes[t], n, &p, &err), 0);
			assert_int_equal(aisec_merkle_verify_consistency(sizes[t], n, r1, root, &p), 0);
		}
	}
	assert_int_equal(aisec_ledger_read(l, 999, NULL, &b, &err), 0);
	entry_text(999, e, sizeof(e));
	assert_string_equal(b.data, e);
	assert_int_equal(aisec_ledger_read(l, 1000, NULL, &b, &err), AISEC_ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "has no entry 1000 (its 1000 entries are 0 to 999)"));
	/* the largest index does not wrap round to a readable size of 0 */
	assert_int_equal(aisec_ledger_read(l, UINT64_MAX, NULL, &b, &err), AISEC_ERR_NOTFOUND);
	assert_int_equal(aisec_ledger_leaf_hash(l, UINT64_MAX, leaf, &err), AISEC_ERR_NOTFOUND);
	assert_int_equal(aisec_ledger_checkpoint_note(l, 0, &b, &err), 0);
	aisec_buf_release(&b);
	assert_int_equal(aisec_ledger_close(l, &err), 0);
}

static void test_lock(void **state)
{
	struct aisec_ledger_open_opts w = {.sync = AISEC_LEDGER_SYNC_ALWAYS};
	struct aisec_ledger_open_opts ro = {.readonly = true};
	struct aisec_error err;
	struct aisec_ledger *a, *b, *r;
	char dir[512];

	make_ledger("lock", 3, NULL, false);
	path_of(dir, sizeof(dir), "lock", NULL);
	a = aisec_ledger_open(dir, &w, &err);
	assert_non_null(a);
	b = aisec_ledger_open(dir, &w, &err);
	assert_null(b);
	assert_int_equal(err.code, AISEC_ERR_BUSY);
	assert_non_null(strstr(err.msg, "open for writing by another process"));
	r = aisec_ledger_open(dir, &ro, &err);
	assert_non_null(r);
	assert_int_equal(aisec_ledger_append(r, "x", 1, NULL, &err), AISEC_ERR_USAGE);
	assert_int_equal(aisec_ledger_append(a, "x", 1, NULL, &err), 0);
	assert_int_equal(aisec_ledger_durable_size(a), 4);
	assert_int_equal(aisec_ledger_close(a, &err), 0);
	assert_int_equal(aisec_ledger_close(r, &err), 0);
	b = aisec_ledger_open(dir, &w, &err);
	assert_non_null(b);
	assert_int_equal(aisec_ledger_size(b), 4);
	assert_int_equal(aisec_ledger_close(b, &err), 0);
}

static void test_encryption(void **state)
{
	uint8_t key[32], wrong[32];
	struct aisec_ledger_open_opts ro = {.readonly = true, .aead_key = key};
	struct aisec_ledger_open_opts nokey = {.readonly = true};
	struct aisec_ledger_open_opts bad = {.aead_key = wrong};
	struct aisec_ledger_report r;
	struct aisec_error err;
	struct aisec_ledger *l;
	struct aisec_buf st, pl;
	uint8_t leaf[32], got[32];
	char dir[512], e[256];

	memset(key, 7, 32);
	memset(wrong, 8, 32);
	make_ledger("enc", 20, key, true);
	path_of(dir, sizeof(dir), "enc", NULL);
	l = aisec_ledger_open(dir, &ro, &err);
	assert_non_null(l);
	aisec_buf_init(&st, 0);
	aisec_buf_init(&pl, 0);
	assert_int_equal(aisec_ledger_read(l, 5, &st, &pl, &err), 0);
	entry_text(5, e, sizeof(e));
	assert_string_equal(pl.data, e);
	assert_int_equal(st.len, strlen(e) + 29);
	assert_null(memmem(st.data, st.len, "inference", 9));
	/* the leaf hash covers the ciphertext */
	aisec_merkle_leaf_hash(st.data, st.len, leaf);
	assert_int_equal(aisec_ledger_leaf_hash(l, 5, got, &err), 0);
	assert_memory_equal(leaf, got, 32);
	assert_int_equal(aisec_ledger_close(l, &err), 0);
	/* without the key: integrity and proofs yes, plaintext no */
	l = aisec_ledger_open(dir, &nokey, &err);
	assert_non_null(l);
	assert_int_equal(aisec_ledger_read(l, 5, &st, &pl, &err), AISEC_ERR_USAGE);
	assert_int_equal(aisec_ledger_close(l, &err), 0);
	assert_null(aisec_ledger_open(dir, &bad, &err));
	assert_int_equal(err.code, AISEC_ERR_VERIFY);
	assert_int_equal(verify("enc", NULL, &r), 0);
	assert_int_equal(r.entries, 20);
	aisec_buf_release(&st);
	aisec_buf_release(&pl);
}

/* ---- tamper cases ------------------------------------------------------------ */

static void copy_ledger(const char *from, const char *to)
{
	char cmd[1200], a[512], b[512];

	path_of(a, sizeof(a), from, NULL);
	path_of(b, sizeof(b), to, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -a '%s' '%s'", b, a, b);
	assert_int_equal(system(cmd), 0);
}

static void flip(const char *name, const char *file, long off)
{
	char p[512];
	int fd;
	uint8_t c;

	path_of(p, sizeof(p), name, file);
	fd = open(p, O_RDWR);
	assert_true(fd >= 0);
	if (off < 0)
		off += lseek(fd, 0, SEEK_END);
	assert_int_equal(pread(fd, &c, 1, off), 1);
	c ^= 0x10;
	assert_int_equal(pwrite(fd, &c, 1, off), 1);
	close(fd);
}

static void chop(const char *name, const char *file, long keep_less)
{
	char p[512];
	struct stat sb;

	path_of(p, sizeof(p), name, file);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(truncate(p, sb.st_size - keep_less), 0);
}

static char *read_text(const char *name, const char *file)
{
	char p[512];
	struct aisec_buf b;
	struct aisec_error err;

	path_of(p, sizeof(p), name, file);
	aisec_buf_init(&b, 0);
	assert_int_equal(aisec_file_read(p, &b, &err), 0);
	return aisec_buf_detach(&b, NULL);
}

static void expect_broken(const char *name, const char *cp, int code, const char *what)
{
	struct aisec_ledger_report r;
	int rc = verify(name, cp, &r);

	if (rc != code || !strstr(r.problem, what))
		fprintf(stderr, "%s: rc %d problem '%s'\n", name, rc, r.problem);
	assert_int_equal(rc, code);
	assert_int_equal(r.state, AISEC_LEDGER_BROKEN);
	assert_non_null(strstr(r.problem, what));
}

static void test_tamper(void **state)
{
	struct aisec_ledger_report r;
	struct aisec_error err;
	struct aisec_ledger *l;
	struct aisec_ledger_open_opts w = {.sync = AISEC_LEDGER_SYNC_NONE};
	char dir[512], *old_cp, *new_cp;
	long rec = LG_REC_HEADER + 82; /* one record of entry_text(0..9) */

	make_ledger("t", 200, NULL, true);
	assert_int_equal(verify("t", NULL, &r), 0);
	assert_int_equal(r.state, AISEC_LEDGER_VERIFIED);
	assert_int_equal(r.entries, 200);
	assert_int_equal(r.checkpoint_size, 200);
	assert_true(r.checkpoint_signed && r.trusted_key);

	/* one bit in an early record's payload */
	copy_ledger("t", "t1");
	flip("t1", "entries.log", LG_LOG_HEADER + LG_REC_HEADER + 10);
	expect_broken("t1", NULL, AISEC_ERR_INTEGRITY, "entry 0 at offset 32");

	/* a record rewritten with a valid CRC: the tree catches it */
	copy_ledger("t", "t2");
	{
		char p[512];
		uint8_t buf[256];
		int fd;

		path_of(p, sizeof(p), "t2", "entries.log");
		fd = open(p, O_RDWR);
		assert_int_equal(pread(fd, buf, (size_t)rec, LG_LOG_HEADER + 3 * rec), rec);
		buf[LG_REC_HEADER + 5] ^= 1;
		lg_rec_header(buf, buf + LG_REC_HEADER, lg_get32(buf), 3);
		assert_int_equal(pwrite(fd, buf, (size_t)rec, LG_LOG_HEADER + 3 * rec), rec);
		close(fd);
	}
	expect_broken("t2", NULL, AISEC_ERR_INTEGRITY, "entry 3: leaf hash differs");

	/* the same, with tree.dat and index removed of evidence: the checkpoint catches it */
	copy_ledger("t2", "t3");
	path_of(dir, sizeof(dir), "t3", "tree.dat");
	assert_int_equal(truncate(dir, 0), 0);
	path_of(dir, sizeof(dir), "t3", "index.dat");
	assert_int_equal(truncate(dir, 0), 0);
	expect_broken("t3", NULL, AISEC_ERR_INTEGRITY, "different root");

	/* truncation: the last entries cut off */
	copy_ledger("t", "t4");
	chop("t4", "entries.log", 5 * rec);
	expect_broken("t4", NULL, AISEC_ERR_INTEGRITY, "entry 195");

	/* damaged derived files and signature */
	copy_ledger("t", "t5");
	flip("t5", "tree.dat", 32 * 100 + 3);
	expect_broken("t5", NULL, AISEC_ERR_INTEGRITY, "differs from tree.dat");
	copy_ledger("t", "t6");
	flip("t6", "index.dat", 8 * 50);
	expect_broken("t6", NULL, AISEC_ERR_INTEGRITY, "index.dat says");
	copy_ledger("t", "t7");
	flip("t7", "checkpoint", -10);
	expect_broken("t7", NULL, AISEC_ERR_VERIFY, "signature");

	/* index files cut below what the state says was synced, or a damaged state:
	 * damage (a writer refuses to open such a ledger), not "not yet indexed" */
	make_ledger("u", 20, NULL, false);
	assert_int_equal(verify("u", NULL, &r), 0);
	copy_ledger("u", "u1");
	chop("u1", "index.dat", 8 * 5);
	expect_broken("u1", NULL, AISEC_ERR_INTEGRITY, "the state records 20 synced entries but "
			      "index.dat covers 15");
	copy_ledger("u", "u2");
	chop("u2", "tree.dat", 32 * 3);
	expect_broken("u2", NULL, AISEC_ERR_INTEGRITY, "the index files were damaged");
	copy_ledger("u", "u3");
	flip("u3", "state", 9);
	expect_broken("u3", NULL, AISEC_ERR_INTEGRITY, "state' is damaged");

	/* rollback: an older copy of the whole directory, checked against the newest checkpoint */
	copy_ledger("t", "t8");
	old_cp = read_text("t8", "checkpoint");
	path_of(dir, sizeof(dir), "t", NULL);
	l = aisec_ledger_open(dir, &w, &err);
	assert_non_null(l);
	assert_int_equal(aisec_ledger_append(l, "later", 5, NULL, &err), 0);
	assert_int_equal(aisec_ledger_checkpoint(l, &signer, NULL, &err), 0);
	assert_int_equal(aisec_ledger_close(l, &err), 0);
	new_cp = read_text("t", "checkpoint");
	assert_int_equal(verify("t8", NULL, &r), 0); /* consistent on its own */
	assert_int_equal(verify("t", old_cp, &r), 0); /* the newer contains the older */
	expect_broken("t8", new_cp, AISEC_ERR_INTEGRITY, "truncated or rolled back");

	/* fork: same origin and key, different history */
	copy_ledger("t8", "t9");
	path_of(dir, sizeof(dir), "t9", NULL);
	l = aisec_ledger_open(dir, &w, &err);
	assert_non_null(l);
	assert_int_equal(aisec_ledger_append(l, "other", 5, NULL, &err), 0);
	assert_int_equal(aisec_ledger_checkpoint(l, &signer, NULL, &err), 0);
	assert_int_equal(aisec_ledger_close(l, &err), 0);
	assert_int_equal(verify("t9", NULL, &r), 0);
	expect_broken("t9", new_cp, AISEC_ERR_INTEGRITY, "a fork");
	/* a log never signs a checkpoint inconsistent with its own newest one */
	copy_ledger("t", "t10");
	path_of(dir, sizeof(dir), "t10", "checkpoint");
	{
		struct aisec_error e2;
		char *fork_cp = read_text("t9", "checkpoint");

		assert_int_equal(aisec_file_write_atomic(dir, fork_cp, strlen(fork_cp), 0644, &e2), 0);
		free(fork_cp);
	}
	path_of(dir, sizeof(dir), "t10", NULL);
	l = aisec_ledger_open(dir, &w, &err);
	assert_non_null(l);
	assert_int_equal(aisec_ledger_checkpoint(l, &signer, NULL, &err), AISEC_ERR_INTEGRITY);
	assert_int_equal(aisec_ledger_close(l, &err), 0);
	free(old_cp);
	free(new_cp);

	/* a large ledger goes through the parallel leaf phase: still exact */
	make_ledger("big", 5000, NULL, true);
	assert_int_equal(verify("big", NULL, &r), 0);
	assert_int_equal(r.entries, 5000);
	/* nodes inside a worker's chunk and nodes spanning chunks */
	copy_ledger("big", "big2");
	flip("big2", "tree.dat", 32 * (long)lg_stored_index(3, 10) + 1);
	expect_broken("big2", NULL, AISEC_ERR_INTEGRITY, "entry 87: node at level 3 differs");
	copy_ledger("big", "big3");
	flip("big3", "tree.dat", 32 * (long)lg_stored_index(12, 0) + 1);
	expect_broken("big3", NULL, AISEC_ERR_INTEGRITY, "entry 4095: node at level 12 differs");
	copy_ledger("big", "big4");
	flip("big4", "tree.dat", 32 * (long)lg_stored_index(0, 4999));
	expect_broken("big4", NULL, AISEC_ERR_INTEGRITY, "entry 4999: leaf hash differs");
	{
		/* a validly signed checkpoint of the same size with another root */
		struct aisec_checkpoint fake = {"example.com/ledger", 5000, {0}};
		struct aisec_buf body, note;

		memset(fake.root, 0x5a, 32);
		aisec_buf_init(&body, 0);
		aisec_buf_init(&note, 0);
		assert_int_equal(aisec_checkpoint_format(&fake, &body), 0);
		assert_int_equal(aisec_note_sign(body.data, body.len, &signer, &note, &err), 0);
		copy_ledger("big", "big5");
		path_of(dir, sizeof(dir), "big5", "checkpoint");
		assert_int_equal(aisec_file_write_atomic(dir, note.data, note.len, 0644, &err), 0);
		expect_broken("big5", NULL, AISEC_ERR_INTEGRITY, "a fork");
		aisec_buf_release(&body);
		aisec_buf_release(&note);
	}
	/* entries 0-9: 98 bytes, 10-99: 99, 100-999: 100, then 101 */
	flip("big", "entries.log", 32 + 10 * 98 + 90 * 99 + 900 * 100 + 2000 * 101 + 20);
	expect_broken("big", NULL, AISEC_ERR_INTEGRITY, "entry 3000 at offset 301922");

	/* no ledger */
	assert_int_equal(verify("nothing-here", NULL, &r), AISEC_ERR_NOTFOUND);
	assert_int_equal(r.state, AISEC_LEDGER_MISSING);
}

static void warn_count(void *ctx, const char *msg)
{
	(*(int *)ctx)++;
}

/* Make the state say: a writer crashed after syncing 10 entries. */
static void crashed_after_10(const char *dir)
{
	struct aisec_error err;
	struct lg_state st;

	assert_int_equal(lg_state_read(dir, &st, &err), 0);
	st.clean = false;
	st.entries = 10;
	st.log_end = LG_LOG_HEADER + 10 * (LG_REC_HEADER + 82);
	assert_int_equal(lg_state_write(dir, &st, 0600, &err), 0);
}

static void test_torn_tail_and_damage(void **state)
{
	int warned = 0;
	struct aisec_ledger_open_opts w = {.sync = AISEC_LEDGER_SYNC_BATCH,
					   .warn = warn_count, .warn_ctx = &warned};
	struct aisec_ledger_report r;
	struct aisec_error err;
	struct aisec_ledger *l;
	char dir[512], p[512];
	int fd;
	static const uint8_t junk[] = {40, 0, 0, 0, 1, 2, 3, 4, 50, 0, 0, 0, 0, 0, 0, 0, 'x'};

	make_ledger("torn", 50, NULL, false);
	path_of(dir, sizeof(dir), "torn", NULL);
	/* a crash left half a record and an unclean state */
	path_of(p, sizeof(p), "torn", "entries.log");
	fd = open(p, O_WRONLY | O_APPEND);
	assert_int_equal(write(fd, junk, sizeof(junk)), (ssize_t)sizeof(junk));
	close(fd);
	assert_int_equal(verify("torn", NULL, &r), 0);
	assert_int_equal(r.torn_bytes, sizeof(junk));
	crashed_after_10(dir);
	l = aisec_ledger_open(dir, &w, &err);
	assert_non_null(l);
	assert_int_equal(warned, 2); /* torn tail truncated, 40 entries re-indexed */
	assert_int_equal(aisec_ledger_size(l), 50);
	assert_int_equal(aisec_ledger_append(l, "after", 5, NULL, &err), 0);
	assert_int_equal(aisec_ledger_close(l, &err), 0);
	assert_int_equal(verify("torn", NULL, &r), 0);
	assert_int_equal(r.entries, 51);
	assert_int_equal(r.torn_bytes, 0);

	/* damage before the tail is not repaired: the open fails, nothing changes */
	flip("torn", "entries.log", LG_LOG_HEADER + 20 * (LG_REC_HEADER + 82) + 20);
	crashed_after_10(dir);
	path_of(p, sizeof(p), "torn", "index.dat");
	{
		struct stat before, after;

		assert_int_equal(stat(p, &before), 0);
		l = aisec_ledger_open(dir, &w, &err);
		assert_null(l);
		assert_int_equal(err.code, AISEC_ERR_INTEGRITY);
		assert_non_null(strstr(err.msg, "entry 20"));
		assert_int_equal(stat(p, &after), 0);
		assert_int_equal(before.st_size, after.st_size); /* nothing changed */
	}
	/* removing synced entries is caught on open */
	make_ledger("cut", 10, NULL, false);
	chop("cut", "entries.log", 1);
	path_of(dir, sizeof(dir), "cut", NULL);
	assert_null(aisec_ledger_open(dir, &w, &err));
	assert_int_equal(err.code, AISEC_ERR_INTEGRITY);
}

/* A failed write or fsync is fatal: no retry, every later call fails, reopen recovers. */
static void test_fatal_io(void **state)
{
	struct aisec_ledger_open_opts w = {.sync = AISEC_LEDGER_SYNC_BATCH};
	struct aisec_ledger_report r;
	struct aisec_error err;
	struct aisec_ledger *l;
	char dir[512], p[512];
	int ro;

	make_ledger("fatal", 5, NULL, false);
	path_of(dir, sizeof(dir), "fatal", NULL);
	path_of(p, sizeof(p), "fatal", "entries.log");
	l = aisec_ledger_open(dir, &w, &err);
	assert_non_null(l);
	/* the log's descriptor now refuses writes, as a failing disk would */
	ro = open(p, O_RDONLY);
	assert_true(ro >= 0);
	assert_true(dup2(ro, l->fd_log) >= 0);
	close(ro);
	assert_int_equal(aisec_ledger_append(l, "lost", 4, NULL, &err), AISEC_ERR_IO);
	assert_non_null(strstr(err.msg, "reopen the ledger"));
	assert_int_equal(aisec_ledger_append(l, "again", 5, NULL, &err), AISEC_ERR_IO);
	assert_int_equal(aisec_ledger_sync(l, &err), AISEC_ERR_IO);
	assert_int_equal(aisec_ledger_durable_size(l), 5);
	assert_int_not_equal(aisec_ledger_close(l, &err), 0);
	l = aisec_ledger_open(dir, &w, &err);
	assert_non_null(l);
	assert_int_equal(aisec_ledger_size(l), 5);
	assert_int_equal(aisec_ledger_close(l, &err), 0);
	assert_int_equal(verify("fatal", NULL, &r), 0);
}

struct worker {
	struct aisec_ledger *l;
	int id, n;
	bool durable; /* check that each append returns once durable */
};

static void *appender(void *arg)
{
	struct worker *w = arg;
	struct aisec_error err;
	uint64_t idx;
	char e[64];

	for (int i = 0; i < w->n; i++) {
		snprintf(e, sizeof(e), "thread %d entry %d", w->id, i);
		if (aisec_ledger_append(w->l, e, strlen(e), &idx, &err) != 0 ||
		    (w->durable && aisec_ledger_durable_size(w->l) <= idx))
			return (void *)1;
	}
	return NULL;
}

/* While appenders run: every proof of the current size verifies against its root. */
static void *prover(void *arg)
{
	struct worker *w = arg;
	struct aisec_merkle_proof p;
	struct aisec_error err;
	uint8_t root[32], leaf[32];

	for (int k = 0; k < w->n; k++) {
		uint64_t n = aisec_ledger_size(w->l), i = n / 2;

		if (n == 0)
			continue;
		if (aisec_ledger_root(w->l, n, root, &err) != 0 ||
		    aisec_ledger_prove_inclusion(w->l, i, n, &p, &err) != 0 ||
		    aisec_ledger_leaf_hash(w->l, i, leaf, &err) != 0 ||
		    aisec_merkle_verify_inclusion(i, n, leaf, &p, root) != 0)
			return (void *)1;
	}
	return NULL;
}

static void test_threads(void **state)
{
	static const enum aisec_ledger_sync modes[] = {AISEC_LEDGER_SYNC_BATCH,
						       AISEC_LEDGER_SYNC_NONE};
	static const char *const names[] = {"thr-batch", "thr-none"};
	static const int per[] = {100, 5000};

	for (int m = 0; m < 2; m++) {
		struct aisec_ledger_create_opts co = {.origin = "example.com/ledger"};
		struct aisec_ledger_open_opts oo = {.sync = modes[m]};
		struct aisec_ledger_report r;
		struct aisec_error err;
		struct worker w[4], pw;
		pthread_t t[4], pt;
		char dir[512];
		void *ret;

		path_of(dir, sizeof(dir), names[m], NULL);
		assert_int_equal(aisec_ledger_create(dir, &co, &err), 0);
		for (int i = 0; i < 4; i++) {
			w[i].l = NULL;
		}
		w[0].l = aisec_ledger_open(dir, &oo, &err);
		assert_non_null(w[0].l);
		for (int i = 0; i < 4; i++) {
			w[i].l = w[0].l;
			w[i].id = i;
			w[i].n = per[m];
			w[i].durable = modes[m] != AISEC_LEDGER_SYNC_NONE;
			assert_int_equal(pthread_create(&t[i], NULL, appender, &w[i]), 0);
		}
		pw.l = w[0].l;
		pw.n = 200;
		assert_int_equal(pthread_create(&pt, NULL, prover, &pw), 0);
		assert_int_equal(pthread_join(pt, &ret), 0);
		assert_null(ret);
		for (int i = 0; i < 4; i++) {
			assert_int_equal(pthread_join(t[i], &ret), 0);
			assert_null(ret);
		}
		assert_int_equal(aisec_ledger_size(w[0].l), 4 * per[m]);
		if (modes[m] != AISEC_LEDGER_SYNC_NONE)
			assert_int_equal(aisec_ledger_durable_size(w[0].l), 4 * per[m]);
		assert_int_equal(aisec_ledger_close(w[0].l, &err), 0);
		assert_int_equal(verify(names[m], NULL, &r), 0);
		assert_int_equal(r.entries, (uint64_t)(4 * per[m]));
	}
}

/* Syncs and checkpoints among appenders: a checkpoint never covers an entry
 * that is not durable yet. */
static void *syncer(void *arg)
{
	struct worker *w = arg;
	struct aisec_error err;
	struct aisec_buf note;
	void *ret = NULL;

	aisec_buf_init(&note, 0);
	for (int k = 0; k < w->n && !ret; k++) {
		unsigned long long size = 0;
		const char *nl;

		aisec_buf_reset(&note);
		if (aisec_ledger_sync(w->l, &err) != 0 ||
		    aisec_ledger_checkpoint(w->l, &signer, &note, &err) != 0 ||
		    !(nl = memchr(note.data, '\n', note.len)) ||
		    sscanf(nl + 1, "%llu", &size) != 1 ||
		    aisec_ledger_durable_size(w->l) < size)
			ret = (void *)1;
	}
	aisec_buf_release(&note);
	return ret;
}

/* Many appenders waiting at once share fdatasyncs (group commit); the
 * counters add up and every acknowledged entry is durable. */
static void test_group_commit(void **state)
{
	enum { NT = 16, PER = 40 };
	struct aisec_ledger_create_opts co = {.origin = "example.com/ledger"};
	struct aisec_ledger_open_opts oo = {.sync = AISEC_LEDGER_SYNC_BATCH};
	struct aisec_ledger_stats st;
	struct aisec_ledger_report r;
	struct aisec_error err;
	struct worker w[NT], sw;
	pthread_t t[NT], ts;
	char dir[512];
	void *ret;

	(void)state;
	path_of(dir, sizeof(dir), "group", NULL);
	assert_int_equal(aisec_ledger_create(dir, &co, &err), 0);
	sw.l = aisec_ledger_open(dir, &oo, &err);
	assert_non_null(sw.l);
	sw.id = NT;
	sw.n = 20;
	for (int i = 0; i < NT; i++) {
		w[i].l = sw.l;
		w[i].id = i;
		w[i].n = PER;
		w[i].durable = true;
		assert_int_equal(pthread_create(&t[i], NULL, appender, &w[i]), 0);
	}
	assert_int_equal(pthread_create(&ts, NULL, syncer, &sw), 0);
	for (int i = 0; i < NT; i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_null(ret);
	}
	assert_int_equal(pthread_join(ts, &ret), 0);
	assert_null(ret);
	aisec_ledger_stats(sw.l, &st);
	assert_int_equal(st.size, NT * PER);
	assert_int_equal(st.durable, NT * PER);
	assert_int_equal(st.synced, NT * PER);
	assert_true(st.log_syncs >= 1 && st.log_syncs <= st.synced + (uint64_t)sw.n);
	print_message("group commit: %llu entries, %llu fdatasyncs\n",
		      (unsigned long long)st.synced, (unsigned long long)st.log_syncs);
	assert_int_equal(aisec_ledger_close(sw.l, &err), 0);
	assert_int_equal(verify("group", NULL, &r), 0);
	assert_int_equal(r.entries, (uint64_t)(NT * PER));
}

/* A write failure while many threads wait for a round: every one of them
 * gets the error (none sleeps on), and reopening recovers what was durable. */
static void test_fatal_concurrent(void **state)
{
	enum { NT = 8 };
	struct aisec_ledger_open_opts oo = {.sync = AISEC_LEDGER_SYNC_BATCH};
	struct aisec_ledger_report r;
	struct aisec_error err;
	struct worker w[NT];
	pthread_t t[NT];
	struct aisec_ledger *l;
	char dir[512], p[512];
	uint64_t durable;
	void *ret;
	int ro;

	(void)state;
	make_ledger("fatal-mt", 3, NULL, false);
	path_of(dir, sizeof(dir), "fatal-mt", NULL);
	path_of(p, sizeof(p), "fatal-mt", "entries.log");
	l = aisec_ledger_open(dir, &oo, &err);
	assert_non_null(l);
	for (int i = 0; i < NT; i++) {
		w[i].l = l;
		w[i].id = i;
		w[i].n = 1000000; /* until the failure */
		w[i].durable = true;
		assert_int_equal(pthread_create(&t[i], NULL, appender, &w[i]), 0);
	}
	while (aisec_ledger_durable_size(l) < 3 + 50)
		usleep(1000);
	ro = open(p, O_RDONLY);
	assert_true(ro >= 0);
	assert_true(dup2(ro, l->fd_log) >= 0);
	close(ro);
	for (int i = 0; i < NT; i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_non_null(ret); /* stopped by AISEC_ERR_IO */
	}
	assert_int_equal(aisec_ledger_append(l, "x", 1, NULL, &err), AISEC_ERR_IO);
	durable = aisec_ledger_durable_size(l);
	assert_int_not_equal(aisec_ledger_close(l, &err), 0);
	l = aisec_ledger_open(dir, &oo, &err);
	assert_non_null(l);
	assert_true(aisec_ledger_size(l) >= durable);
	assert_int_equal(aisec_ledger_close(l, &err), 0);
	assert_int_equal(verify("fatal-mt", NULL, &r), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc_and_layout),
		cmocka_unit_test(test_append_reopen_prove),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_encryption),
		cmocka_unit_test(test_tamper),
		cmocka_unit_test(test_torn_tail_and_damage),
		cmocka_unit_test(test_fatal_io),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_group_commit),
		cmocka_unit_test(test_fatal_concurrent),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
