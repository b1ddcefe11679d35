#!/usr/bin/env bash
# build.sh OUT - build the tile checker offline in GOPATH mode against
# Debian's golang-golang-x-mod-dev (/usr/share/gocode); GOCACHE under OUT's
# folder.  Fails (never skips) when Go or x/mod is missing.
set -eu
out=$1
here=$(cd "$(dirname "$0")" && pwd)
command -v go >/dev/null || { echo "go not found: scripts/install-deps --test (golang-go)" >&2; exit 1; }
test -d /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog ||
	{ echo "golang.org/x/mod missing: scripts/install-deps --test (golang-golang-x-mod-dev)" >&2; exit 1; }
export GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOCACHE="$(dirname "$out")/gocache" GOTOOLCHAIN=local
mkdir -p "$GOCACHE"
cd "$here" && go build -o "$out" main.go
