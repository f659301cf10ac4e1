"""What a customer's plan unlocks, and one feature's yes/no, with an optional local cache."""

from __future__ import annotations

from typing import Optional

from fluxrate._resource import Resource
from fluxrate.models import Entitlement


class Entitlements(Resource):
    def list(self, *, customer_external_id: Optional[str] = None,
             customer_id: Optional[str] = None) -> list[Entitlement]:
        params = {"customer_external_id": customer_external_id, "customer_id": customer_id}
        return self._client._call("GET", "/entitlements", params=params, model=Entitlement,
                                  many=True)

    def check(self, *, feature: str, customer_external_id: Optional[str] = None,
              customer_id: Optional[str] = None, cache_ttl: Optional[float] = None) -> Entitlement:
        """`allowed`, and for metered features `limit`, `usage` and `remaining`.

        With `cache_ttl` seconds (or the client's `entitlement_cache_ttl`), an answer is reused
        for that long: checks on a hot path then cost no request. The server may itself reuse
        an answer for up to a second.
        """
        params = {"customer_external_id": customer_external_id, "customer_id": customer_id,
                  "feature": feature}
        ttl = self._client._config.entitlement_cache_ttl if cache_ttl is None else cache_ttl
        fetch = lambda: self._client._call("GET", "/entitlements/check", params=params,  # noqa: E731
                                           model=Entitlement)
        if ttl <= 0:
            return fetch()
        return self._client._cached(("entitlement", customer_external_id, customer_id, feature),
                                    ttl, fetch)
