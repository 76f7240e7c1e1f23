"""Running a probe suite through the real pipeline in-process, against a deployment or a variant of it."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from interlock.adapters.generation import ChatMessage, GenerationRequest, GenerationResult, TextSink, ToolCall
from interlock.adapters.lora import CONFIG_FILE as ADAPTER_CONFIG
from interlock.policies.loader import CompiledBundle
from interlock.service.audit.record import DecisionRecord
from interlock.service.audit.sqlite import SQLiteAuditStore
from interlock.service.config import Deployment
from interlock.service.evaluation.metrics import CaseResult
from interlock.service.evaluation.suite import Case, Suite, SuiteError
from interlock.service.pipeline.pipeline import Pipeline
from interlock.service.pipeline.turn import NO_TOOLS, ToolOffer, Turn, catalog_tools
from interlock.service.runtime import Runtime, build_runtime

EVAL_MAX_NEW_TOKENS = 64
STAND_IN_ANSWER = "Thanks for your question. Let me help you with that."


class StandInModel:
    """Answers every model turn with one fixed sentence, and proposes the calls the case says it proposes (when the
    request offers tools): evaluates the policy alone, without loading a model."""

    ready = True

    def __init__(self) -> None:
        self._proposals: dict[tuple, tuple[tuple[ToolCall, ...], str]] = {}

    def propose(self, messages: tuple[ChatMessage, ...], calls: tuple[ToolCall, ...], case_id: str) -> None:
        """The calls to propose after this conversation (cases may run concurrently: each is found by its own)."""
        key = _conversation_key(messages)
        known = self._proposals.get(key)
        if known is not None and known[0] != calls:
            raise SuiteError(f"cases {known[1]} and {case_id} have the same conversation but propose different calls")
        self._proposals[key] = (calls, case_id)

    def generate(self, request: GenerationRequest, on_text: TextSink | None = None) -> GenerationResult:
        proposed = self._proposals.get(_conversation_key(request.messages), ((), ""))[0]
        calls = proposed if request.tools else ()
        text = "" if calls else STAND_IN_ANSWER
        if on_text is not None and text:
            on_text(text)
        return GenerationResult(text, 0, 0, "stop", tool_calls=calls)


def _conversation_key(messages: tuple[ChatMessage, ...]) -> tuple:
    """A conversation as the model is asked it, without the system prompt and tool results' text (the model may
    read a flagged result as a note)."""
    return tuple((m.role, m.tool_call_id if m.role == "tool" else m.content, m.tool_calls)
                 for m in messages if m.role != "system")  # fmt: skip


def case_tools(bundle: CompiledBundle, case: Case) -> ToolOffer:
    """The bundle's tools a case offers (`["*"]`: all of them), as a client would declare them."""
    if not case.tools:
        return NO_TOOLS
    return ToolOffer(catalog_tools(bundle, None if case.tools == ["*"] else case.tools))


def stand_in_calls(case: Case) -> tuple[ToolCall, ...]:
    return tuple(ToolCall("", c.name, json.dumps(c.arguments, ensure_ascii=False, sort_keys=True))
                 for c in case.proposed_calls)  # fmt: skip


def case_messages(case: Case) -> tuple[ChatMessage, ...]:
    return tuple(
        ChatMessage(m.role, m.text(), tuple(ToolCall(c.id, c.name, json.dumps(c.arguments, ensure_ascii=False,
                                                                             sort_keys=True)) for c in m.tool_calls),
                    m.tool_call_id)
        for m in case.turn_messages()
    )  # fmt: skip


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


def evaluation_runtime(deployment: Deployment, suite: Suite, audit_dir: Path, stand_in: StandInModel | None) -> Runtime:
    """A runtime whose clock is the suite's, whose ids count, and whose audit goes to a scratch store; with
    `stand_in`, that model answers (policy only) instead of the deployment's."""
    numbers = itertools.count(1)
    return build_runtime(
        deployment,
        clock=lambda: suite.suite.now,
        new_id=lambda: f"eval_{next(numbers):05d}",
        backend=stand_in,
        store=SQLiteAuditStore(audit_dir / "eval-audit.db"),
    )


def run_suite(runtime: Runtime, suite: Suite, stand_in: StandInModel | None = None) -> list[CaseResult]:
    """Every case through the pipeline; with `stand_in` (the policy-only model), its calls are the case's."""
    runs = []
    for case in suite.cases:
        tenant, bot = case.tenant or suite.suite.tenant, case.bot or suite.suite.bot
        offer = case_tools(runtime.pipeline.policies.bundle(tenant), case)
        turn = runtime.turn(tenant, bot, case_messages(case), EVAL_MAX_NEW_TOKENS, facts=case.metadata, tools=offer)
        if turn is None:
            raise SuiteError(f"case {case.id}: tenant {tenant!r} has no bot {bot!r}")
        if stand_in is not None:
            stand_in.propose(turn.messages, stand_in_calls(case), case.id)
        runs.append((case, runtime.pipeline, turn))
    return run_turns(runs)


def timed_run(pipeline: Pipeline, turn: Turn) -> tuple[DecisionRecord, float]:
    start = time.perf_counter()
    record = pipeline.run(turn)
    return record, round((time.perf_counter() - start) * 1000, 3)


def case_result(case: Case, record: DecisionRecord, latency_ms: float) -> CaseResult:
    blocked = any(r["stage"] == "post" and r["action"] == "block_output" for r in record.rules_fired)
    return CaseResult(case, record.route, tuple(r["id"] for r in record.rules_fired), tuple(record.disclaimers),
                      record.output, blocked, latency_ms, tuple(record.tool_calls))  # fmt: skip


def run_turns(runs: Sequence[tuple[Case, Pipeline, Turn]], workers: int = 1) -> list[CaseResult]:
    """Each case's turn through its pipeline, `workers` at a time (so their generations can share a batch), in
    the order given."""
    if workers <= 1:
        return [case_result(case, *timed_run(pipeline, turn)) for case, pipeline, turn in runs]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="eval-case") as pool:
        timed = list(pool.map(lambda run: timed_run(run[1], run[2]), runs))
    return [case_result(run[0], *outcome) for run, outcome in zip(runs, timed, strict=True)]
