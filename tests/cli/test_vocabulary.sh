#!/usr/bin/env bash
# One vocabulary: ids with '-' or '_' alike, unknown ids, bodies and schemes
# are usage errors that suggest the nearest known ones, --body matches joint
# publications, options work before the subcommand.
. "$(dirname "$0")/lib.sh"

# record-keeping == record_keeping, in filters and show; output in one form
expect_rc 0 "$AISEC" catalog standards --requirement record_keeping --format csv
cp "$T_TMP/out" "$T_TMP/underscore.csv"
expect_rc 0 "$AISEC" catalog standards --requirement record-keeping --format csv
cp "$T_TMP/out" "$T_TMP/hyphen.csv"
expect_rc 0 cmp "$T_TMP/hyphen.csv" "$T_TMP/underscore.csv"
expect_rc 0 test "$(wc -l <"$T_TMP/hyphen.csv")" -gt 2
expect_rc 0 "$AISEC" catalog show Record-Keeping
expect_grep out "requirement record_keeping"
expect_rc 0 "$AISEC" catalog standards --threat model-poisoning --format csv
expect_rc 0 "$AISEC" catalog show iso_iec_27001_2022
expect_grep out "standard iso-iec-27001-2022"

# unknown ids: exit 2 with suggestions, in every filter and in show
expect_rc 2 "$AISEC" catalog standards --requirement record-keepin
expect_grep err "no requirement 'record-keepin' in the catalog (did you mean record_keeping?)"
expect_rc 2 "$AISEC" catalog standards --threat evasio
expect_grep err "(did you mean evasion?)"
expect_rc 2 "$AISEC" catalog standards --status publishd
expect_grep err "(did you mean published?)"
expect_rc 2 "$AISEC" catalog standards --goal integrty
expect_grep err "(did you mean integrity?)"
expect_rc 2 "$AISEC" catalog show iso-iec-27001-202
expect_grep err "did you mean iso-iec-27001-2022"
expect_rc 2 "$AISEC" catalog show xyzzy-nothing
expect_grep err "no entry 'xyzzy-nothing' in the catalog"

# --body: a part matches joint publications; an unknown body is a usage error
"$AISEC" catalog standards --format csv >"$T_TMP/all.csv"
n_iso_all=$(awk -F, 'NR>1 && ($3=="ISO" || $3 ~ /^ISO\//)' "$T_TMP/all.csv" | wc -l)
expect_rc 0 "$AISEC" catalog standards --body ISO --format csv
expect_grep out ",ISO/IEC,"
expect_grep out ",ISO,"
cp "$T_TMP/out" "$T_TMP/iso.csv"
expect_rc 0 test "$(($(wc -l <"$T_TMP/iso.csv") - 1))" -eq "$n_iso_all"
expect_rc 0 "$AISEC" catalog standards --body iso/iec --format csv
if grep -q ',ISO,' "$T_TMP/out"; then T_FAIL=$((T_FAIL + 1)); echo "FAIL: ISO/IEC matched ISO" >&2; else T_PASS=$((T_PASS + 1)); fi
expect_rc 0 "$AISEC" catalog standards --body CENELEC --format csv
expect_grep out ",CEN-CENELEC,"
expect_rc 2 "$AISEC" catalog standards --body ETS
expect_grep err "filter 'body': no standards from 'ETS' in the catalog (did you mean ETSI?)"
expect_rc 2 "$AISEC" catalog standards --body FOO
expect_grep err "(bodies: "

# options before the subcommand work as after it
expect_rc 0 "$AISEC" catalog --catalog "$AISEC_SRC/data" --format csv standards --body ETSI
cp "$T_TMP/out" "$T_TMP/before.csv"
expect_rc 0 "$AISEC" catalog standards --body ETSI --catalog "$AISEC_SRC/data" --format csv
cp "$T_TMP/out" "$T_TMP/after.csv"
expect_rc 0 cmp "$T_TMP/after.csv" "$T_TMP/before.csv"
expect_rc 2 "$AISEC" catalog --format json
expect_grep err "which subcommand?"

# an unknown scheme is a usage error that lists the schemes
expect_rc 2 "$AISEC" assess "$AISEC_SRC/examples/cv-screening.yaml" --scheme iso-21434
expect_grep err "unknown TVRA scheme 'iso-21434' (schemes: etsi-tvra, iso-sae-21434)"
finish
