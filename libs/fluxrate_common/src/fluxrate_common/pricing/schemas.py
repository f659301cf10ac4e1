"""A rating's breakdown as the API shows it: the tiers a quantity went through, or the
packages it filled (the charge preview and invoice lines share these)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class TierLineOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    tier: int
    from_units: Decimal = Field(alias="from")
    up_to: Decimal | None
    quantity: Decimal
    unit_price: Decimal
    flat_fee: Decimal
    amount: Decimal


class PackageLineOut(BaseModel):
    package_size: int = Field(description="Units in one package")
    free_units: Decimal = Field(description="Units given before the first package")
    billable_units: Decimal = Field(description="Usage beyond the free units")
    packages: Decimal = Field(description="Packages billed: a package begun is a package billed")
    unit_price: Decimal = Field(description="The price of one package")
    amount: Decimal = Field(description="packages x unit_price, before rounding")
