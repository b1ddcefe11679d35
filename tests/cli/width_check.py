#!/usr/bin/env python3
"""width_check.py WIDTH NARROW WIDE - check a listing rendered for a terminal
of WIDTH columns (NARROW) against the same listing unwrapped (WIDE): every
line fits WIDTH columns (code points, ANSI colours ignored), and every word
of NARROW is a word of WIDE, so no word was split by the wrapping (rules of
dashes aside).  Prints each problem; exit 1 on any."""
import re
import sys

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def lines(path):
    text = open(path, encoding="utf-8").read().replace("\r", "")
    return [ANSI.sub("", t) for t in text.split("\n")]


def words(ls):
    return {w for t in ls for w in t.split() if not re.fullmatch(r"-+", w)}


def main():
    width = int(sys.argv[1])
    narrow, wide = lines(sys.argv[2]), lines(sys.argv[3])
    known = words(wide)
    bad = 0
    for n, t in enumerate(narrow, 1):
        if len(t) > width:
            print(f"line {n}: {len(t)} columns > {width}: {t!r}")
            bad += 1
        for w in t.split():
            if not re.fullmatch(r"-+", w) and w not in known and w.rstrip(",:;") not in known:
                print(f"line {n}: '{w}' is not a word of the unwrapped output (split?)")
                bad += 1
    if not any(t.strip() for t in narrow):
        print("empty output")
        bad += 1
    sys.exit(1 if bad else 0)


main()
