import { Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { BillingPeriod, DateTime, StatusBadge } from "../components/display";
import { EmptyState } from "../components/layout";
import { formatQuantity, formatUnitPrice } from "../lib/format";
import type { Summary } from "./summary";

type Charge = Record<string, unknown>;

function price(charge: Charge, currency: string, interval: string): string {
  if (Array.isArray(charge.tiers) && charge.tiers.length > 0) return `tiered (${String(charge.tier_mode ?? "graduated")})`;
  const amount = formatUnitPrice(charge.unit_price as string | null, currency);
  if (charge.package_size) {
    const free = Number(charge.free_units ?? 0) ? `, ${formatQuantity(String(charge.free_units))} free` : "";
    return `${amount} per ${formatQuantity(String(charge.package_size))} units${free}`;
  }
  return charge.type === "FIXED" ? `${amount} per ${interval}` : `${amount} per unit`;
}

/** The plan the customer is on, the subscription's status and the period being billed. */
export function PlanCard({ summary }: { summary: Summary }) {
  const { subscription: sub, plan } = summary;
  return (
    <Card withBorder padding="lg" data-testid="portal-plan">
      <Title order={4} mb="sm">Plan</Title>
      {!sub || !plan ? <EmptyState title="No subscription">You are not subscribed to a plan.</EmptyState> : (
        <Stack gap="sm">
          <Group gap="sm">
            <Text fw={700} size="xl">{plan.name}</Text>
            <StatusBadge status={sub.status} />
          </Group>
          <Text size="sm" c="dimmed">
            Current period <BillingPeriod start={sub.current_period_start} end={sub.current_period_end} />
            {sub.status === "TRIAL" && sub.trial_end && <> · trial until <DateTime value={sub.trial_end} dateOnly /></>}
            {sub.cancel_at_period_end && <> · ends at the end of this period</>}
          </Text>
          {plan.charges.length > 0 && (
            <Table verticalSpacing={4}>
              <Table.Tbody>
                {plan.charges.map((charge) => (
                  <Table.Tr key={String(charge.id)}>
                    <Table.Td><Text size="sm">{String(charge.display_name ?? charge.type)}</Text></Table.Td>
                    <Table.Td ta="right"><Text size="sm" ff="monospace">{price(charge, plan.currency, plan.interval)}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Card>
  );
}
