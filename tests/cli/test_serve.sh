#!/usr/bin/env bash
# `aisec serve` over HTTP with curl, on a workspace holding the shipped
# examples: the OpenAPI document (valid against the official OpenAPI 3.1
# schema, tests/vectors/openapi/; every operation in it is routed, every
# link and form of the pages is in it), the JSON API (portfolio, systems,
# assessments, findings with the gate, decisions, evidence, catalog), the
# pages through the sign-in form and its session cookie, roles (auditor:
# 403 and no state-changing form), tokens (missing, forged, expired,
# revoked), the security headers, the listen policy and TLS.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
cd "$AISEC_SRC" || exit 1
SCHEMA="$AISEC_VECTORS/openapi/oas-3.1-schema-2026-08-03.json"
CHECK=tests/cli/serve_check.py

serve_workspace "$T_TMP/w.db" || exit 1
serve_start "$T_TMP/w.db" || exit 1

# ---- the OpenAPI document -----------------------------------------------------
expect_http 200 GET /api/openapi.json
cp "$T_TMP/body" "$T_TMP/openapi.json"
expect_rc 0 python3 "$CHECK" openapi "$SCHEMA" "$T_TMP/openapi.json"
expect_grep out "valid OpenAPI 3.1.0 document"
# the validation can fail: an operation without responses, a bad version
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); del d["paths"]["/api/systems"]["get"]["responses"]; d["openapi"]="3.1"; json.dump(d,open(sys.argv[2],"w"))' \
	"$T_TMP/openapi.json" "$T_TMP/bad.json"
expect_rc 1 python3 "$CHECK" openapi "$SCHEMA" "$T_TMP/bad.json"
expect_grep err "FAIL"
# the document and the library's copy are the same bytes
expect_grep body '"openapi": "3.1.0"'

# ---- tokens ------------------------------------------------------------------------
expect_http 401 GET /api/systems
expect_grep body '"error"'
expect_grep hdr 'WWW-Authenticate: Bearer'
expect_http 401 GET /api/systems -H "Authorization: Bearer aisec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
expect_http 401 GET /api/systems -H "Authorization: Bearer ${EDITOR}x"
expect_http 401 GET /api/systems -H "Authorization: Basic $(printf 'a:%s' "$EDITOR" | base64 -w0)"
expect_http 200 GET /api/whoami -H "Authorization: Bearer $AUDITOR"
expect_grep body '"role":"auditor"'

# ---- the API -------------------------------------------------------------------------
AUTH=(-H "Authorization: Bearer $EDITOR")
expect_http 200 GET '/api/systems?limit=1000' "${AUTH[@]}"
n=$(ls "$AISEC_SRC"/examples/*.yaml | wc -l)
expect_grep body "\"total\":$n"
expect_grep body '"name":"cv-screening","class":"high-risk"'
expect_http 200 GET '/api/systems?class=high-risk&sort=risks&desc=1' "${AUTH[@]}"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["systems"]; assert s and all(x["class"]=="high-risk" for x in s), s; k=[(x["open_risks"]["critical"],x["open_risks"]["major"],x["open_risks"]["minor"]) for x in s]; assert k==sorted(k,reverse=True), k' \
	"$T_TMP/body" && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: class filter or risk sort" >&2; }
expect_http 400 GET '/api/systems?sort=bogus' "${AUTH[@]}"
expect_grep body "query 'sort'"
expect_http 400 GET '/api/systems?limit=0' "${AUTH[@]}"
expect_http 200 GET /api/systems/cv-screening "${AUTH[@]}"
expect_grep body '"profile_digest":"sha256:'
expect_http 404 GET /api/systems/no-such-system "${AUTH[@]}"
expect_grep body "no-such-system"
expect_http 200 GET /api/systems/cv-screening/assessments "${AUTH[@]}"
expect_grep body '"seq":1'
expect_http 200 GET /api/systems/cv-screening/assessments/1 "${AUTH[@]}"
expect_grep body '"schema":"aisec-findings/1"'
expect_http 404 GET /api/systems/cv-screening/assessments/99 "${AUTH[@]}"
expect_http 200 GET /api/catalog "${AUTH[@]}"
expect_grep body '"requirements":['
expect_http 200 GET /api/systems/cv-screening/findings "${AUTH[@]}"
expect_grep body '"gate":{"gate":"risk:major","hit":true'
expect_grep body '"finding":"risk/model_extraction"'

# an accepted risk within its expiry leaves the gate; an expired one does not
for f in $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(x["finding"] for x in d["findings"] if x["finding"].startswith("risk/") and x["level"] in ("major","critical")))' "$T_TMP/body"); do
	expect_http 201 POST /api/systems/cv-screening/decisions "${AUTH[@]}" \
		-H 'Content-Type: application/json' \
		-d "{\"finding\":\"$f\",\"status\":\"accepted\",\"reason\":\"compensating controls, see ticket 42\",\"owner\":\"ml-platform\",\"expires\":\"2099-12-31\"}"
done
expect_grep body '"by":"editor-test-'
expect_http 200 GET /api/systems/cv-screening/findings "${AUTH[@]}"
expect_grep body '"gate":{"gate":"risk:major","hit":false'
expect_grep body '"status":"accepted"'
expect_http 200 GET '/api/systems/cv-screening/decisions?history=1&finding=risk/model_extraction' "${AUTH[@]}"
expect_grep body '"reason":"compensating controls, see ticket 42"'
# bad decisions: unknown status, accepted without expiry, unknown field, wrong type
expect_http 400 POST /api/systems/cv-screening/decisions "${AUTH[@]}" -H 'Content-Type: application/json' \
	-d '{"finding":"risk/model_extraction","status":"ignored","reason":"x"}'
expect_http 400 POST /api/systems/cv-screening/decisions "${AUTH[@]}" -H 'Content-Type: application/json' \
	-d '{"finding":"risk/model_extraction","status":"accepted","reason":"x"}'
expect_http 400 POST /api/systems/cv-screening/decisions "${AUTH[@]}" -H 'Content-Type: application/json' \
	-d '{"finding":"risk/model_extraction","status":"accepted","reason":"x","expires":"2099-01-01","admin":true}'
expect_grep body "unknown field"
expect_http 400 POST /api/systems/cv-screening/decisions "${AUTH[@]}" -H 'Content-Type: application/json' \
	-d '{"finding":"risk/model_extraction","status":"accepted","reason":7}'
expect_http 415 POST /api/systems/cv-screening/decisions "${AUTH[@]}" -d 'finding=x'
expect_http 400 POST /api/systems/cv-screening/decisions "${AUTH[@]}" -H 'Content-Type: application/json' -d '{"finding":'

# ---- the auditor reads and never writes ------------------------------------------------
expect_http 200 GET /api/systems/cv-screening/findings -H "Authorization: Bearer $AUDITOR"
expect_http 403 POST /api/systems/cv-screening/decisions -H "Authorization: Bearer $AUDITOR" \
	-H 'Content-Type: application/json' \
	-d '{"finding":"risk/model_extraction","status":"open"}'
expect_grep body "auditor role cannot change anything"

# ---- pages through the sign-in form --------------------------------------------------------
expect_http 303 GET /portfolio
expect_grep hdr "Location: /signin"
signin "$EDITOR" "$T_TMP/jar"
expect_rc 0 grep -q '^303' "$T_TMP/code"
expect_grep hdr "aisec_session="
expect_grep hdr "HttpOnly; SameSite=Strict"
signin "aisec_$(printf A%.0s $(seq 43))" "$T_TMP/jar2"
expect_rc 0 grep -q '^401' "$T_TMP/code"
expect_grep body "sign-in refused"
expect_http 200 GET '/portfolio?class=high-risk&sort=name' -b "$T_TMP/jar"
expect_grep body 'href="/systems/cv-screening"'
expect_grep body '<option selected>high-risk</option>'
expect_http 200 GET /systems/cv-screening -b "$T_TMP/jar"
expect_grep body 'class="decide"'
expect_grep body 'id="verify"'
expect_grep body 'passes</span>'
CS=$(page_csrf)
COOKIE="aisec_session=$(awk '/aisec_session/{print $7}' "$T_TMP/jar")"
expect_rc 0 python3 "$CHECK" routes "$T_TMP/openapi.json" "$BASE" "$EDITOR" "$COOKIE" cv-screening
# a decision through the form: HTML in the reason comes back escaped
expect_http 303 POST /systems/cv-screening/decisions -b "$T_TMP/jar" \
	--data "csrf=$CS&finding=risk%2Fmodel_extraction&status=open&reason=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
expect_grep hdr "Location: /systems/cv-screening#risks"
expect_http 200 GET /systems/cv-screening -b "$T_TMP/jar"
expect_grep body '&lt;script&gt;alert(1)&lt;/script&gt;'
expect_rc 1 grep -q '<script>alert' "$T_TMP/body"
expect_grep body 'trips: the gate fails'
expect_http 303 POST /systems/cv-screening/verify -b "$T_TMP/jar" --data "csrf=$CS"
expect_http 200 GET /api/systems/cv-screening/evidence "${AUTH[@]}"
expect_grep body '"kind":"lineage","path":"evidence/cv-screening/model","status":"verified"'
expect_http 200 GET /systems/cv-screening/report -b "$T_TMP/jar"
expect_grep hdr "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'"
expect_http 200 GET /catalog -b "$T_TMP/jar"
expect_grep body 'What changed since the report'

# the auditor's pages have no state-changing form
signin "$AUDITOR" "$T_TMP/jar-a"
expect_http 200 GET /systems/cv-screening -b "$T_TMP/jar-a"
expect_rc 1 grep -q 'class="decide"' "$T_TMP/body"
expect_rc 1 grep -q 'id="verify"' "$T_TMP/body"
CSA=$(page_csrf)
expect_http 403 POST /systems/cv-screening/decisions -b "$T_TMP/jar-a" \
	--data "csrf=$CSA&finding=risk%2Fmodel_extraction&status=open"

# ---- CSRF ------------------------------------------------------------------------------------
expect_http 403 POST /systems/cv-screening/decisions -b "$T_TMP/jar" \
	--data "finding=risk%2Fmodel_extraction&status=open"
expect_grep body "CSRF"
expect_http 403 POST /systems/cv-screening/decisions -b "$T_TMP/jar" \
	--data "csrf=$CSA&finding=risk%2Fmodel_extraction&status=open"
expect_http 403 POST /systems/cv-screening/verify -b "$T_TMP/jar" --data "csrf="
expect_http 403 POST /signin -b "$T_TMP/jar" --data-urlencode "token=$EDITOR" --data "csrf=$CS"

# ---- security headers on every answer --------------------------------------------------------
for p in /signin /api/openapi.json /static/serve.js /nothing; do
	http GET "$p"
	expect_grep hdr "Content-Security-Policy: default-src 'none'; script-src 'self'"
	expect_grep hdr "X-Content-Type-Options: nosniff"
	expect_grep hdr "X-Frame-Options: DENY"
done
expect_rc 1 grep -qi '<script>[^<]' "$T_TMP/body"

# ---- revoked and expired tokens end sessions and API access ----------------------------------
ws token list --workspace "$W" --format json >"$T_TMP/tokens" 2>&1
id=$(python3 -c 'import json,sys
d=json.load(open(sys.argv[1])); d=d.get("tokens", d) if isinstance(d, dict) else d
print([t["id"] for t in d if t["label"].startswith("editor-test") and not t.get("revoked")][0])' "$T_TMP/tokens")
expect_rc 0 ws token revoke --workspace "$W" "$id"
expect_http 401 GET /api/systems "${AUTH[@]}"
expect_grep body "revoked"
expect_http 303 GET /portfolio -b "$T_TMP/jar"
expect_grep hdr "Location: /signin"
serve_stop

LATE=$(token_of editor --expires 2026-12-31)
serve_start "$T_TMP/w.db" --today 2027-01-01 || exit 1
expect_http 401 GET /api/systems -H "Authorization: Bearer $LATE"
expect_grep body "expired"
serve_stop
serve_start "$T_TMP/w.db" --today 2026-12-31 || exit 1
expect_http 200 GET /api/systems -H "Authorization: Bearer $LATE"
serve_stop

# ---- listen policy -------------------------------------------------------------------------------
expect_rc 2 "$AISEC" serve --workspace "$T_TMP/w.db" --listen 0.0.0.0:0
expect_grep err "not a loopback address"
expect_rc 2 "$AISEC" serve --workspace "$T_TMP/w.db" --listen 0.0.0.0:0 --allow-remote
expect_grep err "--tls-cert"
expect_rc 2 "$AISEC" serve --workspace "$T_TMP/w.db" --listen localhost
expect_rc 2 "$AISEC" serve --workspace "$T_TMP/w.db" --tls-cert x.pem
expect_rc 2 "$AISEC" serve --listen 127.0.0.1:0
expect_rc 3 "$AISEC" serve --workspace "$T_TMP/none/w.db" --listen 127.0.0.1:0

# ---- TLS --------------------------------------------------------------------------------------------
command -v openssl >/dev/null || { echo "FAIL: openssl not found" >&2; exit 1; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
	-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
	-keyout "$T_TMP/key.pem" -out "$T_TMP/cert.pem" 2>/dev/null
expect_rc 3 "$AISEC" serve --workspace "$T_TMP/w.db" --listen 127.0.0.1:0 \
	--tls-cert "$T_TMP/cert.pem" --tls-key "$T_TMP/none.pem"
SERVE_SCHEME=https serve_start "$T_TMP/w.db" --tls-cert "$T_TMP/cert.pem" --tls-key "$T_TMP/key.pem" || exit 1
expect_http 200 GET /api/whoami --cacert "$T_TMP/cert.pem" -H "Authorization: Bearer $AUDITOR"
expect_grep hdr "Strict-Transport-Security"
http GET /signin --cacert "$T_TMP/cert.pem"
expect_grep hdr "; Secure"
# plain HTTP to the TLS port gets no answer
expect_rc 0 bash -c "! curl -s --max-time 5 http://127.0.0.1:$PORT/api/openapi.json | grep -q openapi"
serve_stop
finish
