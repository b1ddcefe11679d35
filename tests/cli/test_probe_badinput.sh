#!/bin/bash
# test_probe_badinput.sh - `aisec probe` on bad targets: a self-signed TLS
# server on loopback (a certificate error that says so; --cacert with its
# certificate works), answers of the wrong shape, a spec that does not
# match, a budget of 0 or one that runs out part-way: clear errors naming
# what was expected and received, and partial results written, marked
# incomplete.
. "$(dirname "$0")/lib.sh"
S="$T_TMP/tls"
mkdir -p "$S"
# a certificate for 127.0.0.1, made here
expect_rc 0 openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$S/key.pem" -out "$S/cert.pem"
/usr/bin/python3 "$AISEC_SRC/tests/probe/server.py" --dir "$S" --cert "$S/cert.pem" \
	--key "$S/key.pem" >"$T_TMP/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$T_TMP"' EXIT
for _ in $(seq 600); do
	[ -f "$S/port" ] && break
	kill -0 "$PID" 2>/dev/null || break
	sleep 0.5
done
[ -f "$S/port" ] || { echo "FAIL: the TLS server did not start" >&2; cat "$T_TMP/server.log" >&2; exit 1; }
URL="https://127.0.0.1:$(cat "$S/port")"
head -5 "$S/members.csv" >"$T_TMP/rows.csv"

expect_rc 3 "$AISEC" probe query --spec "$S/bc-lr.yaml" --url "$URL" --input "$T_TMP/rows.csv"
expect_grep err "target '$URL/v2/models/bc-lr/infer': TLS certificate not trusted: self-signed certificate (give the CA with --cacert)"
expect_rc 0 "$AISEC" probe query --spec "$S/bc-lr.yaml" --url "$URL" --cacert "$S/cert.pem" \
	--input "$T_TMP/rows.csv"
expect_rc 0 test "$(wc -l <"$T_TMP/out")" -eq 5
# every probe: the same error, partial results written and marked incomplete
expect_rc 3 "$AISEC" probe fuzz --spec "$S/bc-lr.yaml" --url "$URL" -o "$T_TMP/f.json"
expect_grep err "self-signed certificate"
expect_rc 0 grep -q '"complete": false' "$T_TMP/f.json"
expect_rc 3 "$AISEC" probe latency --spec "$S/bc-lr.yaml" --url "$URL" --requests 3 --starts 1 \
	--rounds 1 -o "$T_TMP/l.json"
expect_rc 0 grep -q '"complete": false' "$T_TMP/l.json"
expect_rc 0 "$AISEC" probe fuzz --spec "$S/bc-lr.yaml" --url "$URL" --cacert "$S/cert.pem" \
	-o "$T_TMP/f.json"
expect_rc 0 grep -q '"crashes": 0' "$T_TMP/f.json"

# a budget that runs out part-way: the inputs done are kept
expect_rc 3 "$AISEC" probe evasion --spec "$S/bc-svm.yaml" --url "$URL" --cacert "$S/cert.pem" \
	--input "$T_TMP/rows.csv" --batch 100 --budget 2500 --max-queries 1000 -o "$T_TMP/e.json"
expect_grep err "exceed the budget of 2500"
expect_rc 0 /usr/bin/python3 - "$T_TMP/e.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["complete"] is False and "budget" in r["error"], r.get("error")
assert r["queries"]["used"] <= 2500, r["queries"]
assert 1 <= len(r["result"]["per_input"]) < 5, len(r["result"]["per_input"])
PY
# budget 0 for each probe: refused before sending, the file says why
for p in fuzz latency extract; do
	expect_rc 3 "$AISEC" probe $p --spec "$S/bc-lr.yaml" --url "$URL" --cacert "$S/cert.pem" \
		--budget 0 -o "$T_TMP/z.json"
	expect_grep err "budget of 0"
	expect_rc 0 grep -q '"used": 0' "$T_TMP/z.json"
done

# answers of the wrong shape, from a process target: expected vs received
expect_rc 3 "$AISEC" probe query --spec "$S/bc-lr.yaml" --input "$T_TMP/rows.csv" \
	--exec /bin/sh -c 'while read l; do echo "{\"predictions\": [[0.1, 0.2, 0.7]]}"; done' --
expect_grep err "expected"
expect_grep err "received"
expect_rc 3 "$AISEC" probe latency --spec "$S/bc-lr.yaml" --requests 2 --starts 1 --rounds 1 \
	--exec /bin/sh -c 'while read l; do echo "{\"error\": \"no\"}"; done' -- -o "$T_TMP/w.json"
expect_grep err "every request failed: status 400: {\"error\": \"no\"}"
finish
