#!/usr/bin/env bash
# Installed like a library: install to a prefix given at install time writes
# an aisec.pc naming it, the knowledge base and docs under share/aisec, a man
# page per command; uninstall removes it all again.  catalog init writes an
# editable copy of the knowledge base.
. "$(dirname "$0")/lib.sh"
: "${AISEC_BUILD:?}"
P="$T_TMP/opt aisec"

# catalog init: the built-in knowledge base, byte for byte, valid, usable
expect_rc 0 "$AISEC" catalog init "$T_TMP/kb"
expect_grep out "knowledge-base files to $T_TMP/kb"
expect_rc 0 diff -r "$AISEC_SRC/data" "$T_TMP/kb"
expect_rc 0 "$AISEC" catalog validate "$T_TMP/kb"
expect_rc 0 "$AISEC" catalog --catalog "$T_TMP/kb" threats --format csv
expect_rc 3 "$AISEC" catalog init "$T_TMP/kb"
expect_grep err "exists and is not empty"
expect_rc 2 "$AISEC" catalog init

# install to a prefix chosen at install time (the build was configured for another);
# a manifest of the user's own install is kept aside and put back
M="$AISEC_BUILD/install_manifest.txt"
[ -f "$M" ] && cp "$M" "$T_TMP/manifest.saved"
expect_rc 0 cmake --install "$AISEC_BUILD" --prefix "$P"
expect_rc 0 grep -qx "prefix=$P" "$P/lib/pkgconfig/aisec.pc"
expect_rc 0 env PKG_CONFIG_PATH="$P/lib/pkgconfig" pkg-config --variable=includedir aisec
expect_grep out "$P/include"
expect_rc 0 test -x "$P/bin/aisec"
expect_rc 0 diff -r "$AISEC_SRC/data" "$P/share/aisec/data"
expect_rc 0 test -f "$P/share/aisec/docs/profile.md" -a -f "$P/share/aisec/docs/README.md"
for c in assess profile catalog lineage key ledger; do
	expect_rc 0 test -f "$P/share/man/man1/aisec-$c.1"
	# each page names every other in SEE ALSO and says where the files are
	for o in aisec assess profile catalog lineage key ledger; do
		[ "$o" = aisec ] && ref='\.BR aisec (1)' || ref="\\.BR aisec\\\\-$o (1)"
		[ "$o" = "$c" ] && continue
		expect_rc 0 grep -q "^$ref" "$P/share/man/man1/aisec-$c.1"
	done
	expect_rc 0 grep -q "share/aisec" "$P/share/man/man1/aisec-$c.1"
done
# uninstall (the Makefile target) removes what was installed
expect_rc 0 make -s -C "$AISEC_SRC" BUILD="$AISEC_BUILD" uninstall
expect_rc 0 test ! -e "$P/bin/aisec" -a ! -e "$P/lib/pkgconfig/aisec.pc" -a ! -e "$P/share/aisec"
expect_rc 2 make -s -C "$AISEC_SRC" BUILD="$AISEC_BUILD" uninstall
[ -f "$T_TMP/manifest.saved" ] && cp "$T_TMP/manifest.saved" "$M"
finish
