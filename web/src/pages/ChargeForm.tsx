// A charge: FIXED (flat per period) or USAGE (per unit, tiered, or by package). The price
// preview comes from the API's preview endpoint, i.e. from the same pricing code that prices
// invoices.
import { ActionIcon, Alert, Button, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, ApiError, unwrap } from "../api/client";
import { useMeters, type Plan } from "../api/hooks";
import { FormError } from "../components/layout";
import { formatMoney, formatQuantity, formatUnitPrice } from "../lib/format";
import { applyApiError, blankToNull } from "../lib/forms";

interface TierRow { up_to: string | number; unit_price: string | number; flat_fee: string | number }

const text = (value: string | number) => String(value).trim();

interface Draft {
  type: string; pricing: string; unit_price: string | number; tier_mode: string; tiers: TierRow[];
  package_size: string | number; free_units: string | number;
}

const PRICING = [{ value: "per_unit", label: "Per unit" }, { value: "tiered", label: "Tiered" },
  { value: "package", label: "Package" }];

function draftOf(v: Draft) {
  const tiered = v.type === "USAGE" && v.pricing === "tiered";
  const packaged = v.type === "USAGE" && v.pricing === "package";
  return {
    type: v.type as "FIXED" | "USAGE",
    unit_price: tiered || text(v.unit_price) === "" ? null : text(v.unit_price),
    tier_mode: tiered ? (v.tier_mode as "graduated" | "volume") : null,
    tiers: tiered ? v.tiers.map((t, i) => ({
      up_to: i === v.tiers.length - 1 || text(t.up_to) === "" ? null : text(t.up_to),
      unit_price: text(t.unit_price) || "0", flat_fee: text(t.flat_fee) || "0",
    })) : [],
    // Sent as typed (the API reads "100" as 100): whatever is not a whole number of units is
    // refused by the API naming package_size, and the form shows it next to the field.
    package_size: packaged && text(v.package_size) !== "" ? (text(v.package_size) as unknown as number) : null,
    free_units: packaged && text(v.free_units) !== "" ? text(v.free_units) : null,
  };
}

function PricePreview({ plan, draft }: { plan: Plan; draft: ReturnType<typeof draftOf> }) {
  const [quantity, setQuantity] = useState<string | number>(draft.type === "FIXED" ? 1 : 1000);
  const [debounced] = useDebouncedValue({ draft, quantity: text(quantity) || "0" }, 250);
  const preview = useQuery({
    queryKey: ["charge-preview", plan.id, debounced],
    queryFn: () => unwrap(api.POST("/api/v1/plans/{plan_id}/charges/preview", {
      params: { path: { plan_id: plan.id } }, body: { ...debounced.draft, quantity: debounced.quantity } })),
    retry: false,
    placeholderData: (previous) => previous,
  });
  return (
    <Paper withBorder p="md" bg="gray.0" aria-live="polite">
      <Group align="flex-end" justify="space-between">
        <NumberInput label={draft.type === "FIXED" ? "Periods" : "Preview a quantity"} min={0} w={200}
          thousandSeparator="," value={quantity} onChange={setQuantity} allowNegative={false} />
        <div style={{ textAlign: "right" }}>
          <Text size="xs" c="dimmed">Billed</Text>
          <Text fw={700} size="xl" data-testid="preview-amount">
            {preview.data ? formatMoney(preview.data.amount, plan.currency) : "—"}
          </Text>
        </div>
      </Group>
      {preview.error instanceof ApiError && <Text c="red" size="sm" mt="xs">{preview.error.message}</Text>}
      {preview.data?.packages && (
        <Text size="sm" c="dimmed" mt="xs" data-testid="preview-packages">
          {formatQuantity(preview.data.packages.billable_units)} billable units: {formatQuantity(preview.data.packages.packages)} × {formatUnitPrice(preview.data.packages.unit_price, plan.currency)} per {formatQuantity(String(preview.data.packages.package_size))}
        </Text>
      )}
      {preview.data && preview.data.tiers.length > 0 && (
        <Table mt="sm" fz="sm">
          <Table.Thead><Table.Tr><Table.Th>Tier</Table.Th><Table.Th>Units</Table.Th><Table.Th>Unit price</Table.Th><Table.Th>Flat fee</Table.Th><Table.Th ta="right">Amount</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {preview.data.tiers.map((tier) => (
              <Table.Tr key={tier.tier}>
                <Table.Td>{tier.tier}</Table.Td>
                <Table.Td>{formatQuantity(tier.quantity)}</Table.Td>
                <Table.Td>{formatUnitPrice(tier.unit_price, plan.currency)}</Table.Td>
                <Table.Td>{formatUnitPrice(tier.flat_fee, plan.currency)}</Table.Td>
                <Table.Td ta="right">{formatUnitPrice(tier.amount, plan.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

export function ChargeForm({ plan, onCreated }: { plan: Plan; onCreated: () => void }) {
  const queryClient = useQueryClient();
  const meters = useMeters().data ?? [];
  const [error, setError] = useState<string | null>(null);
  const types = plan.type === "HYBRID" ? ["FIXED", "USAGE"] : [plan.type === "FIXED" ? "FIXED" : "USAGE"];
  const form = useForm({
    initialValues: {
      type: types[0] ?? "USAGE", display_name: "", meter_id: null as string | null, pricing: "per_unit",
      unit_price: "" as string | number, tier_mode: "graduated",
      package_size: "" as string | number, free_units: "" as string | number,
      tiers: [{ up_to: 1000, unit_price: 0, flat_fee: "" }, { up_to: "", unit_price: "0.001", flat_fee: "" }] as TierRow[],
    },
  });
  const v = form.getValues();
  const draft = draftOf(v);
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await unwrap(api.POST("/api/v1/plans/{plan_id}/charges", { params: { path: { plan_id: plan.id } }, body: {
        ...draftOf(values), display_name: blankToNull(values.display_name),
        meter_id: values.type === "USAGE" ? values.meter_id : null,
      } }));
      await queryClient.invalidateQueries({ queryKey: ["plans"] });
      onCreated();
    } catch (caught) {
      setError(applyApiError(form, caught));
    }
  });
  const last = v.tiers.length - 1;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={error} />
        {types.length > 1 && (
          <SegmentedControl aria-label="Charge type" {...form.getInputProps("type")}
            data={[{ value: "FIXED", label: "Recurring (fixed)" }, { value: "USAGE", label: "Usage based" }]} />
        )}
        <TextInput label="Name on invoices" placeholder={v.type === "FIXED" ? "Pro monthly subscription" : "API calls"}
          {...form.getInputProps("display_name")} />
        {v.type === "USAGE" && (
          <Select label="Meter" required placeholder="Which usage it bills" searchable
            data={meters.filter((m) => m.status === "ACTIVE").map((m) => ({ value: m.id, label: `${m.meter_name} (${m.aggregation})` }))}
            nothingFoundMessage="No meters: create a meter feature first" {...form.getInputProps("meter_id")} />
        )}
        {v.type === "USAGE" && (
          <SegmentedControl aria-label="Pricing" {...form.getInputProps("pricing")} data={PRICING} />
        )}
        {v.type === "USAGE" && v.pricing === "package" ? (
          <Stack gap="xs">
            <Group grow align="flex-start">
              <TextInput label="Units per package" required inputMode="numeric" placeholder="100"
                {...form.getInputProps("package_size")} />
              <TextInput label={`Price per package (${plan.currency})`} required inputMode="decimal" placeholder="5.00"
                {...form.getInputProps("unit_price")} />
              <TextInput label="Free units" inputMode="decimal" placeholder="0" {...form.getInputProps("free_units")} />
            </Group>
            <Text size="xs" c="dimmed">Usage beyond the free units is billed in whole packages: a package begun is a package billed.</Text>
          </Stack>
        ) : draft.tier_mode === null ? (
          <TextInput label={v.type === "FIXED" ? `Amount per ${plan.interval} (${plan.currency})` : `Price per unit (${plan.currency})`}
            required inputMode="decimal" placeholder={v.type === "FIXED" ? "99.00" : "0.001"} {...form.getInputProps("unit_price")} />
        ) : (
          <Stack gap="xs">
            <SegmentedControl aria-label="Tier mode" {...form.getInputProps("tier_mode")}
              data={[{ value: "graduated", label: "Graduated" }, { value: "volume", label: "Volume" }]} />
            <Text size="xs" c="dimmed">{v.tier_mode === "graduated" ? "Each unit is priced at the price of the tier it falls in."
              : "Every unit is priced at the price of the tier the total falls in."}</Text>
            {form.errors.tiers && <Alert color="red" py="xs">{form.errors.tiers}</Alert>}
            {v.tiers.map((_, index) => (
              <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
                <TextInput label={index === 0 ? "Up to (units)" : undefined} aria-label={`Tier ${index + 1} up to`}
                  placeholder={index === last ? "∞ and above" : "1000"} disabled={index === last} inputMode="decimal"
                  style={{ flex: 1 }} {...form.getInputProps(`tiers.${index}.up_to`)}
                  value={index === last ? "" : String(v.tiers[index]?.up_to ?? "")} />
                <TextInput label={index === 0 ? "Unit price" : undefined} aria-label={`Tier ${index + 1} unit price`}
                  inputMode="decimal" style={{ flex: 1 }} {...form.getInputProps(`tiers.${index}.unit_price`)} />
                <TextInput label={index === 0 ? "Flat fee" : undefined} aria-label={`Tier ${index + 1} flat fee`}
                  inputMode="decimal" placeholder="0" style={{ flex: 1 }} {...form.getInputProps(`tiers.${index}.flat_fee`)} />
                <ActionIcon variant="subtle" color="red" mt={index === 0 ? 28 : 6} disabled={v.tiers.length <= 1}
                  aria-label={`Remove tier ${index + 1}`} onClick={() => form.removeListItem("tiers", index)}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <div>
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />}
                onClick={() => form.insertListItem("tiers", { up_to: "", unit_price: "", flat_fee: "" }, last)}>
                Add tier
              </Button>
            </div>
          </Stack>
        )}
        <PricePreview plan={plan} draft={draft} />
        <Group justify="flex-end"><Button type="submit" loading={form.submitting}>Add charge</Button></Group>
      </Stack>
    </form>
  );
}
