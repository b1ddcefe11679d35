#!/usr/bin/env bash
# Messages that help: --fail-on names each gate hit and the findings behind
# it; a refused ledger event names the schema; lineage record refuses a step
# whose output equals an input; report headers name the scheme used.
. "$(dirname "$0")/lib.sh"
EX="$AISEC_SRC/examples"

# ---- --fail-on: each gate hit, with its findings and profile lines, on stderr
expect_rc 1 "$AISEC" assess "$EX/cv-screening.yaml" --fail-on risk:critical --fail-on gap \
	--fail-on high-risk -o "$T_TMP/r.txt"
expect_grep err "cv-screening.yaml: gate risk:critical hit: supply_chain_compromise residual 9 critical (lines 22, 31)"
expect_grep err "gate risk:critical hit: conventional_compromise residual 9 critical (line 31)"
expect_grep err "gate gap hit: requirement ai_literacy: no standard in the knowledge base covers it"
expect_grep err "gate high-risk hit: Art. 6(2); Annex III point 4(a): recruitment or selection"
# one line per critical residual risk, as many as the findings hold
"$AISEC" assess "$EX/cv-screening.yaml" --format json >"$T_TMP/f.json"
want=$(python3 -c 'import json,sys; print(sum(r["residual"]["risk"]["level"] == "critical" for r in json.load(open(sys.argv[1]))["risks"]))' "$T_TMP/f.json")
expect_rc 0 test "$(grep -c 'gate risk:critical hit: ' "$T_TMP/err")" -eq "$want"
expect_rc 1 "$AISEC" assess "$EX/emotion-at-work.yaml" --fail-on prohibited -o "$T_TMP/r.txt"
expect_grep err "gate prohibited hit: Art. 5(1)(f): inferring emotions"
# a gate that is not hit says nothing
expect_rc 0 "$AISEC" assess "$EX/cv-screening.yaml" --fail-on prohibited -o "$T_TMP/r.txt"
expect_rc 1 grep -q "gate" "$T_TMP/err"

# ---- ledger append --json: a refusal names the required and allowed fields
"$AISEC" ledger init "$T_TMP/L" --origin example.org/t >/dev/null
echo '{"time": "2026-05-04T10:42:17Z", "type": "inference", "system": "s", "payload": {}, "user": "x"}' >"$T_TMP/bad.jsonl"
expect_rc 3 "$AISEC" ledger append "$T_TMP/L" --json --file "$T_TMP/bad.jsonl"
expect_grep err "line 1: field 'user': unknown field (an event is {\"time\": RFC 3339, \"type\": string, \"system\": string, \"payload\": object}: these four fields are required and no others are allowed"
echo '{"time": "2026-05-04T10:42:17Z", "system": "s", "payload": {}}' >"$T_TMP/bad.jsonl"
expect_rc 3 "$AISEC" ledger append "$T_TMP/L" --json --file "$T_TMP/bad.jsonl"
expect_grep err "field 'type': missing (an event is"
# the README's example event is accepted as printed
sed -n '/^```json$/,/^```$/p' "$AISEC_SRC/README.md" | sed '1d;$d' >"$T_TMP/readme.jsonl"
expect_rc 0 test -s "$T_TMP/readme.jsonl"
expect_rc 0 "$AISEC" ledger append "$T_TMP/L" --json --file "$T_TMP/readme.jsonl"

# ---- lineage record: an output with the content of an input is refused at once
cd "$T_TMP" || exit 3
"$AISEC" key generate -o k >/dev/null
mkdir raw && echo data >raw/a.txt && cp raw/a.txt copy.txt
expect_rc 3 "$AISEC" lineage record --step copy --input raw/a.txt --output copy.txt --key k.key
expect_grep err "step 'copy': output 'copy.txt' has the same content (sha256:"
expect_grep err "as input 'raw/a.txt'"
expect_rc 1 test -d .aisec/lineage/statements
echo changed >copy.txt
expect_rc 0 "$AISEC" lineage record --step copy --input raw/a.txt --output copy.txt --key k.key

# ---- --scheme: the report headers name the scheme actually used
expect_rc 0 "$AISEC" assess "$EX/cv-screening.yaml" --scheme iso-sae-21434
expect_grep out "ISO/SAE 21434 Annex G attack feasibility (attack-potential based) and risk matrix: the attack"
expect_rc 1 grep -q "ETSI TS 102 165-1" "$T_TMP/out"
expect_rc 0 "$AISEC" assess "$EX/cv-screening.yaml" --scheme iso-sae-21434 --format md
expect_grep out "ISO/SAE 21434 Annex G attack feasibility (attack-potential based) and risk matrix: the attack potential"
expect_rc 0 "$AISEC" assess "$EX/cv-screening.yaml" --scheme iso-sae-21434 --format sarif --base-dir "$AISEC_SRC"
expect_grep out "Scored per ISO/SAE 21434 Annex G"
expect_rc 1 grep -q "Scored per ETSI" "$T_TMP/out"
expect_rc 0 "$AISEC" assess "$EX/cv-screening.yaml"
expect_grep out "ETSI TS 102 165-1 TVRA with ISO/IEC 18045 attack potential: the attack potential"
finish
