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

/* Read a whole file into `out` (appended; its cap applies). */
AISEC_API int aisec_file_read(const char *path, struct aisec_buf *out,
			      struct aisec_error *err);

/*
 * Write `len` bytes to `path` durably and atomically: temp file in the same
 * directory, fsync, rename, fsync of the directory.  `mode` as for open(2).
 * An existing file is only replaced once the new content is on disk; after a
 * failure nothing is left behind.
 */
AISEC_API int aisec_file_write_atomic(const char *path, const void *data, size_t len,
				      unsigned mode, struct aisec_error *err);

#ifdef __cplusplus
}
#endif
#endif
