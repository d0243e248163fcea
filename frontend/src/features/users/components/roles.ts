import type { components } from "@/api/schema";

export type Role = components["schemas"]["UserInviteInputRequest"]["role"];

const roleLabels: Record<Role, string> = {
  admin: "Admin: manages everything",
  member: "Member: reads everything",
};

export const roleOptions = Object.entries(roleLabels).map(([value, label]) => ({ value, label }));

export function isRole(value: string | null): value is Role {
  return value !== null && Object.hasOwn(roleLabels, value);
}
