#!/usr/bin/env bash
# The OSCAL assessment chain: `--format oscal-ap` writes the assessment plan
# (requirements to review, threats to analyse, methods), the assessment
# results import it (import-ap -> the plan by uuid and location), findings
# and risks name their observations in related-observations, and the
# likelihood/impact/risk facets are in NIST's namespace.  Both documents
# validate against NIST's published OSCAL schema (tests/cli/oscal_check.py:
# 1.2.0, with the #2178 erratum for related-observations).
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1
A="$AISEC"
ASOF=2026-11-28
CHECK="$AISEC_SRC/tests/cli/oscal_check.py"
cp "$AISEC_SRC/examples/cv-screening.yaml" "$AISEC_SRC/examples/spam-filter.yaml" .

expect_rc 0 "$A" assess cv-screening.yaml --as-of $ASOF --format oscal-ap -o ap.json
expect_rc 0 "$A" assess cv-screening.yaml --as-of $ASOF --format oscal-ap -o ap-again.json
expect_rc 0 cmp ap.json ap-again.json
expect_rc 0 "$A" assess cv-screening.yaml --as-of $ASOF --format oscal-ar -o ar.json
expect_rc 0 "$A" assess cv-screening.yaml spam-filter.yaml --as-of $ASOF --format oscal-ap -o ap2.json
expect_rc 0 "$A" assess cv-screening.yaml spam-filter.yaml --as-of $ASOF --format oscal-ar \
	--import-ap plans/ap2.json -o ar2.json
expect_rc 0 python3 "$CHECK" ap.json ar.json ap2.json ar2.json
expect_rc 2 "$A" assess cv-screening.yaml --format json --import-ap x.json

check() { local name=$1; shift
	if python3 "$@" >"$T_TMP/py.out" 2>&1; then T_PASS=$((T_PASS + 1)); else
		T_FAIL=$((T_FAIL + 1)); echo "FAIL: $name" >&2; head -20 "$T_TMP/py.out" >&2; fi; }
check "plan and results form a chain" - ap.json ar.json oscal-ap.json ap2.json ar2.json plans/ap2.json <<'PY'
import json, sys
NIST = "http://csrc.nist.gov/ns/oscal"
def chain(ap_path, ar_path, href):
    ap = json.load(open(ap_path))["assessment-plan"]
    ar = json.load(open(ar_path))["assessment-results"]
    # import-ap names a back-matter resource: the plan's uuid and where it lies
    res = {r["uuid"]: r for r in ar["back-matter"]["resources"]}
    plan = res[ar["import-ap"]["href"][1:]]
    props = {p["name"]: p["value"] for p in plan["props"]}
    assert props["assessment-plan-uuid"] == ap["uuid"], (props, ap["uuid"])
    assert plan["rlinks"][0]["href"] == href
    # the plan: the requirements reviewed, a task per threat, methods as NIST props
    ap_ctl = {c["control-id"] for s in ap["reviewed-controls"]["control-selections"] for c in s["include-controls"]}
    ar_ctl = set()
    threats = set()
    for r in ar["results"]:
        ar_ctl |= {c["control-id"] for s in r["reviewed-controls"]["control-selections"] for c in s["include-controls"]}
        obs = {o["uuid"] for o in r["observations"]}
        for f in r["findings"]:
            assert f["related-observations"], f["title"]
            assert all(x["observation-uuid"] in obs for x in f["related-observations"])
        for k in r["risks"]:
            assert all(x["observation-uuid"] in obs for x in k["related-observations"])
            threats.add(k["threat-ids"][0]["id"].rsplit("/", 1)[1])
            for c in k["characterizations"]:
                sys_of = {f["name"]: f["system"] for f in c["facets"]}
                for n in ("likelihood", "impact", "risk"):
                    assert sys_of[n] == NIST, sys_of
                assert sys_of.get("attack-potential-rating", "x").startswith("https://aisec.dev/")
    assert ap_ctl == ar_ctl, (ap_ctl ^ ar_ctl)
    tasks = {p["value"] for t in ap["tasks"] for p in t.get("props", []) if p["name"] == "threat-id"}
    assert threats <= tasks, threats - tasks
    methods = {p["value"] for a in ap["local-definitions"]["activities"] for p in a["props"]
               if p["name"] == "method" and "ns" not in p}
    assert methods <= {"EXAMINE", "TEST", "INTERVIEW"} and methods, methods
    assert ap["import-ssp"]["href"][1:] in {r["uuid"] for r in ap["back-matter"]["resources"]}
chain(sys.argv[1], sys.argv[2], sys.argv[3])
chain(sys.argv[4], sys.argv[5], sys.argv[6])
PY
finish
