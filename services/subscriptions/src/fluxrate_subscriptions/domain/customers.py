"""Customers: your own id (external_id), contact details, billing address, tax id, metadata.

Contact details are sensitive: they are stored, and published, only as one encrypted blob.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from uuid import UUID

CONTACT_FIELDS = ("name", "email", "billing_address", "tax_id")


@dataclass(frozen=True)
class Customer:
    id: UUID
    org_id: UUID
    external_id: str
    created_at: datetime
    updated_at: datetime
    contact: dict[str, Any] = field(default_factory=dict)  # name, email, billing_address, tax_id
    metadata: dict[str, Any] = field(default_factory=dict)
    version: int = 1

    def update(self, changes: dict[str, Any], now: datetime) -> Customer:
        contact = {**self.contact, **{k: v for k, v in changes.items() if k in CONTACT_FIELDS}}
        metadata = changes.get("metadata", self.metadata)
        if contact == self.contact and metadata == self.metadata:
            return self
        return replace(self, contact=contact, metadata=metadata, updated_at=now,
                       version=self.version + 1)

    def public(self, *, contact_visible: bool = True) -> dict[str, Any]:
        """Without `contact_visible` (a caller that may write but not read), the contact
        details and metadata are left out: only ids and dates go back."""
        return {
            "id": str(self.id), "external_id": self.external_id,
            **{name: self.contact.get(name) if contact_visible else None
               for name in CONTACT_FIELDS},
            "metadata": self.metadata if contact_visible else None,
            "redacted": not contact_visible, "created_at": self.created_at,
            "updated_at": self.updated_at, "version": self.version,
        }
