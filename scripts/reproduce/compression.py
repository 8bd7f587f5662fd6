"""Renders notebooks-export/compression/ (the compression ablation and cost table) from its
results.json. The script that runs the CLI (compression.sh) is still to come; this renderer only
needs the results JSON shape described in scripts/reproduce/README.md:

    every command's report has "runs": [RUN, ...], where RUN is
    {"method": str, "role": "teacher" | "student", "seed": int, "testAccuracy": float (0-1),
     "latencyMs": float (per-request latency),
     optional: "testMacroF1", "parameters", "macsPerNode", "peakMemoryMB"}

Rows are methods in order of first appearance; retention is 100 · (method's mean test accuracy)
/ (the first teacher's mean test accuracy). Figure: test accuracy against latency (log x).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import notebook as nb  # noqa: E402

# (header, field in RUN, statistic, scale, digits, alignment); a column shows when any run has it.
COLUMNS = [
    ("test accuracy %", "testAccuracy", "mean_std", 100, 1, "left"),
    ("macro-F1 %", "testMacroF1", "mean_std", 100, 1, "left"),
    ("parameters", "parameters", "int", 1, 0, "right"),
    ("MACs / node", "macsPerNode", "int", 1, 0, "right"),
    ("latency ms / request", "latencyMs", "mean", 1, 3, "right"),
    ("peak MB", "peakMemoryMB", "mean", 1, 1, "right"),
]


def methods(results: dict) -> list:
    return nb.distinct(results, "method")


def teacher(results: dict):
    ts = nb.distinct(results, "method", role="teacher")
    return ts[0] if ts else None


def cost_table(results: dict) -> nb.Table:
    cols = [c for c in COLUMNS if nb.run_pointers(results, c[1])]
    ref = teacher(results)
    headers = ["method", "role"] + [c[0] for c in cols] + (["retention %"] if ref else [])
    align = ["left", "left"] + [c[5] for c in cols] + (["right"] if ref else [])
    table = nb.Table(headers, align)
    for m in methods(results):
        first = nb.matching_runs(results, method=m)[0][0]
        row = [nb.Text(results, first + "/method"), nb.Text(results, first + "/role")]
        for _, field, kind, scale, digits, _ in cols:
            ps = nb.run_pointers(results, field, method=m)
            if not ps:
                row.append("—")
            elif kind == "int":
                row.append(nb.Stat(results, ps[:1], kind="int"))  # the same for every seed
            else:
                row.append(nb.Stat(results, ps, kind=kind, scale=scale, digits=digits))
        if ref:
            a = nb.run_pointers(results, "testAccuracy", method=m)
            b = nb.run_pointers(results, "testAccuracy", method=ref)
            row.append(nb.Stat(results, a, kind="percent_of", denominators=b, digits=1))
        table.add(row)
    return table


def accuracy_latency_figure(results: dict) -> str:
    points = []
    for m in methods(results):
        lat = nb.run_pointers(results, "latencyMs", method=m)
        acc = nb.run_pointers(results, "testAccuracy", method=m)
        if lat and acc:
            a = nb.Stat(results, acc, scale=100)
            points.append((m, nb.Stat(results, lat, kind="mean").mean, a.mean, a.std))
    return nb.scatter_chart(
        "Accuracy against per-request latency", "latency per request, ms (log scale)",
        "test accuracy % (mean ± std over seeds)", points)


def build(results: dict) -> nb.Notebook:
    book = nb.Notebook("compression", "Compressing the teacher: accuracy and cost", results, "results.json",
                       nb.experiment_config(results))
    book.markdown(
        "## Teacher and students\n\n"
        "Mean ± sample standard deviation over seeds; retention is a method's mean test accuracy "
        "as a percentage of the teacher's."
    )
    book.table(cost_table(results), "display(Markdown(report.cost_table(results).markdown()))")
    if any(nb.run_pointers(results, "latencyMs", method=m) for m in methods(results)):
        book.figure("accuracy_vs_latency", accuracy_latency_figure(results), "test accuracy against latency",
                    "display(SVG(report.accuracy_latency_figure(results)))")
    return book


def main(argv):
    directory = argv[0] if argv else os.path.join(os.path.dirname(__file__), "..", "..", "notebooks-export", "compression")
    build(nb.load_results(os.path.join(directory, "results.json"))).save(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
