import { DestinationsPanel } from "@/features/destinations/components/destinations-panel";
import { useProviderOptions } from "@/features/providers/api/get-providers";

export function DestinationsRoute() {
  return <DestinationsPanel providerOptions={useProviderOptions()} />;
}
