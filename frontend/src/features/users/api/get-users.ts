import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

const PAGE_SIZE = 200;

export function getUsersQueryOptions() {
  return queryOptions({
    queryKey: ["users", "list", { page_size: PAGE_SIZE }],
    queryFn: async ({ signal }) =>
      dataOf(await client.GET("/api/v1/users/", { params: { query: { page_size: PAGE_SIZE } }, signal })),
  });
}

export function useUsers() {
  return useQuery(getUsersQueryOptions());
}
