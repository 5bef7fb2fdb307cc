"""The `briefings` command."""

import argparse
import datetime as dt
import os
import re
import sys
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from briefings import __version__
from briefings.keys.command import add_command as add_keys_command

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    from briefings.seeding import LoadPlan

# Only argparse is imported to parse the command line: `briefings --help` and a usage
# error answer without loading the framework, the ORM or the migrations (3.4 s on the
# busy 2-core machine where the whole import measured, 0.2 s with the settings alone).
# Each command imports what it runs.


def _serve(args: argparse.Namespace) -> int:
    from briefings.config import get_settings
    from briefings.db import get_engine
    from briefings.lifecycle import prepare
    from briefings.serving.server import serve

    settings = get_settings()
    prepared = prepare(get_engine(), settings.seeds_dir)
    if prepared.seeded is not None:
        report = prepared.seeded
        print(f"seeded an empty database: {report.inserted} records inserted")
    # Disposing before uvicorn forks keeps worker processes off the parent's connections.
    get_engine().dispose()
    serve(args.host, args.port, args.workers)
    return 0


def _migrate(_args: argparse.Namespace) -> int:
    from briefings import migrations
    from briefings.db import get_engine
    from briefings.lifecycle import leaves_no_new_file, migrate

    engine = get_engine()
    with leaves_no_new_file(engine):
        before, rendered = migrate(engine)
    print(f"database at {migrations.current_revision(engine)} (was {before or 'empty'})")
    if rendered:
        print(f"rendered {rendered} records that had no stored body")
    return 0


# Ids shown per type and action in a dry run: enough to recognise a rename.
PLAN_IDS = 10


def _plan_lines(plan: "LoadPlan") -> list[str]:
    lines = []
    for record_type, actions in sorted(plan.changes().items()):
        for action in ("insert", "update", "delete"):
            ids = actions.get(action, [])
            if not ids:
                continue
            shown = ", ".join(ids[:PLAN_IDS])
            more = f" and {len(ids) - PLAN_IDS} more" if len(ids) > PLAN_IDS else ""
            lines.append(f"{record_type}: {action} {len(ids)}: {shown}{more}")
    return lines


def _seed(args: argparse.Namespace) -> int:
    from briefings.config import get_settings
    from briefings.db import get_engine
    from briefings.lifecycle import plan_seed, seed

    engine = get_engine()
    folder = get_settings().seeds_dir
    if args.dry_run:
        plan = plan_seed(engine, folder)
        for line in _plan_lines(plan):
            print(line)
        print(
            f"dry run: {len(plan.inserts)} inserted, {len(plan.updates)} updated, "
            f"{plan.deleted} deleted, {plan.unchanged} unchanged; nothing was written"
        )
        return 0
    print(seed(engine, folder).summary())
    return 0


def _prune(args: argparse.Namespace) -> int:
    from briefings.db import get_engine
    from briefings.lifecycle import prune

    report = prune(get_engine(), args.origin)
    print(f"{report.deleted} {args.origin} records deleted (data revision {report.revision})")
    return 0


def _check_seeds(_args: argparse.Namespace) -> int:
    from briefings.config import get_settings
    from briefings.seeding import check_seeds

    bundle = check_seeds(get_settings().seeds_dir)
    spans = sum(len(rows.evidence) for rows in bundle.records)
    print(f"seeds are valid: {len(bundle.records)} records, {spans} evidence spans")
    return 0


def _whole(value: str, least: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {value!r}") from None
    if number < least:
        raise argparse.ArgumentTypeError(f"must be at least {least}, not {number}")
    return number


def _positive(value: str) -> int:
    return _whole(value, 1)


def _natural(value: str) -> int:
    return _whole(value, 0)


def _generate(args: argparse.Namespace) -> int:
    from briefings.db import get_engine
    from briefings.lifecycle import migrate
    from briefings.synthetic import GenerationRefused, Plan, Progress, generate

    plan = Plan(args.statements, args.seed, args.chunk_sources)
    engine = get_engine()
    migrate(engine)
    progress = Progress(plan.statements, sys.stderr, args.progress or sys.stderr.isatty())
    try:
        result = generate(engine, plan, progress, allow_curated=args.allow_curated)
    except GenerationRefused as refusal:
        print(f"briefings generate: {refusal}", file=sys.stderr)
        return 2
    progress.finish(result.summary())
    return 0


def _draft(args: argparse.Namespace) -> int:
    from briefings.drafting.command import run_draft

    return run_draft(args.article, args.source_id, args.published, args.evaluate)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date YYYY-MM-DD, not {value!r}") from None


def _port(value: str) -> int:
    number = int(value)
    if not 0 < number < 65536:
        raise argparse.ArgumentTypeError("must be between 1 and 65535")
    return number


DESCRIPTION = """\
Regional news turned into structured, citable data, served as a JSON API.

Every command reads its settings from BRIEFINGS_* environment variables; `briefings
COMMAND --help` lists those it uses, with their defaults."""

SEEDS = ("seeds_dir",)
# seeding.ORIGINS, written out: importing the seeding package loads the ORM
# (tests/test_cli.py holds the two equal).
ORIGINS = ("seed", "synthetic", "api")


class _Formatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """Descriptions and the environment list as written; every option's default shown."""


def _environment(fields: Sequence[str] | None) -> str:
    """The epilog naming the environment variables a command reads (all when None)."""
    from briefings.config import Settings

    chosen = (
        Settings.model_fields if fields is None else {f: Settings.model_fields[f] for f in fields}
    )
    lines = ["environment:"]
    for field, info in chosen.items():
        default = info.get_default(call_default_factory=True)
        text = (info.description or "").replace("`", "")
        lines.append(f"  BRIEFINGS_{field.upper()} (default: {default!s})")
        lines.append(textwrap.fill(text, 78, initial_indent=" " * 6, subsequent_indent=" " * 6))
    return "\n".join(lines)


def _command(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    name: str,
    summary: str,
    description: str,
    settings: Sequence[str] | None,
) -> argparse.ArgumentParser:
    return commands.add_parser(
        name,
        help=summary,
        description=textwrap.fill(description, 78),
        epilog=_environment(settings),
        formatter_class=_Formatter,
    )


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="briefings", description=DESCRIPTION, formatter_class=_Formatter
    )
    root.add_argument("--version", action="version", version=f"briefings {__version__}")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = _command(
        commands,
        "serve",
        "migrate, seed an empty database, and serve the API",
        "Brings the database to the latest migration, loads the curated seeds if it holds "
        "no data yet, then serves the API (documentation at /docs, the collections at /v1).",
        None,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: all)")
    serve.add_argument("--port", type=_port, default=8000, help="TCP port to listen on")
    serve.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="server processes; each keeps its own response cache and rate-limit counts",
    )
    serve.add_argument(
        "--root-path",
        default=argparse.SUPPRESS,
        help="path prefix the API is reached under behind a proxy that strips it, e.g. "
        "/briefings (sets BRIEFINGS_ROOT_PATH)",
    )
    serve.set_defaults(run=_serve)
    _command(
        commands,
        "migrate",
        "bring the schema to the latest migration",
        "Applies the migrations the database lacks, says from which revision, and renders "
        "again the stored bodies of records whose representation changed.",
        ("database_url",),
    ).set_defaults(run=_migrate)
    seed_command = _command(
        commands,
        "seed",
        "make the curated records equal to the seed files (idempotent)",
        "Migrates, then inserts, updates and deletes curated records (origin 'seed') so that "
        "they are the seed files, in one transaction; records of other origins are never "
        "touched. Prints what changed and the new data revision.",
        ("database_url", *SEEDS),
    )
    seed_command.add_argument(
        "--dry-run", action="store_true", help="print what would change and write nothing"
    )
    seed_command.set_defaults(run=_seed)
    prune_command = _command(
        commands,
        "prune",
        "delete every record of one origin (e.g. the generated data)",
        "Deletes every record of the given origin the way `seed` deletes (with its links, "
        "evidence and search entries) and prints how many.",
        ("database_url",),
    )
    prune_command.add_argument(
        "--origin", choices=ORIGINS, required=True, help="whose records to delete"
    )
    prune_command.set_defaults(run=_prune)
    _command(
        commands,
        "check-seeds",
        "validate the seeds, write nothing",
        "Validates the seed files (keys, quotes, references, codes) and lists every problem "
        "of every file at once, one line each; writes nothing, not even a database file.",
        SEEDS,
    ).set_defaults(run=_check_seeds)
    generate = _command(
        commands,
        "generate",
        "write synthetic data at a given scale (deterministic for a seed)",
        "Generates sources, actors, places, visits, statements, projects, figures and areas "
        "(ids syn-...) through the seeds' loading path, into BRIEFINGS_DATABASE_URL.",
        ("database_url",),
    )
    generate.add_argument(
        "--statements", type=_positive, required=True, help="how many statements (at least 1)"
    )
    generate.add_argument("--seed", type=_natural, default=0, help="seed number")
    generate.add_argument(
        "--chunk-sources", type=_positive, default=20, help="sources per committed chunk"
    )
    generate.add_argument(
        "--allow-curated",
        action="store_true",
        help="add synthetic data even though the database holds curated records",
    )
    generate.add_argument(
        "--progress",
        action="store_true",
        help="draw the progress bar even when stderr is not a terminal",
    )
    generate.set_defaults(run=_generate)
    draft = commands.add_parser(
        "draft",
        help="print a draft seed file for a French article (records to review)",
        description="Extracts the records of a French article into a seed file printed on "
        "stdout; ids of records the seeds folder already holds are reused.",
    )
    draft.add_argument("article", help="the article, a UTF-8 text file")
    draft.add_argument("--source-id", help="id of the source (default: from the file name)")
    draft.add_argument(
        "--published",
        type=_date,
        help="the article's date (YYYY-MM-DD): resolves dates without a year",
    )
    draft.add_argument(
        "--evaluate",
        metavar="GOLD.yaml",
        help="compare the draft with a curated seed file; print precision and recall",
    )
    draft.set_defaults(run=_draft)
    add_keys_command(commands)
    return root


# A value quoted in an error is the user's own, possibly long: enough to recognise it.
QUOTED_CHARS = 60


def _setting_problem(error: "ValidationError | SettingsError") -> str:
    """One line naming the environment variable at fault and why."""
    from pydantic_settings import SettingsError

    if isinstance(error, SettingsError):
        field = re.search(r'field "(\w+)"', str(error))
        name = f"BRIEFINGS_{field.group(1).upper()}" if field else "a BRIEFINGS_ setting"
        return f"{name}: cannot be read ({error.__cause__ or error}); lists are given as JSON"
    problems = []
    for detail in error.errors():
        name = f"BRIEFINGS_{str(detail['loc'][0]).upper()}" if detail["loc"] else "settings"
        given = repr(detail.get("input"))
        if len(given) > QUOTED_CHARS:
            given = given[:QUOTED_CHARS] + "..."
        problems.append(f"{name}: {detail['msg'].lower()} (got {given})")
    return "; ".join(problems)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    name = f"briefings {args.command}"
    if getattr(args, "root_path", None) is not None:
        # A setting like any other from here on, for the workers uvicorn starts too.
        os.environ["BRIEFINGS_ROOT_PATH"] = args.root_path
    from pydantic import ValidationError
    from pydantic_settings import SettingsError
    from sqlalchemy.exc import SQLAlchemyError

    from briefings.config import get_settings
    from briefings.lifecycle import DatabaseProblem
    from briefings.seeding import LoadRefused, SeedError

    try:
        get_settings()
    except (ValidationError, SettingsError) as error:
        print(f"{name}: {_setting_problem(error)}", file=sys.stderr)
        return 2
    try:
        code: int = args.run(args)
    except SeedError as error:
        print(f"the seeds were rejected, nothing was written:\n{error}", file=sys.stderr)
        return 1
    except LoadRefused as error:
        print(f"{name}: refused, nothing was written:\n{error}", file=sys.stderr)
        return 1
    except DatabaseProblem as error:
        print(f"{name}: {error}", file=sys.stderr)
        return 1
    except SQLAlchemyError as error:
        # The driver's own words, without SQLAlchemy's statement dump and help link.
        reason = getattr(error, "orig", None) or error
        first = str(reason).strip().splitlines()[0]
        print(f"{name}: database error, nothing was written: {first}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
