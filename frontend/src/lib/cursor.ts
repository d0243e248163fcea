/** The `cursor` inside a `next` / `previous` link from a cursor-paginated list; null at an end. */
export function cursorFromLink(link: string | null | undefined): string | null {
  if (!link) return null;
  return new URL(link, "http://placeholder.invalid").searchParams.get("cursor");
}
