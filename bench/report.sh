#!/usr/bin/env bash
# bench/report.sh - what each output format costs on top of the assessment.
# Baselines: `--format json` (the findings model with no renderer on top) for
# the renderers; for the exports, `aisec catalog validate` (loading the
# knowledge base) and a Python script that only loads and dumps the same
# OSCAL document (what any Python tool pays before doing work).  Then 1,000
# profiles in one call, rendered as SARIF and as HTML.
set -euo pipefail
cd "$(dirname "$0")/.."
AISEC=${AISEC:-$PWD/build/aisec}
N=${AISEC_BENCH_PROFILES:-1000}
P=examples/cv-screening.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mapfile -t ex < <(ls examples/*.yaml)
for i in $(seq 1 "$N"); do
	cp "${ex[$((i % ${#ex[@]}))]}" "$tmp/p$i.yaml"
done
"$AISEC" catalog export --format oscal-catalog -o "$tmp/catalog.json"

echo "-- one assessment rendered in each format (whole process)"
cmds=(-n "json (baseline: no renderer)" "$AISEC assess $P --as-of 2026-11-28 --format json")
for f in text md html sarif oscal-ar csv; do
	cmds+=(-n "$f" "$AISEC assess $P --as-of 2026-11-28 --format $f")
done
hyperfine -N --warmup 3 --runs 20 --style basic "${cmds[@]}" 2>&1 | grep -E "^(Benchmark|  Time)"

echo "-- knowledge-base exports"
hyperfine -N --warmup 2 --runs 10 --style basic \
	-n "catalog validate (baseline: load)" "$AISEC catalog validate" \
	-n "export oscal-catalog" "$AISEC catalog export --format oscal-catalog" \
	-n "export oscal-mapping" "$AISEC catalog export --format oscal-mapping" \
	-n "python3 load+dump of the OSCAL catalog (baseline)" \
	"python3 -c 'import json,sys; json.dump(json.load(open(\"$tmp/catalog.json\")), sys.stdout)'" \
	2>&1 | grep -E "^(Benchmark|  Time)"

echo "-- $N profiles in one call"
files=$(echo "$tmp"/p*.yaml)
hyperfine -N --warmup 1 --runs 3 --style basic \
	-n "$N profiles --format json" "$AISEC assess $files --as-of 2026-11-28 --format json -o $tmp/o.json" \
	-n "$N profiles --format sarif" "$AISEC assess $files --as-of 2026-11-28 --format sarif -o $tmp/o.sarif" \
	-n "$N profiles --format html" "$AISEC assess $files --as-of 2026-11-28 --format html -o $tmp/o.html" \
	2>&1 | grep -E "^(Benchmark|  Time)"
