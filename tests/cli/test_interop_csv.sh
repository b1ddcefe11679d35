#!/usr/bin/env bash
# CSV that is safe to open: LibreOffice (headless) converts aisec's CSV
# files to .xlsx and openpyxl reads the cells back.  A cell that begins with
# = + - @ TAB or CR must arrive as text, never as a formula, for every CSV
# writer (ledger export, assess, catalog); --bom starts the file with a UTF-8
# byte-order mark and "§" and "—" survive.  A missing tool fails the test.
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1
A="$AISEC"
command -v soffice >/dev/null || { echo "FAIL: soffice missing (scripts/install-deps --test)"; exit 1; }
python3 -c 'import openpyxl' || { echo "FAIL: python3-openpyxl missing"; exit 1; }

# xlsx FILE.csv...: convert with LibreOffice (comma, quote, UTF-8, from line 1)
xlsx() {
	soffice -env:UserInstallation="file://$T_TMP/lo-profile" --headless \
		--infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$T_TMP/xlsx" "$@" \
		>"$T_TMP/soffice.log" 2>&1 || { cat "$T_TMP/soffice.log"; return 1; }
}

# cells FILE.xlsx: every cell as "row:col:type:value", one a line
cells() {
	python3 - "$1" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
for row in ws.iter_rows():
    for c in row:
        if c.value is not None:
            print("%d:%d:%s:%s" % (c.row, c.column, c.data_type, str(c.value).replace("\n", "\\n")))
PY
}

# ledger export: entries that are formulas when opened unprefixed
expect_rc 0 "$A" ledger keygen example.com/log
expect_rc 0 "$A" ledger init L --origin example.com/log --key example.com_log.vkey
printf '%s\n' '=HYPERLINK("http://evil.example/","click")' '+1+1' '-2+3' '@SUM(1,2)' \
	'plain § — text' >entries
expect_rc 0 "$A" ledger append L --file entries
expect_rc 0 "$A" ledger export L --format csv
cp "$T_TMP/out" ledger.csv
expect_rc 0 "$A" ledger export L --format csv --bom
cp "$T_TMP/out" ledger-bom.csv
expect_rc 2 "$A" ledger export L --format json --bom
# assess: a profile whose texts begin with formula characters
sed -e 's/^\(  *name: \).*/\1"=cmd|'"'"'\/c calc'"'"'!A1"/' "$AISEC_SRC/examples/spam-filter.yaml" >p.yaml
expect_rc 0 "$A" assess p.yaml --format csv --bom -o assess.csv
expect_rc 2 "$A" assess p.yaml --format json --bom
# catalog listings through the same writer
expect_rc 0 "$A" catalog standards --format csv
cp "$T_TMP/out" standards.csv

# one LibreOffice start for all files (it is slow to start)
expect_rc 0 xlsx ledger.csv ledger-bom.csv assess.csv standards.csv
cells xlsx/ledger.xlsx >ledger.cells
expect_rc 1 grep -q '^[0-9]*:[0-9]*:f:' ledger.cells       # no formula cell
expect_rc 0 grep -qxF "2:3:s:'=HYPERLINK(\"http://evil.example/\",\"click\")" ledger.cells
expect_rc 0 grep -qxF "3:3:s:'+1+1" ledger.cells
expect_rc 0 grep -qxF "4:3:s:'-2+3" ledger.cells
expect_rc 0 grep -qxF "5:3:s:'@SUM(1,2)" ledger.cells
expect_rc 0 grep -qxF "2:1:n:0" ledger.cells                  # the index stays a number

# --bom: the byte-order mark, then the same cells; "§" and "—" intact
expect_rc 0 test "$(head -c 3 ledger-bom.csv | od -An -tx1 | tr -d ' ')" = efbbbf
expect_rc 0 cmp <(tail -c +4 ledger-bom.csv) ledger.csv
cells xlsx/ledger-bom.xlsx >ledger-bom.cells
expect_rc 0 grep -qxF "1:1:s:index" ledger-bom.cells
expect_rc 0 grep -qxF "6:3:s:plain § — text" ledger-bom.cells

# assess and the catalog listings
expect_rc 0 test "$(head -c 3 assess.csv | od -An -tx1 | tr -d ' ')" = efbbbf
cells xlsx/assess.xlsx >assess.cells
expect_rc 1 grep -q '^[0-9]*:[0-9]*:f:' assess.cells
expect_rc 0 grep -q ':s:threat$' assess.cells
cells xlsx/standards.xlsx >standards.cells
expect_rc 1 grep -q '^[0-9]*:[0-9]*:f:' standards.cells
finish
