import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

export function getLogRawQueryOptions(logId: string) {
  return queryOptions({
    queryKey: ["logs", "raw", logId],
    queryFn: async ({ signal }) =>
      dataOf(await client.GET("/api/v1/logs/{id}/raw/", { params: { path: { id: logId } }, parseAs: "text", signal })),
    // The stored bytes never change.
    staleTime: Infinity,
  });
}

/** The request body exactly as it arrived, as text; fetched only when `enabled`. */
export function useLogRaw(logId: string, { enabled }: { enabled: boolean }) {
  return useQuery({ ...getLogRawQueryOptions(logId), enabled });
}
