"""Schemathesis drives every operation with generated input and applies all its checks:
the API must keep the promises of its own OpenAPI document, whatever it is sent."""

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import Engine

from briefings.config import Settings
from briefings.serving.server import create_server


@pytest.fixture(scope="module")
def api_schema(seeded_engine: Engine) -> Any:
    app = create_server(Settings(database_url=str(seeded_engine.url)), engine=seeded_engine)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


# 20 generated cases per operation (and every documented example): 40 took 156 s of a
# 4-minute suite on the 2-core machine; halving it keeps every operation, parameter and
# check in play at half the cost.
@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_openapi_document(case: Any) -> None:
    # A cursor is opaque: the document cannot describe which strings the API issued, so
    # a made-up one is rightly refused (400) although it matches the documented pattern.
    # Every other check still applies to such a request.
    excluded = [positive_data_acceptance] if "cursor" in (case.query or {}) else []
    case.call_and_validate(excluded_checks=excluded)
