#!/usr/bin/env bash
# bench/tiles.sh - publishing a ledger as C2SP tlog-tiles and checking it
# remotely, one run:
#   1. `aisec ledger tiles` on a 10,000,000-entry ledger     (target >= 1,000,000 entries/s)
#      baseline: `cp -a` of the folder it wrote (the same files and bytes)
#   2. `aisec ledger verify-remote --entry N` over loopback HTTP
#      (python3 http.server): requests made, and whole-process time (target < 50 ms)
#      baseline: `curl` fetching the checkpoint alone (one request, process included)
# Environment: TILES_BENCH_DIR (default build/tiles-bench), TILES_BENCH_N (10000000).
set -euo pipefail
cd "$(dirname "$0")/.."
A=${AISEC:-$PWD/build/aisec}
n=${TILES_BENCH_N:-10000000}
dir=${TILES_BENCH_DIR:-$PWD/build/tiles-bench}
rm -rf "$dir" && mkdir -p "$dir"
srv=
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$dir"' EXIT
cd "$dir"
echo "# tiles bench $(date -u +%FT%TZ) on $(uname -m), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$A" ledger keygen bench.example/log --output log >/dev/null
"$A" ledger init L --origin bench.example/log --key log.vkey >/dev/null
seq -f '{"event":%.0f}' 1 "$n" | "$A" ledger append L --sync none >/dev/null
"$A" ledger checkpoint L --key log.skey --output cp >/dev/null
sync

t0=$(date +%s.%N)
/usr/bin/time -f '%U %S' -o tiles.cpu "$A" ledger tiles L pub
t1=$(date +%s.%N)
cp -a pub pub-copy
sync
t2=$(date +%s.%N)
files=$(find pub -type f | wc -l)
bytes=$(du -sb pub | cut -f1)
read -r cpu_u cpu_s <tiles.cpu
awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" -v f="$files" -v by="$bytes" -v u="$cpu_u" -v s="$cpu_s" 'BEGIN {
	printf "tiles_write %.0f entries/s (%d entries in %.2f s wall, %d files, %.0f MB, syncfs included)\n", n / (b - a), n, b - a, f, by / 1e6
	printf "tiles_write_cpu %.2f s user + %.2f s system = %.0f entries per CPU-second\n", u, s, n / (u + s)
	printf "baseline_cp_a %.2f s wall for the same folder (+ sync): aisec at %.2fx of cp\n", c - b, (c - b) / (b - a) }'
"$A" ledger tiles L pub | sed 's/^/rerun: /'   # incremental: nothing to write

python3 -c '
import functools, http.server, sys
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(H, directory="pub"))
open("port.tmp", "w").write(str(s.server_address[1]))
s.serve_forever()' &
srv=$!
for _ in $(seq 100); do [ -s port.tmp ] && break; sleep 0.1; done
u="http://127.0.0.1:$(cat port.tmp)"
idx=$((n / 2 + 12345))
"$A" ledger verify-remote "$u" --trusted-key log.vkey --no-state --entry "$idx" --format json >vr.json
python3 -c 'import json; j = json.load(open("vr.json")); print("verify_remote_requests", j["requests"], "(checkpoint, tiles, entry bundle) for entry", j["entry"]["index"], "of", j["size"])'
/usr/bin/time -f '%e %U %S' -o vr.cpu "$A" ledger verify-remote "$u" --trusted-key log.vkey --no-state --entry "$idx" >/dev/null
read -r vr_e vr_u vr_s <vr.cpu
echo "verify_remote_cpu ${vr_u}s user + ${vr_s}s system, ${vr_e}s wall (one run)"
# a failed run would be timed too: check every run's exit status first
fails=0
for _ in $(seq 20); do
	"$A" ledger verify-remote "$u" --trusted-key log.vkey --no-state --entry "$idx" >/dev/null 2>vr.err ||
		{ fails=$((fails + 1)); sed 's/^/verify_remote_failed: /' vr.err; }
done
echo "verify_remote_runs 20, failed $fails"
hyperfine -N -w 5 -r 50 --export-json hf.json \
	"$A ledger verify-remote $u --trusted-key log.vkey --no-state --entry $idx" \
	"curl -s -o /dev/null $u/checkpoint" >/dev/null
python3 -c '
import json
r = json.load(open("hf.json"))["results"]
print("verify_remote_entry %.1f ms median (min %.1f, mean %.1f +- %.1f), whole process" % (r[0]["median"]*1e3, r[0]["min"]*1e3, r[0]["mean"]*1e3, r[0]["stddev"]*1e3))
print("baseline_curl_checkpoint %.1f ms median (one request, whole process)" % (r[1]["median"]*1e3))'
