#!/usr/bin/env bash
# Crash test for `aisec ledger append`: kill -9 an appending process at random
# moments (LEDGER_CRASH_KILLS times, default 200); after each kill the ledger
# must verify, must reopen for writing (recovering a torn tail), and must hold
# every entry the appender acknowledged as durable (--ack prints an index
# only after its fdatasync), with the content that was sent for it.
. "$(dirname "$0")/lib.sh"

KILLS=${LEDGER_CRASH_KILLS:-200}
# A failure keeps what it saw (the ledger, the acks, the appender's stderr)
# under the build tree, so that a rare one can be looked into afterwards.
keep_evidence() {
	local d=${AISEC_BUILD:-$T_TMP/..}/ledger-crash-failure
	rm -rf "$d" && mkdir -p "$d" && cp -r "$L" "$T_TMP/ack" "$T_TMP/aerr" "$d/" 2>/dev/null
	echo "  appender stderr: $(head -c 500 "$T_TMP/aerr")" >&2
	echo "  kept in $d" >&2
}
L="$T_TMP/ledger"
expect_rc 0 "$AISEC" ledger init "$L" --origin crash.example/log
start=0
lost=0
for k in $(seq 1 "$KILLS"); do
	if [ $((k % 3)) -eq 0 ]; then mode=always; else mode=batch; fi
	# every line names its iteration and position: iter<k>-<j>
	seq -f "iter$k-%.0f" 0 100000000 |
		"$AISEC" ledger append "$L" --sync "$mode" --batch 16 --ack >"$T_TMP/ack" 2>"$T_TMP/aerr" &
	pid=$!
	sleep "0.0$((RANDOM % 40 + 1))"
	# $! is the last process of the pipeline: the appender
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	# complete lines only: the kill may cut the last one
	if [ -s "$T_TMP/ack" ] && [ "$(tail -c1 "$T_TMP/ack" | od -An -c | tr -d ' ')" != '\n' ]; then
		sed -i '$d' "$T_TMP/ack"
	fi
	last=$(tail -n1 "$T_TMP/ack")
	if ! "$AISEC" ledger verify "$L" --format json >"$T_TMP/v" 2>"$T_TMP/verr"; then
		echo "FAIL: kill $k: verify failed" >&2; cat "$T_TMP/v" "$T_TMP/verr" >&2
		keep_evidence; T_FAIL=$((T_FAIL + 1)); break
	fi
	entries=$(sed -n 's/.*"entries": \([0-9]*\).*/\1/p' "$T_TMP/v")
	if [ -n "$last" ]; then
		if [ "$entries" -le "$last" ]; then
			echo "FAIL: kill $k: acknowledged index $last but only $entries entries" >&2
			keep_evidence; T_FAIL=$((T_FAIL + 1)); break
		fi
		got=$("$AISEC" ledger show "$L" --index "$last")
		if [ "$got" != "iter$k-$((last - start))" ]; then
			echo "FAIL: kill $k: entry $last is '$got', sent 'iter$k-$((last - start))'" >&2
			keep_evidence; T_FAIL=$((T_FAIL + 1)); break
		fi
		lost=$((lost + entries - last - 1))
	fi
	# the next append recovers; the ledger keeps the entries that reached the log
	start=$entries
	T_PASS=$((T_PASS + 1))
done
# a clean writer open after the last kill, then a full verification
expect_rc 0 "$AISEC" ledger append "$L" </dev/null
expect_rc 0 "$AISEC" ledger verify "$L"
expect_grep out "verified"
echo "crash test: $KILLS kills, $start entries survive, $lost unacknowledged entries kept"
finish
