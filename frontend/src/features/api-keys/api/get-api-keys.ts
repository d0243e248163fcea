import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import { allRows, nextPageCursor } from "@/lib/cursor";

const PAGE_SIZE = 50;

/** The organization's API keys, a page at a time; `data` is every loaded row. */
export function getApiKeysQueryOptions() {
  return infiniteQueryOptions({
    queryKey: ["api-keys", "list", { page_size: PAGE_SIZE }],
    queryFn: async ({ pageParam, signal }) =>
      dataOf(await client.GET("/api/v1/api-keys/", { params: { query: { cursor: pageParam, page_size: PAGE_SIZE } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPageCursor,
    select: allRows,
  });
}

export function useApiKeys() {
  return useInfiniteQuery(getApiKeysQueryOptions());
}
