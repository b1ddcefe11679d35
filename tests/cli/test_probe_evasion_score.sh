#!/bin/bash
# test_probe_evasion_score.sh - score-based evasion (SimBA, Square Attack
# L-infinity and L2) against the reference logistic regression, checked
# against ground truth: for a linear model the smallest L2 perturbation of x
# is exactly |w.x + b| / ||w|| and the smallest L-infinity one
# |w.x + b| / ||w||_1 (when the ranges do not bind).  The target is the
# reference server's process mode (JSON lines): the attack is sequential and
# a pipe round trip is far cheaper than an HTTP one.
. "$(dirname "$0")/lib.sh"
. "$AISEC_SRC/tests/probe/lib.sh"
probe_server_start
S=$PROBE_DIR
# the first answer waits for the models to train: a generous timeout
EXEC=(--timeout 100000 --exec /usr/bin/python3 "$AISEC_SRC/tests/probe/server.py" --stdio bc-lr --)
# the spec's ranges widened so that they do not constrain the optimum
probe_wide_spec "$S/bc-lr.yaml" >"$T_TMP/wide.yaml"
# check.py RESULT NORM: distances never below the optimum; prints the ratios
cat >"$T_TMP/check.py" <<'PY'
import json, sys
import numpy as np
doc = json.load(open(sys.argv[1]))
r, norm, rows, lin = doc["result"], sys.argv[2], sys.argv[3], sys.argv[4]
lin = json.load(open(lin))
w, b = np.array(lin["w"][0]), lin["b"][0]
x = np.loadtxt(rows, delimiter=",", ndmin=2)[:, :30]
dual = np.linalg.norm(w) if norm == "l2" else np.abs(w).sum()
opt = np.abs(x @ w + b) / dual
per = r["per_input"]
assert r["norm"] == norm and len(per) == len(x), (r["norm"], len(per))
assert all(p["queries"] <= r["max_queries_per_input"] for p in per)
found = [(p["distance"], o) for p, o in zip(per, opt) if p["distance"] is not None]
ratio = [d / o for d, o in found]
assert all(q >= 1 - 1e-9 for q in ratio), min(ratio)  # never below the optimum
# the success rate at each eps is the share of rows evaded within eps
for s in r["success"]:
    k = sum(1 for p in per if p["distance"] is not None and p["distance"] <= s["eps"])
    assert s["evaded"] == k and s["inputs"] == len(per), (s, k)
    iv = s["interval"]
    assert iv["method"] == "clopper-pearson" and iv["low"] <= s["rate"] <= iv["high"]
ids = [m["id"] for m in doc["metrics"]]
assert "evasion.median_distance" in ids and "evasion.found_rate" in ids and doc["curves"][0]["id"] == "evasion.success_vs_epsilon"
print(" ".join("%.4f" % q for q in sorted(ratio)))
PY

# SimBA, L2: within 1.05x of the optimum for >= 90% of the rows.  10 rows by
# default (the suite shares two cores); AISEC_PROBE_EVASION_N=100 runs the
# issue's 100.
N=${AISEC_PROBE_EVASION_N:-10}
head -"$N" "$S/nonmembers.csv" >"$T_TMP/ev.csv"
expect_rc 0 "$AISEC" probe evasion --method simba --spec "$T_TMP/wide.yaml" --seed 5 --batch 8 \
	--max-queries 2000 --eps 0.5 --eps 5 --input "$T_TMP/ev.csv" -o "$T_TMP/simba.json" "${EXEC[@]}"
expect_rc 0 /usr/bin/python3 "$T_TMP/check.py" "$T_TMP/simba.json" l2 "$T_TMP/ev.csv" \
	"$S/bc-lr.linear.json"
cp "$T_TMP/out" "$T_TMP/ratios"
expect_rc 0 /usr/bin/python3 - "$T_TMP/ratios" "$N" <<'PY'
import sys
ratio = [float(v) for v in open(sys.argv[1]).read().split()]
assert len(ratio) == int(sys.argv[2]), ratio
assert sum(q <= 1.05 for q in ratio) >= 0.9 * len(ratio), ratio
PY
expect_grep simba.json '"probe": "evasion-simba"'

# Square Attack: valid adversarial examples, never below the optimum
head -3 "$S/nonmembers.csv" >"$T_TMP/ev3.csv"
for m in square-linf:linf square-l2:l2; do
	expect_rc 0 "$AISEC" probe evasion --method "${m%:*}" --spec "$T_TMP/wide.yaml" --seed 5 \
		--batch 8 --max-queries 1500 --eps 1 --input "$T_TMP/ev3.csv" -o "$T_TMP/sq.json" \
		"${EXEC[@]}"
	expect_rc 0 /usr/bin/python3 "$T_TMP/check.py" "$T_TMP/sq.json" "${m#*:}" "$T_TMP/ev3.csv" \
		"$S/bc-lr.linear.json"
done

# the same seed gives byte-identical results
for i in 1 2; do
	expect_rc 0 "$AISEC" probe evasion --method square-l2 --spec "$T_TMP/wide.yaml" --seed 9 \
		--batch 8 --max-queries 400 --eps 1 --input "$T_TMP/ev3.csv" -o "$T_TMP/seed$i.json" \
		"${EXEC[@]}"
done
expect_rc 0 cmp "$T_TMP/seed1.json" "$T_TMP/seed2.json"

# budget exhausted part-way: the rows done are written, marked incomplete
expect_rc 3 "$AISEC" probe evasion --method simba --spec "$T_TMP/wide.yaml" --seed 5 --batch 8 \
	--budget 700 --max-queries 400 --input "$T_TMP/ev3.csv" -o "$T_TMP/part.json" "${EXEC[@]}"
expect_grep err "exceed the budget of 700"
expect_rc 0 /usr/bin/python3 - "$T_TMP/part.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["complete"] is False and "budget" in d["error"], d
assert len(d["result"]["per_input"]) == 1, d["result"]["per_input"]
assert d["queries"]["used"] <= 700
PY

# a labels-only target cannot be attacked from scores; unknown method
head -2 "$S/nonmembers.csv" >"$T_TMP/ev2.csv"
expect_rc 3 "$AISEC" probe evasion --method simba --spec "$S/bc-svm.yaml" --url "$PROBE_URL" \
	--input "$T_TMP/ev2.csv"
expect_grep err "needs a target that returns scores"
expect_rc 2 "$AISEC" probe evasion --method fgsm --spec "$S/bc-lr.yaml" --url "$PROBE_URL" \
	--input "$T_TMP/ev2.csv"
expect_grep err "unknown evasion method 'fgsm'"
expect_rc 2 "$AISEC" probe evasion --eps -1 --spec "$S/bc-lr.yaml" --url "$PROBE_URL" \
	--input "$T_TMP/ev2.csv"
finish
