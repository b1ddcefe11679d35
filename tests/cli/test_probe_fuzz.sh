#!/bin/bash
# test_probe_fuzz.sh - `aisec probe fuzz` against tests/probe/server.py: it
# finds the deliberately fragile route's crash on NaN (HTTP: the connection
# drops; process: the child aborts) and reports no false crash on the
# robust route; every finding carries the input that caused it; the same
# seed gives byte-identical results.
. "$(dirname "$0")/lib.sh"
. "$AISEC_SRC/tests/probe/lib.sh"
probe_server_start
S=$PROBE_DIR
export SOURCE_DATE_EPOCH=1764892800

# the fragile route crashes on NaN: found, with the input, exit 1
expect_rc 1 "$AISEC" probe fuzz --spec "$S/bc-fragile.yaml" --url "$PROBE_URL" --seed 3 \
	-o "$T_TMP/fragile.json"
expect_grep err "crashes"
expect_rc 0 /usr/bin/python3 - "$T_TMP/fragile.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["probe"] == "fuzz" and r["complete"], r
assert r["target"]["digest"].startswith("sha256:") and len(r["target"]["digest"]) == 71
res = r["result"]
crash = [c for c in res["per_case"] if c["outcome"] == "crash"]
assert res["crashes"] == len(crash) >= 2, res
# each crash is a finding whose input holds the NaN that caused it
assert any(c["name"].startswith("NaN in feature") for c in crash), crash
for c in crash:
    assert c["finding"] and c["input_bytes"] > 0 and c["input_sha256"].startswith("sha256:")
    if c["category"] == "non-finite":
        assert "NaN" in c["input"], c
# nothing else failed; the controls were answered before and after
assert res["server_errors"] == 0 and res["timeouts"] == 0, res
ctl = [c for c in res["per_case"] if c["category"] == "control"]
assert ctl and all(c["outcome"] == "accepted" for c in ctl), ctl
ids = {m["id"]: m["value"] for m in r["metrics"]}
assert ids["fuzz.crashes"] == res["crashes"], ids
PY

# the robust route: no crash, no 5xx, no timeout; the values outside the
# spec's ranges it accepts are reported as such
expect_rc 0 "$AISEC" probe fuzz --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --seed 3 -o "$T_TMP/lr.json"
expect_rc 0 /usr/bin/python3 - "$T_TMP/lr.json" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["result"]
assert res["crashes"] == 0 and res["server_errors"] == 0 and res["timeouts"] == 0, res
acc = [c["name"] for c in res["per_case"] if c["finding"]]
assert res["accepted_invalid"] == len(acc) and any("above the range" in a for a in acc), acc
cats = res["by_category"]
for k in ("control", "malformed-json", "non-finite", "out-of-range", "wrong-shape", "wrong-type", "huge"):
    assert cats[k]["cases"] >= 1, (k, cats)
PY
# the same seed, byte-identical results; TF Serving framing too
expect_rc 0 "$AISEC" probe fuzz --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --seed 3 -o "$T_TMP/lr2.json"
expect_rc 0 cmp "$T_TMP/lr.json" "$T_TMP/lr2.json"
expect_rc 0 "$AISEC" probe fuzz --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --protocol tfserving \
	-o "$T_TMP/tf.json"
expect_rc 0 grep -q '"crashes": 0' "$T_TMP/tf.json"

# a process target that aborts on NaN (a small JSON-lines model): the crash
# is found with its signal, the child restarted, later inputs answered
cat >"$T_TMP/model.py" <<'PY'
import json, math, os, sys
for line in sys.stdin:
    try:
        x = json.loads(line)["instances"]
        if any(isinstance(v, float) and math.isnan(v) for row in x for v in row):
            os.abort()
        out = {"predictions": [[0.25, 0.75] for _ in x]}
    except Exception as e:
        out = {"error": str(e)}
    print(json.dumps(out), flush=True)
PY
expect_rc 1 "$AISEC" probe fuzz --spec "$S/bc-lr.yaml" --exec /usr/bin/python3 "$T_TMP/model.py" -- \
	-o "$T_TMP/proc.json"
expect_rc 0 /usr/bin/python3 - "$T_TMP/proc.json" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["result"]
crash = [c for c in res["per_case"] if c["outcome"] == "crash"]
assert crash and all("crashed (signal 6)" in c["detail"] for c in crash), crash
assert res["per_case"][-1]["outcome"] == "accepted", res["per_case"][-1]
PY

# budget too small: nothing is sent, the error says what is needed
expect_rc 3 "$AISEC" probe fuzz --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --budget 10 -o "$T_TMP/b.json"
expect_grep err "the fuzz probe needs"
expect_rc 0 grep -q '"complete": false' "$T_TMP/b.json"
# unreachable target: a clear error, the partial results are written
expect_rc 3 "$AISEC" probe fuzz --spec "$S/bc-lr.yaml" --url http://127.0.0.1:1 -o "$T_TMP/u.json"
expect_grep err "target 'http://127.0.0.1:1/v2/models/bc-lr/infer'"
expect_rc 0 grep -q '"complete": false' "$T_TMP/u.json"
finish
