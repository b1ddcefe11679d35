/*
 * ledger_bench.c - throughput and latency of the ledger against the
 * baseline a user would otherwise run (SQLite), in one process and run.
 * Built and run by bench/ledger.sh:
 *   cc -O2 -Iinclude bench/ledger_bench.c build/libaisec.a -lcrypto \
 *      -ljansson -lfyaml -lsqlite3 -lpthread -lm
 * usage: ledger_bench DIR [N_APPEND [N_PROOF_TREE [SECONDS [THREADS,...]]]]
 * N_APPEND 0 skips the --sync none figures, N_PROOF_TREE 0 the proofs;
 * THREADS is a comma-separated list of concurrent appender counts.
 * Prints one "name value unit" line per figure.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "aisec/ledger.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the process: on a loaded machine the rate per CPU second is
 * the figure that does not depend on what else runs */
static double cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const struct aisec_error *err)
{
	fprintf(stderr, "ledger_bench: %s: %s\n", what, err ? err->msg : "");
	exit(1);
}

static struct aisec_ledger *fresh(const char *dir, enum aisec_ledger_sync sync)
{
	struct aisec_ledger_create_opts co = {"bench.example/log", NULL, NULL};
	struct aisec_ledger_open_opts oo = {.sync = sync};
	struct aisec_error err;
	struct aisec_ledger *l;
	char cmd[1100];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0 || aisec_ledger_create(dir, &co, &err) != 0)
		die("create", &err);
	l = aisec_ledger_open(dir, &oo, &err);
	if (!l)
		die("open", &err);
	return l;
}

static void fill(uint8_t *e, size_t len, uint64_t i)
{
	memset(e, 'a' + (int)(i % 26), len);
	memcpy(e, &i, sizeof(i));
}

/* 1: appends of 256-byte entries, --sync none */
static void bench_none(const char *dir, uint64_t n)
{
	struct aisec_error err;
	struct aisec_ledger *l = fresh(dir, AISEC_LEDGER_SYNC_NONE);
	uint8_t e[256];
	double c0 = cpu(), t0 = now(), t1, t2, c1;

	for (uint64_t i = 0; i < n; i++) {
		fill(e, sizeof(e), i);
		if (aisec_ledger_append(l, e, sizeof(e), NULL, &err) != 0)
			die("append", &err);
	}
	t1 = now();
	c1 = cpu();
	if (aisec_ledger_close(l, &err) != 0)
		die("close", &err);
	t2 = now();
	printf("append_none_256B %.0f appends/s (%" PRIu64 " entries in %.3f s wall; %.0f appends per CPU second)\n",
	       n / (t1 - t0), n, t1 - t0, n / (c1 - c0));
	printf("append_none_256B_incl_final_fsync %.0f appends/s (close+fsync %.3f s)\n", n / (t2 - t0), t2 - t1);
}

/* 2a: SQLite WAL synchronous=FULL, one 256-byte row per commit */
static double bench_sqlite(const char *dir, double secs)
{
	char path[1100];
	sqlite3 *db;
	sqlite3_stmt *st;
	uint8_t e[256];
	uint64_t n = 0;
	double t0, t;

	snprintf(path, sizeof(path), "%s.sqlite", dir);
	remove(path);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "-wal");
	remove(path);
	path[strlen(path) - 4] = '\0';
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			     "CREATE TABLE log(id INTEGER PRIMARY KEY, entry BLOB NOT NULL);",
			     NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO log(entry) VALUES (?)", -1, &st, NULL) != SQLITE_OK)
		die("sqlite", NULL);
	t0 = now();
	do {
		fill(e, sizeof(e), n);
		sqlite3_bind_blob(st, 1, e, sizeof(e), SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) /* autocommit: one transaction per row */
			die("sqlite insert", NULL);
		sqlite3_reset(st);
		n++;
		t = now();
	} while (t - t0 < secs);
	sqlite3_finalize(st);
	sqlite3_close(db);
	remove(path);
	printf("sqlite_wal_full_1row_per_commit %.0f rows/s (%" PRIu64 " rows)\n", n / (t - t0), n);
	return n / (t - t0);
}

/* entries made durable per fdatasync of the log: how well commits are shared */
static double per_sync(const struct aisec_ledger_stats *st)
{
	return st->log_syncs ? (double)st->synced / (double)st->log_syncs : 0.0;
}

/* 2b: --sync batch as the CLI runs it: groups of up to 1024 entries, one fdatasync each */
static double bench_batch_stream(const char *dir, double secs)
{
	struct aisec_error err;
	struct aisec_ledger *l = fresh(dir, AISEC_LEDGER_SYNC_BATCH);
	static uint8_t e[1024][256];
	struct aisec_ledger_item it[1024];
	struct aisec_ledger_stats st;
	uint64_t n = 0, first, groups = 0;
	double t0 = now(), t;

	do {
		for (int k = 0; k < 1024; k++) {
			fill(e[k], 256, n + k);
			it[k].data = e[k];
			it[k].len = 256;
		}
		if (aisec_ledger_append_batch(l, it, 1024, &first, &err) != 0)
			die("append_batch", &err);
		n += 1024;
		groups++;
		t = now();
	} while (t - t0 < secs);
	aisec_ledger_stats(l, &st);
	if (st.durable != n)
		die("not durable", NULL);
	aisec_ledger_close(l, NULL);
	printf("append_batch_stream_256B %.0f durable appends/s (%" PRIu64 " entries in %" PRIu64
	       " calls, %" PRIu64 " fdatasyncs, %.1f entries per fdatasync)\n",
	       n / (t - t0), n, groups, st.log_syncs, per_sync(&st));
	return n / (t - t0);
}

struct thr {
	struct aisec_ledger *l;
	double until;
	uint64_t n;
};

static void *appender(void *arg)
{
	struct thr *t = arg;
	struct aisec_error err;
	uint8_t e[256];

	while (now() < t->until) {
		fill(e, sizeof(e), t->n);
		if (aisec_ledger_append(t->l, e, sizeof(e), NULL, &err) != 0)
			die("append", &err);
		t->n++;
	}
	return NULL;
}

/* 2c: --sync batch with concurrent appenders, each append durable before it returns */
static double bench_batch_threads(const char *dir, int nthreads, double secs)
{
	struct aisec_ledger *l = fresh(dir, AISEC_LEDGER_SYNC_BATCH);
	struct aisec_ledger_stats st;
	pthread_t tid[256];
	struct thr t[256];
	uint64_t n = 0;
	double t0 = now(), c0 = cpu(), w, c;

	for (int i = 0; i < nthreads; i++) {
		t[i].l = l;
		t[i].until = t0 + secs;
		t[i].n = 0;
		pthread_create(&tid[i], NULL, appender, &t[i]);
	}
	for (int i = 0; i < nthreads; i++) {
		pthread_join(tid[i], NULL);
		n += t[i].n;
	}
	w = now() - t0;
	c = cpu() - c0;
	aisec_ledger_stats(l, &st);
	if (st.durable != n) /* every append returned only once durable */
		die("not durable", NULL);
	printf("append_batch_%dthreads_256B %.0f durable appends/s (%" PRIu64 " entries, %" PRIu64
	       " fdatasyncs, %.1f entries per fdatasync, %.1f us CPU per entry)\n", nthreads,
	       n / w, n, st.log_syncs, per_sync(&st), c / n * 1e6);
	aisec_ledger_close(l, NULL);
	return n / w;
}

/* 3: inclusion proofs in a large ledger */
static void bench_proofs(const char *dir, uint64_t n)
{
	struct aisec_ledger_open_opts ro = {.readonly = true};
	struct aisec_error err;
	struct aisec_ledger *l = fresh(dir, AISEC_LEDGER_SYNC_NONE);
	struct aisec_merkle_proof p;
	uint8_t e[32], root[32], leaf[32];
	uint64_t seed = 88172645463325252ull, k = 20000;
	double t0, t1, tb;

	tb = now();
	for (uint64_t i = 0; i < n; i++) {
		fill(e, sizeof(e), i);
		if (aisec_ledger_append(l, e, sizeof(e), NULL, &err) != 0)
			die("append", &err);
	}
	if (aisec_ledger_close(l, &err) != 0)
		die("close", &err);
	printf("build_%" PRIu64 "_entries_32B %.2f s\n", n, now() - tb);
	t0 = now();
	l = aisec_ledger_open(dir, &ro, &err);
	if (!l)
		die("open", &err);
	printf("open_%" PRIu64 "_entries %.1f us\n", n, (now() - t0) * 1e6);
	aisec_ledger_root(l, n, root, &err);
	t0 = now();
	for (uint64_t i = 0; i < k; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		if (aisec_ledger_prove_inclusion(l, seed % n, n, &p, &err) != 0)
			die("prove", &err);
	}
	t1 = now();
	printf("inclusion_proof_in_%" PRIu64 " %.2f us per proof (mean of %" PRIu64 " random indices)\n",
	       n, (t1 - t0) / k * 1e6, k);
	/* and each proof checks */
	for (uint64_t i = 0; i < 100; i++) {
		uint64_t idx = (i * 7919) % n;

		aisec_ledger_prove_inclusion(l, idx, n, &p, &err);
		aisec_ledger_leaf_hash(l, idx, leaf, &err);
		if (aisec_merkle_verify_inclusion(idx, n, leaf, &p, root) != 0)
			die("proof does not verify", NULL);
	}
	aisec_ledger_close(l, NULL);
}

/* 4: full verification */
static void bench_verify(const char *dir)
{
	struct aisec_ledger_report r;
	struct aisec_error err;
	double c0 = cpu(), t0 = now(), t, c;

	if (aisec_ledger_verify(dir, NULL, &r, &err) != 0)
		die("verify", &err);
	t = now() - t0;
	c = cpu() - c0;
	printf("verify_full %.0f MB/s (%" PRIu64 " entries, %" PRIu64 " bytes in %.3f s wall; %.0f MB per CPU second)\n",
	       r.bytes / t / 1e6, r.entries, r.bytes, t, r.bytes / c / 1e6);
}

int main(int argc, char **argv)
{
	const char *base = argc > 1 ? argv[1] : "/tmp/aisec-ledger-bench";
	uint64_t n = argc > 2 ? strtoull(argv[2], NULL, 10) : 1000000;
	uint64_t big = argc > 3 ? strtoull(argv[3], NULL, 10) : 10000000;
	double secs = argc > 4 ? atof(argv[4]) : 3.0;
	const char *threads = argc > 5 ? argv[5] : "64";
	char d1[1024], d2[1024], d3[1024];
	double sq, b1;

	snprintf(d1, sizeof(d1), "%s/none", base);
	snprintf(d2, sizeof(d2), "%s/batch", base);
	snprintf(d3, sizeof(d3), "%s/big", base);
	if (n) {
		bench_none(d1, n);
		bench_verify(d1);
	}
	sq = bench_sqlite(d2, secs);
	b1 = bench_batch_stream(d2, secs);
	printf("batch_stream_vs_sqlite %.1fx\n", b1 / sq);
	for (const char *p = threads; *p;) {
		char *end;
		long k = strtol(p, &end, 10);

		if (end == p || k < 1 || k > 256)
			die("THREADS: want a list of counts from 1 to 256", NULL);
		printf("batch_%ldthreads_vs_sqlite %.1fx\n", k,
		       bench_batch_threads(d2, (int)k, secs) / sq);
		p = *end == ',' ? end + 1 : end;
	}
	if (big)
		bench_proofs(d3, big);
	if (big)
		bench_verify(d3);
	return 0;
}
