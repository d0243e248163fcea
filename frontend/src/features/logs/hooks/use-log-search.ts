import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";

import type { LogFilters } from "../api/get-logs";
import { filtersFromSearchParams, filtersToSearchParams } from "../utils/log-filters";

/** The log list's filters and page cursor, kept in the URL so a search can be shared. */
export function useLogSearch() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearchParams(searchParams), [searchParams]);
  const filterKey = useMemo(() => filtersToSearchParams(filters).toString(), [filters]);
  const cursor = searchParams.get("cursor");

  // New filters start again from the newest page.
  const setFilters = useCallback((next: LogFilters) => setSearchParams(filtersToSearchParams(next)), [setSearchParams]);

  const setCursor = useCallback(
    (next: string | null) => {
      const params = new URLSearchParams(filterKey);
      if (next) params.set("cursor", next);
      setSearchParams(params);
    },
    [filterKey, setSearchParams],
  );

  return { filters, filterKey, cursor, setFilters, setCursor };
}
