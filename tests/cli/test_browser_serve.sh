#!/usr/bin/env bash
# The `aisec serve` dashboard in a real browser (tests/browser/serve.js,
# Playwright driving Debian's headless Chromium): sign in with a token, open
# the portfolio, filter it, open a system, accept its risks with a reason and
# an expiry, see the gate change; as auditor no state-changing button and a
# 403 from the API.  Screenshots go to $AISEC_BUILD/browser/serve/.
# Chromium, Node and playwright-core come from scripts/install-deps --test;
# when one is missing or Chromium cannot start, this test FAILS (no skip).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
cd "$AISEC_SRC" || exit 1
OUT="${AISEC_BUILD:-$T_TMP}/browser/serve"
rm -rf "$OUT"
mkdir -p "$OUT"

if ! command -v node >/dev/null; then
	echo "FAIL: node not found: run scripts/install-deps --test" >&2
	exit 1
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
	echo "FAIL: playwright-core not installed: run scripts/install-deps --test" >&2
	exit 1
fi

serve_workspace "$T_TMP/w.db" || exit 1
serve_start "$T_TMP/w.db" || exit 1
expect_rc 0 node tests/browser/serve.js --base "$BASE" --editor "$EDITOR" --auditor "$AUDITOR" \
	--system cv-screening --out "$OUT"
cat "$T_TMP/out"
for f in portfolio portfolio-filtered system system-accepted system-auditor; do
	expect_rc 0 test -s "$OUT/$f.png"
done
# the same state through the API after the browser's decisions
expect_http 200 GET /api/systems/cv-screening/decisions -H "Authorization: Bearer $AUDITOR"
expect_grep body '"status":"accepted"'
expect_grep body '"owner":"ml-platform team"'
# the check can fail: the auditor token given as editor cannot decide
expect_rc 1 node tests/browser/serve.js --base "$BASE" --editor "$AUDITOR" --auditor "$AUDITOR" \
	--system cv-screening --out "$T_TMP/shots"
# a Chromium that does not start is a failure, never a skip
CHROMIUM=/bin/false expect_rc 3 node tests/browser/serve.js --base "$BASE" --editor x --auditor y --system z
expect_rc 2 node tests/browser/serve.js --base "$BASE"
serve_stop
finish
