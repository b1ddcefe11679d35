# layers_check.sh - the layering rules of the source tree (sourced by
# test_layers.sh, not a test itself).  layers_includes ROOT prints one line
# per include that breaks a rule and returns 1 when there is any:
#   - src/cli uses the installed API only: <system or external headers>,
#     "aisec/..." that exists under include/, or its own headers in src/cli;
#     <core/core.h> (a project header in angle brackets) counts as internal;
#   - src/assess (analysis) includes no renderer header (report/..., aisec/report.h).
layers_includes() {
	local root=$1 bad=0 f n line what
	for f in "$root"/src/cli/*.c "$root"/src/cli/*.h "$root"/src/assess/*.c "$root"/src/assess/*.h; do
		[ -f "$f" ] || continue
		n=0
		while IFS= read -r line; do
			n=$((n + 1))
			[[ $line =~ ^[[:space:]]*#[[:space:]]*include ]] || continue
			what=
			case "$f" in
			*/src/cli/*)
				if [[ $line =~ \<([^\>]+)\> ]]; then
					[ -e "$root/src/${BASH_REMATCH[1]}" ] && what=internal
				elif [[ $line =~ \"aisec/([^\"]+)\" ]]; then
					[ -f "$root/include/aisec/${BASH_REMATCH[1]}" ] || what=unknown
				elif [[ $line =~ \"cli/([^\"/]+)\" ]] || [[ $line =~ \"([^\"/]+)\" ]]; then
					[ -f "$root/src/cli/${BASH_REMATCH[1]}" ] || what=internal
				else
					what=internal
				fi ;;
			*/src/assess/*)
				[[ $line =~ [\"\<](report/[^\"\>]*|aisec/report\.h)[\"\>] ]] && what=rendering ;;
			esac
			if [ -n "$what" ]; then
				echo "${f#"$root"/}:$n: $what include: $line"
				bad=1
			fi
		done <"$f"
	done
	return $bad
}

# layers_hex ROOT prints every place in src/cli that writes hex by hand (a
# digit table or "%02x") instead of the library's aisec_buf_addhex; 1 when
# there is any.
layers_hex() {
	local root=$1
	if grep -n -e '0123456789abcdef' -e '%02x' "$root"/src/cli/*.c; then
		return 1
	fi
	return 0
}

# layers_symbols BUILD prints every aisec_ symbol the CLI's objects take
# from the library that libaisec.so does not export, and every symbol of
# src/report that src/assess's objects use; 1 when there is any.
layers_symbols() {
	local b=$1 bad=0 s
	local cli=("$b"/CMakeFiles/aisec.dir/src/cli/*.o)
	local rep=("$b"/CMakeFiles/aisec_obj.dir/src/report/*.o)
	local ass=("$b"/CMakeFiles/aisec_obj.dir/src/assess/*.o)
	if [ ! -f "${cli[0]}" ] || [ ! -f "${rep[0]}" ] || [ ! -f "${ass[0]}" ] ||
		[ ! -f "$b/libaisec.so" ]; then
		echo "no objects or libaisec.so under '$b'"
		return 1
	fi
	nm -D --defined-only "$b/libaisec.so" | awk '{print $3}' | sort -u >"$T_TMP/exported"
	nm --defined-only "${cli[@]}" | awk 'NF == 3 {print $3}' | sort -u >"$T_TMP/cli_own"
	for s in $(nm -u "${cli[@]}" | awk '$2 ~ /^aisec_/ {print $2}' | sort -u |
		comm -23 - "$T_TMP/cli_own" | comm -23 - "$T_TMP/exported"); do
		echo "src/cli uses '$s', which libaisec.so does not export"
		bad=1
	done
	nm --defined-only "${rep[@]}" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sort -u >"$T_TMP/report_syms"
	for s in $(nm -u "${ass[@]}" | awk '{print $2}' | sort -u | comm -12 - "$T_TMP/report_syms"); do
		echo "src/assess uses '$s' of src/report (analysis must not depend on rendering)"
		bad=1
	done
	return $bad
}
