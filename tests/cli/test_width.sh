#!/usr/bin/env bash
# Terminal output fits the terminal: every listing, rendered on a terminal of
# 80 columns (COLUMNS=80, run under script(1) on a pseudo-terminal), has no
# line wider than 80 and no word split by the wrapping; --help fits 80 columns.
. "$(dirname "$0")/lib.sh"
command -v script >/dev/null || { echo "FAIL: script(1) is missing (scripts/install-deps --test)" >&2; exit 1; }
cd "$AISEC_SRC" || exit 3
: >"$T_TMP/empty"

# on_tty WIDTH ARGS... : aisec's stdout as a terminal of WIDTH columns sees it
on_tty() {
	local w=$1; shift
	COLUMNS=$w NO_COLOR=1 script -qec "$(printf '%q ' "$AISEC" "$@")" /dev/null <"$T_TMP/empty"
}

check_listing() {
	local w=$1; shift
	on_tty "$w" "$@" >"$T_TMP/narrow" 2>&1
	"$AISEC" "$@" >"$T_TMP/wide" 2>&1
	if python3 "$AISEC_SRC/tests/cli/width_check.py" "$w" "$T_TMP/narrow" "$T_TMP/wide" >"$T_TMP/why"; then
		T_PASS=$((T_PASS + 1))
	else
		T_FAIL=$((T_FAIL + 1))
		echo "FAIL: at $w columns: aisec $*" >&2
		head -5 "$T_TMP/why" >&2
	fi
}

for args in "catalog standards" "catalog requirements" "catalog threats" "catalog gaps" \
	"catalog characteristics" "catalog recommendations" "catalog controls" \
	"catalog changes" "catalog matrix --annex A.3" "catalog matrix --annex A.4" \
	"catalog matrix --by requirement" "catalog matrix --by threat" "catalog matrix --by goal" \
	"catalog show iso-iec-27090" "catalog show record_keeping --explain" \
	"assess examples/cv-screening.yaml" "assess examples/medical-imaging.yaml --explain" \
	"assess examples/emotion-at-work.yaml --scheme iso-sae-21434"; do
	# shellcheck disable=SC2086
	check_listing 80 $args
done
# narrower and wider terminals too
check_listing 60 catalog standards
check_listing 100 assess examples/cv-screening.yaml
check_listing 132 catalog changes

# the checker fails on an over-long line and on a split word
printf 'abc\n' >"$T_TMP/w1"; printf 'abcdef\n' >"$T_TMP/w2"
expect_rc 1 python3 "$AISEC_SRC/tests/cli/width_check.py" 80 "$T_TMP/w1" "$T_TMP/w2"
printf '%090d\n' 0 >"$T_TMP/w1"
expect_rc 1 python3 "$AISEC_SRC/tests/cli/width_check.py" 80 "$T_TMP/w1" "$T_TMP/w1"

# the table on a terminal is really wrapped (not the wide layout)
on_tty 80 catalog requirements >"$T_TMP/narrow"
"$AISEC" catalog requirements >"$T_TMP/wide"
expect_rc 1 cmp -s "$T_TMP/narrow" "$T_TMP/wide"

# --help of every command and subcommand fits 80 columns
for args in "" assess profile catalog lineage key ledger version "catalog standards" \
	"ledger append" "lineage record" "key generate"; do
	# shellcheck disable=SC2086
	"$AISEC" help $args >"$T_TMP/help"
	if awk '{ if (length($0) > 80) { print FILENAME ": " $0; bad = 1 } } END { exit bad }' \
		"$T_TMP/help" >&2; then T_PASS=$((T_PASS + 1)); else T_FAIL=$((T_FAIL + 1)); echo "FAIL: help $args" >&2; fi
done
finish
