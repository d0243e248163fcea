import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client } from "@/api/client";

export async function revokeInvitation(id: string) {
  // 204, no body; errors throw in the client's middleware.
  await client.DELETE("/api/v1/invitations/{id}/", { params: { path: { id } } });
}

/** Deletes a pending invitation: its link stops working. */
export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeInvitation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["invitations"] }),
  });
}
