# serve_lib.sh - helpers for the `aisec serve` tests (sourced after lib.sh,
# not a test itself): a workspace with the shipped examples and one token per
# role, a server on a free loopback port started and stopped by the test.
# SERVE_CLEANUP (a command) also runs at exit (pg_stop for PostgreSQL).
#   serve_workspace W        init W, add and assess examples/*.yaml, create
#                            tokens: $ADMIN, $EDITOR, $AUDITOR (secrets)
#   serve_start W [ARGS...]  start `aisec serve` on 127.0.0.1:0; $BASE, $SERVE_PID
#   serve_stop               stop it (SIGTERM) and wait; fails the test if it
#                            did not exit 0
#   http METHOD PATH [CURL ARGS...]  request $BASE$PATH; status in $T_TMP/code,
#                            headers in $T_TMP/hdr, body in $T_TMP/body
SERVE_PID=
trap 'serve_kill; ${SERVE_CLEANUP:-}; rm -rf "$T_TMP"' EXIT

serve_kill() {
	if [ -n "$SERVE_PID" ]; then
		kill "$SERVE_PID" 2>/dev/null
		wait "$SERVE_PID" 2>/dev/null
		SERVE_PID=
	fi
}

if ! command -v curl >/dev/null; then
	echo "FAIL: curl not found: run scripts/install-deps --test" >&2
	exit 1
fi

ws() {
	"$AISEC" workspace "$@"
}

token_of() { # ROLE [EXTRA ARGS...]: print the secret of a new token
	local role=$1; shift
	ws token create --workspace "$W" --role "$role" --label "$role-test-$RANDOM" "$@" 2>"$T_TMP/tok.err" |
		grep -o 'aisec_[A-Za-z0-9_-]\{43\}' | head -1
}

serve_workspace() {
	W=$1
	ws init --workspace "$W" >/dev/null 2>"$T_TMP/ws.err" || { cat "$T_TMP/ws.err" >&2; return 1; }
	# relative profile paths, as a team adds them from its repository ("verify now"
	# resolves them from the folder the server runs in)
	(cd "$AISEC_SRC" && ws add --workspace "$W" examples/*.yaml) >/dev/null 2>>"$T_TMP/ws.err" ||
		{ cat "$T_TMP/ws.err" >&2; return 1; }
	ws assess --workspace "$W" --all --as-of 2026-11-28 >/dev/null 2>>"$T_TMP/ws.err" ||
		{ cat "$T_TMP/ws.err" >&2; return 1; }
	ADMIN=$(token_of admin)
	EDITOR=$(token_of editor)
	AUDITOR=$(token_of auditor)
	[ -n "$ADMIN" ] && [ -n "$EDITOR" ] && [ -n "$AUDITOR" ] ||
		{ echo "FAIL: no tokens" >&2; cat "$T_TMP/tok.err" >&2; return 1; }
}

serve_start() {
	local w=$1; shift
	rm -f "$T_TMP/port"
	"$AISEC" serve --workspace "$w" --listen 127.0.0.1:0 --port-file "$T_TMP/port" "$@" \
		2>"$T_TMP/serve.err" &
	SERVE_PID=$!
	for _ in $(seq 100); do
		[ -s "$T_TMP/port" ] && break
		kill -0 "$SERVE_PID" 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -s "$T_TMP/port" ]; then
		echo "FAIL: aisec serve did not start" >&2
		cat "$T_TMP/serve.err" >&2
		SERVE_PID=
		return 1
	fi
	PORT=$(cat "$T_TMP/port")
	BASE=${SERVE_SCHEME:-http}://127.0.0.1:$PORT
}

serve_stop() {
	kill -TERM "$SERVE_PID"
	wait "$SERVE_PID"
	local rc=$?
	SERVE_PID=
	if [ "$rc" -eq 0 ]; then
		T_PASS=$((T_PASS + 1))
	else
		T_FAIL=$((T_FAIL + 1))
		echo "FAIL: aisec serve exited $rc on SIGTERM" >&2
		cat "$T_TMP/serve.err" >&2
	fi
}

http() {
	local method=$1 path=$2; shift 2
	curl -s -S --max-time 20 -X "$method" -o "$T_TMP/body" -D "$T_TMP/hdr" \
		-w '%{http_code}' "$@" "$BASE$path" >"$T_TMP/code" 2>"$T_TMP/curl.err"
}

# expect_http WANT METHOD PATH [CURL ARGS...]
expect_http() {
	local want=$1; shift
	http "$@"
	if [ "$(cat "$T_TMP/code")" = "$want" ]; then
		T_PASS=$((T_PASS + 1))
	else
		T_FAIL=$((T_FAIL + 1))
		echo "FAIL: HTTP $(cat "$T_TMP/code"), wanted $want: $1 $2" >&2
		head -c 400 "$T_TMP/body" >&2
		cat "$T_TMP/curl.err" >&2
		echo >&2
	fi
}

# signin TOKEN JAR: the sign-in form, then the token posted with its CSRF field
signin() {
	local tok=$1 jar=$2 csrf
	rm -f "$jar"
	http GET /signin -c "$jar" -b "$jar"
	csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$T_TMP/body" | grep -o '[0-9a-f]\{64\}')
	http POST /signin -c "$jar" -b "$jar" --data-urlencode "token=$tok" --data "csrf=$csrf"
}

# the CSRF token of the session, from a page
page_csrf() {
	grep -o 'name="csrf" value="[0-9a-f]*"' "$T_TMP/body" | head -1 | grep -o '[0-9a-f]\{64\}'
}
