import { Group, Select, Text } from "@mantine/core";
import { useState } from "react";
import { EmptyState } from "../components/layout";
import { UsageBars } from "../components/UsageBars";
import { formatQuantity, formatUtcDate } from "../lib/format";
import type { Summary } from "./summary";

/** Usage per meter over the current billing period and the ones before it, from the summary
 *  (the same figures the invoices bill). */
export function PeriodUsage({ usage, color }: { usage: Summary["usage"]; color: string }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const meter = usage.meters.find((m) => m.meter_id === chosen) ?? usage.meters[0];
  if (!meter) return <EmptyState title="No usage yet">Usage shows here as soon as it is recorded.</EmptyState>;
  const values = meter.values.map(String);
  const data = usage.periods.map((period, index) => ({
    when: period.current ? "This period" : formatUtcDate(period.start),
    value: Number(values[index] ?? "0"),
  }));
  const current = usage.periods.findIndex((period) => period.current);
  return (
    <div>
      <Group justify="space-between" mb="sm" gap="xs">
        <Text size="sm" c="dimmed" data-testid="portal-usage-now">
          {meter.meter_name ?? "Usage"}: {formatQuantity(current >= 0 ? values[current] : values[values.length - 1])}
          {current >= 0 ? " this period" : " last period"}
        </Text>
        {usage.meters.length > 1 && (
          <Select aria-label="Meter" size="xs" w={200} allowDeselect={false} value={meter.meter_id} onChange={setChosen}
            data={usage.meters.map((m) => ({ value: m.meter_id, label: m.meter_name ?? m.meter_id }))} />
        )}
      </Group>
      <UsageBars data={data} label={meter.meter_name ?? "usage"} color={color} animate={false} />
    </div>
  );
}
