"""GET /v1/models lists the caller's bots, in OpenAI's shape; another tenant's bot is not there."""

from __future__ import annotations

import openai
import pytest

from tests.conftest import ALPHA_KEY, BETA_KEY, bearer
from tests.test_openai_sdk import live_url  # noqa: F401 - the live server fixture


def test_models_lists_only_the_callers_bots(client):
    body = client.get("/v1/models", headers=bearer(ALPHA_KEY)).json()
    assert body["object"] == "list"
    assert body["data"] == [{"id": name, "object": "model", "created": 0, "owned_by": "alpha"}
                            for name in ("alpha-bot", "alpha-plain")]  # fmt: skip
    assert [m["id"] for m in client.get("/v1/models", headers=bearer(BETA_KEY)).json()["data"]] == ["beta-bot"]


def test_another_tenants_bot_is_not_found(client):
    assert client.get("/v1/models/alpha-bot", headers=bearer(ALPHA_KEY)).json()["owned_by"] == "alpha"
    response = client.get("/v1/models/alpha-bot", headers=bearer(BETA_KEY))
    assert response.status_code == 404 and response.json()["error"]["code"] == "model_not_found"


def test_models_need_a_key(client):
    assert client.get("/v1/models").json()["error"]["code"] == "invalid_api_key"


def test_the_openai_sdk_lists_and_retrieves_models(live_url):  # noqa: F811
    sdk = openai.OpenAI(base_url=live_url, api_key=ALPHA_KEY, max_retries=0)
    assert [m.id for m in sdk.models.list()] == ["alpha-bot", "alpha-plain"]
    assert sdk.models.retrieve("alpha-bot").owned_by == "alpha"
    with pytest.raises(openai.NotFoundError):
        sdk.models.retrieve("beta-bot")
