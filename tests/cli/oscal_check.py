#!/usr/bin/env python3
"""oscal_check.py [--expect-invalid] FILE... - validate OSCAL JSON documents
against NIST's published OSCAL JSON schema kept in tests/schemas/published/
(oscal_complete_schema.json: every model of one release) with
python3-jsonschema, and check that each document's metadata.oscal-version
is the release the schema's $id names.

The published schema is used as it is, with one translation made in memory
when it is loaded (the file is never changed): its regular expressions use
the Unicode property escapes \\p{L} (letter) and \\p{N} (number) of XML
Schema / ECMAScript-with-u regexes, which Python's `re` (and so jsonschema)
cannot compile.  Each escape is replaced by the equivalent character class
built from Python's own Unicode database (unicodedata: every code point whose
general category starts with L, resp. N), so the rewritten pattern accepts
exactly what the published one does.  Any other \\p{..}/\\P{..} escape, or one
inside a [...] class, stops the check with an error rather than being guessed.

A second in-memory change repairs one regression of the published 1.2.0
schema, usnistgov/OSCAL#2178: the "Related Observation" objects
(related-observations of findings, risks and POA&M items) keep
`required: [observation-uuid]` and `additionalProperties: false` but lost
their `properties`, so no value validates.  Each gets back the
`observation-uuid` property it had in 1.1.3 (a UUIDDatatype reference);
nothing else is touched, and a schema without such objects stops the check
(the erratum would not apply).  aisec writes related-observations as OSCAL
1.2.1 defines them; NIST's 1.2.1 schema text was not available here.

Exit 0 when every file validates (with --expect-invalid: when every file is
rejected), 1 otherwise, 2 on usage or schema errors."""
import json
import os
import re
import sys
import unicodedata

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, "..", "schemas", "published", "oscal_complete_schema.json")
MODELS = ("catalog", "mapping-collection", "profile", "component-definition",
          "system-security-plan", "assessment-plan", "assessment-results",
          "plan-of-action-and-milestones")


def category_class(prefix):
    """A regex character class of every code point whose Unicode general
    category starts with `prefix` ('L' letters, 'N' numbers)."""
    ranges, start, prev = [], None, None
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp)).startswith(prefix):
            if start is None:
                start = cp
            prev = cp
        elif start is not None:
            ranges.append((start, prev))
            start = None
    if start is not None:
        ranges.append((start, prev))
    esc = lambda cp: "\\U%08x" % cp
    return "[" + "".join(esc(a) if a == b else esc(a) + "-" + esc(b)
                         for a, b in ranges) + "]"


PROPERTY = re.compile(r"\\[pP]\{([^}]*)\}")
CLASSES = {}
ORIGINAL = {}  # translated pattern -> published pattern, for messages


def translate(pattern):
    """Rewrite \\p{L} and \\p{N} outside [...] classes; refuse anything else."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            m = PROPERTY.match(pattern, i)
            if m:
                name = m.group(1)
                if in_class or m.group(0)[1] == "P" or name not in ("L", "N"):
                    raise ValueError("cannot translate %r in %r" % (m.group(0), pattern))
                if name not in CLASSES:
                    CLASSES[name] = category_class(name)
                out.append(CLASSES[name])
                i = m.end()
                continue
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def rewrite(node, counter):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str) and PROPERTY.search(value):
                node[key] = translate(value)
                ORIGINAL[node[key]] = value
                counter[0] += 1
            else:
                rewrite(value, counter)
    elif isinstance(node, list):
        for item in node:
            rewrite(item, counter)


def repair_related_observation(node, counter):
    """usnistgov/OSCAL#2178: give "Related Observation" back its property."""
    if isinstance(node, dict):
        if (node.get("title") == "Related Observation" and node.get("required") == ["observation-uuid"]
                and node.get("additionalProperties") is False and "properties" not in node):
            node["properties"] = {"observation-uuid": {"$ref": "#/definitions/UUIDDatatype"}}
            counter[0] += 1
        for value in node.values():
            repair_related_observation(value, counter)
    elif isinstance(node, list):
        for item in node:
            repair_related_observation(item, counter)


def load_validator(path):
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    repaired = [0]
    repair_related_observation(schema, repaired)
    if repaired[0] == 0:
        raise ValueError("no Related Observation without properties: is this the 1.2.0 schema?")
    counter = [0]
    rewrite(schema, counter)
    if counter[0] == 0:
        raise ValueError("no \\p{} pattern found: is this the published schema?")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    version = re.search(r"/(\d+\.\d+\.\d+)/oscal-complete-schema\.json$", schema["$id"])
    if not version:
        raise ValueError("$id %r names no release" % schema["$id"])
    return cls(schema, format_checker=cls.FORMAT_CHECKER), version.group(1)


def leaf_errors(error):
    """The innermost errors under a oneOf/anyOf failure, for a readable report."""
    if not error.context:
        return [error]
    out = []
    for sub in error.context:
        out.extend(leaf_errors(sub))
    return out


def check(validator, version, doc):
    """Return a list of messages; empty when the document is valid."""
    errors = list(validator.iter_errors(doc))
    msgs = []
    model = next((m for m in MODELS if isinstance(doc, dict) and m in doc), None)
    for e in errors:
        leaves = leaf_errors(e)
        # keep the leaves under the document's own model when there are some
        mine = [x for x in leaves if model and list(x.absolute_path)[:1] == [model]]
        # the deepest first: under anyOf/oneOf they say what is really wrong
        for x in sorted(mine or leaves, key=lambda x: -len(x.absolute_path))[:5]:
            where = "/".join(str(p) for p in x.absolute_path) or "(root)"
            if x.validator == "pattern" and x.validator_value in ORIGINAL:
                msg = "%r does not match the published pattern %r" % (
                    x.instance, ORIGINAL[x.validator_value])
            else:
                msg = x.message
            msgs.append("%s: %s" % (where, msg[:300]))
    try:
        declared = doc[model]["metadata"]["oscal-version"]
    except (KeyError, TypeError):
        declared = None
    if declared != version:
        msgs.append("metadata.oscal-version is %r, the schema is OSCAL %s" % (declared, version))
    return msgs


def main(argv):
    expect_invalid = False
    if argv and argv[0] == "--expect-invalid":
        expect_invalid, argv = True, argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        validator, version = load_validator(SCHEMA)
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print("oscal_check: schema: %s" % e, file=sys.stderr)
        return 2
    bad = 0
    for path in argv:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        msgs = check(validator, version, doc)
        if msgs and not expect_invalid:
            bad += 1
            for m in msgs[:8]:
                print("%s: %s" % (path, m), file=sys.stderr)
        elif expect_invalid:
            if msgs:
                print("%s: rejected as expected: %s" % (path, msgs[0]))
            else:
                bad += 1
                print("%s: validates, but should not" % path, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
