// An endpoint's delivery log: each event sent, its state, and every attempt (when, status code,
// how long, the start of the answer); replay one, or every failed one since a moment.
import { Badge, Button, Code, Group, Modal, SegmentedControl, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { DateTime } from "./display";
import { EmptyState, ErrorNotice, Loading } from "./layout";
import { PAGE_SIZE, Pager, usePaged } from "./paging";

type Delivery = Schemas["DeliveryOut"];
type Status = "pending" | "succeeded" | "failed";
const COLORS: Record<Status, string> = { pending: "blue", succeeded: "green", failed: "red" };

function Attempts({ delivery }: { delivery: Delivery }) {
  if (delivery.attempts.length === 0) return <Text size="sm" c="dimmed">Not attempted yet.</Text>;
  return (
    <Table withRowBorders={false} fz="xs" data-testid="attempts">
      <Table.Thead><Table.Tr><Table.Th>Attempted</Table.Th><Table.Th>Status</Table.Th><Table.Th>Latency</Table.Th><Table.Th>Answer</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {delivery.attempts.map((a, i) => (
          <Table.Tr key={i}>
            <Table.Td><DateTime value={a.attempted_at} /></Table.Td>
            <Table.Td>{a.status_code ?? "—"}</Table.Td>
            <Table.Td>{a.latency_ms} ms</Table.Td>
            <Table.Td><Code style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{a.error ?? a.response_excerpt ?? ""}</Code></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ReplayRange({ endpointId, opened, onClose }: { endpointId: string; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [since, setSince] = useState(() => new Date(Date.now() - 86_400_000).toISOString().slice(0, 16));
  const [status, setStatus] = useState<"failed" | "all">("failed");
  const replay = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/webhook-endpoints/{endpoint_id}/replay", {
      params: { path: { endpoint_id: endpointId } }, body: { since: new Date(since).toISOString(), status } })),
    onSuccess: async (done) => {
      notifications.show({ color: "green", message: `${done.replayed} deliveries sent again` });
      await queryClient.invalidateQueries({ queryKey: ["webhook-deliveries", endpointId] });
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Replay deliveries">
      <Stack>
        <TextInput type="datetime-local" label="Created since" value={since} onChange={(e) => setSince(e.currentTarget.value)} />
        <Select label="Which" value={status} onChange={(v) => setStatus((v as "failed" | "all") ?? "failed")} allowDeselect={false}
          data={[{ value: "failed", label: "Failed ones (gave up)" }, { value: "all", label: "All of them" }]} />
        {replay.error && <ErrorNotice error={replay.error} />}
        <Group justify="flex-end"><Button loading={replay.isPending} onClick={() => replay.mutate()}>Replay</Button></Group>
      </Stack>
    </Modal>
  );
}

export function WebhookDeliveries({ endpointId }: { endpointId: string }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<"all" | Status>("all");
  const [open, setOpen] = useState<string | null>(null);
  const [ranging, setRanging] = useState(false);
  const paged = usePaged<Delivery>(["webhook-deliveries", endpointId, status], (cursor) =>
    unwrap(api.GET("/api/v1/webhook-endpoints/{endpoint_id}/deliveries", { params: {
      path: { endpoint_id: endpointId },
      query: { limit: PAGE_SIZE, cursor, status: status === "all" ? undefined : status } } })),
  { refetchInterval: 2_000 });
  const replay = useMutation({
    mutationFn: (d: Delivery) => unwrap(api.POST("/api/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/replay",
      { params: { path: { endpoint_id: endpointId, delivery_id: d.id } } })),
    onSuccess: async () => {
      notifications.show({ color: "green", message: "Sent again, with the same webhook-id" });
      await queryClient.invalidateQueries({ queryKey: ["webhook-deliveries", endpointId] });
    },
  });
  return (
    <Stack>
      <Group justify="space-between">
        <SegmentedControl value={status} onChange={(v) => setStatus(v as "all" | Status)} size="xs"
          data={["all", "pending", "succeeded", "failed"]} aria-label="Delivery status" />
        <Button size="xs" variant="default" onClick={() => setRanging(true)}>Replay a time range</Button>
      </Group>
      {replay.error && <ErrorNotice error={replay.error} />}
      {paged.query.isPending ? <Loading /> : paged.query.error ? <ErrorNotice error={paged.query.error} /> :
        paged.rows.length === 0 ? <EmptyState title="No deliveries yet">Events this endpoint subscribes to appear here as they are sent. Try “Send test event”.</EmptyState> : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" data-testid="deliveries">
              <Table.Thead><Table.Tr><Table.Th>Created</Table.Th><Table.Th>Event</Table.Th><Table.Th>State</Table.Th><Table.Th>Attempts</Table.Th><Table.Th>Last status</Table.Th><Table.Th /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {paged.rows.map((d) => {
                  const last = d.attempts[d.attempts.length - 1];
                  return (
                    <Fragment key={d.id}>
                      <Table.Tr data-testid="delivery-row">
                        <Table.Td><DateTime value={d.created_at} /></Table.Td>
                        <Table.Td ff="monospace" fz="sm">{d.event_type}</Table.Td>
                        <Table.Td><Badge color={COLORS[d.status]} variant="light" radius="sm">{d.status}</Badge></Table.Td>
                        <Table.Td>{d.attempts.length}</Table.Td>
                        <Table.Td>{last ? (last.status_code ?? "no answer") : "—"}</Table.Td>
                        <Table.Td ta="right"><Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="subtle" onClick={() => setOpen(open === d.id ? null : d.id)}>{open === d.id ? "Hide" : "Attempts"}</Button>
                          <Button size="xs" variant="subtle" loading={replay.isPending && replay.variables?.id === d.id} onClick={() => replay.mutate(d)}>Replay</Button>
                        </Group></Table.Td>
                      </Table.Tr>
                      {open === d.id && <Table.Tr><Table.Td colSpan={6}>
                        <Text size="xs" c="dimmed" mb={4}>webhook-id <Code>{d.webhook_id}</Code></Text>
                        <Attempts delivery={d} />
                      </Table.Td></Table.Tr>}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      <Pager paged={paged} />
      <ReplayRange endpointId={endpointId} opened={ranging} onClose={() => setRanging(false)} />
    </Stack>
  );
}
