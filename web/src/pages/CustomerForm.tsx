import { Button, Divider, Group, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import type { Customer } from "../api/hooks";
import { FormError } from "../components/layout";
import { applyApiError, blankToNull } from "../lib/forms";

const ADDRESS = ["line1", "line2", "city", "postal_code", "state", "country"] as const;
type AddressKey = (typeof ADDRESS)[number];

/** Create a customer, or edit one (external_id stays: it is your system's id). */
export function CustomerForm({ customer, onSaved }: { customer?: Customer; onSaved: (customer: Customer) => void }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const address = (customer?.billing_address ?? {}) as Partial<Record<AddressKey, string | null>>;
  const form = useForm({
    initialValues: {
      external_id: customer?.external_id ?? "", name: customer?.name ?? "", email: customer?.email ?? "",
      tax_id: customer?.tax_id ?? "",
      billing_address: Object.fromEntries(ADDRESS.map((k) => [k, address[k] ?? ""])) as Record<AddressKey, string>,
    },
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    const entered = ADDRESS.filter((k) => v.billing_address[k].trim() !== "");
    const fields = {
      name: blankToNull(v.name), email: blankToNull(v.email), tax_id: blankToNull(v.tax_id),
      billing_address: entered.length ? Object.fromEntries(ADDRESS.map((k) => [k, blankToNull(v.billing_address[k])])) : null,
    };
    try {
      const saved = customer
        ? await unwrap(api.PATCH("/api/v1/customers/{customer_id}", { params: { path: { customer_id: customer.id } }, body: fields }))
        : await unwrap(api.POST("/api/v1/customers", { body: { ...fields, external_id: v.external_id.trim() } }));
      void queryClient.invalidateQueries({ queryKey: ["customers"] });
      onSaved(saved);
    } catch (caught) {
      setError(applyApiError(form, caught));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={error} />
        <TextInput label="External id" required disabled={Boolean(customer)} data-autofocus={!customer || undefined} placeholder="user_123"
          description="Your own system's id: usage events name the customer by it" {...form.getInputProps("external_id")} />
        <Group grow align="flex-start">
          <TextInput label="Name" placeholder="Jane Doe" data-autofocus={Boolean(customer) || undefined} {...form.getInputProps("name")} />
          <TextInput label="Email" type="email" placeholder="jane@example.com" description="Invoices are emailed here" {...form.getInputProps("email")} />
        </Group>
        <Divider label="Billing address" labelPosition="left" />
        <TextInput label="Address line 1" {...form.getInputProps("billing_address.line1")} />
        <TextInput label="Address line 2" {...form.getInputProps("billing_address.line2")} />
        <Group grow align="flex-start">
          <TextInput label="City" {...form.getInputProps("billing_address.city")} />
          <TextInput label="Postal code" {...form.getInputProps("billing_address.postal_code")} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="State / region" {...form.getInputProps("billing_address.state")} />
          <TextInput label="Country" placeholder="US" maxLength={2} description="Two-letter code" {...form.getInputProps("billing_address.country")} />
        </Group>
        <TextInput label="Tax id" {...form.getInputProps("tax_id")} />
        <Group justify="flex-end"><Button type="submit" loading={form.submitting}>{customer ? "Save changes" : "Create customer"}</Button></Group>
      </Stack>
    </form>
  );
}
