/*
 * verify_par.c - the parallel first pass of ledger verification: the leaf
 * range that index.dat and tree.dat cover is cut into chunks aligned to a
 * power of two; each worker checks the records, leaf hashes and the nodes
 * inside its chunks; the calling thread then checks the few nodes that span
 * chunks.  The contract is in ledger_int.h (lg_verify_prefix).
 */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "ledger/ledger_int.h"

#define MAX_WORKERS 8
#define MIN_ENTRIES 4096  /* below this the sequential scan is as fast */

struct job {
	const struct lg_map *log, *idx, *tree;
	uint64_t n;          /* entries covered */
	unsigned k;          /* chunks are 2^k entries */
	unsigned first, step; /* this worker's chunks: first, first+step, ... */
	uint64_t bad;        /* first failing entry seen, or UINT64_MAX */
};

static const uint8_t *stored(const struct lg_map *tree, uint64_t pos)
{
	return tree->p + pos * AISEC_HASH_SIZE;
}

/* Check entries [a, b) of one chunk starting at a (aligned to 2^k). */
static uint64_t check_chunk(const struct job *j, uint64_t a, uint64_t b)
{
	uint8_t fr[64][AISEC_HASH_SIZE], h[AISEC_HASH_SIZE];

	for (uint64_t i = a; i < b; i++) {
		uint64_t start = i ? lg_get64(j->idx->p + 8 * (i - 1)) : LG_LOG_HEADER;
		uint64_t end = lg_get64(j->idx->p + 8 * i), got, s = lg_stored_count(i);
		const uint8_t *pl;
		uint32_t len;
		unsigned L = 0;

		if (start < LG_LOG_HEADER || end <= start || end > j->log->n ||
		    lg_rec_decode(j->log->p + start, end - start, i, &pl, &len, &got) != LG_REC_OK ||
		    LG_REC_HEADER + len != end - start)
			return i;
		aisec_merkle_leaf_hash(pl, len, h);
		if (memcmp(h, stored(j->tree, s), AISEC_HASH_SIZE) != 0)
			return i;
		/* nodes this leaf completes, as long as they lie inside the chunk */
		while ((i >> L & 1) && i + 1 >= a + ((uint64_t)2 << L)) {
			aisec_merkle_node_hash(fr[L], h, h);
			L++;
			if (memcmp(h, stored(j->tree, s + L), AISEC_HASH_SIZE) != 0)
				return i;
		}
		memcpy(fr[L], h, AISEC_HASH_SIZE);
	}
	return UINT64_MAX;
}

static void *worker(void *arg)
{
	struct job *j = arg;
	uint64_t size = (uint64_t)1 << j->k;

	for (uint64_t c = j->first; c * size < j->n; c += j->step) {
		uint64_t a = c * size, b = a + size < j->n ? a + size : j->n;
		uint64_t bad = check_chunk(j, a, b);

		if (bad != UINT64_MAX) {
			j->bad = bad;
			break;
		}
	}
	return NULL;
}

/* Nodes above level k (they span chunks), from their stored children. */
static uint64_t check_spanning(const struct lg_map *tree, unsigned k, uint64_t f)
{
	uint8_t h[AISEC_HASH_SIZE];

	for (unsigned L = k + 1; L < 64 && ((uint64_t)1 << L) <= f; L++) {
		for (uint64_t n = 0; ((n + 1) << L) <= f; n++) {
			uint64_t leaf = ((n + 1) << L) - 1;

			aisec_merkle_node_hash(stored(tree, lg_stored_index(L - 1, 2 * n)),
					       stored(tree, lg_stored_index(L - 1, 2 * n + 1)), h);
			if (memcmp(h, stored(tree, lg_stored_index(L, n)), AISEC_HASH_SIZE) != 0) {
				f = leaf; /* nodes completed later are beyond f now */
				break;
			}
		}
	}
	return f;
}

uint64_t lg_verify_prefix(const struct lg_map *log, const struct lg_map *idx,
			  const struct lg_map *tree)
{
	uint64_t n_tree = lg_leaves_for_hashes(tree->n / AISEC_HASH_SIZE);
	uint64_t n = idx->n / 8 < n_tree ? idx->n / 8 : n_tree, f = n;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned t = cpus < 1 ? 1 : cpus > MAX_WORKERS ? MAX_WORKERS : (unsigned)cpus, k = 8;
	struct job jobs[MAX_WORKERS];
	pthread_t tid[MAX_WORKERS];
	bool started[MAX_WORKERS];

	if (n < MIN_ENTRIES || t < 2)
		return 0;
	/* chunks of 2^k entries, between t and 2t of them */
	while (((uint64_t)2 << k) <= n / t)
		k++;
	for (unsigned w = 0; w < t; w++) {
		jobs[w] = (struct job){log, idx, tree, n, k, w, t, UINT64_MAX};
		started[w] = pthread_create(&tid[w], NULL, worker, &jobs[w]) == 0;
		if (!started[w])
			worker(&jobs[w]);
	}
	for (unsigned w = 0; w < t; w++) {
		if (started[w])
			pthread_join(tid[w], NULL);
		if (jobs[w].bad < f)
			f = jobs[w].bad;
	}
	return check_spanning(tree, k, f);
}
