"""The running policy bundles, one per tenant, swapped atomically on reload.

A bundle that fails to load never replaces the one that is serving; the failure is reported, not raised. The
models the bundles' signals ask for (`signals: {ner, harm_exemplars}`) are loaded once, at start-up, only when
some bundle asks, and handed to the bundles that ask.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from interlock.policies.loader import BundleError, CompiledBundle, load_bundle
from interlock.policies.schema import SignalSettings
from interlock.policies.signals import SignalModels
from interlock.service.config import Deployment
from interlock.text.ner import DEFAULT_SPACY_MODEL

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadResult:
    tenant: str
    status: Literal["loaded", "unchanged", "rejected"]
    bundle_version: str
    error: str | None = None


class SignalModelUnavailable(RuntimeError):
    """A bundle asks for a signal model that is not installed or does not load: the service does not start."""


def asked_models(settings: Iterable[SignalSettings]) -> frozenset[str]:
    """The models some bundle asks for: "ner", "harm_exemplars"."""
    return frozenset(name for each in settings for name, on in each.model_dump().items() if on)


@functools.lru_cache(maxsize=4)
def load_signal_models(names: frozenset[str], spacy_model: str = DEFAULT_SPACY_MODEL) -> SignalModels:
    """The named models, loaded from installed packages (nothing is downloaded): spaCy's English pipeline and
    jieba for "ner", the shared sentence embedder's exemplar index for "harm_exemplars". Once per process: a few
    seconds and ~100 MB; the models are read-only, so every store and command shares them."""
    from interlock.retrieval.embedder import EmbedderUnavailable, shared_embedder
    from interlock.text.harm import ExemplarIndex
    from interlock.text.ner import NerUnavailable, load_default_ner

    try:
        ner = load_default_ner(spacy_model) if "ner" in names else None
        harm = ExemplarIndex.default(shared_embedder()) if "harm_exemplars" in names else None
    except (NerUnavailable, EmbedderUnavailable) as exc:
        raise SignalModelUnavailable(f"a policy bundle asks for a signal model that does not load: {exc}") from exc
    return SignalModels(ner=ner, harm=harm)


def with_models(bundle: CompiledBundle, loaded: SignalModels) -> CompiledBundle:
    """The bundle with the loaded models it asks for, and only those (another bundle's ask changes nothing here)."""
    asks = bundle.spec.signals
    return dataclasses.replace(
        bundle,
        models=SignalModels(ner=loaded.ner if asks.ner else None, harm=loaded.harm if asks.harm_exemplars else None),
    )


def load_bundle_with_models(path: Path) -> CompiledBundle:
    """One bundle as a command outside the service reads it (`policy test`, `replay`): with the models it asks for."""
    bundle = load_bundle(path)
    asked = asked_models([bundle.spec.signals])
    return with_models(bundle, load_signal_models(asked)) if asked else bundle


class PolicyStore:
    def __init__(
        self, deployment: Deployment, load_models: Callable[[frozenset[str]], SignalModels] = load_signal_models
    ) -> None:
        """Load every tenant's bundle; at start-up a broken bundle is an error (there is nothing to keep serving),
        and so is a model a bundle asks for that does not load (`SignalModelUnavailable`)."""
        self._deployment = deployment
        self._lock = threading.Lock()
        bundles = {t.id: load_bundle(deployment.resolve(t.policy)) for t in deployment.config.tenants}
        self._loaded = asked_models(b.spec.signals for b in bundles.values())
        self._models = load_models(self._loaded) if self._loaded else SignalModels()
        self._bundles = {tenant: with_models(bundle, self._models) for tenant, bundle in bundles.items()}

    def bundle(self, tenant: str) -> CompiledBundle:
        return self._bundles[tenant]

    def reload(self) -> list[ReloadResult]:
        results = []
        for tenant in self._deployment.config.tenants:
            current = self._bundles[tenant.id]
            try:
                fresh = load_bundle(self._deployment.resolve(tenant.policy))
                missing = asked_models([fresh.spec.signals]) - self._loaded
                if missing:
                    raise BundleError(
                        fresh.source,
                        f"signals: asks for {', '.join(sorted(missing))}, which this "
                        "process did not load at start-up (no bundle asked then): restart to load it",
                    )
                fresh = with_models(fresh, self._models)
            except BundleError as exc:
                log.error("policy reload rejected for %s, still serving %s: %s", tenant.id, current.version, exc)
                results.append(ReloadResult(tenant.id, "rejected", current.version, str(exc)))
                continue
            status = "unchanged" if fresh.version == current.version else "loaded"
            with self._lock:
                self._bundles = self._bundles | {tenant.id: fresh}
            results.append(ReloadResult(tenant.id, status, fresh.version))
        return results
