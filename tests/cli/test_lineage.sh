#!/usr/bin/env bash
# aisec key / aisec lineage end to end: keys and key ids, digests against
# sha256sum, DSSE signatures checked by openssl pkeyutl on the raw PAE
# bytes, every tamper case with its own message, the OpenSSF Model Signing
# reference vector, graph and a CycloneDX 1.6 BOM validated by its schema.
. "$(dirname "$0")/lib.sh"
: "${AISEC_VECTORS:?}"
OMS="$AISEC_VECTORS/oms"
BOMSCHEMA="$AISEC_VECTORS/schemas/bom-1.6.schema.json"
VALIDATE="$AISEC_SRC/tests/cli/validate_schema.py"
for f in "$OMS/model-v1.1.0/model.sig" "$OMS/signing-key-pub.pem" "$BOMSCHEMA"; do
	[ -f "$f" ] || { echo "missing vector $f"; exit 1; }
done

W="$T_TMP/w"
mkdir -p "$W" && cd "$W" || exit 1

# ---- keys -------------------------------------------------------------------
expect_rc 0 "$AISEC" key generate --type ed25519 -o ed
expect_grep out "key id:"
expect_rc 0 "$AISEC" key generate --type ecdsa-p256 -o ec
expect_rc 0 "$AISEC" key generate -o evil
[ "$(stat -c %a ed.key)" = 600 ] && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: ed.key mode"; }
id=$(openssl pkey -pubin -in ec.pub -outform DER | sha256sum | cut -d' ' -f1)
expect_rc 0 "$AISEC" key id ec.pub
expect_grep out "$id  ecdsa-p256"
# private material never printed
if grep -q "PRIVATE" "$T_TMP/out"; then T_FAIL=$((T_FAIL + 1)); echo "FAIL: key printed"; else T_PASS=$((T_PASS + 1)); fi
expect_rc 3 "$AISEC" key generate -o ed
expect_grep err "refusing to overwrite"
expect_rc 2 "$AISEC" key generate --type rsa -o x
openssl genpkey -algorithm ed25519 -aes256 -pass pass:secret -out enc.key 2>/dev/null
printf 'x' >x.txt
expect_rc 3 "$AISEC" lineage record --step s --output x.txt --key enc.key </dev/null
expect_grep err "not an unencrypted PEM private key"
rm -rf .aisec x.txt

# ---- digests ----------------------------------------------------------------
mkdir -p data/raw/sub
printf 'a,b\n1,2\n' >data/raw/one.csv
printf 'x\n' >data/raw/sub/two.csv
: >data/raw/empty
expect_rc 0 "$AISEC" lineage digest --format text data/raw
(cd . && sha256sum data/raw/empty data/raw/one.csv data/raw/sub/two.csv) >"$T_TMP/want"
if diff -u "$T_TMP/want" "$T_TMP/out" >/dev/null; then T_PASS=$((T_PASS + 1)); else T_FAIL=$((T_FAIL + 1)); echo "FAIL: digest text differs from sha256sum"; diff "$T_TMP/want" "$T_TMP/out"; fi
expect_rc 0 "$AISEC" lineage digest --format digest data/raw/one.csv
expect_grep out "$(sha256sum data/raw/one.csv | cut -d' ' -f1)  data/raw/one.csv"
# the directory digest agrees with OpenSSF Model Signing
expect_rc 0 "$AISEC" lineage digest --format digest --ignore ignore-me --ignore model.sig "$OMS/model-v1.1.0"
expect_grep out "92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4"
expect_rc 0 "$AISEC" lineage digest --jobs 2 --shard-size 2 -o m.json data/raw
expect_grep w/m.json '"method": "shards"'
ln -s /etc/passwd data/raw/escape
expect_rc 3 "$AISEC" lineage digest data/raw
expect_grep err "points outside the root"
rm data/raw/escape
mkfifo data/raw/pipe
expect_rc 3 "$AISEC" lineage digest data/raw
expect_grep err "not a regular file"
expect_rc 0 "$AISEC" lineage digest --skip-special data/raw
expect_grep err "skipped 'pipe': special file"
rm data/raw/pipe

# ---- records and DSSE checked by openssl ---------------------------------------
mkdir -p data/clean
cat data/raw/one.csv data/raw/sub/two.csv >data/clean/all.csv
printf 'weights' >model.bin
printf 'print("train")\n' >train.py
expect_rc 0 "$AISEC" lineage record --step clean --input data/raw --output data/clean --tool cat --key ed.key
expect_rc 0 "$AISEC" lineage record --step train --input data/clean --output model.bin --tool train.py --param lr=0.01 --param epochs=3 --key ec.key
train=$(awk '{print $NF}' "$T_TMP/out")
expect_grep out "recorded step 'train'"

# rebuild PAE from the envelope and verify with openssl on the raw bytes
python3 - "$train" <<'EOF' || T_FAIL=$((T_FAIL + 1))
import base64, json, sys
e = json.load(open(sys.argv[1]))
body = base64.b64decode(e["payload"])
t = e["payloadType"].encode()
open("pae.bin", "wb").write(b"DSSEv1 %d %s %d " % (len(t), t, len(body)) + body)
open("sig.bin", "wb").write(base64.b64decode(e["signatures"][0]["sig"]))
st = json.loads(body)
assert st["_type"] == "https://in-toto.io/Statement/v1"
assert st["predicateType"] == "https://slsa.dev/provenance/v1"
assert st["subject"][0]["name"] == "model.bin"
bd = st["predicate"]["buildDefinition"]
assert bd["externalParameters"]["parameters"] == {"lr": "0.01", "epochs": "3"}
assert bd["resolvedDependencies"][0]["name"] == "data/clean"
EOF
expect_rc 0 openssl pkeyutl -verify -pubin -inkey ec.pub -rawin -digest sha256 -in pae.bin -sigfile sig.bin
expect_grep out "Signature Verified Successfully"
clean=$(ls .aisec/lineage/statements/*.json | while read -r f; do grep -l . "$f"; done | head -1)
for f in .aisec/lineage/statements/*.json; do
	python3 - "$f" <<'EOF'
import base64, json, sys
e = json.load(open(sys.argv[1]))
body = base64.b64decode(e["payload"]); t = e["payloadType"].encode()
if b'"clean"' in body:
    open("pae2.bin", "wb").write(b"DSSEv1 %d %s %d " % (len(t), t, len(body)) + body)
    open("sig2.bin", "wb").write(base64.b64decode(e["signatures"][0]["sig"]))
EOF
done
expect_rc 0 openssl pkeyutl -verify -pubin -inkey ed.pub -rawin -in pae2.bin -sigfile sig2.bin
expect_grep out "Signature Verified Successfully"
printf 'X' | dd of=pae2.bin bs=1 seek=40 conv=notrunc 2>/dev/null
expect_rc 1 openssl pkeyutl -verify -pubin -inkey ed.pub -rawin -in pae2.bin -sigfile sig2.bin

# ---- verification and every tamper case ------------------------------------------
expect_rc 0 "$AISEC" lineage verify model.bin --trusted-key ed.pub --trusted-key ec.pub
expect_grep out "status:   verified"
expect_grep out "data/raw"
expect_rc 0 "$AISEC" lineage verify model.bin --trusted-key ed.pub --trusted-key ec.pub --format json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["status"]=="verified" and len(r["links"])==2 and r["sources"]==["data/raw"]' "$T_TMP/out" && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: json report"; }
# from another folder: inputs are missing unless --root names the recording folder
(cd / && "$AISEC" lineage verify "$W/model.bin" --store "$W/.aisec/lineage" \
	--trusted-key "$W/ed.pub" --trusted-key "$W/ec.pub" >"$T_TMP/out" 2>&1)
if [ $? -eq 1 ] && grep -q "missing-input" "$T_TMP/out"; then T_PASS=$((T_PASS + 1)); else T_FAIL=$((T_FAIL + 1)); echo "FAIL: verify elsewhere without --root"; fi
(cd / && "$AISEC" lineage verify "$W/model.bin" --store "$W/.aisec/lineage" --root "$W" \
	--trusted-key "$W/ed.pub" --trusted-key "$W/ec.pub" >"$T_TMP/out" 2>&1)
if [ $? -eq 0 ] && grep -q "status:   verified" "$T_TMP/out"; then T_PASS=$((T_PASS + 1)); else T_FAIL=$((T_FAIL + 1)); echo "FAIL: verify elsewhere with --root"; cat "$T_TMP/out"; fi
cp -a data "$T_TMP/data.orig"
cp -a .aisec "$T_TMP/store.orig"
restore() { rm -rf data .aisec; cp -a "$T_TMP/data.orig" data; cp -a "$T_TMP/store.orig" .aisec; printf 'weights' >model.bin; }
V() { expect_rc "$1" "$AISEC" lineage verify model.bin --trusted-key ed.pub --trusted-key ec.pub; }

printf 'a,b\n1,3\n' >data/raw/one.csv            # byte flipped
V 1; expect_grep out "file-modified: 'data/raw': file 'one.csv' was modified"
restore; printf 'new' >data/raw/added.csv        # file added
V 1; expect_grep out "file-added: 'data/raw': file 'added.csv' was added"
restore; rm data/raw/sub/two.csv                 # file removed
V 1; expect_grep out "file-removed: 'data/raw': file 'sub/two.csv' was removed"
restore; mv data/raw/one.csv data/raw/uno.csv    # file renamed
V 1; expect_grep out "file-renamed: 'data/raw': file 'one.csv' was renamed to 'uno.csv'"
restore; printf 'poisoned' >model.bin            # the model itself
V 1; expect_grep out "digest-mismatch: 'model.bin': digest mismatch"
restore
python3 - "$train" <<'EOF'                       # statement altered
import base64, json, sys
p = sys.argv[1]; e = json.load(open(p))
e["payload"] = base64.b64encode(base64.b64decode(e["payload"]).replace(b"0.01", b"0.02")).decode()
open(p, "w").write(json.dumps(e))
EOF
V 1; expect_grep out "bad-signature: statement"
expect_grep out "statement altered"
restore; head -c 100 "$train" >"$train.t" && mv "$train.t" "$train"   # truncated
V 1; expect_grep out "corrupt-entry: store entry"
expect_grep out "truncated?"
restore; printf 'other' >model2.bin               # untrusted signer
expect_rc 0 "$AISEC" lineage record --step evil --input data/clean --output model2.bin --key evil.key
expect_rc 1 "$AISEC" lineage verify model2.bin --trusted-key ed.pub --trusted-key ec.pub
expect_grep out "unknown-signer: statement"
expect_rc 1 "$AISEC" lineage verify data/raw --trusted-key ed.pub
expect_grep out "missing-statement: no statement"
printf a >a.txt; printf b >b.txt                  # cycle
expect_rc 0 "$AISEC" lineage record --step s1 --input a.txt --output b.txt --key ed.key
expect_rc 0 "$AISEC" lineage record --step s2 --input b.txt --output a.txt --key ed.key
expect_rc 1 "$AISEC" lineage verify a.txt --trusted-key ed.pub
expect_grep out "cycle: 'a.txt' is its own ancestor"
expect_rc 2 "$AISEC" lineage verify model.bin
restore

# ---- graph and BOM -------------------------------------------------------------
expect_rc 0 "$AISEC" lineage graph model.bin --trusted-key ed.pub --trusted-key ec.pub
expect_grep out "digraph lineage"
expect_grep out "n2 -> n1"
expect_rc 0 "$AISEC" lineage graph --format svg -o g.svg
python3 -c 'import sys, xml.dom.minidom as m; d=m.parse(sys.argv[1]); assert len(d.getElementsByTagName("rect")) >= 6' g.svg && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: svg"; }
expect_rc 0 "$AISEC" lineage graph model.bin --format json
expect_grep out '"kind": "step"'
printf '{"modelParameters":{"approach":{"type":"supervised"},"task":"classification"},"considerations":{"useCases":["credit scoring demo"]}}' >card.json
expect_rc 0 "$AISEC" lineage bom model.bin --format cyclonedx --model-card card.json --version 1.0 --trusted-key ec.pub --trusted-key ed.pub -o bom.json
expect_rc 0 python3 "$VALIDATE" "$BOMSCHEMA" bom.json
python3 - <<'EOF' && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: bom content"; }
import json
b = json.load(open("bom.json"))
m = b["metadata"]["component"]
assert m["type"] == "machine-learning-model" and m["modelCard"]["modelParameters"]["task"] == "classification"
data = {c["name"]: c for c in b["components"]}
assert set(data) == {"data/clean", "data/raw"} and all(c["type"] == "data" for c in data.values())
assert {"ref": data["data/clean"]["bom-ref"]} in m["modelCard"]["modelParameters"]["datasets"]
deps = {d["ref"]: d["dependsOn"] for d in b["dependencies"]}
assert deps[m["bom-ref"]] == [data["data/clean"]["bom-ref"]]
assert deps[data["data/clean"]["bom-ref"]] == [data["data/raw"]["bom-ref"]]
EOF
expect_rc 2 "$AISEC" lineage bom model.bin --format spdx

# a graph of 50+ nodes: laid out without overlapping boxes, every node titled
mkdir -p big/src && (
	cd big || exit 1
	for i in $(seq 1 12); do printf 'source %s' "$i" >src/s$i.csv; done
	prev=src/s1.csv
	for i in $(seq 1 20); do
		printf 'stage %s' "$i" >i$i.bin
		"$AISEC" lineage record --step "stage-$i" --input "$prev" --input "src/s$(( i % 12 + 1 )).csv" --output i$i.bin --key ../ed.key >/dev/null || exit 1
		prev=i$i.bin
	done
	printf 'final' >m.bin
	"$AISEC" lineage record --step train --input i20.bin --input i7.bin --input src --output m.bin --key ../ed.key >/dev/null
) && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: big lineage"; }
(cd big && "$AISEC" lineage graph m.bin --format svg --trusted-key ../ed.pub -o ../big.svg) && T_PASS=$((T_PASS + 1)) || T_FAIL=$((T_FAIL + 1))
python3 - big.svg <<'EOF' && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: big svg layout"; }
import sys, xml.dom.minidom as m
d = m.parse(sys.argv[1])
boxes = [tuple(float(r.getAttribute(k)) for k in ("x", "y", "width", "height"))
         for r in d.getElementsByTagName("rect") if r.getAttribute("x")]
assert len(boxes) >= 50, len(boxes)
for i, a in enumerate(boxes):
    for b in boxes[i + 1:]:
        assert a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1], (a, b)
assert len(d.getElementsByTagName("g")) == len(boxes)
assert len([t for t in d.getElementsByTagName("title")]) == len(boxes) + 1
EOF

# ---- OpenSSF Model Signing ------------------------------------------------------------
expect_rc 0 "$AISEC" lineage verify-model "$OMS/model-v1.1.0" --signature "$OMS/model-v1.1.0/model.sig" --public-key "$OMS/signing-key-pub.pem"
cp -r "$OMS/model-v1.1.0" model && chmod -R u+w model
printf 'signme-1 changed' >model/signme-1
expect_rc 1 "$AISEC" lineage verify-model model --signature model/model.sig --public-key "$OMS/signing-key-pub.pem"
expect_grep err "digest mismatch"
cp "$OMS/model-v1.1.0/signme-1" model/signme-1
python3 -c 'import json,sys; b=json.load(open(sys.argv[1])); b["dsseEnvelope"]["signatures"][0]["x"]=1; print(json.dumps(b))' model/model.sig >bad.sig
expect_rc 1 "$AISEC" lineage verify-model model --signature bad.sig --public-key "$OMS/signing-key-pub.pem" --ignore-paths model.sig
expect_rc 1 "$AISEC" lineage verify-model model --signature model/model.sig --public-key ec.pub
mkdir -p mine && printf 'w' >mine/weights && printf '{}' >mine/config.json
expect_rc 0 "$AISEC" lineage sign-model mine --key ec.key --signature mine/model.sig
expect_rc 0 "$AISEC" lineage verify-model mine --signature mine/model.sig --public-key ec.pub
expect_rc 3 "$AISEC" lineage sign-model mine --key ed.key --signature x.sig
expect_grep err "ECDSA"
# the bundle is valid against the OMS JSON schemas
expect_rc 0 python3 "$VALIDATE" "$OMS/spec/schemas/v1.0/bundle.schema.json" mine/model.sig
python3 - mine/model.sig >payload.json <<'EOF'
import base64, json, sys
print(base64.b64decode(json.load(open(sys.argv[1]))["dsseEnvelope"]["payload"]).decode())
EOF
expect_rc 0 python3 "$VALIDATE" "$OMS/spec/schemas/v1.0/statement.schema.json" payload.json
# and its signature verifies with openssl over the PAE
python3 - mine/model.sig <<'EOF'
import base64, json, sys
e = json.load(open(sys.argv[1]))["dsseEnvelope"]
body = base64.b64decode(e["payload"]); t = e["payloadType"].encode()
open("pae3.bin", "wb").write(b"DSSEv1 %d %s %d " % (len(t), t, len(body)) + body)
open("sig3.bin", "wb").write(base64.b64decode(e["signatures"][0]["sig"]))
EOF
expect_rc 0 openssl pkeyutl -verify -pubin -inkey ec.pub -rawin -digest sha256 -in pae3.bin -sigfile sig3.bin
expect_rc 0 "$AISEC" lineage --help
expect_grep out "verify-model"
finish
