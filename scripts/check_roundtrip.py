#!/usr/bin/env python3
"""Cross-check GraphKD's HDF5 files against NumPy and h5py (run by CI after the build).

1. `graphkd convert npz` on cora_planetoid.npz and cora.npz, then h5py reads the result and
   every array is compared with the `.npz` (NumPy): identical for cora_planetoid; for cora.npz,
   whose rows are unsorted, identical to the SciPy-canonical form (columns sorted in each row).
2. A graph written by h5py in GraphKD's schema (with h5py's own dtypes) is read by
   `graphkd inspect --json` (counts checked) and changed by `graphkd split`; h5py then checks that
   every original dataset is byte-for-byte unchanged and the new splits are there.
3. A file with another format_version is refused with a non-zero exit and a clear message.

Usage: python3 scripts/check_roundtrip.py [--graphkd PATH] [--fixtures DIR]
Needs: numpy, h5py. Exits non-zero on the first mismatch.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import graphkd_binary  # noqa: E402
import h5py  # noqa: E402
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
parser = argparse.ArgumentParser()
parser.add_argument("--graphkd", default=None, help="the graphkd binary (default: .build/{release,debug}/graphkd)")
parser.add_argument("--fixtures", default=os.path.join(ROOT, "Tests", "GraphDataTests", "Fixtures"))
args = parser.parse_args()
graphkd = graphkd_binary.find(args.graphkd, "check_roundtrip")

failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures += 1


def run(*argv, expect_ok=True):
    r = subprocess.run([graphkd, *argv], capture_output=True, text=True)
    if expect_ok and r.returncode != 0:
        sys.exit(f"graphkd {' '.join(argv)} failed ({r.returncode}):\n{r.stderr}")
    return r


def canonical_rows(indptr, indices, data):
    """Columns sorted within each row (scipy's sort_indices), duplicates assumed absent."""
    out_idx, out_val = indices.copy(), data.copy()
    for r in range(len(indptr) - 1):
        s, e = indptr[r], indptr[r + 1]
        order = np.argsort(indices[s:e], kind="stable")
        out_idx[s:e] = indices[s:e][order]
        out_val[s:e] = data[s:e][order]
    return out_idx, out_val


with tempfile.TemporaryDirectory() as tmp:
    # 1. .npz → graphkd → h5py equals NumPy.
    for npz_name in ("cora_planetoid.npz", "cora.npz"):
        src = np.load(os.path.join(args.fixtures, npz_name))
        out = os.path.join(tmp, npz_name.replace(".npz", ".h5"))
        run("convert", "npz", os.path.join(args.fixtures, npz_name), "-o", out)
        with h5py.File(out, "r") as f:
            check(f.attrs["format"] == "graphkd" and int(f.attrs["format_version"]) == 1, f"{npz_name}: format attributes")
            adj_idx, adj_val = canonical_rows(src["adj_indptr"], src["adj_indices"], src["adj_data"])
            check(np.array_equal(f["graph/indptr"][:], src["adj_indptr"]), f"{npz_name}: graph/indptr == adj_indptr")
            check(np.array_equal(f["graph/indices"][:], adj_idx), f"{npz_name}: graph/indices == adj_indices (rows sorted)")
            weights = f["graph/weights"][:] if "weights" in f["graph"] else np.ones(len(adj_idx), np.float32)
            check(np.array_equal(weights, adj_val), f"{npz_name}: edge weights == adj_data")
            a = {(r, c) for r in range(len(src["adj_indptr"]) - 1)
                 for c in src["adj_indices"][src["adj_indptr"][r]:src["adj_indptr"][r + 1]]}
            check(int(f.attrs["directed"]) == int(any((c, r) not in a for r, c in a)), f"{npz_name}: directed attribute")
            x_idx, x_val = canonical_rows(src["attr_indptr"], src["attr_indices"], src["attr_data"])
            check(np.array_equal(f["features_csr/indptr"][:], src["attr_indptr"]), f"{npz_name}: features_csr/indptr")
            check(np.array_equal(f["features_csr/indices"][:], x_idx), f"{npz_name}: features_csr/indices")
            check(np.array_equal(f["features_csr/data"][:], x_val), f"{npz_name}: features_csr/data")
            check(list(f["features_csr"].attrs["shape"]) == list(src["attr_shape"]), f"{npz_name}: features_csr shape")
            check(np.array_equal(f["labels"][:], src["labels"].astype(np.int64)), f"{npz_name}: labels")
            for key, part in (("idx_train", "train"), ("idx_val", "val"), ("idx_test", "test")):
                if key in src:
                    check(np.array_equal(f[f"splits/public/{part}"][:], np.sort(src[key])), f"{npz_name}: splits/public/{part}")
            for key in ("class_names", "node_names"):
                if key in src:
                    check([s.decode() for s in f[key][:]] == [str(s) for s in src[key]], f"{npz_name}: {key}")

    # 2. h5py writes a graph in the schema; graphkd reads and extends it.
    rng = np.random.default_rng(0)
    n, f_dim = 300, 16
    pairs = {(int(u), int(v)) for u, v in rng.integers(0, n, size=(900, 2)) if u != v}
    pairs |= {(v, u) for u, v in pairs}
    rows = [sorted(v for u2, v in pairs if u2 == u) for u in range(n)]
    indptr = np.cumsum([0] + [len(r) for r in rows]).astype(np.int32)
    indices = np.array([c for r in rows for c in r], dtype=np.int64)
    labels = rng.integers(0, 3, size=n).astype(np.int16)
    path = os.path.join(tmp, "made_by_h5py.h5")
    with h5py.File(path, "w") as f:
        f.attrs.update({"format": "graphkd", "format_version": 1, "name": "h5py", "directed": 0})
        f["graph/indptr"] = indptr
        f["graph/indices"] = indices
        f.create_dataset("features", data=rng.normal(size=(n, f_dim)), compression="gzip", chunks=(50, f_dim))
        f["labels"] = labels
        f.create_dataset("class_names", data=["a", "b", "c"], dtype=h5py.string_dtype())
    summary = json.loads(run("inspect", path, "--json").stdout)
    check(summary["nodes"] == n and summary["edges"] == len(pairs) // 2, "h5py file: graphkd inspect counts nodes and edges")
    check(summary["features"]["dimension"] == f_dim and len(summary["classes"]) == 3, "h5py file: features and classes")
    with h5py.File(path, "r") as f:
        before = {name: f[name][()].tobytes() for name in ("graph/indptr", "graph/indices", "features", "labels")}
    run("split", path, "--labels-per-class", "5", "--val", "30", "--seeds", "0..2")
    with h5py.File(path, "r") as f:
        for name, raw in before.items():
            check(f[name][()].tobytes() == raw, f"h5py file: {name} unchanged by graphkd split")
        for seed in range(3):
            g = f[f"splits/k5_seed{seed}"]
            check(len(g["train"]) == 15 and len(g["val"]) == 30 and int(g.attrs["labels_per_class"]) == 5,
                  f"h5py file: splits/k5_seed{seed} added")
            y = labels[g["train"][:]]
            check(sorted(np.bincount(y, minlength=3).tolist()) == [5, 5, 5], f"h5py file: k5_seed{seed} class-balanced")

    # 3. Another format_version is refused.
    with h5py.File(path, "r+") as f:
        f.attrs["format_version"] = 2
    r = run("inspect", path, expect_ok=False)
    check(r.returncode != 0 and "format_version': expected 1" in r.stderr, "format_version 2 refused: " + r.stderr.strip())

print(f"check_roundtrip: {'all checks passed' if failures == 0 else f'{failures} check(s) failed'}")
sys.exit(1 if failures else 0)
