/** How dates, sizes and durations read across the dashboard. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** "25 Nov 2026, 13:04:05" in the viewer's locale and time zone; "—" for no date. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : dateTime.format(date);
}

/** 512 → "512 B", 2048 → "2.0 KB", 5_500_000 → "5.2 MB", 2**34 → "16.0 GB" (binary units, as the
 * size limit and the stored-bytes quota are). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** 0.0523 → "5.2%". */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** 1 → "1 provider", 1000 → "1,000 providers". */
export function formatCount(count: number, one: string, other: string): string {
  return `${count.toLocaleString()} ${count === 1 ? one : other}`;
}
