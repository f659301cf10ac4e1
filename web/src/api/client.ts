// The one client of the public API: typed from the committed OpenAPI document, same origin,
// session in the HttpOnly cookie. A 401 refreshes the session once and retries, so a
// dashboard left open never meets an expired access token.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];

export interface ApiErrorBody {
  type: string;
  code: string;
  message: string;
  field?: string | null;
}

export class ApiError extends Error {
  readonly status: number;
  readonly body: ApiErrorBody;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.status = status;
    this.body = body;
  }

  get field(): string | undefined {
    return this.body.field ?? undefined;
  }
}

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

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call, or an ApiError carrying the API's error envelope. */
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const envelope = (error as { error?: ApiErrorBody } | undefined)?.error;
  throw new ApiError(response.status, envelope ?? {
    type: "unavailable", code: `http_${response.status}`,
    message: response.status >= 500 ? "The server could not answer; try again." : response.statusText,
  });
}

export interface Page<T> {
  data?: T[];
  next_cursor?: string | null;
}
