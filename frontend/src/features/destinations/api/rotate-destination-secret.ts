import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

export async function rotateDestinationSecret(id: string) {
  return dataOf(await client.POST("/api/v1/destinations/{id}/rotate-secret/", { params: { path: { id } }, body: {} }));
}

/** A new signing secret, shown once; the old one keeps signing too for a grace period. */
export function useRotateDestinationSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: rotateDestinationSecret,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["destinations"] }),
  });
}
