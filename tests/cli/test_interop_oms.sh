#!/usr/bin/env bash
# OpenSSF Model Signing as the model_signing library writes and reads it:
# its shard bundle (tests/vectors/oms/model-shards.sig) verifies and a one-byte
# tamper fails; our shard bundles name the algorithm sha256-sharded-<size>;
# a bundle with model_signing 1.0.x's key material verifies with a notice.
. "$(dirname "$0")/lib.sh"
cd "$T_TMP" || exit 1
A="$AISEC"
V="$AISEC_VECTORS/oms"

expect_rc 0 "$A" lineage verify-model "$V/model-shards" --signature "$V/model-shards.sig" \
	--public-key "$V/model-shards-pub.pem"
cp -r "$V/model-shards" m && chmod -R u+w m
printf 'X' | dd of=m/sub/tokenizer.txt bs=1 seek=17 conv=notrunc 2>/dev/null
expect_rc 1 "$A" lineage verify-model m --signature "$V/model-shards.sig" \
	--public-key "$V/model-shards-pub.pem"
expect_grep err "digest mismatch"

# our shard bundle: the library's resource names, algorithm and digests
rm -rf m && cp -r "$V/model-shards" m && chmod -R u+w m
expect_rc 0 "$A" key generate --type ecdsa-p256 -o release
expect_rc 0 "$A" lineage sign-model m --key release.key --signature m.sig --shard-size 4096
expect_rc 0 "$A" lineage verify-model m --signature m.sig --public-key release.pub
python3 - m.sig "$V/model-shards.sig" <<'PY'
import base64, json, sys
def res(p):
    st = json.loads(base64.b64decode(json.load(open(p))["dsseEnvelope"]["payload"]))
    return st["predicate"]["resources"], st["subject"][0]["digest"]
ours, theirs = res(sys.argv[1]), res(sys.argv[2])
assert ours == theirs, (ours, theirs)
assert all(r["algorithm"] == "sha256-sharded-4096" for r in ours[0])
PY
[ $? -eq 0 ] && T_PASS=$((T_PASS + 1)) || { T_FAIL=$((T_FAIL + 1)); echo "FAIL: shard resources differ from the library's" >&2; }

# model_signing 1.0.x key material: publicKey {rawBytes: PEM, keyDetails}
python3 - "$V/model-v1.1.0/model.sig" "$V/signing-key-pub.pem" old.sig <<'PY'
import base64, json, sys
b = json.load(open(sys.argv[1]))
b["verificationMaterial"]["publicKey"] = {
    "rawBytes": base64.b64encode(open(sys.argv[2], "rb").read()).decode(),
    "keyDetails": "PKIX_ECDSA_P384_SHA_384"}
json.dump(b, open(sys.argv[3], "w"), indent=2)
PY
expect_rc 0 "$A" lineage verify-model "$V/model-v1.1.0" --signature old.sig \
	--public-key "$V/signing-key-pub.pem" --ignore-paths ignore-me --ignore-paths model.sig
expect_grep err "notice: bundle uses the older verification material"
expect_rc 1 "$A" lineage verify-model "$V/model-v1.1.0" --signature old.sig \
	--public-key "$V/model-shards-pub.pem" --ignore-paths ignore-me --ignore-paths model.sig
finish
