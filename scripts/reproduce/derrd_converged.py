"""Renders notebooks-export/derrd_converged/ from its results.json with derrd.py's tables: the
DE-RRD split's teacher, student alone and DE + RRD + IR trained to convergence, per seed, mean ± std
(`graphkd recommend evaluate` reports, one per seed; the teachers' `recommend distill` reports
only store the teachers and are not tabulated).

The notebook is named after its directory: notebooks-export/derrd_converged/ for the script's default
students' learning rate, derrd_converged_lr<RATE>/ for another one (`STUDENT_LEARNING_RATE=<RATE>`)."""

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
    name = os.path.basename(os.path.normpath(directory))
    rates = student_learning_rates(results)
    title = "DE-RRD trained to convergence, with the item-side term"
    if rates:
        title += f" (students at lr {', '.join(rates)})"
    environment = "" if name == "derrd_converged" else f"STUDENT_LEARNING_RATE={','.join(rates)} "
    derrd.build(results, name, title, "derrd_converged", environment).save(directory)
    return 0


def student_learning_rates(results: dict) -> list:
    """The distinct `--student-learning-rate` values of the results' commands, in order."""
    rates: list = []
    for command in results.get("commands", []):
        argv = command.get("argv", [])
        for flag, value in zip(argv, argv[1:]):
            if flag == "--student-learning-rate" and value not in rates:
                rates.append(value)
    return rates


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
