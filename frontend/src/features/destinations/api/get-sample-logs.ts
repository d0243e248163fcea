import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

const PAGE_SIZE = 20;

export function getSampleLogsQueryOptions() {
  return queryOptions({
    queryKey: ["logs", "list", "samples", { page_size: PAGE_SIZE }],
    queryFn: async ({ signal }) =>
      dataOf(await client.GET("/api/v1/logs/", { params: { query: { page_size: PAGE_SIZE } }, signal })),
  });
}

/** The organization's latest logs, to try a filter or a transformation on. */
export function useSampleLogs() {
  return useQuery(getSampleLogsQueryOptions());
}
