import { Button, Group, Stack, Switch, Text } from "@mantine/core";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";

import { CursorPager } from "@/components/cursor-pager";
import { EmptyState } from "@/components/empty-state";
import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";
import { type LiveStreamEvent, useLiveStream } from "@/lib/live-stream";

import { useLogs } from "../api/get-logs";
import { useLogSearch } from "../hooks/use-log-search";
import {
  attemptLogId,
  bannerLabel,
  bannerReducer,
  emptyBanner,
  parseLiveLog,
  streamParams,
} from "../utils/live-logs";
import { hasFilters } from "../utils/log-filters";
import { LogsFilters } from "./logs-filters";
import { LogsTable } from "./logs-table";

type LogsBrowserProps = {
  providerOptions: { value: string; label: string }[];
};

// Attempts on rows the reader sees refresh the page once they settle a moment.
const ATTEMPT_REFRESH_MS = 1_000;

/**
 * The log list: filters in the URL, cursor paging, and a live mode on the newest page fed by
 * the live stream: new logs are counted in an "N new" banner and only join the list when the
 * reader asks, so the rows never move under them (polling is the fallback without a stream).
 */
export function LogsBrowser({ providerOptions }: LogsBrowserProps) {
  const { filters, filterKey, cursor, setFilters, setCursor } = useLogSearch();
  const [live, setLive] = useState(true);
  // Only the newest page can gain rows.
  const watching = live && !cursor;
  const [banner, dispatch] = useReducer(bannerReducer, emptyBanner);
  const shown = useRef<ReadonlySet<string>>(new Set());
  const pendingCount = useRef(0);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refetchRef = useRef<() => void>(() => undefined);

  const onEvent = useCallback(
    (event: LiveStreamEvent) => {
      if (event.type === "reset") {
        dispatch({ type: "reset" });
        return;
      }
      if (event.type === "log") {
        const log = parseLiveLog(event.data);
        if (log) dispatch({ type: "log", log, filters, shown: shown.current });
        return;
      }
      const logId = attemptLogId(event.data);
      // With new rows waiting, a refetch would slip them in above the reader: wait for the click.
      if (logId && shown.current.has(logId) && pendingCount.current === 0 && !refreshTimer.current) {
        refreshTimer.current = setTimeout(() => {
          refreshTimer.current = null;
          refetchRef.current();
        }, ATTEMPT_REFRESH_MS);
      }
    },
    [filters],
  );
  const params = useMemo(() => streamParams(filters), [filters]);
  const stream = useLiveStream({ params, enabled: watching, onEvent });
  const logs = useLogs({ filters, cursor, live: watching && stream === "failed" });

  const rows = logs.data?.results;
  useEffect(() => {
    shown.current = new Set((rows ?? []).map((row) => row.id));
  }, [rows]);
  useEffect(() => {
    pendingCount.current = banner.pending.length;
  }, [banner.pending.length]);
  const { refetch } = logs;
  useEffect(() => {
    refetchRef.current = () => void refetch();
  }, [refetch]);
  useEffect(() => () => {
    if (refreshTimer.current) clearTimeout(refreshTimer.current);
  }, []);
  // A new filter or page starts the count again.
  useEffect(() => {
    dispatch({ type: "show" });
  }, [filterKey, cursor]);

  const label = watching ? bannerLabel(banner) : null;
  const showNew = () => {
    dispatch({ type: "show" });
    void refetch();
  };

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
          label="Live"
          checked={watching}
          disabled={Boolean(cursor)}
          onChange={(event) => setLive(event.currentTarget.checked)}
          description={cursor ? "On the newest page only" : undefined}
        />
        {watching && (
          <Text size="xs" c="dimmed" aria-live="polite">
            {stream === "open" ? "Streaming" : stream === "failed" ? "Refreshing every 5 s" : "Connecting…"}
          </Text>
        )}
      </Group>
      <div role="status" aria-live="polite">
        {label && (
          <Button variant="light" size="xs" onClick={showNew}>
            {label}
          </Button>
        )}
      </div>
      {body}
    </Stack>
  );
}
