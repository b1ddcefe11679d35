#!/usr/bin/env python3
"""validate_schema.py SCHEMA DOCUMENT - validate JSON against a JSON Schema,
resolving $refs to sibling schema files (CycloneDX's spdx and jsf schemas,
the OMS bundle/envelope/statement/predicate schemas) from the schema's
folder, offline.  Exit 0 valid, 1 invalid (errors printed), 2 usage."""
import json
import os
import sys

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    schema_path, doc_path = sys.argv[1], sys.argv[2]
    folder = os.path.dirname(os.path.abspath(schema_path))
    resources = []
    for name in os.listdir(folder):
        if name.endswith(".json"):
            with open(os.path.join(folder, name)) as f:
                try:
                    s = json.load(f)
                except ValueError:
                    continue
            spec_res = Resource.from_contents(s, default_specification=DRAFT7)
            resources.append((name, spec_res))
            if "$id" in s:
                resources.append((s["$id"], spec_res))
    registry = Registry().with_resources(resources)
    with open(schema_path) as f:
        schema = json.load(f)
    with open(doc_path) as f:
        doc = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    v = cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors:
        print("%s: %s" % ("/".join(str(p) for p in e.path) or "(root)", e.message))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
