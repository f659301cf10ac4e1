"""The pure pricing core: a charge and a period's usage in, the line amount and its per-tier
breakdown out. Catalog validates charges with it; invoicing and upcoming-invoice previews rate
with it. Decimal only; rounding happens once, at the end of a line."""

from fluxrate_common.pricing.core import (
    ChargeTerms,
    PricingError,
    Rating,
    Tier,
    TierLine,
    TierMode,
    rate,
    validate_terms,
)

__all__ = ["ChargeTerms", "PricingError", "Rating", "Tier", "TierLine", "TierMode", "rate",
           "validate_terms"]
