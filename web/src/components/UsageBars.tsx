import { BarChart } from "@mantine/charts";
import { formatQuantity } from "../lib/format";

export interface UsageBar {
  when: string; // the bar's label: an hour, a day, a billing period
  value: number; // for drawing only: every figure shown as text keeps its decimal string
}

/** One meter's usage as bars: the dashboard's windows and the portal's billing periods. */
export function UsageBars({ data, label, color = "blue.6", h = 220, animate = true }: {
  data: UsageBar[]; label: string; color?: string; h?: number; animate?: boolean;
}) {
  return (
    <BarChart h={h} data={data} dataKey="when" series={[{ name: "value", label, color }]}
      tickLine="y" gridAxis="y" valueFormatter={(value) => formatQuantity(value)}
      barProps={{ isAnimationActive: animate }} />
  );
}
