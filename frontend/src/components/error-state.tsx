import { Alert, Button, Stack } from "@mantine/core";

import { ApiError } from "@/api/client";

import { RequestIdNote } from "./request-id-note";

type ErrorStateProps = {
  error: unknown;
  title?: string;
  /** Offer a retry, e.g. a query's `refetch`. */
  onRetry?: () => void;
};

/** Shown when loading failed; says what the server said when it said something. */
export function ErrorState({ error, title = "Something went wrong", onRetry }: ErrorStateProps) {
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap="sm" align="flex-start">
        {describeError(error)}
        <RequestIdNote error={error} />
        {onRetry && (
          <Button variant="light" color="red" size="xs" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return "An unexpected error occurred.";
}
