import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

export async function deactivateUser(id: string) {
  return dataOf(await client.POST("/api/v1/users/{id}/deactivate/", { params: { path: { id } } }));
}

/** Ends the user's sessions and stops them logging in; reversible with reactivate. */
export function useDeactivateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deactivateUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["users"] }),
  });
}
