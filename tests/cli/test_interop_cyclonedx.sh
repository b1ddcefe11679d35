#!/usr/bin/env bash
# A CycloneDX AI-BOM that Dependency-Track and friends read right: the model
# is metadata.component, a base model a machine-learning-model component it
# depends on (and its pedigree), datasets data components; --trusted-key
# verifies the lineage and records the outcome; the same lineage gives the
# same bytes (UUIDv5 serialNumber, timestamp from the record); a model card
# that does not fit CycloneDX is refused naming file and field; supplier,
# licence and external references come from the card file and the record.
# Checked with @cyclonedx/cyclonedx-library's strict JSON validator (npm,
# pinned) and the bom-1.6 schema.  A missing validator fails the test.
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1
A="$AISEC"
NPM="$AISEC_SRC/tests/interop-npm"
[ -d "$NPM/node_modules/@cyclonedx/cyclonedx-library" ] ||
	{ echo "FAIL: $NPM/node_modules missing (scripts/install-deps --test)"; exit 1; }
cdx() { node "$NPM/validate-cyclonedx.js" "$@"; }
VALIDATE="$AISEC_SRC/tests/cli/validate_schema.py"
BOMSCHEMA="$AISEC_VECTORS/schemas/bom-1.6.schema.json"

mkdir -p data/raw base-model
printf 'id,x\n1,2\n' >data/raw/a.csv
printf 'base weights' >base-model/w.bin
printf 'clean\n' >clean.csv
printf 'tuned weights' >model.bin
printf 'print(1)\n' >train.py
expect_rc 0 "$A" key generate --type ed25519 -o k
expect_rc 0 "$A" key generate --type ed25519 -o other
expect_rc 0 "$A" lineage record --step clean --input data/raw --output clean.csv --tool sh --key k.key
expect_rc 0 "$A" lineage record --step finetune --input clean.csv --input base-model --output model.bin \
	--tool train.py --builder-id https://ci.example.com/train --key k.key
cat >card.json <<'JSON'
{ "supplier": { "name": "Example AI GmbH", "url": ["https://example.com"] },
  "license": "Apache-2.0",
  "externalReferences": [ { "type": "model-card", "url": "https://example.com/models/tuned" } ],
  "modelCard": { "modelParameters": { "approach": { "type": "supervised" }, "task": "classification" },
                 "considerations": { "useCases": ["demo"] } } }
JSON

expect_rc 0 "$A" lineage bom model.bin --format cyclonedx --model-card card.json --base-model base-model \
	--version 2.0 --trusted-key k.pub -o bom.json
expect_rc 0 "$A" lineage bom model.bin --format cyclonedx --model-card card.json --base-model ./base-model/ \
	--version 2.0 --trusted-key k.pub -o bom2.json
expect_rc 0 cmp bom.json bom2.json                         # deterministic
expect_rc 0 cdx bom.json
expect_rc 0 python3 "$VALIDATE" "$BOMSCHEMA" bom.json
py() { local name=$1; shift
	if python3 "$@" >"$T_TMP/py.out" 2>&1; then T_PASS=$((T_PASS + 1)); else
		T_FAIL=$((T_FAIL + 1)); echo "FAIL: $name" >&2; head -20 "$T_TMP/py.out" >&2; fi; }
py "structure of the AI-BOM" - bom.json .aisec/lineage/statements <<'PY'
import base64, glob, json, sys, uuid
b = json.load(open(sys.argv[1]))
m = b["metadata"]["component"]
assert m["type"] == "machine-learning-model" and m["name"] == "model.bin" and m["version"] == "2.0"
assert all(c["bom-ref"] != m["bom-ref"] for c in b["components"])
comps = {c["name"]: c for c in b["components"]}
assert comps["base-model"]["type"] == "machine-learning-model", comps["base-model"]
assert "data" not in comps["base-model"]
assert comps["clean.csv"]["type"] == "data" and comps["clean.csv"]["data"][0]["type"] == "dataset"
assert comps["data/raw"]["type"] == "data"
# a directory's OMS root is a property, never a SHA-256 hash
assert "hashes" not in comps["data/raw"] and "hashes" not in comps["base-model"]
assert any(p["name"] == "aisec:lineage:oms-root-sha256" for p in comps["data/raw"]["properties"])
deps = {d["ref"]: d["dependsOn"] for d in b["dependencies"]}
assert sorted(deps[m["bom-ref"]]) == sorted([comps["clean.csv"]["bom-ref"], comps["base-model"]["bom-ref"]])
assert deps[comps["clean.csv"]["bom-ref"]] == [comps["data/raw"]["bom-ref"]]
ds = m["modelCard"]["modelParameters"]["datasets"]
assert ds == [{"ref": comps["clean.csv"]["bom-ref"]}], ds           # base models are not datasets
assert [a["name"] for a in m["pedigree"]["ancestors"]] == ["base-model"]
assert m["pedigree"]["ancestors"][0]["type"] == "machine-learning-model"
assert m["supplier"]["name"] == "Example AI GmbH"
assert m["licenses"] == [{"expression": "Apache-2.0"}]
refs = {(r["type"], r["url"]) for r in m["externalReferences"]}
assert ("model-card", "https://example.com/models/tuned") in refs
assert ("build-system", "https://ci.example.com/train") in refs
props = {p["name"]: p["value"] for p in b["metadata"]["properties"]}
assert props["aisec:lineage:verification"] == "verified", props
# serialNumber: a UUIDv5; timestamp: the record of the step that made the model
assert uuid.UUID(b["serialNumber"][len("urn:uuid:"):]).version == 5
fin = set()
for f in glob.glob(sys.argv[2] + "/*.json"):
    st = json.loads(base64.b64decode(json.load(open(f))["payload"]))
    if st["subject"][0]["name"] == "model.bin":
        fin.add(st["predicate"]["runDetails"]["metadata"]["finishedOn"])
assert fin == {b["metadata"]["timestamp"]}, (fin, b["metadata"]["timestamp"])
PY

# the lineage verification is recorded; an untrusted signer is a negative result
expect_rc 1 "$A" lineage bom model.bin --format cyclonedx --trusted-key other.pub -o untrusted.json
expect_grep err "is broken"
expect_rc 0 grep -q '"value": "broken"' untrusted.json
expect_rc 0 cdx untrusted.json
expect_rc 0 "$A" lineage bom model.bin --format cyclonedx -o plain.json
expect_rc 0 grep -q 'not verified (no trusted key given)' plain.json
expect_rc 0 cdx plain.json

# model cards that do not fit CycloneDX are refused, naming file and field
refused() { # refused CARD-JSON MESSAGE: exit 3 naming the file and the field
	printf '%s' "$1" >bad-card.json
	expect_rc 3 "$A" lineage bom model.bin --format cyclonedx --model-card bad-card.json
	expect_grep err "model card 'bad-card.json': $2"
}
refused '{"modelParameters":{"task":"x","colour":"red"}}' "field 'modelParameters.colour': unknown field"
refused '{"considerations":{"useCases":"one"}}' "field 'considerations.useCases': not an array"
refused '{"modelParameters":{"approach":{"type":"magic"}}}' "field 'modelParameters.approach.type'"
refused '{"modelCard":{},"licence":"MIT"}' "field 'licence': unknown field"
refused '{"externalReferences":[{"type":"homepage","url":"https://x"}]}' "field 'externalReferences[0].type'"
# the model cards of CycloneDX's own examples are accepted, and the result is valid
for v in valid-machine-learning-1.6 valid-machine-learning-considerations-env-1.6; do
	python3 - "$AISEC_VECTORS/cyclonedx/$v.json" >"$v.card.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def find(o):
    if isinstance(o, dict):
        if "modelCard" in o: return o["modelCard"]
        for v in o.values():
            r = find(v)
            if r is not None: return r
    if isinstance(o, list):
        for v in o:
            r = find(v)
            if r is not None: return r
print(json.dumps(find(d)))
PY
	expect_rc 0 "$A" lineage bom model.bin --format cyclonedx --model-card "$v.card.json" -o "$v.bom.json"
	expect_rc 0 cdx "$v.bom.json"
done
finish
