import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import { allRows, nextPageCursor } from "@/lib/cursor";

const PAGE_SIZE = 50;

/** The organization's users, a page at a time; `data` is every loaded row. */
export function getUsersQueryOptions() {
  return infiniteQueryOptions({
    queryKey: ["users", "list", { page_size: PAGE_SIZE }],
    queryFn: async ({ pageParam, signal }) =>
      dataOf(await client.GET("/api/v1/users/", { params: { query: { cursor: pageParam, page_size: PAGE_SIZE } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPageCursor,
    select: allRows,
  });
}

export function useUsers() {
  return useInfiniteQuery(getUsersQueryOptions());
}
