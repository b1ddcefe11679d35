#!/usr/bin/env python3
"""serve_check.py - checks of `aisec serve` that shell and curl cannot make.

  serve_check.py openapi SCHEMA DOC
      validate the OpenAPI document DOC against the official OpenAPI 3.1
      JSON Schema (python3-jsonschema, draft 2020-12); exit 1 naming the
      first errors.
  serve_check.py routes DOC BASE TOKEN COOKIE SYSTEM
      every operation in DOC is routed by the server (no 405 and no "no such
      page" 404, which only the router answers),
      and every link and form on the pages the server renders (portfolio,
      system, catalog, sign-in) is an operation in DOC (pages are reached
      with the session COOKIE, the API with the Bearer TOKEN).
  serve_check.py slow HOST PORT TIMEOUT MODE
      a request that stalls (MODE "headers": half a request line and headers;
      "body": a body shorter than its Content-Length) is cut off by the
      server within TIMEOUT + 3 seconds, with no answer but an error.
Exit: 0 ok, 1 a check failed, 2 usage.
"""
import html.parser
import json
import re
import socket
import sys
import time
import urllib.error
import urllib.request


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def cmd_openapi(schema_path, doc_path):
    import jsonschema
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(doc_path, encoding="utf-8") as f:
        doc = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    if cls is not jsonschema.Draft202012Validator:
        fail("the OpenAPI 3.1 schema is not read as JSON Schema draft 2020-12")
    errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:10]:
        print("FAIL: %s: %s" % ("/".join(str(p) for p in e.path), e.message), file=sys.stderr)
    if errors:
        sys.exit(1)
    if doc.get("openapi", "").split(".")[:2] != ["3", "1"]:
        fail("not an OpenAPI 3.1 document")
    print("valid OpenAPI %s document, %d paths" % (doc["openapi"], len(doc["paths"])))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def request(base, method, path, token, cookie):
    headers = {}
    if path.startswith("/api/"):
        headers["Authorization"] = "Bearer " + token
    else:
        headers["Cookie"] = cookie
    data = None
    if method == "POST":
        data = b"x=1"
        headers["Content-Type"] = ("application/json" if path.startswith("/api/")
                                   else "application/x-www-form-urlencoded")
        if path.startswith("/api/"):
            data = b"{}"
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with OPENER.open(req, timeout=20) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []  # (method, path)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.found.append(("get", a["href"]))
        elif tag in ("link", "script") and (a.get("href") or a.get("src")):
            self.found.append(("get", a.get("href") or a.get("src")))
        elif tag == "form":
            self.found.append((a.get("method", "get").lower(), a.get("action") or "?"))


def pattern_re(p):
    return re.compile("^" + re.sub(r"\\\{[a-z]+\\\}", "[^/]+", re.escape(p)) + "$")


def cmd_routes(doc_path, base, token, cookie, system):
    with open(doc_path, encoding="utf-8") as f:
        doc = json.load(f)
    ops = [(m, p) for p, item in doc["paths"].items() for m in item]
    problems = []
    for method, p in ops:
        path = p.replace("{system}", system).replace("{seq}", "1")
        if method == "post" and path in ("/signout",):
            continue  # would end the session the other checks use
        status, body = request(base, method.upper(), path, token, cookie)
        if status == 405 or (status == 404 and "no such page" in body):
            problems.append("%s %s: HTTP %d, but the document has it" % (method, p, status))
    pats = [(m, p, pattern_re(p)) for m, p in ops]
    pages = ["/portfolio", "/systems/" + system, "/catalog"]
    for page in pages:
        status, body = request(base, "GET", page, token, cookie)
        if status != 200:
            problems.append("GET %s: HTTP %d" % (page, status))
            continue
        parser = Links()
        parser.feed(body)
        for method, href in parser.found:
            if href.startswith("?"):
                href = page + href
            path = href.split("#")[0].split("?")[0]
            if not path.startswith("/"):
                continue
            if not any(m == method and r.match(path) for m, _, r in pats):
                problems.append("%s %s (on %s) is not in the OpenAPI document"
                                % (method, path, page))
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print("%d operations answer; every link and form of %d pages is documented"
          % (len(ops), len(pages)))


def cmd_slow(host, port, timeout, mode):
    s = socket.create_connection((host, int(port)), timeout=int(timeout) + 10)
    if mode == "headers":
        s.sendall(b"GET /api/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    else:
        s.sendall(b"POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: 1000\r\n\r\ntoken=abc")
    t0 = time.monotonic()
    data = b""
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    took = time.monotonic() - t0
    if took > int(timeout) + 3:
        fail("a stalled request (%s) was held %.1f s, timeout %s s" % (mode, took, timeout))
    if data.startswith(b"HTTP/1.1 2"):
        fail("a stalled request (%s) was answered with success" % mode)
    print("stalled request (%s) cut off after %.1f s" % (mode, took))


def main(argv):
    if len(argv) == 4 and argv[1] == "openapi":
        cmd_openapi(argv[2], argv[3])
    elif len(argv) == 7 and argv[1] == "routes":
        cmd_routes(*argv[2:])
    elif len(argv) == 6 and argv[1] == "slow":
        cmd_slow(*argv[2:])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv)
