import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { operations } from "@/api/schema";

/** What the log list can be narrowed by: exactly the list endpoint's query, less paging. */
export type LogFilters = Omit<NonNullable<operations["logs_list"]["parameters"]["query"]>, "cursor" | "page_size">;

type LogsQuery = { filters: LogFilters; cursor?: string | null };

export function getLogsQueryOptions({ filters, cursor = null }: LogsQuery) {
  return queryOptions({
    queryKey: ["logs", "list", filters, cursor],
    queryFn: async ({ signal }) =>
      dataOf(await client.GET("/api/v1/logs/", { params: { query: { ...filters, cursor: cursor ?? undefined } }, signal })),
  });
}

/** A page of logs; with `live`, the page refreshes itself every few seconds. */
export function useLogs({ live = false, ...query }: LogsQuery & { live?: boolean }) {
  return useQuery({
    ...getLogsQueryOptions(query),
    refetchInterval: live ? 5_000 : false,
    // Keep the rows on screen while the next page or filter loads, instead of a spinner.
    placeholderData: keepPreviousData,
  });
}
