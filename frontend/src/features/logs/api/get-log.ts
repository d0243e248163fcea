import { queryOptions, useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";

import { client, dataOf } from "@/api/client";
import { useLiveStream } from "@/lib/live-stream";

import { isLogBusy } from "../utils/log-activity";
import { getLogAttemptsQueryOptions } from "./get-log-attempts";

const REFRESH_MS = 2_000;

export function getLogQueryOptions(logId: string) {
  return queryOptions({
    queryKey: ["logs", "detail", logId],
    queryFn: async ({ signal }) =>
      dataOf(await client.GET("/api/v1/logs/{id}/", { params: { path: { id: logId } }, signal })),
  });
}

type UseLogOptions = {
  /** Keep refreshing until this time (ms since the epoch), e.g. for a while after a replay. */
  watchUntil?: number;
};

/**
 * One log (headers, payload) and its delivery attempts. Both refresh while the log is still
 * being processed, while one of its attempts has a retry scheduled, or while the caller is
 * watching for a replay's attempts: a retry that succeeds changes the log's status too.
 * The live stream (this log's entries only) refreshes both the moment an attempt lands.
 */
export function useLog(logId: string, { watchUntil = 0 }: UseLogOptions = {}) {
  const queryClient = useQueryClient();
  const logOptions = getLogQueryOptions(logId);
  const attemptsOptions = getLogAttemptsQueryOptions(logId);
  // Read from the cache at each tick, so either query's news re-arms both timers.
  const refetchInterval = () => {
    const status = queryClient.getQueryData(logOptions.queryKey)?.status;
    const attempts = queryClient.getQueryData(attemptsOptions.queryKey)?.pages.flatMap((page) => page.results);
    return isLogBusy(status, attempts) || Date.now() < watchUntil ? REFRESH_MS : false;
  };
  const log = useQuery({ ...logOptions, refetchInterval });
  const attempts = useInfiniteQuery({ ...attemptsOptions, refetchInterval });
  const streamParams = useMemo(() => ({ log: logId }), [logId]);
  useLiveStream({
    params: streamParams,
    enabled: true,
    onEvent: () => {
      void queryClient.invalidateQueries({ queryKey: logOptions.queryKey });
      void queryClient.invalidateQueries({ queryKey: attemptsOptions.queryKey });
    },
  });

  // The tick that settles one query can come before the other has seen the outcome (the
  // attempts show the retry succeeded while the log still says failed): fetch both once more.
  const busy = log.isSuccess && attempts.isSuccess ? isLogBusy(log.data.status, attempts.data) : null;
  const wasBusy = useRef(busy);
  const { refetch: refetchLog } = log;
  const { refetch: refetchAttempts } = attempts;
  useEffect(() => {
    if (busy === null) return;
    if (wasBusy.current && !busy) {
      void refetchLog();
      void refetchAttempts();
    }
    wasBusy.current = busy;
  }, [busy, refetchLog, refetchAttempts]);

  return { log, attempts };
}

export type LogAttemptsQuery = ReturnType<typeof useLog>["attempts"];
