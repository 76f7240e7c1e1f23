"""The `interlock` command line."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import warnings
from pathlib import Path

# No model hub at run time: weights come from local directories only.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
# peft calls a transformers API that transformers 5 marks deprecated; nothing for a user to act on.
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated")


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from interlock.service.api.app import create_app
    from interlock.service.config import load_deployment
    from interlock.service.runtime import build_runtime

    runtime = build_runtime(load_deployment(args.config))
    # Every turn is in the audit log; a second line per request from uvicorn would only cost time.
    uvicorn.run(create_app(runtime), host=args.host, port=args.port, log_level="info", access_log=False)
    return 0


def _demo_prepare(args: argparse.Namespace) -> int:
    from interlock.adapters.base_model import fingerprint
    from interlock.adapters.gguf_convert import convert_gguf, demo_gguf_path
    from interlock.adapters.train import TrainingRecipe, is_trained, train_lora
    from interlock.service.config import load_deployment

    deployment = load_deployment(args.config)
    base_dir = deployment.resolve(deployment.config.model.base)
    if (base_dir / "config.json").is_file():
        print(f"base model: {base_dir} (ready)")
    else:
        print(f"base model: converting {demo_gguf_path().name} -> {base_dir} (once)")
        convert_gguf(demo_gguf_path(), base_dir)
    base_fingerprint = fingerprint(base_dir)
    recipe = TrainingRecipe(steps=args.steps) if args.steps else TrainingRecipe()
    for tenant in deployment.config.tenants:
        for adapter in tenant.adapters:
            if adapter.train_data is None:
                continue
            out_dir, data = deployment.resolve(adapter.path), deployment.resolve(adapter.train_data)
            prompt = next((b.system_prompt for b in tenant.bots if b.adapter == adapter.name), None)
            if is_trained(out_dir, base_fingerprint, data, recipe, prompt):
                print(f"adapter {tenant.id}/{adapter.name}: {out_dir} (ready)")
                continue
            print(f"adapter {tenant.id}/{adapter.name}: training {recipe.steps} steps on {data.name} ...", flush=True)
            result = train_lora(base_dir, data, out_dir, recipe, system_prompt=prompt)
            print(
                f"adapter {tenant.id}/{adapter.name}: written to {out_dir} "
                f"(loss {result.first_loss:.3f} -> {result.last_loss:.3f})"
            )
    _build_tenant_indexes(deployment)
    return 0


def _build_tenant_indexes(deployment) -> None:
    from interlock.retrieval.index import build_index
    from interlock.service.runtime import deployment_embedder, tenant_index_dir

    for tenant in deployment.config.tenants:
        if tenant.knowledge is None:
            continue
        out = tenant_index_dir(deployment, tenant.id)
        report = build_index(deployment.resolve(tenant.knowledge), out, deployment_embedder(deployment))
        print(f"index {tenant.id}: {_describe_build(report)} -> {out}")


def _describe_build(report) -> str:
    return (f"{report.documents} documents ({report.reused_documents} unchanged, {report.embedded_documents} "
            f"embedded), {report.chunks} chunks")  # fmt: skip


def _index_build(args: argparse.Namespace) -> int:
    from interlock.retrieval.embedder import shared_embedder
    from interlock.retrieval.index import build_index
    from interlock.service.config import load_deployment

    if args.config is not None:
        deployment = load_deployment(args.config)
        _build_tenant_indexes(deployment)
        return 0
    if args.knowledge is None or args.out is None:
        print("interlock index build: give KNOWLEDGE_DIR --out DIR, or --config DIR", file=sys.stderr)
        return 2
    report = build_index(args.knowledge, args.out, shared_embedder())
    print(f"index: {_describe_build(report)} -> {args.out}")
    return 0


def _index_lint(args: argparse.Namespace) -> int:
    from datetime import date

    from interlock.retrieval.chunking import chunk_document
    from interlock.retrieval.conflicts import check_evidence
    from interlock.retrieval.documents import read_knowledge

    chunks = [c for d in read_knowledge(args.knowledge) for c in chunk_document(d)]
    today = date.fromisoformat(args.today) if args.today else date.today()
    evidence = check_evidence(chunks, today)
    by_id = {c.chunk_id: c for c in chunks}
    for dropped in evidence.dropped:
        if dropped.reason == "not_effective":
            print(f"expired   {dropped.chunk_id}: not in effect on {today}")
    for conflict in evidence.conflicts:
        sides = " vs ".join(f"{cid} ({by_id[cid].meta.source}) says {', '.join(values)}"
                            for cid, values in zip(conflict.chunk_ids, conflict.values, strict=True))  # fmt: skip
        label = "UNRESOLVED" if conflict.resolution == "unresolved" else f"resolved  by {conflict.resolution}:"
        print(f"{label} [{conflict.subject} / {conflict.kind}] {sides}" +
              (f" -> keep {conflict.winner}" if conflict.winner else ""))  # fmt: skip
    for note in evidence.scoped:
        scopes = "; ".join(f"{cid} {dict(scope)}" for cid, scope in note.scopes)
        print(f"scoped    [{note.subject} / {note.kind}] {scopes}")
    unresolved = len(evidence.unresolved)
    print(
        f"{len(chunks)} chunks, {len(evidence.conflicts)} conflicts ({unresolved} unresolved), "
        f"{len(evidence.scoped)} scoped differences"
    )
    return 1 if unresolved else 0


def _audit_store(args: argparse.Namespace):
    from interlock.service.config import load_deployment
    from interlock.service.runtime import open_audit_store

    deployment = load_deployment(args.config)
    db = deployment.resolve(deployment.config.audit.path)
    if deployment.config.audit.dsn is None and not db.is_file():
        raise SystemExit(f"interlock audit: {db} does not exist")
    return deployment, open_audit_store(deployment)


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


def _policy_check(args: argparse.Namespace) -> int:
    from interlock.policies.loader import BundleError, load_bundle

    failed = 0
    for path in args.bundles:
        try:
            bundle = load_bundle(path)
        except BundleError as exc:
            print(f"FAIL {exc}")
            failed += 1
            continue
        rules = f"{len(bundle.pre)} pre, {len(bundle.post)} post"
        print(f"OK   {path}: bundle {bundle.spec.bundle} {bundle.version} ({rules})")
    return 1 if failed else 0


def _policy_test(args: argparse.Namespace) -> int:
    from interlock.policies.loader import BundleError, load_bundle
    from interlock.policies.testing import check, decide, load_suite, suite_path_for

    total = failed = 0
    for path in args.bundles:
        try:
            bundle = load_bundle(path)
        except BundleError as exc:
            print(f"FAIL {exc}")
            total, failed = total + 1, failed + 1
            continue
        suite_path = suite_path_for(path)
        if not suite_path.is_file():
            print(f"FAIL {path}: no table tests at {suite_path}")
            total, failed = total + 1, failed + 1
            continue
        suite = load_suite(suite_path)
        for case in suite.cases:
            total += 1
            problems = check(case, decide(bundle, case, suite.now))
            if problems:
                failed += 1
                print(f"FAIL {suite_path.name}: {case.name}: {'; '.join(problems)}")
            elif args.verbose:
                print(f"ok   {suite_path.name}: {case.name}")
    print(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0


def _policy_schema(args: argparse.Namespace) -> int:
    from interlock.policies.schema import bundle_json_schema

    print(bundle_json_schema(), end="")
    return 0


def _eval(args: argparse.Namespace) -> int:
    import tempfile

    from interlock.service.config import load_deployment
    from interlock.service.evaluation.metrics import check_gate, metrics_by_tag
    from interlock.service.evaluation.report import html_report, json_report, text_report
    from interlock.service.evaluation.run import evaluation_runtime, run_suite, with_baseline
    from interlock.service.evaluation.suite import load_suite

    deployment = load_deployment(args.config)
    suite = load_suite(args.suite)
    with tempfile.TemporaryDirectory() as scratch:
        runtime = evaluation_runtime(deployment, suite, Path(scratch), args.policy_only)
        results = run_suite(runtime, suite)
        runtime.close()
        candidate, baseline = metrics_by_tag(results), None
        if args.baseline is not None:
            base_dir = Path(scratch) / "baseline"
            base_dir.mkdir()
            variant = with_baseline(deployment, suite, args.baseline)
            base_runtime = evaluation_runtime(variant, suite, base_dir, args.policy_only)
            baseline = metrics_by_tag(run_suite(base_runtime, suite))
            base_runtime.close()
    gates = [check_gate(gate, candidate, baseline) for gate in suite.gates]
    print(text_report(suite, candidate, baseline, gates, results))
    if args.json:
        args.json.write_text(json_report(suite, candidate, baseline, gates, results), encoding="utf-8")
    if args.html:
        args.html.write_text(html_report(suite, candidate, baseline, gates, results), encoding="utf-8")
    return 1 if any(not g.passed for g in gates) else 0


def _replay(args: argparse.Namespace) -> int:
    from datetime import datetime

    from interlock.policies.loader import load_bundle
    from interlock.service.config import load_deployment
    from interlock.service.evaluation.replay import replay
    from interlock.service.runtime import open_audit_store

    deployment = load_deployment(args.config)
    if deployment.config.tenant(args.tenant) is None:
        print(f"interlock replay: no tenant {args.tenant!r}", file=sys.stderr)
        return 2
    bundle = load_bundle(args.bundle)
    since = datetime.fromisoformat(args.since) if args.since else None
    until = datetime.fromisoformat(args.until) if args.until else None
    store = open_audit_store(deployment)
    records = store.query(args.tenant, since=since, until=until, limit=args.limit)
    store.close()
    total, changes = replay(records, bundle)
    for change in changes:
        rules = "" if change.recorded_rules == change.new_rules else (
            f" rules {list(change.recorded_rules)} -> {list(change.new_rules)}")  # fmt: skip
        notes = "" if change.recorded_disclaimers == change.new_disclaimers else (
            f" disclaimers {list(change.recorded_disclaimers)} -> {list(change.new_disclaimers)}")  # fmt: skip
        print(f"{change.decision_id} {change.created_at} route {change.recorded_route} -> {change.new_route}"
              f"{rules}{notes}")  # fmt: skip
    print(f"{total} turns replayed with bundle {bundle.version}, {len(changes)} would change")
    return 0


def _keys_hash(args: argparse.Namespace) -> int:
    from interlock.service.auth import hash_key

    print(hash_key(args.key))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="interlock", description="Guardrail layer for customer-service bots.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="start the HTTP service")
    serve.add_argument("--config", type=Path, default=Path("examples/demo"), help="deployment directory")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=_serve)

    demo = commands.add_parser("demo", help="demo set-up").add_subparsers(dest="demo_command", required=True)
    prepare = demo.add_parser("prepare", help="convert the demo base model and train the demo adapters, once")
    prepare.add_argument("config", type=Path, nargs="?", default=Path("examples/demo"))
    prepare.add_argument("--steps", type=int, default=None, help="training steps per adapter")
    prepare.set_defaults(handler=_demo_prepare)

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

    policy = commands.add_parser("policy", help="policy bundles").add_subparsers(dest="policy_command", required=True)
    check = policy.add_parser("check", help="validate bundles fully (schema, CEL, RE2, templates)")
    check.add_argument("bundles", type=Path, nargs="+")
    check.set_defaults(handler=_policy_check)
    test = policy.add_parser("test", help="run each bundle's table tests (<bundle>.tests.yaml)")
    test.add_argument("bundles", type=Path, nargs="+")
    test.add_argument("-v", "--verbose", action="store_true")
    test.set_defaults(handler=_policy_test)
    schema = policy.add_parser("schema", help="print the bundle JSON Schema")
    schema.set_defaults(handler=_policy_schema)

    index = commands.add_parser("index", help="knowledge indexes").add_subparsers(dest="index_command", required=True)
    build = index.add_parser("build", help="build (incrementally) a FAISS + BM25 index from a knowledge directory")
    build.add_argument("knowledge", type=Path, nargs="?")
    build.add_argument("--out", type=Path)
    build.add_argument("--config", type=Path, help="build every tenant's index of this deployment instead")
    build.set_defaults(handler=_index_build)
    lint = index.add_parser("lint", help="list conflicts across a whole knowledge directory")
    lint.add_argument("knowledge", type=Path)
    lint.add_argument("--today", help="YYYY-MM-DD (default: today)")
    lint.set_defaults(handler=_index_lint)

    evaluate = commands.add_parser("eval", help="run a probe suite through the pipeline; check its release gates")
    evaluate.add_argument("--config", type=Path, required=True)
    evaluate.add_argument("--suite", type=Path, required=True)
    evaluate.add_argument("--baseline", type=Path, help="a bundle file or adapter directory to compare against")
    evaluate.add_argument(
        "--policy-only",
        action="store_true",
        help="do not load the model: a fixed sentence stands in for every model answer",
    )
    evaluate.add_argument("--json", type=Path, help="also write the report as JSON here")
    evaluate.add_argument("--html", type=Path, help="also write a self-contained HTML report here")
    evaluate.set_defaults(handler=_eval)

    shadow = commands.add_parser("replay", help="re-decide logged turns with a candidate bundle; list what changes")
    shadow.add_argument("--config", type=Path, required=True)
    shadow.add_argument("--tenant", required=True)
    shadow.add_argument("--bundle", type=Path, required=True)
    shadow.add_argument("--since", help="ISO time, inclusive")
    shadow.add_argument("--until", help="ISO time, exclusive")
    shadow.add_argument("--limit", type=int, default=10_000)
    shadow.set_defaults(handler=_replay)

    keys = commands.add_parser("keys", help="API keys").add_subparsers(dest="keys_command", required=True)
    hash_cmd = keys.add_parser("hash", help="print the hash to store in tenants.yaml for a key")
    hash_cmd.add_argument("key")
    hash_cmd.set_defaults(handler=_keys_hash)
    return parser


def main(argv: list[str] | None = None) -> int:
    from interlock.adapters.base_model import BaseModelError
    from interlock.adapters.gguf_convert import GgufNotFound
    from interlock.adapters.lora import AdapterError
    from interlock.adapters.train import TrainingDataError
    from interlock.policies.loader import BundleError
    from interlock.retrieval.documents import DocumentError
    from interlock.retrieval.embedder import EmbedderUnavailable
    from interlock.service.audit.signing import SigningKeyError
    from interlock.service.config import ConfigError
    from interlock.service.evaluation.suite import SuiteError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (
        ConfigError, AdapterError, BaseModelError, BundleError, DocumentError, EmbedderUnavailable, GgufNotFound,
        SigningKeyError, SuiteError, TrainingDataError,
    ) as exc:  # fmt: skip
        print(f"interlock: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
