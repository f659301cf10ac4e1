import { Center, Paper, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconLink } from "@tabler/icons-react";
import type { ReactNode } from "react";

/** Why the portal cannot show anything: no token, an expired or revoked one, a wrong page. */
export function LinkProblem({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="60vh" p="md">
      <Paper withBorder p="xl" radius="md" maw={460} data-testid="link-problem">
        <Stack align="center" gap="xs" ta="center">
          <ThemeIcon size={44} radius="xl" variant="light"><IconLink size={24} /></ThemeIcon>
          <Text fw={600}>{title}</Text>
          <Text c="dimmed" size="sm">{children}</Text>
        </Stack>
      </Paper>
    </Center>
  );
}
