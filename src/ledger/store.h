/*
 * store.h - the state of an open ledger, shared by store.c (files,
 * recovery, append, group commit) and ops.c (proofs, reads, checkpoints).
 *
 * Design notes (invariants; see docs/ledger-format.md for the files):
 *
 *  I1  entries.log is the only source of truth.  index.dat and tree.dat
 *      are derived from it and can be rebuilt from it; state is a hint
 *      written only after the three files were fsynced up to its numbers.
 *  I2  Bytes reach the files in the order log, then index, then tree, by a
 *      single writer at a time (the leader, `syncing`).  With a sync policy
 *      the log is fdatasync'd before index and tree are written, so after a
 *      crash index and tree never describe entries the log lost.
 *  I3  size >= on_file >= durable.  `size` entries are sequenced (index
 *      assigned, hashes computed, frontier updated); `on_file` have been
 *      handed to write(); `durable` have been fdatasync'd.  An append is
 *      acknowledged as durable only when durable > its index.
 *  I4  frontier[L] holds the hash of the complete subtree at level L that
 *      ends at `size` when bit L of size is set; other slots are stale.
 *  I5  After an fsync or write failure `fatal` is set and never cleared:
 *      the page cache may have dropped data, so the only safe way on is to
 *      close and reopen, which recovers from what is really on disk.
 *  I6  The state file says `clean` only after a close that synced all three
 *      files; a writer open marks it unclean first.  An unclean open
 *      rescans entries.log from the state's synced point.
 *  I7  A record that fails to decode ends the log only when no valid
 *      record follows it (a torn tail: truncated with a warning); otherwise
 *      the open fails with AISEC_ERR_INTEGRITY and nothing is changed.
 *      The durable mark: index.dat and tree.dat are written only after
 *      the log records they cover, so an entry both cover is known to
 *      have been written; a bad or missing record below min(index, tree)
 *      is damage, never a torn tail (writers refuse, verify fails, readers
 *      refuse).  The state file's `entries` is a second, synced mark.
 *      Valid records past the mark are entries of the ledger: a writer
 *      indexes them when it opens, and readers (show, export, proofs) and
 *      verify count them too, so all agree on the number of entries; an
 *      undecodable remainder past them is crash residue that every one
 *      of them leaves out (the writer truncates it with a warning).

 *  I8  Two signed checkpoints never disagree: before signing size n the
 *      newest stored checkpoint's size must be <= n and its root must still
 *      match (ops.c).  A checkpoint covers only durable entries.
 *  I9  Group commit.  An appender sequences its entries into `pend` under
 *      mu.  With no round in flight it leads one: takes all of pend (up to
 *      `size`), releases mu, writes the log, fdatasyncs it, writes index and
 *      tree, re-takes mu, advances on_file and durable.  Otherwise it queues
 *      itself (struct lg_waiter on its stack, FIFO, its own semaphore) and
 *      sleeps without mu; everyone arriving during an fdatasync is covered
 *      by the next round.  At a round's end the leader takes off the queue
 *      every waiter whose target it reached and the oldest other one as the
 *      next leader, releases mu, wakes the next leader first (the disk is
 *      soon busy again), then the satisfied, which return without taking mu
 *      again.  Waiters queue only while a round is in flight, so each is
 *      settled by the end of one; a fatal error wakes all of them (I5).
 *
 * States of the leader protocol: idle (syncing false, flight empty) ->
 * leading (one thread writes flight outside the mutex; others append to
 * pend and queue) -> idle (counters advanced, queue settled, the next
 * leader and the satisfied waiters woken).
 */
#ifndef AISEC_LEDGER_STORE_H
#define AISEC_LEDGER_STORE_H

#include <pthread.h>
#include <semaphore.h>

#include "aisec/aisec.h"
#include "ledger/ledger_int.h"

#define LG_FILE_STATE "state"
/* rewrite state after this much log since the last one (bounds recovery scans)
 */
#define LG_STATE_INTERVAL ((uint64_t)64 << 20)
/* with SYNC_NONE, hand buffered bytes to the kernel at this size */
#define LG_FLUSH_BYTES ((size_t)4 << 20)

/* A thread waiting for a group-commit round; lives on its stack. */
enum lg_wait_state { LG_W_WAIT, LG_W_DONE, LG_W_LEAD, LG_W_FAILED };
struct lg_waiter {
	struct lg_waiter *next;
	uint64_t target;        /* entries that must be on file ... */
	bool sync;              /* ... and durable */
	enum lg_wait_state state;  /* set by the waker before the post */
	sem_t sem;
};

struct lg_bufs {
	struct aisec_buf log, idx, tree;
};

struct lg_state {
	uint64_t entries;  /* log, index and tree synced up to here */
	uint64_t log_end;  /* byte offset in entries.log after those entries */
	bool clean;
};

struct aisec_ledger {
	char *dir;
	struct lg_config cfg;
	bool readonly;
	enum aisec_ledger_sync sync;
	int fd_log, fd_idx, fd_tree, fd_lock, fd_dir;
	unsigned file_mode; /* of files this writer creates */
	uint8_t ledger_id[16];

	pthread_mutex_t mu;
	bool has_aead;
	struct lg_aead aead;

	uint64_t size, on_file, durable;
	uint64_t log_end;      /* after the last sequenced record */
	uint64_t log_on_file;  /* bytes of entries.log written */
	uint64_t state_log_end;/* log_end recorded in the state file */
	struct lg_bufs pend, flight;
	bool syncing;          /* a leader has a round in flight */
	/* threads waiting for a round, oldest first (only while one is in flight) */
	struct lg_waiter *waiters, **waiters_tail;
	struct aisec_ledger_stats stats;
	int fatal;
	char fatal_msg[256];
	uint8_t frontier[64][AISEC_HASH_SIZE];
	/* read-only opens map tree.dat: proofs then cost no system calls */
	const uint8_t *tree_map;
	size_t tree_map_len;
	/* read-only opens: entries from tail_from on are valid records past the
	 * index files (written before a crash, not yet indexed: the next
	 * writer indexes them, I7), indexed here in memory: their end offsets
	 * in pend.idx, their tree nodes (from stored position
	 * lg_stored_count(tail_from)) in pend.tree.  size == tail_from: none.
	 */
	uint64_t tail_from;
	struct aisec_buf scratch;
};

int lg_state_read(const char *dir, struct lg_state *st, struct aisec_error *err);
/* Check and decode the 32 bytes of a state file (`name` for messages). */
int lg_state_parse(const char *name, const void *data, size_t len, struct lg_state *st,
		   struct aisec_error *err);
int lg_state_write(const char *dir, const struct lg_state *st, unsigned mode,
		   struct aisec_error *err);

/* Hand everything up to `target` to the kernel (sync: and fdatasync it).  mu held. */
int lg_commit_locked(struct aisec_ledger *l, uint64_t target, bool sync,
		     struct aisec_error *err);
/* fdatasync index and tree and record the state (mu held, nothing in flight). */
int lg_sync_derived_locked(struct aisec_ledger *l, bool clean, struct aisec_error *err);

/* pread exactly n bytes at off; AISEC_ERR_IO / AISEC_ERR_INTEGRITY (short) */
int lg_pread(int fd, void *buf, size_t n, uint64_t off, const char *what,
	     struct aisec_error *err);
/* Where entry `index` (< size) lies in entries.log: [*start, *end). */
int lg_entry_span(struct aisec_ledger *l, uint64_t index, uint64_t *start,
		  uint64_t *end, struct aisec_error *err);
/* Node (level, k) from tree.dat (or, read-only, the unindexed tail); the
 * node must be on file. */
int lg_tree_get(void *ctx, unsigned level, uint64_t k, uint8_t out[AISEC_HASH_SIZE],
		struct aisec_error *err);

/* "<dir>/<name>" into b (reset first). */
int lg_path(struct aisec_buf *b, const char *dir, const char *name);

#endif
