"""The graphkd binary the cross-check scripts (check_roundtrip.py, check_onnx.py) run."""
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def find(given, script):
    """`given` (--graphkd PATH) when set, else .build/release/graphkd, else .build/debug/graphkd;
    exits naming `script` when there is none."""
    candidates = [given] if given else [os.path.join(ROOT, ".build", c, "graphkd") for c in ("release", "debug")]
    for candidate in candidates:
        if candidate and os.path.exists(candidate):
            return candidate
    sys.exit(f"{script}: no graphkd binary; build first or pass --graphkd PATH")
