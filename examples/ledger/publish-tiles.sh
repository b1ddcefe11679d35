#!/usr/bin/env bash
# publish-tiles.sh WORKDIR - publish the gate-7 ledger (rbi-events.jsonl) the
# way transparency logs do: C2SP tlog-tiles served by a plain static web
# server, a witness that cosigns each checkpoint after checking the log only
# grew, and an auditor who checks the log over HTTP with verify-remote.
# Everything runs on 127.0.0.1; AISEC names the aisec binary (default: aisec).
set -euo pipefail
A=${AISEC:-aisec}
here=$(cd "$(dirname "$0")" && pwd)
work=${1:?usage: publish-tiles.sh WORKDIR}
mkdir -p "$work" && cd "$work"
server=
trap '[ -n "$server" ] && kill "$server"' EXIT
step() { printf '\n== %s\n' "$*"; }

step "provider: keys, ledger, the first three events, a checkpoint published as tiles"
$A ledger keygen example.org/gate-7 --output gate7
$A ledger init gate7-logs --origin example.org/gate-7 --key gate7.vkey
head -n 3 "$here/rbi-events.jsonl" >first.jsonl
$A ledger append gate7-logs --json --file first.jsonl
$A ledger checkpoint gate7-logs --key gate7.skey --output /dev/null --tiles public

step "any static web server serves public/ (here Python's, on loopback)"
python3 -u -m http.server --bind 127.0.0.1 --directory public 0 >server.log 2>&1 &
server=$!
for _ in $(seq 100); do grep -q ' port ' server.log 2>/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$(sed -n 's/.* port \([0-9]*\).*/\1/p' server.log | head -n 1)"
echo "serving $url"

step "witness: a cosignature/v1 key; it checks the log, then cosigns"
$A ledger keygen witness.example/w1 --witness --output w1
$A ledger cosign "$url" --key w1.skey --trusted-key gate7.vkey --state witness-state -o cosigned.note
cp cosigned.note public/checkpoint.new && mv public/checkpoint.new public/checkpoint

step "auditor: checks the log over HTTP, with the witness, and proves entry 1"
$A ledger verify-remote "$url" --trusted-key gate7.vkey --witness w1.vkey --quorum 1 \
	--state auditor-state --entry 1

step "provider: two more events, a new checkpoint, new tiles (full tiles are never rewritten)"
tail -n +4 "$here/rbi-events.jsonl" >rest.jsonl
$A ledger append gate7-logs --json --file rest.jsonl
$A ledger checkpoint gate7-logs --key gate7.skey --output /dev/null --tiles public
$A ledger cosign "$url" --key w1.skey --trusted-key gate7.vkey --state witness-state -o cosigned.note
cp cosigned.note public/checkpoint.new && mv public/checkpoint.new public/checkpoint

step "auditor: the log grew consistently with what it trusted before"
$A ledger verify-remote "$url" --trusted-key gate7.vkey --witness w1.vkey --quorum 1 \
	--state auditor-state --entry 4
