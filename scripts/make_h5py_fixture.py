#!/usr/bin/env python3
"""Write a GraphKD schema-v1 file with h5py, the reference implementation of HDF5 for Python.

The file deliberately uses the dtypes and layouts h5py users produce rather than the ones
GraphKD writes (int32 row pointers, int64 column indices, float64 weights and features, int8
labels, NumPy bool for `directed`, fixed-length byte strings, gzip-chunked datasets), so the Swift
test `H5pyFixtureTests` proves that files made outside GraphKD load and give the same arrays.
The expected arrays are written next to it as JSON.

Usage: python3 scripts/make_h5py_fixture.py [OUTPUT_DIR]   (default Tests/GraphDataTests/Fixtures/h5py)
Needs: numpy, h5py.
"""
import json
import os
import sys

import h5py
import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "Tests", "GraphDataTests", "Fixtures", "h5py")
os.makedirs(out, exist_ok=True)

# Two users and four items as a bipartite graph: users 0-1, items 2-5.
pairs = [(0, 0), (0, 2), (1, 1), (1, 2), (1, 3)]
n_users, n_items = 2, 4
n = n_users + n_items
adj = [[] for _ in range(n)]
weights = {}
for u, i in pairs:
    w = 1.0 + 0.5 * (u + i)
    adj[u].append(n_users + i)
    adj[n_users + i].append(u)
    weights[(u, n_users + i)] = weights[(n_users + i, u)] = w
indptr = np.zeros(n + 1, dtype=np.int32)
indices = []
data = []
for r in range(n):
    row = sorted(adj[r])
    indices += row
    data += [weights[(r, c)] for c in row]
    indptr[r + 1] = len(indices)
indices = np.asarray(indices, dtype=np.int64)
data = np.asarray(data, dtype=np.float64)
features = np.arange(n * 3, dtype=np.float64).reshape(n, 3) / 8.0 - 1.0
labels = np.array([0, 1, -1, 2, 1, 0], dtype=np.int8)
class_names = ["zero", "one", "twö"]
node_names = np.array([b"u0", b"u1", b"i0", b"i1", b"i2", b"i3"], dtype="S5")
probs = np.array([[0.9, 0.1], [0.2, 0.8], [0.5, 0.5], [1, 0], [0, 1], [0.25, 0.75]], dtype=np.float32)
hidden = np.linspace(-1, 1, n * 4).reshape(n, 4)
observed_indptr = np.array([0, 2, 5], dtype=np.int64)
observed_indices = np.array([0, 2, 1, 2, 3], dtype=np.int32)
test_indptr = np.array([0, 1, 1], dtype=np.int64)
test_indices = np.array([3], dtype=np.int32)

path = os.path.join(out, "schema_v1.h5")
with h5py.File(path, "w") as f:
    f.attrs["format"] = "graphkd"
    f.attrs["format_version"] = 1
    f.attrs["name"] = "h5py-made"
    f.attrs["directed"] = np.bool_(False)
    g = f.create_group("graph")
    g["indptr"] = indptr
    g["indices"] = indices
    g["weights"] = data
    f.create_dataset("features", data=features, chunks=(2, 3), compression="gzip")
    f["labels"] = labels
    f.create_dataset("class_names", data=class_names, dtype=h5py.string_dtype())
    f["node_names"] = node_names
    s = f.create_group("splits/public")
    s["train"] = np.array([0, 1], dtype=np.int32)
    s["val"] = np.array([3], dtype=np.int32)
    s["test"] = np.array([4, 5], dtype=np.int32)
    k = f.create_group("splits/k1_seed0")
    k["train"] = np.array([0, 1, 3], dtype=np.int64)
    k["val"] = np.array([], dtype=np.int64)
    k["test"] = np.array([4, 5], dtype=np.int64)
    k.attrs["labels_per_class"] = 1
    k.attrs["seed"] = np.uint64(0)
    r = f.create_group("soft_labels/teacher")
    r["probs"] = probs
    r["hidden"] = hidden
    r.attrs["method"] = "gcn"
    r.attrs["temperature"] = 2.0
    r.attrs["seed"] = 42
    r.attrs["config"] = json.dumps({"layers": 2, "hidden": 16})
    r.attrs["created"] = "2025-01-31T12:00:00Z"
    i = f.create_group("interactions")
    i.attrs["n_users"] = np.int32(n_users)
    i.attrs["n_items"] = np.int32(n_items)
    i["indptr"] = observed_indptr
    i["indices"] = observed_indices
    t = i.create_group("held_out/test")
    t["indptr"] = test_indptr
    t["indices"] = test_indices

expected = {
    "name": "h5py-made",
    "directed": False,
    "indptr": indptr.tolist(),
    "indices": indices.tolist(),
    "weights": data.astype(np.float32).tolist(),
    "features": features.astype(np.float32).ravel().tolist(),
    "feature_shape": list(features.shape),
    "labels": labels.tolist(),
    "class_names": class_names,
    "node_names": [b.decode() for b in node_names],
    "splits": {"public": [[0, 1], [3], [4, 5]], "k1_seed0": [[0, 1, 3], [], [4, 5]]},
    "soft_labels": {"teacher": {"probs": probs.ravel().tolist(), "hidden": hidden.astype(np.float32).ravel().tolist(),
                                "method": "gcn", "temperature": 2.0, "seed": 42,
                                "config": json.dumps({"layers": 2, "hidden": 16}),
                                "created": "2025-01-31T12:00:00Z"}},
    "interactions": {"n_users": n_users, "n_items": n_items, "indptr": observed_indptr.tolist(),
                     "indices": observed_indices.tolist(), "test_indptr": test_indptr.tolist(),
                     "test_indices": test_indices.tolist()},
}
with open(os.path.join(out, "schema_v1.expected.json"), "w") as f:
    json.dump(expected, f, indent=1, ensure_ascii=False)
print(f"wrote {path} and schema_v1.expected.json (h5py {h5py.__version__}, HDF5 {h5py.version.hdf5_version})")
