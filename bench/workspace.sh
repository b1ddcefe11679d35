#!/usr/bin/env bash
# bench/workspace.sh - a workspace of WS_BENCH_SYSTEMS (10,000) systems x
# WS_BENCH_HISTORY (50) assessments, on SQLite and on PostgreSQL (a server
# started here on 127.0.0.1 with tests/cli/pg.sh):
#   1. the portfolio query (dashboard page)      target < 100 ms
#   2. `aisec workspace list` (whole process)    target < 100 ms
#   baselines, same run: the same page computed from the assessments table
#   (newest per system) without the summary columns the store keeps on each
#   system; the process floor (`aisec version`, and on PostgreSQL a bare
#   `psql -c 'SELECT 1'` connection); CPU time of each process (hyperfine
#   user + system) and, on SQLite, the instructions of one `workspace list`
#   (callgrind), which the load of the machine does not change.
# Loading: WS_BENCH_API (500) systems with one assessment each through the
# public API in one transaction (5 shipped examples' findings, round-robin),
# then copied in SQL (INSERT ... SELECT) up to WS_BENCH_SYSTEMS systems with
# WS_BENCH_HISTORY assessments each: the rows the API would write, faster.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/libaisec.a ] || make
N=${WS_BENCH_SYSTEMS:-10000}
H=${WS_BENCH_HISTORY:-50}
R=${WS_BENCH_REPEAT:-20}
NAPI=${WS_BENCH_API:-500}
COPIES=$(((N + NAPI - 1) / NAPI - 1))
AISEC=${AISEC:-$PWD/build/aisec}
bin=build/workspace_bench
cc -O2 -Iinclude bench/workspace_bench.c build/libaisec.a \
	$(pkg-config --libs libcrypto jansson libfyaml sqlite3 libpq libmicrohttpd libcurl) \
	-lpthread -lm -o "$bin"
T_TMP=$(mktemp -d)
. tests/cli/pg.sh
trap 'pg_stop; rm -rf "$T_TMP"' EXIT
echo "# workspace bench $(date -u +%FT%TZ): $N systems x $H assessments, $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"

F=()
for e in cv-screening spam-filter customer-chatbot medical-imaging fraud-detection; do
	"$AISEC" assess "examples/$e.yaml" --as-of 2026-12-01 --format json >"$T_TMP/$e.json"
	F+=("$T_TMP/$e.json")
done
SCALE="WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $COPIES)
INSERT INTO systems (name, profile_file, profile_digest, created, updated, assessments,
  latest_id, klass, class_rank, evidence, next_deadline, last_assessed, latest_findings,
  open_minor, open_major, open_critical, open_total, open_gaps, counts_asof, counts_until)
SELECT y.name || '-c' || g.n, y.profile_file, y.profile_digest, y.created, y.updated,
  y.assessments, y.latest_id, y.klass, y.class_rank, y.evidence, y.next_deadline,
  y.last_assessed, y.latest_findings, y.open_minor, y.open_major, y.open_critical,
  y.open_total, y.open_gaps, y.counts_asof, y.counts_until FROM systems y CROSS JOIN g;
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $H)
INSERT INTO assessments (system_id, seq, ts, as_of, catalog_version, profile_digest, klass,
  r_minor, r_major, r_critical, gaps, evidence, next_deadline, findings)
SELECT y.id, g.n, a.ts, a.as_of, a.catalog_version, a.profile_digest, a.klass,
  a.r_minor, a.r_major, a.r_critical, a.gaps, a.evidence, a.next_deadline, a.findings
FROM systems y JOIN assessments a ON a.id = y.latest_id CROSS JOIN g
WHERE a.system_id <> y.id OR g.n > 1;
UPDATE systems SET assessments = $H;"
BASELINE="SELECT y.name, a.klass, a.r_critical, a.r_major, a.r_minor, a.gaps, a.evidence,
  a.next_deadline, a.ts FROM systems y JOIN assessments a ON a.system_id = y.id
  AND a.seq = (SELECT max(b.seq) FROM assessments b WHERE b.system_id = y.id)
  ORDER BY a.r_critical DESC, a.r_major DESC, a.r_minor DESC, y.name LIMIT 100;"

run() { # backend workspace sqlclient...
	local name=$1 ws=$2; shift 2
	local t0 t1
	echo "## $name"
	"$bin" load "$ws" "$NAPI" examples/cv-screening.yaml "${F[@]}"
	t0=$(date +%s%N)
	"$@" <<<"$SCALE" >/dev/null
	t1=$(date +%s%N)
	echo "load_sql copied to $((NAPI * (COPIES + 1))) systems x $H assessments in $(((t1 - t0) / 1000000)) ms"
	# what autovacuum does after a bulk load on a server (visibility map
	# for index-only counts, statistics); SQLite needs nothing
	[ "$name" = sqlite ] || "$@" <<<"VACUUM ANALYZE;" >/dev/null
	"$@" <<<"SELECT count(*) FROM systems; SELECT count(*) FROM assessments;" | tr '\n' ' ' |
		awk '{print "rows: systems", $1, "assessments", $2}'
	"$bin" query "$ws" "$R"
	local floor=("$AISEC version")
	[ "$name" = sqlite ] || floor+=("psql -X -At $ws -c 'SELECT 1'")
	hyperfine -N --warmup 2 --runs "$R" --export-json "$T_TMP/h.json" \
		"$AISEC workspace list --workspace $ws --limit 100 --sort risks --desc" \
		"$AISEC workspace list --workspace $ws" "${floor[@]}" >/dev/null 2>&1
	python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
    c = r["command"].replace(sys.argv[2], "W").split("/")[-1]
    print("cli %-62s median %6.1f ms, max %6.1f ms, cpu %5.1f ms" % (c, sorted(r["times"])[len(r["times"])//2]*1e3, max(r["times"])*1e3, (r["user"] + r["system"])*1e3))' "$T_TMP/h.json" "$ws"
	if [ "$name" = sqlite ] && command -v valgrind >/dev/null; then
		for c in "workspace list --workspace $ws --limit 100 --sort risks --desc" version; do
			valgrind --tool=callgrind --callgrind-out-file=/dev/null "$AISEC" $c 2>&1 >/dev/null |
				awk -v c="${c%% --workspace*}" '/Collected/{printf "instructions %-40s %.1f M (callgrind)\n", c, $4 / 1e6}'
		done
	fi
	if [ "$name" = sqlite ]; then
		printf '.timer on\n%s\n%s\n%s\n' "$BASELINE" "$BASELINE" "$BASELINE" | "$@" | grep 'Run Time' |
			awk '{print "baseline page of 100 by open risks from the assessments table:", $4 * 1000, "ms (sqlite3 .timer)"}'
	else
		printf '\\timing on\n%s\n%s\n%s\n' "$BASELINE" "$BASELINE" "$BASELINE" | "$@" | grep '^Time:' |
			awk '{print "baseline page of 100 by open risks from the assessments table:", $2, "ms (psql \\timing)"}'
	fi
}

run sqlite "$T_TMP/ws.db" sqlite3 "$T_TMP/ws.db"
pg_start
run postgresql "$PG_URL" psql -q -X -At "$PG_URL"
