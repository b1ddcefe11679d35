#!/usr/bin/env bash
# Layers as drawn (issue 9, section 8): the CLI is the library's first
# client and includes only public headers, every library symbol it calls is
# exported by libaisec.so, and analysis (src/assess) does not depend on
# rendering (src/report).  The checks are also run on altered copies of the
# tree, so that they are shown to fail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/layers_check.sh"
: "${AISEC_BUILD:?}"

# the tree as it is
expect_rc 0 layers_includes "$AISEC_SRC"
expect_rc 0 layers_hex "$AISEC_SRC"
expect_rc 0 layers_symbols "$AISEC_BUILD"

# a copy with one forbidden include at a time: each is found, with its place
C="$T_TMP/tree"
mkdir -p "$C/src"
cp -r "$AISEC_SRC/include" "$C/"
cp -r "$AISEC_SRC/src/cli" "$AISEC_SRC/src/assess" "$AISEC_SRC/src/core" "$AISEC_SRC/src/report" "$C/src/"
n=$(wc -l <"$C/src/cli/main.c")
for inc in '"core/core.h"' '<core/core.h>' '"../core/core.h"' '"report/report.h"' \
	'"aisec/nothere.h"' 'HEADER_MACRO'; do
	cp "$AISEC_SRC/src/cli/main.c" "$C/src/cli/main.c"
	echo "#include $inc" >>"$C/src/cli/main.c"
	expect_rc 1 layers_includes "$C"
	expect_grep out "src/cli/main.c:$((n + 1)): "
	expect_grep out "#include $inc"
done
cp "$AISEC_SRC/src/cli/main.c" "$C/src/cli/main.c"
for inc in '"report/report.h"' '"aisec/report.h"' '<report/report.h>'; do
	cp "$AISEC_SRC/src/assess/gate.c" "$C/src/assess/gate.c"
# a hex encoder of its own in the CLI is found (aisec_buf_addhex exists)
echo 'static const char digits[] = "0123456789abcdef";' >>"$C/src/cli/main.c"
expect_rc 1 layers_hex "$C"
expect_grep out "main.c:$((n + 1)):"
cp "$AISEC_SRC/src/cli/main.c" "$C/src/cli/main.c"
	echo "#include $inc" >>"$C/src/assess/gate.c"
	expect_rc 1 layers_includes "$C"
	expect_grep out "src/assess/gate.c:"
	expect_grep out "rendering include"
done
cp "$AISEC_SRC/src/assess/gate.c" "$C/src/assess/gate.c"
# system headers, the CLI's own and public ones stay allowed
echo '#include <stdio.h>
#include "cli.h"
#include "cli/probe_cli.h"
#include "aisec/text.h"' >>"$C/src/cli/main.c"
expect_rc 0 layers_includes "$C"

# a CLI object that calls a hidden library function is found
B="$T_TMP/build"
mkdir -p "$B/CMakeFiles/aisec.dir/src/cli" "$B/CMakeFiles/aisec_obj.dir/src"
cp "$AISEC_BUILD/libaisec.so" "$B/"
cp -r "$AISEC_BUILD/CMakeFiles/aisec_obj.dir/src/report" "$AISEC_BUILD/CMakeFiles/aisec_obj.dir/src/assess" \
	"$B/CMakeFiles/aisec_obj.dir/src/"
cp "$AISEC_BUILD"/CMakeFiles/aisec.dir/src/cli/*.o "$B/CMakeFiles/aisec.dir/src/cli/"
expect_rc 0 layers_symbols "$B"
printf 'int aisec_hex_decode(const char *, unsigned long, unsigned char *);\nint cli_x(void);\nint cli_x(void) { return aisec_hex_decode("00", 2, 0); }\n' >"$T_TMP/x.c"
expect_rc 0 cc -c -o "$B/CMakeFiles/aisec.dir/src/cli/x.c.o" "$T_TMP/x.c"
expect_rc 1 layers_symbols "$B"
expect_grep out "src/cli uses 'aisec_hex_decode', which libaisec.so does not export"
rm "$B/CMakeFiles/aisec.dir/src/cli/x.c.o"
# and an assess object that calls a renderer
r=$(nm --defined-only "$B"/CMakeFiles/aisec_obj.dir/src/report/*.o | awk '$2 == "T" {print $3; exit}')
printf 'int %s(void);\nint assess_x(void);\nint assess_x(void) { return %s(); }\n' "$r" "$r" >"$T_TMP/y.c"
expect_rc 0 cc -c -o "$B/CMakeFiles/aisec_obj.dir/src/assess/y.c.o" "$T_TMP/y.c"
expect_rc 1 layers_symbols "$B"
expect_grep out "src/assess uses '$r' of src/report"
finish
