import { Anchor } from "@mantine/core";
import { Link } from "react-router";

import { paths } from "@/config/paths";
import { SignupForm } from "@/features/auth/components/signup-form";

import { AuthCard } from "./auth-card";

export function SignupRoute() {
  return (
    <AuthCard
      title="Create your organization"
      subtitle={
        <>
          Already have an account?{" "}
          <Anchor component={Link} to={paths.login.getHref()}>
            Log in
          </Anchor>
        </>
      }
    >
      <SignupForm />
    </AuthCard>
  );
}
