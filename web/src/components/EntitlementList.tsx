import { Group, Progress, Stack, Text } from "@mantine/core";
import type { Schemas } from "../api/core";
import { formatQuantity, formatUtcDate } from "../lib/format";

type Entitlement = Schemas["EntitlementOut"];

function resets(e: Entitlement): string {
  if (!e.reset_period) return "";
  if (e.reset_period === "never") return " · never resets";
  const next = e.window_end ? ` (next ${formatUtcDate(e.window_end)})` : "";
  return ` · resets every ${e.reset_period}${next}`;
}

function summary(e: Entitlement): string {
  if (e.type === "METER") {
    const limit = e.limit === null || e.limit === undefined ? "unlimited" : formatQuantity(e.limit);
    return `${formatQuantity(e.usage ?? "0")} of ${limit}${resets(e)}`;
  }
  if (!e.allowed) return "Off";
  const shown = e.value !== true && e.value !== null && e.value !== undefined;
  return shown ? `On: ${String(e.value)}` : "On";
}

/** What a plan unlocks: metered features as usage bars against their limits, with when they
 *  reset; switches and custom values as text. The dashboard and the portal both show it. */
export function EntitlementList({ entitlements }: { entitlements: Entitlement[] }) {
  return (
    <Stack gap="md">
      {entitlements.map((e) => {
        const limit = e.limit ? Number(e.limit) : null;
        const percent = limit ? Math.min(100, (Number(e.usage ?? 0) / limit) * 100) : 0;
        return (
          <div key={e.feature_id} data-testid="entitlement">
            <Group justify="space-between" gap="xs">
              <Text fw={500} size="sm">{e.feature}</Text>
              <Text size="sm" c={e.allowed ? "dimmed" : "red"}>{summary(e)}</Text>
            </Group>
            {e.type === "METER" && limit !== null && (
              <Progress value={percent} color={percent >= 100 ? "red" : percent >= 80 ? "orange" : undefined} mt={4}
                aria-label={`${e.feature} usage`} />
            )}
          </div>
        );
      })}
    </Stack>
  );
}
