"""``briefings keys``: make, list and revoke API keys. Only argparse is imported until a
command runs (as in ``briefings.cli``)."""

import argparse
import sys
from typing import Any


def add_command(commands: Any) -> None:
    """Adds ``keys create|list|revoke`` to the CLI's subcommands."""
    keys = commands.add_parser(
        "keys", help="make, list and revoke API keys (writes need one)"
    ).add_subparsers(dest="action", required=True)
    create = keys.add_parser("create", help="make a key; it is printed once, as the last line")
    create.add_argument("--name", required=True, help="who holds it; names its changes")
    create.add_argument("--scope", choices=("write", "read"), default="write")
    create.set_defaults(run=run)
    keys.add_parser("list", help="every key: name, scope, created, revoked").set_defaults(run=run)
    revoke = keys.add_parser("revoke", help="revoke a key at once")
    revoke.add_argument("name")
    revoke.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefings.changes.lock import writing
    from briefings.db import get_engine
    from briefings.keys.store import KeyProblem, create_key, list_keys, revoke_key
    from briefings.lifecycle import migrate

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
