"""The caller's bots as OpenAI models (`GET /v1/models`), so clients that list models first find them."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from interlock.service.api.deps import RuntimeDep, TenantId
from interlock.service.api.errors import BotNotFound
from interlock.service.pipeline.turn import catalog_tools

router = APIRouter()


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int = 0  # bots have no creation time on record; a fixed value keeps the answer deterministic
    owned_by: str


class BotCard(ModelCard):
    """One bot: its model card and the tools its tenant's bundle declares, in OpenAI's `tools` shape (Interlock's
    field beside OpenAI's: a client can offer exactly these)."""

    tools: list[dict[str, Any]] = Field(default_factory=list)


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


@router.get("/v1/models", response_model=ModelList)
async def list_models(tenant_id: TenantId, runtime: RuntimeDep) -> ModelList:
    tenant = runtime.deployment.config.tenant(tenant_id)
    return ModelList(data=[ModelCard(id=bot.name, owned_by=tenant.id) for bot in sorted(tenant.bots, key=_name)])


@router.get("/v1/models/{model}", response_model=BotCard)
async def retrieve_model(model: str, tenant_id: TenantId, runtime: RuntimeDep) -> BotCard:
    bot = runtime.deployment.config.tenant(tenant_id).bot(model)
    if bot is None:  # another tenant's bot answers exactly like one that does not exist
        raise BotNotFound(f"The model '{model}' does not exist or you do not have access to it.", param="model")
    tools = catalog_tools(runtime.pipeline.policies.bundle(tenant_id))
    declared = [{"type": "function", "function": {"name": t.name, "description": t.description,
                                                  "parameters": t.parameters}} for t in tools]  # fmt: skip
    return BotCard(id=bot.name, owned_by=tenant_id, tools=declared)


def _name(bot) -> str:
    return bot.name
