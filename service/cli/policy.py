"""`interlock policy check|test|schema`: validate bundles and run their table tests.

Heavy modules are imported inside the commands that need them, so the CLI starts fast."""

from __future__ import annotations

import argparse
from pathlib import Path


def _policy_check(args: argparse.Namespace) -> int:
    from interlock.policies.loader import BundleError, load_bundle

    failed = 0
    for path in args.bundles:
        try:
            bundle = load_bundle(path)
        except BundleError as exc:
            print(f"FAIL {exc}")
            failed += 1
            continue
        rules = f"{len(bundle.pre)} pre, {len(bundle.post)} post"
        print(f"OK   {path}: bundle {bundle.spec.bundle} {bundle.version} ({rules})")
    return 1 if failed else 0


def _policy_test(args: argparse.Namespace) -> int:
    from interlock.policies.loader import BundleError
    from interlock.policies.testing import check, decide, load_suite, suite_path_for
    from interlock.service.policy_store import load_bundle_with_models

    total = failed = 0
    for path in args.bundles:
        try:
            bundle = load_bundle_with_models(path)
        except BundleError as exc:
            print(f"FAIL {exc}")
            total, failed = total + 1, failed + 1
            continue
        suite_path = suite_path_for(path)
        if not suite_path.is_file():
            print(f"FAIL {path}: no table tests at {suite_path}")
            total, failed = total + 1, failed + 1
            continue
        suite = load_suite(suite_path)
        for case in suite.cases:
            total += 1
            problems = check(case, decide(bundle, case, suite.now))
            if problems:
                failed += 1
                print(f"FAIL {suite_path.name}: {case.name}: {'; '.join(problems)}")
            elif args.verbose:
                print(f"ok   {suite_path.name}: {case.name}")
    print(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0


def _policy_schema(args: argparse.Namespace) -> int:
    from interlock.policies.schema import bundle_json_schema

    print(bundle_json_schema(), end="")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    policy = commands.add_parser("policy", help="policy bundles").add_subparsers(dest="policy_command", required=True)
    check = policy.add_parser("check", help="validate bundles fully (schema, CEL, RE2, templates)")
    check.add_argument("bundles", type=Path, nargs="+")
    check.set_defaults(handler=_policy_check)
    test = policy.add_parser("test", help="run each bundle's table tests (<bundle>.tests.yaml)")
    test.add_argument("bundles", type=Path, nargs="+")
    test.add_argument("-v", "--verbose", action="store_true")
    test.set_defaults(handler=_policy_test)
    schema = policy.add_parser("schema", help="print the bundle JSON Schema")
    schema.set_defaults(handler=_policy_schema)
