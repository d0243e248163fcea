import { ApiKeysPanel } from "@/features/api-keys/components/api-keys-panel";

export function ApiKeysRoute() {
  return <ApiKeysPanel />;
}
