"""Exported notebooks from GraphKD results, with the Python standard library only.

A notebook is built from one results JSON (written by a `scripts/reproduce/<name>.sh` script
from the `graphkd` reports it ran) and saved twice, byte-for-byte deterministically:

* `<name>.ipynb` -- a Jupyter notebook (nbformat 4.5): markdown cells, and code cells whose
  outputs carry the tables (`text/markdown` + `text/plain`) and figures (`image/svg+xml`);
* `<name>.md` -- its Markdown rendering, the figures written as SVG files in `figures/`.

Every table cell that holds a number is *traceable*: the notebook's metadata
(`metadata.graphkd.provenance`) says which values of the results JSON (JSON pointers) the cell
was computed from, with which statistic, scale and number of digits, so a test can recompute
it (see Tests/NotebookExportTests).

Nothing here reads the clock or the environment: the same results JSON gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sys
from typing import Any, Callable, Iterable, Sequence

NBFORMAT = 4
NBFORMAT_MINOR = 5

# --------------------------------------------------------------------------------------------
# Results and provenance
# --------------------------------------------------------------------------------------------


def matching_runs(results: dict, **where: Any) -> list[tuple[str, dict]]:
    """(pointer, run) for every run of every command's report (`report.runs`) whose fields
    equal `where`, in order."""
    found = []
    for i, command in enumerate(results.get("commands", [])):
        for j, run in enumerate(command.get("report", {}).get("runs", [])):
            if all(run.get(k) == v for k, v in where.items()):
                found.append((pointer("commands", i, "report", "runs", j), run))
    return found


def run_pointers(results: dict, field: str, **where: Any) -> list[str]:
    """Pointers to `field` (a "/"-separated path inside a run) of every run matching `where`."""
    tail = "".join("/" + pointer_escape(t) for t in field.split("/"))
    return [p + tail for p, run in matching_runs(results, **where) if _has(run, field)]


def _has(run: dict, field: str) -> bool:
    value: Any = run
    for t in field.split("/"):
        if not isinstance(value, dict) or t not in value:
            return False
        value = value[t]
    return value is not None


def distinct(results: dict, field: str, **where: Any) -> list:
    """The values of `field` over the matching runs, in order of first appearance."""
    out: list = []
    for _, run in matching_runs(results, **where):
        if field in run and run[field] not in out:
            out.append(run[field])
    return out


def pipeline_models(results: dict, **where: Any) -> list[tuple[str, dict]]:
    """(pointer, model) for every model of every `graphkd run` report (a PipelineReport: runs of
    `{seed, split, softLabelRun, teacher, students}`), teacher first within each run, whose fields
    equal `where`. The pointer is the model report's (…/runs/j/teacher or …/runs/j/students/k), so
    `pointer + "/testAccuracy"` resolves; the model dict is the report plus fields to match on
    only (they have no pointer of their own): `command` (the command's name), `seed`, `split`,
    `role` ("teacher" or "student")."""
    found = []
    for i, command in enumerate(results.get("commands", [])):
        for j, run in enumerate(command.get("report", {}).get("runs", [])):
            if not isinstance(run, dict) or "teacher" not in run or "students" not in run:
                continue
            base = pointer("commands", i, "report", "runs", j)
            models = [(base + "/teacher", "teacher", run["teacher"])]
            models += [(pointer("commands", i, "report", "runs", j, "students", k), "student", s)
                       for k, s in enumerate(run["students"])]
            for p, role, model in models:
                record = dict(model)
                record.update(command=command["name"], seed=run.get("seed"), split=run.get("split"), role=role)
                if all(record.get(k) == v for k, v in where.items()):
                    found.append((p, record))
    return found


def model_pointers(results: dict, field: str, **where: Any) -> list[str]:
    """Pointers to `field` (a "/"-separated path inside a model report, e.g.
    "cost/fullGraphLatency/medianSeconds") of every pipeline model matching `where`."""
    tail = "".join("/" + pointer_escape(t) for t in field.split("/"))
    return [p + tail for p, model in pipeline_models(results, **where) if _has(model, field)]


def load_results(path: str) -> dict:
    """The results JSON at `path`."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def canonical_json(value: Any) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8: the form that is hashed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def config_hash(config: Any) -> str:
    """sha256 of the canonical JSON of `config`."""
    return sha256_hex(canonical_json(config).encode("utf-8"))


def pointer_escape(token: str) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*tokens: Any) -> str:
    """A JSON pointer (RFC 6901) from path tokens: pointer("commands", 0, "report") -> /commands/0/report."""
    return "".join("/" + pointer_escape(str(t)) for t in tokens)


def resolve(document: Any, ptr: str) -> Any:
    """The value at JSON pointer `ptr` in `document`."""
    value = document
    if ptr == "":
        return value
    for raw in ptr.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(value, list):
            value = value[int(token)]
        else:
            value = value[token]
    return value


def mean(xs: Sequence[float]) -> float:
    """Arithmetic mean, summed left to right (the same order as the Swift test)."""
    total = 0.0
    for x in xs:
        total += x
    return total / len(xs)


def std(xs: Sequence[float]) -> float:
    """Sample standard deviation (n - 1); 0 for one value."""
    if len(xs) < 2:
        return 0.0
    m = mean(xs)
    total = 0.0
    for x in xs:
        total += (x - m) * (x - m)
    return math.sqrt(total / (len(xs) - 1))


def round_half_away(y: float) -> float:
    """Nearest integer, halves away from zero (Swift's `rounded()`, which the CLI uses)."""
    a = abs(y)
    f = math.floor(a)
    n = f + 1.0 if a - f >= 0.5 else f
    return math.copysign(n, y)


def fixed(x: float, digits: int) -> str:
    """`x` with `digits` decimals, rounded as the CLI rounds: (x · 10^digits).rounded() / 10^digits."""
    scale = 1.0
    for _ in range(digits):
        scale *= 10.0
    r = round_half_away(x * scale) / scale
    text = "%.*f" % (digits, r)
    if text.startswith("-") and float(text) == 0.0:
        text = text[1:]
    return text


def grouped(n: float) -> str:
    """An integer with thousands separators: 23063 -> 23,063."""
    return "{:,}".format(int(round(n)))


class Stat:
    """A number computed from values of the results JSON, with its provenance.

    kind:  "mean_std" (mean ± std), "mean", "value" (exactly one value), "int" (one value,
           thousands-grouped), "percent_of" (100 · mean of `pointers` / mean of `denominators`),
           "diff" (mean of `pointers` - mean of `denominators`), "ratio" (mean of `pointers` /
           mean of `denominators`, e.g. a speed-up), "count" (number of values).
    scale: each value is multiplied by it first (e.g. 100 for percentages).
    signed: a leading "+" on non-negative numbers (for gains).
    """

    def __init__(
        self,
        results: dict,
        pointers: Sequence[str],
        kind: str = "mean_std",
        digits: int = 1,
        scale: float = 1.0,
        denominators: Sequence[str] = (),
        signed: bool = False,
    ):
        if not pointers:
            raise ValueError("a statistic needs at least one value")
        self.pointers = list(pointers)
        self.denominators = list(denominators)
        self.kind = kind
        self.digits = digits
        self.scale = scale
        self.signed = signed
        self.values = [float(resolve(results, p)) * scale for p in self.pointers]
        self.others = [float(resolve(results, p)) * scale for p in self.denominators]
        if kind not in ("mean_std", "mean", "value", "int", "percent_of", "diff", "ratio", "count"):
            raise ValueError(f"unknown statistic {kind!r}")
        if kind in ("percent_of", "diff", "ratio") and not self.others:
            raise ValueError(f"a {kind} needs denominators")
        if kind in ("value", "int") and len(self.values) != 1:
            raise ValueError(f"a {kind} needs exactly one value")

    @property
    def mean(self) -> float:
        return mean(self.values)

    @property
    def std(self) -> float:
        return std(self.values)

    @property
    def number(self) -> float:
        """The statistic's central value (for figures)."""
        if self.kind == "percent_of":
            return 100.0 * mean(self.values) / mean(self.others)
        if self.kind == "diff":
            return mean(self.values) - mean(self.others)
        if self.kind == "ratio":
            return mean(self.values) / mean(self.others)
        if self.kind == "count":
            return float(len(self.values))
        return mean(self.values)

    @property
    def text(self) -> str:
        if self.kind == "mean_std":
            return f"{fixed(self.mean, self.digits)} ± {fixed(self.std, self.digits)}"
        if self.kind == "int":
            return grouped(self.values[0])
        if self.kind == "count":
            return str(len(self.values))
        text = fixed(self.number, self.digits)
        if self.signed and not text.startswith("-"):
            text = "+" + text
        return text

    def provenance(self) -> dict:
        entry: dict = {
            "kind": self.kind,
            "digits": self.digits,
            "scale": self.scale,
            "pointers": self.pointers,
        }
        if self.denominators:
            entry["denominators"] = self.denominators
        if self.signed:
            entry["signed"] = True
        return entry


class Text:
    """A table cell copied verbatim from a string of the results JSON (e.g. a split name)."""

    def __init__(self, results: dict, ptr: str, display: str | None = None):
        self.pointer = ptr
        self.value = str(resolve(results, ptr))
        self.text = self.value if display is None else display
        if display is not None and display != self.value:
            raise ValueError("a traceable text cell shows its value verbatim")

    def provenance(self) -> dict:
        return {"kind": "text", "pointers": [self.pointer]}


Cell = Any  # str (a fixed label without digits), Stat, or Text


class Table:
    """A Markdown table whose numeric cells are Stats or Texts (traceable)."""

    def __init__(self, headers: Sequence[str], align: Sequence[str] | None = None, caption: str = ""):
        self.headers = list(headers)
        self.align = list(align) if align else ["left"] * len(headers)
        self.rows: list[list[Cell]] = []
        self.caption = caption

    def add(self, row: Sequence[Cell]) -> None:
        if len(row) != len(self.headers):
            raise ValueError(f"row has {len(row)} cells, table has {len(self.headers)} columns")
        for cell in row:
            if isinstance(cell, str) and any(ch.isdigit() for ch in cell):
                raise ValueError(f"untraceable number in a table cell: {cell!r}")
        self.rows.append(list(row))

    @staticmethod
    def cell_text(cell: Cell) -> str:
        text = cell if isinstance(cell, str) else cell.text
        return text.replace("|", "\\|")

    def markdown(self) -> str:
        rule = {"left": "---", "right": "---:", "center": ":---:"}
        lines = [
            "| " + " | ".join(self.headers) + " |",
            "| " + " | ".join(rule[a] for a in self.align) + " |",
        ]
        for row in self.rows:
            lines.append("| " + " | ".join(self.cell_text(c) for c in row) + " |")
        return "\n".join(lines) + "\n"

    def plain(self) -> str:
        texts = [self.headers] + [[self.cell_text(c) for c in row] for row in self.rows]
        widths = [max(len(r[i]) for r in texts) for i in range(len(self.headers))]
        out = []
        for n, r in enumerate(texts):
            out.append("  ".join(t.ljust(widths[i]) for i, t in enumerate(r)).rstrip())
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
        return "\n".join(out) + "\n"

    def provenance(self, table_index: int) -> list:
        entries = []
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row):
                if isinstance(cell, str):
                    continue
                entry = {"table": table_index, "row": r, "column": c, "text": cell.text}
                entry.update(cell.provenance())
                entries.append(entry)
        return entries


# --------------------------------------------------------------------------------------------
# SVG charts (hand-written, deterministic)
# --------------------------------------------------------------------------------------------

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
MARKERS = ["circle", "square", "triangle", "diamond"]


def _n(x: float) -> str:
    """A coordinate with two decimals and no trailing zeros."""
    text = "%.2f" % x
    text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _esc(text: str) -> str:
    return (
        str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi]."""
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(count, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = mag
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            step = m * mag
            break
    start = math.floor(lo / step) * step
    ticks = []
    t = start
    while t <= hi + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    if ticks[-1] < hi - 1e-12:
        ticks.append(round(t, 10))
    return ticks


def tick_label(t: float) -> str:
    if abs(t - round(t)) < 1e-9:
        return str(int(round(t)))
    return ("%.3f" % t).rstrip("0").rstrip(".")


class Figure:
    """An SVG chart: plot area, axes with ticks, title, axis labels, legend."""

    def __init__(self, title: str, x_label: str, y_label: str, legend_labels: Sequence[str] = (), plot_width: int = 450, height: int = 400):
        self.title = title
        self.x_label = x_label
        self.y_label = y_label
        longest = max((len(label) for label in legend_labels), default=0)
        self.left, self.top, self.bottom = 70, 40, 55
        self.right = 50 + int(math.ceil(6.5 * longest))
        self.width = self.left + plot_width + self.right
        self.height = height
        self.parts: list[str] = []

    @property
    def plot_w(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> float:
        return self.height - self.top - self.bottom

    def frame(
        self,
        x_ticks: list[tuple[float, str]],
        y_ticks: list[tuple[float, str]],
        sx: Callable[[float], float],
        sy: Callable[[float], float],
    ) -> None:
        p = self.parts
        x0, y0, x1, y1 = self.left, self.top, self.left + self.plot_w, self.top + self.plot_h
        p.append(f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(self.plot_w)}" height="{_n(self.plot_h)}" fill="white" stroke="none"/>')
        for value, label in y_ticks:
            y = sy(value)
            p.append(f'<line x1="{_n(x0)}" y1="{_n(y)}" x2="{_n(x1)}" y2="{_n(y)}" stroke="#e0e0e0" stroke-width="1"/>')
            p.append(f'<line x1="{_n(x0 - 5)}" y1="{_n(y)}" x2="{_n(x0)}" y2="{_n(y)}" stroke="black" stroke-width="1"/>')
            p.append(f'<text x="{_n(x0 - 8)}" y="{_n(y + 4)}" text-anchor="end" font-size="11">{_esc(label)}</text>')
        for value, label in x_ticks:
            x = sx(value)
            p.append(f'<line x1="{_n(x)}" y1="{_n(y1)}" x2="{_n(x)}" y2="{_n(y1 + 5)}" stroke="black" stroke-width="1"/>')
            p.append(f'<text x="{_n(x)}" y="{_n(y1 + 18)}" text-anchor="middle" font-size="11">{_esc(label)}</text>')
        p.append(f'<line x1="{_n(x0)}" y1="{_n(y1)}" x2="{_n(x1)}" y2="{_n(y1)}" stroke="black" stroke-width="1"/>')
        p.append(f'<line x1="{_n(x0)}" y1="{_n(y0)}" x2="{_n(x0)}" y2="{_n(y1)}" stroke="black" stroke-width="1"/>')
        p.append(
            f'<text x="{_n(x0 + self.plot_w / 2)}" y="{_n(self.height - 12)}" text-anchor="middle" font-size="12">{_esc(self.x_label)}</text>'
        )
        cy = self.top + self.plot_h / 2
        p.append(
            f'<text x="16" y="{_n(cy)}" text-anchor="middle" font-size="12" transform="rotate(-90 16 {_n(cy)})">{_esc(self.y_label)}</text>'
        )
        p.append(
            f'<text x="{_n(self.width / 2)}" y="22" text-anchor="middle" font-size="14" font-weight="bold">{_esc(self.title)}</text>'
        )

    def marker(self, shape: str, x: float, y: float, color: str, size: float = 4.0) -> str:
        if shape == "square":
            return f'<rect x="{_n(x - size)}" y="{_n(y - size)}" width="{_n(2 * size)}" height="{_n(2 * size)}" fill="{color}"/>'
        if shape == "triangle":
            pts = f"{_n(x)},{_n(y - size - 1)} {_n(x - size - 1)},{_n(y + size)} {_n(x + size + 1)},{_n(y + size)}"
            return f'<polygon points="{pts}" fill="{color}"/>'
        if shape == "diamond":
            s = size + 1
            pts = f"{_n(x)},{_n(y - s)} {_n(x + s)},{_n(y)} {_n(x)},{_n(y + s)} {_n(x - s)},{_n(y)}"
            return f'<polygon points="{pts}" fill="{color}"/>'
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(size)}" fill="{color}"/>'

    def legend(self, entries: list[tuple[str, str, str]]) -> None:
        """entries: (label, color, kind) with kind "line", "bar" or a marker shape."""
        x = self.left + self.plot_w + 15
        y = self.top + 10
        for i, (label, color, kind) in enumerate(entries):
            cy = y + 18 * i
            if kind == "bar":
                self.parts.append(f'<rect x="{_n(x)}" y="{_n(cy - 6)}" width="14" height="10" fill="{color}"/>')
            elif kind == "line":
                self.parts.append(f'<line x1="{_n(x)}" y1="{_n(cy)}" x2="{_n(x + 18)}" y2="{_n(cy)}" stroke="{color}" stroke-width="2"/>')
                self.parts.append(self.marker(MARKERS[i % len(MARKERS)], x + 9, cy, color, 3.0))
            else:
                self.parts.append(self.marker(kind, x + 7, cy, color, 4.0))
            self.parts.append(f'<text x="{_n(x + 24)}" y="{_n(cy + 4)}" font-size="11">{_esc(label)}</text>')

    def svg(self) -> str:
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{self.height}" '
            f'viewBox="0 0 {self.width} {self.height}" font-family="DejaVu Sans, Arial, sans-serif">'
        )
        body = "\n".join(self.parts)
        return f'{head}\n<title>{_esc(self.title)}</title>\n<rect width="100%" height="100%" fill="white"/>\n{body}\n</svg>\n'


def line_chart(
    title: str,
    x_label: str,
    y_label: str,
    x_values: Sequence[float],
    series: Sequence[tuple[str, Sequence[float | None], Sequence[float | None]]],
    log_x: bool = True,
) -> str:
    """One line per series over categorical-ish x (e.g. labels per class) with ±error bars.

    series: (name, means, errors); a None mean leaves that point out.
    """
    fig = Figure(title, x_label, y_label, [name for name, _, _ in series])
    xs = [float(x) for x in x_values]
    tx = (lambda v: math.log10(v)) if log_x else (lambda v: v)
    lo_x, hi_x = tx(min(xs)), tx(max(xs))
    pad = (hi_x - lo_x) * 0.05 or 0.5
    lo_x, hi_x = lo_x - pad, hi_x + pad
    ys = [
        (m - (e or 0.0), m + (e or 0.0))
        for _, means, errs in series
        for m, e in zip(means, errs)
        if m is not None
    ]
    y_lo = min(a for a, _ in ys)
    y_hi = max(b for _, b in ys)
    y_ticks = nice_ticks(y_lo, y_hi, 6)
    sy_lo, sy_hi = y_ticks[0], y_ticks[-1]
    sx = lambda v: fig.left + (tx(v) - lo_x) / (hi_x - lo_x) * fig.plot_w
    sy = lambda v: fig.top + fig.plot_h - (v - sy_lo) / (sy_hi - sy_lo) * fig.plot_h
    fig.frame([(x, tick_label(x)) for x in xs], [(t, tick_label(t)) for t in y_ticks], sx, sy)
    legend = []
    for i, (name, means, errs) in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        shape = MARKERS[i % len(MARKERS)]
        pts = [(sx(x), sy(m), e) for x, m, e in zip(xs, means, errs) if m is not None]
        if len(pts) > 1:
            d = " ".join(f"{_n(px)},{_n(py)}" for px, py, _ in pts)
            fig.parts.append(f'<polyline points="{d}" fill="none" stroke="{color}" stroke-width="2"/>')
        for (px, py, e), (x, m) in zip(pts, [(x, m) for x, m in zip(xs, means) if m is not None]):
            if e:
                top, bot = sy(m + e), sy(m - e)
                fig.parts.append(f'<line x1="{_n(px)}" y1="{_n(top)}" x2="{_n(px)}" y2="{_n(bot)}" stroke="{color}" stroke-width="1.2"/>')
                for yy in (top, bot):
                    fig.parts.append(f'<line x1="{_n(px - 4)}" y1="{_n(yy)}" x2="{_n(px + 4)}" y2="{_n(yy)}" stroke="{color}" stroke-width="1.2"/>')
            fig.parts.append(fig.marker(shape, px, py, color))
        legend.append((name, color, "line"))
    fig.legend(legend)
    return fig.svg()


def scatter_chart(
    title: str,
    x_label: str,
    y_label: str,
    points: Sequence[tuple[str, float, float, float | None]],
    log_x: bool = True,
) -> str:
    """One point per method: (name, x, y, y error); log-scaled x (e.g. latency)."""
    fig = Figure(title, x_label, y_label, [p[0] for p in points])
    xs = [p[1] for p in points]
    if log_x:
        lo_d = math.floor(math.log10(min(xs)))
        hi_d = math.ceil(math.log10(max(xs)))
        if hi_d == lo_d:
            hi_d += 1
        lo_x, hi_x = float(lo_d), float(hi_d)
        tx = lambda v: math.log10(v)
        x_ticks = [(10.0**d, tick_label(10.0**d)) for d in range(lo_d, hi_d + 1)]
        if hi_d - lo_d <= 2:  # few decades: also 2 and 5 times each
            x_ticks += [(m * 10.0**d, tick_label(m * 10.0**d)) for d in range(lo_d, hi_d) for m in (2, 5)]
            x_ticks.sort()
    else:
        t = nice_ticks(min(xs), max(xs))
        lo_x, hi_x = t[0], t[-1]
        tx = lambda v: v
        x_ticks = [(v, tick_label(v)) for v in t]
    ys = [(p[2] - (p[3] or 0.0), p[2] + (p[3] or 0.0)) for p in points]
    y_ticks = nice_ticks(min(a for a, _ in ys), max(b for _, b in ys), 6)
    sx = lambda v: fig.left + (tx(v) - lo_x) / (hi_x - lo_x) * fig.plot_w
    sy = lambda v: fig.top + fig.plot_h - (v - y_ticks[0]) / (y_ticks[-1] - y_ticks[0]) * fig.plot_h
    fig.frame(x_ticks, [(t, tick_label(t)) for t in y_ticks], sx, sy)
    legend = []
    for i, (name, x, y, e) in enumerate(points):
        color = PALETTE[i % len(PALETTE)]
        shape = MARKERS[i % len(MARKERS)]
        px, py = sx(x), sy(y)
        if e:
            fig.parts.append(
                f'<line x1="{_n(px)}" y1="{_n(sy(y + e))}" x2="{_n(px)}" y2="{_n(sy(y - e))}" stroke="{color}" stroke-width="1.2"/>'
            )
        fig.parts.append(fig.marker(shape, px, py, color, 5.0))
        legend.append((name, color, shape))
    fig.legend(legend)
    return fig.svg()


def grouped_bar_chart(
    title: str,
    y_label: str,
    groups: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], Sequence[float | None]]],
) -> str:
    """Bars grouped by `groups` (e.g. metrics), one colour per series (e.g. method), ±error."""
    fig = Figure(title, "", y_label, [name for name, _, _ in series])
    tops = [m + (e or 0.0) for _, means, errs in series for m, e in zip(means, errs)]
    y_ticks = nice_ticks(0.0, max(tops), 5)
    sy = lambda v: fig.top + fig.plot_h - (v - y_ticks[0]) / (y_ticks[-1] - y_ticks[0]) * fig.plot_h
    group_w = fig.plot_w / len(groups)
    sx = lambda g: fig.left + (g + 0.5) * group_w
    fig.frame([(float(g), name) for g, name in enumerate(groups)], [(t, tick_label(t)) for t in y_ticks], sx, sy)
    bar_w = group_w * 0.8 / max(len(series), 1)
    legend = []
    for s, (name, means, errs) in enumerate(series):
        color = PALETTE[s % len(PALETTE)]
        for g, (m, e) in enumerate(zip(means, errs)):
            x = fig.left + g * group_w + group_w * 0.1 + s * bar_w
            y = sy(m)
            fig.parts.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar_w * 0.9)}" height="{_n(sy(0.0) - y)}" fill="{color}"/>'
            )
            if e:
                cx = x + bar_w * 0.45
                fig.parts.append(
                    f'<line x1="{_n(cx)}" y1="{_n(sy(m + e))}" x2="{_n(cx)}" y2="{_n(sy(max(m - e, 0.0)))}" stroke="black" stroke-width="1"/>'
                )
        legend.append((name, color, "bar"))
    fig.legend(legend)
    return fig.svg()


# --------------------------------------------------------------------------------------------
# Notebooks
# --------------------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    """nbformat's multi-line string: a list of lines, each but the last ending in a newline."""
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


class Notebook:
    """Markdown text, tables and figures in order; saved as .ipynb and .md."""

    def __init__(self, name: str, title: str, results: dict, results_file: str, config: dict,
                 script: str | None = None, environment: str = ""):
        """`name` names the files and the cells. `script` (default: `name`) names the
        scripts/reproduce/<script>.sh that made the results and the <script>.py module the notebook's
        cells import to render them; `environment` (e.g. "RATE=0.005 ") is shown before the script."""
        self.name = name
        self.script = script or name
        self.environment = environment
        self.title = title
        self.results = results
        self.results_file = results_file
        self.config = config
        self.items: list[tuple[str, Any]] = []  # ("markdown", str) | ("table", (Table, code)) | ("figure", ...)
        self.tables: list[Table] = []
        self.figures: list[tuple[str, str]] = []

    def markdown(self, text: str) -> None:
        self.items.append(("markdown", text.strip("\n") + "\n"))

    def table(self, table: Table, code: str) -> None:
        self.tables.append(table)
        self.items.append(("table", (table, len(self.tables) - 1, code)))

    def figure(self, slug: str, svg: str, caption: str, code: str) -> None:
        if any(s == slug for s, _ in self.figures):
            raise ValueError(f"two figures named {slug}")
        self.figures.append((slug, svg))
        self.items.append(("figure", (slug, svg, caption, code)))

    # The header every notebook carries.
    def provenance_markdown(self) -> str:
        meta = self.results.get("provenance", {})
        seeds = self.results.get("seeds", [])
        lines = [
            f"# {self.title}",
            "",
            f"Generated by `{self.environment}scripts/reproduce/{self.script}.sh` ({meta.get('mode', 'full')} mode) from "
            f"[`{self.results_file}`]({self.results_file}); every number below is computed from it.",
            "",
            f"- results file: `{self.results_file}` (sha256 `{self.results_sha256}`)",
            f"- git commit: `{meta.get('git_commit', 'unknown')}` (source tree: {meta.get('source_tree', 'unknown')})",
            f"- config hash: `{self.config_hash}` (sha256 of the canonical JSON of the configuration below)",
            f"- seeds: {', '.join(str(s) for s in seeds)}",
            f"- graphkd: {meta.get('graphkd_version', 'unknown')}; created {meta.get('created', 'unknown')}",
            "- commands:",
            "",
            "```bash",
        ]
        for c in self.results.get("commands", []):
            lines.append(" ".join(_shell_quote(a) for a in c["argv"]))
        lines.append("```")
        lines.append("")
        lines.append(
            "Each `--out NAME.json` report is embedded verbatim in the results file under "
            "`commands[i].report` (`commands[i].name` = NAME)."
        )
        return "\n".join(lines) + "\n"

    @property
    def config_hash(self) -> str:
        return config_hash(self.config)

    @property
    def results_sha256(self) -> str:
        with open(self.results_path, "rb") as f:
            return sha256_hex(f.read())

    def provenance(self) -> list:
        entries = []
        for i, t in enumerate(self.tables):
            entries.extend(t.provenance(i))
        return entries

    def save(self, directory: str) -> None:
        os.makedirs(os.path.join(directory, "figures"), exist_ok=True)
        self.results_path = os.path.join(directory, self.results_file)
        header = self.provenance_markdown()
        config_md = (
            "## Configuration\n\n"
            f"The configuration hashed into `{self.config_hash}`: the experiment, mode, seeds, "
            "command lines and each report's settings.\n\n"
            "<details><summary>configuration JSON</summary>\n\n```json\n"
            + canonical_config_text(self.config)
            + "\n```\n\n</details>\n"
        )

        cells: list[dict] = []
        md_parts: list[str] = [header]
        counter = [0]

        def cell_id() -> str:
            counter[0] += 1
            return f"{re.sub('[^A-Za-z0-9-]', '-', self.name)}-{counter[0]:02d}"  # nbformat: [A-Za-z0-9_-]

        def md_cell(text: str) -> None:
            cells.append({"cell_type": "markdown", "id": cell_id(), "metadata": {}, "source": _lines(text)})

        def code_cell(code: str, outputs: list) -> None:
            n = sum(1 for c in cells if c["cell_type"] == "code") + 1
            cells.append(
                {
                    "cell_type": "code",
                    "execution_count": n,
                    "id": cell_id(),
                    "metadata": {},
                    "outputs": outputs,
                    "source": _lines(code),
                }
            )

        md_cell(header)
        code_cell(
            "import sys\n"
            "sys.path.insert(0, '../../scripts/reproduce')\n"
            "from IPython.display import Markdown, SVG, display\n"
            f"import notebook as nb, {self.script} as report\n"
            f"results = nb.load_results('{self.results_file}')",
            [],
        )
        for kind, value in self.items:
            if kind == "markdown":
                md_cell(value)
                md_parts.append(value)
            elif kind == "table":
                table, index, code = value
                text = table.markdown()
                code_cell(
                    code,
                    [
                        {
                            "data": {"text/markdown": _lines(text), "text/plain": _lines(table.plain())},
                            "metadata": {},
                            "output_type": "display_data",
                        }
                    ],
                )
                md_parts.append(text)
            else:
                slug, svg, caption, code = value
                code_cell(
                    code,
                    [
                        {
                            "data": {"image/svg+xml": _lines(svg), "text/plain": [f"<{caption}>"]},
                            "metadata": {},
                            "output_type": "display_data",
                        }
                    ],
                )
                with open(os.path.join(directory, "figures", f"{slug}.svg"), "w", encoding="utf-8", newline="\n") as f:
                    f.write(svg)
                md_parts.append(f"![{caption}](figures/{slug}.svg)\n")
        md_cell(config_md)
        md_parts.append(config_md)

        notebook = {
            "cells": cells,
            "metadata": {
                "graphkd": {
                    "config": self.config,
                    "config_sha256": self.config_hash,
                    "figures": [f"figures/{s}.svg" for s, _ in self.figures],
                    "markdown": f"{self.name}.md",
                    "provenance": self.provenance(),
                    "results": self.results_file,
                    "results_sha256": self.results_sha256,
                },
                "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                "language_info": {
                    "codemirror_mode": {"name": "ipython", "version": 3},
                    "file_extension": ".py",
                    "mimetype": "text/x-python",
                    "name": "python",
                    "nbconvert_exporter": "python",
                    "pygments_lexer": "ipython3",
                    "version": "3",
                },
            },
            "nbformat": NBFORMAT,
            "nbformat_minor": NBFORMAT_MINOR,
        }
        _write(os.path.join(directory, f"{self.name}.ipynb"), json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        _write(os.path.join(directory, f"{self.name}.md"), "\n".join(md_parts))
        # Figures no longer produced by this notebook are stale.
        keep = {f"{s}.svg" for s, _ in self.figures}
        for f in sorted(os.listdir(os.path.join(directory, "figures"))):
            if f.endswith(".svg") and f not in keep:
                os.remove(os.path.join(directory, "figures", f))


def canonical_config_text(config: Any) -> str:
    """The configuration, readable: one key per line, lists of scalars on one line."""

    def render(v: Any, indent: str) -> str:
        if isinstance(v, dict):
            if not v:
                return "{}"
            inner = indent + "  "
            items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {render(v[k], inner)}" for k in sorted(v)]
            return "{\n" + ",\n".join(items) + "\n" + indent + "}"
        if isinstance(v, list):
            if all(not isinstance(x, (dict, list)) for x in v):
                return "[" + ", ".join(json.dumps(x, ensure_ascii=False) for x in v) + "]"
            inner = indent + "  "
            return "[\n" + ",\n".join(inner + render(x, inner) for x in v) + "\n" + indent + "]"
        return json.dumps(v, ensure_ascii=False)

    return render(config, "")


def _write(path: str, text: str) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def _shell_quote(arg: str) -> str:
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,:+%@")
    if arg and all(ch in safe for ch in arg):
        return arg
    return "'" + arg.replace("'", "'\"'\"'") + "'"


# --------------------------------------------------------------------------------------------
# Collecting the reports a script ran into one results JSON
# --------------------------------------------------------------------------------------------


def collect(experiment: str, mode: str, seeds: list[int], commands_file: str, out: str) -> dict:
    """Builds results.json from a commands file (lines: name<TAB>report.json<TAB>argv as JSON).

    The reports are embedded verbatim under commands[i].report; the provenance block takes the
    git commit, version and latest creation time from the reports themselves. With
    GRAPHKD_REPRODUCE_MERGE=1 the commands already in `out` that this run did not repeat are kept.
    """
    commands = []
    with open(commands_file, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            name, report_path, argv = line.rstrip("\n").split("\t")
            entry = {"name": name, "argv": json.loads(argv)}
            if report_path != "-":
                entry["report"] = load_results(report_path)
            commands.append(entry)
    if os.environ.get("GRAPHKD_REPRODUCE_MERGE") == "1" and os.path.exists(out):
        # Keep the commands of the existing results that this run did not repeat (another PARTS of
        # the same script, run earlier): each report keeps its own metadata, so the provenance
        # below lists every commit involved.
        fresh = {c["name"] for c in commands}
        kept = [c for c in load_results(out).get("commands", []) if c["name"] not in fresh]
        commands = kept + commands
    metas = [c["report"]["metadata"] for c in commands if "report" in c and "metadata" in c["report"]]
    commits = sorted({m.get("gitCommit", "unknown") for m in metas})
    versions = sorted({m.get("graphkdVersion", "unknown") for m in metas})
    results = {
        "experiment": experiment,
        "provenance": {
            "mode": mode,
            "git_commit": ", ".join(commits) if commits else "unknown",
            "graphkd_version": ", ".join(versions) if versions else "unknown",
            "created": max((m.get("created", "") for m in metas), default="unknown"),
            "source_tree": os.environ.get("GRAPHKD_SOURCE_STATE", "unknown"),
        },
        "seeds": seeds,
        "commands": commands,
    }
    _write(out, json.dumps(results, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return results


def command_index(results: dict, name: str) -> int:
    """The position in results["commands"] of the command called `name`."""
    for i, c in enumerate(results["commands"]):
        if c["name"] == name:
            return i
    raise KeyError(f"no command named {name!r} in the results")


# Top-level report fields that hold what a run measured, not how it was set up: left out of the
# config hash, so the same configuration hashes the same however fast the machine was.
MEASURED_REPORT_FIELDS = ("runs", "metadata", "seconds", "summary", "perSeed", "teacherTopListSeconds",
                          "teacherItemTopListSeconds", "totalSeconds", "rows")


def experiment_config(results: dict) -> dict:
    """What the config hash covers: experiment, seeds, command lines and each report's settings
    (every top-level report field except MEASURED_REPORT_FIELDS: runs, metadata, timings, summaries)."""
    return {
        "experiment": results["experiment"],
        "mode": results["provenance"]["mode"],
        "seeds": results["seeds"],
        "commands": [
            {
                "name": c["name"],
                "argv": c["argv"],
                "settings": {
                    k: v for k, v in sorted(c.get("report", {}).items()) if k not in MEASURED_REPORT_FIELDS
                },
            }
            for c in results["commands"]
        ],
    }


def main(argv: list[str]) -> int:
    """`python3 notebook.py collect EXPERIMENT MODE SEEDS COMMANDS_FILE OUT`"""
    if len(argv) == 6 and argv[0] == "collect":
        _, experiment, mode, seeds, commands_file, out = argv
        collect(experiment, mode, list(range(int(seeds))), commands_file, out)
        return 0
    print(main.__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
