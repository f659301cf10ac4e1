import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconExternalLink, IconLink } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { CopyValue, DateTime } from "./display";
import { ErrorNotice } from "./layout";

/** Makes a read-only portal link for one customer (an hour), to open or hand over. */
export function PortalLinkButton({ customerId }: { customerId: string }) {
  const session = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/customers/{customer_id}/portal-sessions", {
      params: { path: { customer_id: customerId } }, body: {} })),
  });
  const link = session.data;
  return (
    <>
      <Button variant="default" leftSection={<IconLink size={16} />} loading={session.isPending}
        onClick={() => session.mutate()}>Portal link</Button>
      <Modal opened={Boolean(link) || Boolean(session.error)} onClose={() => session.reset()} title="Customer portal link">
        {session.error ? <ErrorNotice error={session.error} /> : link && (
          <Stack>
            <Text size="sm">Anyone with this link sees this customer's plan, usage and invoices, read-only, until <DateTime value={link.expires_at} />.</Text>
            <CopyValue value={link.url} label="portal link" />
            <Group justify="flex-end">
              <Button component="a" href={link.url} target="_blank" rel="noreferrer" leftSection={<IconExternalLink size={16} />}>Open</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
