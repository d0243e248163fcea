import { Center, Loader } from "@mantine/core";

/** Shown while a page or a list is loading. */
export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-label={label}>
      <Loader />
    </Center>
  );
}
