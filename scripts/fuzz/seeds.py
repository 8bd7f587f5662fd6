"""Writes the seed inputs of one fuzz target (see run.sh) into a corpus folder: the real files
of data/ and the Tests fixtures, multi-file inputs joined by the separator line FuzzTarget splits
at ("\\n===\\n"), and small hand-written cases for the text formats."""

import glob
import os
import shutil
import sys
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "Tests", "GraphDataTests", "Fixtures")
SEP = b"\n===\n"


def read(path: str, limit: int = 1 << 20) -> bytes:
    with open(path, "rb") as f:
        return f.read(limit)


def seeds(target: str) -> dict:
    out = {}
    if target == "npy":
        for npz in [os.path.join(FIXTURES, "cora_planetoid.npz")]:
            with zipfile.ZipFile(npz) as z:
                for name in z.namelist():
                    data = z.read(name)
                    if len(data) <= 1 << 20:
                        out["planetoid-" + name] = data
        out["small.npy"] = b"\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1), }" + \
            b" " * 46 + b"\n" + b"\x00\x00\x80?\x00\x00\x00@"
    elif target == "npz":
        out["cora_planetoid.npz"] = read(os.path.join(FIXTURES, "cora_planetoid.npz"))
    elif target == "hdf5-graph":
        out["cora.h5"] = read(os.path.join(ROOT, "data", "cora.h5"))
        out["h5py.h5"] = read(os.path.join(FIXTURES, "h5py", "schema_v1.h5"))
    elif target == "hdf5-model":
        for path in sorted(glob.glob(os.path.join(ROOT, "runs", "**", "models", "*.h5"), recursive=True))[:4]:
            if os.path.getsize(path) <= 1 << 20:
                out[os.path.basename(path)] = read(path)
    elif target == "csv":
        out["triangle"] = b"source,target\n0,1\n1,2\n2,0\n" + SEP + b"1,0\n0,1\n1,1\n" + SEP + b"node,label\n0,a\n2,b\n"
        out["names"] = b"alice,bob\nbob,carol\n" + SEP + b"id,x\nalice,1\nbob,2\ncarol,3\n" + SEP + b"alice,x\n"
        out["weighted-tsv"] = b"0\t1\t0.5\n1\t2\t2e3\n"
    elif target == "linqs":
        out["tiny"] = b"p1\t1\t0\tA\np2\t0\t1\tB\n" + SEP + b"p1\tp2\n"
    elif target == "ogb":
        out["tiny"] = b"0,1\n1,2\n" + SEP + b"3\n" + SEP + b"0.1,0.2\n0.3,0.4\n0.5,0.6\n" + SEP + b"0\n1\n0\n"
    elif target == "interactions":
        train = read(os.path.join(FIXTURES, "citeulike-derrd", "train.tsv"), 4096)
        test = read(os.path.join(FIXTURES, "citeulike-derrd", "test.tsv"), 1024)
        out["derrd-head"] = train[: train.rfind(b"\n") + 1] + SEP + test[: test.rfind(b"\n") + 1]
        out["names"] = b"user\titem\nann\tbook\nbob\tbook\n"
    elif target == "users-dat":
        data = read(os.path.join(FIXTURES, "citeulike-t", "users.dat"), 8192)
        out["citeulike-head"] = data[: data.rfind(b"\n") + 1]
    elif target == "json":
        for path in glob.glob(os.path.join(ROOT, "configs", "*.json")):
            out[os.path.basename(path)] = read(path)
    return out


def main(argv):
    target, corpus = argv
    os.makedirs(corpus, exist_ok=True)
    for name, data in seeds(target).items():
        with open(os.path.join(corpus, "seed-" + name.replace("/", "_")), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
