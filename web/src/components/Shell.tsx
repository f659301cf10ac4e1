import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Stack, Text, ThemeIcon } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconChartLine, IconCreditCard, IconFileInvoice, IconHome, IconKey, IconListDetails,
  IconLogout, IconPackage, IconPuzzle, IconUsers, IconWebhook,
} from "@tabler/icons-react";
import { Link, Outlet, useLocation } from "react-router";
import { useMe, useSignOut } from "../auth";

const NAV = [
  { to: "/", label: "Get started", icon: IconHome, exact: true },
  { to: "/features", label: "Features", icon: IconPuzzle },
  { to: "/plans", label: "Plans", icon: IconPackage },
  { to: "/customers", label: "Customers", icon: IconUsers },
  { to: "/subscriptions", label: "Subscriptions", icon: IconCreditCard },
  { to: "/usage", label: "Usage log", icon: IconChartLine },
  { to: "/invoices", label: "Invoices", icon: IconFileInvoice },
  { to: "/api-keys", label: "API keys", icon: IconKey },
  { to: "/webhooks", label: "Webhooks", icon: IconWebhook },
];

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const me = useMe().data;
  const signOut = useSignOut();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <ThemeIcon size="md" radius="md" aria-hidden><IconListDetails size={16} /></ThemeIcon>
            <Text fw={700} size="lg">Fluxrate</Text>
            {me && <Text c="dimmed" size="sm" visibleFrom="xs" data-testid="org-name">· {me.org.name}</Text>}
          </Group>
          <Group gap="sm" wrap="nowrap">
            {me?.user && <Text size="sm" visibleFrom="sm" data-testid="user-email">{me.user.email}</Text>}
            <Button variant="subtle" size="xs" leftSection={<IconLogout size={16} />} onClick={signOut}>
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Dashboard">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            {NAV.map((item) => {
              const active = item.exact ? pathname === item.to : pathname.startsWith(item.to);
              return (
                <NavLink key={item.to} component={Link} to={item.to} label={item.label} active={active}
                  leftSection={<item.icon size={18} stroke={1.6} />} onClick={close}
                  aria-current={active ? "page" : undefined} />
              );
            })}
          </Stack>
        </AppShell.Section>
        {me && (
          <AppShell.Section hiddenFrom="xs" p="xs">
            <Text size="xs" c="dimmed">{me.org.name}</Text>
          </AppShell.Section>
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        <div style={{ maxWidth: 1200, margin: "0 auto" }}><Outlet /></div>
      </AppShell.Main>
    </AppShell>
  );
}
