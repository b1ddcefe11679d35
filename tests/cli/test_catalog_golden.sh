#!/usr/bin/env bash
# Golden outputs of the catalog listings on the fixture catalog (stable
# while data/ evolves).  AISEC_UPDATE_GOLDEN=1 rewrites them.
. "$(dirname "$0")/lib.sh"

export AISEC_CATALOG="$AISEC_SRC/tests/data/catalog-good"
unset COLUMNS

expect_rc 0 "$AISEC" catalog standards
expect_golden catalog-standards.txt
expect_rc 0 "$AISEC" catalog standards --format csv
expect_golden catalog-standards.csv
expect_rc 0 "$AISEC" catalog requirements --format md
expect_golden catalog-requirements.md
expect_rc 0 "$AISEC" catalog threats --format json
expect_golden catalog-threats.json
expect_rc 0 "$AISEC" catalog matrix --annex A.3
expect_golden catalog-matrix-a3.txt
expect_rc 0 "$AISEC" catalog matrix --annex A.3 --format json
expect_golden catalog-matrix-a3.json
expect_rc 0 "$AISEC" catalog matrix --by requirement
expect_golden catalog-coverage-requirement.txt
expect_rc 0 "$AISEC" catalog changes
expect_golden catalog-changes.txt
expect_rc 0 "$AISEC" catalog show iso-iec-27001-2022 --explain
expect_golden catalog-show-explain.txt
expect_rc 0 "$AISEC" catalog show robustness
expect_golden catalog-show-robustness.txt
finish
