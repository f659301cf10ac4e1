"""The pure pricing core: a charge and a period's usage in, the line amount and its breakdown
out. Catalog validates charges with it; invoicing and upcoming-invoice previews rate with it.
Decimal only; rounding happens once, at the end of a line. Pricing models (fixed, per unit,
tiered, package) are registered in `models`; terms travel as snapshots through `snapshot`."""

from fluxrate_common.pricing.core import rate, validate_terms
from fluxrate_common.pricing.models import BY_NAME, MODELS, PricingModel, model_of
from fluxrate_common.pricing.snapshot import (
    SCALAR_FIELDS,
    package_line,
    terms_from_snapshot,
    terms_snapshot,
    tier_lines,
)
from fluxrate_common.pricing.terms import (
    ChargeTerms,
    PackageLine,
    PricingError,
    Rating,
    Tier,
    TierLine,
    TierMode,
)

__all__ = ["BY_NAME", "MODELS", "SCALAR_FIELDS", "ChargeTerms", "PackageLine", "PricingError",
           "PricingModel", "Rating", "Tier", "TierLine", "TierMode", "model_of", "package_line",
           "rate", "terms_from_snapshot", "terms_snapshot", "tier_lines", "validate_terms"]
