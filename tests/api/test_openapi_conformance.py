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
from support import Databases, api_key


@pytest.fixture(scope="module")
def writable(databases: Databases) -> tuple[Engine, dict[str, str]]:
    """A seeded database of the module's own (the write routes change it) and a key."""
    engine = databases.seeded()
    return engine, api_key(engine, "schemathesis")


@pytest.fixture(scope="module")
def api_schema(writable: tuple[Engine, dict[str, str]]) -> Any:
    engine, _ = writable
    app = create_server(Settings(database_url=str(engine.url)), engine=engine)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_openapi_document(
    case: Any, writable: tuple[Engine, dict[str, str]]
) -> None:
    # A cursor (or a feed position, `since`) is opaque: the document cannot describe which
    # strings the API issued, so a made-up one is rightly refused (400) although it
    # matches the documented pattern. Every other check still applies to such a request.
    opaque = {"cursor", "since"} & set(case.query or {})
    # A written document or record is checked far beyond what a JSON schema can say
    # (quotes in the article, ids that exist, an ETag that is current): a made-up one
    # that fits the schema is rightly refused with its problem (400, 412, 428).
    writing = case.method.upper() in ("POST", "PUT", "PATCH", "DELETE")
    excluded = [positive_data_acceptance] if opaque or writing else []
    # The key goes with every request, so the write routes are driven past the 401.
    _, key = writable
    case.call_and_validate(headers=key, excluded_checks=excluded)
