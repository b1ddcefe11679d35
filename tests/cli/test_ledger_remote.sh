#!/usr/bin/env bash
# `aisec ledger verify-remote` and `cosign` against tiles served over HTTP by
# a plain static server on 127.0.0.1 (tlog_server.py, Python's http.server):
# growth with consistency, a rolled-back checkpoint, a fork, one changed
# byte in a tile and in a bundle, a missing tile, a slow server, witness
# cosignatures checked with a quorum and, independently, with openssl.
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1
A="$AISEC"
mkdir www
# the interpreter itself, not lib.sh's python3 function (a subshell $! would
# not be the server)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
"$PY" "$AISEC_SRC/tests/cli/tlog_server.py" www port delay &
SRV=$!
trap 'kill $SRV 2>/dev/null; wait $SRV 2>/dev/null; rm -rf "$T_TMP"' EXIT
for _ in $(seq 100); do [ -s port ] && break; sleep 0.1; done
expect_rc 0 test -s port
U="http://127.0.0.1:$(cat port)"
ev() { seq "$1" "$2" | sed 's/.*/{"time":"2026-12-05T08:00:00Z","type":"rbi.use","system":"gate","payload":{"n":&}}/'; }

expect_rc 0 "$A" ledger keygen remote.example/log --output log
expect_rc 0 "$A" ledger keygen w1.example --witness --output w1
expect_rc 0 "$A" ledger keygen w2.example --witness --output w2
expect_rc 0 "$A" ledger init L --origin remote.example/log --key log.vkey
ev 1 1000 >e1
expect_rc 0 "$A" ledger append L --file e1
expect_rc 0 "$A" ledger checkpoint L --key log.skey --output cp1000 --tiles www/pub

# first contact: trusted, recorded; the entry is proved and printed
expect_rc 0 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --state st --entry 5
expect_grep out "log 'remote.example/log' verified at size 1000"
expect_grep out "first checkpoint trusted"
expect_grep out '"payload":{"n":6}'
# only the tiles the proofs need: checkpoint, 2 rightmost tiles, entry tile, bundle
expect_grep out "5 requests"
# growth: consistent with what was trusted
ev 1001 1300 >e2
expect_rc 0 "$A" ledger append L --file e2
expect_rc 0 "$A" ledger checkpoint L --key log.skey --output cp1300 --tiles www/pub
expect_rc 0 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --state st --format json
expect_grep out '"trusted_size": 1000'
expect_rc 0 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --no-state --checkpoint cp1000
expect_grep out "consistent with the earlier checkpoint"
# the default state folder
expect_rc 0 env HOME="$T_TMP/home" XDG_STATE_HOME= "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey
expect_rc 0 test -n "$(ls home/.local/state/aisec/tlog)"

# a rolled-back checkpoint
cp www/pub/checkpoint cp1300.pub
cp cp1000 www/pub/checkpoint
expect_rc 1 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --state st
expect_grep err "rollback: the log serves size 1000 but the last trusted checkpoint has size 1300"
cp cp1300.pub www/pub/checkpoint

# a fork: same origin and key, other entries
expect_rc 0 "$A" ledger init F --origin remote.example/log --key log.vkey
ev 1 1400 | sed 's/gate/other/' >ef
expect_rc 0 "$A" ledger append F --file ef
expect_rc 0 "$A" ledger checkpoint F --key log.skey --output cpfork --tiles www/fork
expect_rc 1 "$A" ledger verify-remote "$U/fork" --trusted-key log.vkey --state st
expect_grep err "fork: size 1400 is not consistent with the last trusted checkpoint of size 1300"
expect_rc 1 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --no-state --checkpoint cpfork
expect_grep err "rollback"
# the state did not move
expect_rc 0 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --state st
# another key
expect_rc 0 "$A" ledger keygen other.example/log --output other
expect_rc 1 "$A" ledger verify-remote "$U/pub" --trusted-key other.vkey --no-state

# one changed byte: in the entry's tile, the rightmost tile, the bundle
flip() { python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[int(sys.argv[2])]^=1; open(p,"wb").write(b)' "$@"; }
cp -r www/pub www/bad
flip www/bad/tile/0/000 200   # leaf hash 6: the sibling in entry 7's proof
expect_rc 1 "$A" ledger verify-remote "$U/bad" --trusted-key log.vkey --no-state --entry 7
expect_grep err "entry 7: the inclusion proof from the tiles does not verify"
expect_rc 0 "$A" ledger verify-remote "$U/bad" --trusted-key log.vkey --no-state --entry 600
expect_rc 1 "$A" ledger verify-remote "$U/bad" --trusted-key log.vkey --no-state --full
expect_grep err "entry 6 does not hash to its leaf in tile 0/0"
rm -rf www/bad && cp -r www/pub www/bad
flip www/bad/tile/1/000.p/5 40   # hash 1 of level 1: the root of tile 0/001
expect_rc 1 "$A" ledger verify-remote "$U/bad" --trusted-key log.vkey --no-state --entry 7
expect_grep err "the tiles do not hash to the checkpoint's root (size 1300)"
rm -rf www/bad && cp -r www/pub www/bad
flip www/bad/tile/0/005.p/20 0
expect_rc 1 "$A" ledger verify-remote "$U/bad" --trusted-key log.vkey --no-state
expect_grep err "the tiles do not hash to the checkpoint's root (size 1300)"
rm -rf www/bad && cp -r www/pub www/bad
flip www/bad/tile/entries/001 40
expect_rc 1 "$A" ledger verify-remote "$U/bad" --trusted-key log.vkey --no-state --entry 256
expect_rc 0 "$A" ledger verify-remote "$U/bad" --trusted-key log.vkey --no-state --entry 1
# a missing tile
rm -rf www/bad && cp -r www/pub www/bad
rm www/bad/tile/0/001
expect_rc 3 "$A" ledger verify-remote "$U/bad" --trusted-key log.vkey --no-state --entry 300
expect_grep err "tile/0/001': HTTP status 404"

# a slow server: within the timeout, and past it
echo 0.3 >delay
expect_rc 0 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --no-state --timeout 10
echo 3 >delay
expect_rc 3 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --no-state --timeout 1
expect_grep err "Timeout was reached"
rm delay

# witnesses: each checks consistency with what it cosigned, then cosigns
expect_rc 0 "$A" ledger cosign "$U/pub" --key w1.skey --trusted-key log.vkey --state w1st -o cosigned
expect_grep out "cosigned 'remote.example/log' at size 1300 as 'w1.example'"
expect_rc 0 test -f w1st/lock   # runs on one state folder are serialised
cp cosigned www/pub/checkpoint
expect_rc 0 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --state st --witness w1.vkey
expect_grep out "cosigned by 1 of 1 witnesses (quorum 1)"
expect_rc 1 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --state st --witness w1.vkey --witness w2.vkey
expect_grep err "checkpoint has 1 of the 2 witness cosignatures required"
expect_rc 0 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --state st --witness w1.vkey --witness w2.vkey --quorum 1
expect_rc 0 "$A" ledger cosign "$U/pub" --key w2.skey --trusted-key log.vkey --state w2st -o www/pub/checkpoint
expect_rc 0 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --state st --witness w1.vkey --witness w2.vkey --quorum 2
# publishing the same tree head again keeps the cosignatures
expect_rc 0 "$A" ledger tiles L www/pub
expect_grep out "checkpoint unchanged (cosignatures kept)"
expect_rc 0 grep -c "w2.example" www/pub/checkpoint
# a witness refuses a rollback and a fork
cp www/pub/checkpoint cosigned2
cp cp1000 www/pub/checkpoint
expect_rc 1 "$A" ledger cosign "$U/pub" --key w1.skey --trusted-key log.vkey --state w1st
expect_grep err "rollback"
expect_rc 1 "$A" ledger cosign "$U/fork" --key w1.skey --trusted-key log.vkey --state w1st
expect_grep err "fork"
cp cosigned2 www/pub/checkpoint
# a cosignature with a changed timestamp no longer verifies
sed 's/^\(— w1.example .\{8\}\)./\1Z/' cosigned2 >www/pub/checkpoint
expect_rc 1 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --no-state --witness w1.vkey
expect_grep err "cosignature by 'w1.example' does not verify"
cp cosigned2 www/pub/checkpoint

# local verify: the quorum on a cosigned checkpoint of the ledger
printf '# the witnesses we rely on\n%s\n%s\n' "$(cat w1.vkey)" "$(cat w2.vkey)" >witnesses
expect_rc 0 "$A" ledger verify L --trusted-key log.vkey --checkpoint cosigned2 --witnesses witnesses
expect_grep out "cosigned by 2 of 2 witnesses (quorum 2)"
expect_rc 1 "$A" ledger verify L --trusted-key log.vkey --checkpoint cosigned --witnesses witnesses
expect_grep err "has 1 of the 2 witness cosignatures required"
expect_rc 0 "$A" ledger verify L --trusted-key log.vkey --checkpoint cosigned --witnesses witnesses --quorum 1
expect_rc 1 "$A" ledger verify L --trusted-key log.vkey --witnesses witnesses
expect_rc 2 "$A" ledger verify L --trusted-key log.vkey --quorum 1
expect_rc 2 "$A" ledger verify L --trusted-key log.vkey --witnesses witnesses --quorum 3
expect_rc 3 "$A" ledger verify L --trusted-key log.vkey --witnesses log.vkey

# the cosignature checked independently: C2SP tlog-cosignature by hand, openssl verifies
python3 - cosigned2 w1.vkey <<'PY' || exit 1
import base64, sys
note = open(sys.argv[1], encoding="utf-8").read()
body, sigs = note.split("\n\n", 1)
vk = open(sys.argv[2]).read().strip().split("+", 2)
raw = base64.b64decode(vk[2])
assert raw[0] == 4, "witness vkey type is not 0x04"
line = [l for l in sigs.splitlines() if l.startswith("\u2014 w1.example ")][0]
sig = base64.b64decode(line.split(" ")[2])
assert sig[:4].hex() == vk[1], "key id"
t = int.from_bytes(sig[4:12], "big")
open("cosig.msg", "wb").write(f"cosignature/v1\ntime {t}\n{body}\n".encode())
open("cosig.sig", "wb").write(sig[12:])
open("w1.der", "wb").write(bytes.fromhex("302a300506032b6570032100") + raw[1:])
PY
expect_rc 0 openssl pkeyutl -verify -pubin -inkey w1.der -keyform DER -rawin -in cosig.msg -sigfile cosig.sig
expect_grep out "Signature Verified Successfully"

# a folder works as well as a URL; usage and input errors
expect_rc 0 "$A" ledger verify-remote www/pub --trusted-key log.vkey --no-state --entry 1299 -o e1299
expect_rc 0 grep -q '"payload":{"n":1300}' e1299
expect_rc 0 "$A" ledger verify-remote www/pub --trusted-key log.vkey --no-state --entry 1299 --format json
expect_grep out '"text": "{\"time\"'
expect_rc 2 "$A" ledger verify-remote www/pub --trusted-key log.vkey --no-state -o x
expect_rc 0 "$A" ledger verify-remote "file://$T_TMP/www/pub" --trusted-key log.vkey --no-state
expect_rc 2 "$A" ledger verify-remote "$U/pub"
expect_rc 2 "$A" ledger verify-remote ftp://x --trusted-key log.vkey
expect_rc 2 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --quorum 1
expect_rc 2 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --key w1.skey
expect_rc 2 "$A" ledger cosign "$U/pub" --trusted-key log.vkey
expect_rc 3 "$A" ledger cosign "$U/pub" --key log.skey --trusted-key log.vkey
expect_grep err "want a cosignature/v1 witness key"
expect_rc 3 "$A" ledger verify-remote "$U/pub" --trusted-key w1.vkey
expect_rc 3 "$A" ledger verify-remote "$U/nothing" --trusted-key log.vkey --no-state
expect_rc 3 "$A" ledger verify-remote "$U/pub" --trusted-key log.vkey --no-state --entry 1300
expect_grep err "entry 1300 is not in the log (size 1300)"
finish
