import { Button, Group } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";

import { cursorFromLink } from "@/lib/cursor";

type CursorPagerProps = {
  /** The list's `previous` and `next` links, as the API returned them. */
  previous?: string | null;
  next?: string | null;
  /** Whether this is a later page (the newest page has no "Newer"). */
  paged: boolean;
  onPage: (cursor: string | null) => void;
};

/** "Newer" / "Older" for a newest-first, cursor-paginated list. */
export function CursorPager({ previous, next, paged, onPage }: CursorPagerProps) {
  const older = cursorFromLink(next);
  if (!paged && !older) return null;
  return (
    <Group justify="space-between">
      <Button
        variant="default"
        leftSection={<IconChevronLeft size={16} />}
        disabled={!paged}
        onClick={() => onPage(cursorFromLink(previous))}
      >
        Newer
      </Button>
      <Button variant="default" rightSection={<IconChevronRight size={16} />} disabled={!older} onClick={() => onPage(older)}>
        Older
      </Button>
    </Group>
  );
}
