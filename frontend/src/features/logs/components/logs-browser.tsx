import { Group, Stack, Switch } from "@mantine/core";
import { useState } from "react";

import { CursorPager } from "@/components/cursor-pager";
import { EmptyState } from "@/components/empty-state";
import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";

import { useLogs } from "../api/get-logs";
import { useLogSearch } from "../hooks/use-log-search";
import { hasFilters } from "../utils/log-filters";
import { LogsFilters } from "./logs-filters";
import { LogsTable } from "./logs-table";

type LogsBrowserProps = {
  providerOptions: { value: string; label: string }[];
};

/** The log list: filters in the URL, live refresh of the newest page, cursor paging. */
export function LogsBrowser({ providerOptions }: LogsBrowserProps) {
  const { filters, filterKey, cursor, setFilters, setCursor } = useLogSearch();
  const [live, setLive] = useState(true);
  // Only the newest page can gain rows; refreshing an older one would just repeat it.
  const logs = useLogs({ filters, cursor, live: live && !cursor });

  let body;
  if (logs.isPending) {
    body = <LoadingState label="Loading logs" />;
  } else if (logs.isError) {
    body = <ErrorState error={logs.error} onRetry={() => void logs.refetch()} />;
  } else if (logs.data.results.length === 0) {
    body = hasFilters(filters) ? (
      <EmptyState title="No logs match" description="Try fewer filters or a wider time range." />
    ) : (
      <EmptyState
        title="No webhooks yet"
        description="Create a provider and point its sender at the ingest URL; every request shows up here."
      />
    );
  } else {
    body = (
      <Stack gap="sm">
        <LogsTable logs={logs.data.results} />
        <CursorPager previous={logs.data.previous} next={logs.data.next} paged={Boolean(cursor)} onPage={setCursor} />
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <LogsFilters key={filterKey} filters={filters} onChange={setFilters} providerOptions={providerOptions} />
      <Group>
        <Switch
          label="Live refresh"
          checked={live && !cursor}
          disabled={Boolean(cursor)}
          onChange={(event) => setLive(event.currentTarget.checked)}
          description={cursor ? "On the newest page only" : undefined}
        />
      </Group>
      {body}
    </Stack>
  );
}
