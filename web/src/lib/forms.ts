// The API names the field it refused ("tiers[1].up_to", "billing_address.country"); a form
// shows that message next to that field, or above the form when no field matches.
import type { UseFormReturnType } from "@mantine/form";
import { ApiError } from "../api/client";

export function formPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, ".$1");
}

function messageFor(error: ApiError): string {
  const field = error.field;
  if (!field) return error.message;
  // "name: must not be empty" -> "must not be empty": the field is already named by its label.
  const prefix = `${field}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/** Put an API error on the form; returns the message to show above it, if no field took it. */
export function applyApiError<T>(
  form: UseFormReturnType<T>, error: unknown, fieldMap: Record<string, string> = {}, prefix = "",
): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const field = error.field;
  if (field) {
    const path = fieldMap[field] ?? prefix + formPath(field);
    if (fieldExists(form, path)) {
      form.setFieldError(path, messageFor(error));
      return null;
    }
  }
  return error.message;
}

function fieldExists<T>(form: UseFormReturnType<T>, path: string): boolean {
  let node: unknown = form.getValues();
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object" || !(part in (node as object))) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

/** "" from an optional input becomes absent from the request body. */
export function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}
