"""The shipped alert rules watch metrics the code really exports, and say what to do."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from prometheus_client import REGISTRY

import fluxrate_common.metrics  # noqa: F401 - registers every metric
import fluxrate_webhooks.metrics  # noqa: F401 - and the webhooks service's own

RULES = Path(__file__).resolve().parents[2] / "deploy" / "prometheus" / "fluxrate-alerts.yaml"


def _exported() -> set[str]:
    names = set()
    for metric in REGISTRY.collect():  # by family: a labelled one with no child has no samples
        names.add(metric.name)
        if metric.type == "counter":
            names.add(f"{metric.name}_total")
    return names


def test_every_alert_watches_an_exported_metric_and_explains_itself() -> None:
    rules = [rule for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]]
    exported = _exported()
    watched = set()
    for rule in rules:
        names = set(re.findall(r"\bfluxrate_[a-z_]+", rule["expr"]))
        assert names and names <= exported, (rule["alert"], names - exported)
        assert rule["labels"]["severity"] in {"warning", "critical"}
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]
        watched |= names
    for signal in ("fluxrate_dead_letters_open", "fluxrate_consumer_lag_messages",
                   "fluxrate_outbox_oldest_unpublished_seconds", "fluxrate_scheduler_lag_seconds"):
        assert signal in watched
