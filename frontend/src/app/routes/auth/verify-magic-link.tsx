import { useCallback } from "react";
import { useNavigate, useSearchParams } from "react-router";

import { paths } from "@/config/paths";
import { MagicLinkVerifier } from "@/features/auth/components/magic-link-verifier";

import { AuthCard } from "./auth-card";

/** Where the email's link lands: `/login/verify?token=...`. */
export function VerifyMagicLinkRoute() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const onLoggedIn = useCallback(() => void navigate(paths.dashboard.getHref(), { replace: true }), [navigate]);

  return (
    <AuthCard title="Logging in">
      <MagicLinkVerifier token={searchParams.get("token")} onLoggedIn={onLoggedIn} />
    </AuthCard>
  );
}
