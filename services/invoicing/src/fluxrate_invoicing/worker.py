"""The invoicing worker loop: finalize drafts whose review window ended, report invoices that
went overdue. Several replicas may run it (FOR UPDATE SKIP LOCKED)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from fluxrate_invoicing.service import InvoiceService


async def run_worker(invoices: InvoiceService, interval: float, batch_size: int) -> None:
    while True:
        now = datetime.now(UTC)
        finalized = await invoices.finalize_due(now, batch_size)
        reported = await invoices.report_overdue(now, batch_size)
        if finalized < batch_size and reported < batch_size:
            await asyncio.sleep(interval)
