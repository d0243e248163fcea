import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

export async function rotateProviderSecret({ id, signing_secret }: { id: string; signing_secret: string }) {
  return dataOf(
    await client.POST("/api/v1/providers/{id}/rotate-secret/", { params: { path: { id } }, body: { signing_secret } }),
  );
}

/** Replaces the signing secret; the previous one keeps verifying for a grace period. */
export function useRotateProviderSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: rotateProviderSecret,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["providers"] }),
  });
}
