/*
 * catalog_int.h - the inside of a loaded catalog, shared by the files of
 * src/catalog: the string arena, the growable entry arrays, the decoding
 * of one YAML entry by a field table, and the documents kept as YAML.
 * Not installed; other subsystems use include/aisec/catalog.h.
 */
#ifndef AISEC_CATALOG_INT_H
#define AISEC_CATALOG_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "aisec/catalog.h"

struct fy_document;
struct fy_node;

/* ---- arena: every string and array of a catalog lives here ------------- */

struct cat_chunk;

struct cat_arena {
	struct cat_chunk *head;
};

void *cat_alloc(struct cat_arena *a, size_t n);            /* zeroed, 8-aligned */
char *cat_strndup(struct cat_arena *a, const char *s, size_t n);
void cat_arena_free(struct cat_arena *a);

/* ---- growable arrays while loading -------------------------------------- */

struct cat_vec {
	void *items;
	size_t n, cap, size; /* size of one item */
};

/* A new zeroed item at the end, or NULL when out of memory. */
void *cat_vec_push(struct cat_vec *v);

/* ---- the catalog ---------------------------------------------------------- */

struct cat_file {
	const char *name; /* relative path, arena-owned */
	const char *text; /* kept for --explain; owned as `owned` says */
	size_t len;
	char *owned;      /* heap copy to free, or NULL when `text` is static */
};

struct cat_doc {
	const char *key;
	const char *file;
	struct fy_document *doc;
	struct fy_node *root;
};

struct aisec_catalog {
	struct cat_arena arena;
	struct aisec_catalog_meta meta;
	struct aisec_source meta_source;
	struct cat_vec standards;       /* struct aisec_standard */
	struct cat_vec requirements;    /* struct aisec_requirement */
	struct cat_vec threats;         /* struct aisec_threat */
	struct cat_vec characteristics; /* struct aisec_characteristic */
	struct cat_vec gaps;            /* struct aisec_gap */
	struct cat_vec recommendations; /* struct aisec_recommendation */
	struct cat_vec controls;        /* struct aisec_control */
	struct cat_vec links;           /* struct aisec_link: links files, then matrix cells */
	size_t nfile_links;             /* links read from links files */
	struct cat_vec matrices;        /* struct aisec_matrix */
	struct cat_vec rows;            /* struct aisec_matrix_row, all matrices */
	struct cat_vec row_matrix;      /* size_t: index of each row's matrix */
	struct cat_vec docs;            /* struct cat_doc */
	struct cat_vec files;           /* struct cat_file */
	unsigned collections;           /* AISEC_CATALOG_* bits that were loaded */
	struct cat_vec
	    problems;	 /* const char *: each problem met while loading */
	size_t unparsed; /* files lost whole (syntax, not a mapping) */
	int first_code;	 /* AISEC_ERR_* of the first problem */
};

/*
 * Keep `msg` (copied into the arena; `code` its AISEC_ERR_*) in the list of
 * problems met while loading; 0, or AISEC_ERR_NOMEM.  A load reads every file
 * to its end and every entry of it, keeping each problem, then fails when the
 * list is not empty (load.c); `aisec catalog validate` lists them all.
 */
int cat_problem(struct aisec_catalog *cat, int code, const char *msg);

/* ---- a YAML file as a light tree (tree.c) --------------------------------- */

enum cat_ntype { CAT_N_SCALAR, CAT_N_SEQ, CAT_N_MAP };

struct cat_node {
	enum cat_ntype type;
	bool plain;  /* plain scalar (true/false and numbers must be plain) */
	bool alias;  /* an alias (*name): refused where a value is read */
	bool null;   /* plain "", "~" or "null" */
	int line;    /* 1-based; a container has the line of its first child */
	const char *text; /* scalars: NUL-terminated, in the catalog's arena */
	size_t len;
	size_t count;     /* children; a mapping's are key, value, key, value ... */
	struct cat_node *child, *last, *next, *parent;
};

/*
 * Parse one file.  Nodes go into `nodes` (scratch), scalar texts into
 * `strings`.  NULL on a syntax error with libfyaml's message: "'name' line
 * N column M: ...".
 */
struct cat_node *cat_tree_parse(struct cat_arena *nodes, struct cat_arena *strings,
				const char *name, const char *text, size_t len,
				struct aisec_error *err);

/* The value under `key` in a mapping, or NULL. */
struct cat_node *cat_tree_get(const struct cat_node *map, const char *key);

/* ---- decoding one entry by a field table (fields.c) ----------------------- */

enum cat_ftype {
	CAT_F_STR,     /* const char *; `vocab` restricts the value */
	CAT_F_ID,      /* const char *, [a-z0-9_-]+ */
	CAT_F_LIST,    /* const char *const *; `vocab` restricts each element */
	CAT_F_BOOL,    /* bool, plain true/false */
	CAT_F_GOALS,   /* unsigned goal bits from a list of goal names */
	CAT_F_COLUMN,  /* int 0..9 */
	CAT_F_STATUS,  /* struct aisec_status, a nested mapping */
	CAT_F_TVRA,    /* struct aisec_tvra_factors, a nested mapping */
	CAT_F_SOURCE,  /* const char * into struct aisec_source.cite */
	CAT_F_OTHER    /* allowed here, read by the caller */
};

struct cat_field {
	const char *name;
	enum cat_ftype type;
	size_t off;
	const char *const *vocab; /* NULL = any value */
	int required;
};

struct cat_ctx {
	struct aisec_catalog *cat;
	const char *file;   /* arena-owned name of the file being read */
	struct aisec_error
	    *err;	    /* never NULL: the last problem, or out of memory */
	const char *text;   /* the file, parsed again only for tvra / ai_act */
	size_t len;
};

/*
 * Decode mapping `node` into the struct at `base` by `fields`; `path` names
 * the entry in messages ("standards[3]").  Unknown keys, wrong types and
 * values outside a vocabulary are problems "'file' line N: field
 * 'path.key': ...", each kept by cat_fail(); every field is looked at, and
 * the result is AISEC_ERR_INVALID when any had a problem (the entry is then
 * dropped by its reader, which goes on with the next one).  Any other
 * non-zero result (out of memory) stops the load.
 */
int cat_decode(struct cat_ctx *c, const struct cat_node *node, const struct cat_field *fields,
	       size_t nfields, void *base, const char *path);

/* A scalar's text (in the catalog's arena); NULL for null, aliases, non-scalars. */
const char *cat_scalar(const struct cat_node *n);

/*
 * A problem "'file' line N: field 'path': what", kept in the load's list and
 * left in c->err; returns AISEC_ERR_INVALID (AISEC_ERR_NOMEM if it could not
 * be kept).
 */
int cat_fail(struct cat_ctx *c, const struct cat_node *n, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The vocabularies of docs/catalog-format.md (fields.c). */
extern const char *const cat_vocab_goals[];
extern const char *const cat_vocab_stages[];

/* ---- collections (entries.c) ----------------------------------------------- */

/* Decode every entry of top-level collection `key` (a sequence or mapping). */
int cat_read_collection(struct cat_ctx *c, const char *key, const struct cat_node *value);

/* The AISEC_CATALOG_* part of a top-level key, 0 if unknown. */
unsigned cat_collection_part(const char *key, size_t len);

/* After all files: matrix row pointers, links derived from the matrices. */
int cat_finish(struct aisec_catalog *cat, struct aisec_error *err);

/*
 * Case-insensitive ASCII comparison with '-' and '_' alike, so that
 * record-keeping names record_keeping (query.c).
 */
int cat_strcaseeq(const char *a, const char *b);

/*
 * Append " (did you mean A, B or C?)" naming the words of the NULL-ended
 * list nearest to `given`, or nothing; returns how many (suggest.c).
 */
size_t cat_suggest_words(const char *given, const char *const *words, struct aisec_buf *out);

#endif
