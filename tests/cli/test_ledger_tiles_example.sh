#!/usr/bin/env bash
# The shipped example examples/ledger/publish-tiles.sh, run end to end: a
# ledger published as tiles over HTTP, cosigned by a witness, checked by
# verify-remote with a quorum and a trust state; then what an auditor sees
# when the provider rolls the published checkpoint back.
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1
# lib.sh's python3 is a function; the example runs in its own shell
PATH=$(dirname "$(command -v /usr/bin/python3 || command -v python3)"):$PATH
expect_rc 0 env AISEC="$AISEC" bash "$AISEC_SRC/examples/ledger/publish-tiles.sh" work
expect_grep out "cosigned 'example.org/gate-7' at size 3 as 'witness.example/w1'"
expect_grep out "log 'example.org/gate-7' verified at size 3"
expect_grep out "cosigned by 1 of 1 witnesses (quorum 1)"
expect_grep out "first checkpoint trusted for this origin"
expect_grep out "entry 1 included"
expect_grep out "log 'example.org/gate-7' verified at size 5"
expect_grep out "consistent with the last trusted checkpoint (size 3)"
expect_grep out "entry 4 included"
if grep -Eq 'entry 4 included \(leaf hash [0-9a-f]{64}\)' "$T_TMP/out"; then
	T_PASS=$((T_PASS + 1))
else
	T_FAIL=$((T_FAIL + 1)); echo "FAIL: no leaf hash in hex after 'entry 4 included'" >&2
fi
expect_rc 0 grep -c "witness.example/w1" work/public/checkpoint
# the auditor's state refuses the old checkpoint, wherever it is served from
expect_rc 0 cp work/gate7-logs/checkpoints/3 work/public/checkpoint
expect_rc 1 "$AISEC" ledger verify-remote work/public --trusted-key work/gate7.vkey --state work/auditor-state
expect_grep err "rollback"
finish
