import { Button, Stack, Text } from "@mantine/core";

import { ErrorState } from "./error-state";

type LoadMoreProps = {
  /** The list's useInfiniteQuery result (only these fields are read). */
  query: {
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    isFetchNextPageError: boolean;
    error: unknown;
    fetchNextPage: () => unknown;
  };
  /** What is on screen, e.g. "50 providers". */
  shown: string;
};

/** The foot of a cursor-paged list: how much is shown, and a button for the next page. */
export function LoadMore({ query, shown }: LoadMoreProps) {
  const more = () => void query.fetchNextPage();
  return (
    <Stack align="center" gap="xs">
      {query.isFetchNextPageError && (
        <ErrorState title="The next page could not be loaded" error={query.error} onRetry={more} />
      )}
      {query.hasNextPage && !query.isFetchNextPageError && (
        <Button variant="default" loading={query.isFetchingNextPage} onClick={more}>
          Load more
        </Button>
      )}
      <Text size="sm" c="dimmed">
        {query.hasNextPage ? `Showing the first ${shown}` : `Showing all ${shown}`}
      </Text>
    </Stack>
  );
}
