"""Every setting is documented: a test fails if one is added without a README line."""

import re

import pytest

from briefings.config import PROJECT_ROOT, Settings

README = PROJECT_ROOT / "README.md"


def configuration_table() -> dict[str, str]:
    """Environment variable -> the rest of its row, from the README's configuration table."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Configuration\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert section, "README.md has no '## Configuration' section"
    rows: dict[str, str] = {}
    for line in section.group(1).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        name = re.fullmatch(r"`(BRIEFINGS_[A-Z0-9_]+)`", cells[0]) if line.startswith("|") else None
        if name:
            rows[name.group(1)] = " | ".join(cells[1:])
    return rows


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_in_the_readme_configuration_table(field: str) -> None:
    row = configuration_table().get(f"BRIEFINGS_{field.upper()}")
    assert row, f"BRIEFINGS_{field.upper()} is missing from the README's configuration table"


def test_the_readme_documents_no_setting_that_does_not_exist() -> None:
    names = {f"BRIEFINGS_{field.upper()}" for field in Settings.model_fields}
    assert set(configuration_table()) <= names


def test_every_setting_has_a_description() -> None:
    missing = [name for name, info in Settings.model_fields.items() if not info.description]
    assert missing == []
