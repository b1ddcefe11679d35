#!/usr/bin/env bash
# The interoperable outputs end to end: every SARIF output of every shipped
# example validates against the SARIF 2.1.0 schema (shared vectors), every
# OSCAL output against NIST's published OSCAL 1.2.0 schema
# (tests/schemas/published/, via tests/cli/oscal_check.py), every export is
# byte-for-byte stable, CSV parses back with Python's csv module, and the
# HTML report fetches nothing.
. "$(dirname "$0")/lib.sh"
cd "$AISEC_SRC" || exit 1
ASOF=2026-11-28
PY=python3 # lib.sh: Debian's interpreter, with python3-jsonschema
SARIF_SCHEMA="$AISEC_VECTORS/schemas/sarif-schema-2.1.0.json"
check() { # check NAME CMD... : count a pass or a failure
	local name=$1; shift
	if "$@" >"$T_TMP/check.out" 2>&1; then T_PASS=$((T_PASS + 1)); else
		T_FAIL=$((T_FAIL + 1)); echo "FAIL: $name" >&2; head -20 "$T_TMP/check.out" >&2; fi
}

# a missing vector fails the test, it does not skip it
check "SARIF schema present" test -s "$SARIF_SCHEMA"

mkdir -p "$T_TMP/a" "$T_TMP/b"
for f in examples/*.yaml; do
	n=$(basename "$f" .yaml)
	for fmt in sarif oscal-ar html csv md text json; do
		"$AISEC" assess "$f" --as-of "$ASOF" --format "$fmt" -o "$T_TMP/a/$n.$fmt"
		"$AISEC" assess "$f" --as-of "$ASOF" --format "$fmt" -o "$T_TMP/b/$n.$fmt"
		check "$n.$fmt is byte-stable" cmp "$T_TMP/a/$n.$fmt" "$T_TMP/b/$n.$fmt"
	done
done
check "every SARIF validates against SARIF 2.1.0" \
	$PY tests/cli/schema_check.py "$SARIF_SCHEMA" "$T_TMP"/a/*.sarif
OSCAL_CHECK=tests/cli/oscal_check.py
check "published OSCAL schema present" test -s tests/schemas/published/oscal_complete_schema.json
check "every OSCAL assessment result validates against OSCAL 1.2.0" \
	$PY $OSCAL_CHECK "$T_TMP"/a/*.oscal-ar

# SARIF details: a location per result, fingerprints, ATLAS taxa, levels
check "SARIF results carry what code scanning needs" $PY - "$T_TMP"/a/*.sarif <<'PY'
import json, sys
for path in sys.argv[1:]:
    run = json.load(open(path))["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rules) == len(set(rules)), path
    taxa = {t["id"] for t in run["taxonomies"][0]["taxa"]}
    for r in run["results"]:
        assert rules[r["ruleIndex"]] == r["ruleId"], (path, r["ruleId"])
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".yaml")
        assert len(r["partialFingerprints"]["aisecResult/v1"]) == 64
        assert r["level"] in ("error", "warning", "note", "none")
        assert r["kind"] == "fail", "pass results only with include_pass"
        for t in r.get("taxa", []):
            assert t["id"] in taxa and t["id"].startswith("AML.T"), t
cv = json.load(open([p for p in sys.argv[1:] if p.endswith("cv-screening.sarif")][0]))
ids = {r["ruleId"] for r in cv["runs"][0]["results"]}
assert "aisec/class/high-risk" in ids and any(i.startswith("aisec/threat/") for i in ids), ids
assert any(r.get("taxa") for r in cv["runs"][0]["results"])
assert any("region" in r["locations"][0]["physicalLocation"] for r in cv["runs"][0]["results"])
PY

# OSCAL assessment results: findings per requirement, risks before and after
check "OSCAL findings and risks" $PY - "$T_TMP/a/cv-screening.oscal-ar" <<'PY'
import json, sys
ar = json.load(open(sys.argv[1]))["assessment-results"]
res = ar["results"][0]
assert ar["metadata"]["oscal-version"] == "1.2.0"
assert res["start"] == "2026-11-28T00:00:00Z"
states = {f["target"]["status"]["state"] for f in res["findings"]}
assert states <= {"satisfied", "not-satisfied"} and "not-satisfied" in states
for r in res["risks"]:
    st = [c["props"][0]["value"] for c in r["characterizations"]]
    assert st == ["initial", "adjusted"], st
    names = {f["name"] for f in r["characterizations"][0]["facets"]}
    assert {"likelihood", "impact", "risk"} <= names, names
ids = [o["uuid"] for o in res["observations"]]
assert len(ids) == len(set(ids))
PY

# the catalog exports: valid, stable
for fmt in oscal-catalog oscal-mapping json csv; do
	"$AISEC" catalog export --format "$fmt" -o "$T_TMP/a/catalog.$fmt"
	"$AISEC" catalog export --format "$fmt" >"$T_TMP/b/catalog.$fmt"
	check "catalog export $fmt is byte-stable" cmp "$T_TMP/a/catalog.$fmt" "$T_TMP/b/catalog.$fmt"
done
check "OSCAL catalog and mapping validate against OSCAL 1.2.0" \
	$PY $OSCAL_CHECK "$T_TMP/a/catalog.oscal-catalog" "$T_TMP/a/catalog.oscal-mapping"
check "mapping ids resolve in the catalog" $PY - "$T_TMP/a/catalog.oscal-catalog" "$T_TMP/a/catalog.oscal-mapping" <<'PY'
import json, sys
cat = json.load(open(sys.argv[1]))["catalog"]
ids = set()
def walk(items):
    for c in items:
        ids.add(c["id"]); walk(c.get("controls", []))
for g in cat["groups"]:
    walk(g.get("controls", []))
m = json.load(open(sys.argv[2]))["mapping-collection"]
for mp in m["mappings"]:
    for x in mp["maps"]:
        for it in x["sources"] + x["targets"]:
            assert it["id-ref"] in ids, it
    for gs in ("source-gap-summary", "target-gap-summary"):
        for sel in mp.get(gs, {}).get("unmapped-controls", []):
            assert set(sel["with-ids"]) <= ids, sel
uuids = [r["uuid"] for r in cat["back-matter"]["resources"]]
assert len(uuids) == len(set(uuids))
# the mapping model's relationship vocabulary (NIST IR 8477 set relations):
# the JSON schema types relationship as any token, so check it here
rels = {x["relationship"] for mp in m["mappings"] for x in mp["maps"]}
assert rels <= {"equivalent-to", "equal-to", "subset-of", "superset-of",
                "intersects-with", "no-relationship"}, rels
PY
# the published schema has teeth: each broken copy must be rejected on its own
$PY - "$T_TMP/a/cv-screening.oscal-ar" "$T_TMP/a/catalog.oscal-catalog" \
	"$T_TMP/a/catalog.oscal-mapping" "$T_TMP" <<'PY'
import copy, json, sys
ar, cat, m = (json.load(open(p)) for p in sys.argv[1:4])
out = sys.argv[4]
def save(name, doc):
    json.dump(doc, open("%s/%s.json" % (out, name), "w"))
def res(d):
    return d["assessment-results"]["results"][0]
d = copy.deepcopy(ar); del res(d)["findings"][0]["target"]; save("bad-no-target", d)
d = copy.deepcopy(ar)  # a version 1 UUID: OSCAL allows versions 4 and 5 only
d["assessment-results"]["uuid"] = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"; save("bad-uuid", d)
d = copy.deepcopy(ar); res(d)["findings"][0]["target"]["status"]["state"] = "partly"
save("bad-state", d)
d = copy.deepcopy(ar); res(d)["observations"][0]["collected"] = "2026-11-28"
save("bad-datetime", d)
d = copy.deepcopy(ar); d["assessment-results"]["metadata"]["oscal-version"] = "1.1.3"
save("bad-version", d)
d = copy.deepcopy(m); del d["mapping-collection"]["mappings"][0]["maps"][0]["relationship"]
save("bad-no-relationship", d)
d = copy.deepcopy(m); d["mapping-collection"]["provenance"]["method"] = "guess"
save("bad-method", d)
# tokens: the \p{L}/\p{N} pattern, translated exactly (see oscal_check.py)
d = copy.deepcopy(cat); d["catalog"]["groups"][0]["id"] = "record keeping"
save("bad-token-space", d)
d = copy.deepcopy(cat); d["catalog"]["groups"][0]["id"] = "\u00b2x"  # No, not a letter
save("bad-token-number-first", d)
d = copy.deepcopy(cat); d["catalog"]["groups"][0]["id"] = "donn\u00e9es_\u00df-\u0661"
save("good-token-unicode", d)
PY
for bad in no-target uuid state datetime version no-relationship method token-space \
	token-number-first; do
	check "published OSCAL schema rejects bad-$bad" \
		$PY $OSCAL_CHECK --expect-invalid "$T_TMP/bad-$bad.json"
done
check "a Unicode letter/number token is a valid OSCAL token" \
	$PY $OSCAL_CHECK "$T_TMP/good-token-unicode.json"

# CSV: RFC 4180 rows of one width, read back by Python's csv module
check "CSV parses back" $PY - "$T_TMP"/a/*.csv "$T_TMP/a/catalog.csv" <<'PY'
import csv, io, sys
for path in sys.argv[1:]:
    data = open(path, newline="").read()
    blocks = data.split("\r\n\r\n") if not path.endswith("catalog.csv") else [data]
    for block in blocks:
        rows = list(csv.reader(io.StringIO(block, newline="")))
        assert rows and all(len(r) == len(rows[0]) for r in rows), path
    assert "\n" not in data.replace("\r\n", "") or '"' in data, path
PY

# HTML: no script, no external reference of any kind (in-page anchors only)
check "HTML is self-contained" $PY - "$T_TMP"/a/*.html <<'PY'
import re, sys
for path in sys.argv[1:]:
    h = open(path).read()
    assert h.startswith("<!DOCTYPE html>"), path
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", h, re.I), path
    assert not re.search(r"\bsrc\s*=", h, re.I), path
    # links only within the page (the table of contents)
    assert not re.search(r"\bhref\s*=\s*\"(?!#)", h, re.I), path
    assert not re.search(r"url\(|@import", h, re.I), path
    assert "<svg" in h and "@media print" in h, path
PY

# usage errors
expect_rc 2 "$AISEC" catalog export
expect_grep err "which --format?"
expect_rc 2 "$AISEC" catalog export --format xml
expect_grep err "oscal-catalog, oscal-mapping, json or csv"
expect_rc 2 "$AISEC" assess examples/spam-filter.yaml --format docx
finish
