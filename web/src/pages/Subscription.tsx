import { Anchor, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import { useCustomer, usePlan, type Invoice } from "../api/hooks";
import { DateTime, Field, StatusBadge } from "../components/display";
import { InvoiceTable } from "../components/InvoiceTable";
import { EmptyState, ErrorNotice, Loading, PageHeader } from "../components/layout";
import { Pager, usePaged } from "../components/paging";
import { LinesTable } from "../components/UpcomingLines";
import { CancelDialog, ChangePlanDialog, usePauseResume } from "./SubscriptionActions";

function Upcoming({ subscriptionId }: { subscriptionId: string }) {
  const upcoming = useQuery({
    queryKey: ["upcoming", subscriptionId],
    queryFn: () => unwrap(api.GET("/api/v1/subscriptions/{subscription_id}/upcoming-invoice", {
      params: { path: { subscription_id: subscriptionId } } })),
    refetchInterval: 15_000,
    // A subscription made a moment ago reaches the invoicing service within a second or so.
    retry: 5,
    retryDelay: 1000,
  });
  if (upcoming.isPending) return <Loading />;
  if (upcoming.error) return <ErrorNotice error={upcoming.error} />;
  const u = upcoming.data;
  return (
    <>
      <Text size="sm" c="dimmed" mb="xs">Period <DateTime value={u.period_start} /> – <DateTime value={u.period_end} />, usage until <DateTime value={u.usage_until} /></Text>
      {u.lines.length === 0 ? <EmptyState title="Nothing to bill">The plan has no active charges.</EmptyState> :
        <LinesTable lines={u.lines} currency={u.currency} subtotal={u.subtotal} total={u.total} />}
    </>
  );
}

function History({ subscriptionId }: { subscriptionId: string }) {
  const events = useQuery({
    queryKey: ["subscriptions", subscriptionId, "events"],
    queryFn: () => unwrap(api.GET("/api/v1/subscriptions/{subscription_id}/events", {
      params: { path: { subscription_id: subscriptionId }, query: { limit: 50 } } })),
  });
  // This endpoint's document declares no response schema: read the fields the log needs.
  const rows = ((events.data as { data?: unknown[] } | undefined)?.data ?? []) as { id?: string; type?: string; occurred_at?: string }[];
  if (events.isPending) return <Loading />;
  return rows.length === 0 ? <Text c="dimmed" size="sm">No events yet.</Text> : (
    <Table fz="sm"><Table.Tbody>
      {rows.map((event, i) => (
        <Table.Tr key={event.id ?? i}><Table.Td ff="monospace">{event.type}</Table.Td><Table.Td ta="right"><DateTime value={event.occurred_at} /></Table.Td></Table.Tr>
      ))}
    </Table.Tbody></Table>
  );
}

export function SubscriptionPage() {
  const { subscriptionId = "" } = useParams();
  const [canceling, cancel] = useDisclosure(false);
  const [changing, change] = useDisclosure(false);
  const subscription = useQuery({
    queryKey: ["subscriptions", subscriptionId],
    queryFn: () => unwrap(api.GET("/api/v1/subscriptions/{subscription_id}", { params: { path: { subscription_id: subscriptionId } } })),
  });
  const s = subscription.data;
  const customer = useCustomer(s?.customer_id).data;
  const plan = usePlan(s?.plan_id).data;
  const pending = usePlan(s?.pending_plan_id ?? undefined).data;
  const invoices = usePaged<Invoice>(["invoices", "of-subscription", subscriptionId], (cursor) =>
    unwrap(api.GET("/api/v1/invoices", { params: { query: { subscription_id: subscriptionId, cursor, limit: 10 } } })));
  const actions = usePauseResume(s ?? ({ id: subscriptionId } as never));
  if (subscription.isPending) return <Loading />;
  if (subscription.error || !s) return <ErrorNotice error={subscription.error} />;
  const live = s.status !== "CANCELED";
  return (
    <>
      <PageHeader title={<Group gap="sm">Subscription<StatusBadge status={s.status} /></Group>}
        description={<><Anchor component={Link} to="/subscriptions">Subscriptions</Anchor> · {customer ? <Anchor component={Link} to={`/customers/${s.customer_id}`}>{customer.external_id}</Anchor> : "…"} on {plan?.name ?? "…"}</>}
        actions={live && <>
          {s.status === "ACTIVE" && <Button variant="default" loading={actions.pending} onClick={actions.pause}>Pause</Button>}
          {s.status === "PAUSED" && <Button variant="default" loading={actions.pending} onClick={actions.resume}>Resume</Button>}
          <Button variant="default" onClick={change.open}>Change plan</Button>
          <Button variant="default" color="red" onClick={cancel.open}>Cancel</Button>
        </>} />
      {actions.error && <ErrorNotice error={actions.error} />}
      <Stack>
        <Card withBorder padding="lg">
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Field label="Plan">{plan ? <Anchor component={Link} to={`/plans/${plan.id}`}>{plan.name}</Anchor> : "…"}</Field>
            <Field label="Current period"><Text size="sm"><DateTime value={s.current_period_start} /> – <DateTime value={s.current_period_end} /></Text></Field>
            <Field label="Started"><DateTime value={s.start_date} /></Field>
            <Field label="Trial ends"><DateTime value={s.trial_end} /></Field>
            {s.cancel_at_period_end && <Field label="Cancels"><Text size="sm">at the end of this period</Text></Field>}
            {pending && <Field label="Next plan"><Text size="sm">{pending.name} from the next period</Text></Field>}
            {s.paused_at && <Field label="Paused since"><DateTime value={s.paused_at} /></Field>}
            {s.canceled_at && <Field label="Canceled"><DateTime value={s.canceled_at} /></Field>}
            {s.end_date && <Field label="Ends"><DateTime value={s.end_date} /></Field>}
          </SimpleGrid>
        </Card>
        {live && <Card withBorder padding="lg"><Title order={4} mb="sm">Upcoming invoice</Title><Upcoming subscriptionId={s.id} /></Card>}
        <Card withBorder padding="lg">
          <Title order={4} mb="sm">Invoices</Title>
          {invoices.rows.length === 0 ? <EmptyState title="No invoices yet">Each period that ends is invoiced: a draft first, finalized after the review window.</EmptyState> :
            <InvoiceTable invoices={invoices.rows} showCustomer={false} />}
          <Pager paged={invoices} />
        </Card>
        <Card withBorder padding="lg"><Title order={4} mb="sm">History</Title><History subscriptionId={s.id} /></Card>
      </Stack>
      <CancelDialog subscription={s} opened={canceling} onClose={cancel.close} />
      <ChangePlanDialog subscription={s} opened={changing} onClose={change.close} />
    </>
  );
}
