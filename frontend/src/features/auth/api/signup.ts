import { useMutation } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type SignupInput = components["schemas"]["SignupInputRequest"];

export async function signup(body: SignupInput) {
  return dataOf(await client.POST("/api/v1/auth/signup/", { body }));
}

/** Creates the organization and its admin; the answer only says to check the inbox. */
export function useSignup() {
  return useMutation({ mutationFn: signup });
}
