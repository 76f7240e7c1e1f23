"""Admin adapter API: register a version (validated in the background, switched atomically), roll back, unload,
list with residency; the switch under load; the queue limit as 429; adapter metrics."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from safetensors.torch import load_file, save_file

from interlock.adapters.generation import GenerationOverloaded
from interlock.adapters.lora import adapter_version
from interlock.service.api.app import create_app
from interlock.service.config import load_deployment
from interlock.service.runtime import build_runtime
from tests.conftest import ADMIN_KEY, ALPHA_KEY, bearer, counting_ids, stepping_clock
from tests.tiny_model import build_lora_adapter

ADAPTERS = "/v1/admin/adapters"
VERSIONS = f"{ADAPTERS}/alpha/alpha-voice/versions"
QUESTION = [{"role": "user", "content": "Do you ship abroad?"}]


@pytest.fixture(scope="module")
def new_version(tiny_assets, tmp_path_factory) -> Path:
    return build_lora_adapter(tiny_assets / "base", tmp_path_factory.mktemp("v2") / "alpha-v2", seed=21)


def upload(adapter_dir: Path) -> dict:
    return {
        "adapter_config": json.loads((adapter_dir / "adapter_config.json").read_text()),
        "weights_base64": base64.b64encode((adapter_dir / "adapter_model.safetensors").read_bytes()).decode(),
    }


def stored_version(adapter_dir: Path, tmp_path: Path) -> str:
    """The version the service will compute for this upload (it stores the config re-serialised)."""
    copy = tmp_path / ("stored-" + adapter_dir.name)
    copy.mkdir(exist_ok=True)
    config = json.loads((adapter_dir / "adapter_config.json").read_text())
    (copy / "adapter_config.json").write_text(json.dumps(config, indent=2, sort_keys=True))
    (copy / "adapter_model.safetensors").write_bytes((adapter_dir / "adapter_model.safetensors").read_bytes())
    return adapter_version(copy)


def wait_for(client, version: str, status: str = "serving") -> dict:
    for _ in range(400):
        body = client.get(f"{VERSIONS}/{version}", headers=bearer(ADMIN_KEY)).json()
        if body["status"] not in ("validating", "evaluating"):
            assert body["status"] == status, body
            return body
        time.sleep(0.05)
    raise AssertionError(f"version {version} still validating")


@contextmanager
def model_busy(runtime) -> Iterator[None]:
    """Holds the generation worker's thread: background validation (it loads on that thread) waits until the end."""
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        holding.set()
        release.wait()

    with ThreadPoolExecutor(max_workers=1) as pool:
        held = pool.submit(runtime.worker.call, hold)
        holding.wait()
        try:
            yield
        finally:
            release.set()
            held.result()


def chat(client, bot: str = "alpha-bot", key: str = ALPHA_KEY, **extra) -> dict:
    body = {"model": bot, "max_tokens": 8, "messages": QUESTION} | extra
    response = client.post("/v1/chat/completions", json=body, headers=bearer(key))
    assert response.status_code == 200, response.text
    return response.json()


def record_of(runtime, decision_id: str):
    return next(r for r in runtime.pipeline.store.query("alpha", limit=1000) if r.decision_id == decision_id)


def test_new_version_is_validated_then_serves_and_can_be_rolled_back(client, runtime, new_version, tmp_path):
    old = chat(client)
    old_version = record_of(runtime, old["decision_id"]).adapter_version
    response = client.post(VERSIONS, json=upload(new_version), headers=bearer(ADMIN_KEY))
    assert response.status_code == 202, response.text
    version = response.json()["version"]
    assert version == stored_version(new_version, tmp_path)
    wait_for(client, version)
    new = chat(client)
    assert record_of(runtime, new["decision_id"]).adapter_version == version
    assert new["choices"][0]["message"]["content"] != old["choices"][0]["message"]["content"]
    listing = client.get(ADAPTERS, headers=bearer(ADMIN_KEY)).json()["data"]
    alpha = next(a for a in listing if a["tenant"] == "alpha")
    assert alpha["serving_version"] == version
    rows = {v["version"]: v for v in alpha["versions"]}
    assert rows[version]["serving"] and rows[version]["resident"] and rows[version]["hits"] >= 2  # probe + turn
    assert rows[old_version]["status"] == "ready" and not rows[old_version]["serving"]
    # Roll back: the old version serves again, answering as before.
    back = client.post(f"{ADAPTERS}/alpha/alpha-voice/activate", json={"version": old_version},
                       headers=bearer(ADMIN_KEY))  # fmt: skip
    assert back.status_code == 200, back.text
    again = chat(client)
    assert again["choices"][0]["message"]["content"] == old["choices"][0]["message"]["content"]
    assert record_of(runtime, again["decision_id"]).adapter_version == old_version


def test_broken_upload_is_rejected_and_the_serving_version_stays(client, runtime, new_version, tmp_path):
    zeroed = tmp_path / "zeroed"
    zeroed.mkdir()
    (zeroed / "adapter_config.json").write_bytes((new_version / "adapter_config.json").read_bytes())
    tensors = load_file(str(new_version / "adapter_model.safetensors"))
    save_file(
        {k: v.zero_() if "lora_B" in k else v for k, v in tensors.items()}, str(zeroed / "adapter_model.safetensors")
    )
    before = chat(client)
    response = client.post(VERSIONS, json=upload(zeroed), headers=bearer(ADMIN_KEY))
    assert response.status_code == 202
    body = wait_for(client, response.json()["version"], status="rejected")
    assert "does not change the model's output" in body["error"]
    after = chat(client)
    assert after["choices"][0]["message"]["content"] == before["choices"][0]["message"]["content"]
    # A version that is not ready cannot be switched to.
    refused = client.post(f"{ADAPTERS}/alpha/alpha-voice/activate", json={"version": body["version"]},
                          headers=bearer(ADMIN_KEY))  # fmt: skip
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "version_not_ready"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"adapter_config": {}, "weights_base64": "%%%"}, 422, "invalid_request"),
        (
            {"adapter_config": {"peft_type": "LORA"}, "weights_base64": "AAAA", "path": "/etc/passwd"},
            422,
            "invalid_request",
        ),
    ],
)
def test_bad_uploads_get_clear_errors(client, body, status, code):
    response = client.post(VERSIONS, json=body, headers=bearer(ADMIN_KEY))
    assert response.status_code == status and response.json()["error"]["code"] == code


def test_admin_adapter_api_needs_the_admin_key_and_a_declared_adapter(client, new_version):
    assert client.get(ADAPTERS, headers=bearer(ALPHA_KEY)).status_code == 403
    assert client.post(VERSIONS, json=upload(new_version), headers=bearer(ALPHA_KEY)).status_code == 403
    assert client.get(ADAPTERS).status_code == 401
    missing = client.post(f"{ADAPTERS}/alpha/no-such/versions", json=upload(new_version), headers=bearer(ADMIN_KEY))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "adapter_not_found"
    unknown = client.get(f"{VERSIONS}/sha256:{'0' * 64}", headers=bearer(ADMIN_KEY))
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "version_not_found"


def test_unload_takes_the_adapter_out_and_its_next_turn_loads_it_cold(client, runtime):
    first = chat(client)
    unloaded = client.post(f"{ADAPTERS}/alpha/alpha-voice/unload", headers=bearer(ADMIN_KEY)).json()
    assert len(unloaded["evicted"]) == 1
    listing = client.get(ADAPTERS, headers=bearer(ADMIN_KEY)).json()["data"]
    [row] = next(a for a in listing if a["tenant"] == "alpha")["versions"]
    assert not row["resident"] and row["evictions"] == 1
    again = chat(client)
    assert again["choices"][0]["message"]["content"] == first["choices"][0]["message"]["content"]
    metrics = client.get("/metrics", headers=bearer(ADMIN_KEY)).text
    assert 'interlock_adapter_activations_total{adapter="alpha-voice",kind="cold",tenant="alpha"} 1.0' in metrics
    assert "interlock_generation_queue_depth 0.0" in metrics


def test_registered_version_survives_a_restart(deployment_dir, new_version):
    def start():
        return build_runtime(load_deployment(deployment_dir), clock=stepping_clock(), new_id=counting_ids())

    runtime = start()
    with TestClient(create_app(runtime)) as client:
        version = client.post(VERSIONS, json=upload(new_version), headers=bearer(ADMIN_KEY)).json()["version"]
        wait_for(client, version)
    runtime.close()
    restarted = start()
    try:
        assert restarted.adapters.binding("alpha", "alpha-voice").version == version
    finally:
        restarted.close()


def test_version_switch_under_load_is_atomic(client, runtime, new_version, tmp_path):
    expected_new_version = stored_version(new_version, tmp_path)
    old_text = chat(client)["choices"][0]["message"]["content"]
    stop, results, sequences = threading.Event(), [], []

    def hammer() -> None:
        mine = []
        while not stop.is_set():
            reply = chat(client)
            results.append((reply["decision_id"], reply["choices"][0]["message"]["content"], reply["route"]))
            mine.append(reply["decision_id"])
        sequences.append(mine)

    with ThreadPoolExecutor(max_workers=4) as pool:
        workers = [pool.submit(hammer) for _ in range(4)]
        time.sleep(0.3)
        response = client.post(VERSIONS, json=upload(new_version), headers=bearer(ADMIN_KEY))
        wait_for(client, response.json()["version"])
        time.sleep(0.3)
        stop.set()
        for worker in workers:
            worker.result()
    texts_by_version: dict[str, set[str]] = {}
    for decision_id, text, route in results:
        assert route == "model"
        texts_by_version.setdefault(record_of(runtime, decision_id).adapter_version, set()).add(text)
    old_version = next(v for v in texts_by_version if v != expected_new_version)
    assert set(texts_by_version) == {old_version, expected_new_version}
    assert texts_by_version[old_version] == {old_text}  # every turn on one version answers as that version
    assert len(texts_by_version[expected_new_version]) == 1 and old_text not in texts_by_version[expected_new_version]
    # Once switched, it stays switched: each client's later turns never go back to the old version.
    for mine in sequences:
        versions = [record_of(runtime, d).adapter_version for d in mine]
        assert versions == sorted(versions, key=lambda v: v == expected_new_version)
        assert versions[-1] == expected_new_version


def test_a_full_generation_queue_is_answered_429_with_retry_after(deployment_dir):
    class Busy:
        ready = True

        def generate(self, request):
            raise GenerationOverloaded("32 generations queued (limit 32)")

    runtime = build_runtime(load_deployment(deployment_dir), backend=Busy())
    try:
        with TestClient(create_app(runtime)) as client:
            response = client.post("/v1/chat/completions", json={"model": "alpha-bot", "messages": QUESTION},
                                   headers=bearer(ALPHA_KEY))  # fmt: skip
        assert response.status_code == 429, response.text
        assert response.json()["error"]["code"] == "generation_queue_full"
        assert response.headers["Retry-After"] == "1"
    finally:
        runtime.close()


def test_versions_beyond_the_kept_number_retire_and_come_back_validated(deployment_dir, new_version, tmp_path):
    config = yaml.safe_load((deployment_dir / "tenants.yaml").read_text())
    config["serving"] = {"keep_versions": 1}
    (deployment_dir / "tenants.yaml").write_text(yaml.safe_dump(config))
    runtime = build_runtime(load_deployment(deployment_dir))
    try:
        with TestClient(create_app(runtime)) as client:
            first = runtime.adapters.binding("alpha", "alpha-voice")
            version = client.post(VERSIONS, json=upload(new_version), headers=bearer(ADMIN_KEY)).json()["version"]
            wait_for(client, version)
            assert client.get(f"{VERSIONS}/{first.version}", headers=bearer(ADMIN_KEY)).json()["status"] == "retired"
            assert first.key not in runtime.pipeline.backend.adapters  # out of the model, files kept
            back = client.post(f"{ADAPTERS}/alpha/alpha-voice/activate", json={"version": first.version},
                               headers=bearer(ADMIN_KEY))  # fmt: skip
            assert back.json()["status"] == "validating"
            wait_for(client, first.version)
            assert runtime.adapters.binding("alpha", "alpha-voice").version == first.version
            assert client.get(f"{VERSIONS}/{version}", headers=bearer(ADMIN_KEY)).json()["status"] == "retired"
    finally:
        runtime.close()


def test_an_upload_with_a_bad_target_pattern_is_rejected_not_left_pending(client, runtime, new_version):
    body = upload(new_version)
    body["adapter_config"]["target_modules"] = "(unclosed"
    with model_busy(runtime):  # the answer is built while the version is certainly still validating
        response = client.post(VERSIONS, json=body, headers=bearer(ADMIN_KEY))
    assert response.status_code == 202 and response.json()["status"] == "validating"
    rejected = wait_for(client, response.json()["version"], status="rejected")
    assert "not a valid (RE2) regex" in rejected["error"]


def test_an_upload_whose_validation_is_over_is_still_answered_202(client, new_version):
    first = client.post(VERSIONS, json=upload(new_version), headers=bearer(ADMIN_KEY))
    wait_for(client, first.json()["version"])
    again = client.post(VERSIONS, json=upload(new_version), headers=bearer(ADMIN_KEY))
    assert again.status_code == 202, again.text
    assert again.json() == first.json() | {"status": "serving"}
