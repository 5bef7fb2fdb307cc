"""The `briefings` command."""

import argparse
import sys
from collections.abc import Sequence

from briefings import migrations
from briefings.config import get_settings
from briefings.db import get_engine
from briefings.seeding import SeedError, check_seeds
from briefings.setup import prepare, seed


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    prepared = prepare(get_engine(), settings.seeds_dir)
    if prepared.seeded is not None:
        report = prepared.seeded
        print(f"seeded an empty database: {report.inserted} records inserted")
    # Disposing before uvicorn forks keeps worker processes off the parent's connections.
    get_engine().dispose()
    uvicorn.run(
        "briefings.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=settings.log_level,
    )
    return 0


def _migrate(_args: argparse.Namespace) -> int:
    engine = get_engine()
    before = migrations.current_revision(engine)
    migrations.upgrade(engine)
    print(f"database at {migrations.current_revision(engine)} (was {before or 'empty'})")
    return 0


def _seed(_args: argparse.Namespace) -> int:
    engine = get_engine()
    migrations.upgrade(engine)
    report = seed(engine, get_settings().seeds_dir)
    print(
        f"{report.inserted} inserted, {report.updated} updated, {report.unchanged} unchanged "
        f"(data revision {report.revision})"
    )
    return 0


def _check_seeds(_args: argparse.Namespace) -> int:
    bundle = check_seeds(get_settings().seeds_dir)
    spans = sum(len(rows.evidence) for rows in bundle.records)
    print(f"seeds are valid: {len(bundle.records)} records, {spans} evidence spans")
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


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
    commands.add_parser("seed", help="load the curated seeds (idempotent)").set_defaults(run=_seed)
    commands.add_parser("check-seeds", help="validate the seeds, write nothing").set_defaults(
        run=_check_seeds
    )
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except SeedError as error:
        print(f"the seeds were rejected, nothing was written:\n{error}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
