import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

// An organization has a handful of providers: one page holds them all.
const PAGE_SIZE = 200;

export function getProvidersQueryOptions() {
  return queryOptions({
    queryKey: ["providers", "list", { page_size: PAGE_SIZE }],
    queryFn: async ({ signal }) =>
      dataOf(await client.GET("/api/v1/providers/", { params: { query: { page_size: PAGE_SIZE } }, signal })),
  });
}

export function useProviders() {
  return useQuery(getProvidersQueryOptions());
}

/** The providers as select options (for filters and forms elsewhere); empty while loading. */
export function useProviderOptions(): { value: string; label: string }[] {
  const providers = useProviders();
  return (providers.data?.results ?? []).map((provider) => ({ value: provider.id, label: provider.display_name }));
}
