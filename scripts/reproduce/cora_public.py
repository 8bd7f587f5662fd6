"""Renders notebooks-export/cora_public/ from its results.json (see cora_public.sh).

Rows: one per `graphkd train` report (command names train-<model>), then the self-distilled
GCN teacher from the `graphkd evaluate` report (command self-kd; its runs on the public split),
then `graphkd run`'s default teacher (command default-teacher: its backbone chosen by validation).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import notebook as nb  # noqa: E402

NAMES = {"gcn": "GCN", "gat": "GAT", "appnp": "APPNP", "sage": "GraphSAGE", "mlp": "MLP"}


def rows(results: dict) -> list:
    """(display name, run pointers, parameters pointer or None, seconds field) per method, in
    command order."""
    out = []
    for i, command in enumerate(results["commands"]):
        report = command.get("report", {})
        if command["name"].startswith("train-"):
            base = nb.pointer("commands", i, "report")
            arch = report["model"]["architecture"]
            ptrs = [nb.pointer("commands", i, "report", "runs", j) for j in range(len(report["runs"]))]
            out.append((NAMES.get(arch, arch), ptrs, base + "/parameters", "seconds"))
        elif command["name"] == "self-kd":
            for variant in report["variants"]:
                ptrs = [p for p, _ in nb.matching_runs(results, labels="public", variant=variant)
                        if p.startswith(nb.pointer("commands", i) + "/")]
                name = "GCN, self-distilled teacher" if variant == "standard" else f"GCN, self-distilled ({variant})"
                out.append((name, ptrs, None, "seconds"))
        elif command["name"] == "default-teacher":
            models = nb.pipeline_models(results, command=command["name"], name="teacher")
            chosen = ", ".join(NAMES.get(a, a) for a in dict.fromkeys(m["architecture"] for _, m in models))
            out.append((f"`graphkd run`'s teacher (chosen: {chosen})", [p for p, _ in models],
                        models[0][0] + "/parameters", "trainingSeconds"))
    return out


def accuracy_table(results: dict) -> nb.Table:
    table = nb.Table(
        ["model", "test accuracy %", "macro-F1 %", "validation accuracy %", "parameters", "seconds per run"],
        ["left", "left", "left", "left", "right", "right"],
    )
    for name, ptrs, params, seconds in rows(results):
        table.add([
            name,
            nb.Stat(results, [p + "/testAccuracy" for p in ptrs], scale=100),
            nb.Stat(results, [p + "/testMacroF1" for p in ptrs], scale=100),
            nb.Stat(results, [p + "/validationAccuracy" for p in ptrs], scale=100),
            nb.Stat(results, [params], kind="int") if params else "as GCN",
            nb.Stat(results, [p + "/" + seconds for p in ptrs], kind="mean", digits=2),
        ])
    return table


def accuracy_figure(results: dict) -> str:
    series = []
    for name, ptrs, _, _ in rows(results):
        acc = nb.Stat(results, [p + "/testAccuracy" for p in ptrs], scale=100)
        f1 = nb.Stat(results, [p + "/testMacroF1" for p in ptrs], scale=100)
        series.append((name, [acc.mean, f1.mean], [acc.std, f1.std]))
    return nb.grouped_bar_chart(
        "Cora, public split: supervised models and the self-distilled teacher",
        "% on the 1,000 test nodes (mean ± std over seeds)",
        ["test accuracy", "macro-F1"],
        series,
    )


def build(results: dict) -> nb.Notebook:
    book = nb.Notebook("cora_public", "Cora, Planetoid public split", results, "results.json", nb.experiment_config(results))
    book.markdown(
        "## Planetoid reproduction\n\n"
        "Each model with its paper's hyperparameters (`graphkd train --split public`), and the "
        "standard self-distilled GCN teacher (EMA mean teacher + born-again generations, each kept "
        "only where the validation loss prefers it over the plain GCN; `graphkd evaluate "
        "--include-public --variants standard`), and the teacher `graphkd run` trains by default: "
        "its backbone chosen per seed by validation among MLP, GCN, GraphSAGE, APPNP and GAT (the "
        "cheapest within one standard error of the lowest calibrated validation loss), then "
        "self-distilled the same way (`graphkd run --dry-run`; its parameters are the first seed's "
        "model's, its time the teacher's training without the backbone selection), on the same "
        "seeds. Mean ± sample standard deviation over seeds."
    )
    book.table(accuracy_table(results), "display(Markdown(report.accuracy_table(results).markdown()))")
    book.figure("accuracy_by_model", accuracy_figure(results), "accuracy and macro-F1 by model",
                "display(SVG(report.accuracy_figure(results)))")
    return book


def main(argv):
    directory = argv[0] if argv else os.path.join(os.path.dirname(__file__), "..", "..", "notebooks-export", "cora_public")
    build(nb.load_results(os.path.join(directory, "results.json"))).save(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
