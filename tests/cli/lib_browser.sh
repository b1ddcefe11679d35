# lib_browser.sh - sourced by the browser tests (after lib.sh, in the
# source tree): Node and playwright-core must be there, else the test FAILS
# (CI never skips a browser check).  Chromium is checked by check.js.
if ! command -v node >/dev/null; then
	echo "FAIL: node not found: run scripts/install-deps --test" >&2
	exit 1
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
	echo "FAIL: playwright-core not installed: run scripts/install-deps --test" >&2
	exit 1
fi
