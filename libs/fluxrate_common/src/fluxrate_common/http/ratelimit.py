"""Per-key and per-org rate limits: a fair share of each service for every org.

Counted in the memory of each service replica, in fixed one-second windows (`limits`, in-memory
storage): no I/O on the request path. Behind N replicas of a service that share its traffic, a
key reaches up to N times the limit on that service; a fixed window lets through up to twice the
limit across a window's boundary. A caller refused is told when its window ends (`Retry-After`).

The synchronous storage of `limits` is used on purpose: its expiry sweep runs on a timer thread
at most every 10 ms, where the asyncio storage sweeps every key after every hit.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Literal

from aiohttp import web
from limits import RateLimitItem, RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.errors import ApiError

Unit = Literal["requests", "events"]


class RateLimited(ApiError):
    status = 429
    type = "rate_limit_error"


@dataclass(frozen=True)
class Quota:
    per_key: int  # one API key, or one dashboard user
    per_org: int  # all of an org's keys and users together
    unit: Unit = "requests"


class RateLimiter:
    def __init__(self, quota: Quota) -> None:
        self.quota = quota
        self._limiter = FixedWindowRateLimiter(MemoryStorage())
        self._per_key = RateLimitItemPerSecond(quota.per_key, namespace="key")
        self._per_org = RateLimitItemPerSecond(quota.per_org, namespace="org")

    def charge(self, principal: Principal, cost: int = 1) -> None:
        """Count `cost` units against the caller's key and org, or raise 429. Fluxrate's own
        services (service tokens) are never limited: they act for many orgs at once."""
        if principal.is_service or cost <= 0:
            return
        if principal.api_key_id is not None:
            caller, who = str(principal.api_key_id), "API key"
        else:
            caller, who = str(principal.user_id), "user"
        self.charge_caller(caller, who, principal.org_id, cost)

    def charge_caller(self, caller: str, who: str, org_id: object, cost: int = 1) -> None:
        """Count against one caller (a key, a user, a portal session) and its org."""
        if not self._limiter.hit(self._per_key, caller, cost=cost):
            raise self._refusal(self._per_key, caller, f"per {who}")
        org = str(org_id)
        if not self._limiter.hit(self._per_org, org, cost=cost):
            raise self._refusal(self._per_org, org, "per organisation")

    def _refusal(self, item: RateLimitItem, identifier: str, scope: str) -> RateLimited:
        reset_at = self._limiter.get_window_stats(item, identifier).reset_time
        retry_after = max(1, math.ceil(reset_at - time.time()))
        unit = self.quota.unit
        return RateLimited(
            "rate_limited",
            f"rate limit exceeded: at most {item.amount} {unit} per second {scope}; "
            f"retry in {retry_after} s",
            details={"limit": item.amount, "unit": unit, "per_seconds": 1,
                     "scope": "org" if item is self._per_org else "key"},
            headers={"Retry-After": str(retry_after)})


RATE_LIMITER = web.AppKey("rate_limiter", RateLimiter)


def charge(request: web.Request, principal: Principal, cost: int) -> None:
    """Count more units for a request already let in (a batch counted in events)."""
    limiter = request.app.get(RATE_LIMITER)
    if limiter is not None:
        limiter.charge(principal, cost)
