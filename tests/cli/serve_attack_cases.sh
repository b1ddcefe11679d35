# serve_attack_cases.sh - the attack cases of `aisec serve` (sourced by
# test_serve_attacks.sh on SQLite and test_serve_pg.sh on PostgreSQL, after
# lib.sh and serve_lib.sh, with WS the workspace to create): path traversal,
# oversized and stalled requests, SQL metacharacters in every field.
CHECK=tests/cli/serve_check.py

serve_workspace "$WS" || exit 1
serve_start "$WS" --timeout 2 --max-body 4K || exit 1
AUTH=(-H "Authorization: Bearer $EDITOR")
signin "$EDITOR" "$T_TMP/jar"
http GET /systems/cv-screening -b "$T_TMP/jar"
CS=$(page_csrf)

# ---- path traversal ----------------------------------------------------------------
for p in '/static/../../../../etc/passwd' '/static/..%2f..%2f..%2fetc%2fpasswd' \
	'/systems/..%2F..%2F..%2Fetc%2Fpasswd' '/static/%2e%2e/%2e%2e/etc/passwd' \
	'/api/systems/..' '/api/systems/%2e%2e/assessments' '/static/..%5c..%5cetc%5cpasswd' \
	'/static//etc/passwd' '/static/serve.js/../../../etc/passwd' '/api/systems/.%2e/x' \
	'/static/%252e%252e/%252e%252e/etc/passwd' '/systems/cv-screening/../../etc/passwd'; do
	http GET "$p" --path-as-is "${AUTH[@]}" -b "$T_TMP/jar"
	code=$(cat "$T_TMP/code")
	case $code in
	400 | 404) T_PASS=$((T_PASS + 1)) ;;
	*) T_FAIL=$((T_FAIL + 1)); echo "FAIL: $p: HTTP $code" >&2 ;;
	esac
	expect_rc 1 grep -q 'root:' "$T_TMP/body"
done
expect_http 200 GET /static/serve.css
expect_http 404 GET /static/serve.c
expect_http 404 GET /etc/passwd

# ---- oversized requests --------------------------------------------------------------
head -c 5000 /dev/zero | tr '\0' a >"$T_TMP/big"
expect_http 413 POST /api/systems/cv-screening/decisions "${AUTH[@]}" \
	-H 'Content-Type: application/json' --data-binary @"$T_TMP/big"
expect_grep body "larger than 4096 bytes"
expect_http 413 POST /systems/cv-screening/decisions -b "$T_TMP/jar" --data-binary @"$T_TMP/big"
# chunked: no Content-Length, the limit holds while reading
expect_http 413 POST /api/systems/cv-screening/decisions "${AUTH[@]}" \
	-H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @"$T_TMP/big"
# headers beyond the connection's memory (64 KiB)
expect_rc 0 bash -c "code=\$(curl -s -o /dev/null -w '%{http_code}' -H \"X-Big: \$(head -c 70000 /dev/zero | tr '\\0' b)\" $BASE/api/openapi.json); [ \"\$code\" != 200 ]"

# ---- stalled requests -----------------------------------------------------------------
expect_rc 0 python3 "$CHECK" slow 127.0.0.1 "$PORT" 2 headers
expect_rc 0 python3 "$CHECK" slow 127.0.0.1 "$PORT" 2 body
# the server still answers
expect_http 200 GET /api/openapi.json

# ---- SQL metacharacters in every field -------------------------------------------------
SQL=("' OR '1'='1" "'; DROP TABLE systems; --" '" OR 1=1 --' "1; SELECT * FROM tokens" \
	"x') UNION SELECT secret FROM tokens --" "%' OR name LIKE '%" '\\'"'"')' "\$1")
for s in "${SQL[@]}"; do
	enc=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$s")
	# path: not a system name, refused before any query
	http GET "/api/systems/$enc" "${AUTH[@]}"
	case $(cat "$T_TMP/code") in 400 | 404) T_PASS=$((T_PASS + 1)) ;; *) T_FAIL=$((T_FAIL + 1)); echo "FAIL: path $s" >&2 ;; esac
	# query: a text filter matches nothing; a bad class or sort is refused
	expect_http 200 GET "/api/systems?q=$enc" "${AUTH[@]}"
	expect_grep body '"total":0'
	expect_http 400 GET "/api/systems?class=$enc" "${AUTH[@]}"
	expect_http 400 GET "/api/systems?sort=$enc" "${AUTH[@]}"
	expect_http 400 GET "/api/systems/cv-screening/decisions?finding=$enc" "${AUTH[@]}"
	expect_http 200 GET "/portfolio?q=$enc" -b "$T_TMP/jar"
	expect_grep body '0 systems'
	# JSON body: a malformed finding is refused; reason and owner are kept verbatim
	json=$(python3 -c 'import json,sys; print(json.dumps({"finding":"risk/"+sys.argv[1],"status":"open"}))' "$s")
	expect_http 400 POST /api/systems/cv-screening/decisions "${AUTH[@]}" -H 'Content-Type: application/json' -d "$json"
	json=$(python3 -c 'import json,sys; print(json.dumps({"finding":"risk/model_extraction","status":"mitigated","reason":sys.argv[1],"owner":sys.argv[1]}))' "$s")
	expect_http 201 POST /api/systems/cv-screening/decisions "${AUTH[@]}" -H 'Content-Type: application/json' -d "$json"
	expect_http 200 GET '/api/systems/cv-screening/decisions?finding=risk/model_extraction' "${AUTH[@]}"
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["decisions"][0]; assert d["reason"]==sys.argv[2] and d["owner"]==sys.argv[2], d' \
		"$T_TMP/body" "$s" && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: reason not verbatim: $s" >&2; }
	# form fields: the same through the page
	expect_http 303 POST /systems/cv-screening/decisions -b "$T_TMP/jar" \
		--data "csrf=$CS&finding=risk%2Fmodel_extraction&status=mitigated" \
		--data-urlencode "reason=$s" --data-urlencode "owner=$s"
	expect_http 400 POST /systems/cv-screening/decisions -b "$T_TMP/jar" \
		--data "csrf=$CS&status=mitigated&reason=x" --data-urlencode "finding=$s"
	# sign-in with it as the token
	signin "$s" "$T_TMP/jar-x"
	expect_rc 0 grep -q '^401' "$T_TMP/code"
	expect_http 401 GET /api/systems -H "Authorization: Bearer $s"
done
# the workspace is intact: every system is still there, the token still works
expect_http 200 GET '/api/systems?limit=1000' "${AUTH[@]}"
n=$(ls "$AISEC_SRC"/examples/*.yaml | wc -l)
expect_grep body "\"total\":$n"
expect_http 200 GET /systems/cv-screening -b "$T_TMP/jar"
expect_grep body 'UNION SELECT secret FROM tokens --'
# a form field given twice, a NUL byte or bad UTF-8 is refused
expect_http 400 POST /systems/cv-screening/decisions -b "$T_TMP/jar" \
	--data "csrf=$CS&csrf=$CS&finding=risk%2Fmodel_extraction&status=open"
expect_http 400 POST /systems/cv-screening/decisions -b "$T_TMP/jar" \
	--data "csrf=$CS&finding=risk%2Fmodel_extraction&status=open&reason=a%00b"
expect_http 400 POST /systems/cv-screening/decisions -b "$T_TMP/jar" \
	--data "csrf=$CS&finding=risk%2Fmodel_extraction&status=open&reason=%ff%fe"
serve_stop
