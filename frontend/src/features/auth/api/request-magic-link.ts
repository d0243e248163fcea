import { useMutation } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type LoginEmailInput = components["schemas"]["LoginEmailInputRequest"];

export async function requestMagicLink(body: LoginEmailInput) {
  return dataOf(await client.POST("/api/v1/auth/magic-link/", { body }));
}

/** Asks for a login link by email; the same answer for every address (no enumeration). */
export function useRequestMagicLink() {
  return useMutation({ mutationFn: requestMagicLink });
}
