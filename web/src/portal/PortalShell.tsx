import { AppShell, Group, Image, Text, ThemeIcon } from "@mantine/core";
import { IconListDetails } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { DateTime } from "../components/display";
import { portalHref } from "./client";
import type { Summary } from "./summary";

/** The dashboard's header, carrying the org's name and logo; no navigation beyond home. */
export function PortalShell({ summary, children }: { summary: Summary; children: ReactNode }) {
  const { org, customer, session } = summary;
  return (
    <AppShell header={{ height: 56 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap" renderRoot={(props) => <Link to={portalHref("/portal")} {...props} />}
            style={{ color: "inherit", textDecoration: "none" }}>
            {org.logo_url ? <Image src={org.logo_url} alt="" h={28} w="auto" fit="contain" referrerPolicy="no-referrer" />
              : <ThemeIcon size="md" radius="md" aria-hidden><IconListDetails size={16} /></ThemeIcon>}
            <Text fw={700} size="lg" data-testid="portal-org">{org.name}</Text>
            <Text c="dimmed" size="sm" visibleFrom="xs">· Billing</Text>
          </Group>
          <Text size="sm" visibleFrom="sm" data-testid="portal-customer">{customer.name ?? customer.email ?? customer.external_id}</Text>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <div style={{ maxWidth: 1100, margin: "0 auto" }}>
          {children}
          <Text size="xs" c="dimmed" ta="center" mt="xl">
            Read-only view for {customer.name ?? customer.external_id}; this link works until <DateTime value={session.expires_at} />.
          </Text>
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
