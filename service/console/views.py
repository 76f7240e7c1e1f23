"""What the console's pages show, built from records and bundles. Pure: no I/O, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from interlock.policies.loader import CompiledBundle
from interlock.policies.schema import TERMINAL_ACTIONS
from interlock.service.audit.query import Trends
from interlock.service.audit.record import DecisionRecord
from interlock.service.console import charts


@dataclass(frozen=True)
class RuleRow:
    stage: str
    id: str
    priority: int | None
    when: str
    action: str
    outcome: str  # fired | not fired | not evaluated: ... | condition error


@dataclass(frozen=True)
class RuleWalk:
    rows: list[RuleRow]
    complete: bool  # every rule of the bundle is shown (the record's bundle is the one loaded now)
    note: str


def rule_walk(record: DecisionRecord, bundle: CompiledBundle | None) -> RuleWalk:
    """Every rule in evaluation order with its condition and outcome. The record keeps the rules that fired; the
    others are read from the bundle when it is the record's version. Outcomes follow the engine: after a terminal
    rule fired, later terminal rules are not evaluated; a rule whose required intent is absent is skipped."""
    fired = {(r.get("stage"), r.get("id")): r for r in record.rules_fired}
    if bundle is None or bundle.version != record.bundle_version:
        rows = [RuleRow(r.get("stage", ""), r.get("id", ""), None, r.get("why", ""), r.get("action", ""), "fired")
                for r in record.rules_fired]  # fmt: skip
        loaded = bundle.version if bundle else "none"
        return RuleWalk(rows, False, f"The bundle loaded now ({loaded}) is not this record's "
                                     f"({record.bundle_version}): only the rules that fired are recorded and shown.")
    intents = set(record.signals.get("intents") or [])
    errors = " ".join(record.policy_errors)
    rows = []
    for stage, rules in (("pre", bundle.pre), ("post", bundle.post)):
        winner = None
        for compiled in rules:
            rule = compiled.rule
            terminal = rule.action.type in TERMINAL_ACTIONS
            if stage == "post" and record.candidate is None:
                outcome = "not evaluated: no candidate answer reached the post stage"
            elif terminal and winner is not None:
                outcome = f"not evaluated: {winner} (terminal) fired first"
            elif (stage, rule.id) in fired:
                outcome = "fired"
                winner = rule.id if terminal else winner
            elif compiled.required_intent is not None and compiled.required_intent not in intents:
                outcome = f"not evaluated: needs intent {compiled.required_intent}"
            elif rule.id in errors:
                outcome = "condition error (see policy errors)"
            else:
                outcome = "condition false"
            rows.append(RuleRow(stage, rule.id, rule.priority, rule.when, rule.action.type, outcome))
    return RuleWalk(rows, True, "Fired rules are from the record; the rest are this bundle version's rules in "
                                "evaluation order, their outcomes derived from the record (intents, fired rules).")


def marked_text(text: str, findings: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """The text cut into segments, each with the finding kinds covering it (None: plain)."""
    cuts = {0, len(text)}
    spans = []
    for finding in findings:
        start, end = int(finding.get("start", 0)), int(finding.get("end", 0))
        if 0 <= start < end <= len(text):
            cuts.update((start, end))
            spans.append((start, end, str(finding.get("kind", "?"))))
    ordered = sorted(cuts)
    segments = []
    for start, end in zip(ordered, ordered[1:], strict=False):
        kinds = sorted({kind for s, e, kind in spans if s <= start and end <= e})
        segments.append((text[start:end], ", ".join(kinds) or None))
    return segments


def last_user_text(record: DecisionRecord) -> str:
    messages = record.inputs.get("messages") or []
    users = [content for role, content in messages if role == "user"]
    return users[-1] if users else ""


def recorded_findings(record: DecisionRecord, text: str) -> list[dict[str, Any]]:
    """Every finding of the turn with its `quote`: those of the customer's last message (`text`), each PII span
    once (as `pii:<type>`, with the model's feature where a model found it), and those of earlier messages
    (`findings.history_injection`, offsets into their own message), marked `earlier` with the message's index."""
    found = record.signals.get("findings") or {}
    modelled = {(f["start"], f["end"]): f.get("feature") for f in found.get("pii") or []}
    current = [dict(f) for group in sorted(found) if group not in ("pii", "history_injection") for f in found[group]]
    current += [{"start": p.get("start", 0), "end": p.get("end", 0), "kind": f"pii:{p.get('type', '?')}",
                 "feature": modelled.get((p.get("start", 0), p.get("end", 0)))}
                for p in record.signals.get("pii") or [] if isinstance(p, dict)]  # fmt: skip
    for finding in current:
        finding["quote"] = text[finding["start"] : finding["end"]]
    messages = record.inputs.get("messages") or []
    earlier = []
    for f in found.get("history_injection") or []:
        content = messages[f["message"]][1] if 0 <= f["message"] < len(messages) else ""
        earlier.append(f | {"kind": f"{f['kind']} (earlier message {f['message']}, {f['role']})",
                            "quote": (content or "")[f["start"] : f["end"]], "earlier": True})  # fmt: skip
    return current + earlier


def parse_day(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Chart:
    title: str
    svg: Any
    note: str = ""


def _rate(mix: dict[str, int], route: str) -> float | None:
    total = sum(mix.values())
    return mix.get(route, 0) / total if total else None


def _marker_index(buckets: list[str], first_at: str) -> int:
    width = len(buckets[0]) if buckets else 10
    key = first_at[:width]
    return next((i for i, b in enumerate(buckets) if b >= key), max(0, len(buckets) - 1))


def rate_change(buckets: list[str], rates: list[float | None], index: int, window: int = 3) -> str:
    """The refusal rate in up to `window` buckets before a marker against the same after it."""
    before = [r for r in rates[max(0, index - window):index] if r is not None]
    after = [r for r in rates[index:index + window] if r is not None]
    if not before or not after:
        return "not enough data on both sides"
    b, a = sum(before) / len(before), sum(after) / len(after)
    return f"{b * 100:.1f}% -> {a * 100:.1f}% ({(a - b) * 100:+.1f} points)"


def trend_charts(trends: Trends) -> tuple[list[Chart], list[dict[str, str]]]:
    """The trends page's charts, and one row per version change (with the refusal rate around it)."""
    buckets = trends.buckets
    bots = sorted(trends.routes)
    mixes = {bot: [trends.routes[bot].get(b, {}) for b in buckets] for bot in bots}
    totals = []
    for i in range(len(buckets)):
        seen = sorted({route for bot in bots for route in mixes[bot][i]})
        totals.append({route: sum(mixes[bot][i].get(route, 0) for bot in bots) for route in seen})
    refusal = {bot: [_rate(m, "refuse") for m in mixes[bot]] for bot in bots}
    markers, changes = [], []
    for change in trends.versions:
        index = _marker_index(buckets, change.first_at)
        label = f"{change.bot} {change.kind} {change.version.split(':')[-1][:8]}"
        markers.append((index, label))
        changes.append({"bot": change.bot, "kind": change.kind, "version": change.version, "first_at": change.first_at,
                        "refusal": rate_change(buckets, refusal.get(change.bot, []), index)})  # fmt: skip
    handoff = {bot: [_rate(m, "handoff") for m in mixes[bot]] for bot in bots}
    blocks = {bot: [(trends.post_blocks.get(bot, {}).get(b, 0) / sum(m.values())) if sum(m.values()) else None
                    for b, m in zip(buckets, mixes[bot], strict=True)] for bot in bots}  # fmt: skip
    top_rules = [(f"{rule} ({stage}, {action})", float(n)) for rule, stage, action, n in trends.top_rules]
    latency = [(f"{stage} p{q}", trends.latency[stage][f"p{q}"]) for stage in sorted(trends.latency) for q in (50, 95)]
    result = [
        Chart("Route mix (all bots)", charts.stacked_bars(buckets, totals, "Route mix")),
        Chart("Refusal rate per bot", charts.line_chart(buckets, refusal, "Refusal rate", True, markers),
              "Vertical lines: a bundle or adapter version first seen."),
        Chart("Handoff rate per bot", charts.line_chart(buckets, handoff, "Handoff rate", True, markers)),
        Chart("Post-stage block rate per bot", charts.line_chart(buckets, blocks, "Block rate of post rules", True)),
        Chart("Top rules fired", charts.horizontal_bars(top_rules, "Top rules fired")),
        Chart("Latency per stage (ms)", charts.horizontal_bars(latency, "Latency percentiles", " ms"),
              "From hourly histograms: each value is its bucket's upper edge (at most 19% above)."),
    ]
    return result, changes


def day_range(since: str | None, until: str | None, today: datetime) -> tuple[datetime, datetime]:
    """The trends range: whole UTC days, default the last 30 days up to and including today."""
    end = (parse_day(until) or today).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    start = parse_day(since) or end - timedelta(days=30)
    start = start.replace(hour=0, minute=0, second=0, microsecond=0)
    return (start.replace(tzinfo=today.tzinfo), end.replace(tzinfo=today.tzinfo))
