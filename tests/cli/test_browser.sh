#!/usr/bin/env bash
# The HTML report as a reviewer sees it, in a real browser: every shipped
# example's report (examples/*.yaml, whatever is there) is opened in headless
# Chromium driven by Playwright (tests/browser/check.js) at 1024, 1280 and
# 1920 px: nothing overflows its card, every table-of-contents link reaches
# its section, the strict CSP holds (no console error, nothing fetched), and
# screenshots of the top of each page, of the risk matrices and of the
# coverage chart go to $AISEC_BUILD/browser/report/.  The
# demo report is printed to A4 PDF once (page count sane, no table cut).
# Chromium, Node and playwright-core come from scripts/install-deps --test;
# when one is missing or Chromium cannot start, this test FAILS (no skip).
. "$(dirname "$0")/lib.sh"
cd "$AISEC_SRC" || exit 1
OUT="${AISEC_BUILD:-$T_TMP}/browser/report" # its own folder: the other browser tests run beside it
rm -rf "$OUT"
mkdir -p "$OUT"

. tests/cli/lib_browser.sh

reports=()
for f in examples/*.yaml; do
	n=$(basename "$f" .yaml)
	expect_rc 0 "$AISEC" assess "$f" --as-of 2026-11-28 --format html -o "$OUT/$n.html"
	reports+=("$OUT/$n.html")
done
[ "${#reports[@]}" -gt 0 ] || { echo "FAIL: no examples" >&2; exit 1; }

# screenshots: the top of each page, the risk matrices (-1), the coverage chart (-2)
expect_rc 0 node tests/browser/check.js --widths 1024,1280,1920 --out "$OUT" \
	--shots '#risks .charts,#coverage figure' --pdf "$OUT/cv-screening.html" "${reports[@]}"
cat "$T_TMP/out"
for w in 1024 1280 1920; do
	expect_rc 0 test -s "$OUT/cv-screening-$w.png"
	expect_rc 0 test -s "$OUT/cv-screening-$w-1.png"
done
expect_rc 0 test -s "$OUT/cv-screening.pdf"

# the checks can fail: a report with a table wider than its card, a script
# and a fetched image is rejected (exit 1), a missing file is an error (3)
sed -e 's|</main>|<section id="bad"><table><tr><td style="white-space:nowrap">'"$(printf 'x%.0s' $(seq 400))"'</td></tr></table><img src="https://example.invalid/x.png"></section></main>|' \
	"$OUT/cv-screening.html" >"$T_TMP/bad.html"
expect_rc 1 node tests/browser/check.js --widths 1280 --out "$T_TMP" "$T_TMP/bad.html"
expect_grep err "sticks out of its card"
expect_grep err "violates the following Content Security Policy"
expect_rc 3 node tests/browser/check.js --out "$T_TMP" "$T_TMP/none.html"
# a Chromium that does not start is a failure, never a skip
CHROMIUM=/bin/false expect_rc 3 node tests/browser/check.js --out "$T_TMP" "$T_TMP/bad.html"
expect_grep err "does not start"
expect_rc 2 node tests/browser/check.js --widths abc "$T_TMP/bad.html"
finish
