import { Navigate, Outlet, useLocation } from "react-router";

import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";
import { paths } from "@/config/paths";
import { isLoggedOut, useMe } from "@/lib/auth";

/** Renders the logged-in part of the app only once `me` answers; otherwise off to log in. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();

  if (me.isPending) return <LoadingState label="Checking your session" />;
  if (me.isError) {
    if (isLoggedOut(me.error)) {
      return <Navigate to={paths.login.getHref(`${location.pathname}${location.search}`)} replace />;
    }
    return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  }
  return <Outlet />;
}
