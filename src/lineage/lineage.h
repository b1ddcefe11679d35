/*
 * lineage.h - internal interface of the lineage subsystem: the directory
 * walk, the hashing thread pool, path rules, JSON helpers and the store.
 * The public API is include/aisec/lineage.h.
 */
#ifndef AISEC_LINEAGE_INT_H
#define AISEC_LINEAGE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "aisec/lineage.h"

/* ---- walk (walk.c) ------------------------------------------------------ */

struct lin_entry {
	char *rel;   /* normalised relative path ("" for a single-file root) */
	char *abs;   /* path to open */
	uint64_t size;
};

struct lin_walk {
	struct lin_entry *v;
	size_t n, alloc;
	struct aisec_manifest_skip *skipped;
	size_t nskipped, askipped;
	bool is_dir;
};

/* Enumerate the regular files under `root` (or `root` itself), sorted. */
int lin_walk(const char *root, const struct aisec_digest_opts *o,
	     struct lin_walk *w, struct aisec_error *err);
void lin_walk_release(struct lin_walk *w);
int lin_walk_skip(struct lin_walk *w, const char *rel, const char *reason);

/* OMS path order: component by component ("a/b" < "a.b"). */
int lin_path_cmp(const char *a, const char *b);
/* Normalise a user path for recording: drop "./", "//", trailing '/'. */
char *lin_path_normalise(const char *p);
/* Valid, canonical relative POSIX path (no "..", "." , "//", leading '/'). */
bool lin_path_is_canonical(const char *p);
bool lin_utf8_valid(const char *s);

/* ---- hashing pool (hash.c) ---------------------------------------------- */

struct lin_task {
	const char *path;
	uint64_t off, len;
	uint8_t md[AISEC_SHA256_LEN];
	int error;      /* errno of a failure, 0 when hashed */
	bool changed;   /* file was shorter than expected */
};

/*
 * Hash every task with SHA-256 on `o->jobs` threads (largest first), large
 * reads, a fixed buffer per thread.  Task failures are left in ->error;
 * returns 0, or a negative code when the pool could not run.
 */
int lin_hash_tasks(struct lin_task *t, size_t n,
		   const struct aisec_digest_opts *o, struct aisec_error *err);

struct lin_stmt_ref;

/* Check a CycloneDX 1.6 modelCard object (modelcard.c); errors name `file` and the field. */
int lin_modelcard_check(const json_t *card, const char *file, struct aisec_error *err);
/* Check a model card file's supplier, license and externalReferences (modelcard.c). */
int lin_bom_extras_check(const json_t *file, const char *path, struct aisec_error *err);

/* ---- helpers (util.c) ----------------------------------------------------- */

void lin_hex(const uint8_t *md, size_t n, char *out); /* out: 2n+1 */
int lin_unhex32(const char *hex, uint8_t md[AISEC_SHA256_LEN]);
/* RFC 3339 UTC "YYYY-MM-DDThh:mm:ssZ" of now. */
void lin_now(char out[32]);
/* Random RFC 4122 version-4 UUID text (36 chars + NUL). */
int lin_uuid(char out[37]);
/* Dump a JSON value compactly with sorted keys, appended to `out`. */
int lin_json_dump(json_t *v, size_t flags, struct aisec_buf *out);
/* Parse JSON from memory with a message naming `name` and the position. */
json_t *lin_json_parse(const char *name, const char *text, size_t len,
		       struct aisec_error *err);
/* Base64 that accepts standard or URL-safe alphabets, padded or not. */
int lin_b64_decode_any(const char *in, size_t n, struct aisec_buf *out);

/* Make room for `need` elements of `elem` bytes in *v (doubling). */
int lin_grow(void **v, size_t *alloc, size_t need, size_t elem);
/* Free an array of statement references. */
void lin_refs_free(struct lin_stmt_ref *r, size_t n);

/* SHA-256 over the concatenated digests (the OMS root digest). */
int lin_root_digest(const uint8_t (*mds)[AISEC_SHA256_LEN], size_t n,
		    uint8_t out[AISEC_SHA256_LEN]);

/* ---- store (store.c) -------------------------------------------------------- */

/* One statement of the store, its envelope parsed (not yet trusted). */
struct lin_stmt_ref {
	char *name, *digest; /* resource name, hex sha256 */
	char *manifest;      /* hex sha256 of the manifest in the store, or NULL */
	bool is_dir;
	/* inputs: 1 when no recorded step had produced it when this step was
	 * recorded (a source), 0 when one had, -1 when the record does not
	 * say (recorded before this was kept); see verify.c */
	int source;
};

struct lin_stmt {
	char *file;                  /* store file name */
	struct aisec_dsse *env;
	char *step, *tool;
	json_t *params;              /* object, owned */
	struct lin_stmt_ref *subjects;
	size_t nsubjects;
	struct lin_stmt_ref *inputs;
	size_t ninputs;
	struct lin_stmt_ref tool_ref;    /* the tool's dependency entry (name NULL: none) */
	char *builder_id, *finished_on; /* runDetails, NULL when absent */
	int signer;                  /* index of the trusted key, -1 none */
	bool bad_sig;                /* keyid names a trusted key, sig fails */
	char *keyid;                 /* first signature's keyid hint */
};

struct lin_store {
	char *dir;
	size_t nkeys;                /* trusted keys the store was checked with */
	struct lin_stmt *s;
	size_t n;
	struct aisec_lineage_issue *bad; /* corrupt entries */
	size_t nbad;
};

int lin_store_load(const char *dir, struct aisec_key *const *keys,
		   size_t nkeys, struct lin_store *st, struct aisec_error *err);
void lin_store_release(struct lin_store *st);
/* Write `data` under dir/sub/hex.json (content addressed) */
int lin_store_put(const char *dir, const char *sub, const void *data,
		  size_t len, char **name, struct aisec_error *err);
/* Load and check a stored manifest by its hex digest; NULL if absent/bad. */
struct aisec_manifest *lin_store_manifest(const char *dir, const char *hex);

/* Build the in-toto Statement v1 + SLSA v1 payload of a step (statement.c). */
int lin_statement_build(const struct aisec_lineage_step *step,
			const struct lin_stmt_ref *outs, size_t nouts,
			const struct lin_stmt_ref *ins, size_t nins,
			const struct lin_stmt_ref *tool,
			struct aisec_buf *out, struct aisec_error *err);
/* Parse a statement payload (statement.c); fills step, tool, refs. */
int lin_statement_parse(const char *name, const uint8_t *payload, size_t len,
			struct lin_stmt *s, struct aisec_error *err);
void lin_stmt_release(struct lin_stmt *s);

#define LIN_PREDICATE_SLSA "https://slsa.dev/provenance/v1"
/* DigestSet name of a directory's OMS root digest (docs/lineage.md) */
#define LIN_DIGEST_DIR "oms-root-sha256"
#define LIN_BUILDER_ID "https://aisec.dev/lineage/builder/v1"
#define LIN_STATEMENT_V1 "https://in-toto.io/Statement/v1"
#define LIN_PAYLOAD_INTOTO "application/vnd.in-toto+json"
#define LIN_BUILD_TYPE "https://aisec.dev/lineage/step/v1"
#define LIN_MANIFEST_TYPE "https://aisec.dev/lineage/manifest/v1"

/* ---- graph model (graph.c), used by verify, graph and bom ------------------- */

struct lin_node {
	char *name;      /* path or step name */
	char *digest;    /* artefacts: hex sha256; steps: NULL */
	bool is_step;
	bool is_dir;
	int stmt;        /* steps: index in the store */
	int status;      /* 0 ok, 1 broken, 2 unverified */
	int layer, order;
	double x, y;
};

struct lin_edge {
	size_t from, to;
};

struct lin_graph {
	struct lin_node *v;
	size_t n, alloc;
	struct lin_edge *e;
	size_t ne, ealloc;
};

/* Ancestry of the artefact with digest `hex` (NULL: whole store). */
int lin_graph_build(const struct lin_store *st, const char *hex,
		    const char *name, struct lin_graph *g);
void lin_graph_release(struct lin_graph *g);

int lin_graph_svg(struct lin_graph *g, struct aisec_buf *out);

#endif
