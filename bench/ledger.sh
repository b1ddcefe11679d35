#!/usr/bin/env bash
# bench/ledger.sh - ledger throughput and latency against SQLite, one run:
#   1. appends/s of 256-byte entries with --sync none          (target >= 1,000,000/s)
#   2. durable appends/s with --sync batch vs SQLite WAL synchronous=FULL,
#      one row per commit, on the same disk                      (target >= 20x)
#   3. inclusion proof in a 10M-entry ledger                     (target < 100 us)
#   4. full verification                                         (target >= 500 MB/s)
# Builds bench/ledger_bench.c against build/libaisec.a (run `make` first).
# Environment: LEDGER_BENCH_DIR (default: build/ledger-bench, on the same
# disk as the checkout), LEDGER_BENCH_N (1000000), LEDGER_BENCH_BIG (10000000),
# LEDGER_BENCH_SECS (3), LEDGER_BENCH_THREADS (4,16,64: a comma-separated list of
# concurrent appender counts, e.g. 4,16,64).  N or BIG 0 skips those parts.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/libaisec.a ] || make
dir=${LEDGER_BENCH_DIR:-$PWD/build/ledger-bench}
bin=build/ledger_bench
cc -O2 -Iinclude bench/ledger_bench.c build/libaisec.a \
	$(pkg-config --libs libcrypto jansson libfyaml sqlite3) -lpthread -lm -o "$bin"
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT
echo "# ledger bench $(date -u +%FT%TZ) on $(uname -m), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# disk: $(df -h "$dir" | awk 'NR==2 {print $1, $2}')"
"$bin" "$dir" "${LEDGER_BENCH_N:-1000000}" "${LEDGER_BENCH_BIG:-10000000}" "${LEDGER_BENCH_SECS:-3}" "${LEDGER_BENCH_THREADS:-4,16,64}"
