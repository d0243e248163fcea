import { ProvidersPanel } from "@/features/providers/components/providers-panel";

export function ProvidersRoute() {
  return <ProvidersPanel />;
}
