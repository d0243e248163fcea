/** The first part of a long text, cut on a line break, with how much was left out. */

const encoder = new TextEncoder();

export type TextPreview = {
  /** The text to show: the whole text, or its first part. */
  text: string;
  truncated: boolean;
  shownBytes: number;
  totalBytes: number;
};

/**
 * Up to `limit` characters of `text`. The cut falls after the last line break in the
 * second half of the preview, so the shown part ends on a whole line, and never inside a
 * surrogate pair. Sizes are UTF-8 bytes, as the body's size is.
 */
export function previewText(text: string, limit: number): TextPreview {
  const totalBytes = encoder.encode(text).length;
  if (text.length <= limit) return { text, truncated: false, shownBytes: totalBytes, totalBytes };
  let end = limit;
  const lineEnd = text.lastIndexOf("\n", limit - 1);
  if (lineEnd >= limit / 2) end = lineEnd + 1;
  else if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  const shown = text.slice(0, end);
  return { text: shown, truncated: true, shownBytes: encoder.encode(shown).length, totalBytes };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
