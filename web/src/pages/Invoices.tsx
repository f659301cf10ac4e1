import { Group, SegmentedControl, ScrollArea } from "@mantine/core";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import type { Invoice } from "../api/hooks";
import { InvoiceTable } from "../components/InvoiceTable";
import { EmptyState, ErrorNotice, Loading, PageHeader } from "../components/layout";
import { PAGE_SIZE, Pager, usePaged } from "../components/paging";

const STATUSES = ["ALL", "DRAFT", "OPEN", "PAID", "VOID", "UNCOLLECTIBLE", "FAILED"] as const;
type Status = Exclude<(typeof STATUSES)[number], "ALL">;

export function InvoicesPage() {
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") ?? "ALL") as (typeof STATUSES)[number];
  const paged = usePaged<Invoice>(["invoices", "list", status], (cursor) => unwrap(api.GET("/api/v1/invoices", {
    params: { query: { limit: PAGE_SIZE, cursor, status: status === "ALL" ? undefined : (status as Status) } } })),
  { refetchInterval: 10_000 });
  return (
    <>
      <PageHeader title="Invoices" description="Drafted when a period ends, finalized and emailed after the review window, then paid, voided or written off." />
      <ScrollArea type="never" mb="md">
        <Group wrap="nowrap">
          <SegmentedControl aria-label="Filter by status" value={status}
            onChange={(value) => setParams(value === "ALL" ? {} : { status: value })}
            data={STATUSES.map((s) => ({ value: s, label: s === "ALL" ? "All" : s.charAt(0) + s.slice(1).toLowerCase() }))} />
        </Group>
      </ScrollArea>
      {paged.query.isPending ? <Loading /> : paged.query.error ? <ErrorNotice error={paged.query.error} /> :
        paged.rows.length === 0 ? (
          status === "ALL" ? (
            <EmptyState title="No invoices yet">
              Invoices are created automatically when a subscription's billing period ends. Subscribe a customer with a
              start date in the past (or wait for the period end) to see the first one.
            </EmptyState>
          ) : <EmptyState title={`No ${status.toLowerCase()} invoices`} />
        ) : <InvoiceTable invoices={paged.rows} />}
      <Pager paged={paged} />
    </>
  );
}
