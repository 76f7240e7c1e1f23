"""`interlock handoffs list|retry|deliver|inbox|act`: the outbox's deliveries (dead letters re-driven), the
delivery worker run on its own, a tenant's open handoffs and a person's action on one.

Heavy modules are imported inside the commands that need them, so the CLI starts fast."""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def _store(args: argparse.Namespace):
    """The deployment's audit store with its outbox and inbox, without loading a model or an index."""
    from interlock.service.audit.stores import open_store
    from interlock.service.config import load_deployment

    deployment = load_deployment(args.config)
    config = deployment.config
    return deployment, open_store(deployment.resolve(config.audit.path), config.audit.dsn, config.webhook_names())


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _handoffs_list(args: argparse.Namespace) -> int:
    _, store = _store(args)
    found = store.deliveries(args.tenant, args.state, args.limit)
    print(f"{'delivery':<52} {'state':<9} {'attempts':>8}  {'next attempt / delivered':<27} last error")
    for d in found:
        when = d.delivered_at if d.state == "delivered" else (d.next_attempt_at if d.state == "pending" else "-")
        print(f"{d.delivery_id:<52} {d.state:<9} {d.attempts:>8}  {when:<27} {d.last_error or ''}")
    print(f"{len(found)} deliveries")
    store.close()
    return 0


def _handoffs_retry(args: argparse.Namespace) -> int:
    _, store = _store(args)
    count = store.retry(_now(), args.tenant, args.delivery_ids or None)
    what = "named deliveries" if args.delivery_ids else "dead deliveries"
    print(f"re-driven: {count} {what} are due now (the delivery worker posts them)")
    store.close()
    return 0


def _handoffs_deliver(args: argparse.Namespace) -> int:
    from interlock.service.delivery.targets import webhook_targets
    from interlock.service.delivery.worker import DeliveryWorker

    deployment, store = _store(args)
    worker = DeliveryWorker(store, webhook_targets(deployment), deployment.config.delivery)
    try:
        if args.once:
            results = worker.run_once()
            delivered = sum(r.delivered for r in results)
            print(f"{len(results)} attempted, {delivered} delivered, {len(results) - delivered} failed")
            return 0
        worker.start()
        print("delivering handoffs (Ctrl-C stops)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        worker.stop()
        print(f"{worker.delivered} delivered")
        return 0
    finally:
        store.close()


def _handoffs_inbox(args: argparse.Namespace) -> int:
    from interlock.service.audit.handoffs import CLOSED_STATES, OPEN_STATES

    _, store = _store(args)
    states = {"open": OPEN_STATES, "closed": CLOSED_STATES, "all": OPEN_STATES + CLOSED_STATES}[args.state]
    items = store.handoffs(args.tenant, states, args.limit)
    for item in items:
        who = item.closed_by or item.claimed_by or "-"
        print(f"{item.priority:<7} {item.created_at}  {item.decision_id}  {item.kind:<8} {item.state:<8} {who:<12} "
              f"{item.reason or ''}")  # fmt: skip
    print(f"{len(items)} {args.state} handoffs of {args.tenant}")
    store.close()
    return 0


def _handoffs_act(args: argparse.Namespace) -> int:
    import sys

    from interlock.service.audit.handoffs import HandoffNotFound, InboxConflict
    from interlock.service.delivery.inbox import act

    _, store = _store(args)
    try:
        item, record = act(store, args.tenant, args.decision_id, args.action, args.agent, _now(), args.note)
    except HandoffNotFound:
        print(f"interlock handoffs: no handoff {args.decision_id} for {args.tenant}", file=sys.stderr)
        return 1
    except InboxConflict as exc:
        print(f"interlock handoffs: {exc} ({exc.code})", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"{item.decision_id}: {item.state} by {args.agent} (record {record.decision_id}, seq {record.seq})")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("handoffs", help="handoff deliveries and inbox")
    handoffs = group.add_subparsers(dest="handoffs_command", required=True)
    listing = handoffs.add_parser("list", help="webhook deliveries, newest first")
    listing.add_argument("--config", type=Path, default=Path("examples/demo"))
    listing.add_argument("--tenant")
    listing.add_argument("--state", choices=("pending", "delivered", "dead"))
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(handler=_handoffs_list)
    retry = handoffs.add_parser("retry", help="re-drive dead deliveries (or the named ones) now")
    retry.add_argument("delivery_ids", nargs="*", help="default: every dead delivery (of --tenant)")
    retry.add_argument("--config", type=Path, default=Path("examples/demo"))
    retry.add_argument("--tenant")
    retry.set_defaults(handler=_handoffs_retry)
    deliver = handoffs.add_parser("deliver", help="run the delivery worker here (the service runs one too)")
    deliver.add_argument("--config", type=Path, default=Path("examples/demo"))
    deliver.add_argument("--once", action="store_true", help="one round of due deliveries, then exit")
    deliver.set_defaults(handler=_handoffs_deliver)
    inbox = handoffs.add_parser("inbox", help="a tenant's handoffs, most urgent and oldest first")
    inbox.add_argument("--config", type=Path, default=Path("examples/demo"))
    inbox.add_argument("--tenant", required=True)
    inbox.add_argument("--state", choices=("open", "closed", "all"), default="open")
    inbox.add_argument("--limit", type=int, default=50)
    inbox.set_defaults(handler=_handoffs_inbox)
    acting = handoffs.add_parser("act", help="claim, resolve, approve or reject a handoff (recorded in the chain)")
    acting.add_argument("action", choices=("claim", "resolve", "approve", "reject"))
    acting.add_argument("decision_id")
    acting.add_argument("--config", type=Path, default=Path("examples/demo"))
    acting.add_argument("--tenant", required=True)
    acting.add_argument("--agent", required=True, help="who acts (recorded)")
    acting.add_argument("--note")
    acting.set_defaults(handler=_handoffs_act)
