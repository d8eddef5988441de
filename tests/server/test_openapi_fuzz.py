"""schemathesis against /openapi.json of a real server, on SQLite and on PostgreSQL: generated requests
never cause a 500, and every error answer has the canonical shape.

(schemathesis' own pytest plugin does not run under pytest 9, so the test drives its
strategies with hypothesis directly, one operation at a time.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok

from tests.endpoints import ServerProcess, start_server
from tests.server.conftest import BACKENDS, backend_env

EXAMPLES_PER_OPERATION = 30


def _error_has_our_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    if response.status_code >= 400:
        body = response.json()
        assert set(body["error"]) == {"code", "message", "field"}, body
    return None


@pytest.fixture(scope="module", params=BACKENDS)
def fuzzed_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                  fake_dist: Path) -> Iterator[ServerProcess]:
    """A server of its own on each database (fuzzing fills its database)."""
    env = {"CREATORPOST_RATE_LIMIT_PER_MINUTE": "1000000", "CREATORPOST_RATE_LIMIT_BURST": "100000",
           **backend_env(request, "fuzzed")}
    running = start_server(tmp_path_factory.mktemp(f"fuzz-{request.param}"), fake_dist, env=env)
    yield running
    running.stop()


def test_no_server_errors(fuzzed_server: ServerProcess) -> None:
    """Whatever a client sends to any documented call, the answer is never a 500 and errors keep their shape."""
    server = fuzzed_server
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    assert len(operations) >= 9
    for operation in operations:
        token = "demo-basic" if "creators" in operation.path else "demo-professional"
        if operation.path.startswith("/api/review"):
            token = "demo-reviewer"  # the review desk: reviewers only

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
