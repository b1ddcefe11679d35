#!/usr/bin/env bash
# Evidence in an assessment: a profile's evidence.lineage and evidence.ledger
# are verified by the lineage and ledger subsystems; tampering with the data,
# the model or the log turns "verified" into "broken", and a missing trusted
# key leaves them "unverified", never "verified".
. "$(dirname "$0")/lib.sh"
W=$T_TMP/sys
mkdir -p "$W/data/raw" "$W/model" "$W/keys"
cd "$W" || exit 1
printf 'id,label\n1,a\n2,b\n' > data/raw/train.csv
printf 'weights-v1\n' > model/weights.bin
printf 'print("train")\n' > train.py

expect_rc 0 "$AISEC" key generate --type ed25519 -o keys/pipeline
expect_rc 0 "$AISEC" lineage record --step train --input data/raw --output model \
	--tool train.py --key keys/pipeline.key
expect_rc 0 "$AISEC" ledger keygen example.org/cv --output keys/log
expect_rc 0 "$AISEC" ledger init logs --origin example.org/cv --key keys/log.vkey
printf '{"time":"2026-11-28T10:00:00Z","type":"inference","system":"cv","payload":{"n":1}}\n' |
	"$AISEC" ledger append logs --json --sync always >/dev/null 2>&1
expect_rc 0 "$AISEC" ledger checkpoint logs --key keys/log.skey --output cp.note

sed -e '/^evidence:/,$d' "$AISEC_SRC/examples/cv-screening.yaml" > profile.yaml
cat >> profile.yaml <<'YAML'
evidence:
  lineage: model
  lineage_keys: [keys/pipeline.pub]
  ledger: logs
  ledger_key: keys/log.vkey
YAML

status() { # KIND -> status of evidence.KIND in findings
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["evidence"][sys.argv[2]]["status"])' \
		"$T_TMP/out" "$1"
}
check_status() { # KIND WANT
	local got; got=$(status "$1")
	if [ "$got" = "$2" ]; then T_PASS=$((T_PASS + 1)); else
		T_FAIL=$((T_FAIL + 1)); echo "FAIL: evidence.$1 is '$got', wanted '$2'" >&2
		python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["evidence"])' "$T_TMP/out" >&2
	fi
}

expect_rc 0 "$AISEC" assess profile.yaml --format json --as-of 2026-11-28
check_status lineage verified
check_status ledger verified
expect_grep out '"status": "verified"'

# the same from another working directory: paths resolve against the profile
cd / || exit 1
expect_rc 0 "$AISEC" assess "$W/profile.yaml" --format json --as-of 2026-11-28
check_status lineage verified
check_status ledger verified
cd "$W" || exit 1

# a byte changed in the model: the lineage no longer verifies
printf 'weights-v2\n' > model/weights.bin
expect_rc 0 "$AISEC" assess profile.yaml --format json --as-of 2026-11-28
check_status lineage broken
printf 'weights-v1\n' > model/weights.bin
printf 'print("train")\n' > train.py

# the raw data changed after the step consumed it (poisoning): broken
printf 'id,label\n1,a\n2,a\n' > data/raw/train.csv
expect_rc 0 "$AISEC" assess profile.yaml --format json --as-of 2026-11-28
check_status lineage broken
printf 'id,label\n1,a\n2,b\n' > data/raw/train.csv

# a flipped bit in the log: broken
python3 - logs <<'PY'
import os, sys
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    p = os.path.join(d, name)
    if os.path.isfile(p) and name.startswith("entries"):
        b = bytearray(open(p, "rb").read()); b[len(b) // 2] ^= 0x01
        open(p, "wb").write(bytes(b)); break
else:
    sys.exit("no entries file in " + d)
PY
expect_rc 0 "$AISEC" assess profile.yaml --format json --as-of 2026-11-28
check_status ledger broken

# without trusted keys nothing claims "verified"
sed -i -e '/lineage_keys/d' -e '/ledger_key/d' profile.yaml
expect_rc 0 "$AISEC" assess profile.yaml --format json --as-of 2026-11-28
check_status lineage unverified

# evidence that does not exist
sed -i -e 's|^  lineage: model|  lineage: nowhere|' profile.yaml
expect_rc 0 "$AISEC" assess profile.yaml --format json --as-of 2026-11-28
check_status lineage missing
finish
