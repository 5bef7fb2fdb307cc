"""The `briefings` command."""

import argparse
import re
import sys
from collections.abc import Sequence

from pydantic import ValidationError
from pydantic_settings import SettingsError
from sqlalchemy.exc import SQLAlchemyError

from briefings import migrations
from briefings.config import get_settings
from briefings.db import get_engine
from briefings.lifecycle import (
    DatabaseProblem,
    leaves_no_new_file,
    migrate,
    plan_seed,
    prepare,
    prune,
    seed,
)
from briefings.seeding import ORIGINS, LoadPlan, LoadRefused, SeedError, check_seeds


def _serve(args: argparse.Namespace) -> int:
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
    engine = get_engine()
    with leaves_no_new_file(engine):
        before, rendered = migrate(engine)
    print(f"database at {migrations.current_revision(engine)} (was {before or 'empty'})")
    if rendered:
        print(f"rendered {rendered} records that had no stored body")
    return 0


# Ids shown per type and action in a dry run: enough to recognise a rename.
PLAN_IDS = 10


def _plan_lines(plan: LoadPlan) -> list[str]:
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
    report = prune(get_engine(), args.origin)
    print(f"{report.deleted} {args.origin} records deleted (data revision {report.revision})")
    return 0


def _check_seeds(_args: argparse.Namespace) -> int:
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


def _keys(args: argparse.Namespace) -> int:
    from briefings.changes.lock import writing
    from briefings.keys.store import KeyProblem, create_key, list_keys, revoke_key

    engine = get_engine()
    migrate(engine)
    try:
        with writing(engine) as session:
            if args.action == "create":
                token = create_key(session, args.name, args.scope)
            elif args.action == "revoke":
                revoke_key(session, args.name)
            else:
                keys = list_keys(session)
    except KeyProblem as problem:
        print(f"briefings keys {args.action}: {problem}", file=sys.stderr)
        return 1
    if args.action == "create":
        print(f"key {args.name!r} (scope {args.scope}) created; it is shown only now:")
        print(token)
    elif args.action == "revoke":
        print(f"key {args.name!r} revoked")
    else:
        for key in keys:
            state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
            print(f"{key.name}\t{key.scope}\tcreated {key.created_at:%Y-%m-%d %H:%M}\t{state}")
    return 0


def _port(value: str) -> int:
    number = int(value)
    if not 0 < number < 65536:
        raise argparse.ArgumentTypeError("must be between 1 and 65535")
    return number


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="briefings", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate, seed an empty database, and serve the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument("--workers", type=_positive, default=1)
    serve.set_defaults(run=_serve)
    commands.add_parser("migrate", help="bring the schema to the latest migration").set_defaults(
        run=_migrate
    )
    seed_command = commands.add_parser(
        "seed",
        help="make the curated records equal to the seed files (idempotent)",
        description="Inserts, updates and deletes curated records (origin 'seed') so that "
        "they are the seed files; records of other origins are never touched.",
    )
    seed_command.add_argument(
        "--dry-run", action="store_true", help="print what would change and write nothing"
    )
    seed_command.set_defaults(run=_seed)
    prune_command = commands.add_parser(
        "prune", help="delete every record of one origin (e.g. the generated data)"
    )
    prune_command.add_argument(
        "--origin", choices=ORIGINS, required=True, help="whose records to delete"
    )
    prune_command.set_defaults(run=_prune)
    commands.add_parser("check-seeds", help="validate the seeds, write nothing").set_defaults(
        run=_check_seeds
    )
    generate = commands.add_parser(
        "generate",
        help="write synthetic data at a given scale (deterministic for a seed)",
        description="Generates sources, actors, places, visits, statements, projects, figures "
        "and areas through the seeds' loading path, into BRIEFINGS_DATABASE_URL.",
    )
    generate.add_argument(
        "--statements", type=_positive, required=True, help="how many statements (at least 1)"
    )
    generate.add_argument("--seed", type=_natural, default=0, help="seed number (default 0)")
    generate.add_argument(
        "--chunk-sources",
        type=_positive,
        default=20,
        help="sources per committed chunk (default 20)",
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
    keys = commands.add_parser(
        "keys", help="make, list and revoke API keys (writes need one)"
    ).add_subparsers(dest="action", required=True)
    create = keys.add_parser("create", help="make a key; it is printed once, as the last line")
    create.add_argument("--name", required=True, help="who holds it; names its changes")
    create.add_argument("--scope", choices=("write", "read"), default="write")
    create.set_defaults(run=_keys)
    keys.add_parser("list", help="every key: name, scope, created, revoked").set_defaults(run=_keys)
    revoke = keys.add_parser("revoke", help="revoke a key at once")
    revoke.add_argument("name")
    revoke.set_defaults(run=_keys)
    return root


# A value quoted in an error is the user's own, possibly long: enough to recognise it.
QUOTED_CHARS = 60


def _setting_problem(error: ValidationError | SettingsError) -> str:
    """One line naming the environment variable at fault and why."""
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
