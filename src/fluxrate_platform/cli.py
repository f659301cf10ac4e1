"""`fluxrate`: run the whole platform locally, apply migrations, print the Kubernetes routes."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

from fluxrate_common.logging import configure_logging
from fluxrate_common.settings import ServiceSettings, load_settings

if TYPE_CHECKING:
    from fluxrate_platform.localstack import LocalStack

DEVSTACK_MISSING = ("fluxrate dev needs the embedded development stack (PostgreSQL, broker, mail"
                    " sink), an optional extra: `pip install 'fluxrate-platform[devstack]'`, or `make run`"
                    " from a clone")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fluxrate", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    dev = commands.add_parser("dev", help="run every service in one process on one port")
    dev.add_argument("--host", default="127.0.0.1")
    dev.add_argument("--port", type=int, default=8080)
    dev.add_argument("--data-dir", type=Path, default=Path(".fluxrate"))
    commands.add_parser("migrate", help="apply every service's migrations and exit")
    dashboard = commands.add_parser(
        "web", help="serve the dashboard (web/dist) on FLUXRATE_HTTP_HOST:FLUXRATE_HTTP_PORT")
    dashboard.add_argument("--dist", type=Path, default=None,
                           help="the built dashboard (default: web/dist of this checkout)")
    openapi = commands.add_parser("openapi", help="print the whole API's OpenAPI document")
    openapi.add_argument("--write", action="store_true",
                         help="update the committed copy that services serve and clients are built from")
    events = commands.add_parser("events", help="list the event catalogue and the webhook types")
    events.add_argument("--write", action="store_true",
                        help="regenerate docs/events.md, docs/webhooks.md and their schemas")
    routes = commands.add_parser("k8s-routes", help="print the Gateway API HTTPRoutes")
    routes.add_argument("--gateway", default="fluxrate")
    commands.add_parser("k8s-workloads", help="print the Kubernetes workloads of deploy/k8s/base")
    generate = commands.add_parser("secrets", help="generate the secrets of a one-box install, once")
    generate.add_argument("directory", type=Path)
    gateway = commands.add_parser("gateway", help="route one port to separately run services")
    gateway.add_argument("--host", default="0.0.0.0")
    gateway.add_argument("--port", type=int, default=8080)
    gateway.add_argument("--upstream", action="append", default=[], metavar="SERVICE=URL",
                         help="e.g. ingest=http://ingest:8080 (once per service; web optional)")
    return parser


def _all_settings() -> dict[str, ServiceSettings]:
    from fluxrate_platform.services import SERVICES

    return {name: load_settings(entry.settings_cls) for name, entry in SERVICES.items()}


async def _serve(app: web.Application, host: str, port: int, banner: str,
                 stack: LocalStack) -> str | None:
    """Serve until Ctrl-C (returns None) or until an embedded server dies (returns why)."""
    from fluxrate_platform.devserver import wait_until_ready

    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    ready = asyncio.create_task(wait_until_ready(app))
    died = asyncio.create_task(stack.watch())
    stopped = asyncio.create_task(stop.wait())
    await asyncio.wait([ready, died, stopped], return_when=asyncio.FIRST_COMPLETED)
    if ready.done() and not ready.cancelled():  # printed once it works: consumers caught up
        print(banner, flush=True)
    await asyncio.wait([died, stopped], return_when=asyncio.FIRST_COMPLETED)
    for task in (ready, died, stopped):
        task.cancel()
    print("stopping…", flush=True)
    await runner.cleanup()
    return died.result() if died.done() and not died.cancelled() else None


def _banner(url: str, stack: LocalStack, database_url: str, kafka: str) -> str:
    pg = "embedded, data in " + str(stack.postgres.data_dir) if stack.postgres else "external"
    broker = "embedded, in memory" if stack.broker else "external"
    return "\n".join([
        f"Fluxrate is running at {url}",
        f"  data dir  {stack.data_dir.resolve()}",
        f"  postgres  {database_url} ({pg})",
        f"  kafka     {kafka} ({broker})",
        *([f"  mail      invoices land in {stack.maildir.resolve()} (Maildir)"] if stack.mail else []),
        f"  health    {url}/healthz   readiness {url}/readyz",
        f"  operator  dead letters at {url}/api/v1/operator/<service>/dead-letters, with the token"
        f" in {(stack.data_dir / 'dev-secrets.json').resolve()}",
        "Press Ctrl-C to stop.",
    ])


def run_dev(args: argparse.Namespace) -> None:
    try:  # the dev stack is an optional extra that production images leave out
        from fluxrate_platform.localstack import LocalStack, apply_env
    except ImportError as missing:
        sys.exit(f"{DEVSTACK_MISSING} (missing: {missing.name})")
    from fluxrate_common.runner import install_fast_event_loop
    from fluxrate_platform.devserver import build_dev_app
    from fluxrate_platform.webapp import DEFAULT_DIST

    install_fast_event_loop()
    stack = LocalStack(args.data_dir)
    try:
        local_url = f"http://127.0.0.1:{args.port}"  # the services asking each other, in-process
        apply_env({**stack.start(), "FLUXRATE_AGGREGATOR_URL": local_url,
                   "FLUXRATE_INVOICING_URL": local_url, "FLUXRATE_WEB_DIST": str(DEFAULT_DIST)})
        settings = _all_settings()
        any_settings = next(iter(settings.values()))
        configure_logging(any_settings.log_level, any_settings.log_format)
        url = f"http://{args.host}:{args.port}"
        banner = _banner(url, stack, any_settings.database_url,
                         any_settings.kafka_bootstrap_servers)
        failure = asyncio.run(_serve(build_dev_app(settings), args.host, args.port, banner, stack))
    finally:
        stack.stop()
    if failure:
        # Serving on would answer requests it cannot keep; a restart recovers everything
        # acknowledged (outboxes and unconfirmed usage are published again at start).
        sys.exit(f"fluxrate dev: {failure}; stopped. Run it again to continue where it was.")


def run_migrate() -> None:
    from fluxrate_common.app import migrate_schema
    from fluxrate_platform.services import SERVICES

    settings = _all_settings()

    async def migrate_all() -> None:
        for name, entry in SERVICES.items():
            applied = await migrate_schema(settings[name], entry.spec)
            print(f"{name}: {len(applied)} migration(s) applied")

    asyncio.run(migrate_all())


def run_gateway(args: argparse.Namespace) -> None:
    from fluxrate_common.routing import SERVICES
    from fluxrate_platform.gateway import build_gateway

    upstreams = dict(item.split("=", 1) for item in args.upstream)
    missing = [name for name in SERVICES if name not in upstreams]
    if missing:
        sys.exit(f"fluxrate gateway: no --upstream for {', '.join(missing)}")
    web.run_app(build_gateway(upstreams, 16 * 1024 * 1024), host=args.host, port=args.port,
                access_log=None)


def run_events(args: argparse.Namespace) -> None:
    from fluxrate_platform import eventdocs, webhookdocs

    if args.write:
        written = eventdocs.write() + webhookdocs.write()
        print(f"wrote {len(written)} files under {eventdocs.DOCS}")
    else:
        sys.stdout.write(eventdocs.index() + "\n" + webhookdocs.index())
def run_web(args: argparse.Namespace) -> None:
    from fluxrate_platform.webapp import DEFAULT_DIST, build_web_app

    settings = load_settings(ServiceSettings)
    configure_logging(settings.log_level, settings.log_format)
    dist = args.dist or DEFAULT_DIST
    if not (dist / "index.html").is_file():
        sys.exit(f"fluxrate web: no built dashboard in {dist} (run `make web`)")
    web.run_app(build_web_app(dist), host=settings.http_host, port=settings.http_port,
                access_log=None)


def run_openapi(args: argparse.Namespace) -> None:
    from fluxrate_platform.openapi import COMMITTED, combined_document, render

    text = render(combined_document())
    if args.write:
        COMMITTED.write_text(text)
        print(f"wrote {COMMITTED}")
    else:
        sys.stdout.write(text)


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.command == "dev":
        run_dev(args)
    elif args.command == "migrate":
        run_migrate()
    elif args.command == "gateway":
        run_gateway(args)
    elif args.command == "events":
        run_events(args)
    elif args.command == "web":
        run_web(args)
    elif args.command == "openapi":
        run_openapi(args)
    elif args.command == "k8s-routes":
        from fluxrate_platform.k8s import httproute_yaml

        sys.stdout.write(httproute_yaml(args.gateway))
    elif args.command == "secrets":
        from fluxrate_platform.secrets import ensure_secrets

        created = ensure_secrets(args.directory)
        print(f"created {', '.join(created)}" if created else "secrets already in place")
    elif args.command == "k8s-workloads":
        from fluxrate_platform.k8s_workloads import workloads_yaml

        sys.stdout.write(workloads_yaml())


if __name__ == "__main__":
    main()
