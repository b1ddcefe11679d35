#!/usr/bin/env bash
# `aisec ledger tiles` / `checkpoint --tiles` checked by an independent
# implementation: Go's golang.org/x/mod/sumdb/tlog (tests/go/tiles) re-hashes
# every entry bundle and compares every tile and proof for tree sizes that
# hit partial tiles, published incrementally into one folder.  Also: full
# tiles are never rewritten, encrypted ledgers publish ciphertext,
# --hashes-only, entries too long for a bundle, a folder of another log.
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1
A="$AISEC"
CHECK="$AISEC_BUILD/tilecheck"
expect_rc 0 bash "$AISEC_SRC/tests/go/tiles/build.sh" "$CHECK"

expect_rc 0 "$A" ledger keygen tiles.example/log --output log
expect_rc 0 "$A" ledger init L --origin tiles.example/log --key log.vkey
n=0
for size in 1 255 256 257 65535 65536 100000; do
	seq $((n + 1)) "$size" | sed 's/.*/{"event":&}/' >batch
	expect_rc 0 "$A" ledger append L --file batch --sync none
	expect_rc 0 "$A" ledger checkpoint L --key log.skey --output "cp$size" --tiles pub
	expect_grep err "published size $size in 'pub'"
	expect_rc 0 "$CHECK" pub log.vkey
	expect_grep out "ok size $size:"
	cp pub/checkpoint "pub-cp$size"
	n=$size
	if [ "$size" = 256 ]; then
		stat -c '%i %Y' pub/tile/0/000 >full0
	fi
done
# full tiles are written once; the partial tiles of earlier sizes stay
expect_rc 0 test "$(stat -c '%i %Y' pub/tile/0/000)" = "$(cat full0)"
expect_rc 0 test -f pub/tile/0/000.p/255
expect_rc 0 test -f pub/tile/1/000.p/1
expect_rc 0 test -f pub/tile/entries/390.p/160
expect_rc 0 test -f pub/tile/2/000.p/1
# a second run changes nothing
expect_rc 0 "$A" ledger tiles L pub
expect_grep out "0 tiles written"
expect_grep out "checkpoint unchanged"

# encrypted: the bundles hold the ciphertext the leaves hash
expect_rc 0 "$A" ledger keygen --aead aead.key
expect_rc 0 "$A" ledger init E --origin tiles.example/enc --key log.vkey --encrypt aead.key
seq 1 300 | sed 's/.*/{"secret":&}/' >sec
expect_rc 0 "$A" ledger append E --file sec --encrypt aead.key
expect_rc 0 "$A" ledger checkpoint E --key log.skey -o /dev/null --tiles epub
expect_rc 0 "$CHECK" epub log.vkey
expect_rc 1 grep -rq secret epub
expect_rc 0 "$A" ledger tiles E hpub --hashes-only
expect_rc 0 test -f hpub/tile/0/001.p/44
expect_rc 1 test -e hpub/tile/entries

# an entry too long for a bundle (uint16 length): an error, or hashes only
expect_rc 0 "$A" ledger init B --origin tiles.example/big --key log.vkey
python3 -c 'print("x" * 70000)' >big
expect_rc 0 "$A" ledger append B --file big
expect_rc 0 "$A" ledger checkpoint B --key log.skey --output /dev/null
expect_rc 3 "$A" ledger tiles B bpub
expect_grep err "entry 0 has 70000 bytes"
expect_rc 0 "$A" ledger tiles B bpub --hashes-only

# a folder that holds another log, or a fork of this one, is refused
expect_rc 1 "$A" ledger tiles E pub
expect_grep err "not a prefix"
expect_rc 2 "$A" ledger tiles L
expect_rc 2 "$A" ledger tiles L pub --full
expect_rc 3 "$A" ledger tiles nowhere pub
finish
