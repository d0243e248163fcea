import { Alert, Button, Group, Progress, Stack, Text } from "@mantine/core";

import { isFinished, useJob } from "@/lib/jobs";

import { ErrorState } from "./error-state";
import { LoadingState } from "./loading-state";

type JobProgressProps = {
  jobId: string;
  /** What the job does, as a heading of its progress: "Deleting Stripe live". */
  label: string;
  /** What `done` and `total` count: "logs", "held webhooks". */
  unit: string;
  onClose: () => void;
};

const statusText: Record<string, string> = {
  queued: "Waiting for a worker…",
  running: "Working…",
  done: "Done.",
  failed: "The job failed.",
  cancelled: "Cancelled.",
};

/** A background job's progress (`done` of `total`), polled until it finishes; it keeps running if hidden. */
export function JobProgress({ jobId, label, unit, onClose }: JobProgressProps) {
  const job = useJob(jobId);
  if (job.isPending) return <LoadingState label={label} />;
  if (job.isError) return <ErrorState error={job.error} onRetry={() => void job.refetch()} />;

  const { total, done, status, error } = job.data;
  const finished = isFinished(status);
  const percent = total > 0 ? Math.round((Math.min(done, total) / total) * 100) : finished ? 100 : 0;
  return (
    <Stack>
      <Text size="sm" aria-live="polite">
        {label}: {statusText[status] ?? status} {done.toLocaleString()} of {total.toLocaleString()} {unit}.
      </Text>
      <Progress value={percent} animated={!finished} aria-label={`${label} progress`} size="lg" />
      {error && <Alert color="red">{error}</Alert>}
      <Group justify="flex-end">
        <Button variant={finished ? "filled" : "default"} onClick={onClose}>
          {finished ? "Close" : "Hide (keeps running)"}
        </Button>
      </Group>
    </Stack>
  );
}
