import { Card, SimpleGrid, Stack, Title, useMantineTheme } from "@mantine/core";
import { EntitlementList } from "../components/EntitlementList";
import { InvoiceTable } from "../components/InvoiceTable";
import { EmptyState, PageHeader } from "../components/layout";
import { portalHref } from "./client";
import { PeriodUsage } from "./PeriodUsage";
import { PlanCard } from "./PlanCard";
import type { Summary } from "./summary";

export function PortalHome({ summary }: { summary: Summary }) {
  const theme = useMantineTheme();
  const { customer, entitlements, usage, invoices } = summary;
  return (
    <>
      <PageHeader title="Billing" description={`Plan, usage and invoices of ${customer.name ?? customer.external_id}`} />
      <Stack>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <PlanCard summary={summary} />
          <Card withBorder padding="lg">
            <Title order={4} mb="sm">Entitlements</Title>
            {entitlements.length === 0 ? <EmptyState title="No entitlements">Your plan includes no features.</EmptyState>
              : <EntitlementList entitlements={entitlements} />}
          </Card>
        </SimpleGrid>
        <Card withBorder padding="lg">
          <Title order={4} mb="sm">Usage by billing period</Title>
          <PeriodUsage usage={usage} color={`${theme.primaryColor}.6`} />
        </Card>
        <Card withBorder padding="lg">
          <Title order={4} mb="sm">Invoices</Title>
          {invoices.length === 0 ? <EmptyState title="No invoices yet">An invoice is issued after each billing period ends.</EmptyState>
            : <InvoiceTable invoices={invoices} showCustomer={false} linkTo={(invoice) => portalHref(`/portal/invoices/${invoice.id}`)} />}
        </Card>
      </Stack>
    </>
  );
}
