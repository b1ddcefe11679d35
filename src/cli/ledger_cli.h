/*
 * ledger_cli.h - the `aisec ledger` subcommands that publish and check a
 * ledger as a transparency log (ledger_tiles.c): tiles, verify-remote,
 * cosign, and the publishing step of `checkpoint --tiles`.
 */
#ifndef AISEC_CLI_LEDGER_CLI_H
#define AISEC_CLI_LEDGER_CLI_H

#include <stdbool.h>

#include "aisec/ledger.h"

#define LEDGER_TLOG_USAGE                                                      \
	"  tiles DIR OUT [--hashes-only]\n"                                    \
	"      publish the newest checkpoint as C2SP tlog-tiles in folder "    \
	"OUT\n"                                                                \
	"  verify-remote URL|DIR --trusted-key VKEY [--witness WVKEY]... "     \
	"[--quorum N]\n"                                                       \
	"         [--entry N] [--checkpoint CP] [--state DIR | --no-state] "   \
	"[--full]\n"                                                           \
	"         [--timeout SECONDS] [--format text|json] [-o FILE]\n"        \
	"      check a tiled log over HTTP(S) or on disk; exit 1 on a bad "    \
	"signature,\n"                                                         \
	"      missing quorum, altered tile, rollback or fork\n"               \
	"  cosign URL|DIR --key WITNESS_SKEY --trusted-key VKEY [--state "     \
	"DIR]\n"                                                               \
	"         [-o FILE] [--timeout SECONDS]\n"                             \
	"      act as a witness: check the log extends what this witness "     \
	"cosigned,\n"                                                          \
	"      then add a cosignature/v1 line to its checkpoint\n"

/* Publish the newest checkpoint of `l` in `out`; the summary goes to stderr
 * when `to_stderr` (stdout carries the note).  Returns a CLI exit code. */
int cli_ledger_publish(struct aisec_ledger *l, const char *out,
		       bool hashes_only, bool to_stderr);

/*
 * `verify --witnesses FILE [--quorum N]`: the checkpoint note (`cp_path`,
 * else DIR/checkpoint) must carry cosignatures by at least N (default: all)
 * of the cosignature/v1 keys in FILE (one vkey a line, '#' comments).
 * Prints a line when `say`.  CLI_OK, CLI_NEGATIVE, or an error code.
 */
int cli_ledger_quorum(const char *dir, const char *cp_path, const char *witness_file,
		      const char *quorum, bool say);

int cli_ledger_tiles(int argc, char **argv);
int cli_ledger_verify_remote(int argc, char **argv);
int cli_ledger_cosign(int argc, char **argv);

#endif
