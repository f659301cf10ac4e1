import { Route, Routes } from "react-router";
import { RequireSession } from "./auth";
import { Shell } from "./components/Shell";
import { ApiKeysPage } from "./pages/ApiKeys";
import { LoginPage, SignupPage } from "./pages/Auth";
import { CustomerPage } from "./pages/Customer";
import { CustomersPage } from "./pages/Customers";
import { FeaturePage } from "./pages/Feature";
import { FeaturesPage } from "./pages/Features";
import { GetStartedPage } from "./pages/GetStarted";
import { InvoicePage } from "./pages/Invoice";
import { InvoicesPage } from "./pages/Invoices";
import { NotFoundPage } from "./pages/NotFound";
import { PlanPage } from "./pages/Plan";
import { PlansPage } from "./pages/Plans";
import { SubscriptionPage } from "./pages/Subscription";
import { SubscriptionsPage } from "./pages/Subscriptions";
import { UsageLogPage } from "./pages/UsageLog";

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route element={<RequireSession><Shell /></RequireSession>}>
        <Route index element={<GetStartedPage />} />
        <Route path="features" element={<FeaturesPage />} />
        <Route path="features/:featureId" element={<FeaturePage />} />
        <Route path="plans" element={<PlansPage />} />
        <Route path="plans/:planId" element={<PlanPage />} />
        <Route path="customers" element={<CustomersPage />} />
        <Route path="customers/:customerId" element={<CustomerPage />} />
        <Route path="subscriptions" element={<SubscriptionsPage />} />
        <Route path="subscriptions/:subscriptionId" element={<SubscriptionPage />} />
        <Route path="usage" element={<UsageLogPage />} />
        <Route path="invoices" element={<InvoicesPage />} />
        <Route path="invoices/:invoiceId" element={<InvoicePage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
