"""Property-based tests of the JSON API against its own OpenAPI schema (Schemathesis): no server errors,
responses conform to the schema, for a bounded number of generated requests per operation.

(``schemathesis.pytest.from_fixture`` fails on pytest 9 with ``'Function' object has no attribute
'_nodeid'``, so each operation's Hypothesis strategy is driven directly.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tradebridge.config import Settings
from tradebridge.web.app import create_app

pytestmark = pytest.mark.slow
EXAMPLES = 10  # per operation: bounded so the file runs in about a minute with the store fixture


@pytest.fixture(scope="module")
def api_schema(store_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("schemathesis")
    app = create_app(Settings(store=store_path, survey_db=f"sqlite:///{tmp / 's.sqlite'}", cache=tmp / "cache"),
                     secret_key="s" * 32)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _fuzz(op, seen: dict[str, int]) -> None:
    label = f"{op.method.upper()} {op.path}"

    @given(case=op.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        seen[label] = seen.get(label, 0) + 1
        case.call_and_validate()

    check()


def test_api_conforms_to_its_schema(api_schema):
    operations = [r.ok() for r in api_schema.get_all_operations()]
    # starting scenario runs (a minute of CPU each; POST .../runs) is exercised by tests/unit/web/test_scenarios*.py
    # and the browser test, not fuzzed; only the JSON API (the survey forms' HTML routes belong to their own tests)
    operations = [op for op in operations if op.path.startswith("/api/") and not op.path.startswith("/api/scenarios/{name}")]
    assert len(operations) >= 8
    seen: dict[str, int] = {}
    for op in operations:
        _fuzz(op, seen)
    assert len(seen) == len(operations) and all(n >= 1 for n in seen.values())


def test_scenario_endpoint_without_run_never_starts_work(api_schema):
    op = next(r.ok() for r in api_schema.get_all_operations() if r.ok().path == "/api/scenarios/{name}")

    @given(case=op.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        case.query = {}  # never run=true: only the status of a (probably unknown) scenario
        case.call_and_validate()

    check()


def test_schema_lists_every_api_page(api_schema):
    paths = set(api_schema.raw_schema["paths"])
    assert {"/api/overview", "/api/partners/{iso3}", "/api/indicators/{name}", "/api/agreements",
            "/api/scenarios", "/api/perceptions", "/api/brief", "/api/health"} <= paths
    assert not any(p.startswith("/admin") for p in paths)  # the admin area is not part of the public API
