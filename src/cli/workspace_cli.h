/*
 * workspace_cli.h - what the files of `aisec workspace` share: the usage
 * text, opening the workspace named by --workspace / $AISEC_WORKSPACE and
 * the subcommands that live in workspace_access.c (decide, decisions,
 * token).
 */
#ifndef AISEC_WORKSPACE_CLI_H
#define AISEC_WORKSPACE_CLI_H

#include "aisec/store.h"

/* The workspace used when neither --workspace nor $AISEC_WORKSPACE is given. */
#define WS_DEFAULT "aisec-workspace.db"

/* --workspace W, else $AISEC_WORKSPACE, else WS_DEFAULT. */
const char *ws_where(const char *opt);

/* Open it (flags: enum aisec_store_flags); prints the error and returns NULL.
 */
struct aisec_store *ws_open(const char *opt, unsigned flags);

/* The system name of a profile path: "dir/cv-screening.yaml" -> "cv-screening".
 */
void ws_default_name(const char *path, char *out, size_t n);

int ws_decide(int argc, char **argv);
int ws_decisions(int argc, char **argv);
int ws_token(int argc, char **argv);

#endif
