#!/bin/bash
# test_probe.sh - `aisec probe` against real scikit-learn models served on
# loopback by tests/probe/server.py: the target layer (Open Inference
# Protocol v2, TF Serving, template, process), budget, errors, and the
# equation-solving extraction checked against the model's own w and b.
. "$(dirname "$0")/lib.sh"
. "$AISEC_SRC/tests/probe/lib.sh"
probe_server_start
S=$PROBE_DIR
# same_as_want: the last command's output equals the model's own predictions
same_as_want() {
	cp "$T_TMP/out" "$T_TMP/got"
	expect_rc 0 diff "$T_TMP/want" "$T_TMP/got"
}

# query: the same predictions through every protocol
head -20 "$S/members.csv" >"$T_TMP/rows.csv"
/usr/bin/python3 - "$S" >"$T_TMP/want" <<'PY'
import sys, json
d = sys.argv[1]
import numpy as np
rows = np.loadtxt(d + "/members.csv", delimiter=",")[:20]
lin = json.load(open(d + "/bc-lr.linear.json"))
z = rows[:, :30] @ np.array(lin["w"][0]) + lin["b"][0]
print("\n".join("benign" if v > 0 else "malignant" for v in z))
PY
expect_rc 0 "$AISEC" probe query --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --input "$T_TMP/rows.csv"
cp "$T_TMP/out" "$T_TMP/oip"
expect_rc 0 diff "$T_TMP/want" "$T_TMP/oip"
expect_rc 0 "$AISEC" probe query --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --protocol tfserving \
	--batch 7 --concurrency 3 --input "$T_TMP/rows.csv"
same_as_want
printf '{"signature_name": "x", "instances": {{instances}}}' >"$T_TMP/tpl"
expect_rc 0 "$AISEC" probe query --spec "$S/bc-lr.yaml" --url "$PROBE_URL/v1/models/bc-lr:predict" \
	--protocol template --template "$T_TMP/tpl" --select predictions --batch 20 \
	--input "$T_TMP/rows.csv"
same_as_want
# the child trains its models first: most of 100 s on a loaded machine
expect_rc 0 "$AISEC" probe query --spec "$S/bc-lr.yaml" --batch 5 --timeout 100000 --input "$T_TMP/rows.csv" \
	--exec /usr/bin/python3 "$AISEC_SRC/tests/probe/server.py" --stdio bc-lr --
same_as_want
# labels-only target (linear SVM)
expect_rc 0 "$AISEC" probe query --spec "$S/bc-svm.yaml" --url "$PROBE_URL" --batch 20 \
	--input "$T_TMP/rows.csv"
expect_rc 0 test "$(wc -l <"$T_TMP/out")" -eq 20
# a bearer token from the environment; never on the command line
AISEC_TEST_TOKEN=s3cret expect_rc 0 "$AISEC" probe query --spec "$S/bc-lr.yaml" \
	--url "$PROBE_URL" --token-env AISEC_TEST_TOKEN --batch 20 --input "$T_TMP/rows.csv"
expect_rc 3 "$AISEC" probe query --spec "$S/bc-lr.yaml" --url "$PROBE_URL" \
	--token-env AISEC_NO_SUCH_VAR --input "$T_TMP/rows.csv"
expect_grep err "'AISEC_NO_SUCH_VAR' (--token-env) is not set"

# retries on 503 (bc-flaky refuses every other request); each retry counts
sed 's/model: bc-lr/model: bc-flaky/' "$S/bc-lr.yaml" >"$T_TMP/flaky.yaml"
expect_rc 0 "$AISEC" probe query --spec "$T_TMP/flaky.yaml" --url "$PROBE_URL" --batch 5 \
	--concurrency 1 --input "$T_TMP/rows.csv"
same_as_want
expect_rc 3 "$AISEC" probe query --spec "$T_TMP/flaky.yaml" --url "$PROBE_URL" --batch 5 \
	--retries 0 --concurrency 1 --input "$T_TMP/rows.csv"
expect_grep err "HTTP status 503 after retries"
# retries need budget too: 20 rows over 4 requests, 2 of them retried once -> 30 > 29
expect_rc 3 "$AISEC" probe query --spec "$T_TMP/flaky.yaml" --url "$PROBE_URL" --batch 5 \
	--concurrency 1 --budget 29 --input "$T_TMP/rows.csv"
expect_grep err "exceed the budget of 29"
# the rate limit: 10 requests at 10/s take at least 0.9 s
start=$(date +%s%N)
expect_rc 0 "$AISEC" probe query --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --batch 2 \
	--rate 10 --input "$T_TMP/rows.csv"
expect_rc 0 test $(( ($(date +%s%N) - start) / 1000000 )) -ge 900

# the budget is never exceeded: 20 rows, budget 19 -> refused before sending
expect_rc 3 "$AISEC" probe query --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --budget 19 \
	--input "$T_TMP/rows.csv"
expect_grep err "exceed the budget of 19 (0 used)"
expect_rc 3 "$AISEC" probe extract --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --budget 0
expect_grep err "exceed the budget of 0"
expect_grep out '"complete": false'

# bad input: unreachable target, wrong shape, spec that does not match, bad spec
expect_rc 3 "$AISEC" probe query --spec "$S/bc-lr.yaml" --url http://127.0.0.1:1 \
	--timeout 2000 --input "$T_TMP/rows.csv"
expect_grep err "target 'http://127.0.0.1:1/v2/models/bc-lr/infer'"
sed 's/model: iris-lr/model: bc-lr/' "$S/iris-lr.yaml" >"$T_TMP/wrong.yaml"
expect_rc 3 "$AISEC" probe query --spec "$T_TMP/wrong.yaml" --url "$PROBE_URL" --input "$T_TMP/rows.csv"
expect_grep err "HTTP status 400"
sed 's/classes: .*/classes: [a, b, c]/' "$S/bc-lr.yaml" >"$T_TMP/wrongk.yaml"
expect_rc 3 "$AISEC" probe query --spec "$T_TMP/wrongk.yaml" --url "$PROBE_URL" --input "$T_TMP/rows.csv"
expect_grep err "expected an output of shape [1,3] (scores for 3 classes), received shapes [1,2]"
printf 'model: m\ninput:\n  type: float\n  features: 3\n  range: [1, 0]\noutput:\n  kind: scores\n  classes: [a, b]\n' >"$T_TMP/bad.yaml"
expect_rc 3 "$AISEC" probe query --spec "$T_TMP/bad.yaml" --url "$PROBE_URL" --input "$T_TMP/rows.csv"
expect_grep err "line 5: field 'input.range': not a [low, high] pair"
printf 'model: m\ninput:\n  features: 3\n  range: [0, 1]\noutput:\n  kind: votes\n  classes: [a, b]\n' >"$T_TMP/bad.yaml"
expect_rc 3 "$AISEC" probe query --spec "$T_TMP/bad.yaml" --url "$PROBE_URL" --input "$T_TMP/rows.csv"
expect_grep err "line 6: field 'output.kind': unknown value 'votes'"
# a process target that crashes, and one that never answers
expect_rc 3 "$AISEC" probe query --spec "$S/bc-lr.yaml" --input "$T_TMP/rows.csv" \
	--exec /bin/sh -c 'read line; kill -SEGV $$' --
expect_grep err "process target '/bin/sh' crashed (signal 11)"
expect_rc 3 "$AISEC" probe query --spec "$S/bc-lr.yaml" --input "$T_TMP/rows.csv" --timeout 300 \
	--exec /bin/sleep 5 --
expect_grep err "process target '/bin/sleep': no answer within 300 ms"
expect_rc 2 "$AISEC" probe query --spec "$S/bc-lr.yaml" --url ftp://x --input "$T_TMP/rows.csv"
expect_rc 2 "$AISEC" probe nosuch --spec "$S/bc-lr.yaml" --url "$PROBE_URL"

# extraction (Tramèr et al. 2016): d+1 queries, 100% agreement on 10,000 inputs
for m in bc-lr wine-lr iris-lr; do
	SOURCE_DATE_EPOCH=1764892800 expect_rc 0 "$AISEC" probe extract --spec "$S/$m.yaml" \
		--url "$PROBE_URL" --seed 7 --batch 500 --concurrency 2 -o "$T_TMP/$m.json"
	expect_rc 0 /usr/bin/python3 - "$T_TMP/$m.json" "$S/$m.yaml" "$S/$m.linear.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
d = sum(1 for l in open(sys.argv[2]) if l.startswith("    - ["))
res = r["result"]
assert r["complete"] and res["queries_solve"] == d + 1, res["queries_solve"]
assert res["checked"] == 10000 and res["agree"] == 10000, (res["agree"], res["checked"])
# the recovered logit differences equal the model's own (w, b) in input space
lin = json.load(open(sys.argv[3]))
w, b = lin["w"], lin["b"]
if len(w) == 1:  # binary: one logit
    w, b = [[0.0] * d, w[0]], [0.0, b[0]]
for c in range(1, len(w)):
    for j in range(d):
        want = w[c][j] - w[0][j]
        got = res["w"][(c - 1) * d + j]
        assert abs(got - want) <= 1e-6 * max(1.0, abs(want)), (c, j, got, want)
PY
done
# the same seed gives byte-identical results (the results' date from
# SOURCE_DATE_EPOCH, as reproducible builds do)
export SOURCE_DATE_EPOCH=1764892800
expect_rc 0 "$AISEC" probe extract --spec "$S/iris-lr.yaml" --url "$PROBE_URL" --seed 7 \
	--batch 500 -o "$T_TMP/again.json"
expect_rc 0 cmp "$T_TMP/iris-lr.json" "$T_TMP/again.json"
# decision-based evasion (HopSkipJump) on the linear SVM, labels only: the
# smallest L2 perturbation of x is exactly |w.x + b| / ||w||; the attack must
# come within 1.10x of it for >= 90% of the inputs within 5,000 queries each.
# The spec's ranges are widened so that they do not constrain the optimum.
# 20 inputs by default (the suite shares two cores); AISEC_PROBE_EVASION_N=100
# runs the issue's full check.
N=${AISEC_PROBE_EVASION_N:-20}
head -"$N" "$S/nonmembers.csv" >"$T_TMP/ev.csv"
probe_wide_spec "$S/bc-svm.yaml" >"$T_TMP/wide.yaml"
expect_rc 0 "$AISEC" probe evasion --spec "$T_TMP/wide.yaml" --url "$PROBE_URL" --seed 5 \
	--batch 200 --concurrency 2 --max-queries 5000 --input "$T_TMP/ev.csv" -o "$T_TMP/ev.json"
expect_rc 0 /usr/bin/python3 - "$T_TMP/ev.json" "$S/bc-svm.linear.json" "$T_TMP/ev.csv" <<'PY'
import json, sys
import numpy as np
r = json.load(open(sys.argv[1]))["result"]
lin = json.load(open(sys.argv[2]))
w, b = np.array(lin["w"][0]), lin["b"][0]
x = np.loadtxt(sys.argv[3], delimiter=",")[:, :30]
opt = np.abs(x @ w + b) / np.linalg.norm(w)
per = r["per_input"]
assert len(per) == len(x) and r["found"] == len(x)
ratio = [p["distance"] / o for p, o in zip(per, opt)]
assert all(p["queries"] <= 5000 for p in per)
assert all(q >= 1 - 1e-6 for q in ratio), min(ratio)  # never below the optimum
good = sum(q <= 1.10 for q in ratio)
assert good >= 0.9 * len(x), sorted(ratio)
PY
# labels-only targets cannot be extracted this way
expect_rc 3 "$AISEC" probe extract --spec "$S/bc-svm.yaml" --url "$PROBE_URL"
finish
