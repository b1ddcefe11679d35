# lib.sh - start and stop the reference model server of tests/probe/server.py
# (sourced by the probe CLI tests after tests/cli/lib.sh).  The server picks
# a free loopback port; PROBE_DIR holds its port, specs and data splits.
PROBE_DIR="$T_TMP/server"
probe_server_start() {
	mkdir -p "$PROBE_DIR"
	/usr/bin/python3 "$AISEC_SRC/tests/probe/server.py" --dir "$PROBE_DIR" \
		>"$T_TMP/server.log" 2>&1 &
	PROBE_PID=$!
	trap 'kill $PROBE_PID 2>/dev/null; wait $PROBE_PID 2>/dev/null; rm -rf "$T_TMP"' EXIT
	for _ in $(seq 600); do
		[ -f "$PROBE_DIR/port" ] && break
		kill -0 "$PROBE_PID" 2>/dev/null || break
		sleep 0.5
	done
	if [ ! -f "$PROBE_DIR/port" ]; then
		echo "FAIL: the reference server did not start:" >&2
		cat "$T_TMP/server.log" >&2
		exit 1
	fi
	PROBE_URL="http://127.0.0.1:$(cat "$PROBE_DIR/port")"
}

# probe_wide_spec SPEC: the spec with each range widened by 10 widths on
# both sides, so that the ranges do not constrain an evasion's optimum
probe_wide_spec() {
	/usr/bin/python3 - "$1" <<'PY'
import json, sys
for l in open(sys.argv[1]).read().splitlines():
    if l.startswith("    - ["):
        a, b = json.loads(l.strip()[2:])
        l = "    - [%r, %r]" % (a - 10 * (b - a), b + 10 * (b - a))
    print(l)
PY
}

# results carry a date: fixed here so that reruns are byte-identical
export SOURCE_DATE_EPOCH=1764892800
