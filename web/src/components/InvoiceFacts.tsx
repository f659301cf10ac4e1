import { Anchor, Card, SimpleGrid, Text } from "@mantine/core";
import { Link } from "react-router";
import type { Schemas } from "../api/core";
import { BillingPeriod, DateTime, Field, Money } from "./display";

const ADDRESS = ["line1", "line2", "postal_code", "city", "state", "country"];

/** Who is billed, for when, by when and how much: the head of an invoice, in the dashboard
 *  (the customer's name links to their page) and in the portal. */
export function InvoiceFacts({ invoice, customerHref }: { invoice: Schemas["InvoiceOut"]; customerHref?: string }) {
  const customer = (invoice.customer ?? {}) as Record<string, unknown>;
  const address = (customer.billing_address ?? customer.address ?? {}) as Record<string, string | null>;
  const name = String(customer.name ?? customer.external_id ?? "Customer");
  return (
    <Card withBorder padding="lg">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Field label="Bill to">
          {customerHref ? <Anchor component={Link} to={customerHref} size="sm">{name}</Anchor> : <Text size="sm" fw={500}>{name}</Text>}
          {Boolean(customer.email) && <Text size="sm">{String(customer.email)}</Text>}
          <Text size="sm" c="dimmed">{ADDRESS.map((key) => address[key]).filter(Boolean).join(", ")}</Text>
        </Field>
        <Field label="Period"><Text size="sm"><BillingPeriod start={invoice.period_start} end={invoice.period_end} /></Text></Field>
        <Field label="Due"><DateTime value={invoice.due_date} dateOnly /></Field>
        <Field label="Total"><Text fw={700} size="lg">
          {invoice.status === "FAILED" ? "\u2014" : <Money value={invoice.total} currency={invoice.currency} />}</Text></Field>
        {invoice.finalized_at && <Field label="Issued"><DateTime value={invoice.finalized_at} /></Field>}
        {invoice.paid_at && <Field label="Paid"><DateTime value={invoice.paid_at} />
          {invoice.payment_reference && <Text size="xs" c="dimmed">{invoice.payment_reference}</Text>}</Field>}
      </SimpleGrid>
    </Card>
  );
}
