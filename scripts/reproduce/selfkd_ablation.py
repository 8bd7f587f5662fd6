"""Renders notebooks-export/selfkd_ablation/ from its results.json (see selfkd_ablation.sh)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import notebook as nb  # noqa: E402

NAMES = {
    "plain": "plain",
    "mean-teacher": "mean teacher",
    "progressive": "progressive targets",
    "generations": "generations",
    "layer-wise": "layer-wise",
    "all": "all parts",
    "standard": "standard (mean teacher + generations)",
}


def variants(results: dict) -> list:
    return nb.distinct(results, "variant")


def metric_table(results: dict, field: str = "testAccuracy", digits: int = 1, scale: float = 100) -> nb.Table:
    vs = variants(results)
    table = nb.Table(["labels"] + [NAMES.get(v, v) for v in vs])
    for label in nb.distinct(results, "labels"):
        first = nb.matching_runs(results, labels=label)[0][0]
        row = [nb.Text(results, first + "/labels")]
        for v in vs:
            ps = nb.run_pointers(results, field, labels=label, variant=v)
            row.append(nb.Stat(results, ps, scale=scale, digits=digits) if ps else "—")
        table.add(row)
    return table


def ablation_figure(results: dict) -> str:
    labels = nb.distinct(results, "labels")
    series = []
    for v in variants(results):
        stats = [nb.Stat(results, nb.run_pointers(results, "testAccuracy", labels=l, variant=v), scale=100) for l in labels]
        series.append((NAMES.get(v, v), [s.mean for s in stats], [s.std for s in stats]))
    return nb.grouped_bar_chart(
        "Self-distillation ablation on Cora (GCN)", "test accuracy % (mean ± std over seeds)", labels, series
    )


def build(results: dict) -> nb.Notebook:
    book = nb.Notebook("selfkd_ablation", "Which part of the self-distilled teacher helps", results, "results.json",
                       nb.experiment_config(results))
    book.markdown(
        "## Test accuracy %\n\n"
        "GCN backbone on Cora; K labelled nodes per class, 500 validation nodes, the 1,000 public "
        "test nodes. Each single-part variant keeps the standard teacher's settings of that part "
        "and switches everything else off. Mean ± sample standard deviation over seeds."
    )
    book.table(metric_table(results), "display(Markdown(report.metric_table(results).markdown()))")
    book.figure("ablation_accuracy", ablation_figure(results), "test accuracy per variant and label rate",
                "display(SVG(report.ablation_figure(results)))")
    book.markdown("## Macro-F1 %")
    book.table(metric_table(results, "testMacroF1"), "display(Markdown(report.metric_table(results, 'testMacroF1').markdown()))")
    book.markdown("## Expected calibration error of the soft labels")
    book.table(metric_table(results, "calibrationError", digits=3, scale=1),
               "display(Markdown(report.metric_table(results, 'calibrationError', digits=3, scale=1).markdown()))")
    return book


def main(argv):
    directory = argv[0] if argv else os.path.join(os.path.dirname(__file__), "..", "..", "notebooks-export", "selfkd_ablation")
    build(nb.load_results(os.path.join(directory, "results.json"))).save(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
