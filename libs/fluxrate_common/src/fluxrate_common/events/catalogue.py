"""The event catalogue: every event type a service publishes, declared once — its name, the
topic it travels on, the version of its payload and the payload's model. Producers build
events from these declarations and consumers match on them; an event of a type not declared
here cannot be written to an outbox. `fluxrate events --write` documents them all
(docs/events.md and a JSON schema per type): the list webhooks and the SDK expose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from fluxrate_common.events.envelope import Envelope, new_id
from fluxrate_common.events.topics import Topic

P = TypeVar("P", bound=BaseModel)
CATALOGUE: dict[str, EventType[Any]] = {}


class Payload(BaseModel):
    """A payload model: what producers must send, field for field."""

    model_config = ConfigDict(extra="forbid")


class UndeclaredEvent(ValueError):
    """An event whose type the catalogue does not declare: a programming error."""


@dataclass(frozen=True, eq=False)
class EventType(Generic[P]):
    name: str  # `<entity>.<past_tense_verb>`
    topic: Topic
    payload: type[P]
    summary: str
    version: int = 1
    internal: bool = field(default=False)  # plumbing between services, never shown to users

    def __post_init__(self) -> None:
        if self.name in CATALOGUE:
            raise ValueError(f"event type {self.name} is declared twice")
        CATALOGUE[self.name] = self

    def make(self, org_id: UUID, occurred_at: datetime, data: dict[str, Any]) -> Envelope:
        """An event of this type; the payload is checked against its model."""
        self.payload.model_validate(data)
        return Envelope(id=new_id(), type=self.name, schema_version=self.version, org_id=org_id,
                        occurred_at=occurred_at, data=data)

    def matches(self, envelope: Envelope) -> bool:
        return envelope.type == self.name

    def parse(self, envelope: Envelope) -> P:
        """The payload as its model (a consumer that wants types rather than a dict)."""
        if not self.matches(envelope):
            raise ValueError(f"a {envelope.type} event is not a {self.name} event")
        return self.payload.model_validate(envelope.data)

    def __str__(self) -> str:
        return self.name


def declared(envelope: Envelope) -> EventType[Any]:
    """The declaration of an envelope's type; UndeclaredEvent if there is none."""
    try:
        return CATALOGUE[envelope.type]
    except KeyError:
        raise UndeclaredEvent(f"event type {envelope.type!r} is not declared in the catalogue") from None
