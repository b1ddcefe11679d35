#!/usr/bin/env bash
# One key vocabulary: --key signs, --trusted-key (repeatable) verifies, in
# every command; PEM keys and C2SP note keys both work where the key type
# fits; the old names (--vkey, --public-key, ledger keygen --output) still work.
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 3

# key generate: either format; key id reads both and agrees across formats
expect_rc 0 "$AISEC" key generate -o pem
expect_rc 0 "$AISEC" key generate --format note --name example.org/log -o note
expect_grep out "wrote note.skey (secret, mode 0600) and note.vkey"
expect_rc 0 test "$(stat -c %a note.skey)" = 600
expect_rc 0 "$AISEC" key generate --format note -o plain
expect_rc 0 grep -q '^plain+' plain.vkey
expect_rc 2 "$AISEC" key generate --format note --type ecdsa-p256 -o x
expect_grep err "note keys are ed25519"
expect_rc 2 "$AISEC" key generate --format jwk -o x
expect_grep err "unknown key format 'jwk' (pem, note)"
expect_rc 2 "$AISEC" key generate --name n -o x
expect_rc 0 "$AISEC" key id note.vkey note.skey pem.pub pem.key
[ "$(awk 'NR==1{print $1}' out)" = "$(awk 'NR==2{print $1}' out)" ] &&
	[ "$(awk 'NR==3{print $1}' out)" = "$(awk 'NR==4{print $1}' out)" ] &&
	[ "$(awk 'NR==1{print $1}' out)" != "$(awk 'NR==3{print $1}' out)" ] &&
	T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: key ids" >&2; cat out >&2; }
echo "not a key" >junk.txt
expect_rc 3 "$AISEC" key id junk.txt
expect_grep err "key 'junk.txt': neither a PEM key"

# ledger with PEM Ed25519 keys: the note key name is the ledger's origin
expect_rc 0 "$AISEC" ledger init L --origin example.org/log --key pem.pub
echo '{"n":1}' | "$AISEC" ledger append L >/dev/null
expect_rc 0 "$AISEC" ledger checkpoint L --key pem.key -o cp.note
expect_rc 0 grep -q '^— example.org/log ' cp.note
expect_rc 0 "$AISEC" ledger verify L --trusted-key pem.pub
expect_grep out "verified with the trusted key"
expect_rc 0 "$AISEC" ledger verify L --trusted-key pem.key
# a key that did not sign: exit 1; among several trusted keys one suffices
expect_rc 1 "$AISEC" ledger verify L --trusted-key note.vkey
expect_rc 0 "$AISEC" ledger verify L --trusted-key note.vkey --trusted-key pem.pub
expect_rc 3 "$AISEC" ledger checkpoint L --key pem.pub
expect_grep err "key 'pem.pub': no unencrypted PEM private key"
"$AISEC" key generate --type ecdsa-p256 -o ec >/dev/null
expect_rc 3 "$AISEC" ledger checkpoint L --key ec.key
expect_grep err "checkpoint (note) keys are Ed25519"
expect_rc 0 "$AISEC" ledger prove L --index 0 -o e0.proof
"$AISEC" ledger show L --index 0 --raw >e0.bin
expect_rc 0 "$AISEC" ledger verify-proof --proof e0.proof --entry e0.bin --trusted-key pem.pub
expect_rc 1 "$AISEC" ledger verify-proof --proof e0.proof --entry e0.bin --trusted-key note.vkey
expect_rc 0 "$AISEC" ledger verify-proof --proof e0.proof --entry e0.bin \
	--trusted-key note.vkey --trusted-key pem.pub
expect_rc 2 "$AISEC" ledger verify-proof --proof e0.proof --entry e0.bin
expect_grep err "--trusted-key KEY"

# ledger with note keys, old flag names as aliases
expect_rc 0 "$AISEC" ledger keygen example.org/old --output old
expect_rc 0 test -f old.skey -a -f old.vkey
expect_rc 0 "$AISEC" ledger keygen example.org/new -o new
expect_rc 0 test -f new.skey -a -f new.vkey
expect_rc 0 "$AISEC" ledger init M --origin example.org/old --key old.vkey
echo '{"n":1}' | "$AISEC" ledger append M >/dev/null
expect_rc 0 "$AISEC" ledger checkpoint M --key old.skey --output m.note
expect_rc 0 "$AISEC" ledger prove M --index 0 -o m0.proof
"$AISEC" ledger show M --index 0 --raw >m0.bin
expect_rc 0 "$AISEC" ledger verify-proof --proof m0.proof --entry m0.bin --vkey old.vkey
expect_rc 0 "$AISEC" ledger verify M --trusted-key old.vkey
echo '{"n":2}' | "$AISEC" ledger append M >/dev/null
"$AISEC" ledger checkpoint M --key old.skey -o m2.note
"$AISEC" ledger consistency M --from 1 --to 2 -o c.proof
expect_rc 0 "$AISEC" ledger verify-proof --proof c.proof --old m.note --new m2.note --trusted-key old.skey
expect_rc 1 "$AISEC" ledger verify-proof --proof c.proof --old m.note --new m2.note --trusted-key new.vkey

# lineage: a note signer key signs, its vkey (or the PEM of another key) verifies
mkdir raw && echo data >raw/a.txt && echo result >clean.txt
expect_rc 0 "$AISEC" lineage record --step clean --input raw --output clean.txt --key note.skey
expect_rc 0 "$AISEC" lineage verify clean.txt --trusted-key note.vkey
expect_rc 1 "$AISEC" lineage verify clean.txt --trusted-key pem.pub
expect_rc 0 "$AISEC" lineage verify clean.txt --trusted-key pem.pub --trusted-key note.skey
expect_rc 3 "$AISEC" lineage record --step x --input raw --output clean.txt --key note.vkey
expect_grep err "want a private key"

# model signing: --trusted-key, and --public-key as its old name
mkdir model && echo w >model/weights.bin
expect_rc 0 "$AISEC" lineage sign-model model --key ec.key --signature model.sig
expect_rc 0 "$AISEC" lineage verify-model model --signature model.sig --trusted-key ec.pub
expect_rc 0 "$AISEC" lineage verify-model model --signature model.sig --public-key ec.pub
"$AISEC" key generate --type ecdsa-p256 -o ec2 >/dev/null
expect_rc 1 "$AISEC" lineage verify-model model --signature model.sig --trusted-key ec2.pub
finish
