#!/usr/bin/env python3
"""report_annex.py - check the knowledge base against the text of the ENISA
report itself (an independent reading, not the data files).

  report_annex.py matrix SEED_DIR A.3|A.4 MATRIX.json
      the annex table of the report, cell by cell, against
      `aisec catalog matrix --annex X --format json`
  report_annex.py list SEED_DIR A.1|A.2 MATRIX.json
      the annex list of the report, row by row in the report's order (reference,
      name and, for A.2, the expected date), against
      `aisec catalog matrix --annex X --format json`
  report_annex.py refs SEED_DIR STANDARDS.json
      every reference of Annex A.1 and A.2 is some standard's reference or alias

The report's tables are tab-separated rows in the text extraction; the Name
cell may carry <b> tags.  On the second page of A.3 the extraction shows an
eleventh cell column: its columns 9 and 10 are empty in every row of that page,
so one of them is a layout artefact and is dropped (asserted, not assumed).
Prints every difference; exits 1 if there is any.
"""
import glob
import json
import re
import sys


def norm(s):
    s = re.sub(r"<[^>]+>", "", s or "")
    return re.sub(r"\s+", " ", s).strip()


def annex_rows(seed_dir, annex):
    text = ""
    for path in sorted(glob.glob(seed_dir + "/*.txt")):
        with open(path, encoding="utf-8") as f:
            text += f.read()
    if not text:
        sys.exit("report_annex: no report text in %s" % seed_dir)
    rows, inside = [], False
    for line in text.split("\n"):
        if re.match(r"^#+ ", line):
            inside = re.match(r"^#+ " + re.escape(annex) + r" ", line) is not None
            continue
        if inside and "\t" in line and not line.startswith("Name\t"):
            rows.append([norm(c) for c in line.split("\t")])
    if not rows:
        sys.exit("report_annex: annex %s not found in the report text" % annex)
    return rows


def annex_start(seed_dir, annex, path):
    """The matrix JSON at path, the report's rows and the first differences."""
    with open(path, encoding="utf-8") as f:
        got = json.load(f)
    want = annex_rows(seed_dir, annex)
    bad = []
    if got.get("annex") != annex:
        bad.append("annex is %r, not %r" % (got.get("annex"), annex))
    if len(got["rows"]) != len(want):
        bad.append("%d rows, the report has %d" % (len(got["rows"]), len(want)))
    return got, want, bad


def check_matrix(seed_dir, annex, path):
    got, want, bad = annex_start(seed_dir, annex, path)
    if len(got["columns"]) != 10:
        bad.append("%d columns, not 10" % len(got["columns"]))
    for i, (w, g) in enumerate(zip(want, got["rows"]), 1):
        cells = w[4:]
        if len(cells) == 11:
            if cells[8] or cells[9]:
                bad.append("row %d: eleven cell columns and no empty one to drop" % i)
            del cells[8]
        if len(cells) != 10:
            bad.append("row %d: the report row has %d cells" % (i, len(cells)))
            continue
        name = w[0]
        ref, title = g.get("reference") or "", g.get("title") or ""
        names = {norm(title), norm(ref + " " + title), norm(ref + " - " + title)}
        if name not in names:
            bad.append("row %d: name %r, report has %r" % (i, norm(ref + " " + title), name))
        for key, col in (("deliverable", 1), ("action_or_status", 2), ("target", 3)):
            if norm(g.get(key)) != w[col]:
                bad.append("row %d (%s): %s %r, report has %r"
                           % (i, name[:40], key, g.get(key), w[col]))
        if g["cells"] != cells:
            bad.append("row %d (%s): cells %s, report has %s"
                       % (i, name[:40], "".join(c or "." for c in g["cells"]),
                          "".join(c or "." for c in cells)))
    for b in bad:
        print("%s: %s" % (annex, b))
    print("%s: %d rows, %d cells compared, %d differences"
          % (annex, len(want), 10 * len(want), len(bad)))
    return not bad


def check_list(seed_dir, annex, path):
    got, want, bad = annex_start(seed_dir, annex, path)
    if got.get("columns"):
        bad.append("a list annex has no columns, got %d" % len(got["columns"]))
    for i, (w, g) in enumerate(zip(want, got["rows"]), 1):
        ref = re.sub(r"\[\d+\]$", "", w[1])  # footnote marker "29119-11[1]"
        if norm(g.get("reference")) != ref:
            bad.append("row %d: reference %r, report has %r" % (i, g.get("reference"), ref))
        if norm(g.get("title")) != w[0]:
            bad.append("row %d (%s): name %r, report has %r" % (i, ref, g.get("title"), w[0]))
        want_target = w[2] if len(w) > 2 else ""
        if norm(g.get("target")) != want_target:
            bad.append("row %d (%s): target %r, report has %r"
                       % (i, ref, g.get("target"), want_target))
        if not g.get("standard"):
            bad.append("row %d (%s): names no standard" % (i, ref))
    for b in bad:
        print("%s: %s" % (annex, b))
    print("%s: %d rows compared, %d differences" % (annex, len(want), len(bad)))
    return not bad


def check_refs(seed_dir, path):
    with open(path, encoding="utf-8") as f:
        standards = json.load(f)
    known = set()
    for s in standards:
        for n in [s.get("reference")] + (s.get("aliases") or []):
            if n:
                known.add(norm(n).lower())
    bad, total = [], 0
    for annex in ("A.1", "A.2"):
        for row in annex_rows(seed_dir, annex):
            ref = re.sub(r"\[\d+\]$", "", row[1])  # footnote marker "29119-11[1]"
            total += 1
            if ref.lower() not in known:
                bad.append("%s: %r is no standard's reference or alias" % (annex, ref))
    for b in bad:
        print(b)
    print("A.1/A.2: %d references, %d missing" % (total, len(bad)))
    return not bad


def main(argv):
    if len(argv) == 5 and argv[1] == "matrix":
        return 0 if check_matrix(argv[2], argv[3], argv[4]) else 1
    if len(argv) == 5 and argv[1] == "list":
        return 0 if check_list(argv[2], argv[3], argv[4]) else 1
    if len(argv) == 4 and argv[1] == "refs":
        return 0 if check_refs(argv[2], argv[3]) else 1
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
