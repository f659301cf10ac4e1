"""The service app factory: middlewares, health, and the resources every service holds
(its Postgres schema and pool, the Kafka producer, the outbox relay), opened and closed
through aiohttp's `cleanup_ctx` in that order."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

import asyncpg
from aiohttp import web

from fluxrate_common.db.applier import Apply, ApplyBatch, InboxApplier
from fluxrate_common.db.migrate import apply_migrations, load_migrations
from fluxrate_common.db.outbox import OutboxRelay
from fluxrate_common.db.pool import connect, create_pool
from fluxrate_common.events import Topic
from fluxrate_common.health import READINESS, add_health_routes
from fluxrate_common.http.json import json_response
from fluxrate_common.http.middleware import make_middlewares
from fluxrate_common.http.openapi import build_openapi
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.kafka.admin import ensure_topics_until_done
from fluxrate_common.kafka.consumer import ConsumerRunner
from fluxrate_common.kafka.producer import Producer
from fluxrate_common.logging import get_logger
from fluxrate_common.settings import ServiceSettings

log = get_logger("fluxrate.app")


@dataclass(frozen=True)
class ServiceSpec:
    name: str  # also the name of the service's Postgres schema
    package: str  # where its `migrations/` live
    topics: tuple[Topic, ...] = ()  # created at start-up if missing
    outbox: bool = True
    routes: ApiRoutes | None = field(default=None, compare=False)


SETTINGS = web.AppKey("settings", ServiceSettings)
SPEC = web.AppKey("spec", ServiceSpec)
POOL = web.AppKey("pool", asyncpg.Pool)
PRODUCER = web.AppKey("producer", Producer)


def create_service_app(spec: ServiceSpec, settings: ServiceSettings) -> web.Application:
    app = web.Application(middlewares=make_middlewares(spec.name),
                          client_max_size=settings.max_request_bytes)
    app[SETTINGS] = settings
    app[SPEC] = spec
    app[READINESS] = {}
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(_kafka)
    if spec.outbox:
        start_background(app, "outbox-relay", _relay_factory(app))
    add_health_routes(app)
    routes = spec.routes or ApiRoutes()
    app.add_routes(routes.table)
    document = build_openapi(spec.name, routes.specs)
    app.router.add_get(openapi_path(spec.name), lambda _: _openapi(document))
    return app


def openapi_path(service: str) -> str:
    return f"/api/v1/openapi/{service}.json"


async def _openapi(document: dict[str, object]) -> web.Response:
    return json_response(document)


async def migrate_schema(settings: ServiceSettings, spec: ServiceSpec) -> list[str]:
    conn = await connect(settings.database_url, spec.name)
    try:
        return await apply_migrations(conn, spec.name, load_migrations(spec.package))
    finally:
        await conn.close()


async def _database(app: web.Application) -> AsyncIterator[None]:
    settings, spec = app[SETTINGS], app[SPEC]
    applied = await migrate_schema(settings, spec)
    if applied:
        log.info("migrations_applied", schema=spec.name, migrations=applied)
    pool = await create_pool(settings.database_url, spec.name,
                             min_size=settings.db_pool_min_size, max_size=settings.db_pool_max_size)
    app[POOL] = pool

    async def database_answers() -> None:
        await pool.fetchval("SELECT 1 FROM schema_migrations LIMIT 1")

    app[READINESS]["postgres"] = database_answers
    yield
    await pool.close()


async def _kafka(app: web.Application) -> AsyncIterator[None]:
    settings, spec = app[SETTINGS], app[SPEC]
    producer = Producer(settings, client_id=f"{settings.kafka_namespace}.{spec.name}")
    app[PRODUCER] = producer
    topics_ready = asyncio.create_task(ensure_topics_until_done(settings, spec.topics))
    await producer.start()

    async def broker_answers() -> None:
        client = producer.client
        if client is None or not topics_ready.done():
            raise RuntimeError("not connected to Kafka yet")
        if not await client.client.force_metadata_update():
            raise RuntimeError("Kafka metadata request failed")

    app[READINESS]["kafka"] = broker_answers
    yield
    topics_ready.cancel()
    await producer.stop()


def _relay_factory(app: web.Application) -> Callable[[], Awaitable[None]]:
    def factory() -> Awaitable[None]:
        settings, spec = app[SETTINGS], app[SPEC]
        relay = OutboxRelay(
            database_url=settings.database_url, schema=spec.name, producer=app[PRODUCER],
            batch_size=settings.outbox_batch_size,
            poll_interval=settings.outbox_poll_interval_ms / 1000,
            retention=timedelta(hours=settings.outbox_retention_hours),
            republish_on_start=settings.outbox_republish_on_start,
        )
        return relay.run()

    return factory


def start_background(app: web.Application, name: str,
                     factory: Callable[[], Awaitable[None]]) -> None:
    """Run a long-lived task for the app's lifetime; restart it if it ever fails."""

    async def supervise() -> None:
        while True:
            try:
                await factory()
                return
            except Exception:
                log.exception("background_task_failed", task=name)
                await asyncio.sleep(1.0)

    async def lifetime(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(supervise(), name=name)
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    app.cleanup_ctx.append(lifetime)


def follow(app: web.Application, *, name: str, topics: tuple[Topic, ...],
           apply: Apply | None = None, apply_batch: ApplyBatch | None = None,
           max_records: int = 500) -> None:
    """Apply the events of `topics` through the inbox for the app's lifetime, as consumer
    group `<namespace>.<service>.<name>`."""

    async def consume() -> None:
        settings, spec = app[SETTINGS], app[SPEC]
        applier = InboxApplier(app[POOL], service=spec.name, consumer=name, apply=apply,
                               apply_batch=apply_batch)
        await ConsumerRunner(settings, service=spec.name, name=name,
                             topics=[t.name(settings.kafka_namespace) for t in topics],
                             handle_batch=applier, max_records=max_records).run()

    start_background(app, f"consumer:{name}", consume)
