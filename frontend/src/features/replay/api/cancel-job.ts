import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import { getJobQueryOptions } from "@/lib/jobs";

export async function cancelJob(jobId: string) {
  return dataOf(await client.POST("/api/v1/jobs/{id}/cancel/", { params: { path: { id: jobId } } }));
}

/** Stops a bulk replay after its current batch; what was replayed stays replayed. */
export function useCancelJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelJob,
    onSuccess: (job) => queryClient.setQueryData(getJobQueryOptions(job.id).queryKey, job),
  });
}
