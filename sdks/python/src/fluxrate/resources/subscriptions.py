"""Subscriptions and their actions: pause, resume, cancel, change plan; the event log and the
upcoming invoice."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional, Union

from fluxrate._json import clean
from fluxrate._pagination import Page
from fluxrate._resource import Resource, path
from fluxrate.models import Subscription, UpcomingInvoice

When = Union[date, datetime, str]


class Subscriptions(Resource):
    def create(self, *, plan_id: str, customer_id: Optional[str] = None,
               customer_external_id: Optional[str] = None, start_date: Optional[When] = None,
               trial_days: Optional[int] = None, trial_end: Optional[When] = None,
               end_date: Optional[When] = None) -> Subscription:
        body = clean({"plan_id": plan_id, "customer_id": customer_id,
                      "customer_external_id": customer_external_id, "start_date": start_date,
                      "trial_days": trial_days, "trial_end": trial_end, "end_date": end_date})
        return self._client._call("POST", "/subscriptions", body=body, model=Subscription)

    def retrieve(self, subscription_id: str) -> Subscription:
        return self._client._call("GET", path("/subscriptions/{}", subscription_id),
                                  model=Subscription)

    def list(self, *, customer_id: Optional[str] = None, status: Optional[str] = None,
             limit: Optional[int] = None) -> Page[Subscription]:
        return self._client._page("/subscriptions", {"customer_id": customer_id, "status": status,
                                                     "limit": limit}, Subscription)

    def events(self, subscription_id: str, *, limit: Optional[int] = None) -> Page[dict[str, Any]]:
        """The subscription's event log, oldest first: every change and every period end."""
        return self._client._page(path("/subscriptions/{}/events", subscription_id),
                                  {"limit": limit}, None)

    def pause(self, subscription_id: str) -> Subscription:
        return self._action(subscription_id, "pause")

    def resume(self, subscription_id: str) -> Subscription:
        return self._action(subscription_id, "resume")

    def cancel(self, subscription_id: str, *, at_period_end: bool = False) -> Subscription:
        return self._action(subscription_id, "cancel", {"at_period_end": at_period_end})

    def change_plan(self, subscription_id: str, *, plan_id: str,
                    at_period_end: bool = False) -> Subscription:
        return self._action(subscription_id, "change-plan",
                            {"plan_id": plan_id, "at_period_end": at_period_end})

    def upcoming_invoice(self, subscription_id: str) -> UpcomingInvoice:
        """What the current period would bill if it ended now."""
        return self._client._call("GET", path("/subscriptions/{}/upcoming-invoice", subscription_id),
                                  model=UpcomingInvoice)

    def _action(self, subscription_id: str, action: str, body: Optional[dict[str, Any]] = None) -> Any:
        # Not retried after an ambiguous failure: a repeated action answers 409 (e.g. already paused).
        return self._client._call("POST", path("/subscriptions/{}/" + action, subscription_id),
                                  body=body, model=Subscription)
