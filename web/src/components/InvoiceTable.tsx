import { Anchor, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import type { Invoice } from "../api/hooks";
import { DateTime, Money, StatusBadge } from "./display";

export function InvoiceTable({ invoices, showCustomer = true }: { invoices: Invoice[]; showCustomer?: boolean }) {
  return (
    <Table.ScrollContainer minWidth={680}>
      <Table highlightOnHover verticalSpacing="sm">
        <Table.Thead><Table.Tr>
          <Table.Th>Invoice</Table.Th>{showCustomer && <Table.Th>Customer</Table.Th>}<Table.Th>Period</Table.Th>
          <Table.Th>Status</Table.Th><Table.Th ta="right">Total</Table.Th><Table.Th>Due</Table.Th>
        </Table.Tr></Table.Thead>
        <Table.Tbody>
          {invoices.map((invoice) => (
            <Table.Tr key={invoice.id}>
              <Table.Td><Anchor component={Link} to={`/invoices/${invoice.id}`} ff="monospace">{invoice.number ?? (invoice.status === "FAILED" ? "Failed" : "Draft")}</Anchor></Table.Td>
              {showCustomer && <Table.Td>
                <Anchor component={Link} to={`/customers/${invoice.customer_id}`} size="sm">
                  {String((invoice.customer as Record<string, unknown>)?.external_id ?? (invoice.customer as Record<string, unknown>)?.name ?? "Customer")}
                </Anchor></Table.Td>}
              <Table.Td><Text size="sm"><DateTime value={invoice.period_start} dateOnly /> – <DateTime value={invoice.period_end} dateOnly /></Text></Table.Td>
              <Table.Td><StatusBadge status={invoice.status} /></Table.Td>
              <Table.Td ta="right"><Money value={invoice.total} currency={invoice.currency} /></Table.Td>
              <Table.Td><DateTime value={invoice.due_date} dateOnly /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
