"""A webhook receiver for the demo (`interlock demo receiver`): it checks each delivery's signature and prints
what it got. It stands in for a tenant's helpdesk; answering 200 only to a valid signature, it also shows the
worker's retries when the secret is wrong."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from interlock.service.delivery.signing import (
    ATTEMPT_HEADER,
    DELIVERY_HEADER,
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    signature_valid,
)

Secrets = Mapping[tuple[str, str], bytes]  # (tenant, webhook name) -> secret


def describe(secrets: Secrets, headers: Mapping[str, str], body: bytes, now: float) -> tuple[int, str]:
    """The answer to one delivery (200 when signed by its webhook's secret, else 401) and the lines to print."""
    try:
        event = json.loads(body)
        tenant = str(event["tenant"])
    except (ValueError, KeyError, TypeError):
        return 400, "not a handoff delivery (body is not the expected JSON)"
    webhook = headers.get(DELIVERY_HEADER, "").rpartition("/")[2]
    secret = secrets.get((tenant, webhook))
    valid = secret is not None and signature_valid(secret, headers.get(SIGNATURE_HEADER, ""), body, now)
    handoff = event.get("handoff") or {}
    lines = [
        f"{event.get('type', 'handoff')} {event.get('decision_id')} tenant={tenant} bot={event.get('bot')} "
        f"priority={event.get('priority')} reason={event.get('reason')}",
        f"  signature: {'valid' if valid else 'INVALID'}  delivery={headers.get(DELIVERY_HEADER)} "
        f"attempt={headers.get(ATTEMPT_HEADER)} idempotency-key={headers.get(IDEMPOTENCY_HEADER)}",
        f"  summary: {handoff.get('summary')}",
    ]
    if handoff.get("pending_tool_call") is not None:
        lines.append(f"  pending tool call: {json.dumps(handoff['pending_tool_call'], ensure_ascii=False)}")
    transcript = event.get("transcript") or {}
    lines.append(f"  transcript: {transcript.get('href')} conversation={transcript.get('conversation_id')}")
    return (200 if valid else 401), "\n".join(lines)


def receiver(secrets: Secrets, host: str, port: int, out: Callable[[str], None] = print) -> ThreadingHTTPServer:
    """An HTTP server on (host, port) answering every POST with `describe`; the caller runs serve_forever()."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - the http.server name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {name.title(): value for name, value in self.headers.items()}
            status, text = describe(secrets, headers, body, time.time())
            out(text)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:  # what was received is printed above, once
            return

    return ThreadingHTTPServer((host, port), Handler)
