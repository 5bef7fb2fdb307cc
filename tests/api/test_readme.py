"""The README's API table is the reference users read: it must name every filter."""

from briefings.config import PROJECT_ROOT
from briefings.resources import ALL


def test_readme_lists_every_collection_and_its_filters() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for resource in ALL:
        row = next(
            line
            for line in readme.splitlines()
            if line.startswith(f"| `/v1/{resource.collection}`")
        )
        for flt in resource.filters:
            assert f"`{flt.param.name}`" in row, (resource.collection, flt.param.name)
