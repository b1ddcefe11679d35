#!/usr/bin/env bash
# aisec catalog: validate (built-in, a copy, a broken copy), listings and their
# formats and filters, show and --explain, matrix, changes, exit codes.
. "$(dirname "$0")/lib.sh"

good="$AISEC_SRC/tests/data/catalog-good"

# ---- validate -------------------------------------------------------------
expect_rc 0 "$AISEC" catalog validate
expect_grep out "catalog 'built-in' is valid"
expect_rc 0 "$AISEC" catalog validate "$AISEC_SRC/data"
# a broken copy of the real knowledge base: dangling references, named by file:line
cp -r "$AISEC_SRC/data" "$T_TMP/kb"
cat >"$T_TMP/kb/links/zz-broken.yaml" <<'YAML'
links:
  - {standard: iso-iec-42001, requirement: record_keeping, kind: analysis, source: "test"}
  - {standard: iso-iec-99999, threat: evasion, kind: analysis, source: "test"}
  - {standard: iso-iec-42001, threat: telepathy, kind: report}
YAML
expect_rc 1 "$AISEC" catalog validate "$T_TMP/kb"
expect_grep out "links/zz-broken.yaml:3: link 'iso-iec-99999': field 'standard': unknown standard 'iso-iec-99999'"
expect_grep out "links/zz-broken.yaml:4: link 'iso-iec-42001' -> 'telepathy': no source"
expect_grep out "links/zz-broken.yaml:4: link 'iso-iec-42001': field 'threat': unknown threat 'telepathy'"
expect_grep err "3 problems"
# other commands refuse the broken copy and say where it breaks
expect_rc 3 "$AISEC" catalog standards --catalog "$T_TMP/kb"
expect_grep err "links/zz-broken.yaml:3:"
# an unknown field fails the load with file, line and field
printf 'threats:\n  - {id: x, name: X, colour: red, source: s}\n' >"$T_TMP/kb/links/zz-broken.yaml"
expect_rc 1 "$AISEC" catalog validate "$T_TMP/kb"
expect_grep out "'links/zz-broken.yaml' line 2: field 'threats[0].colour': unknown field"
# every problem in one run (issue 9): several files, each read to its end,
# each bad entry named by file, line and field, later files and the cross
# references still checked; the rule documents loaded as assess loads them
rm -r "$T_TMP/kb"; cp -r "$AISEC_SRC/data" "$T_TMP/kb"
cat >"$T_TMP/kb/zz-threats.yaml" <<'YAML'
threats:
  - {id: zz_one, name: One, colour: red, goals: [secrecy], source: s}
  - {id: zz_two, name: Two, source: s, ai_specific: maybe}
YAML
cat >"$T_TMP/kb/standards/zz-standards.yaml" <<'YAML'
standards:
  - {id: zz-std, reference: "ZZ 1", title: t, body: ZZ, status_report: published, source: s, kind: nonsense}
YAML
cat >"$T_TMP/kb/links/zz-links.yaml" <<'YAML'
links:
  - {standard: iso-iec-42001, threat: telepathy, kind: analysis, source: "test"}
YAML
sed -i 's/^\(      threats: \)\[model_extraction, membership_inference, model_inversion, evasion, sponge_examples, denial_of_service\]/\1model_extraction/' "$T_TMP/kb/tvra.yaml"
grep -q '^      threats: model_extraction$' "$T_TMP/kb/tvra.yaml" || echo "FAIL: tvra.yaml not edited" >&2
expect_rc 1 "$AISEC" catalog validate "$T_TMP/kb"
expect_grep out "'standards/zz-standards.yaml' line 2: field 'standards[0].kind': unknown field"
expect_grep out "'standards/zz-standards.yaml' line 2: field 'standards[0].body': unknown value 'ZZ'"
expect_grep out "'zz-threats.yaml' line 2: field 'threats[0].colour': unknown field"
expect_grep out "'zz-threats.yaml' line 2: field 'threats[0].goals[0]': unknown value 'secrecy'"
expect_grep out "'zz-threats.yaml' line 3: field 'threats[1].ai_specific': expected true or false"
expect_grep out "links/zz-links.yaml:2: link 'iso-iec-42001': field 'threat': unknown threat 'telepathy'"
expect_grep out "tvra.yaml' line 46: field 'tvra.adjust[2]': threats: expected a list"
n=$(wc -l <"$T_TMP/out")
[ "$n" -ge 6 ] || echo "FAIL: only $n problems listed" >&2
expect_grep err "catalog '$T_TMP/kb': $n problems"
# the loader of every other command refuses the same copy, naming the first
# problem and how many more (one code path: what validates loads)
expect_rc 3 "$AISEC" catalog standards --catalog "$T_TMP/kb"
expect_grep err "'standards/zz-standards.yaml' line 2: field 'standards[0].body': unknown value 'ZZ'"
expect_grep err "more problems)"
expect_rc 3 "$AISEC" assess --catalog "$T_TMP/kb" "$AISEC_SRC/examples/customer-chatbot.yaml"
expect_grep err "more problems)"
# a file that does not parse at all: the others are still read; the cross
# references are not checked (each would dangle into the lost file)
printf 'threats: [unclosed\n' >"$T_TMP/kb/zz-syntax.yaml"
expect_rc 1 "$AISEC" catalog validate "$T_TMP/kb"
expect_grep out "'zz-syntax.yaml' line"
expect_grep out "'zz-threats.yaml' line 3: field 'threats[1].ai_specific'"
expect_grep out "cross references not checked: a file did not parse"
# three files that fail to load, two of them the rule documents assess reads
# (each read even when the one before failed): three errors, each with file,
# line and field; the loaders of the other commands still stop at the first
rm -r "$T_TMP/kb"; cp -r "$AISEC_SRC/data" "$T_TMP/kb"
sed -i 's/^    prohibitions: "2025-02-02"/    prohibitions: "2025-13-02"/' "$T_TMP/kb/ai-act.yaml"
sed -i '0,/lower: {window: unnecessary}/s//lower: {window: bogus}/' "$T_TMP/kb/tvra.yaml"
printf 'threats:\n  - {id: zz, name: Z, colour: red, source: s}\n' >"$T_TMP/kb/zz-threats.yaml"
expect_rc 1 "$AISEC" catalog validate "$T_TMP/kb"
expect_grep out "'ai-act.yaml' line 20: field 'dates.prohibitions': expected a date YYYY-MM-DD"
expect_grep out "'tvra.yaml' line 39: field 'tvra.adjust[0]': level unknown to scheme"
expect_grep out "'zz-threats.yaml' line 2: field 'threats[0].colour': unknown field"
expect_grep err "catalog '$T_TMP/kb': 3 problems"
expect_rc 3 "$AISEC" assess --catalog "$T_TMP/kb" "$AISEC_SRC/examples/customer-chatbot.yaml"
expect_grep err "zz-threats.yaml"
rm "$T_TMP/kb/zz-threats.yaml"
expect_rc 3 "$AISEC" assess --catalog "$T_TMP/kb" "$AISEC_SRC/examples/customer-chatbot.yaml"
expect_grep err "'ai-act.yaml' line 20"
# a file that cannot be read is one more problem for validate, the end of
# the load for the other commands
truncate -s 65M "$T_TMP/kb/zz-huge.yaml"
expect_rc 1 "$AISEC" catalog validate "$T_TMP/kb"
expect_grep out "cannot read '$T_TMP/kb/zz-huge.yaml'"
expect_grep out "'tvra.yaml' line 39"
expect_rc 3 "$AISEC" catalog standards --catalog "$T_TMP/kb"
expect_grep err "cannot read '$T_TMP/kb/zz-huge.yaml'"
rm -r "$T_TMP/kb"
expect_rc 3 "$AISEC" catalog validate "$T_TMP/nowhere"
expect_grep err "cannot open directory"
for d in dup-id dangling no-source unknown-field bad-yaml; do
	expect_rc 1 "$AISEC" catalog validate "$AISEC_SRC/tests/data/catalog-$d"
done

# ---- listings ---------------------------------------------------------------
expect_rc 0 "$AISEC" catalog standards --format json
python3 - "$T_TMP/out" <<'PY' >"$T_TMP/check" 2>&1 || true
import json, sys
items = json.load(open(sys.argv[1]))
assert len(items) >= 120, len(items)
for s in items:
    for k in ("id", "reference", "title", "body", "status_report", "status_now"):
        assert k in s, (s["id"], k)
ids = {s["id"] for s in items}
for want in ("iso-iec-27001-2022", "iso-iec-27090", "iso-iec-42001", "etsi-en-304-223",
             "cen-cenelec-en-18286", "nist-ai-100-2-e2025", "mitre-atlas"):
    assert want in ids, want
print("json ok")
PY
expect_grep check "json ok"
for fmt in table csv md json; do
	for l in standards requirements threats characteristics gaps recommendations controls; do
		expect_rc 0 "$AISEC" catalog "$l" --format "$fmt"
	done
done
expect_rc 0 "$AISEC" catalog requirements --format csv
expect_grep out "record_keeping,Art. 12"
expect_rc 0 "$AISEC" catalog standards --requirement record_keeping --status published --format csv
expect_grep out "iso-iec-27001-2022"
expect_rc 0 "$AISEC" catalog standards --body ETSI --ai-specific --search 304 --format csv
expect_grep out "etsi-en-304-223"
expect_rc 0 "$AISEC" catalog standards --added --format csv
expect_grep out "iso-iec-42005"
expect_rc 0 "$AISEC" catalog standards --goal availability --threat denial_of_service
expect_rc 2 "$AISEC" catalog standards --format yaml
expect_grep err "unknown format 'yaml'"
expect_rc 2 "$AISEC" catalog standards --colour
expect_rc 2 "$AISEC" catalog frobnicate
expect_rc 2 "$AISEC" catalog
expect_rc 0 "$AISEC" catalog --help
expect_grep out "matrix --annex A.1|A.2|A.3|A.4"

# ---- show ---------------------------------------------------------------------
expect_rc 0 "$AISEC" catalog show "ISO/IEC 27001:2022"
expect_grep out "standard iso-iec-27001-2022"
expect_grep out "annex A.3, row 6: .......xx."
expect_rc 0 "$AISEC" catalog show iso-iec-27090 --explain
expect_grep out "source: ISO/IEC FDIS 27090, ISO project 56581"
expect_grep out "(standards/iso-iec-27000.yaml:"
expect_rc 0 "$AISEC" catalog show record_keeping --format json
expect_grep out '"kind": "requirement"'
expect_rc 2 "$AISEC" catalog show no-such-thing
expect_grep err "no entry 'no-such-thing'"
expect_rc 2 "$AISEC" catalog show

# ---- matrix and changes --------------------------------------------------------
expect_rc 0 "$AISEC" catalog matrix --annex A.4
expect_grep out "TS 102 165-1"
expect_rc 0 "$AISEC" catalog matrix --by requirement --format json
expect_grep out '"target": "conformity_assessment"'
expect_rc 0 "$AISEC" catalog matrix --by goal --format csv
expect_rc 0 "$AISEC" catalog matrix --by threat --format md
expect_rc 2 "$AISEC" catalog matrix --annex A.9
expect_rc 2 "$AISEC" catalog matrix
expect_rc 2 "$AISEC" catalog matrix --by colour
expect_rc 0 "$AISEC" catalog changes --only added --format csv
expect_grep out "iso-iec-42006,added"
expect_rc 2 "$AISEC" catalog changes --only sideways

# ---- --catalog DIR and AISEC_CATALOG --------------------------------------------
expect_rc 0 "$AISEC" catalog threats --catalog "$good" --format csv
expect_grep out "poisoning,integrity"
expect_rc 0 env AISEC_CATALOG="$good" "$AISEC" catalog standards --format csv
expect_grep out "etsi-en-304-223"
expect_rc 0 "$AISEC" --version
expect_grep out "knowledge base "
expect_grep out "(as of 2026-12-05)"
finish
