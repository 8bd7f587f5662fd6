"""Renders notebooks-export/derrd/ (the DE-RRD recommendation table) from its results.json. The
script that runs the CLI (derrd.sh) is still to come; this renderer only needs the results JSON
shape described in scripts/reproduce/README.md:

    every command's report has "runs": [RUN, ...], where RUN is
    {"method": str, "seed": int, "metrics": {"Recall@10": float, "NDCG@10": float, ...},
     optional: "role": "teacher" | "student", "parameters": int, "seconds": float}

Table: one row per method (order of first appearance), one mean ± std column per metric (order
of first appearance), values as in the JSON (fractions, 4 decimals). Figure: grouped bars, one
group per metric, one bar per method.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import notebook as nb  # noqa: E402

DIGITS = 4


def methods(results: dict) -> list:
    return nb.distinct(results, "method")


def metric_names(results: dict) -> list:
    names: list = []
    for _, run in nb.matching_runs(results):
        for k in run.get("metrics", {}):
            if k not in names:
                names.append(k)
    return names


def _metric_pointers(results: dict, method: str, metric: str) -> list:
    return [p + "/metrics/" + nb.pointer_escape(metric) for p, run in nb.matching_runs(results, method=method)
            if metric in run.get("metrics", {})]


def metrics_table(results: dict) -> nb.Table:
    names = metric_names(results)
    has_role = bool(nb.run_pointers(results, "role"))
    has_params = bool(nb.run_pointers(results, "parameters"))
    headers = ["method"] + (["role"] if has_role else []) + names + (["parameters"] if has_params else [])
    table = nb.Table(headers, ["left"] * (len(headers) - int(has_params)) + (["right"] if has_params else []))
    for m in methods(results):
        first, run = nb.matching_runs(results, method=m)[0]
        row = [nb.Text(results, first + "/method")]
        if has_role:
            row.append(nb.Text(results, first + "/role") if "role" in run else "—")
        for name in names:
            ps = _metric_pointers(results, m, name)
            row.append(nb.Stat(results, ps, digits=DIGITS) if ps else "—")
        if has_params:
            ps = nb.run_pointers(results, "parameters", method=m)
            row.append(nb.Stat(results, ps[:1], kind="int") if ps else "—")
        table.add(row)
    return table


def metrics_figure(results: dict) -> str:
    names = metric_names(results)
    series = []
    for m in methods(results):
        means, errs = [], []
        for name in names:
            ps = _metric_pointers(results, m, name)
            s = nb.Stat(results, ps) if ps else None
            means.append(s.mean if s else 0.0)
            errs.append(s.std if s else None)
        series.append((m, means, errs))
    return nb.grouped_bar_chart("DE-RRD: ranking quality per method", "metric value (mean ± std over seeds)", names, series)


def build(results: dict) -> nb.Notebook:
    book = nb.Notebook("derrd", "Distilling a recommender: DE-RRD", results, "results.json", nb.experiment_config(results))
    book.markdown("## Ranking metrics\n\nMean ± sample standard deviation over seeds.")
    book.table(metrics_table(results), "display(Markdown(report.metrics_table(results).markdown()))")
    book.figure("derrd_metrics", metrics_figure(results), "ranking metrics per method",
                "display(SVG(report.metrics_figure(results)))")
    return book


def main(argv):
    directory = argv[0] if argv else os.path.join(os.path.dirname(__file__), "..", "..", "notebooks-export", "derrd")
    build(nb.load_results(os.path.join(directory, "results.json"))).save(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
