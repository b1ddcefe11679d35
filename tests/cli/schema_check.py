#!/usr/bin/env python3
"""schema_check.py SCHEMA FILE... - validate JSON files against a JSON Schema
(draft-07 or 2020-12, as the schema declares) with python3-jsonschema; print
the first errors of each file that does not validate and exit 1.
With --expect-invalid, exit 0 only if every file FAILS (to show the schema
rejects a broken document)."""
import json
import sys

import jsonschema

args = sys.argv[1:]
expect_invalid = False
if args and args[0] == "--expect-invalid":
    expect_invalid, args = True, args[1:]
if len(args) < 2:
    sys.exit("usage: schema_check.py [--expect-invalid] SCHEMA FILE...")
with open(args[0], encoding="utf-8") as f:
    schema = json.load(f)
validator = jsonschema.validators.validator_for(schema)(schema)
bad = 0
for path in args[1:]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors and not expect_invalid:
        bad += 1
        for e in errors[:5]:
            where = "/".join(str(p) for p in e.absolute_path)
            print(f"{path}: {where}: {e.message[:300]}", file=sys.stderr)
    elif not errors and expect_invalid:
        bad += 1
        print(f"{path}: validates, but should not", file=sys.stderr)
sys.exit(1 if bad else 0)
