#!/usr/bin/env bash
# Attacks on `aisec serve`: path traversal (raw, percent-encoded, double
# encoded, backslashes) never reaches a file; oversized bodies (413, with
# and without Content-Length) and stalled requests (cut off after
# --timeout) are refused; SQL metacharacters in every field (path, query,
# form and JSON body) are either refused as malformed or stored and shown
# verbatim, and the workspace stays intact.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
cd "$AISEC_SRC" || exit 1
WS="$T_TMP/w.db"
. "$(dirname "$0")/serve_attack_cases.sh"
finish
