import { colorsTuple, createTheme, MantineProvider, type MantineThemeOverride } from "@mantine/core";
import { useMemo } from "react";
import { Route, Routes } from "react-router";
import { ApiError } from "../api/core";
import { ErrorNotice, Loading } from "../components/layout";
import { token } from "./client";
import { LinkProblem } from "./LinkProblem";
import { PortalHome } from "./PortalHome";
import { PortalInvoice } from "./PortalInvoice";
import { PortalShell } from "./PortalShell";
import { useSummary } from "./summary";

const BASE = { defaultRadius: "md", cursorType: "pointer", autoContrast: true } as const;

/** The dashboard's look, in the org's accent colour when it set one. */
function portalTheme(accent: string | null | undefined): MantineThemeOverride {
  if (!accent) return createTheme({ ...BASE, primaryColor: "blue" });
  return createTheme({ ...BASE, primaryColor: "brand", colors: { brand: colorsTuple(accent) } });
}

function Content() {
  const summary = useSummary();
  if (!token) return <LinkProblem title="This page needs a portal link">Open your billing portal from the app you use.</LinkProblem>;
  if (summary.isPending) return <Loading label="Loading your billing" />;
  if (summary.error instanceof ApiError && summary.error.status === 401) {
    return <LinkProblem title="This link no longer works">{summary.error.message}. Open your billing portal again from the app you use.</LinkProblem>;
  }
  if (summary.error) return <ErrorNotice error={summary.error} onRetry={() => void summary.refetch()} />;
  return (
    <PortalShell summary={summary.data}>
      <Routes>
        <Route path="/portal" element={<PortalHome summary={summary.data} />} />
        <Route path="/portal/invoices/:invoiceId" element={<PortalInvoice />} />
        <Route path="*" element={<LinkProblem title="Nothing here">This page of the billing portal does not exist.</LinkProblem>} />
      </Routes>
    </PortalShell>
  );
}

export function PortalApp() {
  const accent = useSummary().data?.org.accent_color;
  const theme = useMemo(() => portalTheme(accent), [accent]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Content />
    </MantineProvider>
  );
}
