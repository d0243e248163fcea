import { Alert, Button, Group, Modal, Progress, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconRepeat } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";
import { isFinished, useJob } from "@/lib/jobs";

import { useCountBulkReplay, useStartBulkReplay, type BulkReplayFilters } from "../api/bulk-replay";
import { useCancelJob } from "../api/cancel-job";

const jobStatusText: Record<string, string> = {
  queued: "Waiting for a worker…",
  running: "Replaying…",
  done: "Done.",
  cancelled: "Cancelled: what was replayed stays replayed.",
  failed: "The job failed.",
};

function JobProgress({ jobId, onClose }: { jobId: string; onClose: () => void }) {
  const job = useJob(jobId);
  const cancel = useCancelJob();
  if (job.isPending) return <LoadingState label="Starting the replay" />;
  if (job.isError) return <ErrorState error={job.error} onRetry={() => void job.refetch()} />;

  const { total, done, replayed, status, error } = job.data;
  const percent = total > 0 ? Math.round((done / total) * 100) : 100;
  const finished = isFinished(status);
  return (
    <Stack>
      <Text size="sm" aria-live="polite">
        {jobStatusText[status] ?? status} {done} of {total} webhooks, {replayed} deliveries queued.
      </Text>
      <Progress value={percent} animated={!finished} aria-label="Replay progress" size="lg" />
      {error && <Alert color="red">{error}</Alert>}
      <Group justify="flex-end">
        {!finished && (
          <Button color="red" variant="light" loading={cancel.isPending} onClick={() => cancel.mutate(jobId)}>
            Cancel replay
          </Button>
        )}
        <Button variant={finished ? "filled" : "default"} onClick={onClose}>
          {finished ? "Close" : "Hide (keeps running)"}
        </Button>
      </Group>
    </Stack>
  );
}

function BulkReplayDialog({ filters, onClose }: { filters: BulkReplayFilters; onClose: () => void }) {
  const count = useCountBulkReplay();
  const start = useStartBulkReplay();
  const queryClient = useQueryClient();
  const counted = useRef(false);

  // The dry run happens as the dialog opens: nothing is replayed before the count is seen.
  useEffect(() => {
    if (counted.current) return;
    counted.current = true;
    count.mutate(filters);
  }, [count, filters]);

  if (start.isSuccess) {
    return (
      <JobProgress
        jobId={start.data.id}
        onClose={() => {
          void queryClient.invalidateQueries({ queryKey: ["logs"] });
          onClose();
        }}
      />
    );
  }
  if (count.isError) return <ErrorState error={count.error} />;
  if (!count.isSuccess) return <LoadingState label="Counting matching webhooks" />;
  if (count.data === 0) {
    return (
      <Stack>
        <Text>No webhook matches these filters; there is nothing to replay.</Text>
        <Group justify="flex-end">
          <Button onClick={onClose}>Close</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack>
      <Text>
        <strong>{count.data.toLocaleString()}</strong> {count.data === 1 ? "webhook matches" : "webhooks match"} the
        current filters. Each is delivered again to every destination that matches it now. Rejected and duplicate
        webhooks are skipped.
      </Text>
      {start.isError && <ErrorState error={start.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button loading={start.isPending} onClick={() => start.mutate(filters)}>
          Replay {count.data.toLocaleString()} {count.data === 1 ? "webhook" : "webhooks"}
        </Button>
      </Group>
    </Stack>
  );
}

/** Replays everything the log list's filters match: a dry-run count, then a cancellable job. */
export function BulkReplayButton({ filters }: { filters: BulkReplayFilters }) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button variant="default" leftSection={<IconRepeat size={16} />} onClick={open}>
        Replay all matching
      </Button>
      <Modal opened={opened} onClose={close} title="Bulk replay" size="md">
        {opened && <BulkReplayDialog filters={filters} onClose={close} />}
      </Modal>
    </>
  );
}
