"""`interlock keys hash`: the hash of an API key, as tenants.yaml stores it.

Heavy modules are imported inside the commands that need them, so the CLI starts fast."""

from __future__ import annotations

import argparse


def _keys_hash(args: argparse.Namespace) -> int:
    from interlock.service.auth import hash_key

    print(hash_key(args.key))
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    keys = commands.add_parser("keys", help="API keys").add_subparsers(dest="keys_command", required=True)
    hash_cmd = keys.add_parser("hash", help="print the hash to store in tenants.yaml for a key")
    hash_cmd.add_argument("key")
    hash_cmd.set_defaults(handler=_keys_hash)
