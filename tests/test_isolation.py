"""Hammer test: concurrent turns for different tenants never get another tenant's adapter."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.conftest import ALPHA_KEY, BETA_KEY, bearer

BOTS = [(ALPHA_KEY, "alpha-bot"), (BETA_KEY, "beta-bot"), (ALPHA_KEY, "alpha-plain")]
LATER = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hello!"}]
PROMPTS = ["What colours does it come in?", "Do you ship abroad?", "Is it waterproof?"]


def answer(client, key, bot, prompt) -> str:
    body = {"model": bot, "max_tokens": 10, "messages": [*LATER, {"role": "user", "content": prompt}]}
    response = client.post("/v1/chat/completions", json=body, headers=bearer(key))
    assert response.status_code == 200, response.text
    return response.json()["choices"][0]["message"]["content"]


def test_concurrent_tenants_each_get_their_own_adapter(client, runtime):
    expected = {(bot, prompt): answer(client, key, bot, prompt) for key, bot in BOTS for prompt in PROMPTS}
    for prompt in PROMPTS:  # the three bots answer each prompt differently, so a mix-up cannot hide
        assert len({expected[(bot, prompt)] for _, bot in BOTS}) == len(BOTS)
    jobs = [(key, bot, prompt) for _ in range(8) for key, bot in BOTS for prompt in PROMPTS]
    # As many workers as the admission limit admits: every turn is decided, none is turned away.
    limit = runtime.deployment.config.max_inflight_turns
    with ThreadPoolExecutor(max_workers=limit) as pool:
        results = list(pool.map(lambda job: (job[1], job[2], answer(client, *job)), jobs))
    mismatches = [(bot, prompt) for bot, prompt, text in results if text != expected[(bot, prompt)]]
    assert mismatches == []
    assert len(results) == 72
    # The turns really were batched across tenants, so this also checks mixed batches.
    assert runtime.pipeline.backend.stats.largest_batch > 1
