import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type ProviderType = components["schemas"]["ProviderTypeOutput"];

/** Every sender Hooklane verifies, from the registry: label, family, docs and setup text. */
export function getProviderTypesQueryOptions() {
  return queryOptions({
    queryKey: ["provider-types"],
    queryFn: async ({ signal }) => dataOf(await client.GET("/api/v1/provider-types/", { signal })),
    // The registry changes only with a deploy.
    staleTime: 60 * 60_000,
  });
}

export function useProviderTypes() {
  return useQuery(getProviderTypesQueryOptions());
}
