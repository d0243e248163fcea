import { Button, Select, Stack, TextInput } from "@mantine/core";
import { isEmail, useForm } from "@mantine/form";
import { useState } from "react";

import { FormErrorBanner } from "@/components/form-error-banner";
import { applyServerErrors, type FormBanner } from "@/lib/form-errors";

import { useInviteUser, type UserInviteInput } from "../api/invite-user";
import { isRole, roleOptions } from "./roles";

/** Invites someone by email; they join with the link the email carries. */
export function InviteUserForm({ onInvited }: { onInvited: (email: string) => void }) {
  const invite = useInviteUser();
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const form = useForm<UserInviteInput>({
    initialValues: { email: "", role: "member" },
    validate: { email: isEmail("Enter a valid email address.") },
  });

  const submit = form.onSubmit((values) => {
    setBanner(null);
    invite.mutate(values, {
      onSuccess: (invitation) => onInvited(invitation.email),
      onError: (error) => setBanner(applyServerErrors(form, error, ["email", "role"])),
    });
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Invite a user">
      <Stack>
        <FormErrorBanner banner={banner} />
        <TextInput label="Email" type="email" autoComplete="off" required {...form.getInputProps("email")} />
        <Select
          label="Role"
          data={roleOptions}
          allowDeselect={false}
          {...form.getInputProps("role")}
          onChange={(value) => {
            if (isRole(value)) form.setFieldValue("role", value);
          }}
        />
        <Button type="submit" loading={invite.isPending}>
          Send invitation
        </Button>
      </Stack>
    </form>
  );
}
