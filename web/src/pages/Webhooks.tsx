import { Alert, Anchor, Badge, Button, Code, Group, Modal, Stack, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconAlertTriangle, IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, unwrap, type Schemas } from "../api/client";
import { CopyValue, DateTime } from "../components/display";
import { FormModal } from "../components/FormModal";
import { EmptyState, ErrorNotice, Loading, PageHeader } from "../components/layout";
import { PAGE_SIZE, Pager, usePaged } from "../components/paging";
import { WebhookForm } from "./WebhookForm";

type Endpoint = Schemas["EndpointOut"];
type Created = Schemas["EndpointWithSecretOut"];

export function EndpointState({ endpoint }: { endpoint: Endpoint }) {
  if (endpoint.enabled) {
    return endpoint.failing_since
      ? <Badge color="orange" variant="light" radius="sm">failing</Badge>
      : <Badge color="green" variant="light" radius="sm">enabled</Badge>;
  }
  return <Badge color="red" variant="light" radius="sm" title={endpoint.disabled_reason ?? ""}>disabled</Badge>;
}

/** The signing secret, shown once, with how a receiver checks a delivery. */
export function SecretModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  return (
    <Modal opened={secret !== null} onClose={onClose} title="Signing secret" size="lg" closeOnClickOutside={false}>
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Copy it now: it is shown only once">
          Your receiver verifies each delivery with it. If it is lost, rotate the secret.
        </Alert>
        {secret && <CopyValue value={secret} label="signing secret" />}
        <Text size="sm">Verify every request before acting on it (Python, Standard Webhooks):</Text>
        <Code block>{`from standardwebhooks import Webhook\nevent = Webhook(secret).verify(request.body, request.headers)\n# deduplicate on request.headers["webhook-id"]`}</Code>
        <Group justify="flex-end"><Button onClick={onClose}>I have stored it</Button></Group>
      </Stack>
    </Modal>
  );
}

export function WebhooksPage() {
  const [opened, { open, close }] = useDisclosure(false);
  const [created, setCreated] = useState<Created | null>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const paged = usePaged<Endpoint>(["webhook-endpoints", "list"], (cursor) =>
    unwrap(api.GET("/api/v1/webhook-endpoints", { params: { query: { limit: PAGE_SIZE, cursor } } })));
  const add = <Button leftSection={<IconPlus size={16} />} onClick={open}>Add endpoint</Button>;
  return (
    <>
      <PageHeader title="Webhooks" description="Fluxrate POSTs invoice, subscription, customer and entitlement events to your endpoints, signed, retried for three days." actions={add} />
      {paged.query.isPending ? <Loading /> : paged.query.error ? <ErrorNotice error={paged.query.error} /> :
        paged.rows.length === 0 ? (
          <EmptyState title="No webhook endpoints yet" action={add}>Add the URL of a server of yours; every event you choose is sent to it as it happens.</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead><Table.Tr><Table.Th>URL</Table.Th><Table.Th>Events</Table.Th><Table.Th>State</Table.Th><Table.Th>Created</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {paged.rows.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td><Anchor component={Link} to={`/webhooks/${e.id}`} ff="monospace" size="sm">{e.url}</Anchor>
                      {e.description && <Text size="xs" c="dimmed">{e.description}</Text>}</Table.Td>
                    <Table.Td><Text size="sm">{e.event_types.includes("*") ? "every event" : e.event_types.join(", ")}</Text></Table.Td>
                    <Table.Td><EndpointState endpoint={e} /></Table.Td>
                    <Table.Td><DateTime value={e.created_at} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      <Pager paged={paged} />
      <FormModal opened={opened} onClose={close} title="New webhook endpoint">
        <WebhookForm submitLabel="Add endpoint" onSubmit={async (fields) => {
          const made = await unwrap(api.POST("/api/v1/webhook-endpoints", { body: fields }));
          await queryClient.invalidateQueries({ queryKey: ["webhook-endpoints"] });
          close();
          setCreated(made);
        }} />
      </FormModal>
      <SecretModal secret={created?.secret ?? null} onClose={() => { const id = created?.id; setCreated(null); if (id) navigate(`/webhooks/${id}`); }} />
    </>
  );
}
