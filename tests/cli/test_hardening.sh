#!/usr/bin/env bash
# Issue 16 end to end: outputs never follow planted links nor replace FIFOs
# or device nodes, small inputs are capped and never block, the rules
# parsers reject what they must, the writer lock holds, encrypted ledgers
# get checkpoints, damage below the durable mark is damage.  Every link,
# FIFO and device node is made here, in the test's own directory: the
# machine's /dev/null and /dev/full are never touched.
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1
A="$AISEC"
EX="$AISEC_SRC/examples/cv-screening.yaml"

# ---- outputs (High 1) ----
echo precious >victim
ln -s victim link.txt
expect_rc 0 "$A" assess "$EX" -o link.txt      # written through, the link stays
expect_rc 0 test -L link.txt
expect_rc 0 grep -q "AI Act" victim
ln -s nowhere dangling
expect_rc 3 "$A" assess "$EX" -o dangling
expect_grep err "cannot write 'dangling': a symbolic link to nothing"
mkfifo out.fifo
cat out.fifo >from-fifo &
reader=$!
expect_rc 0 "$A" assess "$EX" -o out.fifo
wait "$reader"
expect_rc 0 test -p out.fifo
expect_rc 0 grep -q "AI Act" from-fifo
expect_rc 0 "$A" assess "$EX" -o /dev/stdout
expect_grep out "AI Act"
if [ "$(id -u)" = 0 ]; then
	mknod null c 1 3
	expect_rc 0 "$A" assess "$EX" -o null
	expect_rc 0 test -c null
	expect_rc 0 "$A" lineage digest "$EX" -o null
	expect_rc 0 test -c null
	ln -s null to-null
	expect_rc 0 "$A" assess "$EX" -o to-null
	expect_rc 0 test -c null
else
	echo "note: not root, device-node cases not run" >&2
fi

# ---- key tables (High 2): an unknown factor under tvra adjust ----
cp -r "$AISEC_SRC/data" kb
sed -i 's/lower: {window: unnecessary}/lower: {windw: unnecessary}/' kb/tvra.yaml
expect_rc 3 "$A" assess "$EX" --catalog kb
expect_grep err "windw': unknown field"

# ---- encrypted ledgers get checkpoints without the payload key (High 3) ----
ev() { printf '{"time":"2026-05-04T10:%02d:00Z","type":"rbi.use","system":"gate-7","payload":{"n":%d}}\n' "$1" "$1"; }
expect_rc 0 "$A" ledger keygen example.com/enc
expect_rc 0 "$A" ledger keygen --aead aead.key
expect_rc 0 "$A" ledger init E --origin example.com/enc --key example.com_enc.vkey --encrypt aead.key
for i in 0 1 2 3; do ev "$i"; done >four.jsonl
expect_rc 0 "$A" ledger append E --encrypt aead.key --file four.jsonl
expect_rc 3 "$A" ledger append E --file four.jsonl
expect_grep err "appending needs its key"
expect_rc 2 "$A" ledger checkpoint E --key example.com_enc.skey --encrypt aead.key
expect_grep err "takes no --encrypt"
expect_rc 0 "$A" ledger checkpoint E --key example.com_enc.skey --output cp4
expect_grep_file() { grep -qF -- "$2" "$1"; }
expect_rc 0 expect_grep_file cp4 "example.com/enc"
expect_rc 0 "$A" ledger prove E --index 2 --output proof2
expect_rc 0 "$A" ledger show E --index 2 --raw --output entry2
expect_rc 0 "$A" ledger verify-proof --proof proof2 --entry entry2 --vkey example.com_enc.vkey
expect_rc 0 "$A" ledger verify E --checkpoint cp4 --trusted-key example.com_enc.vkey
# rollback: the ledger cut back below the checkpoint is caught
cp -r E E2
expect_rc 0 "$A" ledger append E --encrypt aead.key --file four.jsonl
expect_rc 0 "$A" ledger checkpoint E --key example.com_enc.skey --output cp8
expect_rc 1 "$A" ledger verify E2 --checkpoint cp8 --trusted-key example.com_enc.vkey

finish
