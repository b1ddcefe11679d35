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
	emotion-at-work:prohibited gpai-systemic:gpai-model-systemic fraud-detection:minimal \
	face-unlock:minimal cv-sorting-exempt:minimal defence-target-recognition:out-of-scope \
	open-source-sentiment:out-of-scope importer-cv-ranking:high-risk; do
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
expect_rc 2 "$AISEC" assess examples/cv-screening.yaml --format json --scheme nope
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
expect_grep err "unknown control 'firewall9' (one of: rate_limiting, output_rounding,"
printf 'system: {name: x, role: provider}\nuse: {domain: employment, decision: fraud_detection}\ndeployment: {exposure: internal}\n' >"$T_TMP/bad3.yaml"
expect_rc 3 "$AISEC" assess "$T_TMP/bad3.yaml"
expect_grep err "line 2: field 'use.decision': decision unknown in domain 'employment'"
expect_rc 3 "$AISEC" assess "$T_TMP/missing.yaml"
printf 'system: {name: x, role: provider}\nuse: {domain: employment, decision: fraud_detection}\ndeployment: {exposure: internal}\n' >"$T_TMP/bad4.yaml"
expect_rc 3 "$AISEC" assess "$T_TMP/bad4.yaml"
expect_grep err "decision unknown in domain 'employment': 'fraud_detection' (one of: recruitment, candidate_filtering,"

# a prohibition that applies only from a later date: the gate fires only once it is in force
printf 'system: {name: x, role: provider}\nuse: {domain: content_generation, decision: image, practices: {intimate_imagery: true}}\ndeployment: {exposure: public_app}\n' >"$T_TMP/later.yaml"
expect_rc 0 "$AISEC" assess "$T_TMP/later.yaml" --format json --fail-on prohibited --as-of 2026-12-01
expect_grep out '"class": "minimal"'
expect_grep out 'prohibited from 2026-12-02 under Art. 5(1)(ba)'
expect_rc 1 "$AISEC" assess "$T_TMP/later.yaml" --format json --fail-on prohibited --as-of 2026-12-02
expect_grep out '"headline": "prohibited since 2026-12-02 under Art. 5(1)(ba)"'
# the Art. 5 requirement carries the date of the prohibition found
python3 - "$T_TMP/out" <<'PY' && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: Art. 5 date" >&2; }
import json, sys
d = json.load(open(sys.argv[1]))
r = [x for x in d["requirements"] if x["id"] == "prohibited_practices"]
assert r and r[0]["applies_from"] == "2026-12-02", r
PY
expect_rc 0 "$AISEC" assess "$T_TMP/later.yaml" --as-of 2026-12-01
expect_grep out "PROHIBITED FROM 2026-12-02 Art. 5(1)(ba)"
expect_grep out "Next step"

# duties by role: a deployer gets Art. 26, 27 (where it applies) and 86, not Art. 9-17;
# a profile with both roles gets both, each labelled
roles() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(sorted(r["article"]+"/"+r["role"] for r in d["requirements"])))' "$T_TMP/out"; }
expect_role() { if roles | grep -q -- "$1"; then T_PASS=$((T_PASS + 1)); else T_FAIL=$((T_FAIL + 1)); echo "FAIL: no '$1' in: $(roles)" >&2; fi; }
expect_no_role() { if roles | grep -q -- "$1"; then T_FAIL=$((T_FAIL + 1)); echo "FAIL: '$1' in: $(roles)" >&2; else T_PASS=$((T_PASS + 1)); fi; }
printf 'system: {name: x, role: deployer, public_service: true}\nuse: {domain: employment, decision: recruitment}\ndeployment: {exposure: internal}\n' >"$T_TMP/dep.yaml"
expect_rc 0 "$AISEC" assess "$T_TMP/dep.yaml" --format json --as-of "$ASOF"
expect_role "Art. 26/deployer"
expect_role "Art. 27/deployer"
expect_role "Art. 86/deployer"
expect_no_role "Art. 9/"
expect_no_role "Art. 17/"
printf 'system: {name: x, role: deployer}\nuse: {domain: employment, decision: recruitment}\ndeployment: {exposure: internal}\n' >"$T_TMP/dep2.yaml"
expect_rc 0 "$AISEC" assess "$T_TMP/dep2.yaml" --format json --as-of "$ASOF"
expect_no_role "Art. 27/"
printf 'system: {name: x, role: [provider, deployer]}\nuse: {domain: finance, decision: credit_scoring, biometrics: {kind: emotion_recognition}}\ndeployment: {exposure: internal}\n' >"$T_TMP/both.yaml"
expect_rc 0 "$AISEC" assess "$T_TMP/both.yaml" --format json --as-of "$ASOF"
expect_role "Art. 9/provider"
expect_role "Art. 26/deployer"
expect_role "Art. 27/deployer"
expect_role "Art. 50(3), 50(4)/deployer"
expect_grep out '"role": "provider, deployer"'
# the other operators: their own duties only
for r in importer:23 distributor:24 authorised_representative:22; do
	printf 'system: {name: x, role: %s}\nuse: {domain: education, decision: admission}\ndeployment: {exposure: internal}\n' "${r%%:*}" >"$T_TMP/op.yaml"
	expect_rc 0 "$AISEC" assess "$T_TMP/op.yaml" --format json --as-of "$ASOF"
	expect_role "Art. ${r#*:}/"
	expect_no_role "Art. 9/"
	expect_no_role "Art. 4/"
done
printf 'system: {name: x, role: product_manufacturer}\nuse: {domain: manufacturing, decision: safety_function, annex_i: {role: safety_component, act: lifts, third_party_assessment: true}}\ndeployment: {exposure: internal}\n' >"$T_TMP/pm.yaml"
expect_rc 0 "$AISEC" assess "$T_TMP/pm.yaml" --format json --as-of "$ASOF"
expect_role "Art. 25(3)/product manufacturer"
expect_role "Art. 9/provider"
# Art. 25(1): an importer that rebrands becomes the provider
printf 'system: {name: x, role: importer}\nvalue_chain: {own_name: true}\nuse: {domain: education, decision: admission}\ndeployment: {exposure: internal}\n' >"$T_TMP/rebrand.yaml"
expect_rc 0 "$AISEC" assess "$T_TMP/rebrand.yaml" --format json --as-of "$ASOF"
expect_role "Art. 9/provider"
expect_role "Art. 23/importer"
expect_grep out '"article": "Art. 25(1)(a)"'
# out of scope: no requirements at all
expect_rc 0 "$AISEC" assess examples/defence-target-recognition.yaml --format json --as-of "$ASOF"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["requirements"] == [] and d["classification"]["scope"]["back_in_scope"]' "$T_TMP/out" &&
	T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: out of scope has requirements" >&2; }
expect_rc 0 "$AISEC" assess examples/defence-target-recognition.yaml --as-of "$ASOF"
expect_grep out "out of scope under Art. 2(3)"
expect_grep out "back in scope by: "

# a rendered report for every other format (the renderers own their content)
for fmt in text md; do
	expect_rc 0 "$AISEC" assess examples/cv-screening.yaml --format "$fmt" --as-of "$ASOF"
	expect_grep out "TalentRank CV screener"
done
finish
