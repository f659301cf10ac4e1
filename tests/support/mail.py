"""Read back what the platform emailed."""

from __future__ import annotations

from email.message import Message


def by_message_id(messages: list[Message]) -> dict[str, list[Message]]:
    found: dict[str, list[Message]] = {}
    for message in messages:
        found.setdefault(message["Message-ID"], []).append(message)
    return found


def body(message: Message) -> str:
    return message.get_payload(decode=True).decode()
