#!/usr/bin/env bash
# `aisec serve` on a PostgreSQL workspace: a real server started here on
# 127.0.0.1 (tests/cli/pg.sh) and stopped at the end, the same attack cases
# as on SQLite (serve_attack_cases.sh), then the API and the decision flow.
# Fails when no PostgreSQL server is installed (no skip).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
. "$(dirname "$0")/pg.sh"
SERVE_CLEANUP=pg_stop
cd "$AISEC_SRC" || exit 1

pg_start || { echo "FAIL: could not start PostgreSQL" >&2; exit 1; }
WS=$(pg_createdb aisec_serve) || { echo "FAIL: createdb" >&2; exit 1; }
. "$(dirname "$0")/serve_attack_cases.sh"

# the decision flow on PostgreSQL: the gate changes, the auditor cannot write
serve_start "$WS" || exit 1
AUTH=(-H "Authorization: Bearer $EDITOR")
expect_http 200 GET /api/systems/credit-scoring/findings "${AUTH[@]}"
expect_grep body '"hit":true'
for f in $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(x["finding"] for x in d["findings"] if x["finding"].startswith("risk/") and x["level"] in ("major","critical")))' "$T_TMP/body"); do
	expect_http 201 POST /api/systems/credit-scoring/decisions "${AUTH[@]}" -H 'Content-Type: application/json' \
		-d "{\"finding\":\"$f\",\"status\":\"accepted\",\"reason\":\"pilot\",\"expires\":\"2099-12-31\"}"
done
expect_http 200 GET /api/systems/credit-scoring/findings "${AUTH[@]}"
expect_grep body '"hit":false'
expect_http 403 POST /api/systems/credit-scoring/decisions -H "Authorization: Bearer $AUDITOR" \
	-H 'Content-Type: application/json' -d '{"finding":"risk/model_extraction","status":"open"}'
expect_http 200 GET '/api/systems?q=credit-scoring' "${AUTH[@]}"
expect_grep body '"open_risks":{"critical":0,"major":0'
serve_stop
finish
