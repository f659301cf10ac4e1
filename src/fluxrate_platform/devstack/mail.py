"""An SMTP server on loopback that keeps what it receives (aiosmtpd), so sent invoices can be
read back: into a Maildir for `fluxrate dev`, into memory for tests."""

from __future__ import annotations

import email
from email.message import Message
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


class _Collect:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


class MailSink:
    def __init__(self, port: int, maildir: Path | None = None) -> None:
        self.port = port
        self._collector = _Collect()
        handler = Mailbox(str(maildir)) if maildir is not None else self._collector
        self._controller = Controller(handler, hostname="127.0.0.1", port=port)

    @property
    def messages(self) -> list[Message]:
        return self._collector.messages

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()
