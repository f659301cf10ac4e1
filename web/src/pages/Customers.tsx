import { Anchor, Button, Group, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { IconPlus, IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../api/client";
import type { Customer } from "../api/hooks";
import { DateTime } from "../components/display";
import { FormModal } from "../components/FormModal";
import { EmptyState, ErrorNotice, Loading, PageHeader } from "../components/layout";
import { PAGE_SIZE, Pager, usePaged } from "../components/paging";
import { CustomerForm } from "./CustomerForm";

export function CustomersPage() {
  const [opened, { open, close }] = useDisclosure(false);
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const [externalId] = useDebouncedValue(search.trim(), 300);
  const paged = usePaged<Customer>(["customers", "list", externalId], (cursor) =>
    unwrap(api.GET("/api/v1/customers", { params: { query: { limit: PAGE_SIZE, cursor, external_id: externalId || undefined } } })));
  const create = <Button leftSection={<IconPlus size={16} />} onClick={open}>New customer</Button>;
  return (
    <>
      <PageHeader title="Customers" description="Your customers, their subscriptions, usage and invoices." actions={create} />
      <Group mb="md">
        <TextInput leftSection={<IconSearch size={16} />} placeholder="Find by external id" aria-label="Find by external id"
          value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={300} />
      </Group>
      {paged.query.isPending ? <Loading /> : paged.query.error ? <ErrorNotice error={paged.query.error} /> :
        paged.rows.length === 0 ? (
          externalId ? <EmptyState title={`No customer with external id "${externalId}"`}>External ids match exactly.</EmptyState> :
            <EmptyState title="No customers yet" action={create}>
              Create a customer with your own id for them, or sync them from your backend with
              PUT /api/v1/customers/external/&#123;external_id&#125;.
            </EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={600}>
            <Table highlightOnHover verticalSpacing="sm">
              <Table.Thead><Table.Tr><Table.Th>External id</Table.Th><Table.Th>Name</Table.Th><Table.Th>Email</Table.Th><Table.Th>Country</Table.Th><Table.Th>Created</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {paged.rows.map((customer) => (
                  <Table.Tr key={customer.id}>
                    <Table.Td><Anchor component={Link} to={`/customers/${customer.id}`} ff="monospace">{customer.external_id}</Anchor></Table.Td>
                    <Table.Td>{customer.name ?? <Text c="dimmed" span>—</Text>}</Table.Td>
                    <Table.Td>{customer.email ?? <Text c="dimmed" span>—</Text>}</Table.Td>
                    <Table.Td>{String(customer.billing_address?.country ?? "—")}</Table.Td>
                    <Table.Td><DateTime value={customer.created_at} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      <Pager paged={paged} />
      <FormModal opened={opened} onClose={close} title="New customer">
        <CustomerForm onSaved={(customer) => { close(); navigate(`/customers/${customer.id}`); }} />
      </FormModal>
    </>
  );
}
