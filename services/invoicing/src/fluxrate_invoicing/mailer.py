"""Sends the invoice emails queued in `email_outbox`, each once.

A message is sent while its outbox row is locked and marked sent in the same transaction right
after the SMTP server accepted it; a crash before the server accepts leaves it unsent (sent on
restart), and a crash in the instant between acceptance and commit is the only way to send it
twice — its stable Message-ID makes such a copy recognisable.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiosmtplib
import asyncpg

from fluxrate_common.logging import get_logger
from fluxrate_invoicing import repository as repo
from fluxrate_invoicing.emails import render
from fluxrate_invoicing.service import InvoiceService
from fluxrate_invoicing.settings import Settings

log = get_logger("fluxrate.invoicing.mailer")

_NEXT = (
    "SELECT * FROM email_outbox WHERE sent_at IS NULL AND skipped IS NULL AND attempts < 20"
    " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
)


class Mailer:
    def __init__(self, pool: asyncpg.Pool, invoices: InvoiceService, settings: Settings) -> None:
        self._pool = pool
        self._invoices = invoices
        self._settings = settings

    async def run(self) -> None:
        interval = self._settings.invoice_worker_interval_ms / 1000
        while True:
            if not await self.send_next():
                await asyncio.sleep(interval)

    async def send_next(self) -> bool:
        async with self._pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(_NEXT)
            if row is None:
                return False
            invoice = await repo.get(conn, row["org_id"], row["invoice_id"])
            customer = self._invoices.billing_details(invoice["customer"])
            if not customer.get("email"):
                await conn.execute("UPDATE email_outbox SET skipped = $2 WHERE id = $1", row["id"],
                                   "the customer has no email address")
                return True
            org_name = await conn.fetchval("SELECT name FROM orgs WHERE id = $1", row["org_id"])
            lines = (await repo.lines(conn, [invoice["id"]]))[invoice["id"]]
            message = render(dict(invoice), lines, customer, org_name or "your provider",
                             self._settings.smtp_from, row["message_id"])
            return await self._deliver(conn, row, message)

    async def _deliver(self, conn: asyncpg.Connection, row: asyncpg.Record, message: Any) -> bool:
        try:
            await aiosmtplib.send(message, **self._smtp())
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            log.warning("invoice_email_failed", invoice_id=str(row["invoice_id"]), error=repr(error))
            await conn.execute("UPDATE email_outbox SET attempts = attempts + 1, last_error = $2"
                               " WHERE id = $1", row["id"], repr(error))
            return False
        await conn.execute("UPDATE email_outbox SET sent_at = now(), attempts = attempts + 1"
                           " WHERE id = $1", row["id"])
        return True

    def _smtp(self) -> dict[str, Any]:
        s = self._settings
        return {"hostname": s.smtp_host, "port": s.smtp_port, "username": s.smtp_username,
                "password": s.smtp_password.get_secret_value() if s.smtp_password else None,
                "start_tls": s.smtp_starttls, "use_tls": s.smtp_use_tls,
                "timeout": s.smtp_timeout_seconds}
