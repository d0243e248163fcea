import { SegmentedControl } from "@mantine/core";
import { useSearchParams } from "react-router";

import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";
import { PageHeader } from "@/components/page-header";
import { statsRanges, useStats, type StatsRange } from "@/features/dashboard/api/get-stats";
import { StatsOverview } from "@/features/dashboard/components/stats-overview";

function isRange(value: string | null): value is StatsRange {
  return value !== null && Object.hasOwn(statsRanges, value);
}

/** The charts load with this page only (its own chunk): the first visit does not pay for them. */
export function DashboardRoute() {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get("range");
  const range: StatsRange = isRange(requested) ? requested : "24h";
  const stats = useStats(range);

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Webhook volume and failures for your organization."
        actions={
          <SegmentedControl
            aria-label="Time range"
            value={range}
            onChange={(value) => setSearchParams(value === "24h" ? {} : { range: value })}
            data={[
              { value: "1h", label: "1 hour" },
              { value: "24h", label: "24 hours" },
              { value: "7d", label: "7 days" },
              { value: "30d", label: "30 days" },
            ]}
          />
        }
      />
      {stats.isPending ? (
        <LoadingState label="Loading statistics" />
      ) : stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <StatsOverview stats={stats.data} />
      )}
    </>
  );
}
