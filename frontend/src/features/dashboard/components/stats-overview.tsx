import "@mantine/charts/styles.css";

import { AreaChart, BarChart } from "@mantine/charts";
import { Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

import type { components } from "@/api/schema";
import { EmptyState } from "@/components/empty-state";
import { formatPercent } from "@/lib/format";

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

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function countOf(stats: Stats, status: string): number {
  return stats.by_status.find((row) => row.status === status)?.count ?? 0;
}

/** The dashboard's figures and charts for one range of the stats API. */
export function StatsOverview({ stats }: { stats: Stats }) {
  const format = new Intl.DateTimeFormat(undefined, bucketFormats[stats.bucket]);
  const series = stats.series.map((point) => ({ ...point, bucket: format.format(new Date(point.bucket)) }));

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
            <ChartCard title="Top event types">
              <BarChart
                h={Math.max(160, stats.top_event_types.length * 32)}
                data={stats.top_event_types.map((row) => ({ ...row, event_type: row.event_type || "(none)" }))}
                dataKey="event_type"
                orientation="vertical"
                yAxisProps={{ width: 140 }}
                series={[{ name: "count", label: "Webhooks", color: "indigo.6" }]}
              />
            </ChartCard>
            <ChartCard title="By provider">
              <BarChart
                h={Math.max(160, stats.by_provider.length * 40)}
                data={stats.by_provider.map((row) => ({ ...row, ok: row.count - row.failed }))}
                dataKey="display_name"
                orientation="vertical"
                type="stacked"
                withLegend
                yAxisProps={{ width: 120 }}
                series={[
                  { name: "ok", label: "Not failed", color: "teal.6" },
                  { name: "failed", label: "Failed", color: "red.6" },
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
