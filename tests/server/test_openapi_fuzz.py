"""schemathesis against /openapi.json of a real server: generated requests never cause a 500,
and every error answer has the canonical shape.

(schemathesis' own pytest plugin does not run under pytest 9, so the test drives its
strategies with hypothesis directly, one operation at a time.)"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok

from tests.endpoints import ServerProcess

EXAMPLES_PER_OPERATION = 30


def _error_has_our_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    if response.status_code >= 400:
        body = response.json()
        assert set(body["error"]) == {"code", "message", "field"}, body
    return None


def test_no_server_errors(make_module_server: ServerProcess) -> None:
    """Whatever a client sends to any documented call, the answer is never a 500 and errors keep their shape."""
    server = make_module_server
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    assert len(operations) >= 9
    for operation in operations:
        token = "demo-basic" if "creators" in operation.path else "demo-professional"

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            case.call_and_validate(base_url=server.url, headers={"Authorization": f"Bearer {token}"},
                                   checks=[not_a_server_error, _error_has_our_shape])

        try:
            run()
        except Exception as failed:  # name the operation in the failure
            pytest.fail(f"{operation.method.upper()} {operation.path}: {failed}")
