#!/usr/bin/env bash
# bench/monitor.sh - aisec monitor ingestion speed and memory, one run:
#   1. events/s per core for JSON-lines ingestion with the accuracy and drift
#      detectors on (CPU time of `aisec monitor run` over a 1M-event file)
#      and the same over CSV                                  (target >= 1,000,000/s)
#      and, as the before figure, the same with the JSON fast path off
#      (AISEC_MONITOR_JSON=jansson: every line through jansson's tree)
#   2. the same computation with pandas/numpy over the same file
#      (bench/monitor_pandas.py)                              (target >= 20x)
#   3. peak RSS at 1M events and at MONITOR_BENCH_BIG events fed from the
#      1M file repeated on stdin (default 10M; 50M with MONITOR_BENCH_BIG=50000000)
# Needs python3-pandas, python3-scipy, python3-sklearn (scripts/install-deps --test).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/aisec ] || make
A=$PWD/build/aisec
GEN="/usr/bin/python3 $PWD/tests/cli/monitor_gen.py"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=1000000
big=${MONITOR_BENCH_BIG:-10000000}
echo "# monitor bench $(date -u +%FT%TZ) on $(uname -m), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
$GEN accuracy $n 100000000 5 >"$dir/events.jsonl"
$GEN accuracy $n 100000000 5 csv >"$dir/events.csv"
$GEN accuracy 5000 100000000 6 csv >"$dir/ref.csv"
cat >"$dir/spec.yaml" <<'YAML'
system: bench
classes: ["0", "1"]
fields: {time: time, client: client, id: id, predicted: pred, label: label,
         score: score, latency: latency, features: x}
reference: ref.csv
accuracy:
  window: 1000
  levels: [{metric: accuracy, min: 0.94}]
drift: {window: 10000}
YAML
sed 's/^system: bench/system: bench\nformat: csv/' "$dir/spec.yaml" >"$dir/spec-csv.yaml"

cpu() { # prints "user+sys seconds" and "max RSS KB" of a command
	/usr/bin/time -f "%U %S %e %M" -o "$dir/t" "$@" >/dev/null 2>&1 || true
	read -r u s e m <"$dir/t"
	echo "$(echo "$u + $s" | bc) $e $m"
}
read -r c_json w_json m_json < <(cpu "$A" monitor run "$dir/spec.yaml" "$dir/events.jsonl")
read -r c_jan w_jan m_jan < <(AISEC_MONITOR_JSON=jansson cpu "$A" monitor run "$dir/spec.yaml" "$dir/events.jsonl")
read -r c_csv w_csv m_csv < <(cpu "$A" monitor run "$dir/spec-csv.yaml" "$dir/events.csv")
read -r c_pd w_pd m_pd < <(cpu /usr/bin/python3 bench/monitor_pandas.py "$dir/events.jsonl" "$dir/ref.csv")
"$A" monitor run "$dir/spec.yaml" "$dir/events.jsonl" --summary "$dir/sum.json" >/dev/null || true
AISEC_MONITOR_JSON=jansson "$A" monitor run "$dir/spec.yaml" "$dir/events.jsonl" --summary "$dir/sum-jansson.json" >/dev/null || true
cmp -s "$dir/sum.json" "$dir/sum-jansson.json" && same=yes || same=NO
/usr/bin/python3 bench/monitor_pandas.py "$dir/events.jsonl" "$dir/ref.csv" >"$dir/pd.txt"
echo "aisec_jsonl_events_per_cpu_s $(echo "$n / $c_json" | bc) ($n events, ${c_json} s CPU, ${w_json} s wall, max RSS ${m_json} KB)"
echo "aisec_jsonl_jansson_only_events_per_cpu_s $(echo "$n / $c_jan" | bc) ($n events, ${c_jan} s CPU: the same run with the fast path off, AISEC_MONITOR_JSON=jansson; summaries identical: $same)"
echo "aisec_csv_events_per_cpu_s $(echo "$n / $c_csv" | bc) ($n events, ${c_csv} s CPU, ${w_csv} s wall)"
echo "pandas_numpy_events_per_cpu_s $(echo "$n / $c_pd" | bc) ($n events, ${c_pd} s CPU, ${w_pd} s wall, max RSS ${m_pd} KB; $(cat "$dir/pd.txt"))"
echo "aisec_vs_pandas_cpu $(echo "scale=1; $c_pd / $c_json" | bc)x"
echo "aisec_alerts $(grep -o '"alerts": [0-9]*' "$dir/sum.json" | head -1)"
reps=$((big / n))
read -r c_big w_big m_big < <(cpu sh -c "for i in \$(seq $reps); do cat '$dir/events.jsonl'; done | '$A' monitor run '$dir/spec.yaml' -")
echo "rss_1M ${m_json} KB; rss_$((reps))M ${m_big} KB (${c_big} s CPU, ${w_big} s wall, includes cat)"
