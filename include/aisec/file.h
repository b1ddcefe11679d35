/*
 * file.h - whole-file reads and durable, atomic writes, as every aisec
 * command that takes or writes a file uses them (the CLI included).
 *
 * Errors name the path.  Thread-safe: no shared state.
 */
#ifndef AISEC_FILE_H
#define AISEC_FILE_H

#include <stddef.h>

#include "aisec/buf.h"
#include "aisec/error.h"
#include "aisec/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Read a whole regular file into `out` (appended; its cap applies).  Anything
 * else (FIFO, device, directory) is refused without blocking.
 */
AISEC_API int aisec_file_read(const char *path, struct aisec_buf *out,
			      struct aisec_error *err);

/* Small inputs (keys, checkpoints, proofs, state) are capped at this size. */
#define AISEC_FILE_SMALL_MAX ((size_t)64 << 10)

/* As aisec_file_read(), refusing (AISEC_ERR_LIMIT) past AISEC_FILE_SMALL_MAX. */
AISEC_API int aisec_file_read_small(const char *path, struct aisec_buf *out,
				    struct aisec_error *err);

/* As aisec_file_read(), refusing (AISEC_ERR_LIMIT, limit named) past `max` bytes. */
AISEC_API int aisec_file_read_max(const char *path, size_t max, struct aisec_buf *out,
				  struct aisec_error *err);

/*
 * Write `len` bytes to `path` durably and atomically: a temporary file with
 * an unpredictable name in the same directory, created with O_EXCL and
 * O_NOFOLLOW, fsync, rename, fsync of the directory.  `mode` as for
 * open(2).  An existing file is only replaced once the new content is on
 * disk, and only when it is a regular file, whose permission bits the new
 * one keeps.  A character device or FIFO, or a symbolic link to one of
 * these or to a regular file (/dev/stdout), is written through, never
 * replaced; a directory, a dangling link or another node is refused.  After
 * a failure nothing is left behind.
 */
AISEC_API int aisec_file_write_atomic(const char *path, const void *data, size_t len,
				      unsigned mode, struct aisec_error *err);

/*
 * mkdir -p: create `path` and its missing parents with mode 0755 (less the
 * umask).  0 when it exists as a directory afterwards, also when it already
 * did; AISEC_ERR_IO naming the part that could not be made, or the path
 * when it is not a directory; AISEC_ERR_INVALID for an empty path.
 * Directories made before a failure are left in place.
 */
AISEC_API int aisec_mkdirs(const char *path, struct aisec_error *err);

#ifdef __cplusplus
}
#endif
#endif
