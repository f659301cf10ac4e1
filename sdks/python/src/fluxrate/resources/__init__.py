from fluxrate.resources.catalog import Charges, Features, Meters, Plans
from fluxrate.resources.customers import Customers
from fluxrate.resources.entitlements import Entitlements
from fluxrate.resources.invoices import Invoices
from fluxrate.resources.subscriptions import Subscriptions
from fluxrate.resources.usage import Usage
from fluxrate.resources.webhook_endpoints import WebhookEndpoints

__all__ = ["Charges", "Customers", "Entitlements", "Features", "Invoices", "Meters", "Plans",
           "Subscriptions", "Usage", "WebhookEndpoints"]
