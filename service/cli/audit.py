"""`interlock audit verify|keygen|checkpoint|export|prune`: the decision log's chains, signatures and retention.

Heavy modules are imported inside the commands that need them, so the CLI starts fast."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def open_deployment_store(deployment):
    """The deployment's audit store, without loading anything else the service needs (no model, no index)."""
    from interlock.service.audit.stores import open_store

    return open_store(deployment.resolve(deployment.config.audit.path), deployment.config.audit.dsn)


def _audit_store(args: argparse.Namespace):
    from interlock.service.config import load_deployment

    deployment = load_deployment(args.config)
    db = deployment.resolve(deployment.config.audit.path)
    if deployment.config.audit.dsn is None and not db.is_file():
        raise SystemExit(f"interlock audit: {db} does not exist")
    return deployment, open_deployment_store(deployment)


def _signing_key(deployment):
    from interlock.service.audit.signing import SigningKeyError, load_private_key

    configured = deployment.config.audit.signing_key
    if configured is None:
        raise SigningKeyError("tenants.yaml: audit.signing_key is not set")
    return load_private_key(deployment.resolve(configured))


def _audit_verify(args: argparse.Namespace) -> int:
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    deployment, store = _audit_store(args)
    public_key = None
    if args.public_key:
        public_key = Ed25519PublicKey.from_public_bytes(base64.b64decode(args.public_key))
    elif deployment.config.audit.signing_key is not None:
        public_key = _signing_key(deployment).public_key()
    report = store.verify(public_key)
    checked = " and signed checkpoints" if public_key else ""
    if report.ok:
        print(f"audit verify: OK, {report.records} records in {report.tenants} tenant chains{checked}")
        return 0
    broken = report.first_broken
    print(f"audit verify: BROKEN at tenant {broken.tenant} seq {broken.seq} ({broken.decision_id}): "
          f"{broken.reason}; {report.records} records read")  # fmt: skip
    return 1


def _audit_keygen(args: argparse.Namespace) -> int:
    from interlock.service.audit.signing import generate_key
    from interlock.service.config import load_deployment

    deployment = load_deployment(args.config)
    if deployment.config.audit.signing_key is None:
        print("interlock audit keygen: set audit.signing_key in tenants.yaml first", file=sys.stderr)
        return 2
    path = deployment.resolve(deployment.config.audit.signing_key)
    if path.exists():
        print(f"interlock audit keygen: {path} exists; not overwritten", file=sys.stderr)
        return 2
    print(f"signing key written to {path}; public key (for verify --public-key): {generate_key(path)}")
    return 0


def _audit_checkpoint(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from interlock.service.audit.record import format_time
    from interlock.service.audit.signing import sign

    deployment, store = _audit_store(args)
    key = _signing_key(deployment)
    now = format_time(datetime.now(UTC))
    for tenant, seq, head_hash in store.heads():
        store.add_checkpoint(sign(key, tenant, seq, head_hash, now))
        print(f"checkpoint {tenant} seq {seq} {head_hash}")
    return 0


def _audit_export(args: argparse.Namespace) -> int:
    from datetime import datetime

    _, store = _audit_store(args)
    since = datetime.fromisoformat(args.since) if args.since else None
    until = datetime.fromisoformat(args.until) if args.until else None
    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    count = 0
    for line in store.export(args.tenant, since, until):
        out.write(line + "\n")
        count += 1
    if args.out:
        out.close()
    print(f"exported {count} records of {args.tenant}", file=sys.stderr)
    return 0


def _audit_prune(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime, timedelta

    deployment, store = _audit_store(args)
    days = deployment.config.audit.retention_days
    if days is None:
        print("interlock audit prune: audit.retention_days is not set; nothing pruned", file=sys.stderr)
        return 2
    removed = store.prune(datetime.now(UTC) - timedelta(days=days))
    print(f"pruned {removed} records older than {days} days")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser("audit", help="audit log").add_subparsers(dest="audit_command", required=True)
    verify = audit.add_parser("verify", help="check every tenant's hash chain (and signed checkpoints)")
    verify.add_argument("--config", type=Path, default=Path("examples/demo"))
    verify.add_argument("--public-key", help="base64 Ed25519 public key (default: from audit.signing_key)")
    verify.set_defaults(handler=_audit_verify)
    keygen = audit.add_parser("keygen", help="create the Ed25519 key named by audit.signing_key")
    keygen.add_argument("--config", type=Path, default=Path("examples/demo"))
    keygen.set_defaults(handler=_audit_keygen)
    checkpoint = audit.add_parser("checkpoint", help="sign every tenant's chain head")
    checkpoint.add_argument("--config", type=Path, default=Path("examples/demo"))
    checkpoint.set_defaults(handler=_audit_checkpoint)
    export = audit.add_parser("export", help="a tenant's records as JSONL, in chain order")
    export.add_argument("--config", type=Path, default=Path("examples/demo"))
    export.add_argument("--tenant", required=True)
    export.add_argument("--since", help="ISO time, inclusive")
    export.add_argument("--until", help="ISO time, exclusive")
    export.add_argument("--out", type=Path, help="file (default: standard output)")
    export.set_defaults(handler=_audit_export)
    prune = audit.add_parser("prune", help="delete records older than audit.retention_days")
    prune.add_argument("--config", type=Path, default=Path("examples/demo"))
    prune.set_defaults(handler=_audit_prune)
