# lib.sh - helpers for CLI tests (sourced, not a test itself).
# Environment from CTest: AISEC (binary), AISEC_SRC, AISEC_VECTORS, AISEC_BUILD.
set -u
: "${AISEC:?}" "${AISEC_SRC:?}"
# Debian's interpreter, whose python3-jsonschema scripts/install-deps installs
# (a python3 earlier on PATH may lack it).
if [ -x /usr/bin/python3 ]; then
	python3() { /usr/bin/python3 "$@"; }
fi
T_PASS=0
T_FAIL=0
T_TMP=$(mktemp -d)
trap 'rm -rf "$T_TMP"' EXIT

# expect_rc WANT CMD... : run CMD, capture stdout/stderr in $T_TMP/out,err
expect_rc() {
	local want=$1; shift
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	local rc=$?
	if [ "$rc" -eq "$want" ]; then
		T_PASS=$((T_PASS + 1))
	else
		T_FAIL=$((T_FAIL + 1))
		echo "FAIL: exit $rc, wanted $want: $*" >&2
		sed 's/^/  stderr: /' "$T_TMP/err" | head -20 >&2
	fi
}

# expect_grep FILE PATTERN : fixed-string match in out/err file
expect_grep() {
	if grep -qF -- "$2" "$T_TMP/$1"; then
		T_PASS=$((T_PASS + 1))
	else
		T_FAIL=$((T_FAIL + 1))
		echo "FAIL: '$2' not in $1" >&2
		head -20 "$T_TMP/$1" | sed 's/^/  /' >&2
	fi
}

# expect_golden NAME : compare $T_TMP/out with tests/cli/golden/NAME
# (AISEC_UPDATE_GOLDEN=1 rewrites the golden file instead)
expect_golden() {
	local g="$AISEC_SRC/tests/cli/golden/$1"
	if [ "${AISEC_UPDATE_GOLDEN:-0}" = 1 ]; then
		mkdir -p "$(dirname "$g")"; cp "$T_TMP/out" "$g"
	fi
	if diff -u "$g" "$T_TMP/out" >"$T_TMP/diff" 2>&1; then
		T_PASS=$((T_PASS + 1))
	else
		T_FAIL=$((T_FAIL + 1))
		echo "FAIL: output differs from golden $1" >&2
		head -40 "$T_TMP/diff" >&2
	fi
}

finish() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}
