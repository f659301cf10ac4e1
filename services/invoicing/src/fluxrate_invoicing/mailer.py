"""Sends the invoice emails queued in `email_outbox`, each once.

SMTP has no idempotency, so no sender can make a crash at every instant harmless: the row is
locked while its message goes out, and the moment the server accepts it (the reply to DATA)
the row is marked sent and the transaction committed in one round trip, before the session is
even closed. A crash before acceptance leaves the row unsent: it goes out after the restart. A
crash in the instant between acceptance and commit is the only way a message goes twice, and
its Message-ID, stable per invoice, makes that copy recognisable. Consumers and workers dying
never send anything twice: emails are queued in the transaction that finalizes the invoice.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import aiosmtplib
import asyncpg

from fluxrate_common.logging import get_logger
from fluxrate_invoicing import repository as repo
from fluxrate_invoicing.documents import InvoiceDocuments, filename
from fluxrate_invoicing.emails import render
from fluxrate_invoicing.service import InvoiceService
from fluxrate_invoicing.settings import Settings

log = get_logger("fluxrate.invoicing.mailer")

_NEXT = (
    "SELECT * FROM email_outbox WHERE sent_at IS NULL AND skipped IS NULL AND attempts < 20"
    " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
)


class Mailer:
    def __init__(self, pool: asyncpg.Pool, invoices: InvoiceService, documents: InvoiceDocuments,
                 settings: Settings) -> None:
        self._pool = pool
        self._invoices = invoices
        self._documents = documents
        self._settings = settings

    async def run(self) -> None:
        interval = self._settings.invoice_worker_interval_ms / 1000
        while True:
            if not await self.send_next():
                await asyncio.sleep(interval)

    async def send_next(self) -> bool:
        async with self._pool.acquire() as conn:
            await conn.execute("BEGIN")
            try:
                return await self._send_locked(conn)
            finally:
                if conn.is_in_transaction():
                    await conn.execute("ROLLBACK")

    async def _send_locked(self, conn: asyncpg.Connection) -> bool:
        row = await conn.fetchrow(_NEXT)
        if row is None:
            return False
        invoice = await repo.get(conn, row["org_id"], row["invoice_id"])
        customer = self._invoices.billing_details(invoice["customer"])
        if not customer.get("email"):
            await conn.execute(f"UPDATE email_outbox SET skipped = 'the customer has no email'"
                               f" WHERE id = {int(row['id'])}; COMMIT")
            return True
        org_name = await conn.fetchval("SELECT name FROM orgs WHERE id = $1", row["org_id"])
        lines = (await repo.lines(conn, [invoice["id"]]))[invoice["id"]]
        message = render(dict(invoice), lines, customer, org_name or "your provider",
                         self._settings.smtp_from, row["message_id"])
        # The invoice as finalized, as a PDF: what the customer files.
        message.add_attachment(await self._documents.pdf(invoice, conn), maintype="application",
                               subtype="pdf", filename=filename(invoice))
        return await self._deliver(conn, int(row["id"]), str(row["invoice_id"]), message)

    async def _deliver(self, conn: asyncpg.Connection, row_id: int, invoice_id: str,
                       message: Any) -> bool:
        smtp = aiosmtplib.SMTP(**self._smtp())
        try:
            await smtp.connect()
            await smtp.send_message(message)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            smtp.close()
            log.warning("invoice_email_failed", invoice_id=invoice_id, error=repr(error))
            await conn.execute("UPDATE email_outbox SET attempts = attempts + 1, last_error = $2"
                               " WHERE id = $1", row_id, repr(error))
            await conn.execute("COMMIT")
            return False
        # Accepted: record it at once, in the same round trip as the commit.
        await conn.execute(f"UPDATE email_outbox SET sent_at = now(), attempts = attempts + 1"
                           f" WHERE id = {row_id}; COMMIT")
        with contextlib.suppress(aiosmtplib.SMTPException, OSError, TimeoutError):
            await smtp.quit()
        return True

    def _smtp(self) -> dict[str, Any]:
        s = self._settings
        return {"hostname": s.smtp_host, "port": s.smtp_port, "username": s.smtp_username,
                "password": s.smtp_password.get_secret_value() if s.smtp_password else None,
                "start_tls": s.smtp_starttls, "use_tls": s.smtp_use_tls,
                "timeout": s.smtp_timeout_seconds}
