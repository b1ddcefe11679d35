# pg.sh - a throwaway PostgreSQL server for the workspace tests and bench
# (sourced, not a test itself).  pg_start initdb's a cluster in a fresh
# temporary folder, starts it on 127.0.0.1 at a free port with its unix
# socket in that folder, creates database aisec_test and sets PG_URL;
# pg_stop stops it and removes the folder.  As root the server runs as the
# unprivileged user postgres.  No server installed: the caller fails (CI
# must not skip): Debian package postgresql, scripts/packages/test-workspace.txt.

pg_start() {
	PG_BIN=${AISEC_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
	if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
		echo "FAIL: no PostgreSQL server (initdb, pg_ctl) under /usr/lib/postgresql/*/bin:" \
			"install the Debian package postgresql (scripts/install-deps --test)" >&2
		return 1
	fi
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/aisec-pg-XXXXXX") || return 1
	PG_AS=()
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$PG_DIR" || return 1
		PG_AS=(runuser -u postgres --)
	fi
	PG_PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	"${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U aisec -A trust -E UTF8 --no-sync \
		>"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
	"${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off" start \
		>/dev/null 2>&1 || { cat "$PG_DIR/server.log" >&2; return 1; }
	"${PG_AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U aisec aisec_test || return 1
	PG_URL="postgresql://aisec@127.0.0.1:$PG_PORT/aisec_test"
}

# A further empty database NAME on the server; prints its URL.
pg_createdb() {
	"${PG_AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U aisec "$1" &&
		echo "postgresql://aisec@127.0.0.1:$PG_PORT/$1"
}

pg_stop() {
	[ -n "${PG_DIR:-}" ] || return 0
	"${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$PG_DIR"
	PG_DIR=
}
