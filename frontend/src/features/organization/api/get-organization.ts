import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

export function getOrganizationQueryOptions() {
  return queryOptions({
    queryKey: ["organization"],
    queryFn: async ({ signal }) => dataOf(await client.GET("/api/v1/organization/", { signal })),
  });
}

export function useOrganization() {
  return useQuery(getOrganizationQueryOptions());
}
