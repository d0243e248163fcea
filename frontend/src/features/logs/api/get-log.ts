import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

export function getLogQueryOptions(logId: string) {
  return queryOptions({
    queryKey: ["logs", "detail", logId],
    queryFn: async ({ signal }) =>
      dataOf(await client.GET("/api/v1/logs/{id}/", { params: { path: { id: logId } }, signal })),
  });
}

/** One log with headers and payload; refreshes while it is still being processed. */
export function useLog(logId: string) {
  return useQuery({
    ...getLogQueryOptions(logId),
    refetchInterval: (query) => (isSettled(query.state.data?.status) ? false : 3_000),
  });
}

function isSettled(status: string | undefined): boolean {
  return status !== undefined && !["received", "held", "processing"].includes(status);
}
