import { Anchor, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import type { Schemas } from "../api/core";
import { BillingPeriod, DateTime, Money, StatusBadge } from "./display";

/** What a row needs: an invoice as the dashboard lists it, or as the portal's summary does. */
export type InvoiceRow = Pick<Schemas["InvoiceOut"], "id" | "number" | "status" | "period_start" | "period_end"
  | "currency" | "total" | "due_date"> & { customer_id?: string; customer?: unknown };

function customerLabel(invoice: InvoiceRow): string {
  const customer = (invoice.customer ?? {}) as Record<string, unknown>;
  return String(customer.external_id ?? customer.name ?? "Customer");
}

export function InvoiceTable({ invoices, showCustomer = true, linkTo = (invoice) => `/invoices/${invoice.id}` }: {
  invoices: InvoiceRow[]; showCustomer?: boolean; linkTo?: (invoice: InvoiceRow) => string;
}) {
  return (
    <Table.ScrollContainer minWidth={showCustomer ? 680 : 520}>
      <Table highlightOnHover verticalSpacing="sm">
        <Table.Thead><Table.Tr>
          <Table.Th>Invoice</Table.Th>{showCustomer && <Table.Th>Customer</Table.Th>}<Table.Th>Period</Table.Th>
          <Table.Th>Status</Table.Th><Table.Th ta="right">Total</Table.Th><Table.Th>Due</Table.Th>
        </Table.Tr></Table.Thead>
        <Table.Tbody>
          {invoices.map((invoice) => (
            <Table.Tr key={invoice.id}>
              <Table.Td><Anchor component={Link} to={linkTo(invoice)} ff="monospace">{invoice.number ?? (invoice.status === "FAILED" ? "Failed" : "Draft")}</Anchor></Table.Td>
              {showCustomer && <Table.Td>
                <Anchor component={Link} to={`/customers/${invoice.customer_id}`} size="sm">{customerLabel(invoice)}</Anchor>
              </Table.Td>}
              <Table.Td><Text size="sm"><BillingPeriod start={invoice.period_start} end={invoice.period_end} /></Text></Table.Td>
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
