"""Small bar charts as inline SVG: readable without JavaScript, with a text title for screen readers."""

from __future__ import annotations

from markupsafe import Markup, escape

BAR = 22
LABEL_WIDTH = 210
CHART_WIDTH = 560


def bars(title: str, items: list[tuple[str, int]]) -> Markup:
    """Horizontal bars, one per (label, count), longest first as given; the count is written on each bar."""
    if not items:
        return Markup(f'<p class="muted">{escape(title)}: nothing yet.</p>')
    top = max(count for _, count in items) or 1
    height = BAR * len(items) + 8
    room = CHART_WIDTH - LABEL_WIDTH - 50
    rows = []
    for i, (label, count) in enumerate(items):
        y, width = 4 + i * BAR, max(2, round(room * count / top))
        rows.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{width}" height="{BAR - 6}" class="bar"/>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 15}">{count}</text>')
    summary = ", ".join(f"{label}: {count}" for label, count in items)
    return Markup(f'<svg role="img" aria-labelledby="t-{id(items)}" viewBox="0 0 {CHART_WIDTH} {height}" '
                  f'width="{CHART_WIDTH}" height="{height}" class="chart"><title id="t-{id(items)}">'
                  f'{escape(title)}: {escape(summary)}</title>{"".join(rows)}</svg>')


def columns(title: str, items: list[tuple[str, int]]) -> Markup:
    """Vertical columns over time (e.g. questions per week), labelled under each column."""
    if not items:
        return Markup(f'<p class="muted">{escape(title)}: nothing yet.</p>')
    top = max(count for _, count in items) or 1
    step, plot = CHART_WIDTH // len(items), 120
    parts = []
    for i, (label, count) in enumerate(items):
        h = round(plot * count / top)
        x = i * step + 4
        parts.append(f'<rect x="{x}" y="{14 + plot - h}" width="{step - 8}" height="{h}" class="bar"/>'
                     f'<text x="{x + (step - 8) / 2}" y="{10 + plot - h}" text-anchor="middle">{count}</text>'
                     f'<text x="{x + (step - 8) / 2}" y="{plot + 30}" text-anchor="middle" class="small">'
                     f'{escape(label[5:])}</text>')
    summary = ", ".join(f"week of {label}: {count}" for label, count in items)
    return Markup(f'<svg role="img" aria-labelledby="c-{id(items)}" viewBox="0 0 {CHART_WIDTH} {plot + 40}" '
                  f'width="{CHART_WIDTH}" height="{plot + 40}" class="chart"><title id="c-{id(items)}">'
                  f'{escape(title)}: {escape(summary)}</title>{"".join(parts)}</svg>')
