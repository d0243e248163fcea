import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

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

/** One log with headers, payload and attempts; refreshes while it is still being processed,
 * while a retry is scheduled, or while the caller is watching for a replay's attempts. */
export function useLog(logId: string, { watchUntil = 0 }: UseLogOptions = {}) {
  return useQuery({
    ...getLogQueryOptions(logId),
    refetchInterval: (query) => {
      const log = query.state.data;
      const retrying = log?.attempts.some((attempt) => attempt.next_retry_at !== null) ?? false;
      return !isSettled(log?.status) || retrying || Date.now() < watchUntil ? 2_000 : false;
    },
  });
}

function isSettled(status: string | undefined): boolean {
  return status !== undefined && !["received", "held", "processing"].includes(status);
}
