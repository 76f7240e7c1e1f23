from __future__ import annotations

import json
import shutil
import sqlite3

import yaml

from interlock.adapters.lora import PROVENANCE_FILE
from interlock.service.auth import hash_key
from interlock.service.cli import main
from tests.conftest import ALPHA_KEY, bearer


def test_keys_hash_prints_the_configured_form(capsys):
    assert main(["keys", "hash", "sk-demo"]) == 0
    assert capsys.readouterr().out.strip() == hash_key("sk-demo")


def test_audit_verify_passes_then_reports_the_first_broken_record(client, deployment_dir, runtime, capsys):
    for _ in range(3):
        client.post(
            "/v1/chat/completions",
            headers=bearer(ALPHA_KEY),
            json={"model": "alpha-bot", "max_tokens": 4, "messages": [{"role": "user", "content": "hi"}]},
        )
    assert main(["audit", "verify", "--config", str(deployment_dir)]) == 0
    assert "OK, 3 records in 1 tenant chains" in capsys.readouterr().out
    with sqlite3.connect(runtime.pipeline.store.path) as db:
        db.execute('UPDATE decisions SET body = replace(body, \'"route":"model"\', \'"route":"rule"\') WHERE seq = 2')
    assert main(["audit", "verify", "--config", str(deployment_dir)]) == 1
    out = capsys.readouterr().out
    assert "BROKEN at tenant alpha seq 2 (dec_test_000002)" in out


def test_serve_refuses_to_start_with_a_corrupt_adapter(deployment_dir, capsys):
    weights = deployment_dir / "adapters" / "beta" / "adapter_model.safetensors"
    weights.write_bytes(b"\x00garbage")
    assert main(["serve", "--config", str(deployment_dir), "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "interlock: error:" in err and str(weights) in err and "unreadable safetensors" in err


def test_serve_refuses_to_start_with_an_invalid_config(tmp_path, capsys):
    (tmp_path / "tenants.yaml").write_text("model: {}\ntenants: []\n")
    assert main(["serve", "--config", str(tmp_path)]) == 2
    assert "model.base: Field required" in capsys.readouterr().err


def test_demo_prepare_trains_missing_adapters_once(deployment_dir, tiny_assets, capsys):
    config = yaml.safe_load((deployment_dir / "tenants.yaml").read_text())
    data = deployment_dir / "train.json"
    data.write_text(json.dumps([{"instruction": "Hi", "input": "", "output": "Alpha here, happy to help."}] * 3))
    shutil.rmtree(deployment_dir / "adapters" / "alpha")
    config["tenants"][0]["adapters"][0]["train_data"] = "train.json"
    (deployment_dir / "tenants.yaml").write_text(yaml.safe_dump(config))
    assert main(["demo", "prepare", str(deployment_dir), "--steps", "3"]) == 0
    first = capsys.readouterr().out
    assert "adapter alpha/alpha-voice: training 3 steps" in first
    assert "index alpha: 15 documents (15 unchanged, 0 embedded), 18 chunks" in first
    assert (deployment_dir / "adapters" / "alpha" / PROVENANCE_FILE).is_file()
    assert main(["demo", "prepare", str(deployment_dir), "--steps", "3"]) == 0
    assert "adapter alpha/alpha-voice: " + str(deployment_dir / "adapters" / "alpha") + " (ready)" in (
        capsys.readouterr().out
    )
