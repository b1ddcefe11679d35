#!/usr/bin/env bash
# Ledger checkpoints and proofs checked by Go's golang.org/x/mod/sumdb/note
# and sumdb/tlog (tests/go/sumdbcheck, built here offline in GOPATH mode
# against Debian's golang-golang-x-mod-dev): the notes verify and Go's signer
# writes the same bytes, tlog reads tree.dat as its own storage and computes
# the same roots, inclusion proofs and consistency proofs, and accepts
# aisec's.  A tampered proof or entry is rejected.  Missing Go fails the test.
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1
A="$AISEC"
GOSRC=/usr/share/gocode/src/golang.org/x/mod/sumdb
command -v go >/dev/null || { echo "FAIL: go missing (scripts/install-deps --test)"; exit 1; }
[ -d "$GOSRC/tlog" ] || { echo "FAIL: $GOSRC missing (golang-golang-x-mod-dev)"; exit 1; }
(cd "$AISEC_SRC/tests/go/sumdbcheck" &&
	GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$T_TMP/gocache" GOFLAGS= \
		go build -o "$T_TMP/sumdbcheck" .) || { echo "FAIL: cannot build sumdbcheck"; exit 1; }
G="$T_TMP/sumdbcheck"

expect_rc 0 "$A" ledger keygen example.com/log
expect_rc 0 "$A" ledger init L --origin example.com/log --key example.com_log.vkey
for i in $(seq 0 6); do printf 'entry %d: {"n":%d}\n' "$i" "$i"; done >first
expect_rc 0 "$A" ledger append L --file first
expect_rc 0 "$A" ledger checkpoint L --key example.com_log.skey --output cp7
for i in $(seq 7 20); do printf 'entry %d\n' "$i"; done >second
expect_rc 0 "$A" ledger append L --file second
expect_rc 0 "$A" ledger checkpoint L --key example.com_log.skey --output cp21

for i in 0 4 6 13 20; do
	expect_rc 0 "$A" ledger prove L --index $i --output proof$i
	expect_rc 0 "$A" ledger show L --index $i --raw --output entry$i
	expect_rc 0 "$G" inclusion example.com_log.skey example.com_log.vkey L proof$i entry$i
done
expect_rc 0 "$A" ledger prove L --index 3 --size 7 --output proof3at7
expect_rc 0 "$A" ledger show L --index 3 --raw --output entry3
expect_rc 0 "$G" inclusion example.com_log.skey example.com_log.vkey L proof3at7 entry3
expect_rc 0 "$A" ledger consistency L --from 7 --to 21 --output c7-21
expect_rc 0 "$G" consistency example.com_log.vkey L cp7 cp21 c7-21
# negative checks: the Go side rejects a wrong entry, a changed proof hash,
# a checkpoint signed by another key
expect_rc 1 "$G" inclusion example.com_log.skey example.com_log.vkey L proof4 entry6
sed '3s/^./A/; 3s/^AA/BA/' proof4 >proof4.bad
expect_rc 1 "$G" inclusion example.com_log.skey example.com_log.vkey L proof4.bad entry4
expect_rc 0 "$A" ledger keygen other.example/log
expect_rc 1 "$G" consistency other.example_log.vkey L cp7 cp21 c7-21
finish
