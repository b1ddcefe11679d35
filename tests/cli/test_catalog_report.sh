#!/usr/bin/env bash
# The built-in knowledge base against the text of the ENISA report itself:
# Annex A.3 and A.4 cell by cell, A.1 and A.2 row by row, and every Annex
# A.1/A.2 reference listed.
# The report is parsed independently of data/ (tests/cli/report_annex.py).
. "$(dirname "$0")/lib.sh"

seed="${AISEC_VECTORS:?}/enisa-report"
if ! ls "$seed"/*.txt >/dev/null 2>&1; then
	echo "FAIL: the report text is missing: $seed/*.txt" >&2
	exit 1
fi
check="$AISEC_SRC/tests/cli/report_annex.py"

# A.3 and A.4 cell by cell; A.1 and A.2 (lists) row by row in the report's
# order, each row naming its standard
for annex in A.1:list A.2:list A.3:matrix A.4:matrix; do
	mode=${annex#*:} annex=${annex%:*}
	expect_rc 0 "$AISEC" catalog matrix --annex "$annex" --format json
	cp "$T_TMP/out" "$T_TMP/$annex.json"
	expect_rc 0 python3 "$check" "$mode" "$seed" "$annex" "$T_TMP/$annex.json"
	expect_grep out ", 0 differences"
	cat "$T_TMP/out"
done
expect_rc 0 "$AISEC" catalog matrix --annex A.2
expect_grep out "ISO/IEC AWI TS 29119-11"
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
python3 - "$T_TMP/A.2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["rows"][0], d["rows"][1] = d["rows"][1], d["rows"][0]
json.dump(d, open(sys.argv[1], "w"))
PY
expect_rc 1 python3 "$check" list "$seed" A.2 "$T_TMP/A.2.json"
expect_grep out "row 1: reference 'ISO/IEC TS 4213'"
finish
