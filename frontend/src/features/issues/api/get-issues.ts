import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components, paths } from "@/api/schema";
import { allRows, nextPageCursor } from "@/lib/cursor";

export type Issue = components["schemas"]["IssueOutput"];
type Query = NonNullable<paths["/api/v1/issues/"]["get"]["parameters"]["query"]>;
export type IssueFilters = Pick<Query, "state" | "kind" | "destination">;

const PAGE_SIZE = 50;

/** The issues matching the filters, newest first, a page at a time. */
export function getIssuesQueryOptions(filters: IssueFilters) {
  return infiniteQueryOptions({
    queryKey: ["issues", "list", filters],
    queryFn: async ({ pageParam, signal }) =>
      dataOf(
        await client.GET("/api/v1/issues/", {
          params: { query: { ...filters, cursor: pageParam, page_size: PAGE_SIZE } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPageCursor,
    select: allRows,
  });
}

export function useIssues(filters: IssueFilters) {
  return useInfiniteQuery(getIssuesQueryOptions(filters));
}
