"""Checking the entitlements a plan grants against the features they name."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from fluxrate_catalog import repository as repo
from fluxrate_catalog.domain.features import FeatureType
from fluxrate_catalog.domain.plans import PlanFeature
from fluxrate_catalog.schemas import PlanFeatureIn
from fluxrate_common.http.errors import ValidationFailed


def _invalid(index: int, field: str, message: str) -> ValidationFailed:
    name = f"features[{index}].{field}"
    return ValidationFailed("invalid_field", f"{name}: {message}", field=name)


async def check_plan_features(conn: asyncpg.Connection, org_id: UUID,
                              entries: list[PlanFeatureIn]) -> tuple[PlanFeature, ...]:
    seen: set[UUID] = set()
    result = []
    for index, entry in enumerate(entries):
        if entry.feature_id in seen:
            raise _invalid(index, "feature_id", "is listed twice")
        seen.add(entry.feature_id)
        feature = await repo.feature(conn, org_id, entry.feature_id)
        if feature is None:
            raise _invalid(index, "feature_id", "no feature with this id in your organisation")
        if feature.type == FeatureType.METER and entry.value is not None:
            raise _invalid(index, "value", "METER features take a limit, not a value")
        if feature.type != FeatureType.METER and entry.limit is not None:
            raise _invalid(index, "limit", f"{feature.type.value} features take a value, not a limit")
        if feature.type == FeatureType.SWITCH and entry.value is not None \
                and not isinstance(entry.value, bool):
            raise _invalid(index, "value", "must be true or false for a SWITCH feature")
        result.append(PlanFeature(entry.feature_id, entry.limit, entry.value))
    return tuple(result)
