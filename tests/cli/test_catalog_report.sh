#!/usr/bin/env bash
# The built-in knowledge base against the text of the ENISA report itself:
# Annex A.3 and A.4 cell by cell, and every Annex A.1/A.2 reference listed.
# The report is parsed independently of data/ (tests/cli/report_annex.py).
. "$(dirname "$0")/lib.sh"

seed="${AISEC_VECTORS:?}/enisa-report"
if ! ls "$seed"/*.txt >/dev/null 2>&1; then
	echo "FAIL: the report text is missing: $seed/*.txt" >&2
	exit 1
fi
check="$AISEC_SRC/tests/cli/report_annex.py"

for annex in A.3 A.4; do
	expect_rc 0 "$AISEC" catalog matrix --annex "$annex" --format json
	cp "$T_TMP/out" "$T_TMP/$annex.json"
	expect_rc 0 python3 "$check" matrix "$seed" "$annex" "$T_TMP/$annex.json"
	expect_grep out ", 0 differences"
	cat "$T_TMP/out"
done
expect_rc 0 "$AISEC" catalog standards --format json
cp "$T_TMP/out" "$T_TMP/standards.json"
expect_rc 0 python3 "$check" refs "$seed" "$T_TMP/standards.json"
expect_grep out "A.1/A.2: 60 references, 0 missing"
cat "$T_TMP/out"

# the checker itself finds a difference (it is not vacuous)
python3 - "$T_TMP/A.3.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["rows"][0]["cells"][0] = "?"
json.dump(d, open(sys.argv[1], "w"))
PY
expect_rc 1 python3 "$check" matrix "$seed" A.3 "$T_TMP/A.3.json"
expect_grep out "row 1 (ISO/IEC 22989:2022"
finish
