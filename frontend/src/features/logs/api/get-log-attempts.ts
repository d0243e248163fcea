import { infiniteQueryOptions } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import { allRows, nextPageCursor } from "@/lib/cursor";

// A webhook has a handful of attempts (8 per destination and cycle at most by default).
const PAGE_SIZE = 100;

/** A log's delivery attempts, oldest first, a page at a time; `data` is every loaded row. */
export function getLogAttemptsQueryOptions(logId: string) {
  return infiniteQueryOptions({
    queryKey: ["logs", "attempts", logId, { page_size: PAGE_SIZE }],
    queryFn: async ({ pageParam, signal }) =>
      dataOf(
        await client.GET("/api/v1/logs/{id}/attempts/", {
          params: { path: { id: logId }, query: { cursor: pageParam, page_size: PAGE_SIZE } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPageCursor,
    select: allRows,
  });
}
