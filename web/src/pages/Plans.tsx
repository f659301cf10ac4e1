import { Anchor, Badge, Button, Group, Select, Stack, Table, TextInput, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../api/client";
import type { Plan } from "../api/hooks";
import { DateTime, StatusBadge } from "../components/display";
import { FormModal } from "../components/FormModal";
import { EmptyState, ErrorNotice, FormError, Loading, PageHeader } from "../components/layout";
import { PAGE_SIZE, Pager, usePaged } from "../components/paging";
import { applyApiError, blankToNull } from "../lib/forms";

export const CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "INR", "BRL", "SEK", "KWD"];
const TYPES = [
  { value: "USAGE", label: "Usage — pay for what is consumed" },
  { value: "FIXED", label: "Fixed — a flat fee every period" },
  { value: "HYBRID", label: "Hybrid — a base fee plus usage" },
];
const INTERVALS = ["day", "week", "month", "year"].map((value) => ({ value, label: `Every ${value}` }));

function PlanForm({ onCreated }: { onCreated: (plan: Plan) => void }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: "", description: "", type: "USAGE", interval: "month", currency: "USD" } });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      const plan = await unwrap(api.POST("/api/v1/plans", { body: {
        name: v.name.trim(), description: blankToNull(v.description), type: v.type as Plan["type"],
        interval: v.interval as Plan["interval"], currency: v.currency.trim().toUpperCase(),
      } }));
      void queryClient.invalidateQueries({ queryKey: ["plans"] });
      onCreated(plan);
    } catch (caught) {
      setError(applyApiError(form, caught));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={error} />
        <TextInput label="Plan name" required placeholder="Pro" {...form.getInputProps("name")} />
        <Textarea label="Description" autosize minRows={1} {...form.getInputProps("description")} />
        <Select label="Type" data={TYPES} allowDeselect={false} {...form.getInputProps("type")} />
        <Group grow align="flex-start">
          <Select label="Billing interval" data={INTERVALS} allowDeselect={false} {...form.getInputProps("interval")} />
          <Select label="Currency" data={CURRENCIES} searchable allowDeselect={false} {...form.getInputProps("currency")} />
        </Group>
        <Group justify="flex-end"><Button type="submit" loading={form.submitting}>Create plan</Button></Group>
      </Stack>
    </form>
  );
}

export function PlansPage() {
  const [opened, { open, close }] = useDisclosure(false);
  const navigate = useNavigate();
  const paged = usePaged<Plan>(["plans", "list"], (cursor) =>
    unwrap(api.GET("/api/v1/plans", { params: { query: { limit: PAGE_SIZE, cursor } } })));
  const create = <Button leftSection={<IconPlus size={16} />} onClick={open}>New plan</Button>;
  return (
    <>
      <PageHeader title="Plans" description="What customers pay (charges) and what they get (features)." actions={create} />
      {paged.query.isPending ? <Loading /> : paged.query.error ? <ErrorNotice error={paged.query.error} /> :
        paged.rows.length === 0 ? (
          <EmptyState title="No plans yet" action={create}>
            A plan has a type, a billing interval and a currency. Create one, then add its charges and features.
          </EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover verticalSpacing="sm">
              <Table.Thead><Table.Tr>
                <Table.Th>Name</Table.Th><Table.Th>Type</Table.Th><Table.Th>Interval</Table.Th>
                <Table.Th>Currency</Table.Th><Table.Th>Charges</Table.Th><Table.Th>Status</Table.Th><Table.Th>Created</Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>
                {paged.rows.map((plan) => (
                  <Table.Tr key={plan.id}>
                    <Table.Td><Anchor component={Link} to={`/plans/${plan.id}`} fw={500}>{plan.name}</Anchor></Table.Td>
                    <Table.Td><Badge variant="outline" radius="sm">{plan.type}</Badge></Table.Td>
                    <Table.Td>{plan.interval}</Table.Td>
                    <Table.Td>{plan.currency}</Table.Td>
                    <Table.Td>{plan.charges.length}</Table.Td>
                    <Table.Td><StatusBadge status={plan.status} /></Table.Td>
                    <Table.Td><DateTime value={plan.created_at} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      <Pager paged={paged} />
      <FormModal opened={opened} onClose={close} title="New plan" size="md">
        <PlanForm onCreated={(plan) => { close(); navigate(`/plans/${plan.id}`); }} />
      </FormModal>
    </>
  );
}
