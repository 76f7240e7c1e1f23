"""Each tenant's webhooks as the worker posts to them, with their secrets read from a file or the environment.

A secret lives only in `Secret`, whose repr hides it, so it never reaches a log line or an error message."""

from __future__ import annotations

import os
from dataclasses import dataclass

from interlock.service.config import ConfigError, Deployment, WebhookConfig


class Secret:
    __slots__ = ("_value",)

    def __init__(self, value: bytes) -> None:
        self._value = value

    def reveal(self) -> bytes:
        return self._value

    def __repr__(self) -> str:
        return "Secret(***)"

    __str__ = __repr__


@dataclass(frozen=True)
class WebhookTarget:
    tenant: str
    name: str
    url: str
    secret: Secret
    attempts: int
    timeout_s: float


def read_secret(deployment: Deployment, tenant: str, webhook: WebhookConfig) -> Secret:
    where = f"tenants[{tenant}].webhooks[{webhook.name}]"
    if webhook.secret_env is not None:
        value = os.environ.get(webhook.secret_env, "")
        source = f"environment variable {webhook.secret_env}"
    else:
        path = deployment.resolve(webhook.secret_file)
        try:
            value = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{where}: secret_file {webhook.secret_file} cannot be read: {exc.strerror}") from exc
        source = f"secret_file {webhook.secret_file}"
    value = value.strip()
    if len(value) < 16:
        raise ConfigError(f"{where}: {source} is missing or shorter than 16 characters")
    return Secret(value.encode())


def webhook_targets(deployment: Deployment) -> dict[tuple[str, str], WebhookTarget]:
    """(tenant, webhook name) -> target, for every webhook the deployment declares."""
    return {
        (tenant.id, webhook.name): WebhookTarget(tenant.id, webhook.name, webhook.url,
                                                 read_secret(deployment, tenant.id, webhook), webhook.attempts,
                                                 webhook.timeout_s)
        for tenant in deployment.config.tenants
        for webhook in tenant.webhooks
    }  # fmt: skip
