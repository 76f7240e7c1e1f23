"""Assembly of a running service from a deployment: base model, tenant adapters, audit store, pipeline."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import torch

from adapters.base_model import load_base_model
from adapters.local_backend import LocalBackend
from service.audit import SQLiteAuditStore
from service.auth import KeyIndex
from service.config import Deployment
from service.pipeline import BoundAdapter, Clock, IdSource, Pipeline, new_decision_id, utc_now
from service.policy_store import PolicyStore

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    deployment: Deployment
    keys: KeyIndex
    pipeline: Pipeline
    bindings: dict[tuple[str, str], BoundAdapter]

    def close(self) -> None:
        self.pipeline.store.close()


def adapter_key(tenant_id: str, adapter_name: str) -> str:
    return f"{tenant_id}__{adapter_name}"


def build_runtime(deployment: Deployment, clock: Clock = utc_now, new_id: IdSource = new_decision_id) -> Runtime:
    """Load everything a deployment names; an invalid adapter or policy bundle stops start-up, named."""
    config = deployment.config
    if config.model.torch_threads:
        torch.set_num_threads(config.model.torch_threads)
    base = load_base_model(deployment.resolve(config.model.base))
    backend = LocalBackend(base)
    bindings: dict[tuple[str, str], BoundAdapter] = {}
    for tenant in config.tenants:
        for adapter in tenant.adapters:
            key = adapter_key(tenant.id, adapter.name)
            info = backend.load_adapter(key, deployment.resolve(adapter.path))
            bindings[(tenant.id, adapter.name)] = BoundAdapter(key, f"{tenant.id}/{adapter.name}", info.version)
            log.info("loaded adapter %s/%s version %s", tenant.id, adapter.name, info.version)
    policies = PolicyStore(deployment)
    store = SQLiteAuditStore(deployment.resolve(config.audit.path))
    pipeline = Pipeline(backend, store, policies, base.fingerprint, clock=clock, new_id=new_id)
    return Runtime(deployment=deployment, keys=KeyIndex(config), pipeline=pipeline, bindings=bindings)
