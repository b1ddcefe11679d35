#!/usr/bin/env bash
# The README's terminal excerpt and the end of `make demo` are what the program
# prints today (the as-of date aside); the demo names the binary, the reports
# and how to put aisec on PATH.
. "$(dirname "$0")/lib.sh"

# the terminal report: what `make demo` shows first
cd "$AISEC_SRC" || exit 3
expect_rc 0 "$AISEC" assess examples/cv-screening.yaml --format text
cp "$T_TMP/out" "$T_TMP/report.txt"
expect_rc 0 python3 "$AISEC_SRC/tests/cli/readme_excerpt.py" README.md "$T_TMP/report.txt"

# the checker fails on a changed line
sed 's/^role: provider$/role: deployer/' "$T_TMP/report.txt" >"$T_TMP/changed.txt"
expect_rc 1 python3 "$AISEC_SRC/tests/cli/readme_excerpt.py" README.md "$T_TMP/changed.txt"
expect_grep out "role: provider"

# the demo's last lines: where the binary and the reports are, how to get aisec on PATH
expect_rc 0 env AISEC="$AISEC" OUT="$T_TMP/report" scripts/demo
expect_grep out "aisec is built:  $AISEC"
expect_grep out "reports written: $T_TMP/report/cv-screening.html $T_TMP/report/cv-screening.json $T_TMP/report/cv-screening.sarif"
expect_grep out "make install"
expect_grep out "export PATH=\"$(dirname "$AISEC"):\$PATH\""
[ -s "$T_TMP/report/cv-screening.html" ] && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: no HTML report" >&2; }
# the README shows the same ending and says the same before its first command
expect_rc 0 grep -qF "aisec is built:  build/aisec" README.md
expect_rc 0 grep -qF 'export PATH="$PWD/build:$PATH"' README.md
finish
