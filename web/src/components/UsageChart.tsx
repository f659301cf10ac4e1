// Usage over time for one customer, per meter: the aggregator's own windows (GET /usage).
import { Group, SegmentedControl, Select, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { api, ApiError, unwrap } from "../api/client";
import { formatQuantity } from "../lib/format";
import { EmptyState, ErrorNotice, Loading } from "./layout";
import { UsageBars } from "./UsageBars";

const RANGES = {
  "24h": { hours: 24, window: "hour" as const },
  "7d": { hours: 24 * 7, window: "day" as const },
  "30d": { hours: 24 * 30, window: "day" as const },
};
type Range = keyof typeof RANGES;

function label(iso: string, window: "hour" | "day") {
  const date = new Date(iso);
  return window === "hour"
    ? date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
    : date.toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" }); // UTC days
}

function everyWindow(from: string, to: string, window: "hour" | "day"): number[] {
  const step = window === "hour" ? 3600_000 : 86400_000;
  const first = new Date(from);
  if (window === "day") first.setUTCHours(0, 0, 0, 0);
  const starts = [];
  for (let t = first.getTime(); t < new Date(to).getTime(); t += step) starts.push(t);
  return starts;
}

/** One customer's usage (by id or your external id), or the whole organisation's. */
export interface UsageSubject { customer_id?: string; customer_external_id?: string }

export function UsageChart({ subject = {}, meterId: fixedMeter, refreshMs = 10_000 }: {
  subject?: UsageSubject; meterId?: string | null; refreshMs?: number;
}) {
  const [range, setRange] = useState<Range>("7d");
  const [chosen, setChosen] = useState<string | null>(null);
  const { hours, window } = RANGES[range];
  const span = useMemo(() => {
    const to = new Date();
    to.setMinutes(0, 0, 0);
    to.setHours(to.getHours() + 1);
    return { from: new Date(to.getTime() - hours * 3600_000).toISOString(), to: to.toISOString() };
  }, [hours]);
  const usage = useQuery({
    queryKey: ["usage", subject, span, window],
    queryFn: () => unwrap(api.GET("/api/v1/usage", { params: { query: { ...subject, ...span, window } } })),
    refetchInterval: refreshMs,
  });
  const meters = usage.data?.data ?? [];
  const meterId = fixedMeter ?? chosen ?? meters[0]?.meter_id ?? null;
  const meter = meters.find((m) => m.meter_id === meterId);
  const data = everyWindow(span.from, span.to, window).map((start) => {
    // The API lists windows that had events; the chart shows the quiet ones as zero.
    const found = meter?.windows?.find((w) => new Date(w.start).getTime() === start);
    return { when: label(new Date(start).toISOString(), window), value: found ? Number(found.value) : 0 };
  });
  return (
    <div>
      <Group justify="space-between" mb="sm" gap="xs">
        {!fixedMeter && meters.length > 0 ? (
          <Select aria-label="Meter" size="xs" w={220} allowDeselect={false} value={meterId}
            data={meters.map((m) => ({ value: m.meter_id, label: m.meter_name ?? m.meter_id }))} onChange={setChosen} />
        ) : <span />}
        <SegmentedControl size="xs" value={range} onChange={(value) => setRange(value as Range)}
          data={Object.keys(RANGES).map((value) => ({ value, label: value }))} aria-label="Time range" />
      </Group>
      {usage.isPending ? <Loading /> : usage.error instanceof ApiError && usage.error.status === 404 ?
        <EmptyState title="No usage for this customer">There is no customer with this id.</EmptyState> :
        usage.error ? <ErrorNotice error={usage.error} /> : !meter ? (
        <EmptyState title="No usage in this range">Events show here within seconds of being sent.</EmptyState>
      ) : (
        <>
          <Text size="sm" c="dimmed" mb="xs">{meter.meter_name}: {formatQuantity(meter.value)} ({meter.aggregation}) from {meter.events} {meter.events === 1 ? "event" : "events"}
            {window === "day" ? ", by UTC day" : ", by hour"}</Text>
          <UsageBars data={data} label={meter.meter_name ?? "usage"} />
        </>
      )}
    </div>
  );
}
