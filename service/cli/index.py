"""`interlock index build|lint`: knowledge indexes and the conflicts across a knowledge folder.

Heavy modules are imported inside the commands that need them, so the CLI starts fast."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def build_tenant_indexes(deployment) -> None:
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
        build_tenant_indexes(deployment)
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
    from interlock.retrieval.headings import heading_warnings

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
    warnings = heading_warnings(chunks)
    for warning in warnings:
        kind = "near-duplicate headings" if warning.kind == "near_duplicate" else "cross-language duplicate headings"
        print(f"warning   {kind}: {warning.chunk_ids[0]} {warning.headings[0]!r} ~ {warning.chunk_ids[1]} "
              f"{warning.headings[1]!r} (not compared by lint: give both one front-matter topic)")  # fmt: skip
    unresolved = len(evidence.unresolved)
    print(
        f"{len(chunks)} chunks, {len(evidence.conflicts)} conflicts ({unresolved} unresolved), "
        f"{len(evidence.scoped)} scoped differences, {len(warnings)} heading warnings"
    )
    return 1 if unresolved else 0


def add_commands(commands: argparse._SubParsersAction) -> None:
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
