"""The release gates a new adapter version must pass before it serves (`ReleaseGates` for the catalog).

For each probe suite the adapter's `release` names in tenants.yaml, every case runs through the real pipeline
(the running bundle, knowledge and model; the suite's clock; a scratch audit store) once with the candidate and
once with the serving version, and the `general-ability guard` cases also with the base model: their baseline is
the base, not the serving version. Generations go to the worker's background lane, many cases at a time so that
candidate and serving rows share batches, and give way to live turns. Rubric cases are judged blind
(`rubric.py`). Then the shadow replay: the bot's last recorded turns (messages and facts from the audit store)
are decided again with the candidate, into the scratch store, never sent; how many routes, post-stage blocks,
grounding violations and handoffs would change is reported with examples, and bounded if the release says so.
The report (JSON and one-file HTML) is written beside the version.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from interlock.adapters.canary import CanaryPlan
from interlock.adapters.catalog import REPORT_FILES, AdapterCatalog, BoundAdapter, Verdict
from interlock.adapters.generation import ChatMessage, GenerationBackend
from interlock.adapters.worker import BackgroundLane
from interlock.policies.routes import Route
from interlock.service.audit.record import DecisionRecord
from interlock.service.audit.sqlite import SQLiteAuditStore
from interlock.service.audit.store import AuditStore
from interlock.service.config import ReleaseConfig, TenantConfig
from interlock.service.evaluation.metrics import CaseResult, GateResult, check_gate, metrics_by_tag
from interlock.service.evaluation.report import release_html
from interlock.service.evaluation.rubric import blind_compare, comparison_by_tag, rubric_score
from interlock.service.evaluation.run import (
    EVAL_MAX_NEW_TOKENS,
    StandInModel,
    case_messages,
    case_tools,
    run_turns,
    stand_in_calls,
    timed_run,
)
from interlock.service.evaluation.suite import Case, Suite, SuiteError, load_suite
from interlock.service.pipeline.pipeline import Pipeline
from interlock.service.pipeline.turn import Turn
from interlock.service.runtime import Runtime

GUARD = "general-ability guard"
SHADOW_KINDS = ("route", "post_block", "grounding_violation", "handoff")
SHADOW_EXAMPLES = 5


def turn_outcomes(record: DecisionRecord) -> frozenset[str]:
    """What a canary is watched for in one turn's record: post_block, handoff, grounding_violation, timeout."""
    found = set()
    if any(r["stage"] == "post" and r["action"] == "block_output" for r in record.rules_fired):
        found.add("post_block")
    if record.route is Route.HANDOFF:
        found.add("handoff")
    if (record.retrieval or {}).get("violations"):
        found.add("grounding_violation")
    if record.handoff and record.handoff.get("reason") == "model_timeout":
        found.add("timeout")
    return frozenset(found)


def attach_release_gates(runtime: Runtime) -> None:
    """Give the catalog its gates, then pass every version bound at start-up through them: raises CatalogError
    (the service must not start) when one fails."""
    runtime.adapters.gates = ReleaseEvaluator(runtime)
    runtime.adapters.gate_startup()


def canary_observer(catalog: AdapterCatalog) -> Callable[[DecisionRecord], None]:
    """What to call with every finished turn's record, so a running canary is judged on it."""

    def observe(record: DecisionRecord) -> None:
        catalog.observe(record.adapter_id, record.adapter_version, turn_outcomes(record))

    return observe


def _gate_row(result: GateResult) -> dict:
    delta = None if result.value is None or result.baseline is None else round(result.value - result.baseline, 4)
    return {"gate": result.label, "value": result.value,
            "baseline": result.baseline, "delta": delta, "passed": result.passed, "reason": result.reason}  # fmt: skip


def _failure(suite: str, row: dict) -> str:
    delta = "" if row["delta"] is None else f", delta {row['delta']:+.4f}"
    return f"{suite}: {row['gate']}: candidate {row['value']} vs baseline {row['baseline']}{delta} ({row['reason']})"


class ReleaseEvaluator:
    """The service's `ReleaseGates`: built on the running runtime (same bundle, knowledge, model and store)."""

    def __init__(self, runtime: Runtime, workers: int | None = None, max_new_tokens: int = EVAL_MAX_NEW_TOKENS) -> None:
        self.runtime = runtime
        self.max_new_tokens = max_new_tokens
        worker = runtime.worker
        # Enough cases in flight to fill two batches: candidate and serving rows share them.
        self.workers = workers or (2 * worker.limits.max_batch if worker is not None else 1)

    # -- ReleaseGates ---------------------------------------------------------------------------------------

    def canary_plan(self, tenant: str, name: str) -> CanaryPlan | None:
        release = self._release(tenant, name)
        if release is None or release.canary is None:
            return None
        canary = release.canary
        return CanaryPlan(tuple(canary.steps), canary.hold_s, canary.min_turns, dict(canary.max_increase))

    def gate_key(self, tenant: str, name: str, serving_version: str | None) -> str:
        release = self._release(tenant, name)
        deployment = self.runtime.deployment
        files = [deployment.resolve(p) for p in (release.suites if release else [])]
        suites = [hashlib.sha256(f.read_bytes()).hexdigest() if f.is_file() else str(f) for f in files]
        content = {"release": release.model_dump(mode="json") if release else None, "suites": suites,
                   "bundle": self.runtime.pipeline.policies.bundle(tenant).version, "serving": serving_version,
                   "base_model": self.runtime.pipeline.base_model}  # fmt: skip
        return "sha256:" + hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()

    def evaluate(
        self, tenant: str, name: str, candidate: BoundAdapter, serving: BoundAdapter | None, out_dir: Path
    ) -> Verdict:
        release = self._release(tenant, name)
        key = self.gate_key(tenant, name, serving.version if serving else None)
        report: dict = {"tenant": tenant, "adapter": name, "candidate_version": candidate.version,
                        "serving_version": serving.version if serving else None, "gate_key": key,
                        "policy_only": bool(release and release.policy_only), "suites": [], "shadow": None}  # fmt: skip
        failed: list[str] = []
        if release is None:
            report["note"] = "no release suite declared for this adapter: no gates to pass"
        else:
            with tempfile.TemporaryDirectory(prefix="release-") as scratch:
                store = SQLiteAuditStore(Path(scratch) / "release-audit.db")
                try:
                    backend = self._backend(release)
                    for path in release.suites:
                        section = self._suite(tenant, name, load_suite(self.runtime.deployment.resolve(path)),
                                              backend, store, candidate, serving)  # fmt: skip
                        report["suites"].append(section)
                        failed += [_failure(section["suite"], g) for g in section["gates"] if not g["passed"]]
                    if release.shadow is not None:
                        report["shadow"] = self._shadow(tenant, name, release, backend, store, candidate)
                        failed += [f"shadow: {g['gate']}: {g['reason']}" for g in report["shadow"]["gates"]
                                   if not g["passed"]]  # fmt: skip
                finally:
                    store.close()
        report["passed"] = not failed
        report["failed_gates"] = failed
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / REPORT_FILES["json"]).write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
        (out_dir / REPORT_FILES["html"]).write_text(release_html(report), encoding="utf-8")
        return Verdict(not failed, tuple(failed), key)

    # -- internals ------------------------------------------------------------------------------------------

    def _tenant(self, tenant: str) -> TenantConfig:
        config = self.runtime.deployment.config.tenant(tenant)
        if config is None:
            raise SuiteError(f"no tenant {tenant!r}")
        return config

    def _release(self, tenant: str, name: str) -> ReleaseConfig | None:
        adapter = self._tenant(tenant).adapter(name)
        return adapter.release if adapter is not None else None

    def _backend(self, release: ReleaseConfig) -> GenerationBackend:
        worker = self.runtime.worker
        if release.policy_only or worker is None:
            return StandInModel()
        return BackgroundLane(worker)

    def _pipeline(self, backend: GenerationBackend, store: AuditStore, now: datetime, prefix: str,
                  numbers: Iterator[int] | None = None) -> Pipeline:  # fmt: skip
        live, numbers = self.runtime.pipeline, numbers or itertools.count(1)
        return Pipeline(backend, store, live.policies, live.base_model, live.knowledge, clock=lambda: now,
                        new_id=lambda: f"{prefix}_{next(numbers):05d}")  # fmt: skip

    def _suite(self, tenant: str, name: str, suite: Suite, backend: GenerationBackend, store: AuditStore,
               candidate: BoundAdapter, serving: BoundAdapter | None) -> dict:  # fmt: skip
        config = self._tenant(tenant)
        if suite.suite.tenant != tenant:
            raise SuiteError(f"suite {suite.suite.name} is for tenant {suite.suite.tenant}, not {tenant}")
        pipeline = self._pipeline(backend, store, suite.suite.now, f"rel_{suite.suite.name}")
        guard_cases = [c for c in suite.cases if GUARD in c.tags] if isinstance(backend, BackgroundLane) else []

        def turn(case: Case, adapter: BoundAdapter | None) -> Turn:
            bot = config.bot(case.bot or suite.suite.bot)
            if bot is None or bot.adapter != name:
                raise SuiteError(f"case {case.id}: bot {case.bot or suite.suite.bot!r} does not use adapter {name}")
            messages = case_messages(case)
            if isinstance(backend, StandInModel):  # policy only: the stand-in proposes the case's calls
                backend.propose(messages, stand_in_calls(case), case.id)
            return Turn(tenant, bot.name, bot.system_prompt, adapter, messages, self.max_new_tokens,
                        facts=case.metadata, tools=case_tools(pipeline.policies.bundle(tenant), case))  # fmt: skip

        sides = [("candidate", candidate, suite.cases)]
        if serving is not None:
            sides.append(("serving", serving, suite.cases))
        if guard_cases:
            sides.append(("base", None, guard_cases))
        runs = [(case, pipeline, turn(case, adapter)) for _, adapter, cases in sides for case in cases]
        results = run_turns(runs, self.workers)
        split: dict[str, list[CaseResult]] = {}
        for side, _, cases in sides:
            split[side], results = results[: len(cases)], results[len(cases) :]
        table = metrics_by_tag(split["candidate"])
        baseline = metrics_by_tag(split["serving"]) if "serving" in split else None
        if "base" in split:  # the guard's baseline is the base model, whatever serves now
            baseline = (baseline or {}) | {GUARD: metrics_by_tag(split["base"]).get(GUARD, {})}
        gates = [_gate_row(check_gate(g, table, baseline)) for g in suite.gates]
        return {
            "suite": suite.suite.name,
            "cases": len(suite.cases),
            "candidate": table,
            "baseline": baseline,
            "baseline_source": {"all": "serving" if serving else None, GUARD: "base" if guard_cases else None},
            "gates": gates,
            "rubric": self._rubric(split),
            "case_results": _case_rows(split),
        }

    @staticmethod
    def _rubric(split: dict[str, list[CaseResult]]) -> dict:
        """Blind A/B of the rubric cases: the candidate against serving, the guard cases against the base."""
        against = {r.case.id: r for r in split.get("serving", [])}
        against |= {r.case.id: r for r in split.get("base", [])}
        pairs = [(r.case.id, tuple(r.case.tags), r.case.rubric, r.output, against[r.case.id].output)
                 for r in split["candidate"] if r.case.rubric is not None and r.case.id in against]  # fmt: skip
        return comparison_by_tag(blind_compare(pairs))

    def _shadow(self, tenant: str, name: str, release: ReleaseConfig, backend: GenerationBackend,
                store: AuditStore, candidate: BoundAdapter) -> dict:  # fmt: skip
        """The bot's last recorded turns decided again with the candidate: what would change."""
        config, shadow = self._tenant(tenant), release.shadow
        bots = {b.name: b for b in config.bots if b.adapter == name}
        recent = self.runtime.pipeline.store.query(tenant, limit=max(1000, 4 * shadow.turns))
        chosen = [r for r in recent if r.bot in bots and r.inputs.get("messages")][: shadow.turns]
        chosen.reverse()  # oldest first
        runs, numbers = [], itertools.count(1)
        for record in chosen:
            bot = bots[record.bot]
            messages = tuple(ChatMessage(role, content) for role, content in record.inputs["messages"])
            now = datetime.fromisoformat(record.created_at.replace("Z", "+00:00"))
            turn = Turn(tenant, bot.name, bot.system_prompt, candidate, messages, self.max_new_tokens,
                        facts=record.inputs.get("facts", {}))  # fmt: skip
            runs.append((self._pipeline(backend, store, now, "shadow", numbers), turn))
        replayed = _map(runs, self.workers)
        changes = {kind: [] for kind in SHADOW_KINDS}
        for old, new in zip(chosen, replayed, strict=True):
            before, after = turn_outcomes(old), turn_outcomes(new)
            differs = {"route": old.route is not new.route}
            differs |= {kind: (kind in before) != (kind in after) for kind in SHADOW_KINDS[1:]}
            for kind in SHADOW_KINDS:
                if differs[kind]:
                    changes[kind].append({"decision_id": old.decision_id, "recorded_route": old.route.value,
                                          "new_route": new.route.value, "recorded_output": old.output[:200],
                                          "new_output": new.output[:200]})  # fmt: skip
        total = len(chosen)
        rates = {kind: round(len(found) / total, 4) if total else 0.0 for kind, found in changes.items()}
        gates = []
        for kind, bound in sorted(shadow.max_changes.items()):
            passed = rates[kind] <= bound
            gates.append({"gate": f"{kind} changes <= {bound}", "value": rates[kind], "baseline": None,
                          "delta": None, "passed": passed,
                          "reason": f"{len(changes[kind])} of {total} replayed turns change"})  # fmt: skip
        return {"replayed": total, "changed": {k: len(v) for k, v in changes.items()}, "rates": rates,
                "examples": {k: v[:SHADOW_EXAMPLES] for k, v in changes.items()}, "gates": gates}  # fmt: skip


def _map(runs: Sequence[tuple[Pipeline, Turn]], workers: int) -> list[DecisionRecord]:
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="shadow") as pool:
        return [record for record, _ in pool.map(lambda run: timed_run(*run), runs)]


def _case_rows(split: dict[str, list[CaseResult]]) -> list[dict]:
    by_side = {side: {r.case.id: r for r in results} for side, results in split.items()}
    rows = []
    for result in split["candidate"]:
        row = {"id": result.case.id, "tags": result.case.tags, "candidate_route": result.route.value,
               "problems": result.problems, "candidate_output": result.output[:200]}  # fmt: skip
        for side in ("serving", "base"):
            other = by_side.get(side, {}).get(result.case.id)
            if other is not None:
                row[f"{side}_route"], row[f"{side}_output"] = other.route.value, other.output[:200]
        if result.case.rubric is not None:
            row["rubric_candidate"] = rubric_score(result.case.rubric, result.output)
        rows.append(row)
    return rows
