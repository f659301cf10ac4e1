"""HTTP handlers of ingest: every form of usage event the seeds show, and batches."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.errors import (
    Conflict,
    PayloadTooLarge,
    ServiceUnavailable,
    ValidationFailed,
)
from fluxrate_common.http.json import json_response
from fluxrate_common.http.ratelimit import charge
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_model
from fluxrate_common.kafka.producer import BrokerUnavailable
from fluxrate_ingest.batcher import MessageRefused
from fluxrate_ingest.schemas import AcceptedOut, BatchIn, BatchOut, TrackIn, UsageIn
from fluxrate_ingest.service import REUSED, IngestService, Outcome

routes = ApiRoutes()
INGEST = web.AppKey("ingest_service", IngestService)
MAX_BATCH = web.AppKey("max_batch", int)


def _now() -> datetime:
    return datetime.now(UTC)


async def _record(service: IngestService, principal: Principal, items: list[UsageIn],
                  field: str = "properties") -> list[Outcome]:
    try:
        return await service.record(principal.org_id, items, _now())
    except MessageRefused:
        raise PayloadTooLarge("event_too_large", f"{field}: an event is too large to publish;"
                              " nothing was accepted", field=field) from None
    except BrokerUnavailable:
        raise ServiceUnavailable("broker_unavailable",
                                 "usage cannot be recorded right now; nothing was accepted, retry",
                                 headers={"Retry-After": "1"}) from None


def _single(outcome: Outcome) -> web.Response:
    if outcome.error is not None:
        error = Conflict if outcome.error.code == REUSED else ValidationFailed
        raise error(outcome.error.code, outcome.error.message, field=outcome.error.field)
    record = outcome.record
    body = {"status": outcome.status, "idempotency_key": record.idempotency_key}
    if outcome.status == "accepted":
        body["id"] = record.id
    return json_response(body, status=202 if outcome.status == "accepted" else 200)


@routes.post("/api/v1/usage", service=INGEST, body=UsageIn, response=AcceptedOut, status=202,
             summary="Record one usage event (202 once Kafka has it; 200 for a repeated key)")
async def record_usage(request: web.Request, principal: Principal, service: IngestService,
                       body: UsageIn) -> web.Response:
    (outcome,) = await _record(service, principal, [body])
    return _single(outcome)


@routes.post("/api/v1/sdk/track", service=INGEST, body=TrackIn, response=AcceptedOut, status=202,
             summary="Record one usage event by meter_token (the SDK's call)")
async def track(request: web.Request, principal: Principal, service: IngestService,
                body: TrackIn) -> web.Response:
    item = UsageIn(**body.model_dump(exclude_none=True, exclude={"metadata"}),
                   metadata=body.metadata or {})  # the SDK form names its extra data "metadata"
    (outcome,) = await _record(service, principal, [item])
    return _single(outcome)


def _result(index: int, outcome: Outcome) -> dict[str, Any]:
    if outcome.error is not None:
        error = outcome.error
        return {"index": index, "status": "rejected",
                "error": {"field": f"events[{index}].{error.field}", "code": error.code,
                          "message": error.message}}
    result = {"index": index, "status": outcome.status,
              "idempotency_key": outcome.record.idempotency_key}
    if outcome.status == "accepted":
        result["id"] = str(outcome.record.id)
    return result


_EVENTS = TypeAdapter(list[UsageIn])


def _parse_events(events: list[dict[str, Any]]) -> list[UsageIn | ValidationFailed]:
    """All at once when all are valid (the common case, and faster); else one by one, so each
    bad event gets its own error and the good ones still go through."""
    try:
        return list(_EVENTS.validate_python(events))
    except PydanticValidationError:
        pass
    parsed: list[UsageIn | ValidationFailed] = []
    for index, raw in enumerate(events):
        try:
            parsed.append(parse_model(UsageIn, raw, prefix=f"events[{index}]."))
        except ValidationFailed as error:
            parsed.append(error)
    return parsed


@routes.post("/api/v1/usage/batch", service=INGEST, body=BatchIn, response=BatchOut, screen_body=False,
             summary="Record up to 1,000 events of any form, with a result per event")
async def record_batch(request: web.Request, principal: Principal, service: IngestService,
                       body: BatchIn) -> web.Response:
    limit = request.app[MAX_BATCH]
    if len(body.events) > limit:
        raise ValidationFailed("batch_too_large", f"events: at most {limit} per batch", field="events")
    charge(request, principal, len(body.events) - 1)  # the request itself counted one
    parsed = _parse_events(body.events)
    valid = [p for p in parsed if isinstance(p, UsageIn)]
    outcomes = iter(await _record(service, principal, valid, "events") if valid else [])
    results = []
    for index, item in enumerate(parsed):
        if isinstance(item, ValidationFailed):
            results.append({"index": index, "status": "rejected", "error": {
                "field": item.field or f"events[{index}]", "code": item.code,
                "message": item.message}})
        else:
            results.append(_result(index, next(outcomes)))
    counts = {s: sum(r["status"] == s for r in results) for s in ("accepted", "duplicate", "rejected")}
    return json_response({"accepted": counts["accepted"], "duplicates": counts["duplicate"],
                          "rejected": counts["rejected"], "results": results})
