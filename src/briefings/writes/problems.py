"""What is wrong with a document, said as one problem listing every part at fault:
where (a JSON pointer and, when known, the line), the record, and why."""

import re
from collections.abc import Sequence
from typing import Any

from briefings.errors import ProblemError
from briefings.seeding.errors import SeedProblem

_RECORD = re.compile(r"^(?P<collection>[a-z_]+)\[(?P<index>\d+)\]")
_FIELD = re.compile(r"^(?P<path>[A-Za-z_][\w]*(?:\[\d+\]|\.[A-Za-z_]\w*)*): ")


def pointer(problem: SeedProblem) -> str:
    """``statements[3]`` with ``evidence[0]: ...`` -> ``/statements/3/evidence/0``."""
    parts: list[str] = []
    record = _RECORD.match(problem.record)
    if record:
        parts += [record["collection"], record["index"]]
    elif problem.record in ("source", "document"):
        parts += [] if problem.record == "document" else ["source"]
    else:
        parts.append(problem.record.split(" ")[0])
    field = _FIELD.match(problem.reason)
    if field:
        parts += [p for p in re.split(r"[.\[\]]+", field["path"]) if p]
    return "".join(f"/{part.replace('~', '~0').replace('/', '~1')}" for part in parts)


def invalid_document(problems: Sequence[SeedProblem], within: str = "") -> ProblemError:
    """``within``: the pointer of the part the client sent (a record write sends one
    record, which the document holds at ``/<collection>/0``)."""
    listed: list[dict[str, Any]] = []
    for p in problems:
        where = pointer(p)
        if within and (where == within or where.startswith(within + "/")):
            where = where[len(within) :]
        entry = {"pointer": where, "line": p.line, "record": p.record, "message": p.reason}
        listed.append({k: v for k, v in entry.items() if v is not None})
    first = problems[0]
    more = f" (and {len(problems) - 1} more, in `problems`)" if len(problems) > 1 else ""
    return ProblemError(
        400,
        "invalid-document",
        "Invalid document",
        f"{first.record}: {first.reason}{more}; nothing was written",
        extensions={"problems": listed},
    )


def refused(reasons: Sequence[str]) -> ProblemError:
    return ProblemError(
        409,
        "conflict",
        "Conflict",
        f"{reasons[0]}; nothing was written",
        extensions={"problems": [{"message": reason} for reason in reasons]},
    )
