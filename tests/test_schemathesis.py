"""schemathesis against the service's own OpenAPI schema: no server errors, every response matches the schema.

Each operation's schemathesis strategy is driven by hypothesis directly, with a bounded number of examples.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from interlock.service.api.app import create_app
from tests.conftest import ADMIN_KEY, ALPHA_KEY, bearer

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
OPERATIONS = [("POST", "/v1/chat/completions"), ("GET", "/v1/audit/decisions"), ("POST", "/v1/admin/policies/reload"),
              ("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/v1/handoffs"),
              ("POST", "/v1/handoffs/{decision_id}/claim"), ("GET", "/v1/deliveries"),
              ("POST", "/v1/deliveries/retry")]  # fmt: skip


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
@pytest.mark.parametrize("key", [ALPHA_KEY, ADMIN_KEY, None])
def test_operation_conforms_to_its_schema_and_never_fails(runtime, method, path, key):
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(runtime))
    operation = schema[path][method]
    chat_as_tenant = key == ALPHA_KEY and path == "/v1/chat/completions"

    @given(data=st.data())
    @settings(max_examples=40 if chat_as_tenant else 8, deadline=None, suppress_health_check=list(HealthCheck),
              database=None)  # fmt: skip
    def run(data):
        case = data.draw(operation.as_strategy())
        if chat_as_tenant and isinstance(case.body, dict) and data.draw(st.booleans()):
            case.body["model"] = "alpha-bot"  # a real bot, so generated turns reach the pipeline
        case.call_and_validate(headers=bearer(key) if key else None, checks=CHECKS)

    run()
    if chat_as_tenant:
        # Random bodies are mostly rejected; one valid turn through the same checks, whole and streamed, proves
        # the happy paths too (a random body that streams is rare, so its check must not wait for one).
        for stream in (False, True):
            body = {"model": "alpha-bot", "max_tokens": 4, "stream": stream,
                    "messages": [{"role": "user", "content": "hello"}]}  # fmt: skip
            valid = operation.Case(body=body, media_type="application/json")
            assert valid.call_and_validate(headers=bearer(key), checks=CHECKS).status_code == 200
