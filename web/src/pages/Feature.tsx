import { Anchor, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import { CopyValue, DateTime, Field, StatusBadge } from "../components/display";
import { ErrorNotice, Loading, PageHeader } from "../components/layout";
import { formatQuantity } from "../lib/format";

/** The feature info page: the meter_name (and meter_token) to send usage with. */
export function FeaturePage() {
  const { featureId = "" } = useParams();
  const queryClient = useQueryClient();
  const [confirming, { open, close }] = useDisclosure(false);
  const feature = useQuery({
    queryKey: ["features", featureId],
    queryFn: () => unwrap(api.GET("/api/v1/features/{feature_id}", { params: { path: { feature_id: featureId } } })),
  });
  const meterId = feature.data?.meter_id;
  const meter = useQuery({
    queryKey: ["meters", meterId], enabled: Boolean(meterId),
    queryFn: () => unwrap(api.GET("/api/v1/meters/{meter_id}", { params: { path: { meter_id: meterId! } } })),
  });
  const deactivate = useMutation({
    mutationFn: () => unwrap(api.PATCH("/api/v1/features/{feature_id}", {
      params: { path: { feature_id: featureId } }, body: { status: "INACTIVE" } })),
    onSuccess: () => {
      close();
      notifications.show({ color: "green", message: "Feature deactivated" });
      return queryClient.invalidateQueries({ queryKey: ["features"] });
    },
  });
  if (feature.isPending) return <Loading />;
  if (feature.error) return <ErrorNotice error={feature.error} />;
  const f = feature.data;
  return (
    <>
      <PageHeader title={<Group gap="sm">{f.name}<StatusBadge status={f.status} /></Group>}
        description={<><Anchor component={Link} to="/features">Features</Anchor> · {f.type} feature</>}
        actions={f.status === "ACTIVE" && <Button variant="default" color="red" onClick={open}>Deactivate</Button>} />
      <Stack>
        {meter.data && (
          <Card withBorder padding="lg">
            <Title order={4} mb="sm">Meter</Title>
            <Text size="sm" c="dimmed" mb="md">Send usage events with this meter_name (POST /api/v1/usage) or meter_token (POST /api/v1/sdk/track).</Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Field label="meter_name"><CopyValue value={meter.data.meter_name} label="meter_name" /></Field>
              <Field label="meter_token"><CopyValue value={meter.data.meter_token} label="meter_token" /></Field>
              <Field label="Aggregation"><Badge variant="light">{meter.data.aggregation}</Badge></Field>
              <Field label="Reads property"><Text ff="monospace">{meter.data.property}</Text></Field>
              <Field label="Unit"><Text>{meter.data.unit ?? "—"}</Text></Field>
              <Field label="Filters">
                {meter.data.filters.length === 0 ? <Text c="dimmed">None: every event counts</Text> :
                  meter.data.filters.map((filter, i) => (
                    <Text key={i} ff="monospace" size="sm">{String(filter.property)} {filter.operator === "in" ? "in" : "="} {JSON.stringify(filter.value)}</Text>
                  ))}
              </Field>
            </SimpleGrid>
          </Card>
        )}
        <Card withBorder padding="lg">
          <Title order={4} mb="sm">Entitlement</Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {f.type === "METER" && <Field label="Default limit"><Text>{f.limit ? formatQuantity(f.limit) : "Unlimited"}</Text></Field>}
            {f.type === "METER" && <Field label="Resets"><Text>{f.reset_period ?? "—"}</Text></Field>}
            {f.type !== "METER" && <Field label="Value"><Text>{JSON.stringify(f.value)}</Text></Field>}
            <Field label="Created"><DateTime value={f.created_at} /></Field>
          </SimpleGrid>
          {f.description && <Text mt="md" size="sm">{f.description}</Text>}
        </Card>
      </Stack>
      <Modal opened={confirming} onClose={close} title="Deactivate this feature?">
        <Text size="sm" mb="md">Plans that include it keep it; it can no longer be added to plans.</Text>
        {deactivate.error && <ErrorNotice error={deactivate.error} />}
        <Group justify="flex-end"><Button variant="default" onClick={close}>Keep</Button>
          <Button color="red" loading={deactivate.isPending} onClick={() => deactivate.mutate()}>Deactivate</Button></Group>
      </Modal>
    </>
  );
}
