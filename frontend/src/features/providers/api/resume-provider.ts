import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

/** Resumes a paused provider; a background job (returned, to poll) queues the webhooks it held. */
export async function resumeProvider(id: string) {
  return dataOf(await client.POST("/api/v1/providers/{id}/resume/", { params: { path: { id } } }));
}

export function useResumeProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resumeProvider,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["providers"] }),
  });
}
