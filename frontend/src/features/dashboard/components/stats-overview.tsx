import "@mantine/charts/styles.css";

import { AreaChart, BarChart } from "@mantine/charts";
import { Card, Group, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useId, type ReactNode } from "react";

import type { components } from "@/api/schema";
import { EmptyState } from "@/components/empty-state";
import { formatCount, formatPercent } from "@/lib/format";

import { eventTypeBars, OTHERS, providerBars, TOP } from "../utils/top-with-others";

type Stats = components["schemas"]["StatsOutput"];

const bucketFormats = {
  minute: { hour: "2-digit", minute: "2-digit" },
  hour: { weekday: "short", hour: "2-digit" },
  day: { month: "short", day: "numeric" },
} satisfies Record<Stats["bucket"], Intl.DateTimeFormatOptions>;

function StatCard({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

function ChartCard({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  const titleId = useId();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={titleId}>
      <Title order={2} size="h5" mb={note ? 2 : "sm"} id={titleId}>
        {title}
      </Title>
      {note && (
        <Text size="xs" c="dimmed" mb="sm">
          {note}
        </Text>
      )}
      {children}
    </Card>
  );
}

type Column<Row> = { header: string; value: (row: Row) => number };

/** A chart's figures as a table, for screen readers (a chart is only a picture to them). */
function ChartFigures<Row extends { label: string }>({ label, rows, columns }: { label: string; rows: Row[]; columns: Column<Row>[] }) {
  return (
    <VisuallyHidden>
      <Table aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            {columns.map((column) => (
              <Table.Th key={column.header}>{column.header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => (
            <Table.Tr key={index}>
              <Table.Th scope="row">{row.label}</Table.Th>
              {columns.map((column) => (
                <Table.Td key={column.header}>{column.value(row).toLocaleString()}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </VisuallyHidden>
  );
}

function countOf(stats: Stats, status: string): number {
  return stats.by_status.find((row) => row.status === status)?.count ?? 0;
}

/** The dashboard's figures and charts for one range of the stats API. */
export function StatsOverview({ stats }: { stats: Stats }) {
  const format = new Intl.DateTimeFormat(undefined, bucketFormats[stats.bucket]);
  const series = stats.series.map((point) => ({ ...point, bucket: format.format(new Date(point.bucket)) }));
  // Top TOP and one "Others" bar each: a thousand providers would be a thousand bars.
  const providers = providerBars(stats.by_provider);
  const eventTypes = eventTypeBars(stats.top_event_types, stats.total);

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        <StatCard label="Received" value={stats.total.toLocaleString()} />
        <StatCard label="Delivered" value={countOf(stats, "delivered").toLocaleString()} />
        <StatCard label="Failed" value={countOf(stats, "failed").toLocaleString()} />
        <StatCard label="Failure rate" value={formatPercent(stats.failure_rate)} hint="Failed over all received" />
      </SimpleGrid>

      {stats.total === 0 ? (
        <Card withBorder>
          <EmptyState title="No webhooks in this range" description="Pick a longer range, or send one to a provider." />
        </Card>
      ) : (
        <>
          <ChartCard title="Volume over time">
            <AreaChart
              h={260}
              data={series}
              dataKey="bucket"
              withLegend
              curveType="monotone"
              series={[
                { name: "received", label: "Received", color: "indigo.6" },
                { name: "delivered", label: "Delivered", color: "teal.6" },
                { name: "failed", label: "Failed", color: "red.6" },
              ]}
            />
          </ChartCard>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <ChartCard
              title="Top event types"
              note={eventTypes.at(-1)?.label === OTHERS ? `The ${TOP} most frequent; ${OTHERS} adds up the rest.` : undefined}
            >
              <BarChart
                h={Math.max(160, eventTypes.length * 32)}
                data={eventTypes}
                dataKey="label"
                orientation="vertical"
                yAxisProps={{ width: 140 }}
                series={[{ name: "count", label: "Webhooks", color: "indigo.6" }]}
              />
              <ChartFigures label="Webhooks by event type" rows={eventTypes} columns={[{ header: "Webhooks", value: (row) => row.count }]} />
            </ChartCard>
            <ChartCard
              title="By provider"
              note={
                providers.others > 0
                  ? `The ${TOP} busiest; ${OTHERS} adds up the other ${formatCount(providers.others, "provider", "providers")}.`
                  : undefined
              }
            >
              <BarChart
                h={Math.max(160, providers.bars.length * 40)}
                data={providers.bars}
                dataKey="label"
                orientation="vertical"
                type="stacked"
                withLegend
                yAxisProps={{ width: 120 }}
                series={[
                  { name: "ok", label: "Not failed", color: "teal.6" },
                  { name: "failed", label: "Failed", color: "red.6" },
                ]}
              />
              <ChartFigures
                label="Webhooks by provider"
                rows={providers.bars}
                columns={[
                  { header: "Not failed", value: (row) => row.ok },
                  { header: "Failed", value: (row) => row.failed },
                ]}
              />
            </ChartCard>
          </SimpleGrid>
          <Group gap="lg">
            {stats.by_status.map((row) => (
              <Text key={row.status} size="sm">
                <Text span fw={600}>
                  {row.count.toLocaleString()}
                </Text>{" "}
                {row.status}
              </Text>
            ))}
          </Group>
        </>
      )}
    </Stack>
  );
}
