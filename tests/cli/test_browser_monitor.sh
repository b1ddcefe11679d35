#!/usr/bin/env bash
# The `aisec monitor replay` HTML report in a real browser (headless
# Chromium driven by tests/browser/check.js, as the assessment report):
# the shipped example's replay (accuracy drop: alerts) and a benign replay
# (no alert), at 1024, 1280 and 1920 px: nothing overflows its card, the
# strict CSP holds (no script, nothing fetched, no console error), and the
# rendered page has its time-series charts, one of them with the value, its
# confidence bound, the declared level and alert markers, and the alert
# table.  Screenshots of each page and of the first chart go to
# $AISEC_BUILD/browser/monitor/.  Chromium, Node and playwright-core come
# from scripts/install-deps --test; when one is missing this test FAILS.
. "$(dirname "$0")/lib.sh"
cd "$AISEC_SRC" || exit 1
OUT="${AISEC_BUILD:-$T_TMP}/browser/monitor"
rm -rf "$OUT"
mkdir -p "$OUT"
A=$AISEC

. tests/cli/lib_browser.sh

# the shipped example: an accuracy drop, alerts raised (exit 1)
expect_rc 1 "$A" monitor replay examples/monitor/spec.yaml \
	examples/monitor/events.jsonl --output "$T_TMP/drop"
cp "$T_TMP/drop/monitor.html" "$OUT/monitor-drop.html"
# the same system on its first 1900 events, before the drop: no alert
head -n 1900 examples/monitor/events.jsonl >"$T_TMP/benign.jsonl"
cp examples/monitor/spec.yaml examples/monitor/reference.csv "$T_TMP/"
expect_rc 0 "$A" monitor replay "$T_TMP/spec.yaml" "$T_TMP/benign.jsonl" \
	--output "$T_TMP/benign"
cp "$T_TMP/benign/monitor.html" "$OUT/monitor-benign.html"

# required content, as rendered: a chart (svg in a figure), the value line
# (blue), its bound (amber), the declared level (red dashed) and, in the
# drop report, a chart with all of them and the alert markers (red dots)
chart='figure svg'
value='figure svg polyline[stroke="#1565c0"]'
bound='figure svg polyline[stroke="#ef8f00"]'
level='figure svg line[stroke="#c62828"]'
marked='figure:has(line[stroke="#c62828"]):has(polyline[stroke="#ef8f00"]):has(circle[fill="#c62828"])'
expect_rc 0 node tests/browser/check.js --widths 1024,1280,1920 --out "$OUT" \
	--shots 'figure' --expect "$chart" --expect "$value" --expect "$bound" \
	--expect "$level" --expect "$marked" --expect 'section table td.bad' \
	"$OUT/monitor-drop.html"
cat "$T_TMP/out"
expect_rc 0 node tests/browser/check.js --widths 1024,1280,1920 --out "$OUT" \
	--expect "$chart" --expect "$value" --expect "$bound" --expect "$level" \
	"$OUT/monitor-benign.html"
for w in 1024 1280 1920; do
	expect_rc 0 test -s "$OUT/monitor-drop-$w.png"
	expect_rc 0 test -s "$OUT/monitor-drop-$w-1.png"
	expect_rc 0 test -s "$OUT/monitor-benign-$w.png"
done

# the checks can fail: the benign report has no alert marker, and a chart
# made wider than its card sticks out
expect_rc 1 node tests/browser/check.js --widths 1280 --out "$T_TMP" \
	--expect "$marked" "$OUT/monitor-benign.html"
expect_grep err "nothing rendered matches"
sed -e 's|<svg viewBox="\([^"]*\)" width="100%"|<svg viewBox="\1" width="4000"|' \
	"$OUT/monitor-drop.html" >"$T_TMP/wide.html"
expect_rc 1 node tests/browser/check.js --widths 1280 --out "$T_TMP" "$T_TMP/wide.html"
finish
