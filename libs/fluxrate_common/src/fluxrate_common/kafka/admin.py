"""Create the topics a service uses, idempotently, before it produces or consumes."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from fluxrate_common.events import Topic
from fluxrate_common.kafka.security import client_security
from fluxrate_common.logging import get_logger
from fluxrate_common.settings import ServiceSettings

log = get_logger("fluxrate.kafka.admin")


def partitions_for(topic: Topic, settings: ServiceSettings) -> int:
    return settings.kafka_usage_partitions if topic.high_volume else settings.kafka_default_partitions


async def ensure_topics(settings: ServiceSettings, topics: Iterable[Topic]) -> None:
    wanted = [
        NewTopic(t.name(settings.kafka_namespace), partitions_for(t, settings),
                 settings.kafka_replication_factor)
        for t in topics
    ]
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers,
                                request_timeout_ms=settings.kafka_request_timeout_ms,
                                **client_security(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in wanted if t.name not in existing]
        if missing:
            await _create(admin, missing)
    finally:
        await admin.close()


async def _create(admin: AIOKafkaAdminClient, topics: list[NewTopic]) -> None:
    with contextlib.suppress(TopicAlreadyExistsError):  # another service created it first
        await admin.create_topics(topics)
    log.info("kafka_topics_created", topics=[t.name for t in topics])


async def ensure_topics_until_done(settings: ServiceSettings, topics: Iterable[Topic]) -> None:
    topics = list(topics)
    delay = 0.2
    while True:
        try:
            await ensure_topics(settings, topics)
            return
        except (KafkaError, OSError) as error:
            log.warning("kafka_topics_retry", error=repr(error), retry_in=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
