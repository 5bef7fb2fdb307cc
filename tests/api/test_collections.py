"""The contract every collection keeps, checked on each of the nine."""

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from briefings.resources import ALL

COLLECTIONS = [pytest.param(resource, id=resource.collection) for resource in ALL]


def walk(client: TestClient, url: str) -> list[dict[str, Any]]:
    """Follows links.next to the end, checking the Link header on the way."""
    items: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url is not None:
        response = client.get(next_url)
        assert response.status_code == 200, response.text
        body = response.json()
        items.extend(body["data"])
        next_url = body["links"]["next"]
        if next_url is None:
            assert "link" not in response.headers
        else:
            assert response.headers["link"] == f'<{next_url}>; rel="next"'
    return items


@pytest.mark.parametrize("resource", COLLECTIONS)
class TestEveryCollection:
    def test_lists_records_in_the_envelope(self, client: TestClient, resource: Any) -> None:
        body = client.get(f"/v1/{resource.collection}").json()
        assert set(body) == {"data", "links", "meta"}
        assert body["meta"]["total"] == len(body["data"]) > 0
        assert body["links"] == {"self": f"/v1/{resource.collection}", "next": None}
        assert all(item["type"] == resource.type for item in body["data"])

    def test_every_item_conforms_to_its_schema(self, client: TestClient, resource: Any) -> None:
        for item in client.get(f"/v1/{resource.collection}").json()["data"]:
            resource.schema.model_validate(item)

    def test_item_route_gives_the_same_record_with_its_details(
        self, client: TestClient, resource: Any
    ) -> None:
        listed = client.get(f"/v1/{resource.collection}").json()["data"][0]
        response = client.get(f"/v1/{resource.collection}/{listed['id']}")
        assert response.status_code == 200
        item = response.json()["data"]
        assert {key: item[key] for key in listed} == listed
        resource.detail_schema.model_validate(item)

    def test_paging_by_one_visits_every_record_once(
        self, client: TestClient, resource: Any
    ) -> None:
        everything = [
            item["id"] for item in client.get(f"/v1/{resource.collection}").json()["data"]
        ]
        paged = [item["id"] for item in walk(client, f"/v1/{resource.collection}?limit=1")]
        assert paged == everything
        assert len(set(paged)) == len(paged)

    def test_paging_in_every_sort_order_visits_every_record_once(
        self, client: TestClient, resource: Any
    ) -> None:
        expected = sorted(
            item["id"] for item in client.get(f"/v1/{resource.collection}").json()["data"]
        )
        for key in resource.sort_keys:
            for sort in (key, f"-{key}"):
                paged = [
                    item["id"]
                    for item in walk(client, f"/v1/{resource.collection}?limit=2&sort={sort}")
                ]
                assert sorted(paged) == expected, sort

    def test_repeated_read_is_a_304_with_the_same_etag(
        self, client: TestClient, resource: Any
    ) -> None:
        first = client.get(f"/v1/{resource.collection}")
        etag = first.headers["etag"]
        assert etag.startswith('"')
        assert not etag.startswith("W/")
        assert first.headers["cache-control"].startswith("public, max-age=")
        again = client.get(f"/v1/{resource.collection}", headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag
        item_id = first.json()["data"][0]["id"]
        item = client.get(f"/v1/{resource.collection}/{item_id}")
        assert (
            client.get(
                f"/v1/{resource.collection}/{item_id}",
                headers={"If-None-Match": item.headers["etag"]},
            ).status_code
            == 304
        )

    def test_head_gives_the_headers_of_get_without_a_body(
        self, client: TestClient, resource: Any
    ) -> None:
        get = client.get(f"/v1/{resource.collection}")
        head = client.head(f"/v1/{resource.collection}")
        assert head.status_code == 200
        assert head.content == b""
        assert head.headers["etag"] == get.headers["etag"]

    def test_unknown_id_is_a_404_problem(self, client: TestClient, resource: Any) -> None:
        response = client.get(f"/v1/{resource.collection}/no-such-record")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == 404
        assert "no-such-record" in problem["detail"]

    def test_unknown_parameter_is_a_400_naming_it(self, client: TestClient, resource: Any) -> None:
        response = client.get(f"/v1/{resource.collection}?colour=red")
        assert response.status_code == 400
        assert response.headers["content-type"] == "application/problem+json"
        assert [error["parameter"] for error in response.json()["errors"]] == ["colour"]

    def test_bad_cursor_is_a_400_naming_it(self, client: TestClient, resource: Any) -> None:
        response = client.get(f"/v1/{resource.collection}?cursor=bm90LWEtY3Vyc29y")
        assert response.status_code == 400
        assert [error["parameter"] for error in response.json()["errors"]] == ["cursor"]

    def test_limit_out_of_range_is_a_400(self, client: TestClient, resource: Any) -> None:
        for limit in ("0", "501", "-1", "ten"):
            response = client.get(f"/v1/{resource.collection}?limit={limit}")
            assert response.status_code == 400, limit
            assert response.json()["errors"][0]["parameter"] == "limit"

    def test_csv_has_a_header_row_and_one_row_per_record(
        self, client: TestClient, resource: Any
    ) -> None:
        json_ids = [item["id"] for item in client.get(f"/v1/{resource.collection}").json()["data"]]
        for response in (
            client.get(f"/v1/{resource.collection}?format=csv"),
            client.get(f"/v1/{resource.collection}", headers={"Accept": "text/csv"}),
        ):
            assert response.headers["content-type"].startswith("text/csv")
            rows = list(csv.DictReader(io.StringIO(response.text)))
            assert [row["id"] for row in rows] == json_ids
            assert all(row["type"] == resource.type for row in rows)

    def test_ndjson_has_one_record_per_line(self, client: TestClient, resource: Any) -> None:
        response = client.get(
            f"/v1/{resource.collection}", headers={"Accept": "application/x-ndjson"}
        )
        assert response.headers["content-type"] == "application/x-ndjson"
        lines = response.text.splitlines()
        assert [line.split('"id":"')[1].split('"')[0] for line in lines] == [
            item["id"] for item in client.get(f"/v1/{resource.collection}").json()["data"]
        ]

    def test_fields_keeps_only_the_named_fields(self, client: TestClient, resource: Any) -> None:
        body = client.get(f"/v1/{resource.collection}?fields=revision").json()
        assert all(set(item) == {"id", "type", "revision"} for item in body["data"])
        bad = client.get(f"/v1/{resource.collection}?fields=nonsense")
        assert bad.status_code == 400
        assert bad.json()["errors"][0]["parameter"] == "fields"

    def test_unacceptable_media_type_is_a_406_problem(
        self, client: TestClient, resource: Any
    ) -> None:
        response = client.get(f"/v1/{resource.collection}", headers={"Accept": "application/xml"})
        assert response.status_code == 406
        assert response.headers["content-type"] == "application/problem+json"
