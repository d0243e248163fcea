import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

export async function resumeDestination(id: string) {
  return dataOf(await client.POST("/api/v1/destinations/{id}/resume/", { params: { path: { id } } }));
}

/** Sends again, starting with the held deliveries (the answer says how many). */
export function useResumeDestination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resumeDestination,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["destinations"] }),
  });
}
