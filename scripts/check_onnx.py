#!/usr/bin/env python3
"""Cross-check `graphkd export --format onnx` against onnxruntime on Cora.

1. `graphkd run` on a copy of data/cora.h5 (the default job's teacher with its GCN-8 and MLP
   students and a SIGN student, K = 2; --quick trains briefly and skips cost) keeps its models in
   <tmp>/R/models.
2. For the GCN-8, MLP and SIGN students: `graphkd predict --nodes all --out P.h5` gives GraphKD's
   probabilities, `graphkd export` the ONNX file; onnxruntime runs it on the file's raw features
   (and, for the GCN and SIGN, its edge list) and must agree within --tolerance (1e-5) on every
   node, with the same predicted class.
3. A single-node request timed in onnxruntime (the MLP: one feature row; the GCN and SIGN: the
   node's 3-hop ball, which holds every edge their 2-hop answers depend on, and the answer must
   equal the full-graph one) beside GraphKD's per-request latency from the same run's report
   (request ×1, measured on the same machine in this invocation; not with --quick).

Usage: python3 scripts/check_onnx.py [--graphkd PATH] [--quick] [--repetitions 200]
Needs: numpy, h5py, onnxruntime. Prints the CPU; exits non-zero on a mismatch.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import graphkd_binary  # noqa: E402
import h5py  # noqa: E402
import numpy as np
import onnxruntime as ort

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
parser = argparse.ArgumentParser()
parser.add_argument("--graphkd", default=None, help="the graphkd binary (default: .build/{release,debug}/graphkd)")
parser.add_argument("--graph", default=os.path.join(ROOT, "data", "cora.h5"))
parser.add_argument("--quick", action="store_true", help="train briefly, skip GraphKD's cost measurement")
parser.add_argument("--tolerance", type=float, default=1e-5)
parser.add_argument("--repetitions", type=int, default=200)
args = parser.parse_args()

graphkd = graphkd_binary.find(args.graphkd, "check_onnx")


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    flags = open("/proc/cpuinfo").read()
                    isa = "AVX-512" if "avx512f" in flags else ("AVX2" if "avx2" in flags else "no AVX2")
                    return line.split(":", 1)[1].strip() + f" ({isa}, {os.cpu_count()} cores)"
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def run(*argv):
    r = subprocess.run([graphkd, *argv], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"check_onnx: graphkd {' '.join(argv)} failed:\n{r.stderr}")
    return r.stdout


def features_and_edges(path):
    with h5py.File(path, "r") as f:
        n = f["graph/indptr"].shape[0] - 1
        if "features_csr" in f:
            g = f["features_csr"]
            x = np.zeros(tuple(g.attrs["shape"]), np.float32)
            indptr, indices, data = g["indptr"][:], g["indices"][:], g["data"][:]
            rows = np.repeat(np.arange(n), np.diff(indptr))
            x[rows, indices] = data
        else:
            x = f["features"][:].astype(np.float32)
        indptr, indices = f["graph/indptr"][:], f["graph/indices"][:]
        weights = f["graph/weights"][:] if "weights" in f["graph"] else np.ones(len(indices), np.float32)
    target = np.repeat(np.arange(n), np.diff(indptr))
    return x, indptr, indices.astype(np.int64), target.astype(np.int64), weights.astype(np.float32)


def ball(indptr, indices, node, hops):
    nodes, frontier = {node}, {node}
    for _ in range(hops):
        frontier = {int(j) for i in frontier for j in indices[indptr[i]:indptr[i + 1]]} - nodes
        nodes |= frontier
    return sorted(nodes)


def median_ms(fn, repetitions):
    for _ in range(10):
        fn()
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


print(f"check_onnx: {cpu_name()}, onnxruntime {ort.__version__}, numpy {np.__version__}")
work = tempfile.mkdtemp(prefix="graphkd-onnx-")
failures = 0
try:
    graph = os.path.join(work, "cora.h5")
    shutil.copy(args.graph, graph)
    out = os.path.join(work, "R")
    if args.quick:
        config = os.path.join(work, "quick.json")
        with open(config, "w") as f:
            json.dump({"teacher": {"architecture": "gcn", "variant": "plain", "epochs": 30},
                       "students": [{"name": "gcn-8", "architecture": "gcn", "hiddenDimensions": [8], "epochs": 30},
                                    {"name": "mlp", "architecture": "mlp", "hiddenDimensions": [128], "epochs": 30},
                                    {"name": "sign", "architecture": "sign", "hiddenDimensions": [16], "epochs": 30}],
                       "cost": {"skip": True}}, f)
        run("run", graph, "--config", config, "--out", out, "--quiet")
    else:
        # The default students, spelled out because --student replaces them, and a SIGN student.
        run("run", graph, "--out", out, "--quiet", "--student", "gcn:hidden=8,alpha=0.2,name=gcn-8",
            "--student", "mlp:hidden=128", "--student", "sign:hidden=64")
    with open(os.path.join(out, "report.json")) as f:
        report = json.load(f)
    costs = {s["name"]: s.get("cost") for s in report["summary"]}
    x, indptr, source, target, weights = features_and_edges(graph)
    n = x.shape[0]
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    print(f"| model | max |p_onnx − p_graphkd| | same class | ONNX request ×1 ms | GraphKD request ×1 ms |")
    print(f"|---|---|---|---|---|")
    for name in ("gcn-8", "mlp", "sign"):
        model = os.path.join(out, "models", f"{name}.h5")
        onnx_path = os.path.join(work, f"{name}.onnx")
        predictions = os.path.join(work, f"{name}.h5")
        run("export", model, "--format", "onnx", "-o", onnx_path)
        run("predict", model, graph, "--nodes", "all", "--out", predictions)
        with h5py.File(predictions, "r") as f:
            expected = f["probabilities"][:]
        session = ort.InferenceSession(onnx_path, options, providers=["CPUExecutionProvider"])
        gcn = name != "mlp"  # GCN and SIGN read the edge list
        feeds = {"features": x}
        if gcn:
            feeds.update(edge_index=np.stack([source, target]), edge_weight=weights)
        got = session.run(["probabilities"], feeds)[0]
        difference = float(np.abs(got - expected).max())
        same = bool((got.argmax(1) == expected.argmax(1)).all())
        if difference > args.tolerance or not same or got.shape != (n, expected.shape[1]):
            failures += 1
        # One request: node 0 alone (MLP) or its 3-hop ball (GCN, SIGN), compared with the full graph.
        node = 0
        if gcn:
            nodes = ball(indptr, source, node, 3)
            position = {v: k for k, v in enumerate(nodes)}
            keep = [e for e in range(len(source)) if int(source[e]) in position and int(target[e]) in position]
            request = {"features": x[nodes],
                       "edge_index": np.array([[position[int(source[e])] for e in keep],
                                               [position[int(target[e])] for e in keep]], np.int64),
                       "edge_weight": weights[keep]}
            centre = position[node]
        else:
            request, centre = {"features": x[node:node + 1]}, 0
        answer = session.run(["probabilities"], request)[0][centre]
        if float(np.abs(answer - expected[node]).max()) > args.tolerance:
            failures += 1
            print(f"FAIL {name}: the single-node request differs from the full graph's answer")
        onnx_ms = median_ms(lambda: session.run(["probabilities"], request), args.repetitions)
        mine = None
        if costs.get(name):
            for r in costs[name]["requestLatencies"]:
                if r["batchSize"] == 1:
                    mine = 1000 * r["latency"]["medianSeconds"]
        extra = f"{len(nodes)} nodes" if gcn else "1 node"
        print(f"| {name} | {difference:.2e} | {'yes' if same else 'NO'} | {onnx_ms:.3f} ({extra}) | "
              + (f"{mine:.3f} |" if mine is not None else "not measured (--quick) |"))
finally:
    shutil.rmtree(work, ignore_errors=True)
if failures:
    sys.exit(f"check_onnx: {failures} mismatch(es) beyond {args.tolerance}")
print("check_onnx: all checks passed")
