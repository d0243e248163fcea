import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

const FINISHED = new Set(["done", "cancelled", "failed"]);

export function getJobQueryOptions(jobId: string) {
  return queryOptions({
    queryKey: ["jobs", "detail", jobId],
    queryFn: async ({ signal }) => dataOf(await client.GET("/api/v1/jobs/{id}/", { params: { path: { id: jobId } }, signal })),
  });
}

/** A bulk replay job, polled every second until it finishes. */
export function useJob(jobId: string | null) {
  return useQuery({
    ...getJobQueryOptions(jobId ?? ""),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data && FINISHED.has(query.state.data.status) ? false : 1_000),
  });
}

export function isFinished(status: string): boolean {
  return FINISHED.has(status);
}
