#!/bin/bash
# generate.sh - (re)make results/: run the probes against the reference
# model server of the test suite (tests/probe/server.py, scikit-learn from
# Debian's python3-sklearn, served on 127.0.0.1) standing in for CytoScreen's
# prediction interface, with fixed seeds and date.  Needs a built aisec
# (AISEC, default build/aisec from the repository root).
#   examples/probe/generate.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
AISEC=${AISEC:-$root/build/aisec}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1796428800} # 2026-12-05
tmp=$(mktemp -d)
/usr/bin/python3 "$root/tests/probe/server.py" --dir "$tmp" >"$tmp/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 600); do
	[ -f "$tmp/port" ] && break
	kill -0 $pid 2>/dev/null || { cat "$tmp/log" >&2; exit 1; }
	sleep 0.5
done
url="http://127.0.0.1:$(cat "$tmp/port")"
mkdir -p "$here/results"
cp "$tmp/bc-lr.yaml" "$here/results/spec.yaml.txt" # the spec the digests name
head -20 "$tmp/nonmembers.csv" >"$tmp/rows.csv"
cd "$here/results"
"$AISEC" probe evasion --spec "$tmp/bc-lr.yaml" --url "$url" --seed 1 --batch 200 \
	--input "$tmp/rows.csv" -o evasion.json
"$AISEC" probe extract --spec "$tmp/bc-lr.yaml" --url "$url" --seed 1 --batch 500 -o extract.json
"$AISEC" probe fuzz --spec "$tmp/bc-lr.yaml" --url "$url" --seed 1 -o fuzz.json
"$AISEC" probe latency --spec "$tmp/bc-lr.yaml" --url "$url" --seed 1 -o latency.json
