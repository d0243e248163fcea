import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type DestinationUpdateInput = components["schemas"]["PatchedDestinationUpdateInputRequest"];

export async function updateDestination({ id, ...body }: DestinationUpdateInput & { id: string }) {
  return dataOf(await client.PATCH("/api/v1/destinations/{id}/", { params: { path: { id } }, body }));
}

export function useUpdateDestination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateDestination,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["destinations"] }),
  });
}
