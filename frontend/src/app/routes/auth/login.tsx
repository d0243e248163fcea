import { Anchor, Tabs } from "@mantine/core";
import { useCallback } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";

import { paths, safeNext } from "@/config/paths";
import { MagicLinkRequestForm } from "@/features/auth/components/magic-link-request-form";
import { OtpLoginForm } from "@/features/auth/components/otp-login-form";
import { useMe } from "@/lib/auth";

import { AuthCard } from "./auth-card";

export function LoginRoute() {
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get("next"));
  const navigate = useNavigate();
  const me = useMe();
  const onLoggedIn = useCallback(() => void navigate(next, { replace: true }), [navigate, next]);

  if (me.data) return <Navigate to={next} replace />;

  return (
    <AuthCard
      title="Log in"
      subtitle={
        <>
          No account yet?{" "}
          <Anchor component={Link} to={paths.signup.getHref()}>
            Sign up
          </Anchor>
        </>
      }
    >
      <Tabs defaultValue="link">
        <Tabs.List grow mb="md">
          <Tabs.Tab value="link">Email link</Tabs.Tab>
          <Tabs.Tab value="code">One-time code</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="link">
          <MagicLinkRequestForm />
        </Tabs.Panel>
        <Tabs.Panel value="code">
          <OtpLoginForm onLoggedIn={onLoggedIn} />
        </Tabs.Panel>
      </Tabs>
    </AuthCard>
  );
}
