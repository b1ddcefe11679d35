#!/usr/bin/env bash
# aisec assess: the shipped examples against their golden findings (fixed
# --as-of so the dates are stable), several profiles in one call, the CI
# gates, the TVRA scheme choice, and bad profiles named by file, line, field.
. "$(dirname "$0")/lib.sh"
cd "$AISEC_SRC" || exit 1
ASOF=2026-11-28

for f in examples/*.yaml; do
	name=$(basename "$f" .yaml)
	expect_rc 0 "$AISEC" assess "$f" --format json --as-of "$ASOF"
	expect_golden "assess/$name.json"
done

# classes of the examples (a golden update must not silently change them)
class_of() { "$AISEC" assess "$1" --format json --as-of "$ASOF" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["classification"]["class"])'; }
for pair in cv-screening:high-risk credit-scoring:high-risk medical-imaging:high-risk \
	grid-safety:high-risk customer-chatbot:limited spam-filter:minimal \
	emotion-at-work:prohibited gpai-systemic:limited fraud-detection:minimal \
	face-unlock:minimal cv-sorting-exempt:minimal; do
	got=$(class_of "examples/${pair%%:*}.yaml")
	if [ "$got" = "${pair#*:}" ]; then T_PASS=$((T_PASS + 1)); else
		T_FAIL=$((T_FAIL + 1)); echo "FAIL: ${pair%%:*} is '$got', wanted '${pair#*:}'" >&2; fi
done

# several profiles: one JSON array, in argument order
expect_rc 0 "$AISEC" assess examples/spam-filter.yaml examples/cv-screening.yaml --format json --as-of "$ASOF"
python3 - "$T_TMP/out" <<'PY' && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: JSON array" >&2; }
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and len(d) == 2, d
assert [x["system"]["name"] for x in d] == ["MailShield spam filter", "TalentRank CV screener"]
PY

# several profiles in SARIF, OSCAL or HTML: one document for all
expect_rc 0 "$AISEC" assess examples/spam-filter.yaml examples/cv-screening.yaml --format sarif --as-of "$ASOF"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["runs"]) == 2' "$T_TMP/out" &&
	T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: one SARIF log with two runs" >&2; }
expect_rc 0 "$AISEC" assess examples/spam-filter.yaml examples/cv-screening.yaml --format oscal-ar --as-of "$ASOF"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))["assessment-results"]' "$T_TMP/out" &&
	T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: one OSCAL document" >&2; }
expect_rc 1 "$AISEC" assess examples/spam-filter.yaml examples/emotion-at-work.yaml --format html --fail-on prohibited --as-of "$ASOF"
[ "$(grep -c '<html' "$T_TMP/out")" = 1 ] && T_PASS=$((T_PASS + 1)) ||
	{ T_FAIL=$((T_FAIL + 1)); echo "FAIL: one HTML page" >&2; }

# gates: exit 1 when hit, 0 when not, 2 for an unknown gate
expect_rc 1 "$AISEC" assess examples/emotion-at-work.yaml --format json --fail-on prohibited --as-of "$ASOF"
expect_rc 0 "$AISEC" assess examples/cv-screening.yaml --format json --fail-on prohibited --as-of "$ASOF"
expect_rc 1 "$AISEC" assess examples/cv-screening.yaml --format json --fail-on high-risk --as-of "$ASOF"
expect_rc 0 "$AISEC" assess examples/spam-filter.yaml --format json --fail-on high-risk --as-of "$ASOF"
expect_rc 1 "$AISEC" assess examples/spam-filter.yaml examples/emotion-at-work.yaml --format json --fail-on prohibited --as-of "$ASOF"
expect_rc 1 "$AISEC" assess examples/cv-screening.yaml --format json --fail-on risk:critical --as-of "$ASOF"
expect_rc 2 "$AISEC" assess examples/cv-screening.yaml --fail-on risk:huge
expect_grep err "unknown gate 'risk:huge'"
expect_rc 2 "$AISEC" assess examples/cv-screening.yaml --format docx
expect_rc 2 "$AISEC" assess
expect_rc 2 "$AISEC" assess examples/cv-screening.yaml --as-of 28.11.2026 --format json
expect_grep err "as-of date '28.11.2026'"

# the ISO/SAE 21434 scheme is data: same threats, other numbers
expect_rc 0 "$AISEC" assess examples/cv-screening.yaml --format json --scheme iso-sae-21434 --as-of "$ASOF"
expect_grep out '"scheme": "iso-sae-21434"'
expect_grep out '"rating": "high"'
expect_rc 3 "$AISEC" assess examples/cv-screening.yaml --format json --scheme nope
expect_grep err "unknown TVRA scheme 'nope'"

# -o writes the file
expect_rc 0 "$AISEC" assess examples/spam-filter.yaml --format json --as-of "$ASOF" -o "$T_TMP/f.json"
if cmp -s "$T_TMP/f.json" tests/cli/golden/assess/spam-filter.json; then T_PASS=$((T_PASS + 1)); else
	T_FAIL=$((T_FAIL + 1)); echo "FAIL: -o output differs from the golden file" >&2; fi

# bad profiles: file, line and field
printf 'system: {name: x, role: provider}\nuse: {domain: employment}\ndeployment:\n  exposure: intranet2\n' >"$T_TMP/bad1.yaml"
expect_rc 3 "$AISEC" assess "$T_TMP/bad1.yaml"
expect_grep err "bad1.yaml' line 4: field 'deployment.exposure': unknown value 'intranet2'"
printf 'system: {name: x, role: provider}\nuse: {domain: employment}\ndeployment: {exposure: internal}\norganisation:\n  controls: [rate_limiting, firewall9]\n' >"$T_TMP/bad2.yaml"
expect_rc 3 "$AISEC" assess "$T_TMP/bad2.yaml"
expect_grep err "bad2.yaml' line 5: field 'organisation.controls[1]': unknown control 'firewall9'"
printf 'system: {name: x, role: provider}\nuse: {domain: employment, decision: fraud_detection}\ndeployment: {exposure: internal}\n' >"$T_TMP/bad3.yaml"
expect_rc 3 "$AISEC" assess "$T_TMP/bad3.yaml"
expect_grep err "line 2: field 'use.decision': decision unknown in domain 'employment'"
expect_rc 3 "$AISEC" assess "$T_TMP/missing.yaml"

# a rendered report for every other format (the renderers own their content)
for fmt in text md; do
	expect_rc 0 "$AISEC" assess examples/cv-screening.yaml --format "$fmt" --as-of "$ASOF"
	expect_grep out "TalentRank CV screener"
done
finish
