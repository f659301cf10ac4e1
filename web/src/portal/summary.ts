// The portal's home in one call (GET /api/v1/portal/summary): branding, plan, entitlements,
// usage per period and the invoices; every page reads it from the same cache.
import { useQuery } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../api/core";
import { portalApi, token } from "./client";

export type Summary = Schemas["PortalSummaryOut"];

export function useSummary() {
  return useQuery({
    queryKey: ["portal", "summary"],
    enabled: Boolean(token),
    queryFn: () => unwrap(portalApi.GET("/api/v1/portal/summary")),
    refetchInterval: 60_000,
  });
}

export function usePortalInvoice(invoiceId: string) {
  return useQuery({
    queryKey: ["portal", "invoices", invoiceId],
    queryFn: () => unwrap(portalApi.GET("/api/v1/portal/invoices/{invoice_id}", {
      params: { path: { invoice_id: invoiceId } } })),
  });
}
