"""Renders notebooks-export/compression/ (teacher against students: accuracy, cost, and which
distillation loss helps) from its results.json (see compression.sh).

It reads two kinds of report, each verbatim under `commands[i].report`:

* `graphkd run` reports (PipelineReports; commands "public" and "k5"): `runs` of
  `{seed, split, softLabelRun, teacher: MODEL, students: [MODEL]}` where MODEL is
  `{name, architecture, testAccuracy, testMacroF1, parameters, cost?: {multiplyAccumulatesPerNode,
  memory: {peakResidentBytes, incrementBytes}, fullGraphLatency: {medianSeconds},
  requestLatencies: [{batchSize, meanSubgraphNodes, latency: {medianSeconds}}]}}`; the cost is
  measured on a command's first seed. Cells point into these reports (notebook.pipeline_models).
* `graphkd distill` reports (commands "<student>-<split>-<losses>"): `runs` of `{seed,
  testAccuracy, teacherTestAccuracy, parameters}` and the `objective` they used.

Older flat results (runs of `{method, role, seed, testAccuracy, latencyMs, ...}`, see
scripts/reproduce/README.md) still render through `flat_table`.
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import notebook as nb  # noqa: E402

# The two `graphkd run` commands (split settings), in table order.
SPLITS = ["public", "k5"]
# The ablation: students and loss sets, in table order. A loss set's command is
# "<student>-<split>-<suffix>"; the structure loss is lsp for the GCN and rkd for the MLP.
ABLATION_STUDENTS = [("gcn", "GCN-8"), ("mlp", "MLP-128")]
ABLATION_SPLITS = [("public", "public"), ("k5_seed0", "k5")]
LOSS_SETS = [
    ("output KD alone", {"gcn": "kd", "mlp": "kd"}),
    ("+ feature hint", {"gcn": "kd+hint", "mlp": "kd+hint"}),
    ("+ Distillation Experts", {"gcn": "kd+de", "mlp": "kd+de"}),
    ("+ LSP (GCN) / + RKD (MLP)", {"gcn": "kd+lsp", "mlp": "kd+rkd"}),
    ("all five losses", {"gcn": "all", "mlp": "all"}),
]


# --------------------------------------------------------------------------------------------
# The `graphkd run` reports
# --------------------------------------------------------------------------------------------


def split_commands(results: dict) -> list:
    names = [c["name"] for c in results.get("commands", [])]
    return [s for s in SPLITS if s in names and nb.pipeline_models(results, command=s)]


def split_title(results: dict, command: str) -> str:
    """"public" or "K = 5", from the command's configuration."""
    report = results["commands"][nb.command_index(results, command)]["report"]
    split = report["configuration"]["split"]
    if split.get("labelsPerClass"):
        return f"K = {split['labelsPerClass']}"
    return str(split.get("name", command))


def model_names(results: dict) -> list:
    """Teacher first, then the students, in the first command's order."""
    command = split_commands(results)[0]
    out = []
    for _, m in nb.pipeline_models(results, command=command):
        if m["name"] not in out:
            out.append(m["name"])
    return out


def config_argument(results: dict, command: str) -> str:
    argv = results["commands"][nb.command_index(results, command)]["argv"]
    return argv[argv.index("--config") + 1] if "--config" in argv else "(no --config)"


def split_sentence(results: dict, splits: list) -> str:
    """How each `graphkd run` command's seed s picks its split, from its configuration."""
    parts = []
    for s in splits:
        split = results["commands"][nb.command_index(results, s)]["report"]["configuration"]["split"]
        if split.get("labelsPerClass"):
            parts.append(f"the {split_title(results, s)} run trains seed s on `k{split['labelsPerClass']}_seed<s>` "
                         f"({split['labelsPerClass']} labelled nodes per class, {split.get('validationSize')} "
                         f"validation nodes, tested on the `{split.get('testSplit')}` split's test nodes)")
        else:
            parts.append(f"the {split_title(results, s)} run trains every seed on the stored `{split.get('name')}` split")
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def first_model(results: dict, command: str, name: str) -> str:
    """Pointer to the model's report in the command's first run."""
    return nb.pipeline_models(results, command=command, name=name)[0][0]


def costed_model(results: dict, command: str, name: str):
    """Pointer to the model's report that carries a cost (the command's first seed), or None."""
    for p, m in nb.pipeline_models(results, command=command, name=name):
        if m.get("cost") is not None:
            return p
    return None


def request_pointer(results: dict, model: str, batch: int):
    """Pointer to the request-latency entry of `batch` nodes in the model report at `model`."""
    entries = nb.resolve(results, model + "/cost/requestLatencies")
    for i, e in enumerate(entries):
        if e["batchSize"] == batch:
            return f"{model}/cost/requestLatencies/{i}"
    return None


def accuracy_table(results: dict) -> nb.Table:
    """Per model: parameters, the teacher/model parameter factor, and per split test accuracy,
    macro-F1 (mean ± std over seeds) and retention (100 · mean accuracy / the teacher's)."""
    splits = split_commands(results)
    headers = ["model", "architecture", "parameters", "teacher ÷ model parameters"]
    for s in splits:
        t = split_title(results, s)
        headers += [f"{t}: test acc %", f"{t}: macro-F1 %", f"{t}: retention %"]
    table = nb.Table(headers, ["left", "left", "right", "right"] + ["left", "left", "right"] * len(splits))
    first = splits[0]
    teacher_parameters = first_model(results, first, "teacher") + "/parameters"
    for name in model_names(results):
        p = first_model(results, first, name)
        row = [nb.Text(results, p + "/name"), nb.Text(results, p + "/architecture"),
               nb.Stat(results, [p + "/parameters"], kind="int")]
        if name == "teacher":
            row.append("—")
        else:
            row.append(nb.Stat(results, [teacher_parameters], kind="ratio", denominators=[p + "/parameters"], digits=1))
        for s in splits:
            acc = nb.model_pointers(results, "testAccuracy", command=s, name=name)
            f1 = nb.model_pointers(results, "testMacroF1", command=s, name=name)
            ref = nb.model_pointers(results, "testAccuracy", command=s, name="teacher")
            row += [nb.Stat(results, acc, scale=100), nb.Stat(results, f1, scale=100)]
            row.append("—" if name == "teacher" else nb.Stat(results, acc, kind="percent_of", denominators=ref, digits=1))
        table.add(row)
    return table


def cost_reference(results: dict) -> str:
    """The command whose first seed's cost the cost table shows (the public split's)."""
    splits = [s for s in split_commands(results) if costed_model(results, s, "teacher")]
    return splits[0] if splits else None


def cost_table(results: dict) -> nb.Table:
    """What deciding "is the small model good enough?" needs: size, compute, memory, latency
    (full graph and per request, neighbour gathering included), speed-up and accuracy."""
    ref = cost_reference(results)
    splits = split_commands(results)
    teacher = costed_model(results, ref, "teacher")
    t1 = request_pointer(results, teacher, 1)
    headers = ["model", "parameters", "MACs / node", "peak MB (process)", "+MB in inference",
               "full graph ms", "request ×1 ms", "nodes gathered ×1", "request ×256 ms", "speed-up ×1"]
    headers += [f"{split_title(results, s)}: test acc %" for s in splits]
    table = nb.Table(headers, ["left"] + ["right"] * 9 + ["left"] * len(splits))
    for name in model_names(results):
        p = costed_model(results, ref, name)
        r1 = request_pointer(results, p, 1)
        r256 = request_pointer(results, p, 256)
        row = [
            nb.Text(results, p + "/name"),
            nb.Stat(results, [p + "/cost/parameterCount"], kind="int"),
            nb.Stat(results, [p + "/cost/multiplyAccumulatesPerNode"], kind="int"),
            nb.Stat(results, [p + "/cost/memory/peakResidentBytes"], kind="value", scale=1e-6, digits=0),
            nb.Stat(results, [p + "/cost/memory/incrementBytes"], kind="value", scale=1e-6, digits=1),
            nb.Stat(results, [p + "/cost/fullGraphLatency/medianSeconds"], kind="value", scale=1e3, digits=3),
            nb.Stat(results, [r1 + "/latency/medianSeconds"], kind="value", scale=1e3, digits=3),
            nb.Stat(results, [r1 + "/meanSubgraphNodes"], kind="value", digits=1),
            nb.Stat(results, [r256 + "/latency/medianSeconds"], kind="value", scale=1e3, digits=3) if r256 else "—",
            nb.Stat(results, [t1 + "/latency/medianSeconds"], kind="ratio",
                    denominators=[r1 + "/latency/medianSeconds"], digits=1),
        ]
        for s in splits:
            row.append(nb.Stat(results, nb.model_pointers(results, "testAccuracy", command=s, name=name), scale=100))
        table.add(row)
    return table


def accuracy_latency_figure(results: dict) -> str:
    """Test accuracy (mean ± std over seeds) against the single-node request latency (log x),
    one point per model and split."""
    points = []
    for s in split_commands(results):
        for name in model_names(results):
            p = costed_model(results, s, name)
            if p is None:
                continue
            r1 = request_pointer(results, p, 1)
            latency = nb.Stat(results, [r1 + "/latency/medianSeconds"], kind="value", scale=1e3)
            acc = nb.Stat(results, nb.model_pointers(results, "testAccuracy", command=s, name=name), scale=100)
            points.append((f"{name} ({split_title(results, s)})", latency.number, acc.mean, acc.std))
    return nb.scatter_chart(
        "Cora: accuracy against single-node request latency", "median latency of a 1-node request, ms (log scale)",
        "test accuracy % (mean ± std over seeds)", points)


# --------------------------------------------------------------------------------------------
# The loss ablation (`graphkd distill` reports)
# --------------------------------------------------------------------------------------------


def ablation_command(results: dict, student: str, split: str, suffix: str):
    name = f"{student}-{split}-{suffix}"
    return name if any(c["name"] == name for c in results.get("commands", [])) else None


def ablation_columns(results: dict) -> list:
    """(header, student, split) for every student × split with an output-KD-alone run."""
    out = []
    for student, label in ABLATION_STUDENTS:
        for split, run_command in ABLATION_SPLITS:
            if ablation_command(results, student, split, "kd"):
                title = split_title(results, run_command) if run_command in split_commands(results) else split
                out.append((f"{label}, {title}", student, split))
    return out


def ablation_pointers(results: dict, student: str, split: str, suffix: str, field: str = "testAccuracy") -> list:
    name = ablation_command(results, student, split, suffix)
    if name is None:
        return []
    i = nb.command_index(results, name)
    runs = results["commands"][i]["report"].get("runs", [])
    return [nb.pointer("commands", i, "report", "runs", j, field) for j, run in enumerate(runs) if field in run]


def ablation_table(results: dict) -> nb.Table:
    """Test accuracy % (mean ± std over student seeds) per loss set and student × split, with the
    teacher (seed 0) the students learn from on top."""
    cols = ablation_columns(results)
    table = nb.Table(["losses"] + [h for h, _, _ in cols], ["left"] * (1 + len(cols)))
    teacher = ["teacher (seed zero of the runs above)"]
    for _, student, split in cols:
        teacher.append(nb.Stat(results, ablation_pointers(results, student, split, "kd", "teacherTestAccuracy")[:1],
                               kind="value", scale=100))
    table.add(teacher)
    for label, suffixes in LOSS_SETS:
        row = [label]
        for _, student, split in cols:
            ps = ablation_pointers(results, student, split, suffixes[student])
            row.append(nb.Stat(results, ps, scale=100) if ps else "—")
        table.add(row)
    return table


def ablation_gains(results: dict):
    """Per loss set after the first, per column: (gain Stat, noise) where the gain is the
    difference of mean accuracies (points) against output KD alone and the noise is the standard
    error of that difference, sqrt(s_a²/n_a + s_b²/n_b)."""
    cols = ablation_columns(results)
    out = []
    for label, suffixes in LOSS_SETS[1:]:
        cells = []
        for header, student, split in cols:
            a = ablation_pointers(results, student, split, suffixes[student])
            b = ablation_pointers(results, student, split, "kd")
            if not a:
                cells.append((header, None, None))
                continue
            gain = nb.Stat(results, a, kind="diff", denominators=b, scale=100, signed=True)
            sa, sb = nb.Stat(results, a, scale=100), nb.Stat(results, b, scale=100)
            noise = math.sqrt(sa.std ** 2 / len(sa.values) + sb.std ** 2 / len(sb.values))
            cells.append((header, gain, noise))
        out.append((label, cells))
    return out


def gain_table(results: dict) -> nb.Table:
    cols = ablation_columns(results)
    table = nb.Table(["losses: gain over output KD alone, points"] + [h for h, _, _ in cols], ["left"] + ["right"] * len(cols))
    for label, cells in ablation_gains(results):
        table.add([label] + [g if g is not None else "—" for _, g, _ in cells])
    return table


def ablation_verdict(results: dict) -> str:
    """Which loss helps: a gain larger than twice its standard error helps, smaller than minus
    that hurts, anything else is within seed noise."""
    lines = []
    everywhere, somewhere = [], []
    counts = [len(ps) for _, st, sp in ablation_columns(results) for _, sx in LOSS_SETS
              for ps in [ablation_pointers(results, st, sp, sx[st])] if ps]
    if min(counts) < 2:
        return ("With one student seed per configuration there is no estimate of the seed noise, so "
                "these differences do not say which loss helps; the full mode runs several seeds.\n")
    for label, cells in ablation_gains(results):
        helps = [f"{h} ({g.text})" for h, g, n in cells if g is not None and g.number > 2 * n]
        hurts = [f"{h} ({g.text})" for h, g, n in cells if g is not None and g.number < -2 * n]
        neutral = [h for h, g, n in cells if g is not None and -2 * n <= g.number <= 2 * n]
        parts = []
        if helps:
            parts.append("helps in " + "; ".join(helps))
        if hurts:
            parts.append("hurts in " + "; ".join(hurts))
        if neutral:
            parts.append("is within seed noise in " + "; ".join(neutral))
        lines.append(f"- **{label}** " + ", ".join(parts) + ".")
        if helps and not hurts and not neutral:
            everywhere.append(label)
        elif helps:
            somewhere.append(f"*{label}* in {'; '.join(helps)}")
    n = " or ".join(str(c) for c in sorted(set(counts)))
    if everywhere:
        summary = ("Helping in every setting: " + ", ".join(f"*{h}*" for h in everywhere) +
                   f" (with {n} student seeds per configuration).")
    else:
        summary = (f"With {n} student seeds per configuration, no added loss helps in every setting"
                   + ("; beyond noise it gains only for " + " and ".join(somewhere) if somewhere else "") +
                   ". Output KD alone (`--loss kd=1`) stays the default: the added losses make a student "
                   "slower to train (next table) without a consistent gain.")
    return "\n".join(lines) + "\n\n" + summary + "\n"


def seconds_table(results: dict) -> nb.Table:
    """Mean training seconds per student (the reports' `seconds`) per loss set and column."""
    cols = ablation_columns(results)
    table = nb.Table(["losses: training seconds per student"] + [h for h, _, _ in cols], ["left"] + ["right"] * len(cols))
    for label, suffixes in LOSS_SETS:
        row = [label]
        for _, student, split in cols:
            ps = ablation_pointers(results, student, split, suffixes[student], "seconds")
            row.append(nb.Stat(results, ps, kind="mean", digits=1) if ps else "—")
        table.add(row)
    return table


# --------------------------------------------------------------------------------------------
# Flat results (the shape documented in scripts/reproduce/README.md before graphkd run existed)
# --------------------------------------------------------------------------------------------

FLAT_COLUMNS = [
    ("test accuracy %", "testAccuracy", "mean_std", 100, 1, "left"),
    ("macro-F1 %", "testMacroF1", "mean_std", 100, 1, "left"),
    ("parameters", "parameters", "int", 1, 0, "right"),
    ("MACs / node", "macsPerNode", "int", 1, 0, "right"),
    ("latency ms / request", "latencyMs", "mean", 1, 3, "right"),
    ("peak MB", "peakMemoryMB", "mean", 1, 1, "right"),
]


def flat_table(results: dict) -> nb.Table:
    cols = [c for c in FLAT_COLUMNS if nb.run_pointers(results, c[1])]
    ts = nb.distinct(results, "method", role="teacher")
    ref = ts[0] if ts else None
    headers = ["method", "role"] + [c[0] for c in cols] + (["retention %"] if ref else [])
    table = nb.Table(headers, ["left", "left"] + [c[5] for c in cols] + (["right"] if ref else []))
    for m in nb.distinct(results, "method"):
        first = nb.matching_runs(results, method=m)[0][0]
        row = [nb.Text(results, first + "/method"), nb.Text(results, first + "/role")]
        for _, field, kind, scale, digits, _ in cols:
            ps = nb.run_pointers(results, field, method=m)
            if not ps:
                row.append("—")
            elif kind == "int":
                row.append(nb.Stat(results, ps[:1], kind="int"))
            else:
                row.append(nb.Stat(results, ps, kind=kind, scale=scale, digits=digits))
        if ref:
            a = nb.run_pointers(results, "testAccuracy", method=m)
            b = nb.run_pointers(results, "testAccuracy", method=ref)
            row.append(nb.Stat(results, a, kind="percent_of", denominators=b, digits=1))
        table.add(row)
    return table


# --------------------------------------------------------------------------------------------


def seeds_text(pointers_list: list) -> str:
    counts = sorted({len(ps) for ps in pointers_list if ps})
    return " or ".join(str(c) for c in counts)


def teacher_sentence(results: dict, splits: list) -> str:
    """How the teachers were made: a named backbone, or the backbone `graphkd run` chose per seed
    by validation (with how often each was chosen)."""
    architectures = []
    for s in splits:
        architectures += [m["architecture"] for _, m in nb.pipeline_models(results, command=s, name="teacher")]
    chosen = [c for s in splits for c in [results["commands"][nb.command_index(results, s)]["report"]
                                           ["configuration"]["teacher"].get("architecture")]]
    counts = ", ".join(f"{a.upper()} {architectures.count(a)}×" for a in dict.fromkeys(architectures))
    if any(c in (None, "auto") for c in chosen):
        return ("the teacher's backbone is chosen by validation among MLP, GCN, GraphSAGE, APPNP and GAT "
                f"(chosen: {counts} over the runs), then self-distilled with the standard, validation-guarded "
                "configuration (mean teacher + born-again generations, each kept only where the validation "
                "loss prefers it; the plain backbone always a candidate)")
    return f"the standard self-distilled teacher ({counts}) is trained"


def build(results: dict) -> nb.Notebook:
    book = nb.Notebook("compression", "Compressing the teacher: accuracy and cost", results, "results.json",
                       nb.experiment_config(results))
    splits = split_commands(results)
    if not splits:
        book.markdown("## Teacher and students\n\nMean ± sample standard deviation over seeds.")
        book.table(flat_table(results), "display(Markdown(report.flat_table(results).markdown()))")
        return book

    first = splits[0]
    names = model_names(results)
    per_split = {s: len(nb.model_pointers(results, "testAccuracy", command=s, name="teacher")) for s in splits}
    teacher = first_model(results, first, "teacher")
    book.markdown(
        "## Teacher and students: accuracy\n\n"
        "`graphkd run` with " + " and ".join(
            f"`{config_argument(results, s)}` "
            f"({split_title(results, s)}, {per_split[s]} seeds)" for s in splits) +
        f": per seed, {teacher_sentence(results, splits)}, its soft labels and hidden "
        "representation are written into a copy of `data/cora.h5`, and the students ("
        + ", ".join(f"`{n}`" for n in names if n != "teacher") +
        ") are distilled from them with output-layer KD. " + split_sentence(results, splits) + " Mean ± sample "
        "standard deviation over seeds; retention is 100 · a model's mean test accuracy / the "
        "teacher's; “teacher ÷ model parameters” is how many times fewer parameters the model has than the teacher (below 1: more)."
    )
    book.table(accuracy_table(results), "display(Markdown(report.accuracy_table(results).markdown()))")

    ref = cost_reference(results)
    if ref:
        p = costed_model(results, ref, "teacher")
        seed = nb.pipeline_models(results, command=ref, name="teacher")[0][1]["seed"]
        reps = nb.resolve(results, p + "/cost/fullGraphLatency/count")
        meta = results["commands"][nb.command_index(results, ref)]["report"]["metadata"]
        book.markdown(
            "## The cost table: is the small model good enough?\n\n"
            f"Measured by `graphkd run` on seed {seed} of the {split_title(results, ref)} run, in the same "
            f"process, with {meta['threads']} threads on this project's machine kind (shared with other jobs; "
            f"OpenBLAS kernel {meta['openBLASKernel']}), with every model answering the "
            f"same requests; latencies are medians over {reps} repetitions. A request for 1 or 256 nodes "
            "includes gathering each node's receptive field (the L-hop neighbourhood for the GNNs, "
            "the node alone for the graph-free MLP) and running the model on that subgraph. Peak MB is "
            "the process's peak resident memory during full-graph inference (graph and model included); "
            "+MB is what the inference pass added. The speed-up is the teacher's single-node request "
            "latency over the model's. Accuracy columns are the means over seeds from the table above."
        )
        book.table(cost_table(results), "display(Markdown(report.cost_table(results).markdown()))")
        book.figure("accuracy_vs_latency", accuracy_latency_figure(results),
                    "test accuracy against single-node request latency",
                    "display(SVG(report.accuracy_latency_figure(results)))")

    cols = ablation_columns(results)
    if cols:
        counts = [ablation_pointers(results, st, sp, suffixes[st]) for _, st, sp in cols for _, suffixes in LOSS_SETS]
        kd = results["commands"][nb.command_index(results, ablation_command(results, cols[0][1], cols[0][2], "kd"))]
        book.markdown(
            "## Which distillation loss helps\n\n"
            "`graphkd distill` from the seed-0 teachers of the runs above (stored in the file as "
            "`standard-<backbone>-<split>-seed0` with their hidden representations), "
            f"{seeds_text(counts)} student seeds per configuration; the GCN-8 student with α = "
            f"{kd['report']['objective']['alpha']}, T = {kd['report']['objective']['temperature']} and the MLP-128 "
            "student as in the runs above. `kd` is (1 − α)·T²·KL to the soft labels on every node (plus "
            "α·CE on the labelled ones); `hint` a FitNets projector onto the teacher's hidden layer (MSE); `de` "
            "Distillation Experts; `lsp` local structure preserving over the graph's neighbours (GCN) and "
            "`rkd` its relational variant over sampled anchor nodes (MLP, which stays graph-free at "
            "inference); every added loss at the weight in the command lines above. Test accuracy %, mean ± "
            "sample standard deviation over student seeds."
        )
        book.table(ablation_table(results), "display(Markdown(report.ablation_table(results).markdown()))")
        book.markdown(
            "The gain of each added loss over output KD alone (difference of the mean accuracies, in "
            "points). A gain counts as help when it exceeds twice its standard error √(s²ₐ/nₐ + s²ᵦ/nᵦ), as "
            "harm when it is below minus that, and as seed noise otherwise:"
        )
        book.table(gain_table(results), "display(Markdown(report.gain_table(results).markdown()))")
        book.markdown(ablation_verdict(results))
        book.markdown("Training time per student (mean over seeds, seconds, on the shared machine):")
        book.table(seconds_table(results), "display(Markdown(report.seconds_table(results).markdown()))")
    return book


def main(argv):
    directory = argv[0] if argv else os.path.join(os.path.dirname(__file__), "..", "..", "notebooks-export", "compression")
    build(nb.load_results(os.path.join(directory, "results.json"))).save(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
