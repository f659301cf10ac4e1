// An endpoint's URL, description and the event types it receives (all of them, or a choice).
import { Button, Checkbox, Group, MultiSelect, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { FormError } from "../components/layout";
import { applyApiError, blankToNull } from "../lib/forms";

type Endpoint = Schemas["EndpointOut"];
export type EndpointFields = { url: string; description: string | null; event_types: string[] };

export function useEventTypes() {
  return useQuery({
    queryKey: ["webhook-event-types"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/webhook-event-types"))).data ?? [],
    staleTime: Infinity,
  });
}

export function WebhookForm({ endpoint, submitLabel, onSubmit }: {
  endpoint?: Endpoint; submitLabel: string; onSubmit: (fields: EndpointFields) => Promise<void>;
}) {
  const types = useEventTypes();
  const [error, setError] = useState<string | null>(null);
  const everything = !endpoint || endpoint.event_types.includes("*");
  const form = useForm({
    initialValues: {
      url: endpoint?.url ?? "", description: endpoint?.description ?? "", all: everything,
      event_types: everything ? [] : endpoint?.event_types ?? [],
    },
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      await onSubmit({ url: v.url.trim(), description: blankToNull(v.description),
        event_types: v.all ? ["*"] : v.event_types });
    } catch (caught) {
      setError(applyApiError(form, caught));
    }
  });
  const options = (types.data ?? []).map((t) => ({ value: t.name, label: t.name }));
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={error} />
        <TextInput label="Endpoint URL" required placeholder="https://example.com/webhooks/fluxrate"
          description="Fluxrate POSTs each event here, signed (Standard Webhooks)" {...form.getInputProps("url")} />
        <TextInput label="Description" placeholder="Billing events for the backend" {...form.getInputProps("description")} />
        <Checkbox label="Every event type, including those added later" {...form.getInputProps("all", { type: "checkbox" })} />
        {!form.values.all && (
          <MultiSelect label="Event types" placeholder="Choose the events to receive" data={options} searchable
            error={form.errors.event_types} {...form.getInputProps("event_types")} />
        )}
        <Group justify="flex-end"><Button type="submit" loading={form.submitting}>{submitLabel}</Button></Group>
      </Stack>
    </form>
  );
}
