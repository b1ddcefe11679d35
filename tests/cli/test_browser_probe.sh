#!/usr/bin/env bash
# The probe report (`aisec probe report --format html`) in a real browser,
# as tests/cli/test_browser.sh does the assessment report: results of every
# probe against tests/probe/server.py, rendered to one page, opened in
# headless Chromium (tests/browser/check.js) at 1024, 1280 and 1920 px:
# nothing overflows its card, every contents link reaches its section, the
# strict CSP holds; screenshots of the top and of the curves go to
# $AISEC_BUILD/browser/probe/, and the page prints to A4 PDF.  A missing
# Chromium, Node or playwright-core FAILS the test (no skip).
. "$(dirname "$0")/lib.sh"
. "$AISEC_SRC/tests/probe/lib.sh"
OUT="${AISEC_BUILD:-$T_TMP}/browser/probe"
rm -rf "$OUT"
mkdir -p "$OUT"
if ! command -v node >/dev/null; then
	echo "FAIL: node not found: run scripts/install-deps --test" >&2
	exit 1
fi
if [ ! -d "$AISEC_SRC/tests/browser/node_modules/playwright-core" ]; then
	echo "FAIL: playwright-core not installed: run scripts/install-deps --test" >&2
	exit 1
fi
probe_server_start
S=$PROBE_DIR
head -8 "$S/nonmembers.csv" >"$T_TMP/ev.csv"
expect_rc 0 "$AISEC" probe evasion --spec "$S/bc-svm.yaml" --url "$PROBE_URL" --input "$T_TMP/ev.csv" \
	--max-queries 1000 --batch 100 -o "$T_TMP/evasion.json"
expect_rc 0 "$AISEC" probe extract --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --check 200 \
	-o "$T_TMP/extract.json"
expect_rc 1 "$AISEC" probe fuzz --spec "$S/bc-fragile.yaml" --url "$PROBE_URL" -o "$T_TMP/fuzz.json"
expect_rc 0 "$AISEC" probe latency --spec "$S/bc-slow.yaml" --url "$PROBE_URL" --requests 40 \
	--starts 4 --rounds 5 -o "$T_TMP/latency.json"
expect_rc 0 "$AISEC" probe report "$T_TMP/evasion.json" "$T_TMP/extract.json" "$T_TMP/fuzz.json" \
	"$T_TMP/latency.json" --format html -o "$OUT/probe-report.html"

cd "$AISEC_SRC" || exit 1
expect_rc 0 node tests/browser/check.js --widths 1024,1280,1920 --out "$OUT" \
	--shots '#r1 .charts,#r4 .charts' --pdf "$OUT/probe-report.html" "$OUT/probe-report.html"
cat "$T_TMP/out"
for w in 1024 1280 1920; do
	expect_rc 0 test -s "$OUT/probe-report-$w.png"
	expect_rc 0 test -s "$OUT/probe-report-$w-1.png"
	expect_rc 0 test -s "$OUT/probe-report-$w-2.png"
done
expect_rc 0 test -s "$OUT/probe-report.pdf"
# the checks can fail: a fetched image breaks the CSP and is reported
sed -e 's|</main>|<img src="https://example.invalid/x.png"></main>|' "$OUT/probe-report.html" \
	>"$T_TMP/bad.html"
expect_rc 1 node tests/browser/check.js --widths 1280 --out "$T_TMP" "$T_TMP/bad.html"
expect_grep err "violates the following Content Security Policy"
finish
