"""tlog_server.py ROOT PORTFILE [DELAYFILE] - a static file server on
127.0.0.1 (a free port, written to PORTFILE) for the verify-remote tests:
Python's http.server serving ROOT, sleeping before each response for the
number of seconds in DELAYFILE when that file exists (a slow server)."""
import functools
import http.server
import os
import sys
import time


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        delay = sys.argv[3] if len(sys.argv) > 3 else None
        if delay and os.path.exists(delay):
            with open(delay) as f:
                time.sleep(float(f.read().strip() or 0))
        super().do_GET()

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients that time out and hang up are part of the test


def main():
    srv = Server(
        ("127.0.0.1", 0), functools.partial(Handler, directory=sys.argv[1]))
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, sys.argv[2])
    srv.serve_forever()


if __name__ == "__main__":
    main()
