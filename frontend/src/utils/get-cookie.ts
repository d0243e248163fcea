/** Reads one cookie by name from `document.cookie`; undefined when it is not set. */
export function getCookie(name: string, cookieString: string = document.cookie): string | undefined {
  for (const pair of cookieString.split(";")) {
    const separator = pair.indexOf("=");
    if (separator === -1) continue;
    if (pair.slice(0, separator).trim() === name) {
      return decodeURIComponent(pair.slice(separator + 1).trim());
    }
  }
  return undefined;
}
