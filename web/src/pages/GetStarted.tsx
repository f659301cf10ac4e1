import { Anchor, Badge, Card, Code, Group, SimpleGrid, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconCheck } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import { PageHeader } from "../components/layout";

function useHasAny(key: string, load: () => Promise<{ data?: unknown[] }>) {
  return useQuery({ queryKey: [key, "any"], queryFn: async () => ((await load()).data ?? []).length > 0 }).data;
}

/** The quickstart, step by step, each step ticked once it is done. */
export function GetStartedPage() {
  const steps = [
    { to: "/features", title: "Create a meter feature", text: "Define what usage you track: the meter, its unit and aggregation.",
      done: useHasAny("features", () => unwrap(api.GET("/api/v1/features", { params: { query: { limit: 1 } } }))) },
    { to: "/plans", title: "Create a plan", text: "Charges (fixed or usage based) and the features it unlocks.",
      done: useHasAny("plans", () => unwrap(api.GET("/api/v1/plans", { params: { query: { limit: 1 } } }))) },
    { to: "/customers", title: "Create a customer", text: "Your customer, by your own id (external id).",
      done: useHasAny("customers", () => unwrap(api.GET("/api/v1/customers", { params: { query: { limit: 1 } } }))) },
    { to: "/subscriptions", title: "Subscribe the customer", text: "Pick the customer and the plan, a start date and an optional trial.",
      done: useHasAny("subscriptions", () => unwrap(api.GET("/api/v1/subscriptions", { params: { query: { limit: 1 } } }))) },
    { to: "/api-keys", title: "Generate an API key", text: "Scoped write, read or both; shown only once.",
      done: useHasAny("api-keys", () => unwrap(api.GET("/api/v1/api-keys", { params: { query: { limit: 1 } } }))) },
    { to: "/usage", title: "Send usage events", text: "POST /api/v1/usage from your backend, then verify it in the usage log.",
      done: useHasAny("usage-events", () => unwrap(api.GET("/api/v1/usage/events", { params: { query: { limit: 1 } } }))) },
  ];
  return (
    <>
      <PageHeader title="Get started" description="Your billing in six steps. Each step opens the page that does it." />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {steps.map((step, index) => (
          <Card key={step.to} withBorder padding="lg" component={Link} to={step.to}>
            <Group justify="space-between" mb="xs">
              <Badge variant="light">Step {index + 1}</Badge>
              {step.done && <ThemeIcon color="green" size="sm" radius="xl" aria-label="done"><IconCheck size={14} /></ThemeIcon>}
            </Group>
            <Text fw={600}>{step.title}</Text>
            <Text size="sm" c="dimmed" mt={4}>{step.text}</Text>
          </Card>
        ))}
      </SimpleGrid>
      <Stack mt="xl" gap="xs">
        <Text fw={600}>Send an event</Text>
        <Code block>{`curl -X POST ${window.location.origin}/api/v1/usage \\
  -H 'Content-Type: application/json' -H 'X-API-Key: <YOUR API KEY>' \\
  -d '{"customer_external_id": "<CUSTOMER ID>", "meter_name": "<meter_name>",
       "idempotency_key": "evt_unique_12345", "properties": {"quantity": 10}}'`}</Code>
        <Text size="sm" c="dimmed">Then watch it arrive in the <Anchor component={Link} to="/usage">usage log</Anchor>.</Text>
      </Stack>
    </>
  );
}

