"""Renders notebooks-export/label_rate/ from its results.json (see label_rate.sh).

Methods are the `variant` of the evaluate runs: "plain" and "standard" (the self-distilled
teacher); any other variant -- e.g. a "student" whose runs carry the same fields (labels, seed,
variant, testAccuracy, testMacroF1) in another command's report -- adds columns and a line.
The students of `graphkd run` reports (PipelineReports, one per K: runs of {seed, split,
teacher, students}) are the method "student" too, their label setting "K=<labelsPerClass>" from
the report's configuration; their cells point into those reports.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import notebook as nb  # noqa: E402

NAMES = {"plain": "plain GCN", "standard": "self-KD teacher", "student": "MLP student"}


def method_name(variant: str) -> str:
    return NAMES.get(variant, variant)


def label_settings(results: dict) -> list:
    return nb.distinct(results, "labels")


def methods(results: dict) -> list:
    vs = nb.distinct(results, "variant")
    if pipeline_students(results) and "student" not in vs:
        vs.append("student")
    return vs


def pipeline_label(results: dict, command: str):
    """"K=<labelsPerClass>" of a `graphkd run` command's configuration (None without one)."""
    report = results["commands"][nb.command_index(results, command)]["report"]
    k = report.get("configuration", {}).get("split", {}).get("labelsPerClass")
    return f"K={k}" if k else None


def pipeline_students(results: dict, label: str = None) -> list:
    """(pointer, model) of every student of the `graphkd run` reports, for one label setting."""
    return [(p, m) for p, m in nb.pipeline_models(results, role="student")
            if label is None or pipeline_label(results, m["command"]) == label]


def pointers(results: dict, field: str, label: str, variant: str) -> list:
    """Pointers to `field` of the runs of one method at one label setting."""
    ps = nb.run_pointers(results, field, labels=label, variant=variant)
    if variant == "student":
        ps += [p + "/" + field for p, m in pipeline_students(results, label) if field in m]
    return ps


def student_sentence(results: dict) -> str:
    """What the student is, from the first `graphkd run` report's configuration."""
    p, m = pipeline_students(results)[0]
    report = results["commands"][nb.command_index(results, m["command"])]["report"]
    c = report["configuration"]
    student = c["students"][0]
    o = student["objective"]
    terms = ",".join(f"{t['name']}={t['weight']:g}" for t in o["terms"])
    return (f" The MLP student (`graphkd run --teacher {c['teacher']['architecture']} --student ...`, one "
            f"command per K) is a graph-free {student['architecture'].upper()} with "
            f"{'-'.join(str(h) for h in student['hiddenDimensions'])} hidden units distilled from the "
            f"self-distilled {c['teacher']['architecture'].upper()} teacher's soft labels (`--loss {terms}`, "
            f"T = {o['temperature']:g}, α = {o['alpha']:g}); it answers a request from the node's own "
            "features, without its neighbours.")


def teacher_check(results: dict) -> str:
    """Whether the students' teachers (in `graphkd run`) are the sweep's self-KD teachers: the
    (K, seed) pairs where their test accuracies are equal."""
    pairs, same = 0, 0
    for p, m in nb.pipeline_models(results, role="teacher"):
        label = pipeline_label(results, m["command"])
        sweep = [r for _, r in nb.matching_runs(results, labels=label, seed=m["seed"], variant="standard")]
        if sweep:
            pairs += 1
            same += sweep[0]["testAccuracy"] == m["testAccuracy"]
    if not pairs:
        return ""
    return (f" The student's teacher, trained again by `graphkd run`, has the same test accuracy as the "
            f"sweep's self-KD teacher on {same} of the {pairs} (K, seed) pairs both ran.")


def labels_per_class(label: str):
    m = re.fullmatch(r"K=(\d+)", label)
    return int(m.group(1)) if m else None


def accuracy_table(results: dict) -> nb.Table:
    """Test accuracy and macro-F1 (mean ± std over seeds, %) per label setting and method, the
    teacher's gain over plain training and the expected calibration error of its soft labels."""
    vs = methods(results)
    headers = ["labels"] + [f"{method_name(v)} acc %" for v in vs]
    gain = "plain" in vs and "standard" in vs
    if gain:
        headers.append("gain")
    headers += [f"{method_name(v)} F1 %" for v in vs]
    ece = "standard" in vs
    if ece:
        headers.append("ECE of soft labels")
    table = nb.Table(headers, ["left"] + ["left"] * len(vs) + (["right"] if gain else []) + ["left"] * len(vs) + (["right"] if ece else []))
    for label in label_settings(results):
        first = nb.matching_runs(results, labels=label)[0][0]
        row = [nb.Text(results, first + "/labels")]

        def stat(variant, field, **kw):
            ps = pointers(results, field, label, variant)
            return nb.Stat(results, ps, **kw) if ps else "—"

        row += [stat(v, "testAccuracy", scale=100) for v in vs]
        if gain:
            a = nb.run_pointers(results, "testAccuracy", labels=label, variant="standard")
            b = nb.run_pointers(results, "testAccuracy", labels=label, variant="plain")
            row.append(nb.Stat(results, a, kind="diff", scale=100, denominators=b, signed=True) if a and b else "—")
        row += [stat(v, "testMacroF1", scale=100) for v in vs]
        if ece:
            row.append(stat("standard", "calibrationError", kind="mean", digits=3))
        table.add(row)
    return table


def accuracy_figure(results: dict) -> str:
    """Test accuracy against labels per class (log scale), one line per method, ± std."""
    ks = [(labels_per_class(l), l) for l in label_settings(results) if labels_per_class(l) is not None]
    ks.sort()
    series = []
    for v in methods(results):
        means, errs = [], []
        for _, label in ks:
            ps = pointers(results, "testAccuracy", label, v)
            if ps:
                s = nb.Stat(results, ps, scale=100)
                means.append(s.mean)
                errs.append(s.std)
            else:
                means.append(None)
                errs.append(None)
        series.append((method_name(v), means, errs))
    return nb.line_chart(
        "Cora: test accuracy against labels per class",
        "labelled nodes per class (log scale)",
        "test accuracy % (mean ± std over seeds)",
        [k for k, _ in ks],
        series,
    )


def build(results: dict) -> nb.Notebook:
    book = nb.Notebook("label_rate", "Label rate against accuracy on Cora", results, "results.json", nb.experiment_config(results))
    book.markdown(
        "## Accuracy by label rate\n\n"
        "GCN backbone; K labelled nodes per class, 500 validation nodes and the 1,000 public test "
        "nodes (`public`: the Planetoid public split). Every method sees the same splits and seeds. "
        "Mean ± sample standard deviation over seeds; the gain is the difference of the means."
        + (
            student_sentence(results) + teacher_check(results)
            if "student" in methods(results) else ""
        )
    )
    book.table(accuracy_table(results), "display(Markdown(report.accuracy_table(results).markdown()))")
    book.figure("accuracy_by_label_rate", accuracy_figure(results), "test accuracy against labels per class",
                "display(SVG(report.accuracy_figure(results)))")
    return book


def main(argv):
    directory = argv[0] if argv else os.path.join(os.path.dirname(__file__), "..", "..", "notebooks-export", "label_rate")
    results = nb.load_results(os.path.join(directory, "results.json"))
    build(results).save(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
