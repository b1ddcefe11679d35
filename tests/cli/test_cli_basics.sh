#!/usr/bin/env bash
# CLI conventions: --version, help, unknown commands, exit codes.
. "$(dirname "$0")/lib.sh"

expect_rc 0 "$AISEC" --version
expect_grep out "aisec 0.1.0"
expect_rc 0 "$AISEC" help
expect_grep out "commands:"
expect_rc 0 "$AISEC" help version
expect_grep out "usage: aisec version"
expect_rc 0 "$AISEC" version --help
expect_grep out "usage: aisec version"
expect_rc 2 "$AISEC" frobnicate
expect_grep err "'frobnicate' is not a command"
expect_rc 2 "$AISEC" help frobnicate
expect_rc 2 "$AISEC"
finish
