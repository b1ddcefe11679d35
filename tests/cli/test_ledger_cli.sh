#!/usr/bin/env bash
# `aisec ledger` end to end: keys, init, append (plain, --json, encrypted),
# checkpoints, proofs checked offline, consistency, verify with every tamper
# case giving exit 1, the writer lock, usage errors.
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1
A="$AISEC"
ev() { printf '{"time":"2026-05-04T10:%02d:00Z","type":"rbi.use","system":"gate-7","payload":{"n":%d}}\n' "$1" "$1"; }

expect_rc 0 "$A" ledger keygen example.com/log
expect_grep out "example.com/log+"
expect_rc 3 "$A" ledger keygen example.com/log          # never overwrites a key
expect_rc 0 "$A" ledger keygen --aead aead.key
expect_rc 0 grep -Eqx '[0-9a-f]{64}' aead.key            # 32 bytes in hex, one line
expect_rc 0 test "$(stat -c %s aead.key)" = 65
expect_rc 0 "$A" ledger init L --origin example.com/log --key example.com_log.vkey
expect_rc 3 "$A" ledger init L --origin example.com/log   # already a ledger
expect_rc 3 "$A" ledger init X --origin "bad origin"

for i in $(seq 0 9); do ev "$i"; done >events.jsonl
expect_rc 0 "$A" ledger append L --file events.jsonl --json --ack
expect_grep out "9"
printf 'not json\n' >bad.jsonl
expect_rc 3 "$A" ledger append L --file bad.jsonl --json
expect_grep err "bad.jsonl' line 1"
expect_rc 0 "$A" ledger checkpoint L --key example.com_log.skey --output cp10
for i in 10 11 12; do ev "$i"; done | "$A" ledger append L --sync always --ack >acks
expect_rc 0 grep -qx 12 acks
expect_rc 0 "$A" ledger checkpoint L --key example.com_log.skey --output cp13

# proofs an auditor checks offline
expect_rc 0 "$A" ledger prove L --index 4 --output proof4
expect_rc 0 "$A" ledger show L --index 4 --raw --output entry4
expect_rc 0 "$A" ledger verify-proof --proof proof4 --entry entry4 --vkey example.com_log.vkey
expect_grep out "verified: entry 4 is in example.com/log at size 13"
expect_rc 0 "$A" ledger show L --index 5 --raw --output entry5
expect_rc 1 "$A" ledger verify-proof --proof proof4 --entry entry5 --vkey example.com_log.vkey
expect_rc 0 "$A" ledger keygen other.example/log
expect_rc 1 "$A" ledger verify-proof --proof proof4 --entry entry4 --vkey other.example_log.vkey
expect_rc 0 "$A" ledger prove L --index 4 --size 10 --output proof4at10
expect_rc 0 "$A" ledger verify-proof --proof proof4at10 --entry entry4 --vkey example.com_log.vkey --checkpoint cp10
expect_rc 0 "$A" ledger consistency L --from 10 --to 13 --output c
expect_rc 0 "$A" ledger verify-proof --proof c --old cp10 --new cp13 --vkey example.com_log.vkey
expect_rc 1 "$A" ledger verify-proof --proof c --old cp13 --new cp10 --vkey example.com_log.vkey
expect_rc 0 "$A" ledger consistency L --from 0 --to 13
expect_grep out "old 0"

# verification
expect_rc 0 "$A" ledger verify L --trusted-key example.com_log.vkey --checkpoint cp10
expect_grep out "verified"
expect_rc 0 "$A" ledger verify L --format json
expect_grep out '"entries": 13'
expect_rc 1 "$A" ledger verify L --trusted-key other.example_log.vkey
cp -a L flip
printf 'X' | dd of=flip/entries.log bs=1 seek=100 conv=notrunc 2>/dev/null
expect_rc 1 "$A" ledger verify flip
expect_grep out "BROKEN"
cp -a L trunc
truncate -s -50 trunc/entries.log
expect_rc 1 "$A" ledger verify trunc
cp -a L old
ev 13 | "$A" ledger append L >/dev/null 2>&1
expect_rc 0 "$A" ledger checkpoint L --key example.com_log.skey --output cp14
# rollback: an older copy checked against a newer checkpoint held elsewhere
expect_rc 0 "$A" ledger verify old
expect_rc 1 "$A" ledger verify old --checkpoint cp14 --trusted-key example.com_log.vkey
expect_grep out "rolled back"
expect_rc 2 "$A" ledger verify
expect_rc 3 "$A" ledger verify nowhere
expect_rc 0 "$A" ledger show L
expect_grep out "entries: 14"
expect_rc 0 "$A" ledger export L --format csv
expect_grep out "index,leaf_hash,event"

# encrypted payloads: integrity without the key, plaintext only with it
expect_rc 0 "$A" ledger init E --origin example.com/enc --encrypt aead.key
expect_rc 3 sh -c "ev 0 | '$A' ledger append E"
ev 1 >one.jsonl
expect_rc 0 "$A" ledger append E --encrypt aead.key --file one.jsonl
expect_rc 0 "$A" ledger verify E
expect_rc 0 "$A" ledger show E --index 0 --encrypt aead.key
expect_grep out '"type":"rbi.use"'
expect_rc 3 "$A" ledger show E --index 0
expect_rc 0 "$A" ledger export E
expect_grep out '"ciphertext"'
expect_rc 0 "$A" ledger keygen --aead wrong.key
expect_rc 3 "$A" ledger show E --index 0 --encrypt wrong.key
expect_rc 3 "$A" ledger append L --file one.jsonl --encrypt aead.key
expect_grep err "is not encrypted"

# one writer at a time
mkfifo fifo
"$A" ledger append L <fifo >/dev/null 2>&1 &
exec 9>fifo
sleep 0.3
expect_rc 3 "$A" ledger append L --file one.jsonl
expect_grep err "open for writing by another process"
exec 9>&-
wait

# the shipped Art. 12(3) example passes the event schema
expect_rc 0 "$A" ledger init X2 --origin example.org/gate-7
expect_rc 0 "$A" ledger append X2 --json --file "$AISEC_SRC/examples/ledger/rbi-events.jsonl" --ack
expect_grep out "4"

expect_rc 2 "$A" ledger
expect_rc 2 "$A" ledger frob
expect_rc 2 "$A" ledger append L --sync sometimes
expect_rc 2 "$A" ledger prove L
expect_rc 0 "$A" ledger --help
expect_grep out "usage: aisec ledger"
finish
