// The portal's one client of the API: the portal token and nothing else. It comes in the
// page's own address (`/portal?token=...`), travels as `Authorization: Bearer`, and is kept in
// memory only: no cookie is read or written, so a browser that blocks third-party cookies (or
// storage) in an <iframe> on the customer's site loses nothing.
import createClient from "openapi-fetch";
import type { paths } from "../api/schema";

export const token: string = new URLSearchParams(window.location.search).get("token") ?? "";

export const portalApi = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: "omit",
  headers: token ? { Authorization: `Bearer ${token}` } : {},
});

/** A portal address that keeps the token, so a reload or a new tab opens the same customer. */
export function portalHref(path: string): string {
  return `${path}?token=${encodeURIComponent(token)}`;
}

/** A link a browser follows on its own (a PDF download): it cannot send a header, so the
 *  token rides in the query, as the API allows for portal routes. */
export function invoicePdfHref(invoiceId: string): string {
  return `/api/v1/portal/invoices/${invoiceId}/pdf?token=${encodeURIComponent(token)}`;
}
