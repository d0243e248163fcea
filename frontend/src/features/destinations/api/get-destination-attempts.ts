import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

const LIMIT = 50;

export function getDestinationAttemptsQueryOptions(destinationId: string) {
  return queryOptions({
    queryKey: ["destinations", "attempts", destinationId, { limit: LIMIT }],
    queryFn: async ({ signal }) =>
      dataOf(
        await client.GET("/api/v1/destinations/{id}/attempts/", {
          params: { path: { id: destinationId }, query: { limit: LIMIT } },
          signal,
        }),
      ),
  });
}

/** The destination's latest attempts, newest first, refreshed while the page is open. */
export function useDestinationAttempts(destinationId: string) {
  return useQuery({ ...getDestinationAttemptsQueryOptions(destinationId), refetchInterval: 5_000 });
}
