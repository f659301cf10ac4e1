import { Anchor, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { byId, useCustomer, usePlans, type Subscription } from "../api/hooks";
import { DateTime, StatusBadge } from "./display";

function CustomerName({ id }: { id: string }) {
  const customer = useCustomer(id).data; // one cached lookup per customer on the page
  return <>{customer?.external_id ?? id.slice(0, 8)}</>;
}

export function SubscriptionTable({ subscriptions, showCustomer = false }: {
  subscriptions: Subscription[]; showCustomer?: boolean;
}) {
  const plans = byId(usePlans().data);
  return (
    <Table.ScrollContainer minWidth={680}>
      <Table highlightOnHover verticalSpacing="sm">
        <Table.Thead><Table.Tr>
          <Table.Th>Subscription</Table.Th>{showCustomer && <Table.Th>Customer</Table.Th>}<Table.Th>Plan</Table.Th>
          <Table.Th>Status</Table.Th><Table.Th>Current period</Table.Th>
        </Table.Tr></Table.Thead>
        <Table.Tbody>
          {subscriptions.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td><Anchor component={Link} to={`/subscriptions/${s.id}`} ff="monospace" size="sm">{s.id.slice(0, 8)}</Anchor></Table.Td>
              {showCustomer && <Table.Td><Anchor component={Link} to={`/customers/${s.customer_id}`} size="sm">
                <CustomerName id={s.customer_id} /></Anchor></Table.Td>}
              <Table.Td>{plans.get(s.plan_id)?.name ?? "…"}</Table.Td>
              <Table.Td><StatusBadge status={s.status} />{s.cancel_at_period_end && <Text size="xs" c="dimmed">cancels at period end</Text>}</Table.Td>
              <Table.Td><Text size="sm"><DateTime value={s.current_period_start} /> – <DateTime value={s.current_period_end} /></Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
