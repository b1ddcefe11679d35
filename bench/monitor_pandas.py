#!/usr/bin/python3
"""The baseline for bench/monitor.sh: the same computation as the aisec
monitor's accuracy and drift detectors, written with pandas and numpy
(Debian python3-pandas, python3-numpy, python3-scipy), over the same file:

  - read the JSON lines (pandas.read_json, lines=True);
  - declared accuracy: per window of 1000 labelled events the accuracy and
    its one-sided Wilson upper bound, and the Bernoulli CUSUM over the whole
    stream (a sequential recurrence: a Python loop over a NumPy array);
  - drift: per window of 10000 events, for each feature and the score, the
    KS statistic against the reference counted into 1000 equal-mass bins,
    its asymptotic p-value (scipy.stats.kstwobign), PSI on 10 bins, and the
    chi-square test of the predicted classes.

Prints the number of events and of window alerts so the run can be checked
against aisec's.  Usage: monitor_pandas.py EVENTS.jsonl REFERENCE.csv
"""
import math
import sys

import numpy as np
import pandas as pd
from scipy import stats

ALPHA, HORIZON = 0.01, 1_000_000
AW, DW, LEVEL, SHIFT = 1000, 10000, 0.94, 0.05

ev = pd.read_json(sys.argv[1], lines=True)
ref = pd.read_csv(sys.argv[2])
n = len(ev)
alerts = 0

# declared accuracy: windows with a Wilson bound, and the CUSUM
hit = (ev["pred"].to_numpy() == ev["label"].to_numpy())
aw = 0.5 * ALPHA * AW / HORIZON
z = stats.norm.ppf(1 - aw)
k = hit[: n // AW * AW].reshape(-1, AW).sum(axis=1)
p = k / AW
hi = (p + z * z / (2 * AW) + z * np.sqrt(p * (1 - p) / AW + z * z / (4 * AW * AW))) / (1 + z * z / AW)
alerts += int((hi < LEVEL).sum())
p0, p1 = 1 - LEVEL, 1 - LEVEL + SHIFT
bad, good = math.log(p1 / p0), math.log((1 - p1) / (1 - p0))
h = math.log(2 * HORIZON / ALPHA)
s = 0.0
for x in np.where(hit, good, bad).tolist():
    s = max(0.0, s + x)
    if s > h:
        alerts += 1
        s = 0.0

# drift
def bins(v, nb):
    v = np.sort(v)
    e = np.unique(v[(np.arange(1, nb) * len(v) // nb) - 1])
    e = e[e < v[-1]]
    return e, np.bincount(np.searchsorted(e, v), minlength=len(e) + 1)

x = np.array(ev["x"].tolist())
cols = [x[:, i] for i in range(x.shape[1])] + [ev["score"].to_numpy()]
rcols = [ref[f"x[{i}]"].to_numpy() for i in range(x.shape[1])] + [ref["score"].to_numpy()]
tests = 2 * len(cols) + 1
dw = ALPHA * DW / HORIZON / tests
ref_pred = np.bincount(ref["pred"].to_numpy(), minlength=2)
pred = ev["pred"].to_numpy()
for w in range(n // DW):
    sl = slice(w * DW, (w + 1) * DW)
    for c, r in zip(cols, rcols):
        ke, kr = bins(r, 1000)
        kl = np.bincount(np.searchsorted(ke, c[sl]), minlength=len(ke) + 1)
        d = np.abs(np.cumsum(kr)[:-1] / len(r) - np.cumsum(kl)[:-1] / DW).max()
        en = len(r) * DW / (len(r) + DW)
        alerts += stats.kstwobign.sf(math.sqrt(en) * d) < dw
        pe, pr = bins(r, 10)
        pl = np.bincount(np.searchsorted(pe, c[sl]), minlength=len(pe) + 1)
        a, e = np.maximum(pl / DW, 1e-4), np.maximum(pr / len(r), 1e-4)
        psi = ((a - e) * np.log(a / e)).sum()
        alerts += psi > (1 / len(r) + 1 / DW) * stats.chi2.ppf(1 - dw, len(pr) - 1)
    live = np.bincount(pred[sl], minlength=2)
    chi, pv, _, _ = stats.chi2_contingency([ref_pred, live], correction=False)
    alerts += pv < dw
print(f"events {n} alerts {int(alerts)}")
