from __future__ import annotations

import itertools
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

import pytest  # noqa: E402
import torch  # noqa: E402
import yaml  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from interlock.service.api.app import create_app  # noqa: E402
from interlock.service.auth import hash_key  # noqa: E402
from interlock.service.config import load_deployment  # noqa: E402
from interlock.service.runtime import Runtime, build_runtime  # noqa: E402
from tests.tiny_model import build_lora_adapter, build_tiny_model  # noqa: E402

torch.set_num_threads(1)

ALPHA_KEY = "sk-alpha-test"
BETA_KEY = "sk-beta-test"
ADMIN_KEY = "sk-admin-test"
T0 = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)
DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"


@pytest.fixture(scope="session")
def tiny_assets(tmp_path_factory) -> Path:
    """Base model + two real LoRA adapters, built once per test session."""
    root = tmp_path_factory.mktemp("tiny")
    base = build_tiny_model(root / "base")
    build_lora_adapter(base, root / "adapter-alpha", seed=1)
    build_lora_adapter(base, root / "adapter-beta", seed=2)
    return root


@pytest.fixture(scope="session")
def knowledge_indexes(tmp_path_factory) -> Path:
    """The demo acme knowledge, indexed once per session with the real offline embedder, as tenant `alpha`."""
    from interlock.retrieval.embedder import shared_embedder
    from interlock.retrieval.index import build_index

    root = tmp_path_factory.mktemp("indexes")
    build_index(DEMO / "knowledge" / "acme", root / "alpha", shared_embedder(), progress=False)
    return root


def deployment_config(assets: Path, indexes: Path | None = None) -> dict:
    return {
        "model": {"base": str(assets / "base"), "max_new_tokens_limit": 64},
        "audit": {"path": "state/audit.db"},
        "index_dir": str(indexes) if indexes else "state/index",
        "admin_keys": [hash_key(ADMIN_KEY)],
        "tenants": [
            {
                "id": "alpha",
                "display_name": "Alpha Shop",
                "api_keys": [hash_key(ALPHA_KEY)],
                "policy": str(DEMO / "policies" / "acme.yaml"),
                "knowledge": str(DEMO / "knowledge" / "acme"),
                "adapters": [{"name": "alpha-voice", "path": "adapters/alpha"}],
                "bots": [
                    {"name": "alpha-bot", "adapter": "alpha-voice", "system_prompt": "You help Alpha customers."},
                    {"name": "alpha-plain"},
                ],
            },
            {
                "id": "beta",
                "display_name": "Beta Travel",
                "api_keys": [hash_key(BETA_KEY)],
                "policy": str(DEMO / "policies" / "lumen.yaml"),
                "adapters": [{"name": "beta-voice", "path": "adapters/beta"}],
                "bots": [{"name": "beta-bot", "adapter": "beta-voice", "system_prompt": "You help Beta customers."}],
            },
        ],
    }


@pytest.fixture
def deployment_dir(tmp_path, tiny_assets, knowledge_indexes) -> Path:
    (tmp_path / "adapters").mkdir()
    shutil.copytree(tiny_assets / "adapter-alpha", tmp_path / "adapters" / "alpha")
    shutil.copytree(tiny_assets / "adapter-beta", tmp_path / "adapters" / "beta")
    config = deployment_config(tiny_assets, knowledge_indexes)
    (tmp_path / "tenants.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return tmp_path


def stepping_clock(start: datetime = T0, step: timedelta = timedelta(seconds=1)):
    ticks = itertools.count()
    return lambda: start + step * next(ticks)


def counting_ids(prefix: str = "dec_test_"):
    numbers = itertools.count(1)
    return lambda: f"{prefix}{next(numbers):06d}"


@pytest.fixture
def runtime(deployment_dir) -> Runtime:
    built = build_runtime(load_deployment(deployment_dir), clock=stepping_clock(), new_id=counting_ids())
    yield built
    built.close()


@pytest.fixture
def client(runtime) -> TestClient:
    with TestClient(create_app(runtime)) as test_client:
        yield test_client


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


class RecordingModel:
    """A model that always gives `answer`, keeping the system text (the evidence prompt) of every request."""

    ready = True

    def __init__(self, answer: str) -> None:
        self.answer, self.prompts = answer, []

    def generate(self, request, on_text=None):
        from interlock.adapters.generation import GenerationResult

        self.prompts.append(request.messages[0].content)
        return GenerationResult(self.answer, 1, 1, "stop")


def runtime_with_knowledge(tmp_path: Path, deployment_dir: Path, documents: dict[str, str],
                           bundle: dict | None = None) -> Runtime:  # fmt: skip
    """The test deployment with its first tenant (alpha) reading `documents` (name -> markdown, indexed here with
    the real embedder), and serving `bundle` instead of its own when one is given."""
    from interlock.retrieval.embedder import shared_embedder
    from interlock.retrieval.index import build_index

    knowledge = tmp_path / "kb"
    knowledge.mkdir()
    for name, text in sorted(documents.items()):
        (knowledge / name).write_text(text, encoding="utf-8")
    build_index(knowledge, tmp_path / "indexes" / "alpha", shared_embedder(), progress=False)
    config = yaml.safe_load((deployment_dir / "tenants.yaml").read_text())
    config["index_dir"] = str(tmp_path / "indexes")
    config["tenants"][0]["knowledge"] = str(knowledge)
    if bundle is not None:
        (deployment_dir / "bundle.yaml").write_text(yaml.safe_dump(bundle, allow_unicode=True), encoding="utf-8")
        config["tenants"][0]["policy"] = "bundle.yaml"
    (deployment_dir / "tenants.yaml").write_text(yaml.safe_dump(config))
    return build_runtime(load_deployment(deployment_dir))
