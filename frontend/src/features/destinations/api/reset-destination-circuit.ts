import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

export async function resetDestinationCircuit(id: string) {
  return dataOf(await client.POST("/api/v1/destinations/{id}/circuit/", { params: { path: { id } } }));
}

/** Closes the circuit by hand: what waited goes out at once (at the rate limit). */
export function useResetDestinationCircuit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resetDestinationCircuit,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["destinations"] }),
  });
}
