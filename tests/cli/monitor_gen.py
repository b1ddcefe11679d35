#!/usr/bin/python3
"""Event streams for the monitor tests and benchmark (JSON lines on stdout).

  digits-benign N CLIENTS SEED   N benign queries: each client asks for
      natural digits (scikit-learn's bundled copy of the UCI optical digits,
      Debian python3-sklearn) drawn without replacement, clients interleaved
  digits-attack SEEDS ROUNDS SEED  a Jacobian-based synthetic extraction
      (Papernot et al. 2017, as in the PRADA paper): SEEDS natural digits,
      then each round adds a copy of every query so far moved by
      lambda * sign(Jacobian) (see below), one client
  accuracy N DROP_AT SEED [CSV]  labelled binary events, accuracy 0.95 then
      0.85 from DROP_AT (a huge DROP_AT: no drop), two features, score,
      latency; CSV writes a reference file
"""
import json
import sys

import numpy as np
from sklearn.datasets import load_digits


def emit(rows):
    out = sys.stdout
    for r in rows:
        out.write(json.dumps(r, separators=(",", ":")))
        out.write("\n")


def digits_benign(n, clients, seed):
    rng = np.random.default_rng(seed)
    d = load_digits()
    x, y = d.data.astype(int), d.target
    active = {}
    next_client = 0
    written = 0
    per_client = len(x) // 2
    while written < n:
        if len(active) < 32:
            active[next_client] = list(rng.permutation(len(x))[:per_client])
            next_client = (next_client + 1) % clients if clients else next_client + 1
        c = list(active)[rng.integers(len(active))]
        i = active[c].pop()
        if not active[c]:
            del active[c]
        sys.stdout.write('{"client":"u%d","pred":%d,"x":[%s]}\n' %
                         (c, y[i], ",".join(map(str, x[i]))))
        written += 1


def digits_attack(seeds, rounds, seed):
    rng = np.random.default_rng(seed)
    d = load_digits()
    idx = rng.choice(len(d.data), seeds, replace=False)
    q = [d.data[i] for i in idx]
    pred = [int(d.target[i]) for i in idx]
    rows = [{"client": "attacker", "pred": p, "x": v.tolist()} for v, p in zip(q, pred)]
    # lambda = 0.1 of the input range, as in the JbDA paper; the sign of the
    # substitute's Jacobian is stood in for by one random sign pattern per
    # class (the gradient of a class score points the same way for inputs
    # of that class), flipped at random per query
    lam = 0.1 * 16
    dirs = {c: np.sign(rng.normal(size=64)) for c in range(10)}
    for _ in range(rounds):
        new = []
        for v, p in zip(q, pred):
            w = np.clip(v + lam * dirs[p] * np.sign(rng.normal()), 0, 16)
            new.append((w, p))
        for w, p in new:
            q.append(w)
            pred.append(p)
            rows.append({"client": "attacker", "pred": p, "x": [round(t, 3) for t in w]})
    emit(rows)


def accuracy(n, drop_at, seed, csv=False):
    rng = np.random.default_rng(seed)
    label = rng.integers(0, 2, n)
    acc = np.where(np.arange(n) < drop_at, 0.95, 0.85)
    pred = np.where(rng.random(n) < acc, label, 1 - label)
    x0 = rng.normal(size=n)
    x1 = rng.normal(size=n)
    score = rng.random(n)
    lat = rng.lognormal(-3, 0.3, n)
    if csv:
        print("time,client,id,pred,label,score,latency,x[0],x[1]")
        for i in range(n):
            print(f"{i},c{i % 7},e{i},{pred[i]},{label[i]},{score[i]:.4f},"
                  f"{lat[i]:.4f},{x0[i]:.3f},{x1[i]:.3f}")
        return
    out = sys.stdout
    for i in range(n):
        out.write('{"time":%d,"client":"c%d","id":"e%d","pred":%d,"label":%d,'
                  '"score":%.4f,"latency":%.4f,"x":[%.3f,%.3f]}\n' %
                  (1767225600 + i, i % 7, i, pred[i], label[i], score[i], lat[i],
                   x0[i], x1[i]))


if __name__ == "__main__":
    kind, args = sys.argv[1], sys.argv[2:]
    if kind == "digits-benign":
        digits_benign(int(args[0]), int(args[1]), int(args[2]))
    elif kind == "digits-attack":
        digits_attack(int(args[0]), int(args[1]), int(args[2]))
    elif kind == "accuracy":
        accuracy(int(args[0]), int(args[1]), int(args[2]), len(args) > 3)
    else:
        sys.exit("unknown stream " + kind)
