import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type UserInviteInput = components["schemas"]["UserInviteInputRequest"];

export async function inviteUser(body: UserInviteInput) {
  return dataOf(await client.POST("/api/v1/invitations/", { body }));
}

/** Invites an address; the user joins once they accept the link the email carries. */
export function useInviteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: inviteUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["invitations"] }),
  });
}
