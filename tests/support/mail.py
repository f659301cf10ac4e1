"""Read back what the platform emailed."""

from __future__ import annotations

from email.message import Message


def by_message_id(messages: list[Message]) -> dict[str, list[Message]]:
    found: dict[str, list[Message]] = {}
    for message in messages:
        found.setdefault(message["Message-ID"], []).append(message)
    return found


def body(message: Message) -> str:
    """The text part (invoice emails carry the PDF beside it)."""
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            return part.get_payload(decode=True).decode()
    raise AssertionError("the message has no text part")


def attachments(message: Message) -> dict[str, tuple[str, bytes]]:
    """{filename: (content type, bytes)}."""
    return {part.get_filename(): (part.get_content_type(), part.get_payload(decode=True))
            for part in message.walk() if part.get_filename()}
