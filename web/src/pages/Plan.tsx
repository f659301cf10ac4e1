import { Alert, Anchor, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api, unwrap, type Schemas } from "../api/client";
import { byId, useMeters, type Plan } from "../api/hooks";
import { DateTime, Field, StatusBadge } from "../components/display";
import { FormModal } from "../components/FormModal";
import { EmptyState, ErrorNotice, Loading, PageHeader } from "../components/layout";
import { formatQuantity, formatUnitPrice } from "../lib/format";
import { ChargeForm } from "./ChargeForm";
import { PlanFeatures } from "./PlanFeatures";

type Charge = Schemas["ChargeOut"];

function priceOf(charge: Charge, plan: Plan) {
  if (charge.package_size !== null) {
    return `${formatUnitPrice(charge.unit_price, plan.currency)} per ${formatQuantity(String(charge.package_size))} units`
      + (Number(charge.free_units) ? `, first ${formatQuantity(charge.free_units)} free` : "");
  }
  if (charge.tiers.length === 0) return formatUnitPrice(charge.unit_price, plan.currency) + (charge.type === "FIXED" ? ` / ${plan.interval}` : " / unit");
  let from = "0";
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{charge.tier_mode} tiers</Text>
      {charge.tiers.map((tier, i) => {
        const line = `${formatQuantity(from)}–${tier.up_to ? formatQuantity(tier.up_to) : "∞"}: ${formatUnitPrice(tier.unit_price, plan.currency)}`
          + (Number(tier.flat_fee) ? ` + ${formatUnitPrice(tier.flat_fee, plan.currency)}` : "");
        from = tier.up_to ?? from;
        return <Text key={i} size="sm">{line}</Text>;
      })}
    </Stack>
  );
}

function DeactivateCharge({ plan, charge, onClose }: { plan: Plan; charge: Charge | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (c: Charge) => unwrap(api.PATCH("/api/v1/plans/{plan_id}/charges/{charge_id}", {
      params: { path: { plan_id: plan.id, charge_id: c.id } }, body: { status: "INACTIVE" } })),
    onSuccess: async () => {
      notifications.show({ color: "green", message: "Charge deactivated" });
      await queryClient.invalidateQueries({ queryKey: ["plans"] });
      onClose();
    },
  });
  return (
    <Modal opened={charge !== null} onClose={onClose} title="Deactivate this charge?">
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="This is permanent">
          An inactive charge cannot be reactivated and is no longer billed from the next invoice on.
          Create a new charge to replace it.
        </Alert>
        {mutation.error && <ErrorNotice error={mutation.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Keep it</Button>
          <Button color="red" loading={mutation.isPending} onClick={() => charge && mutation.mutate(charge)}>Deactivate permanently</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function PlanPage() {
  const { planId = "" } = useParams();
  const [showInactive, setShowInactive] = useState(false);
  const [adding, { open, close }] = useDisclosure(false);
  const [deactivating, setDeactivating] = useState<Charge | null>(null);
  const meters = byId(useMeters().data);
  const plan = useQuery({
    queryKey: ["plans", planId, { showInactive }],
    queryFn: () => unwrap(api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId },
      query: { include_inactive: showInactive } } })),
  });
  if (plan.isPending) return <Loading />;
  if (plan.error) return <ErrorNotice error={plan.error} />;
  const p = plan.data;
  const addCharge = <Button leftSection={<IconPlus size={16} />} onClick={open}>Add charge</Button>;
  return (
    <>
      <PageHeader title={<Group gap="sm">{p.name}<StatusBadge status={p.status} /></Group>}
        description={<><Anchor component={Link} to="/plans">Plans</Anchor> · {p.type} plan billed every {p.interval} in {p.currency}</>} />
      <Stack>
        <Card withBorder padding="lg">
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Field label="Type"><Badge variant="outline" radius="sm">{p.type}</Badge></Field>
            <Field label="Interval"><Text>{p.interval}</Text></Field>
            <Field label="Currency"><Text>{p.currency}</Text></Field>
            <Field label="Created"><DateTime value={p.created_at} /></Field>
          </SimpleGrid>
          {p.description && <Text size="sm" mt="md">{p.description}</Text>}
        </Card>
        <Card withBorder padding="lg">
          <Group justify="space-between" mb="sm">
            <Title order={4}>Charges</Title>
            <Group gap="md">
              <Switch label="Show inactive" checked={showInactive} onChange={(e) => setShowInactive(e.currentTarget.checked)} />
              {addCharge}
            </Group>
          </Group>
          {p.charges.length === 0 ? (
            <EmptyState title="No charges yet" action={addCharge}>
              {p.type === "FIXED" ? "Add the recurring fee this plan bills every period." :
                "Add a usage charge priced per unit of a meter (or in tiers, or by package)" + (p.type === "HYBRID" ? ", and a recurring base fee." : ".")}
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={620}>
              <Table verticalSpacing="sm">
                <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Type</Table.Th><Table.Th>Meter</Table.Th>
                  <Table.Th>Price</Table.Th><Table.Th>Status</Table.Th><Table.Th /></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {p.charges.map((charge) => (
                    <Table.Tr key={charge.id}>
                      <Table.Td fw={500}>{charge.display_name}</Table.Td>
                      <Table.Td><Badge variant="outline" radius="sm">{charge.type}</Badge></Table.Td>
                      <Table.Td ff="monospace">{charge.meter_id ? meters.get(charge.meter_id)?.meter_name ?? "…" : "—"}</Table.Td>
                      <Table.Td>{priceOf(charge, p)}</Table.Td>
                      <Table.Td><StatusBadge status={charge.status} /></Table.Td>
                      <Table.Td ta="right">{charge.status === "ACTIVE" &&
                        <Button size="xs" variant="subtle" color="red" onClick={() => setDeactivating(charge)}>Deactivate</Button>}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
        <PlanFeatures plan={p} />
      </Stack>
      <FormModal opened={adding} onClose={close} title={`Add a charge to ${p.name}`}>
        <ChargeForm plan={p} onCreated={() => { close(); notifications.show({ color: "green", message: "Charge added" }); }} />
      </FormModal>
      <DeactivateCharge plan={p} charge={deactivating} onClose={() => setDeactivating(null)} />
    </>
  );
}
