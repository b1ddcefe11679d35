#!/usr/bin/env bash
# bench/serve.sh - `aisec serve` under load with wrk on loopback, a workspace
# of 1,000 systems (the shipped examples, added under 1,000 names and
# assessed once each), 2 server threads:
#   1. the JSON API: GET /api/systems (100 rows)            target >= 5,000 req/s
#   2. the portfolio page: GET /portfolio (100 rows, session)  target >= 2,000 req/s
#   3. both sorted by open risks, descending (another index of the store)
#   baseline, same run: GET /static/serve.css (the HTTP ceiling: no store, no auth)
# Every request runs the store's portfolio query (there is no cache).  No
# errors allowed (non-2xx or socket errors fail the bench); p99 latency from
# wrk --latency (10 s request timeout); the server's CPU time per request
# (/proc, user + system), which the load of the machine changes little.
# Needs wrk and curl (scripts/install-deps --test).
# SERVE_BENCH_SECONDS (default 10), SERVE_BENCH_CONNECTIONS (default 32);
# SERVE_BENCH_BEFORE=BINARY [SERVE_BENCH_BEFORE_ARGS=...]: the same loads on
# another build (an earlier commit) with its own workspace, after the others.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/aisec ] || make
A=$PWD/build/aisec
command -v wrk >/dev/null || { echo "bench serve: needs wrk (apt-get install wrk)"; exit 2; }
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
secs=${SERVE_BENCH_SECONDS:-10}
conns=${SERVE_BENCH_CONNECTIONS:-32}
n=1000
echo "# serve bench $(date -u +%FT%TZ) on $(uname -m), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"

mkdir "$dir/p"
ex=(examples/*.yaml)
for i in $(seq -w 1 $n); do
	cp "${ex[$((10#$i % ${#ex[@]}))]}" "$dir/p/sys-$i.yaml"
done
workspace() { # aisec binary, workspace file: the n systems, assessed; sets TOKEN
	local t0
	"$1" workspace init --workspace "$2" >/dev/null
	t0=$(date +%s.%N)
	"$1" workspace add --workspace "$2" "$dir"/p/*.yaml >/dev/null
	"$1" workspace assess --workspace "$2" --all --as-of 2026-11-28 >/dev/null
	echo "load: $n systems added and assessed in $(echo "$(date +%s.%N) - $t0" | bc | cut -c1-6) s"
	TOKEN=$("$1" workspace token create --workspace "$2" --role auditor --label bench 2>/dev/null |
		grep -o 'aisec_[A-Za-z0-9_-]\{43\}' | head -1)
}
W=$dir/w.db
workspace "$A" "$W"

start() { # extra serve args
	rm -f "$dir/port"
	"${SERVE_BIN:-$A}" serve --workspace "$W" --listen 127.0.0.1:0 --threads 2 --port-file "$dir/port" "$@" \
		2>"$dir/serve.err" &
	pid=$!
	for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
	BASE=http://127.0.0.1:$(cat "$dir/port")
	rm -f "$dir/jar"
	curl -s -c "$dir/jar" -b "$dir/jar" "$BASE/signin" >"$dir/signin.html"
	csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$dir/signin.html" | grep -o '[0-9a-f]\{64\}')
	curl -s -c "$dir/jar" -b "$dir/jar" --data-urlencode "token=$TOKEN" --data "csrf=$csrf" \
		"$BASE/signin" >/dev/null
	COOKIE="aisec_session=$(awk '/aisec_session/{print $7}' "$dir/jar")"
	curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/systems" | grep -q "\"total\":$n" ||
		{ echo "bench serve: the API does not list $n systems"; exit 1; }
}
stop() { kill "$pid"; wait "$pid" || true; pid=; }

load() { # name, strict (errors fail the bench) or info, then wrk header args and path
	local name=$1 strict=$2; shift 2
	local path=${*: -1}
	local cpu0 cpu1
	cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s --latency "${@:1:$#-1}" "$BASE$path" >"$dir/wrk"
	cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	local rps p50 p99 errs n us
	rps=$(awk '/^Requests\/sec/{print $2}' "$dir/wrk")
	p50=$(awk '$1=="50%"{print $2}' "$dir/wrk")
	p99=$(awk '$1=="99%"{print $2}' "$dir/wrk")
	n=$(awk '/requests in/{print $1}' "$dir/wrk")
	us=$(awk -v t=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" -v n="$n" 'BEGIN{printf "%.0f", t / hz * 1e6 / n}')
	errs=$(awk '/Non-2xx/{print $NF} /Socket errors/{print}' "$dir/wrk" | tr '\n' ' ')
	echo "$name $rps req/s, p50 $p50, p99 $p99, server cpu $us us/request${errs:+, ERRORS: $errs}"
	[ -z "$errs" ] || [ "$strict" != strict ] || { cat "$dir/wrk"; exit 1; }
}

start
load baseline_static strict /static/serve.css
load api_systems strict -H "Authorization: Bearer $TOKEN" /api/systems
load portfolio_page strict -H "Cookie: $COOKIE" /portfolio
load api_systems_risks strict -H "Authorization: Bearer $TOKEN" "/api/systems?sort=risks&desc=1"
load portfolio_page_risks strict -H "Cookie: $COOKIE" "/portfolio?sort=risks&desc=1"
stop
if [ -n "${SERVE_BENCH_BEFORE:-}" ]; then
	W=$dir/before.db
	workspace "$SERVE_BENCH_BEFORE" "$W"
	SERVE_BIN=$SERVE_BENCH_BEFORE
	# shellcheck disable=SC2086
	start ${SERVE_BENCH_BEFORE_ARGS:-}
	load before_api_systems info -H "Authorization: Bearer $TOKEN" /api/systems
	load before_portfolio_page info -H "Cookie: $COOKIE" /portfolio
	load before_api_systems_risks info -H "Authorization: Bearer $TOKEN" "/api/systems?sort=risks&desc=1"
	stop
fi
