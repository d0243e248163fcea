import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import { allRows, fetchEveryPage, nextPageCursor } from "@/lib/cursor";

const PAGE_SIZE = 50;

/** The destinations, a page at a time; `data` is every loaded row. */
export function getDestinationsQueryOptions() {
  return infiniteQueryOptions({
    queryKey: ["destinations", "list", { page_size: PAGE_SIZE }],
    queryFn: async ({ pageParam, signal }) =>
      dataOf(
        await client.GET("/api/v1/destinations/", { params: { query: { cursor: pageParam, page_size: PAGE_SIZE } }, signal }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPageCursor,
    select: allRows,
  });
}

export function useDestinations() {
  return useInfiniteQuery(getDestinationsQueryOptions());
}

// The largest page the API serves.
const OPTIONS_PAGE_SIZE = 200;

/** Every destination as a select option (id and name), following the cursor to the end. */
export function getDestinationOptionsQueryOptions() {
  return queryOptions({
    queryKey: ["destinations", "options", { page_size: OPTIONS_PAGE_SIZE }],
    queryFn: async ({ signal }) => {
      const destinations = await fetchEveryPage(async (cursor) =>
        dataOf(
          await client.GET("/api/v1/destinations/", { params: { query: { cursor, page_size: OPTIONS_PAGE_SIZE } }, signal }),
        ),
      );
      return destinations.map((destination) => ({ value: destination.id, label: destination.name }));
    },
  });
}

/** The destinations as select options (for replays elsewhere); empty while loading. */
export function useDestinationOptions(): { value: string; label: string }[] {
  return useQuery(getDestinationOptionsQueryOptions()).data ?? NO_OPTIONS;
}

const NO_OPTIONS: { value: string; label: string }[] = [];
