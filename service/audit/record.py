"""The decision record: what one turn decided, as it is kept forever in its tenant's hash chain. Pure.

Changing the record: a record is never rewritten, so every version ever written must stay readable.
- A change adds fields (with a default that says what an older record meant) or widens a type; it never removes,
  renames or changes the meaning of a field. Each such change bumps RECORD_VERSION, and the README says what the
  new version added.
- Records carry the version they were written with; a record without `record_version` is version 1.
- Hashes are over the stored body exactly as written (canonical JSON), never over a re-serialization, so old
  records verify whatever the current model looks like.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from interlock.policies.routes import Route

GENESIS_HASH = "sha256:" + "0" * 64
# 1: the first records (no `record_version` field). 2: `record_version` itself. 3: `tool_calls` (every proposed
# call with its decision) and `tool_facts` (what tool results established, and what was rejected). 4:
# `retrieval.asked`; in `retrieval.conflicts[]` `attribute`, `sentences`, `why` (and kind `polarity`); in
# `retrieval.scoped[]` `by`, `sentences`; violation reason `misattributed` (absent in older records: nothing was
# asked or compared).
# 5: `human_action` (a person's action on a handoff, route `human`).
RECORD_VERSION = 5


def format_time(moment: datetime) -> str:
    """One fixed, sortable UTC format for every timestamp in the log."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class DecisionDraft(BaseModel):
    """Everything decided about a turn, before it takes its place in the tenant's chain."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record_version: int = Field(default=1, ge=1, description="the record format this record was written in")
    decision_id: str
    tenant: str
    bot: str
    created_at: str
    route: Route
    pre_route: Route | None = Field(default=None, description="the route the pre-policy chose, before any fault")
    bundle_version: str
    base_model: str
    adapter_id: str | None
    adapter_version: str | None
    input_hash: str
    inputs: dict[str, Any] = Field(
        default_factory=dict, description="the turn as decided: messages and facts (what a replay re-decides)"
    )
    signals: dict[str, Any] = Field(default_factory=dict)
    rules_fired: list[dict[str, str]] = Field(default_factory=list)
    disclaimers: list[str] = Field(default_factory=list)
    retrieval: dict[str, Any] | None = None
    citations: list[str] = Field(default_factory=list)
    policy_errors: list[str] = Field(default_factory=list)
    model_output: str | None = None
    candidate: str | None = Field(default=None, description="the answer the post-policy judged")
    output: str
    finish_reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    handoff: dict[str, Any] | None = None
    error: str | None = None
    latencies_ms: dict[str, float] = Field(default_factory=dict)
    tool_calls: list[dict[str, Any]] = Field(
        default_factory=list, description="each proposed call: id, name, arguments, decision, rule, reason, why, sent"
    )
    tool_facts: dict[str, Any] | None = Field(
        default=None, description="facts and session from tool results, and the results rejected (with why)"
    )
    human_action: dict[str, Any] | None = Field(
        default=None, description="a person's action on a handoff (route `human`): who, what, on which decision"
    )


class DecisionRecord(DecisionDraft):
    seq: int
    prev_hash: str
    hash: str


def canonical_json(value: dict) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_hash(body: dict, prev_hash: str) -> str:
    """Hash of a record's content (everything but `hash`) chained to its predecessor."""
    content = {k: v for k, v in body.items() if k != "hash"} | {"prev_hash": prev_hash}
    return "sha256:" + hashlib.sha256(canonical_json(content).encode()).hexdigest()


def chained_row(draft: DecisionDraft, seq: int, prev_hash: str) -> tuple[DecisionRecord, tuple]:
    """The draft as record `seq` of its tenant's chain, and its row for the decisions table."""
    body = draft.model_dump(mode="json") | {"seq": seq}
    digest = record_hash(body, prev_hash)
    # The draft was validated when it was made; the record adds only its place in the chain.
    record = DecisionRecord.model_construct(**draft.__dict__, seq=seq, prev_hash=prev_hash, hash=digest)
    stored = canonical_json(body | {"prev_hash": prev_hash, "hash": digest})
    row = (draft.tenant, seq, draft.decision_id, draft.created_at, draft.route.value, prev_hash, digest, stored)
    return record, row


def check_row(
    seq, decision_id, route, created_at, prev_hash, stored_hash, body_text, tenant, expected_seq, expected_prev
) -> str | None:
    """Why a stored row is not the next link of its tenant's chain, or None when it is."""
    if seq != expected_seq:
        return f"sequence gap: expected seq {expected_seq}, found {seq}"
    if prev_hash != expected_prev:
        return "prev_hash does not match the hash of the record before it"
    try:
        body = json.loads(body_text)
    except json.JSONDecodeError:
        return "record body is not valid JSON"
    columns = {
        "tenant": tenant,
        "seq": seq,
        "decision_id": decision_id,
        "route": route,
        "created_at": created_at,
        "prev_hash": prev_hash,
        "hash": stored_hash,
    }
    for name, value in columns.items():
        if body.get(name) != value:
            return f"column {name} differs from the record body"
    if record_hash(body, prev_hash) != stored_hash:
        return "record content does not match its hash"
    version = body.get("record_version", 1)
    if not isinstance(version, int) or not 1 <= version <= RECORD_VERSION:
        return f"record version {version!r} is not one this verifier reads (1 to {RECORD_VERSION}): upgrade it"
    return None

