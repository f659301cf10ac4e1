import { Alert, Anchor, Button, Card, Group, Modal, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconClock } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import type { Invoice } from "../api/hooks";
import { DateTime, Field, Money, StatusBadge } from "../components/display";
import { ErrorNotice, Loading, PageHeader } from "../components/layout";
import { LinesTable } from "../components/UpcomingLines";
import { formatDuration } from "../lib/format";

type Action = "finalize" | "pay" | "void" | "mark-uncollectible" | "retry";
// What each status allows, as the invoice lifecycle does: nothing else is offered.
const ALLOWED: Record<string, Action[]> = {
  DRAFT: ["finalize", "void"], OPEN: ["pay", "void", "mark-uncollectible"], FAILED: ["retry", "void"],
};
const LABELS: Record<Action, string> = {
  finalize: "Finalize and send", pay: "Mark paid", void: "Void", "mark-uncollectible": "Mark uncollectible", retry: "Price again",
};
const WARNINGS: Record<Action, string> = {
  finalize: "The invoice gets its number, becomes OPEN and is emailed to the customer. Its lines cannot change after this.",
  pay: "Record that the total was received.",
  void: "The invoice is cancelled permanently. It stays in the records but is never collected.",
  "mark-uncollectible": "Write the invoice off as bad debt. This is permanent.",
  retry: "Price the period again, once what stopped it is fixed: it becomes a DRAFT with a new review window, or stays FAILED with the reason.",
};

function Countdown({ until }: { until: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => { const t = window.setInterval(() => setNow(Date.now()), 1000); return () => window.clearInterval(t); }, []);
  const left = new Date(until).getTime() - now;
  return (
    <Alert color="blue" icon={<IconClock size={18} />} title="In review" data-testid="review-countdown">
      {left > 0 ? <>Finalized and emailed automatically in <b>{formatDuration(left)}</b> (<DateTime value={until} />). Finalize now to send it at once.</>
        : <>The review window is over: it is being finalized now.</>}
    </Alert>
  );
}

function ActionDialog({ invoice, action, onClose }: { invoice: Invoice; action: Action | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reference, setReference] = useState("");
  const mutation = useMutation({
    mutationFn: (a: Action) => {
      const path = { params: { path: { invoice_id: invoice.id } } };
      if (a === "finalize") return unwrap(api.POST("/api/v1/invoices/{invoice_id}/finalize", path));
      if (a === "pay") return unwrap(api.POST("/api/v1/invoices/{invoice_id}/pay", { ...path, body: { amount: invoice.total, reference: reference.trim() || null } }));
      if (a === "void") return unwrap(api.POST("/api/v1/invoices/{invoice_id}/void", path));
      if (a === "retry") return unwrap(api.POST("/api/v1/invoices/{invoice_id}/retry", path));
      return unwrap(api.POST("/api/v1/invoices/{invoice_id}/mark-uncollectible", path));
    },
    onSuccess: async (updated) => {
      queryClient.setQueryData(["invoices", invoice.id], updated);
      await queryClient.invalidateQueries({ queryKey: ["invoices"] });
      notifications.show({ color: "green", message: `Invoice ${updated.number ?? ""} is ${updated.status}` });
      onClose();
    },
  });
  return (
    <Modal opened={action !== null} onClose={onClose} title={action ? `${LABELS[action]}?` : ""}>
      {action && (
        <Stack>
          <Text size="sm">{WARNINGS[action]}</Text>
          {action === "pay" && <TextInput label="Payment reference" placeholder="e.g. bank transfer id" value={reference} onChange={(e) => setReference(e.currentTarget.value)} />}
          {mutation.error && <ErrorNotice error={mutation.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Back</Button>
            <Button color={action === "void" || action === "mark-uncollectible" ? "red" : undefined} loading={mutation.isPending}
              onClick={() => mutation.mutate(action)}>{LABELS[action]}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

export function InvoicePage() {
  const { invoiceId = "" } = useParams();
  const [action, setAction] = useState<Action | null>(null);
  const invoice = useQuery({
    queryKey: ["invoices", invoiceId],
    queryFn: () => unwrap(api.GET("/api/v1/invoices/{invoice_id}", { params: { path: { invoice_id: invoiceId } } })),
    refetchInterval: (query) => (query.state.data?.status === "DRAFT" ? 5_000 : false),
  });
  if (invoice.isPending) return <Loading />;
  if (invoice.error) return <ErrorNotice error={invoice.error} />;
  const inv = invoice.data;
  const customer = (inv.customer ?? {}) as Record<string, unknown>;
  const address = (customer.billing_address ?? customer.address ?? {}) as Record<string, string | null>;
  return (
    <>
      <PageHeader title={<Group gap="sm">{inv.number ? `Invoice ${inv.number}` : inv.status === "FAILED" ? "Invoice not priced" : "Draft invoice"}<StatusBadge status={inv.status} /></Group>}
        description={<><Anchor component={Link} to="/invoices">Invoices</Anchor> · <Anchor component={Link} to={`/subscriptions/${inv.subscription_id}`}>subscription</Anchor></>}
        actions={(ALLOWED[inv.status] ?? []).map((a) => (
          <Button key={a} variant={a === "finalize" || a === "pay" || a === "retry" ? "filled" : "default"} color={a === "void" || a === "mark-uncollectible" ? "red" : undefined}
            onClick={() => setAction(a)}>{LABELS[a]}</Button>
        ))} />
      <Stack>
        {inv.status === "DRAFT" && <Countdown until={inv.finalize_at} />}
        {inv.status === "FAILED" && (
          <Alert color="red" title="This period could not be priced" data-testid="failure-reason">
            <Text size="sm" ff="monospace">{inv.failure_reason}</Text>
            <Text size="sm" mt="xs">Fix the cause (the plan or its charges), then price it again. Until then nothing is billed for this period.</Text>
          </Alert>
        )}
        <Card withBorder padding="lg">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <Field label="Bill to">
              <Anchor component={Link} to={`/customers/${inv.customer_id}`} size="sm">{String(customer.name ?? customer.external_id ?? "Customer")}</Anchor>
              {Boolean(customer.email) && <Text size="sm">{String(customer.email)}</Text>}
              <Text size="sm" c="dimmed">{Object.values(address).filter(Boolean).join(", ")}</Text>
            </Field>
            <Field label="Period"><Text size="sm"><DateTime value={inv.period_start} /> – <DateTime value={inv.period_end} /></Text></Field>
            <Field label="Due"><DateTime value={inv.due_date} dateOnly /></Field>
            <Field label="Total"><Text fw={700} size="lg">{inv.status === "FAILED" ? "—" : <Money value={inv.total} currency={inv.currency} />}</Text></Field>
            {inv.finalized_at && <Field label="Finalized"><DateTime value={inv.finalized_at} /></Field>}
            {inv.paid_at && <Field label="Paid"><DateTime value={inv.paid_at} />{inv.payment_reference && <Text size="xs" c="dimmed">{inv.payment_reference}</Text>}</Field>}
          </SimpleGrid>
        </Card>
        <Card withBorder padding="lg">
          <LinesTable lines={inv.lines} currency={inv.currency} subtotal={inv.subtotal} total={inv.total} />
        </Card>
      </Stack>
      <ActionDialog invoice={inv} action={action} onClose={() => setAction(null)} />
    </>
  );
}
