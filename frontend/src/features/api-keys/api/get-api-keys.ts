import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

const PAGE_SIZE = 200;

export function getApiKeysQueryOptions() {
  return queryOptions({
    queryKey: ["api-keys", "list", { page_size: PAGE_SIZE }],
    queryFn: async ({ signal }) =>
      dataOf(await client.GET("/api/v1/api-keys/", { params: { query: { page_size: PAGE_SIZE } }, signal })),
  });
}

export function useApiKeys() {
  return useQuery(getApiKeysQueryOptions());
}
