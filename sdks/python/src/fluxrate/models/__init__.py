"""Typed models of the API's answers and requests, generated from its OpenAPI document
(`_generated.py`), under the names the SDK's methods return. Every model keeps fields it does
not know (an API newer than this SDK may add some). Amounts and usage values are decimal
strings, as the API sends them: `Decimal(invoice.total)`."""

from fluxrate.models._generated import *  # noqa: F403
from fluxrate.models._generated import (
    AcceptedOut,
    BatchOut,
    BatchResultOut,
    ChargeOut,
    CustomerOut,
    DeliveryOut,
    EndpointOut,
    EndpointWithSecretOut,
    EntitlementOut,
    FeatureOut,
    InvoiceOut,
    LineOut,
    MeterOut,
    MeterUsageOut,
    PlanOut,
    PortalSessionCreatedOut,
    SubscriptionOut,
    TierOut,
    UpcomingOut,
    UsageEventOut,
    UsageOut,
    WindowOut,
)

Meter = MeterOut
Feature = FeatureOut
Plan = PlanOut
Charge = ChargeOut
Tier = TierOut
Customer = CustomerOut
Subscription = SubscriptionOut
Entitlement = EntitlementOut
Invoice = InvoiceOut
PortalSession = PortalSessionCreatedOut
InvoiceLine = LineOut
UpcomingInvoice = UpcomingOut
UsageAccepted = AcceptedOut
UsageBatchResult = BatchOut
WebhookEndpoint = EndpointOut
WebhookEndpointWithSecret = EndpointWithSecretOut
WebhookDelivery = DeliveryOut
UsageBatchItem = BatchResultOut
UsageReport = UsageOut
MeterUsage = MeterUsageOut
UsageWindow = WindowOut
UsageEvent = UsageEventOut
