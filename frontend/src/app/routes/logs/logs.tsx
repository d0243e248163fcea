import { PageHeader } from "@/components/page-header";
import { useLogSearch } from "@/features/logs/hooks/use-log-search";
import { LogsBrowser } from "@/features/logs/components/logs-browser";
import { useProviderOptions } from "@/features/providers/api/get-providers";
import { BulkReplayButton } from "@/features/replay/components/bulk-replay-button";
import { useIsAdmin } from "@/lib/auth";

export function LogsRoute() {
  const providerOptions = useProviderOptions();
  const { filters } = useLogSearch();
  const isAdmin = useIsAdmin();
  return (
    <>
      <PageHeader
        title="Logs"
        description="Every webhook received, newest first."
        actions={isAdmin && <BulkReplayButton filters={filters} />}
      />
      <LogsBrowser providerOptions={providerOptions} />
    </>
  );
}
