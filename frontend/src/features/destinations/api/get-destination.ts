import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

export function getDestinationQueryOptions(destinationId: string) {
  return queryOptions({
    queryKey: ["destinations", "detail", destinationId],
    queryFn: async ({ signal }) =>
      dataOf(await client.GET("/api/v1/destinations/{id}/", { params: { path: { id: destinationId } }, signal })),
  });
}

export function useDestination(destinationId: string) {
  return useQuery(getDestinationQueryOptions(destinationId));
}
