"""The draft as a seed file: YAML the seed reader takes as it is, with comments that say
it is a draft, how sure each record is, and what to review."""

from typing import Any

import yaml

from briefings.drafting.draft import COLLECTIONS
from briefings.drafting.records import TO_TRANSLATE


def _dump(value: Any) -> str:
    return yaml.safe_dump(
        value, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False
    )


def _indented(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


def to_yaml(draft: dict[str, Any], article_name: str) -> str:
    document = draft["document"]
    confidence = {(r["collection"], r["id"]): r for r in draft["records"]}
    lines = [
        f"# DRAFT of {article_name}, written by `briefings draft`: review before seeding.",
        "# Every record below is a draft with a confidence (0 to 1) and the rule that found",
        "# it. Delete what is wrong, fix what is close, write the English texts marked",
        f"# {TO_TRANSLATE.strip()!r}, add the briefing, then run `briefings check-seeds` and",
        "# `briefings seed`.",
        f"# sha256 of the article: {draft['sha256']}",
    ]
    for reused in draft["reused"]:
        where = f" (in {reused['file']})" if reused["file"] else ""
        lines.append(f"# reused, not repeated: {reused['collection']} {reused['id']}{where}")
    for note in draft["notes"]:
        lines.append(f"# left out: {note}")
    out = "\n".join(lines) + "\n"
    out += _dump({"source": document["source"]})
    for collection in COLLECTIONS:
        records = document[collection]
        if not records:
            continue
        out += f"\n{collection}:\n"
        for record in records:
            about = confidence.get((collection, record["id"]))
            if about is not None:
                why = " ".join(about["why"].split())
                out += f"  # draft, confidence {about['confidence']:.2f}: {why}\n"
            out += _indented(_dump([record]), 2)
    return out
