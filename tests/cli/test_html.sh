#!/usr/bin/env bash
# The HTML report's content (issue 10), without a browser: the strict CSP,
# full-scale heat-map matrices of the same size, full counts of available
# standards (chart and findings JSON), human wording, no repeated basis, a
# summary and a table of contents, sections that fold; --format pdf through
# Chromium, and a clear error when there is none.  The layout in a real
# browser is test_browser.sh.
. "$(dirname "$0")/lib.sh"
cd "$AISEC_SRC" || exit 1
ASOF=2026-11-28
A() { "$AISEC" assess "$@" --as-of "$ASOF"; }

expect_rc 0 A examples/cv-screening.yaml --format html
cp "$T_TMP/out" "$T_TMP/cv.html"
expect_grep cv.html "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
expect_rc 1 grep -qi "<script\|src=\"http\|href=\"http\|@import\|url(" "$T_TMP/cv.html"
# summary, contents, folding sections, print stylesheet
expect_grep cv.html ">top risks<"
expect_grep cv.html ">evidence<"
expect_grep cv.html ">key dates<"
expect_grep cv.html "<nav class=\"toc\""
for s in classification requirements threats risks coverage gaps next-steps; do
	expect_grep cv.html "<a href=\"#$s\">"
	expect_grep cv.html "<section id=\"$s\">"
done
expect_grep cv.html "<details open>"
expect_rc 1 grep -q "<details>" "$T_TMP/cv.html"
expect_grep cv.html "@page{size:A4"
expect_grep cv.html "thead{display:table-header-group}"
expect_grep cv.html "@page{@top-left{content:\"TalentRank CV screener 2.3.0: AI Act"
expect_grep cv.html "counter(page) \" of \" counter(pages)"
# human wording: statuses in words, no profile field names in prose
expect_grep cv.html ">not declared</span>"
expect_rc 1 grep -q ">not_declared<" "$T_TMP/cv.html"
expect_rc 1 grep -q "impact.severity" "$T_TMP/cv.html"
expect_grep cv.html "impact: severity of a failure of this system is high"
# the Annex III basis is listed once
n=$(grep -o "recruitment or selection: targeted job advertisements" "$T_TMP/cv.html" | wc -l)
expect_rc 0 test "$n" -eq 1
# heat map: every level on both axes, cells coloured and labelled, same size
for lv in unlikely possible likely low medium high; do
	expect_grep cv.html "class=\"axl\" text-anchor=\"$( [ $lv = low ] || [ $lv = medium ] || [ $lv = high ] && echo middle || echo end)\">$lv</text>"
done
expect_grep cv.html ">minor 1</text>"
expect_grep cv.html ">critical 9</text>"
expect_grep cv.html "fill=\"#e31a1c\""
sizes=$(grep -o '<svg class="matrix" viewBox="[0-9 ]*"' "$T_TMP/cv.html" | sort -u | wc -l)
expect_rc 0 test "$sizes" -eq 1
expect_rc 0 A examples/cv-screening.yaml --format html --scheme iso-sae-21434
cp "$T_TMP/out" "$T_TMP/iso.html"
expect_grep iso.html ">negligible</text>"
expect_grep iso.html ">very-low</text>"
cells=$(grep -o '<svg class="matrix"' "$T_TMP/iso.html" | wc -l)
rects=$(grep -c '^<rect x=.*width="118"' "$T_TMP/iso.html")
expect_rc 0 test "$cells" -eq 2 -a "$rects" -eq 32
# coverage: the full count of available standards, in the chart and the JSON
expect_rc 0 A examples/cv-screening.yaml --format json
cp "$T_TMP/out" "$T_TMP/cv.json"
expect_rc 0 python3 - "$T_TMP/cv.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
cov = d["coverage"]
assert any(c["available_count"] > 6 for c in cov), "no entry above the list cap"
for c in cov:
    n, shown = c["available_count"], len(c["available"])
    assert c["available_truncated"] == (n > shown), c["id"]
    assert shown <= n
s = d["scheme"]
assert [l["level"] for l in s["likelihood"]] == ["unlikely", "possible", "likely"]
assert [l["level"] for l in s["impact"]] == ["low", "medium", "high"]
assert s["cells"][2][2] == {"value": 9, "level": "critical"}
rm = next(c for c in cov if c["id"] == "risk_management")
print(rm["available_count"])
PY
most=$(tail -1 "$T_TMP/out")
expect_grep out "$most"
expect_rc 0 grep -q "<title>$most available standards</title>" "$T_TMP/cv.html"
# several systems: one page, section ids kept apart
expect_rc 0 A examples/cv-screening.yaml examples/spam-filter.yaml --format html
expect_grep out "<section id=\"s2-risks\">"
expect_grep out "<a href=\"#s2-risks\">"
# --format pdf: a clear error without Chromium, a PDF with it
AISEC_CHROMIUM=/nonexistent expect_rc 3 A examples/spam-filter.yaml --format pdf -o "$T_TMP/x.pdf"
expect_grep err "headless Chromium, and none was found"
expect_rc 1 test -e "$T_TMP/x.pdf"
PATH=/nonexistent expect_rc 3 A examples/spam-filter.yaml --format pdf
expect_grep err "install Debian's chromium"
expect_rc 0 A examples/spam-filter.yaml --format pdf -o "$T_TMP/x.pdf"
expect_rc 0 test "$(head -c 5 "$T_TMP/x.pdf")" = "%PDF-"
expect_rc 2 A examples/spam-filter.yaml --format pfd
expect_grep err "pdf"
finish
