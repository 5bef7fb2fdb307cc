"""A resolved record: the rows it becomes, ready for the one loading path."""

import builtins
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table

from briefings.models import Base
from briefings.seeding.quotes import Span


@dataclass
class RecordRows:
    type: str
    model: builtins.type[Base]
    values: dict[str, Any]
    links: dict[Table, list[dict[str, Any]]] = field(default_factory=dict)
    evidence: list[Span] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.values["id"])

    def fingerprint(self) -> str:
        canonical = {
            "values": self.values,
            "links": {
                table.name: rows
                for table, rows in sorted(self.links.items(), key=lambda kv: kv[0].name)
            },
            "evidence": [(s.source_id, s.start, s.end, s.text) for s in self.evidence],
        }
        encoded = json.dumps(canonical, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass
class Bundle:
    """Everything a load writes, in foreign-key order."""

    records: list[RecordRows] = field(default_factory=list)

    def add(self, rows: RecordRows) -> None:
        self.records.append(rows)
