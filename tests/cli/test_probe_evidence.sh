#!/bin/bash
# test_probe_evidence.sh - probe results as Art. 15 evidence for `aisec
# assess`: the shipped example examples/probe (results made by its
# generate.sh) shows each file's probe, date, target digest and metrics and
# the declared levels (met, NOT MET, not measured) under Art. 15 (golden);
# malformed levels and files that are not probe results are `broken`.
. "$(dirname "$0")/lib.sh"
cd "$AISEC_SRC" || exit 1
EX=examples/probe
expect_rc 0 "$AISEC" assess "$EX/profile.yaml" --as-of 2026-12-05 --format text
expect_golden probe/assess-cytoscreen.txt
expect_rc 0 "$AISEC" assess "$EX/profile.yaml" --as-of 2026-12-05 --format json
cp "$T_TMP/out" "$T_TMP/f.json"
expect_rc 0 /usr/bin/python3 - "$T_TMP/f.json" "$EX/results" <<'PY'
import json, os, sys
f = json.load(open(sys.argv[1]))
ev = f["evidence"]["probes"]
assert ev["status"] == "unverified", ev
d = ev["detail"]
for n in sorted(os.listdir(sys.argv[2])):
    if n.endswith(".json"):
        r = json.load(open(os.path.join(sys.argv[2], n)))
        # the probe, its date and the target digest as the results have them
        assert "%s %s, target %s:" % (r["probe"], r["date"], r["target"]["digest"]) in d, (n, d)
        for m in r["metrics"]:
            assert " %s " % m["id"] in d, (m["id"], d)
# each declared level against the measurement
agree = json.load(open(os.path.join(sys.argv[2], "extract.json")))["result"]["agreement"]
assert "extract.agreement <= 0.9: measured %.4g, NOT MET" % agree in d, d
assert "fuzz.crashes <= 0: measured 0, met" in d, d
req = {r["id"]: r for r in f["requirements"]}
for k in ("art15_accuracy", "art15_robustness", "art15_cybersecurity"):
    if k in req:
        assert req[k]["evidence"]["detail"] == d, req[k]
PY

# a level that is not 'METRIC >= VALUE' is an error naming its line
mkdir -p "$T_TMP/p"
cp -r "$EX/results" "$T_TMP/p/"
sed 's/"latency.p99 <= 250"/"latency.p99 below 250"/' "$EX/profile.yaml" >"$T_TMP/p/profile.yaml"
expect_rc 0 "$AISEC" assess "$T_TMP/p/profile.yaml" --as-of 2026-12-05 --format json
expect_grep out "\"status\": \"broken\""
expect_grep out "profile line 53: field 'evidence.probe_levels': 'latency.p99 below 250' is not 'METRIC >= VALUE' or 'METRIC <= VALUE'"
# a level no result measures; no levels at all
sed 's/"latency.p99 <= 250"/"membership.auc <= 0.6"/' "$EX/profile.yaml" >"$T_TMP/p/profile.yaml"
expect_rc 0 "$AISEC" assess "$T_TMP/p/profile.yaml" --as-of 2026-12-05 --format json
expect_grep out "membership.auc <= 0.6: not measured"
grep -v '^    - "' "$EX/profile.yaml" | grep -v probe_levels >"$T_TMP/p/profile.yaml"
expect_rc 0 "$AISEC" assess "$T_TMP/p/profile.yaml" --as-of 2026-12-05 --format json
expect_grep out "No levels declared (evidence.probe_levels)"
# a file that is not probe results, an empty folder
echo '{"events": 3}' >"$T_TMP/p/results/zz-monitor.json"
expect_rc 0 "$AISEC" assess "$T_TMP/p/profile.yaml" --as-of 2026-12-05 --format json
expect_grep out "'zz-monitor.json': not aisec probe results"
rm "$T_TMP/p/results/"*
expect_rc 0 "$AISEC" assess "$T_TMP/p/profile.yaml" --as-of 2026-12-05 --format json
expect_grep out "no probe results (*.json) in"
finish
