/** Helpers over the sender registry (`GET /api/v1/provider-types/`): options, lookups, wording. */
import type { MantineColor } from "@mantine/core";

import type { ProviderName, ProviderType } from "../api/get-provider-types";

export function providerTypeOptions(types: ProviderType[]) {
  return types.map((type) => ({ value: type.name, label: type.label }));
}

/** The type called `name`, if the registry has it (URLs and old rows may name one it lost). */
export function findProviderType(types: ProviderType[] | undefined, name: string | null | undefined) {
  return types?.find((type) => type.name === name);
}

export function asProviderName(types: ProviderType[] | undefined, value: string | null): ProviderName | undefined {
  return findProviderType(types, value)?.name;
}

/** A type verifies nothing, so it takes no secret. */
export function takesSecret(type: ProviderType | undefined): boolean {
  return type?.verification !== "unsigned";
}

export const familyBadges: Record<ProviderType["verification"], { label: string; color: MantineColor; hint: string }> = {
  verified: { label: "Signed", color: "teal", hint: "The sender signs each request; Hooklane checks the signature." },
  authenticated: {
    label: "Token / password",
    color: "blue",
    hint: "The sender proves who it is with a shared token or password, not a signature of the body.",
  },
  unsigned: { label: "Unsigned", color: "gray", hint: "Nothing to verify: anyone who knows the URL can post." },
  failed: { label: "Failed", color: "red", hint: "" },
  pending: { label: "Pending", color: "yellow", hint: "" },
};
