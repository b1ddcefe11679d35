/*
 * lineage.h - traceability and lineage of data and models (ENISA 2023,
 * sections 4.1 and 5.1): content digests of datasets and models, signed
 * provenance of every transformation step, verification of the chain back
 * to the raw sources, the lineage graph and an AI bill of materials.
 *
 * Formats (docs/lineage.md has the details):
 *  - digest manifest: aisec's JSON listing of a file or directory, every
 *    regular file with its normalised relative path, size and SHA-256 (or
 *    its shard digests), plus the artefact digest;
 *  - artefact digest: for a regular file its plain SHA-256; for a directory
 *    the OpenSSF Model Signing v1.0 root digest (SHA-256 over the
 *    concatenated raw SHA-256 digests of its files, sorted by path the way
 *    the reference implementation sorts them, component by component);
 *  - provenance record: an in-toto Statement v1 whose subjects are the
 *    outputs and whose predicate is SLSA Provenance v1 (inputs as resolved
 *    dependencies), in a DSSE envelope signed with Ed25519 or ECDSA P-256;
 *  - model signature: an OpenSSF Model Signing (OMS) v1.0 sigstore bundle,
 *    key-based, interoperable with the `model_signing` reference tool.
 *
 * Conventions: fallible calls return 0 or a negative enum aisec_err and fill
 * `err`.  Objects returned through `**out` belong to the caller and are
 * freed with the matching _free() (NULL is a no-op).  Nothing here keeps
 * global state; distinct objects may be used from distinct threads, one
 * object from one thread at a time.  Hashing runs its own thread pool.
 */
#ifndef AISEC_LINEAGE_H
#define AISEC_LINEAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aisec/buf.h"
#include "aisec/error.h"
#include "aisec/export.h"
#include "aisec/key.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- digests and manifests --------------------------------------------- */

#define AISEC_SHA256_LEN 32
#define AISEC_LINEAGE_DEFAULT_STORE ".aisec/lineage"
/* OMS default shard size (bytes). */
#define AISEC_LINEAGE_OMS_SHARD 1000000000ULL

/* Options of a walk-and-hash; zero-initialise, then set what you need. */
struct aisec_digest_opts {
	unsigned jobs;          /* worker threads; 0 = all online CPUs */
	uint64_t shard_size;    /* 0 = whole files; else hash byte ranges */
	size_t read_size;       /* bytes per read(); 0 = 2 MiB */
	bool follow_external_symlinks; /* follow links that leave the root */
	bool refuse_symlinks;   /* refuse every symlink (OMS allow_symlinks=false) */
	bool skip_special;      /* skip fifos, sockets, devices instead of failing */
	bool skip_unreadable;   /* skip files that cannot be opened */
	const char *const *ignore; /* relative paths to leave out (and below) */
	size_t nignore;
	/* Called from the calling thread about every 100 ms while hashing. */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	void *progress_ctx;
};

struct aisec_shard_digest {
	uint64_t start, end; /* [start, end) */
	uint8_t sha256[AISEC_SHA256_LEN];
};

struct aisec_manifest_file {
	char *path;      /* relative, '/'-separated, normalised, valid UTF-8 */
	uint64_t size;
	bool whole;      /* sha256 is the whole file's digest */
	uint8_t sha256[AISEC_SHA256_LEN];
	struct aisec_shard_digest *shards; /* when hashed in shards */
	size_t nshards;
};

struct aisec_manifest_skip {
	char *path;
	char *reason; /* "special file", "unreadable: Permission denied", ... */
};

struct aisec_manifest {
	char *name;          /* base name of the artefact */
	bool is_dir;
	uint64_t shard_size; /* 0 = files method */
	struct aisec_manifest_file *files; /* sorted by path (component-wise) */
	size_t nfiles;
	struct aisec_manifest_skip *skipped;
	size_t nskipped;
	uint64_t total_bytes;
	uint8_t digest[AISEC_SHA256_LEN]; /* artefact digest (see above) */
};

/* Walk and hash `path` (a regular file or a directory). */
AISEC_API int aisec_manifest_build(const char *path,
				   const struct aisec_digest_opts *opts,
				   struct aisec_manifest **out,
				   struct aisec_error *err);
AISEC_API void aisec_manifest_free(struct aisec_manifest *m);

/* Serialise as aisec manifest JSON (docs/lineage.md), appended to `out`. */
AISEC_API int aisec_manifest_to_json(const struct aisec_manifest *m,
				     struct aisec_buf *out);
/* Parse manifest JSON; checks paths, hex digests and the artefact digest. */
AISEC_API int aisec_manifest_parse(const char *name, const char *json,
				   size_t len, struct aisec_manifest **out,
				   struct aisec_error *err);

/* One difference between a recorded and a current directory. */
enum aisec_manifest_change {
	AISEC_MANIFEST_MODIFIED = 1, /* same path, other content */
	AISEC_MANIFEST_ADDED = 2,
	AISEC_MANIFEST_REMOVED = 3,
	AISEC_MANIFEST_RENAMED = 4   /* same content under another path */
};

/*
 * Compare two manifests; calls `cb` once per change (for RENAMED `path` is
 * the old and `other` the new path; otherwise `other` is NULL) and returns
 * the number of changes.
 */
AISEC_API size_t aisec_manifest_diff(const struct aisec_manifest *recorded,
				     const struct aisec_manifest *current,
				     void (*cb)(void *ctx,
						enum aisec_manifest_change c,
						const char *path,
						const char *other),
				     void *ctx);

/* ---- DSSE --------------------------------------------------------------- */

/* Append PAE(type, body) (DSSE v1 pre-authentication encoding) to `out`. */
AISEC_API int aisec_dsse_pae(const char *payload_type, const void *body,
			     size_t len, struct aisec_buf *out);

/*
 * Sign `body` and append a compact DSSE envelope JSON to `out`.  The
 * signature's keyid is the key id (key.h).
 */
AISEC_API int aisec_dsse_sign(const char *payload_type, const void *body,
			      size_t len, const struct aisec_key *key,
			      struct aisec_buf *out, struct aisec_error *err);

/* A parsed DSSE envelope (the payload is decoded, not yet trusted). */
struct aisec_dsse_sig {
	char *keyid;   /* may be NULL (absent or null) */
	uint8_t *sig;
	size_t siglen;
};
struct aisec_dsse {
	char *payload_type;
	uint8_t *payload; /* NUL-terminated for convenience */
	size_t payload_len;
	struct aisec_dsse_sig *sigs;
	size_t nsigs;
};

/* Parse an envelope (standard or URL-safe base64, padded or not). */
AISEC_API int aisec_dsse_parse(const char *name, const char *json, size_t len,
			       struct aisec_dsse **out,
			       struct aisec_error *err);
AISEC_API void aisec_dsse_free(struct aisec_dsse *env);

/*
 * Verify: 0 when at least one signature verifies with one of `keys`; then
 * `*which` (may be NULL) is the index of that key.  -1 otherwise.
 */
AISEC_API AISEC_WUR int aisec_dsse_verify(const struct aisec_dsse *env,
					  struct aisec_key *const *keys,
					  size_t nkeys, size_t *which);

/* ---- provenance records ------------------------------------------------ */

struct aisec_lineage_param {
	const char *key, *value;
};

/* One transformation step, as a training pipeline describes it. */
struct aisec_lineage_step {
	const char *name;                 /* "train", "clean", ... (required) */
	const char *const *inputs;        /* paths of files or directories */
	size_t ninputs;
	const char *const *outputs;       /* paths; at least one */
	size_t noutputs;
	const char *tool;                 /* the program that ran the step: a
					     file, or a command on PATH; hashed
					     and recorded as a dependency; may
					     be NULL */
	const struct aisec_lineage_param *params;
	size_t nparams;
	const char *started_on;           /* RFC 3339 UTC, NULL = now */
	const char *finished_on;          /* NULL = now */
	const char *builder_id;           /* SLSA builder.id: the pipeline that
					     ran the step (a URI); NULL = aisec's */
};

/*
 * Record one step in the lineage store `store` (created if needed;
 * NULL = AISEC_LINEAGE_DEFAULT_STORE): hash inputs and outputs (with
 * `dopts`, may be NULL), write the directory manifests, build the in-toto
 * Statement v1 with its SLSA Provenance v1 predicate, sign it with `key`
 * (private Ed25519 or ECDSA) into a DSSE envelope and store it.  Paths are
 * recorded as given, normalised ("./a//b" -> "a/b"); verification resolves
 * them against the same working directory.  If `stored_path` is not NULL
 * it receives the envelope's file name (caller frees).
 */
AISEC_API int aisec_lineage_record(const char *store,
				   const struct aisec_lineage_step *step,
				   const struct aisec_key *key,
				   const struct aisec_digest_opts *dopts,
				   char **stored_path,
				   struct aisec_error *err);

/* ---- verification -------------------------------------------------------- */

enum aisec_lineage_status {
	AISEC_LINEAGE_VERIFIED = 0, /* every link verified back to the sources */
	AISEC_LINEAGE_BROKEN = 1,   /* at least one broken link (see issues) */
	AISEC_LINEAGE_MISSING = 2   /* no statement produced the artefact */
};

enum aisec_lineage_issue_kind {
	AISEC_ISSUE_MISSING_STATEMENT = 1, /* nothing in the store produced it */
	AISEC_ISSUE_DIGEST_MISMATCH = 2,   /* content differs from the record */
	AISEC_ISSUE_FILE_ADDED = 3,        /* directory gained a file */
	AISEC_ISSUE_FILE_REMOVED = 4,      /* directory lost a file */
	AISEC_ISSUE_FILE_RENAMED = 5,      /* a file moved inside a directory */
	AISEC_ISSUE_FILE_MODIFIED = 6,     /* a file's bytes changed */
	AISEC_ISSUE_UNKNOWN_SIGNER = 7,    /* signed by no trusted key */
	AISEC_ISSUE_BAD_SIGNATURE = 8,     /* trusted key id, signature fails:
					      statement altered */
	AISEC_ISSUE_CYCLE = 9,             /* an artefact is its own ancestor */
	AISEC_ISSUE_CORRUPT_ENTRY = 10,    /* store entry unreadable/truncated */
	AISEC_ISSUE_MISSING_INPUT = 11,    /* a recorded artefact is absent */
	AISEC_ISSUE_SOURCE_GAP = 12        /* the chain ends at an artefact that is
					      no (declared or recorded) source */
};

struct aisec_lineage_issue {
	enum aisec_lineage_issue_kind kind;
	char *artefact;  /* path or store entry concerned */
	char *message;   /* one line, lower-case, names the link */
};

/* A verified or examined link: step `step` made `output` from its inputs. */
struct aisec_lineage_link {
	char *statement; /* store file name */
	char *step;
	char *signer;    /* key id that verified, NULL if none */
	char *output;    /* artefact path */
	bool ok;
};

struct aisec_lineage_report {
	enum aisec_lineage_status status;
	char *artefact;
	char digest[2 * AISEC_SHA256_LEN + 1]; /* of the artefact as found */
	struct aisec_lineage_issue *issues;
	size_t nissues;
	struct aisec_lineage_link *links;
	size_t nlinks;
	char **sources;  /* leaf inputs reached (raw sources) */
	size_t nsources;
};

struct aisec_lineage_verify_opts {
	const char *store;                 /* NULL = AISEC_LINEAGE_DEFAULT_STORE */
	struct aisec_key *const *keys;     /* trusted public keys */
	size_t nkeys;
	const struct aisec_digest_opts *digest; /* may be NULL */
	/* folder that relative input names of the statements resolve against
	 * (the working directory of the recording); NULL = the current one */
	const char *base_dir;
	/* the sources the chain must end at (paths as recorded, or hex
	 * sha256); with none, the sources the statements recorded as such */
	const char *const *sources;
	size_t nsources;
};

/*
 * Verify `artefact`: recompute its digest, find the statements whose
 * subjects carry it, check every signature against the trusted keys and
 * every input's digest against the files on disk, and walk back to the
 * sources.  Returns 0 when the verification ran (whatever its outcome; the
 * outcome is (*out)->status with the issues), or a negative enum aisec_err
 * when it could not run (unreadable artefact, bad options).  *out is set
 * only on 0 and freed with aisec_lineage_report_free().
 */
AISEC_API int aisec_lineage_verify(const char *artefact,
				   const struct aisec_lineage_verify_opts *o,
				   struct aisec_lineage_report **out,
				   struct aisec_error *err);
AISEC_API void aisec_lineage_report_free(struct aisec_lineage_report *r);

/*
 * One call for the assessment (a profile's evidence.lineage): load the
 * trusted public keys from the PEM files `key_paths`, verify `artefact`
 * against `store` (NULL = default), resolving the statements' relative
 * input names against `base_dir` (NULL = the current directory), and
 * return the status:
 *   AISEC_LINEAGE_VERIFIED (0), AISEC_LINEAGE_BROKEN (1) with the reasons
 *   in `reasons` (one line each, appended, "\n"-separated; may be NULL),
 *   AISEC_LINEAGE_MISSING (2) when no statement covers the artefact or the
 *   artefact does not exist (reason given);
 * or a negative enum aisec_err (unreadable key, I/O error) with `err` set.
 * Thread-safe; it keeps nothing between calls.
 */
AISEC_API int aisec_lineage_verify_artefact(const char *store,
					    const char *base_dir,
					    const char *artefact,
					    const char *const *key_paths,
					    size_t nkeys,
					    struct aisec_buf *reasons,
					    struct aisec_error *err);

/* ---- graph and AI bill of materials --------------------------------------- */

enum aisec_graph_format {
	AISEC_GRAPH_JSON = 1,
	AISEC_GRAPH_DOT = 2,
	AISEC_GRAPH_SVG = 3
};

/*
 * Render the lineage graph (artefacts and steps, edges input -> step ->
 * output) of `artefact`'s ancestry, or of the whole store when `artefact`
 * is NULL.  Signatures are checked against `o->keys` and shown per step
 * (nkeys may be 0: then every step shows as unverified).  SVG is laid out
 * in layers by longest path from the sources, ordered to reduce crossings.
 */
AISEC_API int aisec_lineage_graph(const char *artefact,
				  const struct aisec_lineage_verify_opts *o,
				  enum aisec_graph_format fmt,
				  struct aisec_buf *out,
				  struct aisec_error *err);

struct aisec_bom_opts {
	const char *model_name;    /* NULL = artefact's base name */
	const char *model_version; /* may be NULL */
	const char *model_card;    /* path of a JSON model card, may be NULL:
				      a CycloneDX modelCard object, or
				      {"modelCard", "supplier", "license",
				       "externalReferences"} (docs/lineage.md) */
	const char *const *base_models; /* artefacts of the lineage that are
				      models (base or upstream), not data */
	size_t nbase_models;
	const char *serial;        /* "urn:uuid:...", NULL = UUIDv5 of the content */
	const char *timestamp;     /* RFC 3339, NULL = the model's record
				      (finishedOn of the step that made it) */
	int *status;               /* out, may be NULL: the lineage verification
				      (enum aisec_lineage_status) when trusted
				      keys were given, else -1 */
};

/*
 * Write a CycloneDX 1.6 JSON document for `artefact`: the model as
 * metadata.component (machine-learning-model: hash, model card, supplier,
 * licence, external references), the base models among its ancestors as
 * machine-learning-model components (and its pedigree), the other
 * artefacts as data components (datasets), and the lineage as
 * dependencies (output dependsOn inputs).  With trusted keys in `o` the
 * lineage is verified first and the outcome recorded in metadata.properties
 * (and *b->status).  Deterministic: the same lineage and options give the
 * same bytes.  A model card that does not fit CycloneDX's modelCard is
 * refused (AISEC_ERR_INVALID naming the file and field).
 */
AISEC_API int aisec_lineage_bom(const char *artefact,
				const struct aisec_lineage_verify_opts *o,
				const struct aisec_bom_opts *b,
				struct aisec_buf *out,
				struct aisec_error *err);

/* ---- OpenSSF Model Signing v1.0 -------------------------------------------- */

struct aisec_oms_opts {
	const char *const *ignore; /* extra relative paths to ignore */
	size_t nignore;
	uint64_t shard_size;       /* 0 = "files" method */
	const char *signature;     /* bundle path, to exclude; NULL = "model.sig" */
	unsigned jobs;
	bool ignore_unsigned;      /* verify: files not in the bundle are fine */
	struct aisec_buf *notices; /* verify: if set, gets one line per legacy
				      form accepted (older key material) */
};

/* Sign the model at `path` (directory or file) into an OMS bundle (JSON). */
AISEC_API int aisec_oms_sign(const char *path, const struct aisec_key *key,
			     const struct aisec_oms_opts *o,
			     struct aisec_buf *bundle, struct aisec_error *err);

/*
 * Verify an OMS bundle (key-based; certificate-chain bundles are checked
 * against the given public key as the pinned leaf key) for the model at
 * `path`.  Returns 0 when the signature verifies and every file matches,
 * AISEC_ERR_VERIFY with the first difference in `err` otherwise, or
 * another negative code for malformed input.  Bundles of model_signing
 * 1.0.x (publicKey.rawBytes + keyDetails instead of a hint) verify when the
 * raw key is `key`; a line saying so is appended to o->notices.  Shard
 * resources may name their algorithm "sha256" or "sha256-sharded-<size>".
 */
AISEC_API AISEC_WUR int aisec_oms_verify(const char *path,
					 const char *bundle, size_t len,
					 const struct aisec_key *key,
					 const struct aisec_oms_opts *o,
					 struct aisec_error *err);

#ifdef __cplusplus
}
#endif
#endif
