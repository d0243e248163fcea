/** Cursor paging: the `cursor` inside a list's `next` / `previous` link, and infinite lists. */

/** The `cursor` inside a `next` / `previous` link from a cursor-paginated list; null at an end. */
export function cursorFromLink(link: string | null | undefined): string | null {
  if (!link) return null;
  return new URL(link, "http://placeholder.invalid").searchParams.get("cursor");
}

type Page<T> = { next?: string | null; results: T[] };

/** For useInfiniteQuery's `getNextPageParam`: the next page's cursor, undefined at the end. */
export function nextPageCursor(page: Page<unknown>): string | undefined {
  return cursorFromLink(page.next) ?? undefined;
}

/** For useInfiniteQuery's `select`: every loaded page's rows, in order, as one list. */
export function allRows<T>(data: { pages: Page<T>[] }): T[] {
  return data.pages.flatMap((page) => page.results);
}

/**
 * Follows `next` from the first page to the last and returns every row: for the few places
 * that need a whole (small) collection, such as a select's options. `fetchPage` gets the
 * cursor (undefined for the first page); `maxPages` stops a runaway loop loudly.
 */
export async function fetchEveryPage<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages = 100,
): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const answer = await fetchPage(cursor);
    rows.push(...answer.results);
    cursor = nextPageCursor(answer);
    if (cursor === undefined) return rows;
  }
  throw new Error(`Stopped after ${maxPages} pages: the list did not end.`);
}
