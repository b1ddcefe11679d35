#!/usr/bin/env bash
# The knowledge-base corrections of issue 11 and `catalog validate --strict`:
# public citations, statuses checked against the catalog's own date, coverage
# links that only describe a threat, the report's footnotes, and the entries
# the review found wrong.  Each check runs on the shipped data and, where it
# guards against a kind of error, on a copy with that error put back.
. "$(dirname "$0")/lib.sh"

# jrun CMD... : run CMD (which must succeed), its output kept in $T_TMP/j
jrun() {
	if "$@" >"$T_TMP/j" 2>"$T_TMP/err"; then
		T_PASS=$((T_PASS + 1))
	else
		T_FAIL=$((T_FAIL + 1))
		echo "FAIL: $*" >&2
	fi
}
# jcheck PYTHON : assertions on the JSON in $T_TMP/j (as d)
jcheck() {
	if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $1" "$T_TMP/j"; then
		T_PASS=$((T_PASS + 1))
	else
		T_FAIL=$((T_FAIL + 1))
		echo "FAIL: check on $T_TMP/j" >&2
	fi
}

# ---- validate --strict on the shipped data ------------------------------------
expect_rc 0 "$AISEC" catalog validate --strict
expect_grep out "catalog 'built-in' is valid (strict)"
expect_rc 0 "$AISEC" catalog validate --strict "$AISEC_SRC/data"

# a copy with one error of each kind --strict catches; plain validate passes it
cp -r "$AISEC_SRC/data" "$T_TMP/kb"
python3 - "$T_TMP/kb" <<'PY'
import re, sys
kb = sys.argv[1]
p = kb + "/standards/iso-iec-sc42.yaml"
s = open(p).read()
# a stale status and a citation of an internal note
s = s.replace('''      source: "ISO/IEC 23053:2022;''', '''      source: "research-notes.md §2;''', 1)
i = s.index("  - id: iso-iec-23894")
j = s.index('as_of: "', i)
s = s[:j] + 'as_of: "2024-06"' + s[j + len('as_of: "2026-11-28"'):]
open(p, "w").write(s)
p = kb + "/threats.yaml"
s = open(p).read()
s = s.replace('source: "ENISA 2023, Table 1, fn 8; NIST AI 100-2 E2025; MITRE ATLAS v5.6"',
              'source: "our own notes"', 1)
open(p, "w").write(s)
with open(kb + "/links/zz-strict.yaml", "w") as f:
    f.write("links:\n"
            "  - {standard: iso-iec-22989, threat: evasion, kind: analysis, relation: covers, "
            "note: \"Defines the term; it does not mitigate the attack.\", source: \"ISO/IEC 22989:2022\"}\n"
            "  - {standard: iso-iec-23053, threat: evasion, kind: analysis, source: \"ISO/IEC 23053:2022\"}\n")
PY
expect_rc 0 "$AISEC" catalog validate "$T_TMP/kb"
expect_rc 1 "$AISEC" catalog validate --strict "$T_TMP/kb"
expect_grep out "standard 'iso-iec-23894': field 'status_now.as_of': checked 2024-06, more than 12 months before the catalog's as_of"
expect_grep out "standard 'iso-iec-23053': field 'status_now.source': cites the file 'research-notes.md', not a public source"
expect_grep out "threat 'model_extraction': field 'source': 'our own notes' names no public identifier"
expect_grep out "links/zz-strict.yaml:2: link 'iso-iec-22989 -> evasion': claims coverage ('covers') but its note says the standard only describes it"
expect_grep out "links/zz-strict.yaml:3: link 'iso-iec-23053 -> evasion': field 'relation': missing (covers or describes)"
expect_grep err "5 problems"

# the age of a status counts from the catalog's own as_of, not from today:
# the same data moved to a later as_of is stale
cp -r "$AISEC_SRC/data" "$T_TMP/kb2"
sed -i 's/^  as_of: "[0-9-]*"/  as_of: "2031-01-01"/' "$T_TMP/kb2/catalog.yaml"
expect_rc 1 "$AISEC" catalog validate --strict "$T_TMP/kb2"
expect_grep out "more than 12 months before the catalog's as_of 2031-01-01"
sed -i 's/^  as_of: "[0-9-]*"/  as_of: "sometime"/' "$T_TMP/kb2/catalog.yaml"
expect_rc 1 "$AISEC" catalog validate --strict "$T_TMP/kb2"
expect_grep out "catalog: field 'as_of': no date in 'sometime'"

# ---- no citation names an internal file ------------------------------------------
jrun "$AISEC" catalog export --format json
jcheck '
import re
bad = [m for m in re.findall(r"[\w./-]+\.md\b", open(sys.argv[1]).read()) if "://" not in m]
assert not bad, bad'

# ---- "describes" is not coverage (ISO/IEC 22989 and online poisoning, Box 3) -----
jrun "$AISEC" catalog show iso-iec-22989 --format json
jcheck '
l = [x for x in d[0]["links"] if x["target"] == "online_poisoning"]
assert l and l[0]["relation"] == "describes", l'
expect_rc 0 "$AISEC" catalog show online_poisoning
expect_grep out "iso-iec-22989 [published 2022-07] (report, describes only;"
expect_rc 0 "$AISEC" catalog standards --threat online_poisoning --format csv
if grep -q "iso-iec-22989" "$T_TMP/out"; then
	echo "FAIL: iso-iec-22989 counted as covering online_poisoning" >&2
	T_FAIL=$((T_FAIL + 1))
fi
jrun "$AISEC" catalog matrix --by threat --format json
jcheck '
r = [x for x in d if x["target"] == "online_poisoning"][0]
assert "iso-iec-22989" not in r["published_standards"] + r["draft_standards"], r'
# the assessment: an organisation applying only ISO/IEC 22989 has no standard
# covering online poisoning, and 22989 is not offered as a direct remedy
sed 's/standards: \[iso-iec-27001-2022\]/standards: [iso-iec-22989]/' \
	"$AISEC_SRC/examples/fraud-detection.yaml" >"$T_TMP/fraud.yaml"
jrun "$AISEC" assess "$T_TMP/fraud.yaml" --format json
jcheck '
c = [x for x in d["coverage"] if x["kind"] == "threat" and x["id"] == "online_poisoning"][0]
assert not c["applied"], c["applied"]
assert all(a["standard"] != "iso-iec-22989" for a in c["available"]), c["available"]'
# the exports: the CSV of links says the relation; OSCAL maps only coverage, so
# online poisoning (described, not covered) is an unmapped threat
expect_rc 0 "$AISEC" catalog export --format csv
expect_grep out "standard,target_kind,target,kind,relation,note,source"
expect_grep out "iso-iec-22989,threat,online_poisoning,report,describes,"
jrun "$AISEC" catalog export --format oscal-mapping
jcheck '
m = d["mapping-collection"]["mappings"]
thr = [x for x in m if any("thr-" in json.dumps(y) for y in x["maps"])][0]
assert not any(y["sources"][0]["id-ref"] == "std-iso-iec-22989" and
               y["targets"][0]["id-ref"] == "thr-online_poisoning" for y in thr["maps"])
assert "thr-online_poisoning" in json.dumps(thr["target-gap-summary"])'
# the loader refuses a relation outside the vocabulary
printf 'links:\n  - {standard: iso-iec-22989, threat: evasion, kind: report, relation: mentions, source: "ENISA 2023"}\n' \
	>"$T_TMP/kb/links/zz-strict.yaml"
expect_rc 1 "$AISEC" catalog validate "$T_TMP/kb"
expect_grep out "relation"
expect_grep out "mentions"

# ---- threats: Table 1's source footnote is fn 8 ---------------------------------
jrun "$AISEC" catalog threats --format json
jcheck '
assert all("Table 1, fn 9" not in t["source"] for t in d), [t["id"] for t in d if "fn 9" in t["source"]]
p = [t for t in d if t["id"] == "poisoning"][0]
assert p["goals"] == ["integrity"], p["goals"]
assert "Table 1, fn 8" in p["source"], p["source"]'
grep -q "^<sup>8</sup> Based on the White Paper" "$AISEC_VECTORS"/enisa-report/*.txt ||
	{ echo "FAIL: fn 8 of the report is not the source of Table 1" >&2; T_FAIL=$((T_FAIL + 1)); }

# ---- the entries the review found wrong ------------------------------------------
# ISO/IEC AWI TS 29119-11 became TS 42119-2 (2025); TR 29119-11:2020 is another
# document; nothing is "published since the report" with a negative delay
jrun "$AISEC" catalog changes --format json
jcheck '
c = {x["id"]: x for x in d}
t = c["iso-iec-29119-11"]
assert t["change"] == "published" and t["delay_months"] > 0 and "42119-2" in t["note"], t
assert c["iso-iec-tr-29119-11-2020"]["change"] == "unchanged", c["iso-iec-tr-29119-11-2020"]
assert c["iso-iec-24030"]["change"] == "revised", c["iso-iec-24030"]
assert all(x["delay_months"] is None or x["delay_months"] >= 0
           for x in d if x["change"] == "published"), [x["id"] for x in d if (x["delay_months"] or 0) < 0]
assert c["etsi-tr-103-749"]["change"] != "in-progress" and c["etsi-tr-103-857"]["change"] != "in-progress"'
expect_rc 0 "$AISEC" catalog show "ISO/IEC TR 29119-11:2020"
expect_grep out "iso-iec-tr-29119-11-2020"
expect_rc 0 "$AISEC" catalog changes --only revised --format csv
expect_grep out "iso-iec-24030,revised"
jrun "$AISEC" catalog show iso-iec-12791 --format json
jcheck '
n = d[0]["entry"]["status_now"]["note"]
assert "CEN/CLC ISO/IEC/TS 12791:2024" in n and "not as a European Standard" in n, n'
jrun "$AISEC" catalog show iso-iec-42001 --format json
jcheck '
e = d[0]["entry"]
assert "EN ISO/IEC 42001" not in " ".join(e["aliases"]), e["aliases"]
assert "no CEN-CENELEC or national standards body catalogue entry" in e["status_now"]["note"]'

# every ETSI row of Annex A.4 was re-checked: none keeps the report's 2023 status
expect_rc 0 "$AISEC" catalog matrix --annex A.4 --format json
cp "$T_TMP/out" "$T_TMP/a4.json"
expect_rc 0 "$AISEC" catalog standards --body ETSI --format json
cp "$T_TMP/out" "$T_TMP/etsi.json"
expect_rc 0 python3 - "$T_TMP/a4.json" "$T_TMP/etsi.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
std = {s["id"]: s for s in json.load(open(sys.argv[2]))}
ids = {r["standard"] for r in rows if r["standard"]}
assert len(ids) >= 20, len(ids)
for i in sorted(ids):
    st = std[i]["status_now"]
    assert st and st["as_of"] >= "2025-12", (i, st)
    assert "ENISA 2023" not in st["source"] or "no " in st["source"], (i, st["source"])
PY

# ---- the law texts -------------------------------------------------------------
expect_rc 0 "$AISEC" catalog show prohibited_practices --format json
expect_grep out "videos, audio or similar material"
expect_rc 0 "$AISEC" catalog show cra_coherence --format json
expect_grep out "Art. 32(2)(a) and (b) or 32(3)"
expect_grep out "Regulation (EU) 2024/2847, Art. 12"
finish
