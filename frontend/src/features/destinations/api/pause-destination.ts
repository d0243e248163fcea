import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

export async function pauseDestination(id: string) {
  return dataOf(await client.POST("/api/v1/destinations/{id}/pause/", { params: { path: { id } } }));
}

/** Stops sending; deliveries that come due are held until resumed. */
export function usePauseDestination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: pauseDestination,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["destinations"] }),
  });
}
