"""Renders notebooks-export/layerwise_exit/ from its results.json (see layerwise_exit.sh).

The one command, "gcnii16", is a `graphkd evaluate --early-exit` report: runs of `{labels, seed,
variant, testAccuracy, testMacroF1}`; the layer-wise runs also carry `earlyExitTestAccuracy`,
`earlyExitMACsPerNode` (mean over the test nodes of the MACs spent up to each node's exit) and
`macsPerNode` (the final layer alone, heads not counted).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import notebook as nb  # noqa: E402

COMMAND = "gcnii16"
# The must-show 5: early exit within this many points of the full model, at no more than
# this share of its MACs per node.
EXIT_TOLERANCE = 0.5
EXIT_SHARE = 50.0


def pointers(results: dict, field: str, label: str, variant: str) -> list:
    return nb.run_pointers(results, field, labels=label, variant=variant)


def label_cell(results: dict, label: str) -> nb.Text:
    return nb.Text(results, nb.matching_runs(results, labels=label)[0][0] + "/labels")


def accuracy_table(results: dict) -> nb.Table:
    table = nb.Table(["labels", "seeds", "plain GCNII %", "layer-wise GCNII %", "Δ accuracy", "Δ macro-F1",
                      "layer-wise > plain"],
                     ["left", "right", "right", "right", "right", "right", "left"])
    for label in nb.distinct(results, "labels"):
        plain = pointers(results, "testAccuracy", label, "plain")
        layered = pointers(results, "testAccuracy", label, "layer-wise")
        d_acc = nb.Stat(results, layered, kind="diff", denominators=plain, scale=100, signed=True)
        d_f1 = nb.Stat(results, pointers(results, "testMacroF1", label, "layer-wise"), kind="diff",
                       denominators=pointers(results, "testMacroF1", label, "plain"), scale=100, signed=True)
        table.add([label_cell(results, label), nb.Stat(results, plain, kind="count"), nb.Stat(results, plain, scale=100),
                   nb.Stat(results, layered, scale=100), d_acc, d_f1, "yes" if d_acc.number > 0 else "NO"])
    return table


def exit_table(results: dict) -> nb.Table:
    table = nb.Table(["labels", "layer-wise, final layer %", "early exit %", "Δ accuracy", "MACs per node, final layer",
                      "MACs per node, early exit", "share of MACs %",
                      f"within {EXIT_TOLERANCE} points at ≤ {EXIT_SHARE:g} % of MACs"],
                     ["left", "right", "right", "right", "right", "right", "right", "left"])
    for label in nb.distinct(results, "labels"):
        full = pointers(results, "testAccuracy", label, "layer-wise")
        early = pointers(results, "earlyExitTestAccuracy", label, "layer-wise")
        macs = pointers(results, "macsPerNode", label, "layer-wise")
        spent = pointers(results, "earlyExitMACsPerNode", label, "layer-wise")
        if not early:
            continue
        delta = nb.Stat(results, early, kind="diff", denominators=full, scale=100, signed=True)
        share = nb.Stat(results, spent, kind="percent_of", denominators=macs, digits=1)
        ok = delta.number >= -EXIT_TOLERANCE - 1e-9 and share.number <= EXIT_SHARE + 1e-9
        table.add([label_cell(results, label), nb.Stat(results, full, scale=100), nb.Stat(results, early, scale=100), delta,
                   nb.Stat(results, macs, kind="mean", digits=0), nb.Stat(results, spent, kind="mean", digits=0),
                   share, "yes" if ok else "NO"])
    return table


def cost_figure(results: dict) -> str:
    points = []
    for label in nb.distinct(results, "labels"):
        macs = nb.Stat(results, pointers(results, "macsPerNode", label, "layer-wise"), kind="mean")
        spent = nb.Stat(results, pointers(results, "earlyExitMACsPerNode", label, "layer-wise"), kind="mean")
        for name, ptrs, x in [
            ("plain", pointers(results, "testAccuracy", label, "plain"), macs.mean),
            ("layer-wise", pointers(results, "testAccuracy", label, "layer-wise"), macs.mean),
            ("early exit", pointers(results, "earlyExitTestAccuracy", label, "layer-wise"), spent.mean),
        ]:
            s = nb.Stat(results, ptrs, scale=100)
            points.append((f"{name}, {label}", x, s.mean, s.std))
    return nb.scatter_chart("Cora, 16-layer GCNII: accuracy against MACs per node",
                            "MACs per node (log scale)", "test accuracy % (mean ± std over seeds)", points)


def build(results: dict) -> nb.Notebook:
    book = nb.Notebook("layerwise_exit", "Layer-wise self-distillation on a deep GCN, and early exit", results,
                       "results.json", nb.experiment_config(results))
    book.markdown(
        "## Heads on every layer of a 16-layer GCNII\n\n"
        "`graphkd evaluate --model gcnii --steps 16`: GCNII (Chen et al., ICML 2020) with a linear input layer, "
        "16 GCNII layers of 64 units (initial residual α = 0.1, identity strength λ = 0.5) and a linear output "
        "layer, trained with the paper's Cora settings (dropout 0.6, lr 0.01, weight decay 0.01 on the GCNII "
        "layers and 5e-4 elsewhere, early stopping on validation loss). *Plain* trains it with cross-entropy "
        "alone; *layer-wise* attaches a linear classifier to each of its 17 hidden layers, which learn the "
        "labels, the final layer's softened output (T = 2) and, through a projector, its deepest hidden "
        "representation. Both on the same splits and seeds; Δ is layer-wise − plain, mean over paired runs."
    )
    book.table(accuracy_table(results), "display(Markdown(report.accuracy_table(results).markdown()))")
    book.markdown(
        "## Early exit\n\n"
        "The layer-wise model answers each node from the first head, shallow to deep, whose top class "
        "probability reaches a threshold; the final layer answers the rest. The threshold is the lowest "
        "that keeps validation accuracy within half a point of the final layer's (`--early-exit 0.005`, "
        "fitted per run on its validation nodes only). MACs per node follow `ModelCost` (amortised over "
        "full-graph inference; a node that exits at head e pays for layers 1 … e and heads 1 … e, one "
        "that reaches the final layer for every layer and head); the final-layer column is the model "
        "without heads. The test nodes' mean is shown."
    )
    book.table(exit_table(results), "display(Markdown(report.exit_table(results).markdown()))")
    book.figure("accuracy_vs_macs", cost_figure(results), "accuracy against MACs per node",
                "display(SVG(report.cost_figure(results)))")
    return book


def main(argv):
    directory = argv[0] if argv else os.path.join(os.path.dirname(__file__), "..", "..", "notebooks-export",
                                                  "layerwise_exit")
    build(nb.load_results(os.path.join(directory, "results.json"))).save(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
