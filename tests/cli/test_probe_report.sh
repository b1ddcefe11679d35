#!/bin/bash
# test_probe_report.sh - the generic results members (target digest, date,
# metrics, curves), `aisec probe report` (Markdown declaration draft, HTML,
# JSON) built from them only, and `--ledger DIR` recording the results.
. "$(dirname "$0")/lib.sh"
. "$AISEC_SRC/tests/probe/lib.sh"
probe_server_start
S=$PROBE_DIR
export SOURCE_DATE_EPOCH=1764892800

head -5 "$S/nonmembers.csv" >"$T_TMP/ev.csv"
"$AISEC" ledger init "$T_TMP/led" --origin example.com/probe-tests >/dev/null
expect_rc 0 "$AISEC" probe extract --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --check 500 \
	--batch 100 --ledger "$T_TMP/led" -o "$T_TMP/ex.json"
expect_grep err "results recorded in ledger"
expect_rc 0 "$AISEC" probe evasion --spec "$S/bc-svm.yaml" --url "$PROBE_URL" --input "$T_TMP/ev.csv" \
	--max-queries 1000 --batch 100 --ledger "$T_TMP/led" -o "$T_TMP/ev.json"
expect_rc 1 "$AISEC" probe fuzz --spec "$S/bc-fragile.yaml" --url "$PROBE_URL" --ledger "$T_TMP/led" \
	-o "$T_TMP/fz.json"
expect_rc 0 "$AISEC" probe latency --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --requests 20 \
	--starts 2 --rounds 2 -o "$T_TMP/lat.json"

# the digest: the same spec and endpoint give the same one, another does not
expect_rc 0 /usr/bin/python3 - "$T_TMP" <<'PY'
import json, sys
d = sys.argv[1]
ex, ev, fz = (json.load(open(d + "/%s.json" % n)) for n in ("ex", "ev", "fz"))
for r in (ex, ev, fz):
    assert r["date"] == "2025-12-05T00:00:00Z", r["date"]
    assert r["target"]["digest"].startswith("sha256:"), r["target"]
assert len({ex["target"]["digest"], ev["target"]["digest"], fz["target"]["digest"]}) == 3
m = {x["id"]: x for x in ex["metrics"]}
assert m["extract.agreement"]["value"] == 1.0 and m["extract.queries_solve"]["value"] == 31, m
m = {x["id"]: x for x in ev["metrics"]}
assert m["evasion.found_rate"]["unit"] == "ratio" and "evasion.median_distance" in m, m
pts = ev["curves"][0]["points"] if "points" in ev["curves"][0] else ev["curves"][0]["series"][0]["points"]
assert ev["curves"][0]["id"] == "evasion.success_vs_epsilon" and pts[-1][1] <= 1, pts
PY
expect_rc 0 "$AISEC" probe extract --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --check 10 -o "$T_TMP/ex2.json"
expect_rc 0 test "$(grep -c "$(grep -o 'sha256:[0-9a-f]*' "$T_TMP/ex.json")" "$T_TMP/ex2.json")" = 1
sed 's/classes: .*/classes: [m, b]/' "$S/bc-lr.yaml" >"$T_TMP/renamed.yaml"
expect_rc 0 "$AISEC" probe extract --spec "$T_TMP/renamed.yaml" --url "$PROBE_URL" --check 10 -o "$T_TMP/ex3.json"
expect_rc 1 grep -q "$(grep -o 'sha256:[0-9a-f]*' "$T_TMP/ex.json")" "$T_TMP/ex3.json"

# the ledger: verifies, and each entry names its results file's SHA-256
expect_rc 0 "$AISEC" ledger verify "$T_TMP/led"
expect_grep out "entries: 3"
for i in 0 1 2; do
	"$AISEC" ledger show "$T_TMP/led" --index $i --raw >"$T_TMP/entry$i.json"
done
expect_rc 0 /usr/bin/python3 - "$T_TMP" <<'PY'
import hashlib, json, sys
d = sys.argv[1]
for i, n in enumerate(("ex", "ev", "fz")):
    e = json.load(open(d + "/entry%d.json" % i))
    r = json.load(open(d + "/%s.json" % n))
    assert e["type"] == "probe.result" and e["system"] == r["target"]["model"], e
    p = e["payload"]
    want = "sha256:" + hashlib.sha256(open(d + "/%s.json" % n, "rb").read()).hexdigest()
    assert p["results_sha256"] == want, (p["results_sha256"], want)
    assert p["target"] == r["target"] and p["metrics"] == r["metrics"] and p["probe"] == r["probe"]
PY
expect_rc 3 "$AISEC" probe extract --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --check 10 \
	--ledger "$T_TMP/no-such-ledger" -o "$T_TMP/x.json"

# reports, from the generic members only
expect_rc 0 "$AISEC" probe report "$T_TMP/ex.json" "$T_TMP/ev.json" "$T_TMP/fz.json" "$T_TMP/lat.json" \
	--format md
expect_grep out "Art. 13(3)(b)(ii)"
expect_grep out "- **extract-equations** (2025-12-05T00:00:00Z): queries to extract the model 31 queries; agreement of the extracted model 100.0%."
expect_grep out "| target digest | \`$(grep -o 'sha256:[0-9a-f]*' "$T_TMP/ex.json")\` |"
expect_grep out "| queries | 531 of a budget of 100000 |"
expect_grep out "crashes (dropped connection or dead process) (\`fuzz.crashes\`) | 3 | lower |"
expect_grep out "only as strong as the attack"
# a probe the renderer has never heard of appears with its metrics and curve
cat >"$T_TMP/new.json" <<'JSON'
{"aisec_probe": 1, "probe": "membership-threshold", "complete": false, "seed": 9,
 "error": "query budget: 10 more queries would exceed the budget of 100 (95 used)",
 "target": {"protocol": "oip-v2", "url": "http://h", "model": "m", "digest": "sha256:00"},
 "queries": {"used": 95, "budget": 100},
 "metrics": [{"id": "membership.auc", "label": "membership inference AUC", "value": 0.71,
   "unit": "auc", "interval": {"low": 0.65, "high": 0.77, "level": 0.95, "method": "hanley-mcneil"},
   "higher_is_better": false}],
 "curves": [{"id": "membership.roc", "title": "ROC of the <threshold> attack",
   "x": {"label": "FPR", "scale": "log"}, "y": {"label": "TPR"},
   "series": [{"name": "score threshold", "points": [[0.001, 0.01], [0.01, 0.05], [1, 1]]}]}]}
JSON
expect_rc 0 "$AISEC" probe report "$T_TMP/new.json" --format md
expect_grep out "membership inference AUC 0.710 (95% interval 0.65 to 0.77, hanley-mcneil)"
expect_grep out "| complete | **no**: query budget: 10 more queries"
expect_grep out "reflects their size only"
expect_rc 0 "$AISEC" probe report "$T_TMP/new.json" "$T_TMP/ev.json" "$T_TMP/lat.json" --format html \
	-o "$T_TMP/r.html"
expect_rc 0 grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$T_TMP/r.html"
expect_rc 0 grep -q "ROC of the &lt;threshold&gt; attack" "$T_TMP/r.html"
expect_rc 0 test "$(grep -c "<polyline" "$T_TMP/r.html")" -eq 4
expect_rc 1 grep -qiE '<script|src=|href="?https?:|url\(' "$T_TMP/r.html"
expect_rc 0 "$AISEC" probe report "$T_TMP/new.json" "$T_TMP/ex.json" --format json
cp "$T_TMP/out" "$T_TMP/report.json"
expect_rc 0 /usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
assert [x["probe"] for x in r] == ["membership-threshold", "extract-equations"]
assert r[0]["metrics"][0]["value"] == 0.71 and r[0]["complete"] is False' "$T_TMP/report.json"

# bad input: not results, a bad metric, bad JSON, unknown format, no files
echo '{"x": 1}' >"$T_TMP/bad.json"
expect_rc 3 "$AISEC" probe report "$T_TMP/bad.json"
expect_grep err "field 'aisec_probe': missing or not 1"
sed 's/"value": 0.71/"value": "high"/' "$T_TMP/new.json" >"$T_TMP/bad.json"
expect_rc 3 "$AISEC" probe report "$T_TMP/bad.json" --format html
expect_grep err "field 'metrics[0].value': missing or not a number"
printf '{"aisec_probe": 1,\n  "probe": }\n' >"$T_TMP/bad.json"
expect_rc 3 "$AISEC" probe report "$T_TMP/bad.json"
expect_grep err "bad.json' line 2:"
expect_rc 2 "$AISEC" probe report "$T_TMP/ex.json" --format pdf
expect_rc 2 "$AISEC" probe report
finish
