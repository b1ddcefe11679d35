# workspace_cases.sh - the workspace commands end to end on the workspace $WS
# (a SQLite file or a postgresql:// URL); sourced by test_workspace.sh and
# test_workspace_pg.sh after lib.sh, so that both backends pass the same cases.
E="$AISEC_SRC/examples"
W=(--workspace "$WS")

expect_rc 0 "$AISEC" workspace init "${W[@]}"
expect_grep out "schema version 2"
expect_rc 0 "$AISEC" workspace add "$E/cv-screening.yaml" "$E/spam-filter.yaml" "${W[@]}"
expect_grep out "cv-screening: added or updated"
expect_rc 0 "$AISEC" workspace add "$E/cv-screening.yaml" "${W[@]}"
expect_grep out "cv-screening: unchanged"
printf 'system:\n  name: x\n  colour: red\n' >"$T_TMP/bad.yaml"
expect_rc 3 "$AISEC" workspace add "$T_TMP/bad.yaml" "${W[@]}"
expect_grep err "bad.yaml' line 3"
expect_rc 2 "$AISEC" workspace add "$E/cv-screening.yaml" --name "x'; DROP TABLE systems;--" "${W[@]}"
expect_rc 0 "$AISEC" workspace assess --all --as-of 2026-12-01 "${W[@]}"
expect_grep out "cv-screening: assessment 1: high-risk"
expect_grep out "spam-filter: assessment 1: minimal"
expect_rc 0 "$AISEC" workspace list --format json "${W[@]}"
expect_grep out '"class": "high-risk"'
expect_grep out '"next_deadline": "2027-12-02"'
expect_rc 0 "$AISEC" workspace list --class minimal --format csv "${W[@]}"
expect_grep out "spam-filter,minimal"
if grep -q cv-screening "$T_TMP/out"; then T_FAIL=$((T_FAIL + 1)); echo "FAIL: --class" >&2; fi
expect_rc 0 "$AISEC" workspace list --sort risks --desc --filter "' OR 1=1 --" "${W[@]}"
if grep -q cv-screening "$T_TMP/out"; then T_FAIL=$((T_FAIL + 1)); echo "FAIL: --filter" >&2; fi
expect_rc 2 "$AISEC" workspace list --sort colour "${W[@]}"
expect_rc 0 "$AISEC" workspace show cv-screening "${W[@]}"
expect_grep out "class       high-risk"
expect_rc 3 "$AISEC" workspace show nosuch "${W[@]}"
expect_grep err "system 'nosuch': not in the workspace"
expect_rc 3 "$AISEC" workspace diff cv-screening "${W[@]}"
expect_grep err "only one assessment"
expect_rc 0 "$AISEC" workspace assess cv-screening --as-of 2028-01-01 "${W[@]}"
expect_grep out "cv-screening: assessment 2: high-risk"
expect_rc 0 "$AISEC" workspace history cv-screening --format csv "${W[@]}"
expect_grep out "2,"
expect_rc 0 "$AISEC" workspace diff cv-screening 1 2 "${W[@]}"
expect_grep out "cv-screening: assessment 1 -> 2"
expect_grep out "as_of: 2026-12-01 -> 2028-01-01"
expect_rc 0 "$AISEC" workspace diff cv-screening --format json "${W[@]}"
expect_grep out '"from": 1'

# decisions: accepting every critical risk opens the gate until the expiry
crit=$("$AISEC" assess "$E/cv-screening.yaml" --as-of 2026-12-01 --format json |
	python3 -c 'import json,sys; print(" ".join(r["threat"] for r in json.load(sys.stdin)["risks"] if r["residual"]["risk"]["level"] == "critical"))')
[ -n "$crit" ] || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: no critical risk in the example" >&2; }
expect_rc 1 "$AISEC" assess "$E/cv-screening.yaml" --as-of 2026-12-01 --fail-on risk:critical -o /dev/null "${W[@]}"
expect_rc 2 "$AISEC" workspace decide cv-screening/risk/evasion --reason r "${W[@]}"
expect_rc 2 "$AISEC" workspace decide cv-screening/risk/evasion --status accepted --reason r "${W[@]}"
expect_grep err "expires"
expect_rc 3 "$AISEC" workspace decide nosuch/risk/evasion --status mitigated --reason r "${W[@]}"
for t in $crit; do
	expect_rc 0 "$AISEC" workspace decide "cv-screening/risk/$t" --status accepted \
		--reason "rate limit; owner's plan" --expires 2027-06-30 --owner "ml team" "${W[@]}"
done
expect_rc 0 "$AISEC" assess "$E/cv-screening.yaml" --as-of 2026-12-01 --fail-on risk:critical -o /dev/null "${W[@]}"
expect_rc 1 "$AISEC" assess "$E/cv-screening.yaml" --as-of 2027-07-01 --fail-on risk:critical -o /dev/null "${W[@]}"
expect_grep err "acceptance expired 2027-06-30"
expect_rc 0 "$AISEC" workspace list --format json --today 2027-01-01 "${W[@]}"
python3 - "$T_TMP/out" <<'PY' || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: open critical risks not 0" >&2; }
import json, sys
rows = {r["name"]: r for r in json.load(open(sys.argv[1]))}
sys.exit(0 if rows["cv-screening"]["critical"] == 0 else 1)
PY
expect_rc 0 "$AISEC" workspace decisions cv-screening --format json "${W[@]}"
expect_grep out "rate limit; owner's plan"
first=${crit%% *}
expect_rc 0 "$AISEC" workspace decide "cv-screening/risk/$first" --status open "${W[@]}"
expect_rc 0 "$AISEC" workspace decisions cv-screening --history --format csv "${W[@]}"
expect_grep out "risk/$first,open"
expect_grep out "risk/$first,accepted"
expect_rc 1 "$AISEC" assess "$E/cv-screening.yaml" --as-of 2026-12-01 --fail-on risk:critical -o /dev/null "${W[@]}"

# tokens
expect_rc 0 "$AISEC" workspace token create --role auditor --label "the auditor" "${W[@]}"
expect_grep out "aisec_"
expect_grep err "shown only now"
secret=$(cat "$T_TMP/out")
expect_rc 2 "$AISEC" workspace token create --role root --label x "${W[@]}"
expect_rc 0 "$AISEC" workspace token list --format json "${W[@]}"
expect_grep out '"role": "auditor"'
if grep -qF "$secret" "$T_TMP/out"; then T_FAIL=$((T_FAIL + 1)); echo "FAIL: secret listed" >&2; fi
expect_rc 0 "$AISEC" workspace token revoke 1 "${W[@]}"
expect_rc 3 "$AISEC" workspace token revoke 999 "${W[@]}"
expect_rc 0 "$AISEC" workspace token list "${W[@]}"
expect_grep out "the auditor"
