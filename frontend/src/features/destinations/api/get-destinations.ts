import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

const PAGE_SIZE = 200;

export function getDestinationsQueryOptions() {
  return queryOptions({
    queryKey: ["destinations", "list", { page_size: PAGE_SIZE }],
    queryFn: async ({ signal }) =>
      dataOf(await client.GET("/api/v1/destinations/", { params: { query: { page_size: PAGE_SIZE } }, signal })),
  });
}

export function useDestinations() {
  return useQuery(getDestinationsQueryOptions());
}

/** The destinations as select options (for replays elsewhere); empty while loading. */
export function useDestinationOptions(): { value: string; label: string }[] {
  const destinations = useDestinations();
  return (destinations.data?.results ?? []).map((destination) => ({ value: destination.id, label: destination.name }));
}
