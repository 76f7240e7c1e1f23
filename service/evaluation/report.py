"""`interlock eval` output: a table per tag (with baseline deltas), JSON, and a one-file HTML report."""

from __future__ import annotations

import html
import json

from interlock.service.evaluation.metrics import CaseResult, GateResult
from interlock.service.evaluation.suite import METRICS, Suite

Table = dict[str, dict[str, float | None]]


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _cell(metric: str, value: float | None, before: float | None) -> str:
    if before is None or value is None:
        return _fmt(value)
    delta = value - before
    mark = "" if delta == 0 else (" +" if delta > 0 else " ") + f"{delta:.3f}"
    return f"{_fmt(value)} ({_fmt(before)}{mark})"


def text_report(suite: Suite, candidate: Table, baseline: Table | None, gates: list[GateResult],
                results: list[CaseResult]) -> str:  # fmt: skip
    tags = list(candidate)
    rows = ["cases", *METRICS]
    width = max(12, *(len(_cell(m, candidate[t].get(m), (baseline or {}).get(t, {}).get(m))) + 1
                      for m in rows for t in tags))  # fmt: skip
    lines = [f"suite {suite.suite.name}: {len(results)} cases, tenant {suite.suite.tenant}, bot {suite.suite.bot}"
             + (" (candidate vs baseline, delta)" if baseline else "")]  # fmt: skip
    lines.append(f"| {'metric':<24} | " + " | ".join(f"{t:>{width}}" for t in tags) + " |")
    lines.append(f"|{'-' * 26}|" + "|".join("-" * (width + 2) for _ in tags) + "|")
    for metric in rows:
        cells = [_cell(metric, candidate[t].get(metric), (baseline or {}).get(t, {}).get(metric)) for t in tags]
        lines.append(f"| {metric:<24} | " + " | ".join(f"{c:>{width}}" for c in cells) + " |")
    failing = [r for r in results if r.problems]
    if failing:
        lines.append(f"\n{len(failing)} case(s) off expectation:")
        lines += [f"  {r.case.id}: {'; '.join(r.problems)}" for r in failing[:40]]
    if gates:
        lines.append("\ngates:")
        for gate in gates:
            lines.append(f"  {'PASS' if gate.passed else 'FAIL'}  {gate.label}: {gate.reason}")
        failed = sum(not g.passed for g in gates)
        lines.append(f"{len(gates) - failed} gates passed, {failed} failed")
    return "\n".join(lines)


def json_report(suite: Suite, candidate: Table, baseline: Table | None, gates: list[GateResult],
                results: list[CaseResult]) -> str:  # fmt: skip
    return json.dumps(
        {
            "suite": suite.suite.model_dump(mode="json"),
            "candidate": candidate,
            "baseline": baseline,
            "gates": [
                {"gate": g.label, "value": g.value, "baseline": g.baseline, "passed": g.passed, "reason": g.reason}
                for g in gates
            ],  # fmt: skip
            "cases": [
                {
                    "id": r.case.id,
                    "tags": r.case.tags,
                    "route": r.route.value,
                    "rules": list(r.rules),
                    "latency_ms": r.latency_ms,
                    "problems": r.problems,
                }
                for r in results
            ],  # fmt: skip
        },
        indent=2,
        ensure_ascii=False,
    )


def _bars(metric: str, candidate: Table, baseline: Table | None) -> str:
    """An inline SVG bar chart of one metric per tag (candidate, and baseline beside it)."""
    tags = [t for t in candidate if candidate[t].get(metric) is not None]
    if not tags:
        return ""
    values = [(candidate[t][metric], (baseline or {}).get(t, {}).get(metric)) for t in tags]
    top = max([v for pair in values for v in pair if v is not None] + [1e-9])
    bar, gap, height = 18, 34, 120
    width = len(tags) * (2 * bar + gap) + 20
    parts = [f'<svg width="{width}" height="{height + 40}" role="img" aria-label="{metric}">']
    for i, (tag, (value, before)) in enumerate(zip(tags, values, strict=True)):
        x = 10 + i * (2 * bar + gap)
        for offset, v, colour in ((0, value, "#2b6cb0"), (bar, before, "#a0aec0")):
            if v is None:
                continue
            h = int(height * v / top)
            parts.append(f'<rect x="{x + offset}" y="{height - h}" width="{bar - 2}" height="{h}" fill="{colour}">'
                         f"<title>{html.escape(tag)}: {v}</title></rect>")  # fmt: skip
        parts.append(f'<text x="{x}" y="{height + 14}" font-size="11">{html.escape(tag[:12])}</text>')
        parts.append(f'<text x="{x}" y="{height + 28}" font-size="10">{_fmt(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def html_report(suite: Suite, candidate: Table, baseline: Table | None, gates: list[GateResult],
                results: list[CaseResult]) -> str:  # fmt: skip
    esc = html.escape
    gate_rows = "".join(
        f"<tr class={'pass' if g.passed else 'fail'}><td>{'PASS' if g.passed else 'FAIL'}</td><td>{esc(g.label)}</td>"
        f"<td>{_fmt(g.value)}</td><td>{_fmt(g.baseline)}</td><td>{esc(g.reason)}</td></tr>"
        for g in gates
    )
    charts = "".join(f"<figure><figcaption>{m}</figcaption>{_bars(m, candidate, baseline)}</figure>" for m in METRICS)
    case_rows = "".join(
        f"<tr><td>{esc(r.case.id)}</td><td>{esc(', '.join(r.case.tags))}</td><td>{r.route.value}</td>"
        f"<td>{esc('; '.join(r.problems))}</td></tr>"
        for r in results if r.problems
    )  # fmt: skip
    legend = "blue: candidate" + (", grey: baseline" if baseline else "")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>interlock eval: {esc(suite.suite.name)}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}.fail{{background:#fed7d7}}.pass{{background:#c6f6d5}}
figure{{display:inline-block;margin:1em}}</style></head><body>
<h1>Suite {esc(suite.suite.name)}</h1>
<p>{len(results)} cases, tenant {esc(suite.suite.tenant)}, bot {esc(suite.suite.bot)}. {legend}.</p>
<h2>Gates</h2><table><tr><th></th><th>gate</th><th>candidate</th><th>baseline</th><th>why</th></tr>{gate_rows}</table>
<h2>Metrics by tag</h2>{charts}
<h2>Cases off expectation</h2><table><tr><th>case</th><th>tags</th><th>route</th><th>problems</th></tr>{case_rows}
</table></body></html>
"""


def release_text(report: dict) -> str:
    """A release evaluation's report (as `ReleaseEvaluator` writes it) for a terminal."""
    verdict = "PASSED" if report["passed"] else "REJECTED"
    lines = [f"{report['tenant']}/{report['adapter']} {report['candidate_version']}: {verdict}"
             f" (against {report['serving_version'] or 'no serving version'})"]  # fmt: skip
    if report.get("note"):
        lines.append(report["note"])
    for section in report["suites"]:
        lines.append(f"\nsuite {section['suite']}: {section['cases']} cases")
        for gate in section["gates"]:
            delta = "" if gate["delta"] is None else f" (delta {gate['delta']:+.4f})"
            lines.append(f"  {'PASS' if gate['passed'] else 'FAIL'}  {gate['gate']}: {_fmt(gate['value'])} vs "
                         f"{_fmt(gate['baseline'])}{delta}: {gate['reason']}")  # fmt: skip
        for tag, row in section["rubric"].items():
            counts = f"{row['wins']} wins, {row['losses']} losses, {row['ties']} ties"
            lines.append(f"  rubric [{tag}] (blind A/B): {counts}")
    shadow = report.get("shadow")
    if shadow:
        changed = ", ".join(f"{k} {v}" for k, v in shadow["changed"].items())
        lines.append(f"\nshadow replay: {shadow['replayed']} recorded turns; would change: {changed}")
        for gate in shadow["gates"]:
            lines.append(f"  {'PASS' if gate['passed'] else 'FAIL'}  {gate['gate']}: {gate['value']}: {gate['reason']}")
    if report["failed_gates"]:
        lines.append("\nfailed gates:")
        lines += [f"  {failure}" for failure in report["failed_gates"]]
    return "\n".join(lines)


def release_html(report: dict) -> str:
    """The release report as one self-contained HTML file: verdict, gates, charts per suite, shadow changes."""
    esc = html.escape
    sections = []
    for section in report["suites"]:
        gate_rows = "".join(
            f"<tr class={'pass' if g['passed'] else 'fail'}><td>{'PASS' if g['passed'] else 'FAIL'}</td>"
            f"<td>{esc(g['gate'])}</td><td>{_fmt(g['value'])}</td><td>{_fmt(g['baseline'])}</td>"
            f"<td>{_fmt(g['delta'])}</td><td>{esc(g['reason'])}</td></tr>"
            for g in section["gates"]
        )
        charts = "".join(f"<figure><figcaption>{m}</figcaption>{_bars(m, section['candidate'], section['baseline'])}"
                         "</figure>" for m in METRICS)  # fmt: skip
        rubric = "".join(f"<tr><td>{esc(t)}</td><td>{r['wins']}</td><td>{r['losses']}</td><td>{r['ties']}</td></tr>"
                         for t, r in section["rubric"].items())  # fmt: skip
        off = "".join(
            f"<tr><td>{esc(c['id'])}</td><td>{esc(', '.join(c['tags']))}</td><td>{c['candidate_route']}</td>"
            f"<td>{esc(c.get('serving_route', '-'))}</td><td>{esc('; '.join(c['problems']))}</td></tr>"
            for c in section["case_results"] if c["problems"]
        )  # fmt: skip
        sections.append(
            f"<h2>Suite {esc(section['suite'])} ({section['cases']} cases)</h2>"
            "<table><tr><th></th><th>gate</th><th>candidate</th><th>baseline</th><th>delta</th><th>why</th></tr>"
            f"{gate_rows}</table><h3>Metrics by tag</h3><p>blue: candidate, grey: baseline (serving; the base "
            f"model for general-ability guard cases)</p>{charts}<h3>Rubric, judged blind</h3><table><tr><th>tag"
            f"</th><th>wins</th><th>losses</th><th>ties</th></tr>{rubric}</table><h3>Cases off expectation</h3>"
            f"<table><tr><th>case</th><th>tags</th><th>candidate</th><th>serving</th><th>problems</th></tr>{off}"
            "</table>"
        )
    shadow = report.get("shadow")
    if shadow:
        rows = "".join(
            f"<tr><td>{esc(kind)}</td><td>{shadow['changed'][kind]}</td><td>{shadow['rates'][kind]}</td><td>"
            + "<br>".join(esc(f"{e['decision_id']}: {e['recorded_route']} -> {e['new_route']}: {e['new_output']}")
                          for e in shadow["examples"][kind])
            + "</td></tr>"
            for kind in shadow["changed"]
        )  # fmt: skip
        sections.append(f"<h2>Shadow replay ({shadow['replayed']} recorded turns)</h2><table><tr><th>change</th>"
                        f"<th>turns</th><th>share</th><th>examples</th></tr>{rows}</table>")  # fmt: skip
    failed = "".join(f"<li>{esc(f)}</li>" for f in report["failed_gates"])
    verdict = "passed" if report["passed"] else "rejected"
    title = f"{report['tenant']}/{report['adapter']} {report['candidate_version'][:19]}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>interlock release: {esc(title)}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}.fail{{background:#fed7d7}}.pass{{background:#c6f6d5}}
figure{{display:inline-block;margin:1em}}</style></head><body>
<h1 class={"pass" if report["passed"] else "fail"}>{esc(title)}: {verdict}</h1>
<p>candidate {esc(report["candidate_version"])} against {esc(str(report["serving_version"]))}
{"(policy only: a fixed sentence stood in for the model)" if report.get("policy_only") else ""}</p>
<p>{esc(report.get("note", ""))}</p><ul>{failed}</ul>
{"".join(sections)}
</body></html>
"""
