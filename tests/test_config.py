from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from interlock.service.config import ConfigError, load_deployment
from tests.conftest import deployment_config

REPO = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, config: dict) -> Path:
    (tmp_path / "tenants.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return tmp_path


def test_demo_config_is_valid():
    deployment = load_deployment(REPO / "examples" / "demo")
    assert [t.id for t in deployment.config.tenants] == ["acme", "lumen", "northwind"]
    assert deployment.config.tenant("acme").bot("acme-support").adapter == "acme-voice"


def test_relative_paths_resolve_against_the_deployment_dir(deployment_dir):
    deployment = load_deployment(deployment_dir)
    assert deployment.resolve(Path("state/audit.db")) == deployment_dir.resolve() / "state" / "audit.db"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda c: c["tenants"][0].update(api_keys=["sk-in-clear"]), "tenants[0].api_keys: Value error, API keys"),
        (lambda c: c["tenants"][0]["bots"][0].update(adapter="nope"), "names adapter 'nope'"),
        (lambda c: c["tenants"][1].update(id="alpha"), "tenant ids must be unique"),
        (lambda c: c["tenants"][1].update(api_keys=c["tenants"][0]["api_keys"]), "one tenant only"),
        (lambda c: c["tenants"][0].update(colour="red"), "tenants[0].colour: Extra inputs are not permitted"),
        (lambda c: c["tenants"][0].update(bots=[]), "tenants[0].bots: List should have at least 1 item"),
        (lambda c: c["tenants"][0].update(id="Bad Id"), "tenants[0].id: Value error, must be lowercase"),
        (lambda c: c.pop("model"), "model: Field required"),
        (lambda c: c["tenants"][0].update(policy="policies/missing.yaml"), "tenants[alpha].policy"),
    ],
)
def test_invalid_config_names_file_and_field(tmp_path, tiny_assets, mutate, expected):
    config = deployment_config(tiny_assets)
    mutate(config)
    with pytest.raises(ConfigError) as error:
        load_deployment(write(tmp_path, config))
    assert str(tmp_path / "tenants.yaml") in str(error.value)
    assert expected in str(error.value)


def test_missing_and_unparsable_config_files(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_deployment(tmp_path)
    (tmp_path / "tenants.yaml").write_text("tenants: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_deployment(tmp_path)
