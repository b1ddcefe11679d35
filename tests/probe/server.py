#!/usr/bin/python3
"""server.py - reference targets for the `aisec probe` tests.

Trains scikit-learn models on the data sets Debian's python3-sklearn ships
(breast cancer, digits, iris, wine) and serves them on 127.0.0.1 with the
Open Inference Protocol v2 (POST /v2/models/NAME/infer) and TF Serving REST
(POST /v1/models/NAME:predict).  A test helper, not part of aisec.

  server.py --dir DIR            serve on a free loopback port; writes
                                 DIR/port, DIR/NAME.yaml (target specs),
                                 DIR/NAME.linear.json (w, b in input space,
                                 linear models only), DIR/members.csv and
                                 DIR/nonmembers.csv (breast-cancer split)
  server.py --stdio NAME         answer JSON lines on stdin/stdout instead
  server.py --dir DIR --cert PEM --key PEM
                                 serve https with that certificate (the
                                 TLS tests make a self-signed one)

Models: bc-lr (regularised logistic regression, scores), bc-svm (linear
SVM, labels only), digits-mlp (small MLP, scores), bc-rf (deep random
forest, scores), iris-lr, wine-lr (softmax regression, scores).  bc-fragile
is bc-lr behind a route that crashes (drops the connection) on NaN input,
the deliberate bug the fuzz probe must find; every other route answers 400.
bc-flaky is bc-lr answering every other request 503 (for the retries).
bc-slow is bc-lr whose answer takes 2 ms + 100 ms times the largest
normalised value of feature 0 in the request (a sponge target for the
latency probe: the slowest inputs have feature 0 at the top of its range).
"""
import argparse
import json
import math
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
from sklearn import datasets
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

SEED = 20261205


def split(n, seed=SEED):
    """Half members (training set), half non-members, reproducibly."""
    idx = np.random.RandomState(seed).permutation(n)
    return idx[: n // 2], idx[n // 2:]


def linear_of(pipe):
    """(w, b) of a StandardScaler + linear model pipeline in input space."""
    sc, lin = pipe[0], pipe[-1]
    w = lin.coef_ / sc.scale_
    b = lin.intercept_ - (lin.coef_ * sc.mean_ / sc.scale_).sum(axis=1)
    return w, b


def train():
    models = {}
    bc = datasets.load_breast_cancer()
    mem, non = split(len(bc.target))
    x, y = bc.data, bc.target
    names = [str(n) for n in bc.target_names]
    lr = make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=5000))
    lr.fit(x[mem], y[mem])
    models["bc-lr"] = dict(model=lr, data=x, classes=names, kind="scores")
    svm = make_pipeline(StandardScaler(), LinearSVC(C=0.1, max_iter=20000, random_state=SEED))
    svm.fit(x[mem], y[mem])
    models["bc-svm"] = dict(model=svm, data=x, classes=names, kind="labels")
    rf = RandomForestClassifier(n_estimators=50, max_depth=None, bootstrap=False,
                                max_features=0.3, random_state=SEED)
    rf.fit(x[mem], y[mem])
    models["bc-rf"] = dict(model=rf, data=x, classes=names, kind="scores")
    models["bc-fragile"] = dict(models["bc-lr"], fragile=True)
    models["bc-flaky"] = dict(models["bc-lr"], flaky=True)
    models["bc-slow"] = dict(models["bc-lr"], slow=True)
    dg = datasets.load_digits()
    mlp = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(32,), max_iter=300,
                                                        random_state=SEED))
    mlp.fit(dg.data, dg.target)
    models["digits-mlp"] = dict(model=mlp, data=dg.data,
                                classes=[str(c) for c in dg.target_names], kind="scores")
    for name, ds in (("iris-lr", datasets.load_iris()), ("wine-lr", datasets.load_wine())):
        m = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))
        m.fit(ds.data, ds.target)
        models[name] = dict(model=m, data=ds.data,
                            classes=[str(c) for c in ds.target_names], kind="scores")
    return models, (x[mem], y[mem]), (x[non], y[non])


def predict(entry, x):
    """Predictions for rows x: probability rows or class indices."""
    if entry["kind"] == "scores":
        return entry["model"].predict_proba(x).tolist()
    return [int(v) for v in entry["model"].predict(x)]


def bad(entry, x):
    """Why rows x are refused, or None."""
    if x.ndim != 2 or x.shape[1] != entry["data"].shape[1]:
        return "expected shape [n,%d], received %s" % (entry["data"].shape[1], list(x.shape))
    if not np.isfinite(x).all():
        return "inputs must be finite numbers"
    return None


class Crash(Exception):
    pass


def answer_rows(entry, rows):
    x = np.asarray(rows, dtype=float)
    if entry.get("fragile") and x.size and np.isnan(x).any():
        raise Crash()
    why = bad(entry, x)
    if why:
        raise ValueError(why)
    if entry.get("slow") and x.size:
        lo, hi = entry["data"][:, 0].min(), entry["data"][:, 0].max()
        u = float(np.clip((x[:, 0].max() - lo) / (hi - lo), 0, 1))
        time.sleep(0.002 + 0.100 * u)
    return predict(entry, x)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go out in separate writes: without TCP_NODELAY,
    # Nagle and delayed ACKs add 40 ms to every answer on a kept-alive
    # connection
    disable_nagle_algorithm = True
    models = {}
    lock = threading.Lock()
    calls = 0

    def log_message(self, fmt, *args):
        pass

    def send(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/v2/health/ready":
            return self.send(200, {"ready": True})
        self.send(404, {"error": "no such route"})

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n)
        path = self.path
        try:
            if path.startswith("/v2/models/") and path.endswith("/infer"):
                name = path[len("/v2/models/"):-len("/infer")]
                proto = "v2"
            elif path.startswith("/v1/models/") and path.endswith(":predict"):
                name = path[len("/v1/models/"):-len(":predict")]
                proto = "tf"
            else:
                return self.send(404, {"error": "no such route"})
            entry = self.models.get(name)
            if entry is not None and entry.get("flaky"):
                with Handler.lock:
                    Handler.calls += 1
                    busy = Handler.calls % 2 == 1
                if busy:  # every other request: overloaded, come back later
                    self.send_response(503)
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            if entry is None:
                return self.send(404, {"error": "no model '%s'" % name})
            try:
                req = json.loads(raw)
                if proto == "v2":
                    t = req["inputs"][0]
                    shape = [int(v) for v in t["shape"]]
                    if len(shape) != 2:
                        raise ValueError("expected a rank-2 input, received shape %s" % shape)
                    data = np.asarray(t["data"], dtype=float)
                    if data.size != shape[0] * shape[1]:
                        raise ValueError("data does not match shape %s" % shape)
                    rows = data.reshape(shape)
                else:
                    rows = req["instances"]
                out = answer_rows(entry, rows)
            except Crash:
                raise
            except Exception as e:  # bad requests answer 400, never crash
                return self.send(400, {"error": str(e)})
            if proto == "tf":
                return self.send(200, {"predictions": out})
            if entry["kind"] == "scores":
                k = len(entry["classes"])
                flat = [v for row in out for v in row]
                o = {"name": "probabilities", "shape": [len(out), k], "datatype": "FP64",
                     "data": flat}
            else:
                o = {"name": "label", "shape": [len(out)], "datatype": "INT64", "data": out}
            self.send(200, {"model_name": name, "outputs": [o]})
        except Crash:
            # the deliberate bug: the worker dies without an answer
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass


def write_files(d, models, members, nonmembers):
    for name, e in models.items():
        lo = e["data"].min(axis=0)
        hi = e["data"].max(axis=0)
        with open(os.path.join(d, name + ".yaml"), "w") as f:
            f.write("model: %s\ninput:\n  type: float\n  ranges:\n" % name)
            for a, b in zip(lo, hi):
                f.write("    - [%r, %r]\n" % (float(a), float(b)))
            f.write("output:\n  kind: %s\n  classes: [%s]\n"
                    % (e["kind"], ", ".join(json.dumps(c) for c in e["classes"])))
        m = e["model"]
        if hasattr(m, "__getitem__") and hasattr(m[-1], "coef_"):
            w, b = linear_of(m)
            with open(os.path.join(d, name + ".linear.json"), "w") as f:
                json.dump({"w": w.tolist(), "b": b.tolist()}, f)
    for fn, (x, y) in (("members.csv", members), ("nonmembers.csv", nonmembers)):
        with open(os.path.join(d, fn), "w") as f:
            for row, label in zip(x, y):
                f.write(",".join(repr(float(v)) for v in row) + ",%d\n" % label)


def stdio(entry):
    for line in sys.stdin:
        try:
            req = json.loads(line)
            out = {"predictions": answer_rows(entry, req["instances"])}
        except Crash:
            os.abort()
        except Exception as e:
            out = {"error": str(e)}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir")
    ap.add_argument("--stdio")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    a = ap.parse_args()
    models, members, nonmembers = train()
    if a.stdio:
        return stdio(models[a.stdio])
    Handler.models = models
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    if a.cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    write_files(a.dir, models, members, nonmembers)
    tmp = os.path.join(a.dir, "port.tmp")
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, os.path.join(a.dir, "port"))
    srv.serve_forever()


if __name__ == "__main__":
    main()
