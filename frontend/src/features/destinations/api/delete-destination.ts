import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

/** Takes the destination out of service at once; a background job (returned, to poll) cancels its deliveries and deletes it. */
export async function deleteDestination(id: string) {
  return dataOf(await client.DELETE("/api/v1/destinations/{id}/", { params: { path: { id } } }));
}

export function useDeleteDestination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteDestination,
    // The lists drop it now; its own page stays on screen, showing the job, until it is closed.
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["destinations", "list"] });
      await queryClient.invalidateQueries({ queryKey: ["destinations", "options"] });
    },
  });
}
