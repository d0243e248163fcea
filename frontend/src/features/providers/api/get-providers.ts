import { infiniteQueryOptions, keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { operations } from "@/api/schema";
import { allRows, fetchEveryPage, nextPageCursor } from "@/lib/cursor";

/** What the provider list can be narrowed by: the list endpoint's query, less paging. */
export type ProviderFilters = Omit<NonNullable<operations["providers_list"]["parameters"]["query"]>, "cursor" | "page_size">;

const PAGE_SIZE = 50;

/** The providers matching `filters`, newest first, a page at a time; `data` is every loaded row. */
export function getProvidersQueryOptions(filters: ProviderFilters) {
  return infiniteQueryOptions({
    queryKey: ["providers", "list", filters, { page_size: PAGE_SIZE }],
    queryFn: async ({ pageParam, signal }) =>
      dataOf(
        await client.GET("/api/v1/providers/", {
          params: { query: { ...filters, cursor: pageParam, page_size: PAGE_SIZE } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPageCursor,
    select: allRows,
  });
}

export function useProviders(filters: ProviderFilters) {
  // Keep the rows on screen while a new search loads, instead of a spinner per keystroke.
  return useInfiniteQuery({ ...getProvidersQueryOptions(filters), placeholderData: keepPreviousData });
}

// The largest page the API serves: 1,000 providers take five requests.
const OPTIONS_PAGE_SIZE = 200;

/** Every provider as a select option (id and name), following the cursor to the end. */
export function getProviderOptionsQueryOptions() {
  return queryOptions({
    queryKey: ["providers", "options", { page_size: OPTIONS_PAGE_SIZE }],
    queryFn: async ({ signal }) => {
      const providers = await fetchEveryPage(async (cursor) =>
        dataOf(
          await client.GET("/api/v1/providers/", {
            params: { query: { cursor, page_size: OPTIONS_PAGE_SIZE } },
            signal,
          }),
        ),
      );
      return providers.map((provider) => ({ value: provider.id, label: provider.display_name }));
    },
    staleTime: 60_000,
  });
}

/** The providers as select options (for filters and forms elsewhere); empty while loading. */
export function useProviderOptions(): { value: string; label: string }[] {
  return useQuery(getProviderOptionsQueryOptions()).data ?? NO_OPTIONS;
}

const NO_OPTIONS: { value: string; label: string }[] = [];
