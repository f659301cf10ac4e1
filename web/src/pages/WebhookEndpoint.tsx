import { Alert, Anchor, Button, Card, Group, Modal, NumberInput, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, unwrap, type Schemas } from "../api/client";
import { DateTime, Field } from "../components/display";
import { FormModal } from "../components/FormModal";
import { ErrorNotice, Loading, PageHeader } from "../components/layout";
import { WebhookDeliveries } from "../components/WebhookDeliveries";
import { WebhookForm } from "./WebhookForm";
import { EndpointState, SecretModal } from "./Webhooks";

type Endpoint = Schemas["EndpointOut"];

function RotateSecret({ endpoint, opened, onClose, onRotated }: {
  endpoint: Endpoint; opened: boolean; onClose: () => void; onRotated: (secret: string) => void;
}) {
  const [hours, setHours] = useState<number | string>(24);
  const rotate = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/webhook-endpoints/{endpoint_id}/rotate-secret", {
      params: { path: { endpoint_id: endpoint.id } }, body: { overlap_seconds: Math.round(Number(hours) * 3600) } })),
    onSuccess: (rotated) => { onClose(); onRotated(rotated.secret); },
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Rotate the signing secret">
      <Stack>
        <Text size="sm">A new secret signs from now on. During the overlap each delivery is signed with both, so your receiver can switch without missing one.</Text>
        <NumberInput label="Overlap (hours)" min={0} max={168} value={hours} onChange={setHours} />
        {rotate.error && <ErrorNotice error={rotate.error} />}
        <Group justify="flex-end"><Button loading={rotate.isPending} onClick={() => rotate.mutate()}>Rotate</Button></Group>
      </Stack>
    </Modal>
  );
}

export function WebhookEndpointPage() {
  const { endpointId = "" } = useParams();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const path = { params: { path: { endpoint_id: endpointId } } };
  const endpoint = useQuery({
    queryKey: ["webhook-endpoints", endpointId],
    queryFn: () => unwrap(api.GET("/api/v1/webhook-endpoints/{endpoint_id}", path)),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["webhook-endpoints"] });
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => unwrap(api.PATCH("/api/v1/webhook-endpoints/{endpoint_id}", { ...path, body: { enabled } })),
    onSuccess: refresh,
  });
  const test = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/webhook-endpoints/{endpoint_id}/test", path)),
    onSuccess: async () => {
      notifications.show({ color: "green", message: "Test event sent: it appears in the log below" });
      await queryClient.invalidateQueries({ queryKey: ["webhook-deliveries", endpointId] });
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/webhook-endpoints/{endpoint_id}", path)),
    onSuccess: async () => { await refresh(); navigate("/webhooks"); },
  });
  if (endpoint.isPending) return <Loading />;
  if (endpoint.error) return <ErrorNotice error={endpoint.error} />;
  const e = endpoint.data;
  return (
    <>
      <PageHeader title={<Group gap="sm"><Text span inherit ff="monospace" style={{ overflowWrap: "anywhere" }}>{e.url}</Text><EndpointState endpoint={e} /></Group>}
        description={<Anchor component={Link} to="/webhooks">Webhooks</Anchor>}
        actions={<>
          <Button onClick={() => test.mutate()} loading={test.isPending}>Send test event</Button>
          <Button variant="default" onClick={() => setEditing(true)}>Edit</Button>
          <Button variant="default" onClick={() => setRotating(true)}>Rotate secret</Button>
          <Button variant="default" color={e.enabled ? "red" : undefined} loading={toggle.isPending}
            onClick={() => toggle.mutate(!e.enabled)}>{e.enabled ? "Disable" : "Enable"}</Button>
          <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>Delete</Button>
        </>} />
      <Stack>
        {(test.error || toggle.error || remove.error) && <ErrorNotice error={test.error ?? toggle.error ?? remove.error} />}
        {!e.enabled && e.disabled_reason && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Disabled" data-testid="disabled-reason">
            {e.disabled_reason}. Enable it once it answers again, then replay what it missed.
          </Alert>)}
        <Card withBorder padding="lg">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <Field label="Events"><Text size="sm">{e.event_types.includes("*") ? "Every event type" : e.event_types.join(", ")}</Text></Field>
            <Field label="Description"><Text size="sm">{e.description ?? "—"}</Text></Field>
            <Field label="Failing since"><DateTime value={e.failing_since} /></Field>
            <Field label="Previous secret signs until"><DateTime value={e.previous_secret_expires_at} /></Field>
          </SimpleGrid>
        </Card>
        <Title order={4}>Deliveries</Title>
        <WebhookDeliveries endpointId={e.id} />
      </Stack>
      <FormModal opened={editing} onClose={() => setEditing(false)} title="Edit endpoint">
        <WebhookForm endpoint={e} submitLabel="Save" onSubmit={async (fields) => {
          await unwrap(api.PATCH("/api/v1/webhook-endpoints/{endpoint_id}", { ...path, body: fields }));
          await refresh();
          setEditing(false);
        }} />
      </FormModal>
      <RotateSecret endpoint={e} opened={rotating} onClose={() => setRotating(false)} onRotated={(s) => { setSecret(s); void refresh(); }} />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
      <Modal opened={deleting} onClose={() => setDeleting(false)} title="Delete this endpoint?">
        <Stack>
          <Text size="sm">Nothing more is sent to it, and its delivery log goes with it. This cannot be undone.</Text>
          <Group justify="flex-end"><Button variant="default" onClick={() => setDeleting(false)}>Keep it</Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>Delete</Button></Group>
        </Stack>
      </Modal>
    </>
  );
}
