import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import { useCustomer, type Invoice } from "../api/hooks";
import { DateTime, Field } from "../components/display";
import { EntitlementList } from "../components/EntitlementList";
import { FormModal } from "../components/FormModal";
import { InvoiceTable } from "../components/InvoiceTable";
import { EmptyState, ErrorNotice, Loading, PageHeader } from "../components/layout";
import { Pager, usePaged } from "../components/paging";
import { PortalLinkButton } from "../components/PortalLinkButton";
import { SubscriptionTable } from "../components/SubscriptionTable";
import { UsageChart } from "../components/UsageChart";
import { CustomerForm } from "./CustomerForm";

function Entitlements({ customerId }: { customerId: string }) {
  const entitlements = useQuery({
    queryKey: ["entitlements", customerId],
    queryFn: () => unwrap(api.GET("/api/v1/entitlements", { params: { query: { customer_id: customerId } } })),
    refetchInterval: 10_000,
  });
  if (entitlements.isPending) return <Loading />;
  if (entitlements.error) return <ErrorNotice error={entitlements.error} />;
  const rows = entitlements.data.data ?? [];
  if (rows.length === 0) return <EmptyState title="No entitlements">The customer's active plan includes no features.</EmptyState>;
  return <EntitlementList entitlements={rows} />;
}

export function CustomerPage() {
  const { customerId = "" } = useParams();
  const [editing, { open, close }] = useDisclosure(false);
  const customer = useCustomer(customerId);
  const subscriptions = useQuery({
    queryKey: ["subscriptions", "of", customerId],
    queryFn: () => unwrap(api.GET("/api/v1/subscriptions", { params: { query: { customer_id: customerId, limit: 50 } } })),
  });
  const invoices = usePaged<Invoice>(["invoices", "of", customerId], (cursor) =>
    unwrap(api.GET("/api/v1/invoices", { params: { query: { customer_id: customerId, cursor, limit: 10 } } })));
  if (customer.isPending) return <Loading />;
  if (customer.error) return <ErrorNotice error={customer.error} />;
  const c = customer.data;
  const address = (c.billing_address ?? {}) as Record<string, string | null>;
  const addressText = ["line1", "line2", "city", "postal_code", "state", "country"].map((k) => address[k]).filter(Boolean).join(", ");
  const subscribe = <Button component={Link} to={`/subscriptions?new=1&customer=${c.id}`} leftSection={<IconPlus size={16} />} variant="light" size="xs">Subscribe</Button>;
  return (
    <>
      <PageHeader title={c.name ?? c.external_id}
        description={<><Anchor component={Link} to="/customers">Customers</Anchor> · <Text span ff="monospace">{c.external_id}</Text></>}
        actions={<><PortalLinkButton customerId={c.id} /><Button variant="default" onClick={open}>Edit</Button></>} />
      <Stack>
        <Card withBorder padding="lg">
          <SimpleGrid cols={{ base: 1, sm: 4 }}>
            <Field label="Email"><Text>{c.email ?? "—"}</Text></Field>
            <Field label="Billing address"><Text>{addressText || "—"}</Text></Field>
            <Field label="Tax id"><Text>{c.tax_id ?? "—"}</Text></Field>
            <Field label="Customer since"><DateTime value={c.created_at} /></Field>
          </SimpleGrid>
        </Card>
        <Card withBorder padding="lg">
          <Group justify="space-between" mb="sm"><Title order={4}>Subscriptions</Title>{subscribe}</Group>
          {subscriptions.isPending ? <Loading /> : subscriptions.error ? <ErrorNotice error={subscriptions.error} /> :
            (subscriptions.data.data ?? []).length === 0 ? <EmptyState title="Not subscribed" action={subscribe}>Subscribe the customer to a plan to start billing.</EmptyState>
              : <SubscriptionTable subscriptions={subscriptions.data.data ?? []} />}
        </Card>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder padding="lg"><Title order={4} mb="sm">Entitlements</Title><Entitlements customerId={c.id} /></Card>
          <Card withBorder padding="lg"><Title order={4} mb="sm">Usage</Title><UsageChart subject={{ customer_id: c.id }} /></Card>
        </SimpleGrid>
        <Card withBorder padding="lg">
          <Title order={4} mb="sm">Invoices</Title>
          {invoices.query.isPending ? <Loading /> : invoices.rows.length === 0 ?
            <EmptyState title="No invoices yet">An invoice is drafted when a subscription period ends.</EmptyState> :
            <InvoiceTable invoices={invoices.rows} showCustomer={false} />}
          <Pager paged={invoices} />
        </Card>
      </Stack>
      <FormModal opened={editing} onClose={close} title="Edit customer">
        <CustomerForm customer={c} onSaved={() => close()} />
      </FormModal>
    </>
  );
}

