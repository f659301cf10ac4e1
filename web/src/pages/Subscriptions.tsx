import { Button, Group, Select } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useEffect } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import type { Subscription } from "../api/hooks";
import { FormModal } from "../components/FormModal";
import { EmptyState, ErrorNotice, Loading, PageHeader } from "../components/layout";
import { PAGE_SIZE, Pager, usePaged } from "../components/paging";
import { SubscriptionTable } from "../components/SubscriptionTable";
import { SubscriptionForm } from "./SubscriptionForm";

const STATUSES = ["TRIAL", "ACTIVE", "PAST_DUE", "PAUSED", "CANCELED"];

export function SubscriptionsPage() {
  const [params, setParams] = useSearchParams();
  const [opened, { open, close }] = useDisclosure(params.get("new") === "1");
  const navigate = useNavigate();
  const status = params.get("status");
  useEffect(() => { if (params.get("new") === "1") open(); }, [params, open]);
  const paged = usePaged<Subscription>(["subscriptions", "list", status], (cursor) =>
    unwrap(api.GET("/api/v1/subscriptions", { params: { query: { limit: PAGE_SIZE, cursor,
      status: (status ?? undefined) as never } } })));
  const create = <Button leftSection={<IconPlus size={16} />} onClick={open}>New subscription</Button>;
  return (
    <>
      <PageHeader title="Subscriptions" description="Which customer is on which plan, and where each billing period stands." actions={create} />
      <Group mb="md">
        <Select aria-label="Filter by status" placeholder="Every status" clearable w={200} data={STATUSES} value={status}
          onChange={(value) => setParams(value ? { status: value } : {})} />
      </Group>
      {paged.query.isPending ? <Loading /> : paged.query.error ? <ErrorNotice error={paged.query.error} /> :
        paged.rows.length === 0 ? (
          status ? <EmptyState title={`No ${status} subscriptions`} /> :
            <EmptyState title="No subscriptions yet" action={create}>Subscribe a customer to a plan: choose them, the plan, a start date (past dates bill the periods since) and an optional trial.</EmptyState>
        ) : (
          <SubscriptionTable subscriptions={paged.rows} showCustomer />
        )}
      <Pager paged={paged} />
      <FormModal opened={opened} onClose={() => { close(); if (params.get("new")) setParams({}); }} title="New subscription" size="md">
        <SubscriptionForm customerId={params.get("customer") ?? undefined}
          onCreated={(s) => { close(); navigate(`/subscriptions/${s.id}`); }} />
      </FormModal>
    </>
  );
}
