/** Helpers over the sender registry (`GET /api/v1/provider-types/`): options, lookups, wording. */
import type { MantineColor } from "@mantine/core";

import type { ProviderCreateInput } from "../api/create-provider";
import type { ProviderType } from "../api/get-provider-types";

/** A sender's `provider_name`, as the create endpoint takes it. */
export type ProviderName = ProviderCreateInput["provider_name"];

export function providerTypeOptions(types: ProviderType[]) {
  return types.map((type) => ({ value: type.name, label: type.label }));
}

/** The type called `name`, if the registry has it (URLs and old rows may name one it lost). */
export function findProviderType(types: ProviderType[] | undefined, name: string | null | undefined) {
  return types?.find((type) => type.name === name);
}

/** The registry is the runtime list of names the create endpoint's enum spells out. */
export function isProviderName(types: ProviderType[] | undefined, value: string | null): value is ProviderName {
  return findProviderType(types, value) !== undefined;
}

export function asProviderName(types: ProviderType[] | undefined, value: string | null): ProviderName | undefined {
  return isProviderName(types, value) ? value : undefined;
}

/** The type checks a secret (unknown while the registry loads: say nothing of secrets yet). */
export function takesSecret(type: ProviderType | undefined): boolean {
  return type !== undefined && type.verification !== "unsigned";
}

export const familyBadges: Record<ProviderType["verification"], { label: string; color: MantineColor; hint: string }> = {
  verified: { label: "Signed", color: "teal", hint: "The sender signs each request; Hooklane checks the signature." },
  authenticated: {
    label: "Token / password",
    color: "blue",
    hint: "The sender proves who it is with a shared token or password, not a signature of the body.",
  },
  unsigned: { label: "Unsigned", color: "gray", hint: "Nothing to verify: anyone who knows the URL can post." },
};
