#!/usr/bin/python3
"""callgrind_split.py - split a callgrind profile of `aisec probe` into the
instructions of libcurl, of glibc, and of the rest (aisec's own code and
the other libraries it calls itself: jansson, libfyaml, OpenSSL, libm).

  own = total
        - inclusive cost of every call into libcurl from outside it
        - inclusive cost of every call into glibc (libc.so, ld.so) from
          outside glibc and libcurl (but _start's __libc_start_main, which
          holds main)
        + inclusive cost of calls from libcurl back into the aisec binary
          (its write and socket callbacks: the probe's code)

Usage: callgrind_split.py CALLGRIND.OUT BINARY   prints
  total=N curl=N libc=N own=N
"""
import re
import sys


def main():
    path, binary = sys.argv[1], sys.argv[2]
    names = {"ob": {}, "fn": {}}
    cfn = None
    total = 0
    ob = cob = None
    into_curl = into_libc = back = 0
    pending = None  # (caller ob, callee ob) of the next cost line

    def kind(o):
        if o is None:
            return "other"
        if "libcurl" in o:
            return "curl"
        if re.search(r"/(libc\.so|ld-linux)", o) or o.endswith("ld-linux-x86-64.so.2"):
            return "libc"
        if o == binary or o.endswith("/" + binary.rsplit("/", 1)[-1]):
            return "bin"
        return "other"

    def name(key, v):
        m = re.match(r"\((\d+)\)(?: (.*))?", v)
        if not m:
            return v
        if m.group(2) is not None:
            names[key][m.group(1)] = m.group(2)
            return m.group(2)
        return names[key].get(m.group(1))

    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("summary:") or line.startswith("totals:"):
            total = int(line.split()[1])
            continue
        if line.startswith("ob="):
            ob = name("ob", line[3:])
            continue
        if line.startswith("cob="):
            cob = name("ob", line[4:])
            continue
        if line.startswith("fn="):
            name("fn", line[3:])  # names are defined once, fn= or cfn=
            continue
        if line.startswith("cfn="):
            cfn = name("fn", line[4:])
            continue
        if line.startswith("calls="):
            pending = (ob, cob if cob is not None else ob)
            cob = None
            continue
        if not line or not (line[0].isdigit() or line[0] in "+-*"):
            continue
        parts = line.split()
        if len(parts) < 2:
            continue
        cost = int(parts[1])
        if pending:
            caller, callee = kind(pending[0]), kind(pending[1])
            if callee == "curl" and caller != "curl":
                into_curl += cost
            elif (callee == "libc" and caller not in ("libc", "curl") and
                  not (cfn or "").startswith("__libc_start_main")):
                into_libc += cost
            elif caller == "curl" and callee == "bin":
                back += cost
            pending = None
    # glibc's own start-up (ld.so relocating, before main) stays in `own`:
    # a few hundred thousand instructions a process, not per query
    own = total - into_curl - into_libc + back
    print(f"total={total} curl={into_curl - back} libc={into_libc} own={own}")


main()
