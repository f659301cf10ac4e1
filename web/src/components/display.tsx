import { Badge, Code, CopyButton, Group, Text, Tooltip, ActionIcon } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { formatDate, formatDateTime, formatMoney, utcTitle } from "../lib/format";

/** A local date and time; hovering shows the UTC instant. */
export function DateTime({ value, dateOnly = false }: { value: string | null | undefined; dateOnly?: boolean }) {
  if (!value) return <Text span c="dimmed">—</Text>;
  return (
    <Tooltip label={utcTitle(value)} openDelay={300}>
      <time dateTime={value} title={utcTitle(value)}>{dateOnly ? formatDate(value) : formatDateTime(value)}</time>
    </Tooltip>
  );
}

export function Money({ value, currency }: { value: string | null | undefined; currency: string }) {
  return <Text span ff="monospace" style={{ whiteSpace: "nowrap" }}>{formatMoney(value, currency)}</Text>;
}

const STATUS_COLORS: Record<string, string> = {
  ACTIVE: "green", TRIAL: "cyan", PAST_DUE: "orange", PAUSED: "yellow", CANCELED: "gray",
  INACTIVE: "gray", ARCHIVED: "gray", DRAFT: "gray", OPEN: "blue", PAID: "green", VOID: "dark",
  UNCOLLECTIBLE: "red", REVOKED: "red", FAILED: "red",
};

export function StatusBadge({ status }: { status: string }) {
  const label = status.replace("_", " ");
  return <Badge color={STATUS_COLORS[status.toUpperCase()] ?? "gray"} variant="light" radius="sm">{label}</Badge>;
}

/** A value to copy (a meter token, an API key) with a button that says it worked. */
export function CopyValue({ value, label }: { value: string; label: string }) {
  return (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
      <Code style={{ overflowWrap: "anywhere" }} data-testid={`value-${label}`}>{value}</Code>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? "Copied" : `Copy ${label}`} withArrow>
            <ActionIcon variant="subtle" color={copied ? "teal" : "gray"} onClick={copy}
              aria-label={`Copy ${label}`}>
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <div>{children}</div>
    </div>
  );
}
