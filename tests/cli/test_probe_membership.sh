#!/bin/bash
# test_probe_membership.sh - membership inference against the reference
# server's models, all trained on the breast-cancer member split that
# server.py writes as members.csv (the rest: nonmembers.csv): the deep
# random forest (no bootstrap, fully grown: it memorises its training set)
# must leak membership, with a DeLong interval that excludes 0.5; the
# regularised logistic regression (C = 0.05) must not (interval includes
# 0.5 or lies within 0.5 +- 0.05).
. "$(dirname "$0")/lib.sh"
. "$AISEC_SRC/tests/probe/lib.sh"
probe_server_start
S=$PROBE_DIR
MIA=(--url "$PROBE_URL" --batch 256 --concurrency 2 --members "$S/members.csv"
	--nonmembers "$S/nonmembers.csv")
cat >"$T_TMP/check.py" <<'PY'
import json, sys
import numpy as np
doc = json.load(open(sys.argv[1]))
want, members, nonmembers = sys.argv[2], sys.argv[3], sys.argv[4]
r = doc["result"]
m = np.loadtxt(members, delimiter=",")
n = np.loadtxt(nonmembers, delimiter=",")
assert doc["complete"] and r["members"] == len(m) and r["nonmembers"] == len(n)
assert abs(r["min_measurable_fpr"] - 1 / len(n)) < 1e-12
assert ("smallest FPR measurable is %.3g" % (1 / len(n))) in r["caveat"]
for name, a in r["attacks"].items():
    lo, hi = a["auc_interval"]["low"], a["auc_interval"]["high"]
    assert lo <= a["auc"] <= hi and a["auc_interval"]["method"] == "delong"
    for p in a["tpr_at_fpr"]:
        # measurable only when at least one false positive is allowed
        assert p["measurable"] == (p["fpr_target"] * len(n) >= 1), p
        assert p["fpr"] <= p["fpr_target"] + 1e-12
        assert p["tp"] == round(p["tpr"] * len(m)) and p["fp"] == round(p["fpr"] * len(n))
        iv = p["tpr_interval"]
        assert iv["method"] == "clopper-pearson" and iv["low"] <= p["tpr"] <= iv["high"]
    print(name, a["auc"], lo, hi)
    if want == "leaks" and name == "score_threshold":
        assert lo > 0.5, (name, a["auc"], lo, hi)
    if want == "private":
        assert lo <= 0.5 <= hi or (0.45 <= lo and hi <= 0.55), (name, a["auc"], lo, hi)
ids = {x["id"] for x in doc["metrics"]}
assert "membership.label.auc" in ids and "membership.label.tpr_at_fpr_0.01" in ids, ids
assert {c["id"] for c in doc["curves"]} >= {"membership.roc.label"}
PY
# the AUC recomputed independently (Mann-Whitney) from the model's own
# probabilities must equal the probe's for the score-threshold attack
cat >"$T_TMP/auc.py" <<'PY'
import json, sys
import numpy as np
doc = json.load(open(sys.argv[1]))
pts = [c for c in doc["curves"] if c["id"] == "membership.roc.score"][0]["series"][0]["points"]
xs = [p[0] for p in pts]; ys = [p[1] for p in pts]
auc = sum((xs[i + 1] - xs[i]) * (ys[i + 1] + ys[i]) / 2 for i in range(len(xs) - 1))
a = doc["result"]["attacks"]["score_threshold"]["auc"]
assert abs(auc - a) < 1e-9 and xs[-1] == 1 and ys[-1] == 1, (auc, a)
PY

expect_rc 0 "$AISEC" probe membership --spec "$S/bc-rf.yaml" "${MIA[@]}" -o "$T_TMP/rf.json"
expect_rc 0 /usr/bin/python3 "$T_TMP/check.py" "$T_TMP/rf.json" leaks "$S/members.csv" \
	"$S/nonmembers.csv"
expect_rc 0 /usr/bin/python3 "$T_TMP/auc.py" "$T_TMP/rf.json"
expect_rc 0 "$AISEC" probe membership --spec "$S/bc-lr.yaml" "${MIA[@]}" -o "$T_TMP/lr.json"
expect_rc 0 /usr/bin/python3 "$T_TMP/check.py" "$T_TMP/lr.json" private "$S/members.csv" \
	"$S/nonmembers.csv"
expect_rc 0 /usr/bin/python3 "$T_TMP/auc.py" "$T_TMP/lr.json"
# labels only (linear SVM): the label-only attack alone
expect_rc 0 "$AISEC" probe membership --spec "$S/bc-svm.yaml" "${MIA[@]}" -o "$T_TMP/svm.json"
expect_rc 0 /usr/bin/python3 "$T_TMP/check.py" "$T_TMP/svm.json" any "$S/members.csv" \
	"$S/nonmembers.csv"
expect_rc 1 grep -q score_threshold "$T_TMP/svm.json"

# the same seed gives byte-identical results
expect_rc 0 "$AISEC" probe membership --spec "$S/bc-rf.yaml" "${MIA[@]}" -o "$T_TMP/rf2.json"
expect_rc 0 cmp "$T_TMP/rf.json" "$T_TMP/rf2.json"
expect_rc 0 "$AISEC" probe membership --spec "$S/bc-rf.yaml" "${MIA[@]}" --seed 2 -o "$T_TMP/rf3.json"
expect_rc 1 cmp -s "$T_TMP/rf.json" "$T_TMP/rf3.json"

# budget exhausted part-way: 284 members and 256 non-members scored
# (256 rows per call, no noisy copies), then 29 more would exceed 550
expect_rc 3 "$AISEC" probe membership --spec "$S/bc-rf.yaml" "${MIA[@]}" --noise-copies 0 \
	--budget 550 -o "$T_TMP/part.json"
expect_grep err "exceed the budget of 550"
expect_rc 0 /usr/bin/python3 - "$T_TMP/part.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = d["result"]
assert d["complete"] is False and "budget" in d["error"]
assert r["members_scored"] == 284 and r["nonmembers_scored"] == 256, r
assert "score_threshold" in r["attacks"] and d["queries"]["used"] <= 550
PY

# bad input: a label that is not a class, a missing label column
sed '3s/,[01]$/,7/' "$S/members.csv" >"$T_TMP/bad.csv"
expect_rc 3 "$AISEC" probe membership --spec "$S/bc-rf.yaml" --url "$PROBE_URL" \
	--members "$T_TMP/bad.csv" --nonmembers "$S/nonmembers.csv"
expect_grep err "bad.csv' line 3: column 31: '7' is not a class index (0..1) or name"
cut -d, -f1-30 "$S/members.csv" >"$T_TMP/nolabel.csv"
expect_rc 3 "$AISEC" probe membership --spec "$S/bc-rf.yaml" --url "$PROBE_URL" \
	--members "$T_TMP/nolabel.csv" --nonmembers "$S/nonmembers.csv"
expect_grep err "line 1: column 31 (the true class) is missing"
expect_rc 2 "$AISEC" probe membership --spec "$S/bc-rf.yaml" --url "$PROBE_URL" \
	--members "$S/members.csv"
expect_grep err "membership needs --members CSV and --nonmembers CSV"
finish
