// What every client of the API shares, whatever credential it carries: the generated types,
// the error envelope, and unwrapping an answer. The dashboard's cookie client (client.ts) and
// the portal's token client (portal/client.ts) are both built on it.
import type { components } from "./schema";

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
