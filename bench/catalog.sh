#!/usr/bin/env bash
# bench/catalog.sh - how long the catalog commands take, whole process, as
# CI loops and the dashboard call them.  Target (issue 2): `aisec catalog
# standards --format json` under 20 ms median.  Baselines: the process start
# of `aisec --version` (floor), and what a user would otherwise script: the
# same standards files read with PyYAML's C loader and dumped as JSON.
# Usage: bench/catalog.sh  (AISEC=path/to/aisec; writes bench/out/catalog.json)
set -euo pipefail
cd "$(dirname "$0")/.."
AISEC=${AISEC:-$PWD/build/aisec}
mkdir -p bench/out
runs=${BENCH_RUNS:-50}

cmds=(
	"$AISEC --version"
	"$AISEC catalog standards --format json"
	"$AISEC catalog standards --requirement record_keeping --format json"
	"$AISEC catalog matrix --annex A.3 --format json"
	"$AISEC catalog show iso-iec-27001-2022"
	"$AISEC catalog validate"
)
if /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
	cmds+=("/usr/bin/python3 -c 'import glob,json,sys,yaml; l=[]; [l.extend(yaml.load(open(f),Loader=yaml.CSafeLoader)[\"standards\"]) for f in sorted(glob.glob(\"data/standards/*.yaml\"))]; json.dump(l,sys.stdout,indent=2)'")
fi

hyperfine -N --warmup 5 --runs "$runs" --export-json bench/out/catalog.json \
	"${cmds[@]}" >/dev/null
/usr/bin/python3 - bench/out/catalog.json <<'PY'
import json, os, sys
res = json.load(open(sys.argv[1]))["results"]
here = os.getcwd() + "/"
print("%-70s %10s %10s" % ("command", "median ms", "min ms"))
for r in res:
    cmd = r["command"].replace(here, "")
    if len(cmd) > 68:
        cmd = cmd[:65] + "..."
    print("%-70s %10.1f %10.1f" % (cmd, r["median"] * 1000, r["min"] * 1000))
PY
