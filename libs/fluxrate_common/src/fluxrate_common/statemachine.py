"""Explicit transition tables: a state moves only where its table says; anything else is a
409 that names the current state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from fluxrate_common.errors import Conflict

S = TypeVar("S")
T = TypeVar("T")


def transition(table: Mapping[tuple[S, T], S], current: S, trigger: T, refusal: str) -> S:
    """The state `trigger` moves `current` to; `refusal` is the 409's message otherwise."""
    try:
        return table[(current, trigger)]
    except KeyError:
        raise Conflict("transition_not_allowed", refusal, field="status") from None
