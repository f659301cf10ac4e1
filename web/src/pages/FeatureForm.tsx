// One form for a feature and, for a METER feature, the meter it wraps (seed: "Select Meter
// feature; define the Meter, Type, Unit and Aggregation; add Filters (optional)").
import { ActionIcon, Button, Divider, Group, NumberInput, SegmentedControl, Select, Stack, Switch, Text, TextInput, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import type { Feature, Meter } from "../api/hooks";
import { FormError } from "../components/layout";
import { applyApiError, blankToNull } from "../lib/forms";

const AGGREGATIONS = [
  { value: "SUM", label: "SUM — add every value (API calls, tokens)" },
  { value: "COUNT", label: "COUNT — count the events" },
  { value: "MAX", label: "MAX — the highest value (peak seats)" },
  { value: "UNIQUE_COUNT", label: "UNIQUE_COUNT — distinct values (active users)" },
  { value: "LAST", label: "LAST — the latest value (storage used)" },
];
const RESETS = ["day", "week", "month", "year", "never"].map((value) => ({ value, label: value }));

interface FilterRow { property: string; operator: "eq" | "in"; value: string }

function filterValue(row: FilterRow): string | string[] {
  return row.operator === "in" ? row.value.split(",").map((v) => v.trim()).filter(Boolean) : row.value.trim();
}

export function FeatureForm({ onCreated }: { onCreated: (feature: Feature) => void }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [meterMade, setMeterMade] = useState<{ key: string; meter: Meter } | null>(null);
  const form = useForm({
    initialValues: {
      type: "METER", name: "", description: "", limit: "" as string | number, reset_period: "month",
      switch_on: true, custom_value: "",
      meter: { name: "", unit: "", aggregation: "SUM", property: "quantity", filters: [] as FilterRow[] },
    },
  });
  const values = form.getValues();

  const createMeter = async (): Promise<Meter> => {
    const m = form.getValues().meter;
    const body = {
      name: m.name.trim(), unit: blankToNull(m.unit), aggregation: m.aggregation as Meter["aggregation"],
      property: m.property.trim() || "quantity",
      filters: m.filters.map((f) => ({ property: f.property.trim(), operator: f.operator, value: filterValue(f) })),
    };
    const key = JSON.stringify(body);
    if (meterMade?.key === key) return meterMade.meter; // a retry after the feature failed
    const meter = await unwrap(api.POST("/api/v1/meters", { body }));
    setMeterMade({ key, meter });
    return meter;
  };

  const submit = form.onSubmit(async (v) => {
    setError(null);
    let meter: Meter | null = null;
    if (v.type === "METER") {
      try {
        meter = await createMeter();
      } catch (caught) {
        setError(applyApiError(form, caught, {}, "meter."));
        return;
      }
    }
    try {
      const feature = await unwrap(api.POST("/api/v1/features", { body: {
        name: v.name.trim(), description: blankToNull(v.description), type: v.type as Feature["type"],
        meter_id: meter?.id ?? null,
        limit: v.type === "METER" && v.limit !== "" ? String(v.limit) : null,
        reset_period: v.type === "METER" ? (v.reset_period as Feature["reset_period"]) : null,
        value: v.type === "SWITCH" ? v.switch_on : v.type === "CUSTOM" ? v.custom_value : null,
      } }));
      void queryClient.invalidateQueries({ queryKey: ["features"] }); // lists refresh behind the new page
      void queryClient.invalidateQueries({ queryKey: ["meters"] });
      onCreated(feature);
    } catch (caught) {
      setError(applyApiError(form, caught));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={error} />
        <div>
          <Text size="sm" fw={500} mb={4} id="feature-type-label">Feature type</Text>
          <SegmentedControl fullWidth aria-labelledby="feature-type-label" {...form.getInputProps("type")}
            data={[{ value: "METER", label: "Meter" }, { value: "SWITCH", label: "Switch" }, { value: "CUSTOM", label: "Custom" }]} />
        </div>
        <TextInput label="Feature name" required placeholder="API calls" {...form.getInputProps("name")} />
        <Textarea label="Description" autosize minRows={1} {...form.getInputProps("description")} />
        {values.type === "METER" && <MeterFields form={form} />}
        {values.type === "METER" && (
          <Group grow align="flex-start">
            <NumberInput label="Default limit" description="Empty: unlimited" min={0} allowNegative={false}
              {...form.getInputProps("limit")} />
            <Select label="Resets every" data={RESETS} allowDeselect={false} {...form.getInputProps("reset_period")} />
          </Group>
        )}
        {values.type === "SWITCH" && (
          <Switch label="On by default" {...form.getInputProps("switch_on", { type: "checkbox" })} />
        )}
        {values.type === "CUSTOM" && (
          <TextInput label="Value" description='e.g. "5" workspaces, or "priority"' {...form.getInputProps("custom_value")} error={form.errors.value} />
        )}
        <Group justify="flex-end"><Button type="submit" loading={form.submitting}>Create feature</Button></Group>
      </Stack>
    </form>
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function MeterFields({ form }: { form: any }) {
  const filters: FilterRow[] = form.getValues().meter.filters;
  return (
    <Stack gap="sm">
      <Divider label="Meter" labelPosition="left" />
      <Group grow align="flex-start">
        <TextInput label="Meter name" required placeholder="api_calls"
          description="Events send it as meter_name" {...form.getInputProps("meter.name")} />
        <TextInput label="Unit" placeholder="call" {...form.getInputProps("meter.unit")} />
      </Group>
      <Group grow align="flex-start">
        <Select label="Aggregation" data={AGGREGATIONS} allowDeselect={false} {...form.getInputProps("meter.aggregation")} />
        <TextInput label="Property it reads" description="From the event's properties" {...form.getInputProps("meter.property")} />
      </Group>
      <Text size="sm" fw={500}>Filters <Text span c="dimmed" size="xs">(optional: count only events whose property matches)</Text></Text>
      {filters.map((_, index) => (
        <Group key={index} align="flex-start" wrap="nowrap" gap="xs">
          <TextInput aria-label={`Filter ${index + 1} property`} placeholder="property" style={{ flex: 1 }}
            {...form.getInputProps(`meter.filters.${index}.property`)} />
          <Select aria-label={`Filter ${index + 1} operator`} w={90} allowDeselect={false}
            data={[{ value: "eq", label: "is" }, { value: "in", label: "in" }]} {...form.getInputProps(`meter.filters.${index}.operator`)} />
          <TextInput aria-label={`Filter ${index + 1} value`} placeholder="value (in: a, b, c)" style={{ flex: 1 }}
            {...form.getInputProps(`meter.filters.${index}.value`)} />
          <ActionIcon variant="subtle" color="red" mt={6} aria-label={`Remove filter ${index + 1}`}
            onClick={() => form.removeListItem("meter.filters", index)}><IconTrash size={16} /></ActionIcon>
        </Group>
      ))}
      <div>
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem("meter.filters", { property: "", operator: "eq", value: "" })}>
          Add filter
        </Button>
      </div>
    </Stack>
  );
}
