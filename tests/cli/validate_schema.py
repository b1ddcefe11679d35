#!/usr/bin/env python3
"""validate_schema.py SCHEMA DOCUMENT - validate JSON against a JSON Schema,
resolving $refs to sibling schema files (CycloneDX's spdx and jsf schemas,
the OMS bundle/envelope/statement/predicate schemas) from the schema's
folder, offline.  Exit 0 valid, 1 invalid (errors printed), 2 usage."""
import json
import os
import sys

from urllib.parse import urljoin

import jsonschema

try:  # jsonschema >= 4.18
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7
except ImportError:  # Debian 12's jsonschema 4.10: RefResolver with a store
    Registry = None


def load_folder(folder):
    out = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            with open(os.path.join(folder, name)) as f:
                try:
                    out.append((name, json.load(f)))
                except ValueError:
                    continue
    return out


def make_validator(schema, schema_path):
    folder = os.path.dirname(os.path.abspath(schema_path))
    schemas = load_folder(folder)
    cls = jsonschema.validators.validator_for(schema)
    if Registry is not None:
        resources = []
        for name, s in schemas:
            spec_res = Resource.from_contents(s, default_specification=DRAFT7)
            resources.append((name, spec_res))
            if isinstance(s, dict) and "$id" in s:
                resources.append((s["$id"], spec_res))
        registry = Registry().with_resources(resources)
        return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
    base = schema.get("$id", "file://" + folder + "/")
    store = {}
    for name, s in schemas:
        store[urljoin(base, name)] = s
        store["file://" + os.path.join(folder, name)] = s
        store[name] = s
        if isinstance(s, dict) and "$id" in s:
            store[s["$id"]] = s
    resolver = jsonschema.RefResolver(base, schema, store=store)
    return cls(schema, resolver=resolver, format_checker=cls.FORMAT_CHECKER)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    schema_path, doc_path = sys.argv[1], sys.argv[2]
    with open(schema_path) as f:
        schema = json.load(f)
    with open(doc_path) as f:
        doc = json.load(f)
    v = make_validator(schema, schema_path)
    errors = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors:
        print("%s: %s" % ("/".join(str(p) for p in e.path) or "(root)", e.message))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
