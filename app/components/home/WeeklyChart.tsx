// A bar chart of amounts by week, drawn with Shopify's polaris-viz in the browser (it measures its container, so it is
// not drawn on the server), with the same figures as a table for screen readers and before the chart loads.
import { useEffect, useState } from "react";
import { BarChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { Box, Text } from "@shopify/polaris";

export interface WeeklyPoint {
  week: string;
  value: number;
  amount: string;
  /** The week on the axis ("Mar 8"). */
  label: string;
}

export function WeeklyChart({ title, series, points }: { title: string; series: string; points: WeeklyPoint[] }) {
  const [drawn, setDrawn] = useState(false);
  useEffect(() => setDrawn(true), []);
  // Equal values have equal amounts: the tooltip shows the exact, formatted amount of the value it points at.
  const amountOf = new Map(points.map((point) => [point.value, point.amount]));
  const labelOf = new Map(points.map((point) => [point.week, point.label]));
  return (
    <figure style={{ margin: 0 }} aria-label={title}>
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      {drawn ? (
        <Box minHeight="220px" paddingBlockStart="200">
          <div style={{ height: 220 }} aria-hidden>
            <PolarisVizProvider>
              <BarChart
                theme="Light"
                data={[{ name: series, data: points.map((point) => ({ key: point.week, value: point.value })) }]}
                showLegend={false}
                xAxisOptions={{ labelFormatter: (value) => labelOf.get(String(value)) ?? String(value ?? "") }}
                yAxisOptions={{ integersOnly: true }}
                tooltipOptions={{ valueFormatter: (value) => amountOf.get(Number(value)) ?? String(value ?? "") }}
              />
            </PolarisVizProvider>
          </div>
        </Box>
      ) : null}
      <table className="dpo-visually-hidden" style={drawn ? HIDDEN : undefined}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Week</th>
            <th scope="col">{series}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => (
            <tr key={point.week}>
              <th scope="row">{point.week}</th>
              <td>{point.amount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Out of sight, still read by screen readers. */
const HIDDEN: React.CSSProperties = {
  position: "absolute",
  width: 1,
  height: 1,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
};
