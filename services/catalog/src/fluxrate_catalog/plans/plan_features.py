"""Checking the entitlements a plan grants against the features they name."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from fluxrate_catalog.features import repository as features_repo
from fluxrate_catalog.features.domain import FeatureType
from fluxrate_catalog.plans.domain import PlanFeature
from fluxrate_common.errors import ValidationFailed, invalid


def _invalid(index: int, field: str, message: str) -> ValidationFailed:
    return invalid(f"features[{index}].{field}", message)


async def check_plan_features(conn: asyncpg.Connection, org_id: UUID,
                              entries: tuple[PlanFeature, ...]) -> tuple[PlanFeature, ...]:
    """The entries, once each names a feature of the org and gives what its type takes."""
    seen: set[UUID] = set()
    for index, entry in enumerate(entries):
        if entry.feature_id in seen:
            raise _invalid(index, "feature_id", "is listed twice")
        seen.add(entry.feature_id)
        feature = await features_repo.feature(conn, org_id, entry.feature_id)
        if feature is None:
            raise _invalid(index, "feature_id", "no feature with this id in your organisation")
        if feature.type == FeatureType.METER and entry.value is not None:
            raise _invalid(index, "value", "METER features take a limit, not a value")
        if feature.type != FeatureType.METER and entry.limit is not None:
            raise _invalid(index, "limit", f"{feature.type.value} features take a value, not a limit")
        if feature.type == FeatureType.SWITCH and entry.value is not None \
                and not isinstance(entry.value, bool):
            raise _invalid(index, "value", "must be true or false for a SWITCH feature")
    return entries
