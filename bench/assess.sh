#!/usr/bin/env bash
# bench/assess.sh - speed of `aisec assess`.
# Targets (issue 3): one assessment under 30 ms for the whole process;
# 1,000 profiles in one call under 3 s.
# Baselines: the process floor (`aisec version`), loading the knowledge base alone
# (`aisec catalog validate`), and what a Python tool pays before doing any work
# (interpreter start plus json.load/json.dump of the same findings).  No open
# TVRA implementation exists to compare with (assurance-tools.md §5.1).
set -euo pipefail
cd "$(dirname "$0")/.."
AISEC=${AISEC:-$PWD/build/aisec}
N=${AISEC_BENCH_PROFILES:-1000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# N profiles: the shipped examples, round robin
mapfile -t ex < <(ls examples/*.yaml)
for i in $(seq 1 "$N"); do
	cp "${ex[$((i % ${#ex[@]}))]}" "$tmp/p$i.yaml"
done
"$AISEC" assess examples/cv-screening.yaml --format json --as-of 2026-11-28 >"$tmp/one.json"

echo "-- one assessment, whole process (target < 30 ms)"
hyperfine -N --warmup 3 --runs 30 --style basic --export-markdown "$tmp/one.md" \
	-n "aisec version (process floor)" "$AISEC version" \
	-n "aisec catalog validate (knowledge base load)" "$AISEC catalog validate" \
	-n "aisec assess cv-screening --format json" \
	"$AISEC assess examples/cv-screening.yaml --format json --as-of 2026-11-28" \
	-n "python3 json load+dump of the same findings (baseline)" \
	"python3 -c 'import json,sys; json.dump(json.load(open(\"$tmp/one.json\")), sys.stdout)'" >/dev/null
cat "$tmp/one.md"

echo
echo "-- $N profiles in one call, JSON array to stdout (target < 3 s)"
hyperfine --warmup 1 --runs 3 --style basic --export-markdown "$tmp/many.md" \
	-n "aisec assess x$N --format json" \
	"$AISEC assess $tmp/p*.yaml --format json --as-of 2026-11-28" >/dev/null
cat "$tmp/many.md"
