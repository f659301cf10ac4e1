// "Verify Event on Dashboard > Usage log": the latest events first, refreshed every two seconds
// while the first page is open, so an event sent with curl shows up by itself.
import { Badge, Card, Code, Group, Indicator, Popover, Select, Table, TextInput, Title, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMemo, useState } from "react";
import { api, ApiError, unwrap, type Schemas } from "../api/client";
import { byId, useMeters } from "../api/hooks";
import { DateTime } from "../components/display";
import { EmptyState, ErrorNotice, Loading, PageHeader } from "../components/layout";
import { PAGE_SIZE, Pager, usePaged } from "../components/paging";
import { UsageChart } from "../components/UsageChart";
import { formatQuantity } from "../lib/format";

type UsageEvent = Schemas["UsageEventOut"];
const POLL_MS = 2000;
const RANGES: Record<string, number | null> = { any: null, "1h": 1, "24h": 24, "7d": 24 * 7, "30d": 24 * 30 };

function useFilters() {
  const [customer, setCustomer] = useState("");
  const [meterId, setMeterId] = useState<string | null>(null);
  const [range, setRange] = useState("any");
  const [customerText] = useDebouncedValue(customer.trim(), 400);
  // The range is fixed when chosen (not recomputed each poll), so the query key stays put.
  const from = useMemo(() => (RANGES[range] ? new Date(Date.now() - RANGES[range]! * 3600_000).toISOString() : undefined), [range]);
  return { customer, setCustomer, customerText, meterId, setMeterId, range, setRange, from };
}

function Properties({ properties }: { properties: Record<string, unknown> }) {
  const text = JSON.stringify(properties);
  return (
    <Popover width={320} position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        <UnstyledButton aria-label="Show properties"><Code>{text.length > 32 ? text.slice(0, 30) + "…" : text}</Code></UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown><Code block>{JSON.stringify(properties, null, 2)}</Code></Popover.Dropdown>
    </Popover>
  );
}

export function UsageLogPage() {
  const filters = useFilters();
  const meters = useMeters().data;
  const meterById = byId(meters);
  const key = ["usage-events", filters.customerText, filters.meterId, filters.from];
  const paged = usePaged<UsageEvent>(key, (cursor) => unwrap(api.GET("/api/v1/usage/events", { params: { query: {
    limit: PAGE_SIZE, cursor, customer_external_id: filters.customerText || undefined,
    meter_id: filters.meterId ?? undefined, from: filters.from } } })), { refetchInterval: POLL_MS });
  const customerError = paged.query.error instanceof ApiError && paged.query.error.field === "customer_external_id"
    ? "No customer with this external id" : null;
  return (
    <>
      <PageHeader title={<Group gap="sm">Usage log<Indicator processing color="green" size={10} position="middle-end" offset={-14} aria-label="live"><span /></Indicator></Group>}
        description="Every usage event as the aggregator stored it, newest first. Updates every 2 seconds." />
      <Group mb="md" align="flex-start" gap="sm">
        <TextInput label="Customer" placeholder="external id, e.g. user_123" w={220} value={filters.customer}
          onChange={(e) => filters.setCustomer(e.currentTarget.value)} error={customerError} />
        <Select label="Meter" placeholder="Every meter" clearable w={200} value={filters.meterId} onChange={filters.setMeterId}
          data={(meters ?? []).map((m) => ({ value: m.id, label: m.meter_name }))} />
        <Select label="Event time" w={160} allowDeselect={false} value={filters.range} onChange={(v) => filters.setRange(v ?? "any")}
          data={[{ value: "any", label: "Any time" }, { value: "1h", label: "Last hour" }, { value: "24h", label: "Last 24 hours" },
            { value: "7d", label: "Last 7 days" }, { value: "30d", label: "Last 30 days" }]} />
      </Group>
      {paged.query.isPending ? <Loading /> : paged.query.error && !customerError ? <ErrorNotice error={paged.query.error} /> :
        paged.rows.length === 0 ? (
          <EmptyState title={filters.customerText || filters.meterId || filters.from ? "No events match these filters" : "No usage events yet"}>
            Send one from your backend: POST /api/v1/usage with your API key (X-API-Key), a customer_external_id, the
            meter_name and an idempotency_key. It appears here within seconds.
          </EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="xs" fz="sm" data-testid="usage-log">
              <Table.Thead><Table.Tr><Table.Th>Event time</Table.Th><Table.Th>Customer</Table.Th><Table.Th>Meter</Table.Th>
                <Table.Th ta="right">Value</Table.Th><Table.Th>Idempotency key</Table.Th><Table.Th>Properties</Table.Th><Table.Th>Received</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {paged.rows.map((event) => (
                  <Table.Tr key={event.id}>
                    <Table.Td><DateTime value={event.timestamp} /></Table.Td>
                    <Table.Td ff="monospace">{event.customer_external_id ?? event.customer_id.slice(0, 8)}</Table.Td>
                    <Table.Td ff="monospace">{meterById.get(event.meter_id)?.meter_name ?? "…"}</Table.Td>
                    <Table.Td ta="right">{event.counted ? formatQuantity(event.value ?? event.unique_value ?? "1")
                      : <Badge color="gray" variant="light" title="The meter's filters did not match this event">filtered out</Badge>}</Table.Td>
                    <Table.Td ff="monospace">{event.idempotency_key}</Table.Td>
                    <Table.Td><Properties properties={event.properties} /></Table.Td>
                    <Table.Td><DateTime value={event.received_at} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      <Pager paged={paged} />
      <Card withBorder padding="lg" mt="lg">
        <Title order={4} mb="xs">Usage per meter{filters.customerText ? ` of ${filters.customerText}` : ", every customer"}</Title>
        <UsageChart subject={filters.customerText ? { customer_external_id: filters.customerText } : {}} meterId={filters.meterId}
          refreshMs={POLL_MS} />
      </Card>
    </>
  );
}
