import { Anchor, Group } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router";

import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";
import { PageHeader } from "@/components/page-header";
import { paths } from "@/config/paths";
import { useDestinationOptions } from "@/features/destinations/api/get-destinations";
import { useLog } from "@/features/logs/api/get-log";
import { LogDetail } from "@/features/logs/components/log-detail";
import { ReplayButton } from "@/features/replay/components/replay-button";
import { useIsAdmin } from "@/lib/auth";

export function LogRoute() {
  const { logId = "" } = useParams();
  // After a replay the page refreshes for a while, so its attempts appear as they happen.
  const [watchUntil, setWatchUntil] = useState(0);
  const { log, attempts } = useLog(logId, { watchUntil });
  const isAdmin = useIsAdmin();
  const destinationOptions = useDestinationOptions();

  return (
    <>
      <Group mb="xs">
        <Anchor component={Link} to={paths.logs.getHref()} size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} /> All logs
          </Group>
        </Anchor>
      </Group>
      {log.isPending ? (
        <LoadingState label="Loading the log" />
      ) : log.isError ? (
        <ErrorState title="This log could not be loaded" error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <>
          <PageHeader
            title={log.data.event_type || "Webhook"}
            description={`Received from ${log.data.provider.display_name}`}
            actions={
              isAdmin && (
                <ReplayButton
                  logId={log.data.id}
                  destinationOptions={destinationOptions}
                  onReplayed={() => setWatchUntil(Date.now() + 30_000)}
                />
              )
            }
          />
          <LogDetail log={log.data} attempts={attempts} canReverify={isAdmin} />
        </>
      )}
    </>
  );
}
