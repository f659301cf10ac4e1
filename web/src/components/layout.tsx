import { Alert, Button, Center, Group, Loader, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconAlertTriangle, IconInbox } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { ApiError } from "../api/client";

export function PageHeader({ title, description, actions }: {
  title: ReactNode; description?: ReactNode; actions?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-start" mb="lg" gap="sm">
      <div style={{ minWidth: 0 }}>
        <Title order={2}>{title}</Title>
        {description && <Text c="dimmed" size="sm" mt={4}>{description}</Text>}
      </div>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}

/** What an empty list means and what to do next. */
export function EmptyState({ title, children, action }: {
  title: string; children?: ReactNode; action?: ReactNode;
}) {
  return (
    <Paper withBorder p="xl" radius="md" data-testid="empty-state">
      <Stack align="center" gap="xs" ta="center">
        <ThemeIcon size={44} radius="xl" variant="light"><IconInbox size={24} /></ThemeIcon>
        <Text fw={600}>{title}</Text>
        {children && <Text c="dimmed" size="sm" maw={460}>{children}</Text>}
        {action && <div style={{ marginTop: 8 }}>{action}</div>}
      </Stack>
    </Paper>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return <Center p="xl"><Loader size="sm" aria-label={label} /></Center>;
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Something went wrong" role="alert">
      <Group justify="space-between">
        <Text size="sm">{message}</Text>
        {onRetry && <Button size="xs" variant="light" color="red" onClick={onRetry}>Try again</Button>}
      </Group>
    </Alert>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return <Alert color="red" role="alert" icon={<IconAlertTriangle size={18} />}>{message}</Alert>;
}
