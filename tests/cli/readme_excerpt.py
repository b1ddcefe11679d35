#!/usr/bin/env python3
"""readme_excerpt.py README OUTPUT - check that the README's terminal excerpt
(the ```text block after "The terminal report starts like this:") is what the
program prints: each excerpt line equals the next output line, "..." skips any
number of output lines.  The as-of date (today's date in the output) is
ignored.  Prints each mismatch with its README line number; exit 1 on any."""
import re
import sys



def excerpt(readme):
    lines = open(readme, encoding="utf-8").read().split("\n")
    start = None
    for i, line in enumerate(lines):
        if "The terminal report starts like this:" in line:
            start = i
            break
    if start is None:
        sys.exit(f"{readme}: no 'The terminal report starts like this:'")
    i = start + 1
    while i < len(lines) and lines[i] != "```text":
        i += 1
    body = []
    for j in range(i + 1, len(lines)):
        if lines[j] == "```":
            return body
        body.append((j + 1, lines[j]))
    sys.exit(f"{readme}: the text block after line {start + 1} is not closed")


# where the as-of date stands; other dates (the catalog's, application dates) are
# compared as they are, even when they happen to equal today's
AS_OF = re.compile(r"(assessed as of |as of: |not yet on |in force on )\d{4}-\d\d-\d\d")


def undate(lines):
    return [AS_OF.sub(r"\1YYYY-MM-DD", t) for t in lines]


def main():
    want = excerpt(sys.argv[1])
    got = open(sys.argv[2], encoding="utf-8").read().split("\n")
    want_text = undate([t for _, t in want])
    got = undate(got)
    pos, errors, skip = 0, 0, False
    for (lineno, _), line in zip(want, want_text):
        if line == "...":
            skip = True
            continue
        if skip:
            while pos < len(got) and got[pos] != line:
                pos += 1
            if pos == len(got):
                print(f"README.md line {lineno}: not in the output after the "
                      f"previous line: {line!r}")
                errors += 1
                continue
        elif pos >= len(got) or got[pos] != line:
            print(f"README.md line {lineno}: README {line!r}")
            print(f"  output line {pos + 1}: "
                  f"{got[pos] if pos < len(got) else '(end of output)'!r}")
            errors += 1
        skip = False
        pos += 1
    if not want:
        print("README.md: the excerpt is empty")
        errors += 1
    sys.exit(1 if errors else 0)


main()
