/*
 * workspace_cli.h - what the files of `aisec workspace` share: the usage
 * text, opening the workspace named by --workspace / $AISEC_WORKSPACE and
 * the subcommands that live in workspace_access.c (decide, decisions,
 * token).
 */
#ifndef AISEC_WORKSPACE_CLI_H
#define AISEC_WORKSPACE_CLI_H

#include <jansson.h>

#include "aisec/store.h"
#include "cli/cli.h"

/* The workspace used when neither --workspace nor $AISEC_WORKSPACE is given. */
#define WS_DEFAULT "aisec-workspace.db"

/* --workspace W, else $AISEC_WORKSPACE, else WS_DEFAULT. */
const char *ws_where(const char *opt);

/* Open it (flags: enum aisec_store_flags); prints the error and returns NULL.
 */
struct aisec_store *ws_open(const char *opt, unsigned flags);

/* Close `s` and report `err`: the exit code cli_error_from() gives. */
int ws_fail(struct aisec_store *s, const struct aisec_error *err);

/*
 * Print `items` (taken: freed here) as a list of `cols` in `fmt`, then close
 * `s`: CLI_OK, or CLI_ERROR when the output cannot be written.
 */
int ws_emit_close(struct aisec_store *s, json_t *items,
		  const struct cli_column *cols, size_t ncols,
		  enum cli_format fmt);

/* The system name of a profile path: "dir/cv-screening.yaml" -> "cv-screening".
 */
void ws_default_name(const char *path, char *out, size_t n);

int ws_decide(int argc, char **argv);
int ws_decisions(int argc, char **argv);
int ws_token(int argc, char **argv);

#endif
