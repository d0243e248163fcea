/**
 * The live stream (GET /api/v1/stream/logs, Server-Sent Events): where it is, and a hook that
 * keeps one EventSource open with the session cookie. EventSource reconnects by itself and
 * resumes with Last-Event-ID, so nothing is missed across a dropped connection or a restart.
 */
import { queryOptions, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import { client, dataOf } from "@/api/client";

export function getStreamInfoQueryOptions() {
  return queryOptions({
    queryKey: ["stream", "info"],
    queryFn: async ({ signal }) => dataOf(await client.GET("/api/v1/stream/", { signal })),
    staleTime: Infinity,
  });
}

export type LiveStreamState = "connecting" | "open" | "failed";
export type LiveStreamEvent = { type: string; data: unknown; id: string };
type Params = Record<string, string | string[] | undefined>;

/** The stream's URL: `stream_url` (absolute, or a path on this origin) with the query. */
export function streamUrl(base: string, params: Params, origin: string): string {
  const url = new URL(base, origin);
  for (const [name, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? value : value ? [value] : [];
    if (values.length > 0) url.searchParams.set(name, values.join(","));
  }
  return url.toString();
}

const EVENT_TYPES = ["log", "attempt", "reset"] as const;
// EventSource retries forever; after this many failures in a row without a message the
// caller falls back to polling (e.g. a server that answers 503 stream_elsewhere).
const FAILURES_BEFORE_GIVING_UP = 3;

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/**
 * Calls `onEvent` for each `log`, `attempt` and `reset` event while `enabled`; the params
 * are the stream's filters (provider, event_type, status, log, types). Reopens when they change.
 */
export function useLiveStream({
  params,
  enabled,
  onEvent,
}: {
  params: Params;
  enabled: boolean;
  onEvent: (event: LiveStreamEvent) => void;
}): LiveStreamState {
  // Without EventSource (old browsers, jsdom) there is no stream to ask about: "failed".
  const supported = typeof EventSource !== "undefined";
  const info = useQuery({ ...getStreamInfoQueryOptions(), enabled: enabled && supported });
  // The state of the stream at `url`; another URL is connecting until its source says more.
  const [state, setState] = useState<{ url: string | null; value: LiveStreamState }>({ url: null, value: "connecting" });
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  const base = info.data?.stream_url;
  const url = enabled && base ? streamUrl(base, params, window.location.origin) : null;

  useEffect(() => {
    if (!url || !supported) return;
    const source = new EventSource(url, { withCredentials: true });
    let failures = 0;
    source.addEventListener("ready", () => {
      failures = 0;
      setState({ url, value: "open" });
    });
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (event) => {
        handler.current({ type, data: parse(event.data), id: event.lastEventId });
      });
    }
    source.onerror = () => {
      failures += 1;
      if (failures >= FAILURES_BEFORE_GIVING_UP || source.readyState === EventSource.CLOSED) {
        source.close();
        setState({ url, value: "failed" });
      } else {
        setState({ url, value: "connecting" });
      }
    };
    return () => source.close();
  }, [url, supported]);

  if (!enabled) return "connecting";
  if (!supported || info.isError) return "failed";
  return state.url === url ? state.value : "connecting";
}
