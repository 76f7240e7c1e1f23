"""`interlock demo prepare|run`: the demo's base model, adapters and indexes, made once; then served.

Heavy modules are imported inside the commands that need them, so the CLI starts fast."""

from __future__ import annotations

import argparse
from pathlib import Path


def _demo_prepare(args: argparse.Namespace) -> int:
    from interlock.adapters.base_model import fingerprint
    from interlock.adapters.tool_format import system_with_tools
    from interlock.adapters.train import TrainingJob, TrainingRecipe, is_trained, train_adapters
    from interlock.policies.loader import load_bundle
    from interlock.service.cli.index import build_tenant_indexes
    from interlock.service.config import load_deployment
    from interlock.service.pipeline.turn import catalog_tools

    deployment = load_deployment(args.config)
    base_dir = deployment.resolve(deployment.config.model.base)
    if (base_dir / "config.json").is_file():
        print(f"base model: {base_dir} (ready)")
    else:
        from interlock.adapters.gguf_convert import convert_gguf, demo_gguf_path  # gguf: only when converting

        print(f"base model: converting {demo_gguf_path().name} -> {base_dir} (once)", flush=True)
        convert_gguf(demo_gguf_path(), base_dir)
    base_fingerprint = fingerprint(base_dir)
    recipe = TrainingRecipe(steps=args.steps) if args.steps else TrainingRecipe()
    missing: dict[str, TrainingJob] = {}
    for tenant in deployment.config.tenants:
        for adapter in tenant.adapters:
            if adapter.train_data is None:
                continue
            out_dir, data = deployment.resolve(adapter.path), deployment.resolve(adapter.train_data)
            prompt = next((b.system_prompt for b in tenant.bots if b.adapter == adapter.name), None)
            tools = catalog_tools(load_bundle(deployment.resolve(tenant.policy)))
            if tools:  # the adapter learns to call the bundle's tools as they are offered in the prompt
                prompt = system_with_tools(prompt, tools)
            name = f"{tenant.id}/{adapter.name}"
            if is_trained(out_dir, base_fingerprint, data, recipe, prompt):
                print(f"adapter {name}: {out_dir} (ready)")
            else:
                print(f"adapter {name}: training {recipe.steps} steps on {data.name} ...", flush=True)
                missing[name] = TrainingJob(data, out_dir, prompt)
    for name, result in zip(missing, train_adapters(base_dir, list(missing.values()), recipe), strict=True):
        print(f"adapter {name}: written to {result.path} (loss {result.first_loss:.3f} -> {result.last_loss:.3f})")
    build_tenant_indexes(deployment)
    return 0


def _demo_run(args: argparse.Namespace) -> int:
    # One process for both (`make run`): torch, transformers and the embedder are loaded once, not twice.
    from interlock.service.cli.serve import serve_deployment

    status = _demo_prepare(args)
    return status if status else serve_deployment(args)


def _demo_receiver(args: argparse.Namespace) -> int:
    from interlock.service.config import load_deployment
    from interlock.service.delivery.receiver import receiver
    from interlock.service.delivery.targets import webhook_targets

    targets = webhook_targets(load_deployment(args.config))
    secrets = {key: target.secret.reveal() for key, target in targets.items()}
    server = receiver(secrets, args.host, args.port, out=lambda text: print(text, flush=True))
    names = ", ".join(f"{tenant}/{name}" for tenant, name in sorted(secrets)) or "no webhooks"
    print(f"demo receiver on http://{args.host}:{args.port}/ (checks signatures for {names}; Ctrl-C stops)",
          flush=True)  # fmt: skip
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def _add_prepare_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", type=Path, nargs="?", default=Path("examples/demo"))
    parser.add_argument("--steps", type=int, default=None, help="training steps per adapter")


def add_commands(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help="demo set-up").add_subparsers(dest="demo_command", required=True)
    prepare = demo.add_parser("prepare", help="convert the demo base model and train the demo adapters, once")
    _add_prepare_arguments(prepare)
    prepare.set_defaults(handler=_demo_prepare)
    run = demo.add_parser("run", help="prepare what is missing, then serve the demo (in the same process)")
    _add_prepare_arguments(run)
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.set_defaults(handler=_demo_run)
    receive = demo.add_parser("receiver", help="a local webhook receiver: prints each handoff, signature checked")
    receive.add_argument("--config", type=Path, default=Path("examples/demo"))
    receive.add_argument("--host", default="127.0.0.1")
    receive.add_argument("--port", type=int, default=8787)
    receive.set_defaults(handler=_demo_receiver)
