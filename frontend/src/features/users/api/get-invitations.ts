import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import { allRows, nextPageCursor } from "@/lib/cursor";

const PAGE_SIZE = 50;

/** The organization's pending invitations (admins only), a page at a time. */
export function getInvitationsQueryOptions() {
  return infiniteQueryOptions({
    queryKey: ["invitations", "list", { page_size: PAGE_SIZE }],
    queryFn: async ({ pageParam, signal }) =>
      dataOf(await client.GET("/api/v1/invitations/", { params: { query: { cursor: pageParam, page_size: PAGE_SIZE } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPageCursor,
    select: allRows,
  });
}

export function useInvitations() {
  return useInfiniteQuery(getInvitationsQueryOptions());
}
