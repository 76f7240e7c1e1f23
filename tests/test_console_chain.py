"""The console's chain page with signed checkpoints: each signature checked, and whether its record is intact."""

from __future__ import annotations

import yaml
from fastapi.testclient import TestClient

from interlock.service.api.app import create_app
from interlock.service.audit.signing import generate_key, load_private_key, sign
from interlock.service.config import load_deployment
from interlock.service.runtime import build_runtime
from tests.conftest import ALPHA_KEY, counting_ids, stepping_clock
from tests.test_console import say, sign_in, with_console_keys


def test_chain_page_checks_checkpoint_signatures_and_finds_a_forged_one(deployment_dir):
    generate_key(deployment_dir / "signing.pem")
    config = yaml.safe_load((deployment_dir / "tenants.yaml").read_text(encoding="utf-8"))
    config["audit"]["signing_key"] = "signing.pem"
    (deployment_dir / "tenants.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    runtime = build_runtime(load_deployment(with_console_keys(deployment_dir)), clock=stepping_clock(),
                            new_id=counting_ids())  # fmt: skip
    try:
        with TestClient(create_app(runtime), follow_redirects=False) as client:
            say(client, ALPHA_KEY, "alpha-bot", "hello")
            say(client, ALPHA_KEY, "alpha-bot", "talk to a human")
            key = load_private_key(deployment_dir / "signing.pem")
            (tenant, seq, head), *_ = runtime.pipeline.store.heads()
            runtime.pipeline.store.add_checkpoint(sign(key, tenant, seq, head, "2026-11-23T13:00:00.000000Z"))
            forged = sign(key, tenant, 1, head, "2026-11-23T13:00:00.000000Z")  # names record 1, with 2's hash
            runtime.pipeline.store.add_checkpoint(forged)
            sign_in(client, "ck-alpha-auditor")
            page = client.get("/console/chain?tenant=alpha").text
            assert page.count(">valid<") == 2 and ">unchanged<" in page and ">rewritten<" in page
    finally:
        runtime.close()
