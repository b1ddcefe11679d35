#!/bin/bash
# test_workspace_pg.sh - the workspace on a real PostgreSQL server, started
# here on 127.0.0.1 (tests/cli/pg.sh) and stopped at the end: the store unit
# tests (test_store, the same ones ctest runs on SQLite) and the workspace
# commands with --workspace postgresql://...  Fails when no server is installed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.sh"
: "${AISEC_BUILD:?}"
trap 'pg_stop; rm -rf "$T_TMP"' EXIT

pg_start || { echo "FAIL: could not start PostgreSQL" >&2; exit 1; }

# the same store tests as on SQLite
expect_rc 0 env AISEC_STORE_URL="$PG_URL" "$AISEC_BUILD/test_store"
expect_grep out "10 test(s) run."

# the commands, on a database of their own
if [ -f "$AISEC_SRC/tests/cli/workspace_cases.sh" ]; then
	WS=$(pg_createdb aisec_cli) || { echo "FAIL: createdb" >&2; exit 1; }
	. "$AISEC_SRC/tests/cli/workspace_cases.sh"
fi

# a wrong password or server: a clear error without the password
expect_rc 3 "$AISEC" workspace list --workspace "postgresql://aisec:s3cret@127.0.0.1:1/none"
expect_grep err "cannot connect"
if grep -q s3cret "$T_TMP/err"; then T_FAIL=$((T_FAIL + 1)); echo "FAIL: password in message" >&2; fi
finish
