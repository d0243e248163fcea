import { UsersPanel } from "@/features/users/components/users-panel";

export function UsersRoute() {
  return <UsersPanel />;
}
