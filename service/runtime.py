"""Assembly of a running service from a deployment: base model, tenant adapters, audit store, pipeline."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import torch

from interlock.adapters.base_model import load_base_model
from interlock.adapters.catalog import AdapterCatalog, AdapterHost
from interlock.adapters.generation import ChatMessage, GenerationBackend
from interlock.adapters.local_backend import LocalBackend, ServingLimits
from interlock.adapters.lora import adapter_version
from interlock.adapters.remote_backend import RemoteBackend
from interlock.adapters.residency import ResidencyLimits
from interlock.adapters.worker import GenerationWorker, WorkerLimits
from interlock.policies.signals import prepare_detectors
from interlock.retrieval.embedder import Embedder, shared_embedder, shared_multilingual_embedder
from interlock.retrieval.index import IndexUnavailable, KnowledgeIndex
from interlock.service.audit.stores import AuditLog, open_store
from interlock.service.auth import KeyIndex
from interlock.service.config import Deployment, RemoteEngineConfig
from interlock.service.delivery.inbox import human_outcomes, with_human_outcomes
from interlock.service.delivery.targets import webhook_targets
from interlock.service.delivery.worker import DeliveryWorker
from interlock.service.pipeline.pipeline import Pipeline
from interlock.service.pipeline.turn import NO_TOOLS, Clock, IdSource, ToolOffer, Turn, new_decision_id, utc_now
from interlock.service.policy_store import PolicyStore

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    deployment: Deployment
    keys: KeyIndex
    pipeline: Pipeline
    adapters: AdapterCatalog
    worker: GenerationWorker | None = None  # the in-process model's worker, when the model runs here
    delivery: DeliveryWorker | None = None  # posts handoffs to the tenants' webhooks (started with the app)
    clock: Clock = utc_now  # the pipeline's: people's actions on handoffs are timed by it too

    @property
    def handoffs(self) -> AuditLog:
        """The outbox and inbox: the audit store's."""
        return self.pipeline.store

    def close(self) -> None:
        if self.delivery is not None:
            self.delivery.stop()
        self.adapters.close()
        if self.worker is not None:
            self.worker.close()
        self.pipeline.store.close()

    def turn(
        self,
        tenant_id: str,
        bot_name: str,
        messages: tuple[ChatMessage, ...],
        max_new_tokens: int,
        facts: dict | None = None,
        temperature: float = 0.0,
        top_p: float = 1.0,
        seed: int = 0,
        session: str | None = None,
        tools: ToolOffer = NO_TOOLS,
    ) -> Turn | None:
        """A turn for one of the tenant's bots, or None if the tenant has no such bot. A turn of a conversation
        (`session`) whose handoffs a person has closed knows their outcomes as the fact `human_outcomes`."""
        tenant = self.deployment.config.tenant(tenant_id)
        bot = tenant.bot(bot_name) if tenant else None
        if bot is None:
            return None
        facts = with_human_outcomes(facts or {}, human_outcomes(self.handoffs, tenant.id, session))
        return Turn(
            tenant=tenant.id,
            bot=bot.name,
            system_prompt=bot.system_prompt,
            # A canary is sticky per conversation: the session (`user`), else the conversation's first message.
            adapter=self.adapters.binding(tenant.id, bot.adapter, session or messages[0].content)
            if bot.adapter
            else None,
            messages=messages,
            max_new_tokens=max_new_tokens,
            temperature=temperature,
            top_p=top_p,
            seed=seed,
            facts=facts or {},
            session=session,
            tools=tools,
        )  # fmt: skip


def open_audit_store(deployment: Deployment) -> AuditLog:
    config = deployment.config
    return open_store(deployment.resolve(config.audit.path), config.audit.dsn, config.webhook_names())


def tenant_index_dir(deployment: Deployment, tenant_id: str) -> Path:
    return deployment.resolve(deployment.config.index_dir) / tenant_id


def deployment_embedder(deployment: Deployment) -> Embedder:
    """The embedder the deployment names, or the demo default shipped as a wheel."""
    if deployment.config.model.embedder_kind == "use-multilingual-v3":
        return shared_multilingual_embedder()
    configured = deployment.config.model.embedder
    return shared_embedder(deployment.resolve(configured) if configured else None)


def load_knowledge(deployment: Deployment) -> dict[str, KnowledgeIndex]:
    """Every tenant's index that exists; a tenant without one has its knowledge questions handed off."""
    tenants = [t for t in deployment.config.tenants if t.knowledge is not None]
    if not tenants:
        return {}
    embedder = deployment_embedder(deployment)
    indexes = {}
    for tenant in tenants:
        try:
            indexes[tenant.id] = KnowledgeIndex.load(tenant_index_dir(deployment, tenant.id), embedder)
        except IndexUnavailable as exc:
            log.error("knowledge for %s is unavailable, its RAG turns will be handed off: %s", tenant.id, exc)
    return indexes


def serving_limits(deployment: Deployment) -> tuple[ServingLimits, WorkerLimits]:
    serving, model = deployment.config.serving, deployment.config.model
    resident_bytes = int(serving.max_resident_mb * 2**20)
    residency = ResidencyLimits(serving.max_resident_adapters, resident_bytes, serving.session_pin_s)
    targets = tuple(serving.slot_targets) if serving.slot_targets else None
    backend = ServingLimits(serving.slots, serving.slot_rank, targets, residency)
    window_s, timeout_s = serving.batch_window_ms / 1000, model.generation_timeout_s
    worker = WorkerLimits(serving.max_batch, window_s, serving.max_queue, timeout_s)
    return backend, worker


def adapter_catalog(deployment: Deployment, host: AdapterHost | None) -> AdapterCatalog:
    store = deployment.resolve(deployment.config.serving.adapter_store)
    catalog = AdapterCatalog(host, store, deployment.config.serving.keep_versions)
    for tenant in deployment.config.tenants:
        for adapter in tenant.adapters:
            catalog.declare(tenant.id, adapter.name)
    return catalog


def load_model(deployment: Deployment) -> tuple[GenerationWorker, AdapterCatalog]:
    """The base model with every tenant adapter attached, behind the batching worker; an invalid adapter stops
    start-up, named. An adapter version registered through the admin API (catalog.json) serves instead of the
    one tenants.yaml names."""
    config = deployment.config
    if config.model.torch_threads:
        torch.set_num_threads(config.model.torch_threads)
    backend_limits, worker_limits = serving_limits(deployment)
    base_dir = deployment.resolve(config.model.base)
    threads = torch.get_num_threads()

    def build() -> LocalBackend:  # on the worker's thread, which owns the model from here on
        torch.set_num_threads(threads)
        return LocalBackend(load_base_model(base_dir), backend_limits)

    worker = GenerationWorker(build, worker_limits)
    catalog = adapter_catalog(deployment, worker)
    for tenant in config.tenants:
        for adapter in tenant.adapters:
            path = catalog.serving_version(tenant.id, adapter.name) or deployment.resolve(adapter.path)
            bound = catalog.load(tenant.id, adapter.name, path)
            log.info("loaded adapter %s version %s", bound.adapter_id, bound.version)
    return worker, catalog


def remote_model(deployment: Deployment, remote: RemoteEngineConfig) -> tuple[RemoteBackend, AdapterCatalog]:
    """The remote engine, and each tenant adapter bound to the LoRA module of the same name served there
    (`<tenant>__<adapter>`)."""
    api_key = os.environ.get(remote.api_key_env) if remote.api_key_env else None
    backend = RemoteBackend(remote.base_url, remote.base_model_name, api_key, remote.timeout_s, remote.retries)
    catalog = adapter_catalog(deployment, None)  # the engine holds the adapters
    for tenant in deployment.config.tenants:
        for adapter in tenant.adapters:
            path = deployment.resolve(adapter.path)
            version = adapter_version(path) if (path / "adapter_config.json").is_file() else "remote"
            catalog.bind_remote(tenant.id, adapter.name, f"{tenant.id}__{adapter.name}", version)
    return backend, catalog


def build_runtime(
    deployment: Deployment,
    clock: Clock = utc_now,
    new_id: IdSource = new_decision_id,
    backend: GenerationBackend | None = None,
    store: AuditLog | None = None,
) -> Runtime:
    """Load everything a deployment names. With `backend` given, the model and adapters are not loaded: that
    backend answers every turn the policy sends to a model (offline policy evaluation). With `store` given, turns
    are recorded there instead of the deployment's audit store."""
    remote, worker = deployment.config.model.remote, None
    if backend is None and remote is not None:
        backend, catalog = remote_model(deployment, remote)
        base_model = f"remote:{remote.base_model_name}"
    elif backend is None:
        worker, catalog = load_model(deployment)
        backend, base_model = worker, worker.backend.base.fingerprint
    else:
        catalog, base_model = adapter_catalog(deployment, None), "stand-in"
    policies = PolicyStore(deployment)
    prepare_detectors()
    knowledge = load_knowledge(deployment)
    store = store if store is not None else open_audit_store(deployment)
    pipeline = Pipeline(backend, store, policies, base_model, knowledge, clock=clock, new_id=new_id)
    targets = webhook_targets(deployment)
    delivery = DeliveryWorker(store, targets, deployment.config.delivery, clock=clock) if targets else None
    return Runtime(deployment=deployment, keys=KeyIndex(deployment.config), pipeline=pipeline, adapters=catalog,
                   worker=worker, delivery=delivery, clock=clock)
