#!/bin/bash
# PRADA (Juuti et al., EuroS&P 2019) in aisec monitor: a Jacobian-based
# synthetic extraction attack on the UCI optical digits (scikit-learn's
# bundled copy, Debian python3-sklearn) is flagged within a few hundred
# queries, as the paper reports for JbDA-style attacks; 1,000,000 benign
# queries of natural digits from about 1,100 clients (more than the
# 64-client pool: idle and least recent clients are evicted) raise no alarm.
. "$(dirname "$0")/lib.sh"
A=$AISEC
GEN="/usr/bin/python3 $AISEC_SRC/tests/cli/monitor_gen.py"
cd "$T_TMP" || exit 1
cat >prada.yaml <<'YAML'
system: digits-api
classes: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
nfeatures: 64
fields: {client: client, predicted: pred, features: x}
prada: {delta: 0.85, max_clients: 64}
YAML

for seeds in 10 50 150; do
	$GEN digits-attack $seeds 5 $seeds >attack.jsonl
	expect_rc 1 "$A" monitor run prada.yaml attack.jsonl
	expect_grep out '"detector":"prada","test":"shapiro-wilk","metric":"min-distance","client":"attacker"'
	q=$(head -1 "$T_TMP/out" | sed 's/.* after \([0-9]*\) queries.*/\1/')
	echo "JbDA from $seeds seeds: flagged after $q queries"
	if [ "$q" -le 1000 ]; then
		T_PASS=$((T_PASS + 1))
	else
		T_FAIL=$((T_FAIL + 1)); echo "FAIL: flagged after $q queries" >&2
	fi
done

$GEN digits-benign 1000000 0 7 | "$A" monitor run prada.yaml - --summary sum.json >alerts.out
rc=$?
expect_rc 0 test "$rc" -eq 0
expect_rc 0 grep -q '"events": 1000000' sum.json
expect_rc 0 grep -q '"prada": 0' sum.json
expect_rc 0 test ! -s alerts.out
finish
