import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

export function getDestinationCircuitQueryOptions(destinationId: string) {
  return queryOptions({
    queryKey: ["destinations", "circuit", destinationId],
    queryFn: async ({ signal }) =>
      dataOf(await client.GET("/api/v1/destinations/{id}/circuit/", { params: { path: { id: destinationId } }, signal })),
  });
}

/** The circuit breaker's state and its latest transitions. */
export function useDestinationCircuit(destinationId: string) {
  return useQuery(getDestinationCircuitQueryOptions(destinationId));
}
