#!/usr/bin/env bash
# Bad input to every command: the documented exit code, a message that starts
# with "aisec" and names file, line and field, no temporary or partial file
# left behind, nothing recorded (keys, ledgers) overwritten; help for every
# command and subcommand.
. "$(dirname "$0")/lib.sh"
EX="$AISEC_SRC/examples/cv-screening.yaml"
W="$T_TMP/work dir" # a path with a space
mkdir -p "$W"

# expect_clean_err : every line of stderr is aisec's own (no getopt, no sanitizer)
expect_clean_err() {
	if grep -qv -e '^aisec' -e "^Try 'aisec help" "$T_TMP/err"; then
		T_FAIL=$((T_FAIL + 1))
		echo "FAIL: stderr has lines not from aisec:" >&2
		sed 's/^/  /' "$T_TMP/err" | head -5 >&2
	else
		T_PASS=$((T_PASS + 1))
	fi
}

# expect_absent PATH... : none of these exist (no output after a failure)
expect_absent() {
	local p
	for p in "$@"; do
		if [ -e "$p" ]; then
			T_FAIL=$((T_FAIL + 1)); echo "FAIL: '$p' exists" >&2
		else
			T_PASS=$((T_PASS + 1))
		fi
	done
}

# expect_no_grep FILE PATTERN
expect_no_grep() {
	if grep -qF -- "$2" "$T_TMP/$1"; then
		T_FAIL=$((T_FAIL + 1)); echo "FAIL: '$2' in $1" >&2
	else
		T_PASS=$((T_PASS + 1))
	fi
}

# ---- help for every command and subcommand ---------------------------------------
for c in assess profile catalog lineage key ledger monitor help version; do
	expect_rc 0 "$AISEC" help "$c"
	expect_grep out "usage: aisec $c"
	expect_rc 0 "$AISEC" "$c" --help
	expect_grep out "usage: aisec $c"
done
expect_rc 0 "$AISEC" catalog standards --help
expect_grep out "usage: aisec catalog standards"
expect_grep out "--body BODY"
expect_grep out "--catalog DIR" # the options every subcommand shares
expect_no_grep out "matrix --annex"
expect_rc 0 "$AISEC" catalog matrix --help
expect_grep out "aisec catalog matrix --by requirement|goal|threat"
expect_rc 0 "$AISEC" lineage verify --help
expect_grep out "usage: aisec lineage verify ARTEFACT --trusted-key"
expect_no_grep out "verify-model"
expect_no_grep out "record --step"
expect_rc 0 "$AISEC" ledger append --help
expect_grep out "usage: aisec ledger append DIR"
expect_grep out "--ack prints each index"
expect_no_grep out "checkpoint DIR"
expect_rc 0 "$AISEC" help ledger verify
expect_grep out "usage: aisec ledger verify DIR"
expect_no_grep out "verify-proof"
# a word that is no subcommand (a profile) gives the whole usage
expect_rc 0 "$AISEC" assess "$EX" --help
expect_grep out "--fail-on GATE"

# ---- options --------------------------------------------------------------------------
expect_rc 2 "$AISEC" version --bogus
expect_grep err "aisec version: unexpected argument '--bogus'"
expect_rc 2 "$AISEC" catalog standards --bogus
expect_grep err "aisec catalog: standards: unknown option '--bogus'"
expect_clean_err
expect_rc 2 "$AISEC" catalog standards --body
expect_grep err "standards: option '--body' needs a value"
expect_clean_err
expect_rc 2 "$AISEC" key generate --bogus
expect_grep err "aisec key: generate: unknown option '--bogus'"
expect_clean_err
expect_rc 2 "$AISEC" lineage digest "$EX" --shard-size 0
expect_grep err "digest: option '--shard-size': bad value '0'"
expect_rc 2 "$AISEC" lineage digest "$EX" --jobs=abc
expect_grep err "digest: option '--jobs': bad value 'abc'"
expect_rc 2 "$AISEC" lineage graph --format pdf
expect_grep err "graph: unknown format 'pdf'"
expect_rc 2 "$AISEC" lineage sign-model "$W" --bogus
expect_grep err "sign-model: unknown option '--bogus'"
expect_clean_err
expect_rc 2 "$AISEC" profile check --catalog
expect_grep err "check: option '--catalog' needs a value"
expect_rc 2 "$AISEC" assess "$EX" --format docx
expect_grep err "unknown format 'docx' (json, text, "
expect_rc 2 "$AISEC" assess "$EX" --as-of 2026-02-30
expect_grep err "as-of date '2026-02-30'"
expect_rc 2 "$AISEC" assess "$EX" --as-of 2026-13-01
expect_rc 0 "$AISEC" assess "$EX" --as-of 2028-02-29 --format json

# a misspelt filter is an error, not an empty table
for f in "--status publishd" "--goal secrecy" "--threat evasions" "--requirement record-keepin"; do
	# shellcheck disable=SC2086
	expect_rc 2 "$AISEC" catalog standards $f
	expect_grep err "standards: filter '"
done
# an empty knowledge-base directory: invalid, and no sanitizer report (qsort of none)
mkdir "$W/empty kb"
expect_rc 1 "$AISEC" catalog validate "$W/empty kb"
expect_clean_err
expect_rc 3 "$AISEC" catalog standards --catalog "$W/empty kb"
expect_clean_err
expect_rc 0 "$AISEC" catalog standards --threat evasion --format json
expect_grep out '"id"'

# ---- profiles: file, line, field ------------------------------------------------------
bad() { # NAME SED-EXPRESSION : a copy of the example with one change
	sed "$2" "$EX" >"$W/$1.yaml"
}
bad list 's/  sources: \[own, third_party\]/  sources: own/'
bad enum 's/  severity: high/  severity: enormous/'
bad bool 's/  rate_limit: true/  rate_limit: 42/'
bad field 's/  hosting: cloud/  hosting: cloud\n  colour: blue/'
bad dup 's/  hosting: cloud/  hosting: cloud\n  hosting: edge/'
bad std 's/    - iso-iec-42001/    - no-such-standard/'
expect_rc 1 "$AISEC" profile check "$W/list.yaml"
expect_grep err "aisec: '$W/list.yaml' line 24: field 'data.sources': expected a list"
expect_rc 1 "$AISEC" profile check "$W/enum.yaml"
expect_grep err "line 34: field 'impact.severity': unknown value 'enormous'"
expect_rc 1 "$AISEC" profile check "$W/bool.yaml"
expect_grep err "line 30: field 'deployment.rate_limit': expected true or false"
expect_rc 1 "$AISEC" profile check "$W/field.yaml"
expect_grep err "line 32: field 'deployment.colour': unknown field"
expect_rc 1 "$AISEC" profile check "$W/dup.yaml"
expect_grep err "'$W/dup.yaml' line 32 column 3: duplicate key" # the second 'hosting'
expect_rc 1 "$AISEC" profile check "$W/std.yaml"
expect_grep err "line 39: field 'organisation.standards[1]': unknown standard"
expect_rc 3 "$AISEC" assess "$W/std.yaml"
expect_grep err "aisec: '$W/std.yaml' line 39: field" # named once, not twice
expect_no_grep err "assess '"
printf '{\n"a": 1,,\n}\n' >"$W/syntax.json"
expect_rc 1 "$AISEC" profile check "$W/syntax.json"
expect_grep err "'$W/syntax.json' line 2 column 8: "
: >"$W/empty.yaml"
expect_rc 1 "$AISEC" profile check "$W/empty.yaml"
expect_grep err "'$W/empty.yaml': not a YAML or JSON document"
# binary garbage, the same every run: a PNG signature, then bytes 0xff down to 0x00
{ printf '\211PNG\r\n\032\n'; for i in $(seq 255 -1 0); do printf "\\$(printf %03o "$i")"; done; } >"$W/garbage.bin"
expect_rc 1 "$AISEC" profile check "$W/garbage.bin"
expect_clean_err
# a file that cannot be read is an error (3), even beside a good profile
expect_rc 3 "$AISEC" profile check "$W/missing.yaml" "$EX"
expect_grep err "cannot open '$W/missing.yaml'"
expect_grep out "cv-screening.yaml: ok"
expect_rc 3 "$AISEC" profile check "$W"
expect_rc 3 "$AISEC" assess "$W/missing.yaml"

# ---- output files: named as given, nothing left after a failure -----------------------
expect_rc 3 "$AISEC" assess "$EX" -o "$W/no/such/dir/report.txt"
expect_grep err "cannot create '$W/no/such/dir/report.txt'"
expect_no_grep err ".tmp."
mkdir "$W/a dir"
expect_rc 3 "$AISEC" assess "$EX" -o "$W/a dir"
expect_grep err "cannot write '$W/a dir': it is a directory"
expect_absent "$W/a dir.tmp."*
expect_rc 3 "$AISEC" assess "$EX" "$W/enum.yaml" -o "$W/out.txt"
expect_absent "$W/out.txt" "$W/out.txt.tmp."*
expect_rc 3 "$AISEC" catalog export --format json -o "$W/no/such/x.json"
expect_no_grep err ".tmp."
# profile new: an -o that cannot be written fails before the first question
expect_rc 3 "$AISEC" profile new -o "$W/no/such/p.yaml" </dev/null
expect_grep err "cannot write '$W/no/such/p.yaml'"
expect_no_grep err "Name of the AI system"
# interrupted answers: exit 1, and the answers so far kept as a draft, not a profile
printf 'A system\n' | "$AISEC" profile new -o "$W/p.yaml" >"$T_TMP/out" 2>"$T_TMP/err"
[ $? -eq 1 ] && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: cut answers" >&2; }
expect_rc 0 grep -qx "# aisec-profile-draft: incomplete" "$W/p.yaml"
rm -f "$W/p.yaml"

# ---- keys and ledgers are never overwritten --------------------------------------------
cd "$W" || exit 1
expect_rc 0 "$AISEC" key generate -o "my key"
sum=$(cat "my key.key" "my key.pub" | sha256sum)
expect_rc 3 "$AISEC" key generate -o "my key"
expect_grep err "refusing to overwrite"
[ "$(cat "my key.key" "my key.pub" | sha256sum)" = "$sum" ] && T_PASS=$((T_PASS + 1)) ||
	{ T_FAIL=$((T_FAIL + 1)); echo "FAIL: key overwritten" >&2; }
rm "my key.pub" # one half left: still refused, the private key kept
expect_rc 3 "$AISEC" key generate -o "my key"
expect_absent "my key.pub"
expect_rc 3 "$AISEC" key id garbage.bin
expect_grep err "key 'garbage.bin': neither a PEM key (public or unencrypted private) nor a note key"

expect_rc 0 "$AISEC" ledger keygen example.com/qa --output nk
sum=$(cat nk.skey nk.vkey | sha256sum)
expect_rc 3 "$AISEC" ledger keygen example.com/qa --output nk
[ "$(cat nk.skey nk.vkey | sha256sum)" = "$sum" ] && T_PASS=$((T_PASS + 1)) ||
	{ T_FAIL=$((T_FAIL + 1)); echo "FAIL: note key overwritten" >&2; }
expect_rc 0 "$AISEC" ledger init "the log" --origin example.com/qa --key nk.vkey
printf 'one\ntwo\n' | "$AISEC" ledger append "the log" >/dev/null 2>&1
sum=$(cat "the log"/* | sha256sum)
expect_rc 3 "$AISEC" ledger init "the log" --origin example.com/other
expect_grep err "already holds a ledger"
[ "$(cat "the log"/* | sha256sum)" = "$sum" ] && T_PASS=$((T_PASS + 1)) ||
	{ T_FAIL=$((T_FAIL + 1)); echo "FAIL: ledger rewritten by init" >&2; }
expect_rc 3 "$AISEC" ledger init L2 --origin example.com/qa --key garbage.bin
expect_absent L2
printf '{"a": 1,,}\n' >bad.jsonl
expect_rc 3 "$AISEC" ledger append "the log" --json --file bad.jsonl
expect_grep err "aisec: 'bad.jsonl' line 1: not JSON"
expect_rc 3 "$AISEC" ledger append "the log" --file "$W"
expect_grep err "cannot read '$W'"
expect_rc 3 "$AISEC" ledger show "the log" --index 2
expect_grep err "has no entry 2 (its 2 entries are 0 to 1)"
expect_rc 3 "$AISEC" ledger show "the log" --index 18446744073709551615
expect_grep err "has no entry 18446744073709551615"
expect_rc 2 "$AISEC" ledger export "the log" --from 2 --to 1
expect_grep err "export: --from 2 is after --to 1"
expect_rc 3 "$AISEC" ledger verify "the log" --trusted-key garbage.bin
expect_grep err "key 'garbage.bin': neither a PEM key nor a C2SP note key (skey or vkey)"
expect_rc 2 "$AISEC" ledger verify "the log" --format pdf
expect_rc 0 "$AISEC" ledger verify "the log"

# ---- lineage -------------------------------------------------------------------------
echo w >"$W/w.bin"
expect_rc 0 "$AISEC" key generate --type ecdsa-p256 -o ec
printf '9 not json' >notjson.sig
expect_rc 1 "$AISEC" lineage verify-model "$W/w.bin" --signature notjson.sig --public-key ec.pub
expect_grep err "'notjson.sig' line 1 column 1: "
expect_rc 1 "$AISEC" lineage verify-model "$W/w.bin" --signature garbage.bin --public-key ec.pub
expect_grep err "'garbage.bin' line 1"
expect_rc 3 "$AISEC" lineage record --step s --output w.bin --key garbage.bin
expect_grep err "key 'garbage.bin': neither a PEM key nor a C2SP note key (skey or vkey)"
expect_rc 2 "$AISEC" lineage record --step s --output w.bin --key ec.key --param novalue
expect_grep err "--param 'novalue': want KEY=VALUE"

# ---- tables and colour on a terminal -----------------------------------------------------
if command -v script >/dev/null; then
	COLUMNS=80 script -qc "'$AISEC' catalog standards --body ETSI" /dev/null | tr -d '\r' >"$T_TMP/out"
	if awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$T_TMP/out"; then
		T_PASS=$((T_PASS + 1))
	else
		T_FAIL=$((T_FAIL + 1)); echo "FAIL: table wider than 80 columns" >&2
	fi
	NO_COLOR=1 script -qc "'$AISEC' assess '$EX'" /dev/null >"$T_TMP/out"
	expect_no_grep out $'\033['
	script -qc "env -u NO_COLOR '$AISEC' assess '$EX'" /dev/null >"$T_TMP/out"
	expect_grep out $'\033['
else
	T_FAIL=$((T_FAIL + 1)); echo "FAIL: script(1) (util-linux) is needed for the terminal checks" >&2
fi
"$AISEC" assess "$EX" >"$T_TMP/out" 2>&1
expect_no_grep out $'\033[' # never colour into a pipe
finish
