"""The invoice email, rendered from the invoice as finalized. Pure."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from email.message import EmailMessage
from typing import Any


def _date(value: datetime) -> str:
    return value.strftime("%Y-%m-%d")


def _number(value: Any) -> str:
    return format(Decimal(value).normalize(), "f")


def _line(line: dict[str, Any], currency: str) -> str:
    quantity = _number(line["quantity"])
    price = f" x {line['unit_price']}" if line["unit_price"] is not None else " (tiered)"
    if packages := line.get("packages"):
        price = (f" in {_number(packages['packages'])} packages of "
                 f"{_number(packages['package_size'])} x {line['unit_price']}")
    return f"  {line['display_name']}: {quantity}{price} = {line['amount']} {currency}"


def render(invoice: dict[str, Any], lines: list[dict[str, Any]], customer: dict[str, Any],
           org_name: str, sender: str, message_id: str) -> EmailMessage:
    currency = invoice["currency"]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = customer["email"]
    message["Subject"] = f"Invoice {invoice['number']} from {org_name}"
    message["Message-ID"] = message_id  # stable per invoice: a re-send is recognisable
    body = [
        f"Hello {customer.get('name') or customer['email']},",
        "",
        f"Invoice {invoice['number']} from {org_name}",
        f"Period: {_date(invoice['period_start'])} to {_date(invoice['period_end'])}",
        "",
        *[_line(line, currency) for line in lines],
        "",
        f"Total: {invoice['total']} {currency}",
        f"Due date: {_date(invoice['due_date'])}",
    ]
    message.set_content("\n".join(body) + "\n")
    return message
