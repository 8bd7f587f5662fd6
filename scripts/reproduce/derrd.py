"""Renders notebooks-export/derrd/ (the DE-RRD recommendation table) from its results.json.

Reports of `graphkd recommend evaluate` (they carry `perSeed`: one entry per trained model with
its leave-one-out `test` metrics and its `fullRanking` metrics) give two tables — leave-one-out
HR/NDCG/MRR @5/10/20 with the share of the teacher's HR@5, and full-ranking Recall/NDCG
@10/20/50 — one row per (dataset, method), mean ± std over seeds; a `graphkd recommend bench`
report (`rows`) gives the cost table. Reports without `perSeed` are rendered from the generic
runs shape described in scripts/reproduce/README.md:

    every command's report has "runs": [RUN, ...], where RUN is
    {"method": str, "seed": int, "metrics": {"Recall@10": float, "NDCG@10": float, ...},
     optional: "role": "teacher" | "student", "parameters": int, "seconds": float}

(one row per method, one mean ± std column per metric). Values are fractions, 4 decimals.
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


LOO_METRICS = ["HR@5", "NDCG@5", "MRR@5", "HR@10", "NDCG@10", "MRR@10", "HR@20", "NDCG@20", "MRR@20"]
FULL_METRICS = ["Recall@10", "NDCG@10", "Recall@20", "NDCG@20", "Recall@50", "NDCG@50"]


def evaluate_groups(results: dict) -> list:
    """[(dataset, method, [pointer to a perSeed entry, ...])] over the `recommend evaluate`
    reports, in order of first appearance; a dataset is its file's name without extension."""
    groups: dict = {}
    for i, command in enumerate(results.get("commands", [])):
        report = command.get("report", {})
        if "perSeed" not in report:
            continue
        dataset = os.path.splitext(os.path.basename(report["file"]))[0]
        for j, model in enumerate(report["perSeed"]):
            groups.setdefault((dataset, model["method"]), []).append(nb.pointer("commands", i, "report", "perSeed", j))
    return [(d, m, ps) for (d, m), ps in groups.items()]


def _teacher_pointers(groups: list, dataset: str) -> list:
    return next((ps for d, m, ps in groups if d == dataset and m == "teacher"), [])


def loo_table(results: dict) -> nb.Table:
    groups = evaluate_groups(results)
    headers = ["dataset", "method", "seeds", "parameters"] + LOO_METRICS + ["HR@5 / teacher (%)", "epochs"]
    table = nb.Table(headers, ["left", "left", "right", "right"] + ["left"] * len(LOO_METRICS) + ["right", "right"])
    for dataset, method, ps in groups:
        row = [dataset, nb.Text(results, ps[0] + "/method"), nb.Stat(results, [p + "/seed" for p in ps], kind="count"),
               nb.Stat(results, [ps[0] + "/parameters"], kind="int")]
        row += [nb.Stat(results, [p + "/test/" + nb.pointer_escape(k) for p in ps], digits=DIGITS) for k in LOO_METRICS]
        teacher = _teacher_pointers(groups, dataset)
        row.append(nb.Stat(results, [p + "/test/HR@5" for p in ps], kind="percent_of",
                           denominators=[p + "/test/HR@5" for p in teacher]) if teacher else "—")
        row.append(nb.Stat(results, [p + "/epochs" for p in ps], kind="mean", digits=0))
        table.add(row)
    return table


def full_table(results: dict) -> nb.Table:
    groups = evaluate_groups(results)
    table = nb.Table(["dataset", "method"] + FULL_METRICS)
    for dataset, method, ps in groups:
        table.add([dataset, nb.Text(results, ps[0] + "/method")]
                  + [nb.Stat(results, [p + "/fullRanking/" + nb.pointer_escape(k) for p in ps], digits=DIGITS)
                     for k in FULL_METRICS])
    return table


def loo_figure(results: dict) -> str:
    names = ["HR@5", "NDCG@5", "HR@10", "NDCG@10", "HR@20", "NDCG@20"]
    series = []
    for dataset, method, ps in evaluate_groups(results):
        stats = [nb.Stat(results, [p + "/test/" + nb.pointer_escape(k) for p in ps]) for k in names]
        series.append((f"{dataset} · {method}", [s.mean for s in stats], [s.std for s in stats]))
    return nb.grouped_bar_chart("DE-RRD: leave-one-out test metrics per method",
                                "metric value (mean ± std over seeds)", names, series)


def bench_table(results: dict) -> nb.Table | None:
    for i, command in enumerate(results.get("commands", [])):
        rows = command.get("report", {}).get("rows")
        if command.get("argv", [])[1:3] != ["recommend", "bench"] or not rows:
            continue
        table = nb.Table(["model", "dimension", "parameters", "s / epoch", "top-20, all threads (s)",
                          "top-20, GEMM on one thread (s)", "top-20, naive loop (s)", "threads"],
                         ["left"] + ["right"] * 7)
        for j in range(len(rows)):
            p = nb.pointer("commands", i, "report", "rows", j)
            table.add([nb.Text(results, p + "/model"), nb.Stat(results, [p + "/dimension"], kind="int"),
                       nb.Stat(results, [p + "/parameters"], kind="int"),
                       nb.Stat(results, [p + "/secondsPerEpoch"], kind="value", digits=3),
                       nb.Stat(results, [p + "/top20MultiThreadedSeconds"], kind="value", digits=3),
                       nb.Stat(results, [p + "/top20OneThreadGEMMSeconds"], kind="value", digits=3),
                       nb.Stat(results, [p + "/top20NaiveLoopSeconds"], kind="value", digits=3),
                       nb.Stat(results, [p + "/threads"], kind="int")])
        return table
    return None


def build(results: dict, name: str = "derrd", title: str = "Distilling a recommender: DE-RRD", script: str | None = None,
          environment: str = "") -> nb.Notebook:
    book = nb.Notebook(name, title, results, "results.json", nb.experiment_config(results), script, environment)
    if evaluate_groups(results):
        book.markdown("## Leave-one-out (the paper's protocol)\n\nEach user's test item ranked among 499 sampled "
                      "never-interacted items; mean ± sample standard deviation over seeds.")
        book.table(loo_table(results), "display(Markdown(report.loo_table(results).markdown()))")
        book.figure("derrd_loo", loo_figure(results), "leave-one-out test metrics per method",
                    "display(SVG(report.loo_figure(results)))")
        book.markdown("## Full ranking\n\nThe test item ranked among all items the user has not interacted with "
                      "(observed and validation items excluded).")
        book.table(full_table(results), "display(Markdown(report.full_table(results).markdown()))")
    else:
        book.markdown("## Ranking metrics\n\nMean ± sample standard deviation over seeds.")
        book.table(metrics_table(results), "display(Markdown(report.metrics_table(results).markdown()))")
        book.figure("derrd_metrics", metrics_figure(results), "ranking metrics per method",
                    "display(SVG(report.metrics_figure(results)))")
    bench = bench_table(results)
    if bench is not None:
        book.markdown("## Cost\n\nParameters, training seconds per epoch, and the time to score all users × all "
                      "items and keep each user's top 20 (median of 3; the naive loop once).")
        book.table(bench, "display(Markdown(report.bench_table(results).markdown()))")
    return book


def main(argv):
    directory = argv[0] if argv else os.path.join(os.path.dirname(__file__), "..", "..", "notebooks-export", "derrd")
    build(nb.load_results(os.path.join(directory, "results.json"))).save(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
