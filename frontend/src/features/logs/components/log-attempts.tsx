import { Stack, Text } from "@mantine/core";

import type { components } from "@/api/schema";
import { ErrorState } from "@/components/error-state";
import { LoadMore } from "@/components/load-more";
import { LoadingState } from "@/components/loading-state";
import { formatCount } from "@/lib/format";

import type { LogAttemptsQuery } from "../api/get-log";
import { AttemptTimeline } from "./attempt-timeline";

type LogStatus = components["schemas"]["LogStatusEnum"];

type LogAttemptsProps = {
  attempts: LogAttemptsQuery;
  /** The log's status, to explain an empty timeline. */
  status: LogStatus;
};

/** The log's delivery attempts, oldest first, a page at a time. */
export function LogAttempts({ attempts, status }: LogAttemptsProps) {
  if (attempts.isPending) return <LoadingState label="Loading delivery attempts" />;
  if (attempts.isLoadingError) {
    return (
      <ErrorState
        title="The delivery attempts could not be loaded"
        error={attempts.error}
        onRetry={() => void attempts.refetch()}
      />
    );
  }
  if (attempts.data.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {status === "processed" ? "No destination matched this webhook, so nothing was forwarded." : "None yet."}
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      <AttemptTimeline attempts={attempts.data} />
      {(attempts.hasNextPage || attempts.data.length > 10) && (
        <LoadMore query={attempts} shown={formatCount(attempts.data.length, "attempt", "attempts")} />
      )}
    </Stack>
  );
}
