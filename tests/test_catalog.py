"""One catalogue of record types: everything that lists them is derived from it."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from briefings.catalog import RecordType
from briefings.models import Figure
from briefings.openapi import component_names
from briefings.resources import ALL, REGISTRY
from briefings.search.documents import RECORD_TYPES
from briefings.seeding.records import copy_columns
from briefings.seeding.resolve import COLLECTIONS, LOAD_ORDER, MODELS
from briefings.seeding.schemas import SeedFile
from briefings.vocab import Localized

CATALOGUE = list(RecordType)
PUBLISHED = component_names(REGISTRY)


def test_every_record_type_has_one_resource_in_catalogue_order() -> None:
    assert [resource.type for resource in ALL] == CATALOGUE
    assert list(REGISTRY.resources) == CATALOGUE
    assert list(REGISTRY.targets) == CATALOGUE


def test_references_search_and_seeding_name_the_catalogue_types() -> None:
    assert list(RECORD_TYPES) == CATALOGUE
    assert list(MODELS) == CATALOGUE
    assert list(LOAD_ORDER) == CATALOGUE
    # Every type but the source (each seed file's head) is a collection of the seed file,
    # in load order: a record names only types listed before its own.
    assert list(COLLECTIONS.values()) == CATALOGUE[1:]
    assert list(SeedFile.model_fields) == ["source", *COLLECTIONS]


@pytest.mark.parametrize("resource", ALL, ids=lambda resource: resource.type)
def test_each_type_references_only_types_loaded_before_it(resource: Any) -> None:
    named = {ref.record_type for ref in resource.references}
    named |= {link.record_type for link in resource.links if link.record_type}
    assert all(LOAD_ORDER[other] < LOAD_ORDER[resource.type] for other in named)


def test_the_published_type_of_each_output_model_is_its_record_type(client: TestClient) -> None:
    components = client.get("/openapi.json").json()["components"]["schemas"]
    for resource in ALL:
        for model in {resource.schema, resource.detail_schema}:
            published = components[PUBLISHED[model.__name__]]["properties"]["type"]
            assert published["const"] == resource.type
    assert components["RecordType"]["enum"] == CATALOGUE


def test_a_body_names_its_type_and_nothing_else_validates() -> None:
    statement = REGISTRY.resources[RecordType.STATEMENT].schema
    with pytest.raises(ValueError, match="statement"):
        statement.model_validate({"id": "x", "type": "actor", "revision": 1})


class Misspelt(BaseModel):
    label: Localized
    metrik: str


def test_a_seed_field_without_a_column_is_a_clear_error() -> None:
    """Plain fields are copied to same-named columns (``x`` to ``x_fr``/``x_en`` for a
    ``Localized``): a field the table lacks fails loudly, naming both."""
    record = Misspelt(label=Localized(fr="Échanges", en="Trade"), metrik="trade")
    with pytest.raises(TypeError, match=r"Misspelt\.metrik: no column figures\.metrik"):
        copy_columns(Figure.__table__, record)
    assert copy_columns(Figure.__table__, record, skip=("metrik",)) == {
        "label_fr": "Échanges",
        "label_en": "Trade",
    }


@pytest.mark.parametrize("resource", ALL, ids=lambda resource: resource.type)
def test_a_body_lists_identity_first_then_fields_references_and_evidence_last(
    resource: Any,
) -> None:
    """The order of a body's keys (and of CSV columns) is the output model's: `id`,
    `type`, `revision`, the type's plain fields, its references and links, `evidence`
    last. Clients must not depend on it; it is pinned so that a change is deliberate."""
    names = list(resource.schema.model_fields)
    assert names[:3] == ["id", "type", "revision"]
    if "evidence" in names:
        assert names[-1] == "evidence"
    referencing = {ref.field for ref in resource.references}
    referencing |= {link.field for link in resource.links if link.record_type}
    between = [name for name in names[3:] if name != "evidence"]
    references_last = sorted(between, key=lambda name: name in referencing)
    assert between == references_last
