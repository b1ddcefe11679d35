#!/bin/bash
# test_workspace.sh - `aisec workspace` on a SQLite workspace (the cases
# test_workspace_pg.sh also runs on PostgreSQL), the default workspace
# location, usage errors and decisions files next to a profile.
. "$(dirname "$0")/lib.sh"

WS="$T_TMP/ws.db"
. "$AISEC_SRC/tests/cli/workspace_cases.sh"

# default: $AISEC_WORKSPACE, else ./aisec-workspace.db
expect_rc 0 env AISEC_WORKSPACE="$T_TMP/env.db" "$AISEC" workspace init
[ -f "$T_TMP/env.db" ] || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: AISEC_WORKSPACE" >&2; }
expect_rc 0 bash -c "cd '$T_TMP' && '$AISEC' workspace init && test -f aisec-workspace.db"
expect_rc 3 "$AISEC" workspace list --workspace "$T_TMP/none.db"
expect_grep err "aisec workspace init"
expect_rc 2 "$AISEC" workspace
expect_rc 2 "$AISEC" workspace frobnicate
expect_rc 2 "$AISEC" workspace list --workspace "$WS" extra
expect_rc 0 "$AISEC" help workspace
expect_grep out "decide SYSTEM/FINDING"

# a decisions file next to the profile (CI without a workspace)
cp "$AISEC_SRC/examples/cv-screening.yaml" "$T_TMP/cv.yaml"
P="$T_TMP/cv.yaml"
expect_rc 1 "$AISEC" assess "$P" --as-of 2026-12-01 --fail-on risk:critical -o /dev/null
{
	echo "decisions:"
	"$AISEC" assess "$P" --as-of 2026-12-01 --format json | python3 -c '
import json, sys
for r in json.load(sys.stdin)["risks"]:
    if r["residual"]["risk"]["level"] == "critical":
        print("  - finding: risk/%s\n    status: accepted\n    reason: compensating controls\n    expires: 2027-06-30\n    owner: ml team" % r["threat"])'
} >"$T_TMP/cv.decisions.yaml"
expect_rc 0 "$AISEC" assess "$P" --as-of 2026-12-01 --fail-on risk:critical -o /dev/null
expect_rc 1 "$AISEC" assess "$P" --as-of 2027-07-01 --fail-on risk:critical -o /dev/null
expect_grep err "acceptance expired 2027-06-30"
# the same file named with --decisions, and a bad one: file, line, field
mv "$T_TMP/cv.decisions.yaml" "$T_TMP/d.yaml"
expect_rc 0 "$AISEC" assess "$P" --as-of 2026-12-01 --fail-on risk:critical -o /dev/null --decisions "$T_TMP/d.yaml"
printf 'decisions:\n  - finding: risk/evasion\n    status: acepted\n' >"$T_TMP/cv.decisions.yaml"
expect_rc 3 "$AISEC" assess "$P" --fail-on risk:critical -o /dev/null
expect_grep err "cv.decisions.yaml' line 3: field 'decisions[0].status': unknown status 'acepted'"
expect_rc 2 "$AISEC" assess "$P" --decisions "$T_TMP/d.yaml" -o /dev/null
expect_rc 2 "$AISEC" assess "$P" --fail-on gap --decisions "$T_TMP/d.yaml" --workspace "$WS"
finish
