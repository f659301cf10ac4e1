"""What the meters' use cases take."""

from __future__ import annotations

from dataclasses import dataclass

from fluxrate_catalog.meters.domain import Aggregation, MeterFilter


@dataclass(frozen=True)
class DefineMeter:
    name: str
    aggregation: Aggregation
    property: str = "quantity"
    filters: tuple[MeterFilter, ...] = ()
    unit: str | None = None
    description: str | None = None
