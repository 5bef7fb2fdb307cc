"""The records an editor already has: the seed files of the configured seeds folder.

The draft is saved into that folder and checked with it, so a record it already holds
is named by its id instead of being written again (which ``check-seeds`` would refuse as
a duplicate id). The database is not read: a record only the database holds would not
satisfy ``check-seeds``, and drafting must work without one.
"""

from dataclasses import dataclass, field
from pathlib import Path

from briefings.drafting.spans import plain
from briefings.seeding.reader import read_seed_dir

MATCHED = ("actors", "places", "cooperation_areas")


@dataclass
class Reference:
    """Existing ids by collection, and the names (plain forms) that point to them."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # record id -> seed file

    def find(self, collection: str, names: tuple[str, ...], record_id: str) -> str | None:
        if collection == "cooperation_areas":
            return record_id if record_id in self.ids.get(collection, set()) else None
        table = self.names.get(collection, {})
        return next((table[plain(n)] for n in names if n and plain(n) in table), None)


def read_reference(folder: Path | None, skip_file: str, skip_source: str) -> Reference:
    """The records of ``folder``'s seed files, less the file drafting the same article."""
    reference = Reference()
    if folder is None or not folder.is_dir():
        return reference
    parsed, _ = read_seed_dir(folder)  # a broken file does not stop a draft
    for document in parsed:
        source = document.seed.source
        if source.file == skip_file or source.id == skip_source:
            continue
        reference.ids.setdefault("sources", set()).add(source.id)
        for collection in (
            "actors",
            "places",
            "cooperation_areas",
            "visits",
            "statements",
            "projects",
            "figures",
            "briefings",
        ):
            for record in getattr(document.seed, collection, []):
                reference.ids.setdefault(collection, set()).add(record.id)
                reference.files[record.id] = document.path.name
                if collection in MATCHED and collection != "cooperation_areas":
                    table = reference.names.setdefault(collection, {})
                    for name in (record.name.fr, record.name.en, *record.aliases):
                        table.setdefault(plain(name), record.id)
    return reference
