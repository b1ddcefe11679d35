#!/usr/bin/python3
"""Reference values from SciPy (Debian python3-scipy) for test_monitor_stats.c.

Prints one JSON object: for each statistic, the inputs and SciPy's result.
Random inputs come from fixed seeds, so every run prints the same cases.
"""
import json
import warnings
import sys

import numpy as np
from scipy import special, stats

warnings.simplefilter("ignore")
rng = np.random.default_rng(20261205)
out = {"scipy": __import__("scipy").__version__}

out["norm_ppf"] = [[p, float(stats.norm.ppf(p))]
                   for p in (1e-12, 1e-6, 0.001, 0.025, 0.3, 0.5, 0.77, 0.975, 0.999999)]
out["betainc"] = [[a, b, x, float(special.betainc(a, b, x))]
                  for a, b, x in ((0.5, 0.5, 0.3), (2, 3, 0.4), (10, 1, 0.9),
                                  (950, 51, 0.95), (30, 970, 0.02), (1, 1e5, 1e-5))]
out["chi2_sf"] = [[x, k, float(stats.chi2.sf(x, k))]
                  for x, k in ((0.5, 1), (3.84, 1), (16.919, 9), (100, 63), (5, 20), (250, 200))]
out["chi2_ppf"] = [[p, k, float(stats.chi2.ppf(p, k))]
                   for p, k in ((0.95, 9), (0.999999, 9), (0.5, 1), (0.99, 63))]
out["binom_sf"] = [[k, n, p, float(stats.binom.sf(k - 1, n, p))]
                   for k, n, p in ((3, 100, 0.001), (5, 100, 0.001), (60, 1000, 0.05),
                                   (1, 10, 0.5), (900, 1000, 0.95))]
props = []
for k, n, alpha in ((0, 10, 0.05), (3, 10, 0.05), (10, 10, 0.05), (850, 1000, 0.01),
                    (950, 1000, 1e-5), (1, 100000, 0.001), (99990, 100000, 0.01)):
    r = stats.binomtest(k, n)
    w = r.proportion_ci(confidence_level=1 - 2 * alpha, method="wilson")
    e = r.proportion_ci(confidence_level=1 - 2 * alpha, method="exact")
    props.append([k, n, alpha, w.low, w.high, e.low, e.high])
out["proportion"] = props
out["kolmogorov_sf"] = [[l, float(stats.kstwobign.sf(l))]
                        for l in (0.2, 0.5, 0.8, 1.0, 1.18, 1.3581, 2.0, 3.0)]
ks = []
for n, m, shift in ((50, 60, 0.0), (500, 800, 0.2), (2000, 1000, 0.05), (37, 41, 1.0)):
    x = rng.normal(size=n)
    y = rng.normal(loc=shift, size=m)
    y[: m // 10] = np.round(y[: m // 10], 1)  # ties
    x[: n // 10] = np.round(x[: n // 10], 1)
    d = stats.ks_2samp(x, y).statistic
    en = n * m / (n + m)
    ks.append({"x": x.tolist(), "y": y.tolist(), "d": float(d),
               "p": float(stats.kstwobign.sf(np.sqrt(en) * d))})
out["ks"] = ks
chi = []
for a, b in (([10, 20, 30], [12, 18, 35]), ([500, 0, 300, 200], [40, 5, 30, 25]),
             ([1000, 2000], [1100, 1900])):
    st, p, dof, _ = stats.chi2_contingency([a, b], correction=False)
    chi.append([a, b, float(st), float(p), int(dof)])
out["chi2_2xk"] = chi
psi = []
for e, a in (([100, 100, 100, 100], [90, 110, 95, 105]),
             ([10, 20, 30, 40, 0], [40, 30, 20, 9, 1])):
    pe = np.maximum(np.array(e) / sum(e), 1e-4)
    pa = np.maximum(np.array(a) / sum(a), 1e-4)
    psi.append([e, a, float(np.sum((pa - pe) * np.log(pa / pe)))])
out["psi"] = psi
sw = []
for n in (3, 4, 5, 6, 7, 11, 12, 20, 50, 100, 500, 2000, 5000):
    x = rng.normal(size=n) if n % 2 else rng.exponential(size=n)
    r = stats.shapiro(x)
    sw.append({"x": x.tolist(), "w": float(r.statistic), "p": float(r.pvalue)})
out["shapiro"] = sw
json.dump(out, sys.stdout)
