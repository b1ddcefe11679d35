#!/bin/bash
# test_probe_robustness.sh - natural robustness (accuracy under noise)
# against the reference models on the breast-cancer non-member rows: at
# level 0 the accuracy equals the one scikit-learn computes for the same
# model on the same rows (the models retrained here by server.py's own
# train(), deterministic); along the levels it does not increase beyond the
# Clopper-Pearson intervals, and at 20% of the ranges it has dropped.
. "$(dirname "$0")/lib.sh"
. "$AISEC_SRC/tests/probe/lib.sh"
probe_server_start
S=$PROBE_DIR
ROB=(--url "$PROBE_URL" --batch 300 --concurrency 2 --input "$S/nonmembers.csv")
for m in bc-rf bc-lr bc-svm; do
	expect_rc 0 "$AISEC" probe robustness --spec "$S/$m.yaml" "${ROB[@]}" -o "$T_TMP/$m.json"
done
expect_rc 0 "$AISEC" probe robustness --spec "$S/bc-rf.yaml" "${ROB[@]}" --noise uniform \
	--levels 0,0.1,0.3 -o "$T_TMP/uni.json"
expect_rc 0 /usr/bin/python3 - "$AISEC_SRC/tests/probe" "$S/nonmembers.csv" "$T_TMP" <<'PY'
import json, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import server
models, _, _ = server.train()
rows = np.loadtxt(sys.argv[2], delimiter=",")
x, y = rows[:, :30], rows[:, 30].astype(int)
for name in ("bc-rf", "bc-lr", "bc-svm", "uni"):
    doc = json.load(open("%s/%s.json" % (sys.argv[3], name)))
    lv = doc["result"]["levels"]
    assert doc["complete"] and lv[0]["level"] == 0 and lv[0]["inputs"] == len(y)
    model = models["bc-rf" if name == "uni" else name]["model"]
    want = int((model.predict(x) == y).sum())
    assert lv[0]["correct"] == want, (name, lv[0]["correct"], want)
    for a, b in zip(lv, lv[1:]):
        assert b["interval"]["low"] <= a["interval"]["high"], (name, a, b)
    assert lv[-1]["interval"]["high"] < lv[0]["accuracy"], (name, lv[0], lv[-1])
    for l in lv:
        iv = l["interval"]
        assert iv["method"] == "clopper-pearson" and iv["low"] <= l["accuracy"] <= iv["high"]
    assert [p[0] for p in doc["curves"][0]["series"][0]["points"]] == [l["level"] for l in lv]
    print(name, [round(l["accuracy"], 3) for l in lv])
PY
# the same seed gives byte-identical results; another seed other noise
expect_rc 0 "$AISEC" probe robustness --spec "$S/bc-rf.yaml" "${ROB[@]}" -o "$T_TMP/again.json"
expect_rc 0 cmp "$T_TMP/bc-rf.json" "$T_TMP/again.json"
# budget exhausted part-way: 285 rows per level, 2 levels within 700
expect_rc 3 "$AISEC" probe robustness --spec "$S/bc-rf.yaml" "${ROB[@]}" --budget 700 \
	-o "$T_TMP/part.json"
expect_grep err "exceed the budget of 700"
expect_rc 0 /usr/bin/python3 - "$T_TMP/part.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["complete"] is False and len(d["result"]["levels"]) == 2, d["result"]
PY
expect_rc 2 "$AISEC" probe robustness --spec "$S/bc-rf.yaml" "${ROB[@]}" --noise salt
expect_grep err "--noise is gaussian or uniform, not 'salt'"
expect_rc 2 "$AISEC" probe robustness --spec "$S/bc-rf.yaml" "${ROB[@]}" --levels 0,-1
expect_rc 2 "$AISEC" probe robustness --spec "$S/bc-rf.yaml" --url "$PROBE_URL"
finish
