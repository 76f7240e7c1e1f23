"""`interlock serve`: the HTTP service over a deployment.

Heavy modules are imported inside the commands that need them, so the CLI starts fast."""

from __future__ import annotations

import argparse
from pathlib import Path


def serve_deployment(args: argparse.Namespace) -> int:
    import uvicorn

    from interlock.service.api.app import create_app
    from interlock.service.config import load_deployment
    from interlock.service.runtime import build_runtime

    runtime = build_runtime(load_deployment(args.config))
    # Every turn is in the audit log; a second line per request from uvicorn would only cost time.
    uvicorn.run(create_app(runtime), host=args.host, port=args.port, log_level="info", access_log=False)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="start the HTTP service")
    serve.add_argument("--config", type=Path, default=Path("examples/demo"), help="deployment directory")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=serve_deployment)
