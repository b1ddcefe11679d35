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
expect_grep out "14 test(s) run."

# the commands, on a database of their own
if [ -f "$AISEC_SRC/tests/cli/workspace_cases.sh" ]; then
	WS=$(pg_createdb aisec_cli) || { echo "FAIL: createdb" >&2; exit 1; }
	. "$AISEC_SRC/tests/cli/workspace_cases.sh"
	# every order the portfolio offers, both ways, comes from an index (no
	# Sort node even when a scan of this small table would be cheaper)
	for o in "name" "name DESC" "class_rank, name" "class_rank DESC, name" \
		"open_critical, open_major, open_minor, name" \
		"open_critical DESC, open_major DESC, open_minor DESC, name" \
		"(next_deadline IS NULL), next_deadline, name" \
		"(next_deadline IS NULL), next_deadline DESC, name" \
		"(last_assessed IS NULL), last_assessed, name" \
		"(last_assessed IS NULL), last_assessed DESC, name"; do
		"$PG_BIN/psql" -X -At "$WS" -c "SET enable_seqscan = off" -c "SET enable_bitmapscan = off" \
			-c "EXPLAIN SELECT name FROM systems ORDER BY $o LIMIT 100" >"$T_TMP/plan"
		if ! grep -q 'Index' "$T_TMP/plan" || grep -q 'Sort' "$T_TMP/plan"; then
			T_FAIL=$((T_FAIL + 1))
			echo "FAIL: ORDER BY $o is not an index scan:" >&2
			cat "$T_TMP/plan" >&2
		fi
	done
fi

# a wrong password or server: a clear error without the password
expect_rc 3 "$AISEC" workspace list --workspace "postgresql://aisec:s3cret@127.0.0.1:1/none"
expect_grep err "cannot connect"
if grep -q s3cret "$T_TMP/err"; then T_FAIL=$((T_FAIL + 1)); echo "FAIL: password in message" >&2; fi
finish
