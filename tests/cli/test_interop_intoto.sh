#!/usr/bin/env bash
# in-toto / SLSA / DSSE records that consumers can check: a directory's
# digest is not under "sha256" (it is the OMS root, recomputed here in
# Python from the files), --tool is a resolvedDependencies entry with the
# tool's SHA-256, builder.id is --builder-id (aisec's URI by default), and
# the DSSE signatures verify with securesystemslib (Debian's 0.26 has no DSSE
# module: the DSSEv1 PAE is built here from the spec, the Ed25519 and ECDSA
# signatures are checked by securesystemslib's own key code).
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1
A="$AISEC"
python3 -c 'import securesystemslib' || { echo "FAIL: python3-securesystemslib missing"; exit 1; }

mkdir -p data/raw/sub model
printf 'a,b\n1,2\n' >data/raw/one.csv
printf 'x\n' >data/raw/sub/two.csv
printf 'weights' >model/w.bin
printf '#!/bin/sh\necho train\n' >train.sh
expect_rc 0 "$A" key generate --type ed25519 -o ed
expect_rc 0 "$A" key generate --type ecdsa-p256 -o ec
expect_rc 0 "$A" lineage record --step clean --input data/raw --output model --tool ./train.sh \
	--builder-id https://ci.example.com/pipelines/train --key ed.key
ed_stmt=.aisec/lineage/statements/$(awk '{print $NF}' "$T_TMP/out" | xargs basename)
expect_rc 0 "$A" lineage record --step pack --input model --output model/w.bin --tool sh --key ec.key
ec_stmt=.aisec/lineage/statements/$(awk '{print $NF}' "$T_TMP/out" | xargs basename)
expect_rc 0 test -s "$ed_stmt"
expect_rc 0 test -s "$ec_stmt"

# digests anyone can recompute, the tool, the builder
check() { # check NAME SCRIPT ARGS...
	local name=$1; shift
	if python3 "$@" >"$T_TMP/py.out" 2>&1; then T_PASS=$((T_PASS + 1)); else
		T_FAIL=$((T_FAIL + 1)); echo "FAIL: $name" >&2; head -20 "$T_TMP/py.out" >&2; fi
}
check "digest sets and dependencies" - "$ed_stmt" "$ec_stmt" <<'PY'
import base64, hashlib, json, os, sys
def stmt(p):
    return json.loads(base64.b64decode(json.load(open(p))["payload"]))
def oms_root(d):  # docs/lineage.md: SHA-256 over the files' raw SHA-256s, path order
    files = []
    for root, _, names in os.walk(d):
        for n in names:
            files.append(os.path.relpath(os.path.join(root, n), d))
    files.sort(key=lambda p: p.split("/"))
    h = hashlib.sha256()
    for f in files:
        h.update(hashlib.sha256(open(os.path.join(d, f), "rb").read()).digest())
    return h.hexdigest()
s = stmt(sys.argv[1])
deps = s["predicate"]["buildDefinition"]["resolvedDependencies"]
raw = [d for d in deps if d["name"] == "data/raw"][0]
assert "sha256" not in raw["digest"], raw
assert raw["digest"] == {"oms-root-sha256": oms_root("data/raw")}, raw
assert s["subject"][0]["digest"] == {"oms-root-sha256": oms_root("model")}
tool = [d for d in deps if d["annotations"]["aisec.kind"] == "tool"]
assert len(tool) == 1 and tool[0]["name"] == "./train.sh", tool
assert tool[0]["digest"] == {"sha256": hashlib.sha256(open("train.sh", "rb").read()).hexdigest()}
assert s["predicate"]["runDetails"]["builder"]["id"] == "https://ci.example.com/pipelines/train"
s = stmt(sys.argv[2])
assert s["predicate"]["runDetails"]["builder"]["id"] == "https://aisec.dev/lineage/builder/v1"
assert s["subject"][0]["digest"] == {"sha256": hashlib.sha256(b"weights").hexdigest()}
tool = [d for d in s["predicate"]["buildDefinition"]["resolvedDependencies"]
        if d["annotations"]["aisec.kind"] == "tool"][0]
import shutil
assert tool["name"] == "sh"
assert tool["digest"]["sha256"] == hashlib.sha256(open(shutil.which("sh"), "rb").read()).hexdigest()
PY
# the chain still verifies with the new digest names
expect_rc 0 "$A" lineage verify model/w.bin --trusted-key ed.pub --trusted-key ec.pub
# a tool that is nowhere is refused
expect_rc 3 "$A" lineage record --step x --output model --tool no-such-tool-here --key ed.key
expect_grep err "tool 'no-such-tool-here'"

# DSSE signatures, checked by securesystemslib
check "securesystemslib verifies the DSSE signatures" - "$ed_stmt" ed.pub "$ec_stmt" ec.pub <<'PY'
import base64, json, sys
from cryptography.hazmat.primitives import serialization
from securesystemslib import keys
def pae(t, body):  # DSSE v1 pre-authentication encoding
    t = t.encode()
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)
def check(env_path, pub_path, tamper=False):
    env = json.load(open(env_path))
    body = base64.b64decode(env["payload"])
    if tamper:
        body = body.replace(b"sha256", b"sha257", 1)
    pem = open(pub_path).read()
    pk = serialization.load_pem_public_key(pem.encode())
    sig = base64.b64decode(env["signatures"][0]["sig"])
    if pk.__class__.__name__.startswith("_Ed25519") or "Ed25519" in type(pk).__name__:
        raw = pk.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        key = {"keytype": "ed25519", "scheme": "ed25519", "keyid": "0" * 64,
               "keyval": {"public": raw.hex(), "private": ""}}
    else:
        key = keys.import_ecdsakey_from_public_pem(pem, scheme="ecdsa-sha2-nistp256")
    return keys.verify_signature(key, {"keyid": key["keyid"], "sig": sig.hex()},
                                 pae(env["payloadType"], body))
assert check(sys.argv[1], sys.argv[2])
assert check(sys.argv[3], sys.argv[4])
assert not check(sys.argv[1], sys.argv[2], tamper=True)
assert not check(sys.argv[3], sys.argv[4], tamper=True)
PY
finish
