import { Button, Group, NumberInput, Select, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { usePlans, type Subscription } from "../api/hooks";
import { FormError } from "../components/layout";
import { todayLocal } from "../lib/format";
import { applyApiError } from "../lib/forms";

/** Seed step 4: select the customer and the plan, the duration and an optional trial. */
export function SubscriptionForm({ customerId, onCreated }: { customerId?: string; onCreated: (s: Subscription) => void }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const plans = (usePlans().data ?? []).filter((p) => p.status === "ACTIVE");
  const customers = useQuery({
    queryKey: ["customers", "picker"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/customers", { params: { query: { limit: 500 } } }))).data ?? [],
  });
  const form = useForm({
    initialValues: { customer_id: customerId ?? null as string | null, plan_id: null as string | null,
      start_date: todayLocal(), trial_days: "" as string | number, end_date: "" },
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    if (!v.customer_id) return form.setFieldError("customer_id", "Choose a customer");
    if (!v.plan_id) return form.setFieldError("plan_id", "Choose a plan");
    try {
      const subscription = await unwrap(api.POST("/api/v1/subscriptions", { body: {
        customer_id: v.customer_id, plan_id: v.plan_id, start_date: v.start_date || null,
        trial_days: v.trial_days === "" ? null : Number(v.trial_days), end_date: v.end_date || null,
      } }));
      void queryClient.invalidateQueries({ queryKey: ["subscriptions"] });
      onCreated(subscription);
    } catch (caught) {
      setError(applyApiError(form, caught));
    }
  });
  const plan = plans.find((p) => p.id === form.getValues().plan_id);
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={error} />
        <Select label="Customer" required searchable placeholder="Search by id or name"
          data={(customers.data ?? []).map((c) => ({ value: c.id, label: c.name ? `${c.external_id} — ${c.name}` : c.external_id }))}
          nothingFoundMessage="No customer matches" {...form.getInputProps("customer_id")} />
        <Select label="Plan" required searchable placeholder="Choose a plan"
          data={plans.map((p) => ({ value: p.id, label: `${p.name} (${p.type}, every ${p.interval}, ${p.currency})` }))}
          nothingFoundMessage="No active plans: create one first" {...form.getInputProps("plan_id")} />
        {plan && <Text size="sm" c="dimmed">Billed every {plan.interval} in {plan.currency}; {plan.charges.length} charge(s).</Text>}
        <Group grow align="flex-start">
          <TextInput type="date" label="Start date" description="UTC day; may be in the past" {...form.getInputProps("start_date")} />
          <NumberInput label="Trial days" description="Optional; billing starts after" min={0} max={730} allowDecimal={false}
            {...form.getInputProps("trial_days")} />
        </Group>
        <TextInput type="date" label="End date" description="Optional: the subscription cancels itself then" {...form.getInputProps("end_date")} />
        <Group justify="flex-end"><Button type="submit" loading={form.submitting}>Subscribe</Button></Group>
      </Stack>
    </form>
  );
}
