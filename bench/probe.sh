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
#      and, with one input per request, the probe's overhead over the load
#      generator: aisec's CPU per query minus wrk's CPU per request
#   3. with valgrind, the instructions aisec executes per query (the same
#      on a loaded machine): the whole process, and the part outside
#      libcurl and glibc (bench/callgrind_split.py says how it is split)
# The server (Python, one interpreter) is the bottleneck of both clients;
# the figures say how close aisec comes to a plain load generator.  On a
# machine of 2 or more CPUs the server runs pinned to CPU 0 and each
# client to CPU 1 (taskset), so neither client takes the server's core;
# the CPU time of wrk per request and of the server is printed beside
# aisec's.  PROBE_BENCH_AISEC names the build to measure (default
# build/aisec); PROBE_BENCH_BASE another build (e.g. the commit before) to
# measure in the same run, printed with the prefix base_.
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
# 1. aisec (and the baseline build), then wrk for about as long
n2=$((n * 5))
/usr/bin/python3 - "$dir/rows.csv" "$n2" >"$dir/rows2.csv" <<'PY'
import sys
rows = open(sys.argv[1]).readlines()
sys.stdout.write("".join(rows[i % len(rows)] for i in range(int(sys.argv[2]))))
PY
tck=$(getconf CLK_TCK)
# run_aisec BUILD PREFIX: queries/s and CPU per query at batch 1, then CPU
# per query at batch 100; sets aisec_qps, aisec_t, srv_pct, cpu1_us
run_aisec() {
	local bin=$1 p=$2 t0 t1 c0 c1 u s
	t0=$(date +%s.%N)
	c0=$(srv_cpu)
	"${cli[@]}" /usr/bin/time -f '%U %S' -o "$dir/cpu1" "$bin" probe query --spec "$dir/bc-lr.yaml" \
		--url "$url" --input "$dir/rows.csv" --concurrency 4 --batch 1 >"$dir/out1$p"
	t1=$(date +%s.%N)
	c1=$(srv_cpu)
	[ "$(wc -l <"$dir/out1$p")" -eq "$n" ]
	aisec_t=$(echo "$t1 - $t0" | bc -l)
	aisec_qps=$(echo "$n / $aisec_t" | bc -l)
	srv_pct=$(echo "100 * ($c1 - $c0) / $tck / $aisec_t" | bc -l)
	read -r u s <"$dir/cpu1"
	cpu1_us=$(echo "1000000 * ($u + $s) / $n" | bc -l)
	cpu1_line=$(printf '%sprobe_cpu_batch1 %.1f us per query (%s s user + %s s system over %d queries)' \
		"$p" "$cpu1_us" "$u" "$s" "$n")
	"${cli[@]}" /usr/bin/time -f '%U %S' -o "$dir/cpu2" "$bin" probe query --spec "$dir/bc-lr.yaml" \
		--url "$url" --input "$dir/rows2.csv" --concurrency 4 --batch 100 >"$dir/out2$p"
	read -r u s <"$dir/cpu2"
	cpu2_line=$(printf '%sprobe_cpu_batch100 %.1f us per query (%s s user + %s s system over %d queries)' \
		"$p" "$(echo "1000000 * ($u + $s) / $n2" | bc -l)" "$u" "$s" "$n2")
}
run_aisec "$A" ""
a_qps=$aisec_qps a_t=$aisec_t a_srv=$srv_pct a_cpu1=$cpu1_us a_l1=$cpu1_line a_l2=$cpu2_line
if [ -n "${PROBE_BENCH_BASE:-}" ]; then
	run_aisec "$PROBE_BENCH_BASE" base_
	b_qps=$aisec_qps b_t=$aisec_t b_cpu1=$cpu1_us b_l1=$cpu1_line b_l2=$cpu2_line
	cmp -s "$dir/out1" "$dir/out1base_" || echo "bench probe: the baseline's labels differ"
fi
dur=$(printf '%.0f' "$(echo "$a_t + 0.5" | bc -l)")
[ "$dur" -ge 2 ] || dur=2
c2=$(srv_cpu)
BODY_FILE="$dir/body.json" "${cli[@]}" /usr/bin/time -f '%U %S' -o "$dir/cpuw" wrk -t1 -c4 -d"${dur}s" -s bench/probe_post.lua "$url/v2/models/bc-lr/infer" \
	>"$dir/wrk"
c3=$(srv_cpu)
wrk_qps=$(awk '/^Requests\/sec:/ {print $2}' "$dir/wrk")
wrk_n=$(awk '/requests in/ {print $1}' "$dir/wrk")
grep -q 'Non-2xx' "$dir/wrk" && { echo "bench probe: wrk got errors"; cat "$dir/wrk"; exit 1; }
printf 'probe_qps %.0f queries/s (aisec probe query, %d requests of 1 input, 4 in flight, %.2f s)\n' \
	"$a_qps" "$n" "$a_t"
printf 'baseline_wrk %.0f requests/s (wrk -t1 -c4 -d%ss, same body)\n' "$wrk_qps" "$dur"
printf 'probe_vs_wrk %.1f%%\n' "$(echo "100 * $a_qps / $wrk_qps" | bc -l)"
printf 'server_cpu %.0f%% of a core under aisec, %.0f%% under wrk\n' \
	"$a_srv" "$(echo "100 * ($c3 - $c2) / $tck / $dur" | bc -l)"
read -r u s <"$dir/cpuw"
wrk_us=$(echo "1000000 * ($u + $s) / $wrk_n" | bc -l)
printf 'wrk_cpu %.1f us per request (%s s user + %s s system over %d requests)\n' \
	"$wrk_us" "$u" "$s" "$wrk_n"
echo "$a_l1"
printf 'probe_overhead_vs_wrk %.1f us per query (probe_cpu_batch1 - wrk_cpu)\n' \
	"$(echo "$a_cpu1 - $wrk_us" | bc -l)"
echo "$a_l2"
if [ -n "${PROBE_BENCH_BASE:-}" ]; then
	printf 'base_probe_qps %.0f queries/s (%.1f%% of wrk)\n' "$b_qps" "$(echo "100 * $b_qps / $wrk_qps" | bc -l)"
	echo "$b_l1"
	printf 'base_probe_overhead_vs_wrk %.1f us per query\n' "$(echo "$b_cpu1 - $wrk_us" | bc -l)"
	echo "$b_l2"
fi
# 3. instructions per query (valgrind's count, the same on a loaded
#    machine): the whole process, divided by the queries, and the part
#    outside libcurl and glibc (bench/callgrind_split.py)
if command -v valgrind >/dev/null; then
	for p in "" ${PROBE_BENCH_BASE:+base_}; do
		bin=$A
		[ -n "$p" ] && bin=$PROBE_BENCH_BASE
		for b in 1 100; do
			valgrind --tool=callgrind --callgrind-out-file="$dir/cg" "$bin" probe query \
				--spec "$dir/bc-lr.yaml" --url "$url" --input "$dir/rows2.csv" \
				--concurrency 4 --batch "$b" 2>"$dir/vg" >/dev/null
			ir=$(awk '/Collected :/ {print $NF}' "$dir/vg")
			printf '%sprobe_instr_batch%d %.0f instructions per query (%s over %d queries)\n' \
				"$p" "$b" "$(echo "$ir / $n2" | bc -l)" "$ir" "$n2"
			/usr/bin/python3 bench/callgrind_split.py "$dir/cg" "$bin" | awk -v n="$n2" -v p="$p" -v b="$b" '{
				for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
				printf "%sprobe_instr_own_batch%d %.0f instructions per query outside libcurl and glibc (libcurl %.0f, glibc %.0f)\n",
					p, b, v["own"] / n, v["curl"] / n, v["libc"] / n }'
		done
	done
fi
