import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";
import { RequireSession } from "./auth";
import { Loading } from "./components/layout";
import { Shell } from "./components/Shell";
import { LoginPage, SignupPage } from "./pages/Auth";

// Each page is its own chunk: the first load carries the shell, not every page and chart.
const page = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));
const ApiKeysPage = page(() => import("./pages/ApiKeys"), "ApiKeysPage");
const CustomerPage = page(() => import("./pages/Customer"), "CustomerPage");
const CustomersPage = page(() => import("./pages/Customers"), "CustomersPage");
const FeaturePage = page(() => import("./pages/Feature"), "FeaturePage");
const FeaturesPage = page(() => import("./pages/Features"), "FeaturesPage");
const GetStartedPage = page(() => import("./pages/GetStarted"), "GetStartedPage");
const InvoicePage = page(() => import("./pages/Invoice"), "InvoicePage");
const InvoicesPage = page(() => import("./pages/Invoices"), "InvoicesPage");
const NotFoundPage = page(() => import("./pages/NotFound"), "NotFoundPage");
const PlanPage = page(() => import("./pages/Plan"), "PlanPage");
const PlansPage = page(() => import("./pages/Plans"), "PlansPage");
const SubscriptionPage = page(() => import("./pages/Subscription"), "SubscriptionPage");
const SubscriptionsPage = page(() => import("./pages/Subscriptions"), "SubscriptionsPage");
const UsageLogPage = page(() => import("./pages/UsageLog"), "UsageLogPage");
const WebhookEndpointPage = page(() => import("./pages/WebhookEndpoint"), "WebhookEndpointPage");
const WebhooksPage = page(() => import("./pages/Webhooks"), "WebhooksPage");

function Lazy({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route element={<RequireSession><Shell /></RequireSession>}>
        <Route index element={<Lazy><GetStartedPage /></Lazy>} />
        <Route path="features" element={<Lazy><FeaturesPage /></Lazy>} />
        <Route path="features/:featureId" element={<Lazy><FeaturePage /></Lazy>} />
        <Route path="plans" element={<Lazy><PlansPage /></Lazy>} />
        <Route path="plans/:planId" element={<Lazy><PlanPage /></Lazy>} />
        <Route path="customers" element={<Lazy><CustomersPage /></Lazy>} />
        <Route path="customers/:customerId" element={<Lazy><CustomerPage /></Lazy>} />
        <Route path="subscriptions" element={<Lazy><SubscriptionsPage /></Lazy>} />
        <Route path="subscriptions/:subscriptionId" element={<Lazy><SubscriptionPage /></Lazy>} />
        <Route path="usage" element={<Lazy><UsageLogPage /></Lazy>} />
        <Route path="invoices" element={<Lazy><InvoicesPage /></Lazy>} />
        <Route path="invoices/:invoiceId" element={<Lazy><InvoicePage /></Lazy>} />
        <Route path="api-keys" element={<Lazy><ApiKeysPage /></Lazy>} />
        <Route path="webhooks" element={<Lazy><WebhooksPage /></Lazy>} />
        <Route path="webhooks/:endpointId" element={<Lazy><WebhookEndpointPage /></Lazy>} />
        <Route path="*" element={<Lazy><NotFoundPage /></Lazy>} />
      </Route>
    </Routes>
  );
}
