"""Running a probe suite through the real pipeline in-process, against a deployment or a variant of it."""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from interlock.adapters.generation import ChatMessage, GenerationRequest, GenerationResult, TextSink
from interlock.adapters.lora import CONFIG_FILE as ADAPTER_CONFIG
from interlock.service.audit.record import DecisionRecord
from interlock.service.audit.sqlite import SQLiteAuditStore
from interlock.service.config import Deployment
from interlock.service.evaluation.metrics import CaseResult
from interlock.service.evaluation.suite import Case, Suite, SuiteError
from interlock.service.pipeline.pipeline import Pipeline
from interlock.service.pipeline.turn import Turn
from interlock.service.runtime import Runtime, build_runtime

EVAL_MAX_NEW_TOKENS = 64
STAND_IN_ANSWER = "Thanks for your question. Let me help you with that."


class StandInModel:
    """Answers every model turn with one fixed sentence: evaluates the policy alone, without loading a model."""

    ready = True

    def generate(self, request: GenerationRequest, on_text: TextSink | None = None) -> GenerationResult:
        if on_text is not None:
            on_text(STAND_IN_ANSWER)
        return GenerationResult(STAND_IN_ANSWER, 0, 0, "stop")


def with_baseline(deployment: Deployment, suite: Suite, baseline: Path) -> Deployment:
    """The deployment with the suite tenant's bundle (a file) or its bot's adapter (a directory) replaced."""
    baseline = Path(baseline).resolve()
    config = deployment.config
    tenants = []
    for tenant in config.tenants:
        if tenant.id == suite.suite.tenant:
            if (baseline / ADAPTER_CONFIG).is_file():
                bot = tenant.bot(suite.suite.bot)
                if bot is None or bot.adapter is None:
                    raise SuiteError(f"bot {suite.suite.bot!r} has no adapter to compare with {baseline}")
                adapters = [a.model_copy(update={"path": baseline}) if a.name == bot.adapter else a
                            for a in tenant.adapters]  # fmt: skip
                tenant = tenant.model_copy(update={"adapters": adapters})
            elif baseline.is_file():
                tenant = tenant.model_copy(update={"policy": baseline})
            else:
                raise SuiteError(f"baseline {baseline} is neither a bundle file nor an adapter directory")
        tenants.append(tenant)
    return Deployment(root=deployment.root, config=config.model_copy(update={"tenants": tenants}))


def evaluation_runtime(deployment: Deployment, suite: Suite, audit_dir: Path, policy_only: bool) -> Runtime:
    """A runtime whose clock is the suite's, whose ids count, and whose audit goes to a scratch store."""
    numbers = itertools.count(1)
    return build_runtime(
        deployment,
        clock=lambda: suite.suite.now,
        new_id=lambda: f"eval_{next(numbers):05d}",
        backend=StandInModel() if policy_only else None,
        store=SQLiteAuditStore(audit_dir / "eval-audit.db"),
    )


def run_suite(runtime: Runtime, suite: Suite) -> list[CaseResult]:
    runs = []
    for case in suite.cases:
        tenant, bot = case.tenant or suite.suite.tenant, case.bot or suite.suite.bot
        messages = tuple(ChatMessage(m.role, m.content) for m in case.turn_messages())
        turn = runtime.turn(tenant, bot, messages, EVAL_MAX_NEW_TOKENS, facts=case.metadata)
        if turn is None:
            raise SuiteError(f"case {case.id}: tenant {tenant!r} has no bot {bot!r}")
        runs.append((case, runtime.pipeline, turn))
    return run_turns(runs)


def timed_run(pipeline: Pipeline, turn: Turn) -> tuple[DecisionRecord, float]:
    start = time.perf_counter()
    record = pipeline.run(turn)
    return record, round((time.perf_counter() - start) * 1000, 3)


def case_result(case: Case, record: DecisionRecord, latency_ms: float) -> CaseResult:
    blocked = any(r["stage"] == "post" and r["action"] == "block_output" for r in record.rules_fired)
    return CaseResult(case, record.route, tuple(r["id"] for r in record.rules_fired), tuple(record.disclaimers),
                      record.output, blocked, latency_ms)  # fmt: skip


def run_turns(runs: Sequence[tuple[Case, Pipeline, Turn]], workers: int = 1) -> list[CaseResult]:
    """Each case's turn through its pipeline, `workers` at a time (so their generations can share a batch), in
    the order given."""
    if workers <= 1:
        return [case_result(case, *timed_run(pipeline, turn)) for case, pipeline, turn in runs]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="eval-case") as pool:
        timed = list(pool.map(lambda run: timed_run(run[1], run[2]), runs))
    return [case_result(run[0], *outcome) for run, outcome in zip(runs, timed, strict=True)]
