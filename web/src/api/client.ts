// The one client of the public API: typed from the committed OpenAPI document, same origin,
// session in the HttpOnly cookie. A 401 refreshes the session once and retries, so a
// dashboard left open never meets an expired access token.
import createClient from "openapi-fetch";
import type { paths } from "./schema";

export { ApiError, unwrap } from "./core";
export type { ApiErrorBody, Page, Schemas } from "./core";

let refreshing: Promise<boolean> | null = null;
const signedOutListeners = new Set<() => void>();

export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/** One refresh at a time, however many requests met a 401 together. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch("/api/v1/auth/refresh", { method: "POST", credentials: "same-origin" })
    .then((response) => response.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

const NO_REFRESH = ["/api/v1/auth/login", "/api/v1/auth/signup", "/api/v1/auth/refresh", "/api/v1/auth/logout"];

async function fetchWithRefresh(request: Request): Promise<Response> {
  const retry = request.clone();
  const response = await fetch(request);
  const path = new URL(request.url).pathname;
  if (response.status !== 401 || NO_REFRESH.includes(path)) return response;
  if (await refreshSession()) return fetch(retry);
  signedOutListeners.forEach((listener) => listener());
  return response;
}

export const api = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: "same-origin",
  fetch: fetchWithRefresh,
});
