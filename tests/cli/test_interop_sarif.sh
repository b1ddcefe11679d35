#!/usr/bin/env bash
# SARIF that GitHub code scanning and Microsoft's SARIF multitool accept:
# percent-encoded locations relative to %SRCROOT% (the git work tree, else
# the current folder, or --base-dir), "./x" and "x" the same location,
# fingerprint and category, absolute paths outside the base refused, the
# properties GitHub reads (informationUri, help.markdown, security-severity,
# regions), one run for many profiles (--sarif-single-run), and the
# multitool's `validate` finding no error.  A missing multitool fails.
. "$(dirname "$0")/lib.sh"
A="$AISEC"
MT="$AISEC_SRC/tests/interop-npm/node_modules/.bin/sarif-multitool"
[ -x "$MT" ] || { echo "FAIL: $MT missing (scripts/install-deps --test)"; exit 1; }
SCHEMA="$AISEC_VECTORS/schemas/sarif-schema-2.1.0.json"
ASOF=2026-11-28
W="$T_TMP/work" # no git work tree above /tmp: the base is the current folder
mkdir -p "$W/ai dir" "$W/repo/.git" "$W/repo/models"
cp "$AISEC_SRC/examples/cv-screening.yaml" "$W/ai dir/p #1.yaml"
cp "$AISEC_SRC/examples/spam-filter.yaml" "$W/repo/models/p.yaml"
cd "$W" || exit 1

py() { # py NAME SCRIPT ARGS... : a Python check counted as one test
	local name=$1; shift
	if python3 "$@" >"$T_TMP/py.out" 2>&1; then T_PASS=$((T_PASS + 1)); else
		T_FAIL=$((T_FAIL + 1)); echo "FAIL: $name" >&2; head -20 "$T_TMP/py.out" >&2; fi
}

# the location is a URI reference relative to %SRCROOT%
expect_rc 0 "$A" assess "ai dir/p #1.yaml" --as-of $ASOF --format sarif -o one.sarif
py "percent-encoded, relative to %SRCROOT%" - one.sarif <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert run["artifacts"][0]["location"] == {"uri": "ai%20dir/p%20%231.yaml", "uriBaseId": "%SRCROOT%"}, run["artifacts"]
assert "%SRCROOT%" in run["originalUriBaseIds"]
assert run["automationDetails"]["id"] == "aisec-assess/ai dir/p #1.yaml/"
for r in run["results"]:
    al = r["locations"][0]["physicalLocation"]["artifactLocation"]
    assert al == {"uri": "ai%20dir/p%20%231.yaml", "uriBaseId": "%SRCROOT%", "index": 0}, al
PY
# ./x and x: the same bytes (location, fingerprints, category)
expect_rc 0 "$A" assess "./ai dir//p #1.yaml" --as-of $ASOF --format sarif -o dot.sarif
expect_rc 0 cmp one.sarif dot.sarif
expect_rc 0 "$A" assess "$W/ai dir/p #1.yaml" --as-of $ASOF --format sarif -o abs.sarif
expect_rc 0 cmp one.sarif abs.sarif
# outside the base: refused, unless the base says otherwise
expect_rc 3 "$A" assess "$AISEC_SRC/examples/spam-filter.yaml" --format sarif
expect_grep err "is outside the base folder"
expect_rc 3 "$A" assess "../../$(basename "$T_TMP")/work/../x.yaml" --format sarif
expect_rc 0 "$A" assess "$AISEC_SRC/examples/spam-filter.yaml" --format sarif --base-dir "$AISEC_SRC"
expect_grep out '"uri": "examples/spam-filter.yaml"'
expect_rc 3 "$A" assess "ai dir/p #1.yaml" --format sarif --base-dir "$W/nonexistent"
expect_rc 2 "$A" assess "ai dir/p #1.yaml" --format json --base-dir "$W"
# inside a git work tree the base is its top folder
cd "$W/repo/models" || exit 1
expect_rc 0 "$A" assess p.yaml --format sarif
expect_grep out '"uri": "models/p.yaml"'
cd "$W" || exit 1

# what GitHub reads
py "informationUri, help.markdown, security-severity, regions" - one.sarif <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
d = run["tool"]["driver"]
assert d["informationUri"].startswith("https://")
for rule in d["rules"]:
    assert rule["help"]["markdown"].strip(), rule["id"]
    never_fails = rule["id"].startswith("aisec/class/") and rule["defaultConfiguration"]["level"] == "note"
    if not never_fails:
        sev = float(rule["properties"]["security-severity"])
        assert 0 < sev <= 10, rule["id"]
kinds = {r["id"].split("/")[1] for r in d["rules"] if "security-severity" in r["properties"]}
assert {"requirement", "threat", "gap"} <= kinds, kinds
for r in run["results"]:
    pl = r["locations"][0]["physicalLocation"]
    assert pl["region"]["startLine"] >= 1, r["ruleId"]
PY

# more than 20 profiles: a notice, or one run for all
for i in $(seq 1 21); do cp "ai dir/p #1.yaml" "p$i.yaml"; done
expect_rc 0 "$A" assess p{1..21}.yaml --as-of $ASOF --format sarif -o many.sarif
expect_grep err "at most 20"
expect_rc 0 "$A" assess p{1..21}.yaml --as-of $ASOF --format sarif --sarif-single-run -o single.sarif
py "one run for 21 profiles" - single.sarif <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
assert len(log["runs"]) == 1
run = log["runs"][0]
assert len(run["artifacts"]) == 21
assert len(run["automationDetails"]["properties"]["categories"]) == 21
idx = {r["locations"][0]["physicalLocation"]["artifactLocation"]["index"] for r in run["results"]}
assert idx == set(range(21)), idx
for r in run["results"]:
    al = r["locations"][0]["physicalLocation"]["artifactLocation"]
    assert run["artifacts"][al["index"]]["location"]["uri"] == al["uri"]
fps = [r["partialFingerprints"]["aisecResult/v1"] for r in run["results"]]
assert len(fps) == len(set(fps))
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert len(ids) == len(set(ids))
PY

# the SARIF 2.1.0 schema and Microsoft's multitool (its own rules, SARIF1xxx
# errors and the SARIF2xxx checks this issue was about)
expect_rc 0 python3 "$AISEC_SRC/tests/cli/schema_check.py" "$SCHEMA" one.sarif
expect_rc 0 python3 "$AISEC_SRC/tests/cli/schema_check.py" "$SCHEMA" single.sarif
for f in one single; do
	rm -f "$f.val.sarif"
	expect_rc 0 "$MT" validate "$f.sarif" -o "$f.val.sarif"
	py "multitool: $f.sarif" - "$f.val.sarif" <<'PY'
import json, sys
bad = [r for run in json.load(open(sys.argv[1]))["runs"] for r in run.get("results", [])
       if r.get("level", "warning") == "error"
       or r["ruleId"] in ("SARIF1002", "SARIF2005", "SARIF2017", "SARIF1004", "SARIF1018")]
for r in bad:
    print(r["ruleId"], r["message"].get("text", r["message"]))
assert not bad
PY
done
finish
