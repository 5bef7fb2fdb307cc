"""Schemathesis drives every operation with generated input and applies all its checks:
the API must keep the promises of its own OpenAPI document, whatever it is sent."""

import copy
from typing import Any

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    positive_data_acceptance,
    response_schema_conformance,
)
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


def sparse(document: dict[str, Any]) -> dict[str, Any]:
    """The document as it holds for an answer to `fields=`: each record (a component with
    `id`, a constant `type` and `revision`) requires only `id` and `type`, which is what
    the `fields` parameter promises."""
    sparse = copy.deepcopy(document)
    for component in sparse["components"]["schemas"].values():
        properties = component.get("properties", {})
        if "const" in properties.get("type", {}) and {"id", "revision"} <= properties.keys():
            component["required"] = ["id", "type"]
    return sparse


# 10 generated cases per operation, on top of every documented example and the coverage
# phase's boundary values of each parameter: every operation, parameter and check stays
# in play. 40 took 156 s of a 4-minute suite on the 2-core machine; 20 took 54 s of CPU
# on SQLite, 10 take 37 s.
@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_openapi_document(
    case: Any, writable: tuple[Engine, dict[str, str]]
) -> None:
    query = case.query or {}
    # A cursor (or a feed position, `since`) is opaque: the document cannot describe which
    # strings the API issued, so a made-up one is rightly refused (400) although it
    # matches the documented pattern. Every other check still applies to such a request.
    opaque = {"cursor", "since"} & set(query)
    # A written document or record is checked far beyond what a JSON schema can say
    # (quotes in the article, ids that exist, an ETag that is current): a made-up one
    # that fits the schema is rightly refused with its problem (400, 412, 428).
    writing = case.method.upper() in ("POST", "PUT", "PATCH", "DELETE")
    excluded = [positive_data_acceptance] if opaque or writing else []
    # The key goes with every request, so the write routes are driven past the 401.
    _, key = writable
    if "fields" not in query:
        case.call_and_validate(headers=key, excluded_checks=excluded)
        return
    # A sparse answer is checked against the document with only `id` and `type` required.
    response = case.call_and_validate(
        headers=key, excluded_checks=[*excluded, response_schema_conformance]
    )
    if response.status_code != 200 or response.headers["content-type"][0] != "application/json":
        return
    document = sparse(case.operation.schema.raw_schema)
    answer = case.operation.definition.raw["responses"]["200"]["content"]["application/json"]
    validator = jsonschema_rs.validator_for({**answer["schema"], **document})
    validator.validate(response.json())


def test_a_sparse_answer_is_checked_against_the_sparse_schema(api_schema: Any) -> None:
    """The check above is not vacuous: a full record passes, a record that lacks a field
    the full schema requires fails it, and passes the sparse one."""
    document = api_schema.raw_schema
    page = {"$ref": "#/components/schemas/PlacePage"}
    trimmed = {
        "data": [{"id": "bishkek", "type": "place"}],
        "links": {"self": "/v1/places?fields=id", "next": None},
        "meta": {"total": 1, "limit": 50, "sort": "id", "revision": 1},
    }
    assert not jsonschema_rs.validator_for({**page, **document}).is_valid(trimmed)
    assert jsonschema_rs.validator_for({**page, **sparse(document)}).is_valid(trimmed)
