import { Table, Text } from "@mantine/core";
import type { Schemas } from "../api/client";
import { formatMoney, formatQuantity, formatUnitPrice } from "../lib/format";

type Line = Schemas["LineOut"];

function share(proration: string) {
  const value = Number(proration);
  return value >= 1 ? null : `× ${(value * 100).toFixed(1)}% of the period`;
}

/** Invoice lines with their tier or package breakdown; a prorated fixed fee says by how much. */
export function LinesTable({ lines, currency, subtotal, total }: { lines: Line[]; currency: string; subtotal?: string; total?: string }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs">
        <Table.Thead><Table.Tr><Table.Th>Description</Table.Th><Table.Th ta="right">Quantity</Table.Th>
          <Table.Th ta="right">Unit price</Table.Th><Table.Th ta="right">Amount</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {lines.map((line) => [
            <Table.Tr key={line.charge_id}>
              <Table.Td>
                <Text fw={500} size="sm">{line.display_name}</Text>
                {share(line.proration) && <Text size="xs" c="dimmed">{share(line.proration)}</Text>}
              </Table.Td>
              <Table.Td ta="right">{formatQuantity(line.quantity)}</Table.Td>
              <Table.Td ta="right">{line.tiers.length ? <Text size="xs" c="dimmed">tiered</Text> : formatUnitPrice(line.unit_price, currency)}</Table.Td>
              <Table.Td ta="right" ff="monospace">{formatMoney(line.amount, currency)}</Table.Td>
            </Table.Tr>,
            ...(line.packages ? [
              <Table.Tr key={`${line.charge_id}-packages`} c="dimmed">
                <Table.Td pl="xl" colSpan={4}><Text size="xs">
                  {formatQuantity(line.packages.packages)} packages of {formatQuantity(String(line.packages.package_size))} units
                  {Number(line.packages.free_units) ? ` after ${formatQuantity(line.packages.free_units)} free` : ""}, at {formatUnitPrice(line.packages.unit_price, currency)} each
                </Text></Table.Td>
              </Table.Tr>] : []),
            ...line.tiers.map((tier) => {
              const t = tier as Record<string, string | number | null>;
              return (
                <Table.Tr key={`${line.charge_id}-${t.tier}`} c="dimmed">
                  <Table.Td pl="xl"><Text size="xs">Tier {t.tier}: {formatQuantity(String(t.from))}–{t.up_to === null ? "∞" : formatQuantity(String(t.up_to))}
                    {Number(t.flat_fee) ? ` (+ ${formatUnitPrice(String(t.flat_fee), currency)} flat)` : ""}</Text></Table.Td>
                  <Table.Td ta="right"><Text size="xs">{formatQuantity(String(t.quantity))}</Text></Table.Td>
                  <Table.Td ta="right"><Text size="xs">{formatUnitPrice(String(t.unit_price), currency)}</Text></Table.Td>
                  <Table.Td ta="right"><Text size="xs" ff="monospace">{formatUnitPrice(String(t.amount), currency)}</Text></Table.Td>
                </Table.Tr>
              );
            }),
          ])}
        </Table.Tbody>
        <Table.Tfoot>
          {subtotal !== undefined && <Table.Tr><Table.Td colSpan={3} ta="right">Subtotal</Table.Td><Table.Td ta="right" ff="monospace">{formatMoney(subtotal, currency)}</Table.Td></Table.Tr>}
          {total !== undefined && <Table.Tr><Table.Th colSpan={3} ta="right">Total</Table.Th><Table.Th ta="right" ff="monospace" data-testid="invoice-total">{formatMoney(total, currency)}</Table.Th></Table.Tr>}
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
