// The plan's entitlements: which features it includes, with this plan's limit or value.
import { ActionIcon, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { byId, useFeatures, type Plan } from "../api/hooks";
import { EmptyState, FormError } from "../components/layout";
import { formatQuantity } from "../lib/format";
import { applyApiError } from "../lib/forms";

type PlanFeature = { feature_id: string; limit?: string | null; value?: unknown };

export function PlanFeatures({ plan }: { plan: Plan }) {
  const queryClient = useQueryClient();
  const features = useFeatures().data ?? [];
  const known = byId(features);
  const attached = plan.features as PlanFeature[];
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { feature_id: null as string | null, amount: "" } });
  const chosen = form.getValues().feature_id ? known.get(form.getValues().feature_id!) : undefined;

  const save = async (next: PlanFeature[]) => {
    await unwrap(api.PATCH("/api/v1/plans/{plan_id}", { params: { path: { plan_id: plan.id } },
      body: { features: next.map((f) => ({ feature_id: f.feature_id, limit: f.limit ?? null, value: (f.value ?? null) as string | null })) } }));
    await queryClient.invalidateQueries({ queryKey: ["plans"] });
  };
  const submit = form.onSubmit(async (v) => {
    setError(null);
    if (!v.feature_id) return form.setFieldError("feature_id", "Choose a feature");
    const feature = known.get(v.feature_id);
    const amount = v.amount.trim();
    const entry: PlanFeature = feature?.type === "METER" ? { feature_id: v.feature_id, limit: amount || null }
      : { feature_id: v.feature_id, value: feature?.type === "SWITCH" ? amount !== "off" : amount || null };
    try {
      await save([...attached.filter((f) => f.feature_id !== v.feature_id), entry]);
      form.reset();
      notifications.show({ color: "green", message: "Feature added to the plan" });
    } catch (caught) {
      setError(applyApiError(form, caught, { "features[0].limit": "amount" }));
    }
  });
  const remove = async (featureId: string) => {
    try { await save(attached.filter((f) => f.feature_id !== featureId)); } catch (caught) { setError(String(caught)); }
  };
  const describe = (f: PlanFeature) => {
    const feature = known.get(f.feature_id);
    if (feature?.type === "METER") return f.limit ? `Limit ${formatQuantity(f.limit)}` + (feature.reset_period ? ` per ${feature.reset_period}` : "") : `Default limit (${feature.limit ?? "unlimited"})`;
    return f.value === null || f.value === undefined ? `Default (${JSON.stringify(feature?.value)})` : JSON.stringify(f.value);
  };
  return (
    <Card withBorder padding="lg">
      <Title order={4} mb="sm">Features (entitlements)</Title>
      <Stack>
        <FormError message={error} />
        {attached.length === 0 ? (
          <EmptyState title="This plan unlocks no features yet">Add a feature below: a meter feature with this plan's limit, a switch, or a custom value.</EmptyState>
        ) : (
          <Table>
            <Table.Tbody>
              {attached.map((f) => (
                <Table.Tr key={f.feature_id}>
                  <Table.Td fw={500}>{known.get(f.feature_id)?.name ?? f.feature_id}</Table.Td>
                  <Table.Td><Text size="sm" c="dimmed">{known.get(f.feature_id)?.type}</Text></Table.Td>
                  <Table.Td>{describe(f)}</Table.Td>
                  <Table.Td ta="right"><ActionIcon variant="subtle" color="red" aria-label={`Remove ${known.get(f.feature_id)?.name ?? "feature"}`}
                    onClick={() => remove(f.feature_id)}><IconTrash size={16} /></ActionIcon></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <form onSubmit={submit} noValidate>
          <Group align="flex-end" gap="sm">
            <Select label="Feature" placeholder="Choose a feature" style={{ flex: 2, minWidth: 200 }} searchable
              data={features.filter((f) => f.status === "ACTIVE").map((f) => ({ value: f.id, label: `${f.name} (${f.type})` }))}
              nothingFoundMessage="No features yet" {...form.getInputProps("feature_id")} />
            <TextInput style={{ flex: 1, minWidth: 140 }}
              label={chosen?.type === "SWITCH" ? "On or off" : chosen?.type === "CUSTOM" ? "Value" : "Limit"}
              placeholder={chosen?.type === "SWITCH" ? "on" : chosen?.type === "CUSTOM" ? "5" : "empty: default"}
              {...form.getInputProps("amount")} />
            <Button type="submit" variant="light" loading={form.submitting}>Add feature</Button>
          </Group>
        </form>
      </Stack>
    </Card>
  );
}
