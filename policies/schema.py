"""The policy bundle: one YAML file per tenant. `interlock policy schema` / `bundle.schema.json` export it."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from interlock.text.entities import DEFAULT_ORDER_ID

Stage = Literal["pre", "post", "tool"]
ActionType = Literal[
    "answer_by_rule",
    "refuse",
    "handoff",
    "route_rag",
    "route_model",
    "block_output",
    "append_disclaimer",
    "redact",
    "allow",
    "deny",
    "require_approval",
]
TERMINAL_ACTIONS = frozenset(
    {"answer_by_rule", "refuse", "handoff", "route_rag", "route_model", "block_output", "allow", "deny",
     "require_approval"}
)  # fmt: skip
STAGE_ACTIONS: dict[str, frozenset[str]] = {
    "pre": frozenset({"answer_by_rule", "refuse", "handoff", "route_rag", "route_model", "append_disclaimer"}),
    "post": frozenset({"block_output", "append_disclaimer", "redact"}),
    "tool": frozenset({"allow", "deny", "require_approval"}),
}
# The variables a condition may read at each stage.
STAGE_VARIABLES: dict[str, frozenset[str]] = {
    "pre": frozenset({"signals", "turn", "facts", "now"}),
    "post": frozenset({"signals", "turn", "facts", "now", "output", "pre"}),
    "tool": frozenset({"signals", "turn", "facts", "now", "call", "session", "history"}),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Intent(_Strict):
    """An intent signal: matched by keywords (Aho-Corasick) or RE2 patterns on the normalized text."""

    keywords: dict[str, list[str]] = Field(default_factory=dict, description="language -> keywords")
    patterns: list[str] = Field(default_factory=list, description="RE2 patterns over the normalized text")


class Action(_Strict):
    type: ActionType
    template: str | None = Field(default=None, description="template id: the customer-facing text")
    disclaimer: str | None = Field(default=None, description="disclaimer id (append_disclaimer)")
    reason: str | None = Field(default=None, description="handoff reason code (handoff, block_output)")
    priority: Literal["low", "normal", "high", "urgent"] = "normal"
    pii_types: list[str] | None = Field(default=None, description="redact: which PII types (all when omitted)")

    @model_validator(mode="after")
    def _fields_fit_type(self) -> Action:
        needs = {
            "answer_by_rule": ("template",),
            "refuse": ("template",),
            "handoff": ("reason",),
            "block_output": ("template", "reason"),
            "require_approval": ("reason",),
            "append_disclaimer": ("disclaimer",),
        }.get(self.type, ())
        missing = [name for name in needs if getattr(self, name) is None]
        if missing:
            raise ValueError(f"action {self.type} needs {', '.join(missing)}")
        return self


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,79}$")
    stage: Stage
    priority: int = Field(default=100, description="lower runs first; ties run in id order")
    when: str = Field(min_length=1, description="CEL condition")
    action: Action
    description: str = ""
    on_error: Literal["skip", "fire"] = Field(
        default="skip", description="if the condition cannot be evaluated (missing fact, type error)"
    )
    tools: list[str] | None = Field(
        default=None, description="tool rules: the tools whose calls the rule judges (all when omitted)"
    )

    @model_validator(mode="after")
    def _action_fits_stage(self) -> Rule:
        if self.action.type not in STAGE_ACTIONS[self.stage]:
            raise ValueError(f"action {self.action.type} is not allowed at stage {self.stage}")
        if self.tools is not None and self.stage != "tool":
            raise ValueError("only tool rules name tools")
        return self


class Handoff(_Strict):
    template: str = Field(description="template id sent to the customer on handoff")
    summary_chars: int = Field(default=200, ge=20, le=2000)


class PolarityWords(_Strict):
    """Words the tenant's documents use for yes and no, added to the built-in English and Chinese lexicons."""

    negators: list[str] = Field(default_factory=list, description="words that flip what follows (e.g. 'nicht')")
    negative: list[str] = Field(default_factory=list, description="words that say no by themselves ('verboten')")
    positive: list[str] = Field(default_factory=list, description="words that say yes ('erlaubt')")


class Grounding(_Strict):
    """What happens to retrieved evidence (route_rag)."""

    top_k: int = Field(default=6, ge=1, le=32)
    similarity_margin: float = Field(default=0.15, ge=0, le=2, description="keep hits this close to the best")
    lexical_ratio: float = Field(default=0.8, ge=0, le=1, description="or this share of the best BM25 score")
    min_similarity: float = Field(default=0.25, ge=-1, le=1)
    require_evidence_value: bool = Field(
        default=True, description="an answer must state a value the top evidence states (when it states any)"
    )
    on_unresolved_conflict: Literal["handoff"] = "handoff"
    on_ungrounded: Literal["block", "regenerate_then_handoff", "regenerate_then_quote"] = Field(
        default="regenerate_then_handoff",
        description="an answer stating a value the kept evidence does not state: hand off at once, or regenerate "
        "once with the allowed values and then hand off, or quote the evidence",
    )
    polarity: PolarityWords = Field(
        default_factory=PolarityWords, description="extra yes/no words for the polarity conflict check"
    )
    link_domains: list[str] | None = Field(
        default=None,
        description="the domains (and their subdomains) links and e-mail addresses in knowledge may point to: a "
        "chunk with any other is dropped from the evidence as planted (`unlisted_link`); unset: not checked",
    )


class AuditSettings(_Strict):
    redact_pii: bool = Field(
        default=False, description="replace PII in the recorded messages and answers before the record is written"
    )


class SignalSettings(_Strict):
    """The models the bundle's signals use beside the rules, loaded once at service start-up when a bundle asks
    (start-up fails, naming the package, where one is not installed). Off, the rules decide alone."""

    ner: bool = Field(
        default=False,
        description="PII: add a NER model's persons, locations and organisations (spaCy en_core_web_sm for English, "
        "jieba for Chinese) where no pattern or cue found a span; order ids are never PII",
    )
    harm_exemplars: bool = Field(
        default=False,
        description="harm: add clauses near an exemplar sentence of a harm class (the shared sentence embedder, "
        "English), where the grammar found nothing",
    )


class FactSource(_Strict):
    """A read tool whose results are facts: validated against `result_schema`, then kept for later rules."""

    fact: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]{0,62}$",
                             description="the result becomes facts.<fact>")  # fmt: skip
    result_schema: dict[str, Any] = Field(default_factory=lambda: {"type": "object"},
                                          description="JSON Schema a result must satisfy to count")  # fmt: skip
    session: dict[str, str] = Field(
        default_factory=dict, description="session key -> CEL over `result` and `args`, set from a valid result"
    )


class Tool(_Strict):
    """One tool of the bot's catalog."""

    description: str = ""
    side_effect: Literal["read", "write"]
    parameters: dict[str, Any] = Field(default_factory=lambda: {"type": "object"},
                                       description="JSON Schema of the arguments")  # fmt: skip
    confirm: bool = Field(default=False, description="write tools: the customer confirms the listed details first")
    source: FactSource | None = None

    @model_validator(mode="after")
    def _source_is_read(self) -> Tool:
        if self.source is not None and self.side_effect != "read":
            raise ValueError("only read tools are fact sources")
        if self.confirm and self.side_effect != "write":
            raise ValueError("only write tools ask for confirmation")
        return self


DEFAULT_CONFIRM_WORDS = {
    "en": ["yes", "yes please", "yep", "yeah", "confirm", "confirmed", "i confirm", "go ahead", "please do",
           "do it", "ok", "okay", "sure", "correct", "that's right", "that is right", "proceed"],
    "zh": ["确认", "是的", "是", "好的", "好", "可以", "对", "没问题", "同意", "确定"],
}  # fmt: skip
DEFAULT_DECLINE_WORDS = {
    "en": ["no", "not", "don't", "do not", "dont", "wait", "stop", "cancel that", "never mind", "nevermind",
           "change", "instead", "but", "wrong", "hold on"],
    "zh": ["不", "别", "等等", "不要", "改成", "错", "但是", "算了"],
}  # fmt: skip


class Tools(_Strict):
    """The bot's tools: what the model may call, how results become facts, and what confirms an action."""

    catalog: dict[str, Tool] = Field(default_factory=dict)
    session: dict[str, Any] = Field(
        default_factory=dict, description="the session before any tool result (e.g. identity_verified: false)"
    )
    deny_template: str | None = Field(default=None, description="template id answering a turn whose calls are all "
                                      "denied (default: the handoff template)")  # fmt: skip
    confirm_template: str | None = Field(default=None, description="template id asking the customer to confirm; "
                                         "it sees `call.name` and `call.args`")  # fmt: skip
    confirm_words: dict[str, list[str]] = Field(default_factory=lambda: DEFAULT_CONFIRM_WORDS)
    decline_words: dict[str, list[str]] = Field(default_factory=lambda: DEFAULT_DECLINE_WORDS)


class Bundle(_Strict):
    bundle: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")
    description: str = ""
    default_route: Literal["model", "rag"] = "model"
    order_id_pattern: str = DEFAULT_ORDER_ID
    intents: dict[str, Intent] = Field(default_factory=dict)
    templates: dict[str, str] = Field(default_factory=dict)
    disclaimers: dict[str, str] = Field(default_factory=dict)
    handoff: Handoff
    grounding: Grounding = Grounding()
    audit: AuditSettings = AuditSettings()
    signals: SignalSettings = SignalSettings()
    template_sample: dict = Field(default_factory=dict, description="facts used to check that templates render")
    tools: Tools = Tools()
    rules: list[Rule] = Field(default_factory=list)


def bundle_json_schema() -> str:
    """The JSON Schema of a bundle, as committed in `policies/bundle.schema.json`."""
    return json.dumps(Bundle.model_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
