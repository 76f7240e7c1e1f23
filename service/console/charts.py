"""Charts drawn on the server as inline SVG: lines over time buckets (with version-change markers), stacked bars of
the route mix, and horizontal bars. Pure functions from numbers to markup; every text is escaped."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 220, 48, 16, 14, 34
PALETTE = ("#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#be185d", "#4b5563")
ROUTE_COLOURS = {"rule": "#2563eb", "rag": "#16a34a", "model": "#7c3aed", "refuse": "#dc2626", "handoff": "#d97706"}


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count <= 1 else span * index / (count - 1))


def _y(value: float, top: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value / top if top else 0))


def _frame(buckets: list[str], top: float, percent: bool, title: str) -> list[str]:
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>']  # fmt: skip
    for step in range(5):
        value = top * step / 4
        y = _y(value, top)
        label = f"{value * 100:.0f}%" if percent else (f"{value:.0f}" if top >= 4 else f"{value:.2f}")
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')  # fmt: skip
    every = max(1, len(buckets) // 8)
    for index, bucket in enumerate(buckets):
        if index % every == 0:
            x = _x(index, len(buckets))
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 12}" text-anchor="middle">{escape(bucket[5:])}</text>')
    return parts


def line_chart(buckets: list[str], series: dict[str, list[float | None]], title: str, percent: bool = False,
               markers: list[tuple[int, str]] = ()) -> Markup:  # fmt: skip
    """One line per series over the buckets (None: no data in that bucket); vertical markers at bucket indexes."""
    values = [v for points in series.values() for v in points if v is not None]
    top = max([*values, 0.0]) or 1.0
    if percent:
        top = min(1.0, max(0.05, top * 1.15))
    parts = _frame(buckets, top, percent, title)
    stacked: dict[int, int] = {}
    for index, label in markers:
        x, row = _x(index, len(buckets)), stacked.get(index, 0)
        stacked[index] = row + 1
        anchor = "end" if x > WIDTH / 2 else "start"
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" class="marker"/>'
                     f'<text x="{x + (-3 if anchor == "end" else 3):.1f}" y="{TOP + 10 + 11 * row}" '
                     f'text-anchor="{anchor}" class="marker-label">{escape(label)}</text>')  # fmt: skip
    for number, (name, points) in enumerate(sorted(series.items())):
        colour = PALETTE[number % len(PALETTE)]
        coords = [(_x(i, len(buckets)), _y(v, top)) for i, v in enumerate(points) if v is not None]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>' for x, y in coords)
        parts.append(f'<text x="{LEFT + 8 + 150 * number}" y="{HEIGHT - 1}" fill="{colour}">{escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_bars(buckets: list[str], counts: list[dict[str, int]], title: str) -> Markup:
    """Per bucket, one bar of the routes' shares (each bar is 100%)."""
    parts = _frame(buckets, 1.0, True, title)
    span = (WIDTH - LEFT - RIGHT) / max(1, len(buckets))
    for index, mix in enumerate(counts):
        total = sum(mix.values())
        x, bottom = LEFT + span * index + span * 0.15, HEIGHT - BOTTOM
        for route in sorted(mix):
            height = (HEIGHT - TOP - BOTTOM) * mix[route] / total if total else 0
            bottom -= height
            parts.append(f'<rect x="{x:.1f}" y="{bottom:.1f}" width="{span * 0.7:.1f}" height="{height:.1f}" '
                         f'fill="{ROUTE_COLOURS.get(route, "#6b7280")}"><title>{escape(route)}: {mix[route]}'
                         "</title></rect>")  # fmt: skip
    for number, route in enumerate(sorted({r for mix in counts for r in mix})):
        parts.append(f'<text x="{LEFT + 8 + 90 * number}" y="{HEIGHT - 1}" '
                     f'fill="{ROUTE_COLOURS.get(route, "#6b7280")}">{escape(route)}</text>')  # fmt: skip
    parts.append("</svg>")
    return Markup("".join(parts))


def horizontal_bars(rows: list[tuple[str, float]], title: str, unit: str = "") -> Markup:
    """One bar per (label, value), longest first as given."""
    height = 24 + 22 * len(rows)
    top = max([v for _, v in rows] + [1.0])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>']  # fmt: skip
    for index, (label, value) in enumerate(rows):
        y = 12 + 22 * index
        width = (WIDTH - 400) * value / top
        parts.append(f'<text x="300" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
                     f'<rect x="308" y="{y}" width="{width:.1f}" height="16" fill="{PALETTE[0]}"/>'
                     f'<text x="{312 + width:.1f}" y="{y + 13}">{value:.4g}{escape(unit)}</text>')  # fmt: skip
    parts.append("</svg>")
    return Markup("".join(parts))
