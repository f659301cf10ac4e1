import { Anchor, Button, Card, Group, Stack } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { Link, useParams } from "react-router";
import { StatusBadge } from "../components/display";
import { InvoiceFacts } from "../components/InvoiceFacts";
import { ErrorNotice, Loading, PageHeader } from "../components/layout";
import { LinesTable } from "../components/UpcomingLines";
import { invoicePdfHref, portalHref } from "./client";
import { usePortalInvoice } from "./summary";

export function PortalInvoice() {
  const { invoiceId = "" } = useParams();
  const invoice = usePortalInvoice(invoiceId);
  if (invoice.isPending) return <Loading />;
  if (invoice.error) return <ErrorNotice error={invoice.error} />;
  const inv = invoice.data;
  return (
    <>
      <PageHeader title={<Group gap="sm">{`Invoice ${inv.number ?? ""}`}<StatusBadge status={inv.status} /></Group>}
        description={<Anchor component={Link} to={portalHref("/portal")}>Billing</Anchor>}
        actions={<Button component="a" href={invoicePdfHref(inv.id)} download leftSection={<IconDownload size={16} />}>
          Download PDF</Button>} />
      <Stack>
        <InvoiceFacts invoice={inv} />
        <Card withBorder padding="lg">
          <LinesTable lines={inv.lines} currency={inv.currency} subtotal={inv.subtotal} total={inv.total} />
        </Card>
      </Stack>
    </>
  );
}
