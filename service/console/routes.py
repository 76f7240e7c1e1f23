"""The web console under /console: sign-in, decisions with filters, the why of one decision, trends, chain status.

Server-rendered (Jinja2, autoescaped), no front-end build. Every page checks the session cookie; every form
carries the session's CSRF token (the sign-in form a cookie-bound one); a principal bound to a tenant never reads
another tenant's records: asking for one answers exactly like asking for one that does not exist (404).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from interlock.policies.loader import CompiledBundle
from interlock.service.audit.query import BadCursor, DecisionFilter, DecisionQueries, open_queries
from interlock.service.audit.signing import Checkpoint, load_private_key, signature_valid
from interlock.service.console.inbox import DurableInbox, HandoffInbox, InboxError
from interlock.service.console.session import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    ConsoleKeys,
    Principal,
    Sessions,
    same_token,
)
from interlock.service.console.views import (
    day_range,
    last_user_text,
    marked_text,
    recorded_findings,
    rule_walk,
    trend_charts,
)
from interlock.service.runtime import Runtime

PREFIX = "/console"
PAGE_SIZE = 50
VERIFY_BUDGET = 5_000  # links per step (under a second); the page goes on step by step until the head
FILTERS = ("bot", "route", "rule_id", "handoff_reason", "tool_name", "bundle_version", "adapter_version",
           "decision_id")  # fmt: skip
ROUTES = ("rule", "rag", "model", "refuse", "handoff")
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

router = APIRouter(prefix=PREFIX, include_in_schema=False)
_templates = Environment(loader=PackageLoader("interlock.service.console", "templates"),
                         autoescape=select_autoescape(default=True))  # fmt: skip


@dataclass
class Console:
    """What the console's routes share: the runtime, its keys and sessions, the queries, the clock."""

    runtime: Runtime
    keys: ConsoleKeys
    sessions: Sessions
    queries: DecisionQueries
    inbox: HandoffInbox
    clock: Callable[[], datetime]

    @property
    def tenants(self) -> list[str]:
        return sorted(t.id for t in self.runtime.deployment.config.tenants)

    def bundle(self, tenant: str) -> CompiledBundle | None:
        return self.runtime.pipeline.policies.bundle(tenant) if tenant in self.tenants else None


def build(runtime: Runtime, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> Console:
    deployment = runtime.deployment
    audit = deployment.config.audit
    public_key = load_private_key(deployment.resolve(audit.signing_key)).public_key() if audit.signing_key else None
    queries = open_queries(deployment.resolve(audit.path), audit.dsn, public_key)
    config = deployment.config.console
    tenants = sorted(t.id for t in deployment.config.tenants)
    # A log that is already long is indexed in the background; each read catches up a bounded amount itself.
    threading.Thread(target=lambda: [queries.refresh(t) for t in tenants], name="console-index", daemon=True).start()
    return Console(runtime, ConsoleKeys(config), Sessions(config), queries, DurableInbox(runtime.handoffs), clock)


def _console(request: Request) -> Console:
    return request.app.state.console


def _render(name: str, status_code: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(_templates.get_template(name).render(**context), status_code=status_code,
                        headers=_SECURITY_HEADERS)  # fmt: skip


def _error(principal: Principal | None, status: int, code: str, message: str) -> HTMLResponse:
    return _render("error.html", status, principal=principal, status=status, code=code, message=message)


def _signed_in(request: Request) -> Principal | None:
    console = _console(request)
    principal = console.sessions.load(request.cookies.get(SESSION_COOKIE))
    return principal if principal is not None and console.keys.still_declared(principal) else None


def _to_login() -> RedirectResponse:
    return RedirectResponse(f"{PREFIX}/login", status_code=303)


def _permitted(request: Request, allowed: Callable[[Principal], bool], refused: str) -> Principal | Response:
    """The signed-in principal if its role may do this; otherwise the response to send instead (sign in, or 403)."""
    principal = _signed_in(request)
    if principal is None:
        return _to_login()
    if not allowed(principal):
        return _error(principal, 403, "role_not_allowed", f"the {principal.role} role {refused}")
    return principal


def _reader(request: Request) -> Principal | Response:
    """The signed-in principal if it may read decisions; otherwise the response to send instead."""
    return _permitted(request, lambda p: p.reads_decisions, "does not read decisions")


def _tenant(console: Console, principal: Principal, asked: str | None) -> str | None:
    """The tenant to show: the one asked for if the principal may see it, else None (answered as not found)."""
    allowed = principal.tenants(console.tenants)
    if asked in (None, ""):
        return allowed[0] if allowed else None
    return asked if asked in allowed else None


@router.get("")
def home(request: Request) -> Response:
    principal = _signed_in(request)
    if principal is None:
        return _to_login()
    return RedirectResponse(f"{PREFIX}/{'decisions' if principal.reads_decisions else 'inbox'}", status_code=303)


@router.get("/login")
def login_page(request: Request) -> Response:
    token = secrets.token_urlsafe(24)
    response = _render("login.html", principal=None, csrf=token, error=None)
    _set_cookie(request, response, LOGIN_COOKIE, token, max_age=3600)
    return response


@router.post("/login")
def login(request: Request, key: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "") -> Response:
    console = _console(request)
    if not same_token(request.cookies.get(LOGIN_COOKIE), csrf):
        return _error(None, 403, "csrf_failed", "the sign-in form expired or did not come from this console")
    principal = console.keys.principal_for(key)
    if principal is None:
        token = secrets.token_urlsafe(24)
        response = _render("login.html", 401, principal=None, csrf=token, error="unknown console key")
        _set_cookie(request, response, LOGIN_COOKIE, token, max_age=3600)
        return response
    response = RedirectResponse(f"{PREFIX}/{'decisions' if principal.reads_decisions else 'inbox'}",
                                status_code=303)  # fmt: skip
    _set_cookie(request, response, SESSION_COOKIE, console.sessions.dump(principal), max_age=console.sessions.ttl_s)
    response.delete_cookie(LOGIN_COOKIE, path=PREFIX)
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    principal = _signed_in(request)
    if principal is not None and not same_token(principal.csrf, csrf):
        return _error(principal, 403, "csrf_failed", "the form did not come from this session")
    response = _to_login()
    response.delete_cookie(SESSION_COOKIE, path=PREFIX)
    return response


def _set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path=PREFIX, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")  # fmt: skip


def _moment(value: str | None, name: str) -> datetime | None:
    """A filter's time: ISO 8601; without a zone it is UTC (what a datetime-local field sends)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{name}: not a date and time ({value!r}); use e.g. 2026-11-23T12:00") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@router.get("/decisions")
def decisions(request: Request) -> Response:
    principal = _reader(request)
    if isinstance(principal, Response):
        return principal
    console, params = _console(request), request.query_params
    tenant = _tenant(console, principal, params.get("tenant"))
    if tenant is None:
        return _error(principal, 404, "tenant_not_found", "no such tenant")
    chosen = {name: params.get(name) or None for name in FILTERS}
    context = dict(principal=principal, tenants=principal.tenants(console.tenants), tenant=tenant, chosen=chosen,
                   since=params.get("since", ""), until=params.get("until", ""), routes=ROUTES, error=None,
                   records=[], next_cursor=None, choices=console.queries.choices(tenant),
                   lag=console.queries.lag(tenant))  # fmt: skip
    try:
        filters = DecisionFilter(tenant=tenant, since=_moment(params.get("since"), "since"),
                                 until=_moment(params.get("until"), "until"), **chosen)  # fmt: skip
        page = console.queries.page(filters, cursor=params.get("cursor") or None, limit=PAGE_SIZE)
    except (ValueError, BadCursor) as exc:
        return _render("decisions.html", 422, **context | {"error": str(exc)})
    query = [(k, v) for k, v in params.multi_items() if k != "cursor" and v]
    return _render("decisions.html", **context | {"records": page.records, "next_cursor": page.next_cursor,
                                                  "query": query})  # fmt: skip


@router.get("/decisions/{decision_id}")
def why(request: Request, decision_id: str) -> Response:
    principal = _reader(request)
    if isinstance(principal, Response):
        return principal
    console = _console(request)
    record = console.queries.record(decision_id)
    if record is None or record.tenant not in principal.tenants(console.tenants):
        return _error(principal, 404, "decision_not_found", f"no decision {decision_id}")
    text = last_user_text(record)
    findings = recorded_findings(record, text)
    return _render(
        "why.html",
        principal=principal,
        record=record,
        text=text,
        segments=marked_text(text, [f for f in findings if not f.get("earlier")]),
        findings=findings,
        walk=rule_walk(record, console.bundle(record.tenant)),
        place=console.queries.chain_place(record),
        retrieval=record.retrieval or {},
    )


@router.get("/trends")
def trends(request: Request) -> Response:
    principal = _reader(request)
    if isinstance(principal, Response):
        return principal
    console, params = _console(request), request.query_params
    tenant = _tenant(console, principal, params.get("tenant"))
    if tenant is None:
        return _error(principal, 404, "tenant_not_found", "no such tenant")
    try:
        since, until = day_range(params.get("since"), params.get("until"), console.clock())
    except ValueError as exc:
        return _error(principal, 422, "invalid_range", f"since/until: {exc}")
    if since >= until:
        return _error(principal, 422, "invalid_range", "since must be before until")
    bot = params.get("bot") or None
    found = console.queries.trends(tenant, since, until, bot=bot)
    shown, changes = trend_charts(found)
    return _render("trends.html", principal=principal, tenants=principal.tenants(console.tenants), tenant=tenant,
                   bot=bot, bots=console.queries.choices(tenant)["bot"], since=since.date().isoformat(),
                   until=(until - timedelta(days=1)).date().isoformat(), charts=shown, changes=changes,
                   trends=found, lag=console.queries.lag(tenant))  # fmt: skip


@router.get("/chain")
def chain(request: Request) -> Response:
    principal = _reader(request)
    if isinstance(principal, Response):
        return principal
    console, params = _console(request), request.query_params
    tenant = _tenant(console, principal, params.get("tenant"))
    if tenant is None:
        return _error(principal, 404, "tenant_not_found", "no such tenant")
    public_key = console.queries.public_key
    checkpoints = [
        {"row": row, "signature": None if public_key is None else signature_valid(
            Checkpoint(tenant, row.seq, row.hash, row.created_at, row.signature), public_key),
         "intact": row.hash_now == row.hash}
        for row in console.queries.checkpoints(tenant)
    ]  # fmt: skip
    return _render("chain.html", principal=principal, tenants=principal.tenants(console.tenants), tenant=tenant,
                   verification=console.queries.verification(tenant), checkpoints=checkpoints,
                   signing=public_key is not None, go_on=params.get("continue") == "1",
                   budget=VERIFY_BUDGET)  # fmt: skip


@router.post("/chain/verify")
def verify_now(request: Request, tenant: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "",
               restart: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    principal = _reader(request)
    if isinstance(principal, Response):
        return principal
    if not same_token(principal.csrf, csrf):
        return _error(principal, 403, "csrf_failed", "the form did not come from this session")
    console = _console(request)
    shown = _tenant(console, principal, tenant)
    if shown is None:
        return _error(principal, 404, "tenant_not_found", "no such tenant")
    done = console.queries.verify_step(shown, VERIFY_BUDGET, console.clock(), restart=restart == "1")
    go_on = "" if done.complete else "&continue=1"
    return RedirectResponse(f"{PREFIX}/chain?tenant={shown}{go_on}", status_code=303)


def _agent(request: Request) -> Principal | Response:
    """The signed-in principal if it may work the inbox; otherwise the response to send instead."""
    return _permitted(request, lambda p: p.works_inbox, "does not work the inbox")


@router.get("/inbox")
def inbox(request: Request) -> Response:
    principal = _agent(request)
    if isinstance(principal, Response):
        return principal
    console = _console(request)
    tenant = _tenant(console, principal, request.query_params.get("tenant"))
    if tenant is None:
        return _error(principal, 404, "tenant_not_found", "no such tenant")
    return _render("inbox.html", principal=principal, tenants=principal.tenants(console.tenants), tenant=tenant,
                   items=console.inbox.open_items(tenant), now=console.clock())  # fmt: skip


def _inbox_item(request: Request, principal: Principal, decision_id: str):
    console = _console(request)
    record = console.queries.record(decision_id)
    if record is None or record.tenant not in principal.tenants(console.tenants):
        return None
    return console.inbox.item(record.tenant, decision_id)


@router.get("/inbox/{decision_id}")
def inbox_item(request: Request, decision_id: str) -> Response:
    principal = _agent(request)
    if isinstance(principal, Response):
        return principal
    item = _inbox_item(request, principal, decision_id)
    if item is None:
        return _error(principal, 404, "handoff_not_found", f"no handoff {decision_id}")
    return _render("inbox_item.html", principal=principal, item=item, record=item.record,
                   error=request.query_params.get("error"))  # fmt: skip


@router.post("/inbox/{decision_id}/{action}")
def inbox_action(request: Request, decision_id: str, action: str, csrf: Annotated[str, Form()] = "",
                 note: Annotated[str, Form(max_length=4000)] = "") -> Response:  # fmt: skip
    principal = _agent(request)
    if isinstance(principal, Response):
        return principal
    if not same_token(principal.csrf, csrf):
        return _error(principal, 403, "csrf_failed", "the form did not come from this session")
    item = _inbox_item(request, principal, decision_id)
    if item is None:
        return _error(principal, 404, "handoff_not_found", f"no handoff {decision_id}")
    console, tenant, now = _console(request), item.record.tenant, _console(request).clock()
    try:
        if action == "claim":
            console.inbox.claim(tenant, decision_id, principal.name, now)
        elif action == "resolve":
            console.inbox.resolve(tenant, decision_id, principal.name, note, now)
        elif action in ("approve", "reject"):
            console.inbox.decide_tool_call(tenant, decision_id, principal.name, action == "approve", note, now)
        else:
            return _error(principal, 404, "not_found", f"no inbox action {action}")
    except InboxError as exc:
        return _render("inbox_item.html", 409, principal=principal, item=console.inbox.item(tenant, decision_id),
                       record=item.record, error=str(exc))  # fmt: skip
    return RedirectResponse(f"{PREFIX}/inbox/{decision_id}", status_code=303)


@router.get("/deliveries")
def deliveries(request: Request) -> Response:
    """The tenant's webhook deliveries, dead letters included (re-driven from here or `interlock handoffs retry`)."""
    principal = _agent(request)
    if isinstance(principal, Response):
        return principal
    console = _console(request)
    tenant = _tenant(console, principal, request.query_params.get("tenant"))
    if tenant is None:
        return _error(principal, 404, "tenant_not_found", "no such tenant")
    state = request.query_params.get("state") or None
    if state not in (None, "pending", "delivered", "dead"):
        return _error(principal, 422, "invalid_state", f"no delivery state {state}")
    retried = request.query_params.get("retried")
    return _render("deliveries.html", principal=principal, tenants=principal.tenants(console.tenants), tenant=tenant,
                   state=state, deliveries=console.runtime.handoffs.deliveries(tenant, state, limit=200),
                   retried=int(retried) if retried and retried.isdigit() else None)  # fmt: skip


@router.post("/deliveries/retry")
async def deliveries_retry(request: Request) -> Response:
    principal = _agent(request)
    if isinstance(principal, Response):
        return principal
    form = await request.form()
    if not same_token(principal.csrf, str(form.get("csrf", ""))):
        return _error(principal, 403, "csrf_failed", "the form did not come from this session")
    console = _console(request)
    tenant = _tenant(console, principal, str(form.get("tenant", "")) or None)
    if tenant is None:
        return _error(principal, 404, "tenant_not_found", "no such tenant")
    ids = [str(v) for v in form.getlist("delivery_id")] or None
    count = console.runtime.handoffs.retry(console.clock(), tenant=tenant, delivery_ids=ids)
    return RedirectResponse(f"{PREFIX}/deliveries?tenant={tenant}&state=pending&retried={count}", status_code=303)
