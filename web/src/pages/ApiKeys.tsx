import { Alert, Badge, Button, Checkbox, Group, Modal, Stack, Table, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { CopyValue, DateTime, StatusBadge } from "../components/display";
import { FormModal } from "../components/FormModal";
import { EmptyState, ErrorNotice, FormError, Loading, PageHeader } from "../components/layout";
import { PAGE_SIZE, Pager, usePaged } from "../components/paging";
import { applyApiError } from "../lib/forms";

type ApiKey = Schemas["ApiKeyOut"];

function CreateKey({ onCreated }: { onCreated: (key: string) => void }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: "", scopes: ["write", "read"] as ("read" | "write")[] } });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      const created = await unwrap(api.POST("/api/v1/api-keys", { body: { name: v.name.trim(), scopes: v.scopes } }));
      await queryClient.invalidateQueries({ queryKey: ["api-keys"] });
      onCreated(created.key);
    } catch (caught) {
      setError(applyApiError(form, caught));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={error} />
        <TextInput label="Name" required placeholder="backend" description="Where the key is used" {...form.getInputProps("name")} />
        <Checkbox.Group label="Scopes" description="write sends usage and changes things; read only reads" {...form.getInputProps("scopes")}>
          <Group mt="xs"><Checkbox value="write" label="write" /><Checkbox value="read" label="read" /></Group>
        </Checkbox.Group>
        <Group justify="flex-end"><Button type="submit" loading={form.submitting}>Create key</Button></Group>
      </Stack>
    </form>
  );
}

export function ApiKeysPage() {
  const [opened, { open, close }] = useDisclosure(false);
  const [shownKey, setShownKey] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const queryClient = useQueryClient();
  const paged = usePaged<ApiKey>(["api-keys", "list"], (cursor) =>
    unwrap(api.GET("/api/v1/api-keys", { params: { query: { limit: PAGE_SIZE, cursor } } })));
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => unwrap(api.DELETE("/api/v1/api-keys/{key_id}", { params: { path: { key_id: key.id } } })),
    onSuccess: async () => {
      setRevoking(null);
      notifications.show({ color: "green", message: "Key revoked" });
      await queryClient.invalidateQueries({ queryKey: ["api-keys"] });
    },
  });
  const create = <Button leftSection={<IconPlus size={16} />} onClick={open}>New API key</Button>;
  return (
    <>
      <PageHeader title="API keys" description="Keys for your backend: send usage, sync customers, read entitlements." actions={create} />
      {paged.query.isPending ? <Loading /> : paged.query.error ? <ErrorNotice error={paged.query.error} /> :
        paged.rows.length === 0 ? (
          <EmptyState title="No API keys yet" action={create}>Create a key with the write scope for your backend to send usage events (X-API-Key header).</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm">
              <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Key</Table.Th><Table.Th>Scopes</Table.Th>
                <Table.Th>Status</Table.Th><Table.Th>Last used</Table.Th><Table.Th>Created</Table.Th><Table.Th /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {paged.rows.map((key) => (
                  <Table.Tr key={key.id}>
                    <Table.Td fw={500}>{key.name}</Table.Td>
                    <Table.Td ff="monospace">{key.prefix}…</Table.Td>
                    <Table.Td><Group gap={4}>{key.scopes.map((s) => <Badge key={s} variant="light" radius="sm">{s}</Badge>)}</Group></Table.Td>
                    <Table.Td><StatusBadge status={key.status} /></Table.Td>
                    <Table.Td><DateTime value={key.last_used_at} /></Table.Td>
                    <Table.Td><DateTime value={key.created_at} /></Table.Td>
                    <Table.Td ta="right">{key.status === "active" &&
                      <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(key)}>Revoke</Button>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      <Pager paged={paged} />
      <FormModal opened={opened} onClose={close} title="New API key" size="md">
        <CreateKey onCreated={(key) => { close(); setShownKey(key); }} />
      </FormModal>
      <Modal opened={shownKey !== null} onClose={() => setShownKey(null)} title="Your new API key" size="lg" closeOnClickOutside={false}>
        <Stack>
          <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Copy it now: it is shown only once">
            Store it in a secret store. Fluxrate keeps only its hash and cannot show it again; if it is lost, create a new key and revoke this one.
          </Alert>
          {shownKey && <CopyValue value={shownKey} label="API key" />}
          <Group justify="flex-end"><Button onClick={() => setShownKey(null)}>I have stored it</Button></Group>
        </Stack>
      </Modal>
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title={`Revoke "${revoking?.name}"?`}>
        <Stack>
          <Text size="sm">Requests with this key are refused from now on. This cannot be undone.</Text>
          {revoke.error && <ErrorNotice error={revoke.error} />}
          <Group justify="flex-end"><Button variant="default" onClick={() => setRevoking(null)}>Keep it</Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoking && revoke.mutate(revoking)}>Revoke</Button></Group>
        </Stack>
      </Modal>
    </>
  );
}
