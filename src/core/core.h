/*
 * core.h - internal helpers shared by every subsystem: whole-file I/O,
 * durable writes, hex and base64, and YAML/JSON access with line numbers
 * for error messages.  Not installed; the public API lives in include/aisec.
 */
#ifndef AISEC_CORE_H
#define AISEC_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aisec/aisec.h"

struct fy_document;
struct fy_node;

/* ---- text ----------------------------------------------------------- */

/* aisec_utf8_bad_line(), aisec_base64_encode(): public, see aisec/text.h. */
#include "aisec/text.h"

/* ---- dates ---------------------------------------------------------- */

/* True when `s` is a calendar date YYYY-MM-DD (2026-02-30 is not). */
bool aisec_date_valid(const char *s);

/* ---- secrets (secret.c) ---------------------------------------------- */

/*
 * Zeroed memory for `n` bytes of key material, kept out of core dumps
 * (MADV_DONTDUMP) and, where the limit allows, out of swap (mlock).  NULL
 * when out of memory.  aisec_secret_free() wipes and releases it (NULL ok).
 */
void *aisec_secret_alloc(size_t n);
void aisec_secret_free(void *p, size_t n);

/* ---- numbers (num.c) -------------------------------------------------- */

/* aisec_parse_u64(), aisec_parse_size(): public, see aisec/num.h. */
#include "aisec/num.h"

/* ---- files ---------------------------------------------------------- */

/*
 * aisec_file_read(), aisec_file_write_atomic(), aisec_mkdirs(): public, see
 * aisec/file.h.
 */
#include "aisec/file.h"

/* write(2) all `len` bytes, retrying on EINTR; 0 or -1 with errno set. */
int aisec_write_all(int fd, const void *data, size_t len);

/* ---- encodings ------------------------------------------------------ */

/* Decode lower/upper-case hex; returns 0 or AISEC_ERR_PARSE. `out` has n/2 bytes. */
int aisec_hex_decode(const char *hex, size_t n, uint8_t *out);

/* Decode standard base64 (padding required, no whitespace) into `out`. */
int aisec_base64_decode(const char *in, size_t n, struct aisec_buf *out);

/* Constant-time comparison; 0 when equal. */
int aisec_memeq_ct(const void *a, const void *b, size_t n);

/* ---- YAML (libfyaml) -------------------------------------------------- */

/*
 * Parse a YAML (or JSON, a YAML subset) document held in memory.  `name` is
 * used in messages: "'profile.yaml' line 3 column 5: <libfyaml's message>".
 * The document is freed with fy_document_destroy().
 */
struct fy_document *aisec_yaml_parse(const char *name, const char *text,
				     size_t len, struct aisec_error *err);

/*
 * The house message for a bad field, used by every parser:
 * "'<file>' line <line>: field '<field>': <what>".  Returns AISEC_ERR_INVALID.
 */
int aisec_field_verror(struct aisec_error *err, const char *file, int line,
		       const char *field, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));
int aisec_field_error(struct aisec_error *err, const char *file, int line,
		      const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* 1-based line of a node (0 when unknown). */
int aisec_yaml_line(struct fy_node *n);

/*
 * The scalar text of a mapping's value under `key`, or NULL if the key is
 * absent or not a scalar.  The pointer lives as long as the document; the
 * text is NOT NUL-terminated by libfyaml, so this returns a copy made with
 * strndup (caller frees) -- use aisec_yaml_str() for convenience.
 */
char *aisec_yaml_str(struct fy_node *map, const char *key);

/* The value node under `key` of a mapping (NULL when absent). */
struct fy_node *aisec_yaml_get(struct fy_node *map, const char *key);

/*
 * Number of elements of an array; does not compile when given a pointer,
 * so a key table cannot lose its length on the way to a callee.
 */
#define AISEC_NELEM(a)                                                         \
	(sizeof(a) / sizeof((a)[0]) +                                          \
	 0 * sizeof(struct {                                                   \
		 int not_an_array : __builtin_types_compatible_p(              \
					    __typeof__(a), __typeof__(&(a)[0]))  \
					    ? -1                               \
					    : 1;                               \
	 }))

/*
 * Check that every key of mapping `map` is one of the `n` names in
 * `allowed` (NULL entries are skipped, so a table may still end with one).
 * On an unknown key, fills `err` with
 * "'<name>' line N: field '<path>.<key>': unknown field" and returns
 * AISEC_ERR_INVALID.  `path` may be "" for the top level.
 */
int aisec_yaml_check_keys_n(struct fy_node *map, const char *const *allowed, size_t n,
			    const char *name, const char *path, struct aisec_error *err);

/*
 * The usual way to call it: `allowed` must be an array, whose length is
 * taken from its type -- a missing NULL end marker cannot cause a read
 * past the table (issue 16), and a pointer does not compile.
 */
#define aisec_yaml_check_keys(map, allowed, name, path, err)                   \
	aisec_yaml_check_keys_n((map), (allowed), AISEC_NELEM(allowed), (name), \
				(path), (err))

#endif
