#!/bin/bash
# test_probe_latency.sh - `aisec probe latency` against tests/probe/server.py:
# the latency distribution under load, and the sponge search on bc-slow
# (whose answer takes 2 ms + 100 ms x feature 0's place in its range) finds
# inputs clearly slower than random ones, with feature 0 near the top.
. "$(dirname "$0")/lib.sh"
. "$AISEC_SRC/tests/probe/lib.sh"
probe_server_start
S=$PROBE_DIR

expect_rc 0 "$AISEC" probe latency --spec "$S/bc-slow.yaml" --url "$PROBE_URL" --seed 4 \
	--concurrency 4 --requests 60 --starts 8 --rounds 12 -o "$T_TMP/slow.json"
expect_rc 0 /usr/bin/python3 - "$T_TMP/slow.json" "$S/bc-slow.yaml" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["probe"] == "latency" and r["complete"], r
load, search = r["result"]["load"], r["result"]["search"]
assert load["requests"] == 60 and load["errors"] == 0, load
ms = load["ms"]
assert ms["min"] <= ms["p50"] <= ms["p90"] <= ms["p99"] <= ms["max"], ms
# budget: 60 load + 8 x (12 + 1) search + 3 x 5 re-measurements
assert r["queries"]["used"] == 60 + 8 * 13 + 15, r["queries"]
lo, hi = None, None
for l in open(sys.argv[2]):
    if l.startswith("    - ["):
        lo, hi = json.loads(l.strip()[2:])
        break
worst = search["worst"]
assert len(worst) == 3 and worst[0]["ms"] >= worst[-1]["ms"], worst
# the slowest input found is clearly slower than random inputs: random
# feature-0 values average half the range (about 52 ms), the top about 102 ms
assert worst[0]["slowdown"] >= 1.3, (worst[0]["slowdown"], search["random_median_ms"])
assert worst[0]["input"][0] >= lo + 0.7 * (hi - lo), worst[0]["input"][0]
trace = search["slowest_so_far_ms"]
assert len(trace) == 13 and all(a[1] <= b[1] for a, b in zip(trace, trace[1:])), trace
ids = {m["id"] for m in r["metrics"]}
assert {"latency.p50", "latency.p99", "latency.max", "latency.sponge_slowdown"} <= ids, ids
curves = {c["id"] for c in r["curves"]}
assert curves == {"latency.cdf", "latency.search"}, curves
PY

# a process target measures the same way (one request at a time)
expect_rc 0 "$AISEC" probe latency --spec "$S/bc-lr.yaml" --requests 5 --starts 2 --rounds 2 \
	--exec /bin/sh -c 'while read l; do echo "{\"predictions\": [[0.5, 0.5]]}"; done' -- \
	-o "$T_TMP/proc.json"
expect_rc 0 grep -q '"errors": 0' "$T_TMP/proc.json"
# budget: refused before anything is sent, naming what it needs
expect_rc 3 "$AISEC" probe latency --spec "$S/bc-lr.yaml" --url "$PROBE_URL" --budget 0 \
	-o "$T_TMP/b.json"
expect_grep err "the latency probe needs 383 queries"
expect_rc 0 grep -q '"complete": false' "$T_TMP/b.json"
# every request failing (a spec that does not match the model) is an error
sed 's/model: iris-lr/model: bc-lr/' "$S/iris-lr.yaml" >"$T_TMP/wrong.yaml"
expect_rc 3 "$AISEC" probe latency --spec "$T_TMP/wrong.yaml" --url "$PROBE_URL" --requests 3 \
	--starts 1 --rounds 1 -o "$T_TMP/w.json"
expect_grep err "every request failed: status 400"
finish
