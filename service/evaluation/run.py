"""Running a probe suite through the real pipeline in-process, against a deployment or a variant of it."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

from interlock.adapters.generation import ChatMessage, GenerationRequest, GenerationResult, TextSink, ToolCall
from interlock.adapters.lora import CONFIG_FILE as ADAPTER_CONFIG
from interlock.service.audit.sqlite import SQLiteAuditStore
from interlock.service.config import Deployment
from interlock.service.evaluation.metrics import CaseResult
from interlock.service.evaluation.suite import Case, Suite, SuiteError
from interlock.service.pipeline.turn import NO_TOOLS, ToolOffer, catalog_tools
from interlock.service.runtime import Runtime, build_runtime

EVAL_MAX_NEW_TOKENS = 64
STAND_IN_ANSWER = "Thanks for your question. Let me help you with that."


class StandInModel:
    """Answers every model turn with one fixed sentence, and proposes the calls the case says it proposes (when the
    request offers tools): evaluates the policy alone, without loading a model."""

    ready = True

    def __init__(self) -> None:
        self.proposals: tuple[ToolCall, ...] = ()

    def generate(self, request: GenerationRequest, on_text: TextSink | None = None) -> GenerationResult:
        calls = self.proposals if request.tools else ()
        text = "" if calls else STAND_IN_ANSWER
        if on_text is not None and text:
            on_text(text)
        return GenerationResult(text, 0, 0, "stop", tool_calls=calls)


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
    results = []
    for case in suite.cases:
        tenant, bot = case.tenant or suite.suite.tenant, case.bot or suite.suite.bot
        bundle = runtime.pipeline.policies.bundle(tenant)
        offer = (
            ToolOffer(catalog_tools(bundle, None if case.tools == ["*"] else case.tools)) if case.tools else NO_TOOLS
        )
        turn = runtime.turn(tenant, bot, case_messages(case), EVAL_MAX_NEW_TOKENS, facts=case.metadata, tools=offer)
        if turn is None:
            raise SuiteError(f"case {case.id}: tenant {tenant!r} has no bot {bot!r}")
        if stand_in is not None:
            stand_in.proposals = tuple(ToolCall("", c.name, json.dumps(c.arguments, ensure_ascii=False, sort_keys=True))
                                       for c in case.proposed_calls)  # fmt: skip
        start = time.perf_counter()
        record = runtime.pipeline.run(turn)
        latency_ms = (time.perf_counter() - start) * 1000
        blocked = any(r["stage"] == "post" and r["action"] == "block_output" for r in record.rules_fired)
        results.append(CaseResult(case, record.route, tuple(r["id"] for r in record.rules_fired),
                                  tuple(record.disclaimers), record.output, blocked, round(latency_ms, 3),
                                  tuple(record.tool_calls)))  # fmt: skip
    return results
