"""Renders notebooks-export/derrd_converged/ from its results.json with derrd.py's tables: the
DE-RRD split's teacher, student alone and DE + RRD + IR trained to convergence, per seed, mean ± std
(`graphkd recommend evaluate` reports, one per seed; the teachers' `recommend distill` reports
only store the teachers and are not tabulated)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import derrd  # noqa: E402
import notebook as nb  # noqa: E402
# The notebook's cells call `report.<table>(results)` with this module as `report`.
from derrd import bench_table, full_table, loo_figure, loo_table, metrics_figure, metrics_table  # noqa: E402,F401


def main(argv):
    directory = argv[0] if argv else os.path.join(os.path.dirname(__file__), "..", "..", "notebooks-export",
                                                  "derrd_converged")
    results = nb.load_results(os.path.join(directory, "results.json"))
    derrd.build(results, "derrd_converged", "DE-RRD trained to convergence, with the item-side term").save(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
