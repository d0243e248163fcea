/** Background jobs (bulk replay, provider resume and delete, destination delete): polled until they finish. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type Job = components["schemas"]["ReplayJobOutput"];

const FINISHED = new Set(["done", "cancelled", "failed"]);

export function getJobQueryOptions(jobId: string) {
  return queryOptions({
    queryKey: ["jobs", "detail", jobId],
    queryFn: async ({ signal }) => dataOf(await client.GET("/api/v1/jobs/{id}/", { params: { path: { id: jobId } }, signal })),
  });
}

/** A job, polled every second until it finishes. */
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
