import { Anchor, Badge, Button, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../api/client";
import { byId, useMeters, type Feature } from "../api/hooks";
import { DateTime, StatusBadge } from "../components/display";
import { FormModal } from "../components/FormModal";
import { EmptyState, ErrorNotice, Loading, PageHeader } from "../components/layout";
import { PAGE_SIZE, Pager, usePaged } from "../components/paging";
import { formatQuantity } from "../lib/format";
import { FeatureForm } from "./FeatureForm";

export function FeaturesPage() {
  const [opened, { open, close }] = useDisclosure(false);
  const navigate = useNavigate();
  const paged = usePaged<Feature>(["features", "list"], (cursor) =>
    unwrap(api.GET("/api/v1/features", { params: { query: { limit: PAGE_SIZE, cursor } } })));
  const meters = byId(useMeters().data);
  const create = <Button leftSection={<IconPlus size={16} />} onClick={open}>New feature</Button>;
  return (
    <>
      <PageHeader title="Features" description="What your plans unlock: metered usage with limits, on/off switches, custom values."
        actions={create} />
      {paged.query.isPending ? <Loading /> : paged.query.error ? <ErrorNotice error={paged.query.error} onRetry={() => paged.query.refetch()} /> :
        paged.rows.length === 0 ? (
          <EmptyState title="No features yet" action={create}>
            Start with a meter feature: it defines what usage you track (API calls, tokens, storage) and gives you the
            meter_name your backend sends events with.
          </EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover verticalSpacing="sm">
              <Table.Thead><Table.Tr>
                <Table.Th>Name</Table.Th><Table.Th>Type</Table.Th><Table.Th>Meter</Table.Th>
                <Table.Th>Limit</Table.Th><Table.Th>Status</Table.Th><Table.Th>Created</Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>
                {paged.rows.map((feature) => {
                  const meter = feature.meter_id ? meters.get(feature.meter_id) : undefined;
                  return (
                    <Table.Tr key={feature.id}>
                      <Table.Td><Anchor component={Link} to={`/features/${feature.id}`} fw={500}>{feature.name}</Anchor></Table.Td>
                      <Table.Td><Badge variant="outline" radius="sm">{feature.type}</Badge></Table.Td>
                      <Table.Td>{meter ? <Text ff="monospace" size="sm">{meter.meter_name}</Text> : <Text c="dimmed">—</Text>}</Table.Td>
                      <Table.Td>{feature.type === "METER" ? (feature.limit ? formatQuantity(feature.limit) : "Unlimited") : String(feature.value ?? "—")}</Table.Td>
                      <Table.Td><StatusBadge status={feature.status} /></Table.Td>
                      <Table.Td><DateTime value={feature.created_at} /></Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      <Pager paged={paged} />
      <FormModal opened={opened} onClose={close} title="New feature">
        <FeatureForm onCreated={(feature) => { close(); navigate(`/features/${feature.id}`); }} />
      </FormModal>
    </>
  );
}
