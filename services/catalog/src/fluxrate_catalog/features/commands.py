"""What the features' use cases take."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from fluxrate_catalog.features.domain import FeatureType, ResetPeriod
from fluxrate_catalog.meters.commands import DefineMeter


@dataclass(frozen=True)
class DefineFeature:
    name: str
    type: FeatureType
    description: str | None = None
    meter_id: UUID | None = None
    new_meter: DefineMeter | None = None  # made with the feature, instead of meter_id
    limit: Decimal | None = None
    reset_period: ResetPeriod | None = None
    value: Any = None
