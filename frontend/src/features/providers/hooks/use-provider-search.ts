import { useDebouncedCallback } from "@mantine/hooks";
import { useCallback, useMemo, useState } from "react";
import { useSearchParams } from "react-router";

import type { ProviderFilters } from "../api/get-providers";
import { useProviderTypes } from "../api/get-provider-types";
import { asProviderName, type ProviderName } from "../utils/provider-types";

const SEARCH_DELAY_MS = 300;

/**
 * The provider list's search, kept in the URL (`?search=stripe&type=github`) so it can be
 * shared. The search box's text follows the keyboard at once and the URL (so the query)
 * once typing pauses. Changes replace the history entry: typing is not a trail to walk
 * back through.
 */
export function useProviderSearch() {
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.get("search")?.trim() ?? "";
  const type = searchParams.get("type");
  // Until the registry loads, a type from the URL waits rather than listing every provider first.
  const types = useProviderTypes().data;
  const providerName = asProviderName(types, type);
  const [text, setText] = useState(search);

  const filters = useMemo<ProviderFilters>(
    () => ({ ...(search && { search }), ...(providerName && { provider_name: providerName }) }),
    [search, providerName],
  );

  const update = useCallback(
    (patch: { search?: string; type?: ProviderName | null }) =>
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [name, value] of Object.entries(patch)) {
            if (value?.trim()) next.set(name, value.trim());
            else next.delete(name);
          }
          return next;
        },
        { replace: true },
      ),
    [setSearchParams],
  );
  const applyText = useDebouncedCallback((value: string) => update({ search: value }), SEARCH_DELAY_MS);

  return {
    filters,
    text,
    setText: (value: string) => {
      setText(value);
      applyText(value);
    },
    /** Search now for what is typed (Enter). */
    flushText: () => applyText.flush(),
    setType: (value: ProviderName | null) => update({ type: value }),
    clear: () => {
      applyText.cancel();
      setText("");
      update({ search: "", type: null });
    },
  };
}
