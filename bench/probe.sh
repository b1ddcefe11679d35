#!/usr/bin/env bash
# bench/probe.sh - `aisec probe` against the local reference server
# (tests/probe/server.py, the breast-cancer logistic regression bc-lr,
# 30 features, Open Inference Protocol v2 on 127.0.0.1):
#   1. queries per second of `aisec probe query` (one input per request,
#      4 in flight) against what `wrk` (Debian package wrk, 1 thread, 4
#      connections) reaches posting the same request body through
#      bench/probe_post.lua                                   (target >= 90%)
#   2. the CPU time (user + system) of the aisec process per query, whole
#      process (start, spec, TLS-less libcurl set-up included), with one
#      input per request and with 100                         (target < 20 us)
# The server (Python, one interpreter) is the bottleneck of both clients;
# the figures say how close aisec comes to a plain load generator.  On a
# machine of 2 or more CPUs the server runs pinned to CPU 0 and each
# client to CPU 1 (taskset), so neither client takes the server's core;
# the CPU time of wrk per request and of the server is printed beside
# aisec's, and, with valgrind, the instructions aisec executes per query
# (independent of the machine's load).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/aisec ] || make
A=${PROBE_BENCH_AISEC:-$PWD/build/aisec} # another build to compare
command -v wrk >/dev/null || { echo "bench probe: needs wrk (scripts/install-deps --test)"; exit 2; }
dir=$(mktemp -d)
srv=() cli=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
	srv=(taskset -c 0) cli=(taskset -c 1)
fi
"${srv[@]}" /usr/bin/python3 tests/probe/server.py --dir "$dir" >"$dir/log" 2>&1 &
pid=$!
srv_cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; } # clock ticks
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 600); do [ -f "$dir/port" ] && break; sleep 0.5; done
url="http://127.0.0.1:$(cat "$dir/port")"
n=${PROBE_BENCH_N:-4000}
echo "# probe bench $(date -u +%FT%TZ) on $(uname -m), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
# n rows of the data set (repeated), and the request body aisec sends for the first
/usr/bin/python3 - "$dir/members.csv" "$n" >"$dir/rows.csv" <<'PY'
import sys
rows = [l for l in open(sys.argv[1]) if l.strip()]
n = int(sys.argv[2])
sys.stdout.write("".join(rows[i % len(rows)] for i in range(n)))
PY
row=$(head -1 "$dir/rows.csv" | cut -d, -f1-30)
printf '{"inputs":[{"name":"input-0","shape":[1,30],"datatype":"FP64","data":[%s]}]}' "$row" \
	>"$dir/body.json"
# warm the server up
"$A" probe query --spec "$dir/bc-lr.yaml" --url "$url" --input <(head -200 "$dir/rows.csv") \
	--concurrency 4 >/dev/null
# 1. aisec, then wrk for about as long
t0=$(date +%s.%N)
c0=$(srv_cpu)
"${cli[@]}" /usr/bin/time -f '%U %S' -o "$dir/cpu1" "$A" probe query --spec "$dir/bc-lr.yaml" --url "$url" \
	--input "$dir/rows.csv" --concurrency 4 --batch 1 >"$dir/out1"
t1=$(date +%s.%N)
c1=$(srv_cpu)
[ "$(wc -l <"$dir/out1")" -eq "$n" ]
aisec_qps=$(echo "$n / ($t1 - $t0)" | bc -l)
dur=$(printf '%.0f' "$(echo "$t1 - $t0 + 0.5" | bc -l)")
[ "$dur" -ge 2 ] || dur=2
c2=$(srv_cpu)
BODY_FILE="$dir/body.json" "${cli[@]}" /usr/bin/time -f '%U %S' -o "$dir/cpuw" wrk -t1 -c4 -d"${dur}s" -s bench/probe_post.lua "$url/v2/models/bc-lr/infer" \
	>"$dir/wrk"
c3=$(srv_cpu)
wrk_qps=$(awk '/^Requests\/sec:/ {print $2}' "$dir/wrk")
wrk_n=$(awk '/requests in/ {print $1}' "$dir/wrk")
tck=$(getconf CLK_TCK)
grep -q 'Non-2xx' "$dir/wrk" && { echo "bench probe: wrk got errors"; cat "$dir/wrk"; exit 1; }
printf 'probe_qps %.0f queries/s (aisec probe query, %d requests of 1 input, 4 in flight, %.2f s)\n' \
	"$aisec_qps" "$n" "$(echo "$t1 - $t0" | bc -l)"
printf 'baseline_wrk %.0f requests/s (wrk -t1 -c4 -d%ss, same body)\n' "$wrk_qps" "$dur"
printf 'probe_vs_wrk %.1f%%\n' "$(echo "100 * $aisec_qps / $wrk_qps" | bc -l)"
printf 'server_cpu %.0f%% of a core under aisec, %.0f%% under wrk\n' \
	"$(echo "100 * ($c1 - $c0) / $tck / ($t1 - $t0)" | bc -l)" \
	"$(echo "100 * ($c3 - $c2) / $tck / $dur" | bc -l)"
read -r u s <"$dir/cpuw"
printf 'wrk_cpu %.1f us per request (%s s user + %s s system over %d requests)\n' \
	"$(echo "1000000 * ($u + $s) / $wrk_n" | bc -l)" "$u" "$s" "$wrk_n"
read -r u s <"$dir/cpu1"
printf 'probe_cpu_batch1 %.1f us per query (%s s user + %s s system over %d queries)\n' \
	"$(echo "1000000 * ($u + $s) / $n" | bc -l)" "$u" "$s" "$n"
# 2. one request of 100 inputs: the probe's own cost per query
n2=$((n * 5))
/usr/bin/python3 - "$dir/rows.csv" "$n2" >"$dir/rows2.csv" <<'PY'
import sys
rows = open(sys.argv[1]).readlines()
sys.stdout.write("".join(rows[i % len(rows)] for i in range(int(sys.argv[2]))))
PY
"${cli[@]}" /usr/bin/time -f '%U %S' -o "$dir/cpu2" "$A" probe query --spec "$dir/bc-lr.yaml" --url "$url" \
	--input "$dir/rows2.csv" --concurrency 4 --batch 100 >"$dir/out2"
read -r u s <"$dir/cpu2"
printf 'probe_cpu_batch100 %.1f us per query (%s s user + %s s system over %d queries)\n' \
	"$(echo "1000000 * ($u + $s) / $n2" | bc -l)" "$u" "$s" "$n2"
# 3. instructions per query (valgrind's count, the same on a loaded
#    machine): the whole process, divided by the queries
if command -v valgrind >/dev/null; then
	for b in 1 100; do
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$A" probe query \
			--spec "$dir/bc-lr.yaml" --url "$url" --input "$dir/rows2.csv" \
			--concurrency 4 --batch "$b" 2>"$dir/vg" >/dev/null
		ir=$(awk '/Collected :/ {print $NF}' "$dir/vg")
		printf 'probe_instr_batch%d %.0f instructions per query (%s over %d queries)\n' \
			"$b" "$(echo "$ir / $n2" | bc -l)" "$ir" "$n2"
	done
fi
