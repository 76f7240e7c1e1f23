"""`interlock eval` and `interlock replay`: probe suites with release gates, and shadow replay of logged turns.

Heavy modules are imported inside the commands that need them, so the CLI starts fast."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _eval(args: argparse.Namespace) -> int:
    import tempfile

    from interlock.service.config import load_deployment
    from interlock.service.evaluation.metrics import check_gate, metrics_by_tag
    from interlock.service.evaluation.report import html_report, json_report, text_report
    from interlock.service.evaluation.run import StandInModel, evaluation_runtime, run_suite, with_baseline
    from interlock.service.evaluation.suite import load_suite

    deployment = load_deployment(args.config)
    suite = load_suite(args.suite)
    with tempfile.TemporaryDirectory() as scratch:
        stand_in = StandInModel() if args.policy_only else None
        runtime = evaluation_runtime(deployment, suite, Path(scratch), stand_in)
        results = run_suite(runtime, suite, stand_in)
        runtime.close()
        candidate, baseline = metrics_by_tag(results), None
        if args.baseline is not None:
            base_dir = Path(scratch) / "baseline"
            base_dir.mkdir()
            variant = with_baseline(deployment, suite, args.baseline)
            base_runtime = evaluation_runtime(variant, suite, base_dir, stand_in)
            baseline = metrics_by_tag(run_suite(base_runtime, suite, stand_in))
            base_runtime.close()
    gates = [check_gate(gate, candidate, baseline) for gate in suite.gates]
    print(text_report(suite, candidate, baseline, gates, results))
    if args.json:
        args.json.write_text(json_report(suite, candidate, baseline, gates, results), encoding="utf-8")
    if args.html:
        args.html.write_text(html_report(suite, candidate, baseline, gates, results), encoding="utf-8")
    return 1 if any(not g.passed for g in gates) else 0


def _replay(args: argparse.Namespace) -> int:
    from datetime import datetime

    from interlock.service.cli.audit import open_deployment_store
    from interlock.service.config import load_deployment
    from interlock.service.evaluation.replay import replay
    from interlock.service.policy_store import load_bundle_with_models

    deployment = load_deployment(args.config)
    if deployment.config.tenant(args.tenant) is None:
        print(f"interlock replay: no tenant {args.tenant!r}", file=sys.stderr)
        return 2
    bundle = load_bundle_with_models(args.bundle)
    since = datetime.fromisoformat(args.since) if args.since else None
    until = datetime.fromisoformat(args.until) if args.until else None
    store = open_deployment_store(deployment)
    records = store.query(args.tenant, since=since, until=until, limit=args.limit)
    store.close()
    total, changes = replay(records, bundle)
    for change in changes:
        rules = "" if change.recorded_rules == change.new_rules else (
            f" rules {list(change.recorded_rules)} -> {list(change.new_rules)}")  # fmt: skip
        notes = "" if change.recorded_disclaimers == change.new_disclaimers else (
            f" disclaimers {list(change.recorded_disclaimers)} -> {list(change.new_disclaimers)}")  # fmt: skip
        print(f"{change.decision_id} {change.created_at} route {change.recorded_route} -> {change.new_route}"
              f"{rules}{notes}")  # fmt: skip
    print(f"{total} turns replayed with bundle {bundle.version}, {len(changes)} would change")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    evaluate = commands.add_parser("eval", help="run a probe suite through the pipeline; check its release gates")
    evaluate.add_argument("--config", type=Path, required=True)
    evaluate.add_argument("--suite", type=Path, required=True)
    evaluate.add_argument("--baseline", type=Path, help="a bundle file or adapter directory to compare against")
    evaluate.add_argument(
        "--policy-only",
        action="store_true",
        help="do not load the model: a fixed sentence stands in for every model answer",
    )
    evaluate.add_argument("--json", type=Path, help="also write the report as JSON here")
    evaluate.add_argument("--html", type=Path, help="also write a self-contained HTML report here")
    evaluate.set_defaults(handler=_eval)

    shadow = commands.add_parser("replay", help="re-decide logged turns with a candidate bundle; list what changes")
    shadow.add_argument("--config", type=Path, required=True)
    shadow.add_argument("--tenant", required=True)
    shadow.add_argument("--bundle", type=Path, required=True)
    shadow.add_argument("--since", help="ISO time, inclusive")
    shadow.add_argument("--until", help="ISO time, exclusive")
    shadow.add_argument("--limit", type=int, default=10_000)
    shadow.set_defaults(handler=_replay)
