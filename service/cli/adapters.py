"""`interlock adapters evaluate|promote|rollback`: the admin adapter API of a running service, from the shell.

`evaluate` uploads a version without promoting it, waits for its verdict and prints the release report (exit 1
when the gates reject it); `promote` promotes it (or forces it, with a reason, audited); `rollback` ends a running
canary or serves an earlier version again. The admin key is read from an environment variable, never an
argument. Only the standard library is imported, so the commands start fast.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PENDING = ("validating", "evaluating")


class AdminApiError(Exception):
    """The service answered with an error (its OpenAI-shaped message), or could not be reached."""


def _call(args: argparse.Namespace, method: str, path: str, body: dict | None = None, raw: bool = False):
    key = os.environ.get(args.admin_key_env)
    if not key:
        raise AdminApiError(f"set {args.admin_key_env} to an admin key")
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    request = urllib.request.Request(args.url.rstrip("/") + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            payload = response.read()
    except urllib.error.HTTPError as exc:
        try:
            error = json.loads(exc.read())["error"]
            message = f"{exc.code} {error['code']}: {error['message']}"
        except (ValueError, KeyError, TypeError):
            message = f"{exc.code} {exc.reason}"
        raise AdminApiError(message) from exc
    except urllib.error.URLError as exc:
        raise AdminApiError(f"cannot reach {args.url}: {exc.reason}") from exc
    return payload if raw else json.loads(payload)


def _adapter_path(adapter: str) -> str:
    tenant, _, name = adapter.partition("/")
    if not tenant or not name:
        raise AdminApiError(f"name the adapter as TENANT/NAME, not {adapter!r}")
    return f"/v1/admin/adapters/{tenant}/{name}"


def _evaluate(args: argparse.Namespace) -> int:
    from interlock.service.evaluation.report import release_text

    base = _adapter_path(args.adapter)
    files = {"config": args.directory / "adapter_config.json", "weights": args.directory / "adapter_model.safetensors"}
    missing = [str(f) for f in files.values() if not f.is_file()]
    if missing:
        raise AdminApiError(f"not an adapter directory: {', '.join(missing)} missing")
    upload = {"adapter_config": json.loads(files["config"].read_text(encoding="utf-8")),
              "weights_base64": base64.b64encode(files["weights"].read_bytes()).decode(), "promote": False}  # fmt: skip
    version = _call(args, "POST", f"{base}/versions", upload)
    deadline = time.monotonic() + args.wait_s
    while version["status"] in PENDING:
        if time.monotonic() > deadline:
            raise AdminApiError(f"version {version['version']} is still {version['status']} after {args.wait_s}s")
        time.sleep(0.5)
        version = _call(args, "GET", f"{base}/versions/{version['version']}")
    if version["status"] == "rejected" and not version["failed_gates"]:
        print(f"{args.adapter} {version['version']}: rejected: {version['error']}")
        return 1
    report = _call(args, "GET", f"{base}/versions/{version['version']}/report")
    print(release_text(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    if args.html:
        args.html.write_bytes(_call(args, "GET", f"{base}/versions/{version['version']}/report?format=html", raw=True))
    print(f"version {version['version']}: {version['status']}")
    return 0 if report["passed"] else 1


def _promote(args: argparse.Namespace) -> int:
    body = {"version": args.version, "force": args.force, "reason": args.reason}
    version = _call(args, "POST", f"{_adapter_path(args.adapter)}/promote", body)
    print(f"{args.adapter} {version['version']}: {version['status']}" + (" (forced)" if version["forced"] else ""))
    return 0


def _rollback(args: argparse.Namespace) -> int:
    version = _call(args, "POST", f"{_adapter_path(args.adapter)}/rollback",
                    {"version": args.version, "reason": args.reason})  # fmt: skip
    print(f"{args.adapter} {version['version']}: {version['status']}")
    return 0


def _guarded(handler):
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except AdminApiError as exc:
            print(f"interlock adapters: {exc}", file=sys.stderr)
            return 2

    return run


def add_commands(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("adapters", help="evaluate, promote or roll back adapter versions on a service")
    actions = group.add_subparsers(dest="adapters_command", required=True)

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("adapter", help="TENANT/NAME")
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running service")
        parser.add_argument("--admin-key-env", default="INTERLOCK_ADMIN_KEY", help="variable holding the admin key")

    evaluate = actions.add_parser("evaluate", help="upload a version, run its release gates, print the report")
    common(evaluate)
    evaluate.add_argument("directory", type=Path, help="peft adapter directory")
    evaluate.add_argument("--json", type=Path, help="also write the report as JSON here")
    evaluate.add_argument("--html", type=Path, help="also write the self-contained HTML report here")
    evaluate.add_argument("--wait-s", type=float, default=1800, help="how long to wait for the verdict")
    evaluate.set_defaults(handler=_guarded(_evaluate))

    promote = actions.add_parser("promote", help="promote a version that passed (or --force one, audited)")
    common(promote)
    promote.add_argument("version")
    promote.add_argument("--force", action="store_true", help="promote a version its gates rejected")
    promote.add_argument("--reason", help="why (required with --force; written to the release log)")
    promote.set_defaults(handler=_guarded(_promote))

    rollback = actions.add_parser("rollback", help="end the running canary, or serve an earlier version again")
    common(rollback)
    rollback.add_argument("--version", help="serve this version (default: the canary ends, or the previous one)")
    rollback.add_argument("--reason")
    rollback.set_defaults(handler=_guarded(_rollback))
