import { Button, Card, Group, NumberInput, Stack, Text, TextInput } from "@mantine/core";
import { isInRange, isNotEmpty, useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";

import type { components } from "@/api/schema";
import { FormErrorBanner } from "@/components/form-error-banner";
import { applyServerErrors, type FormBanner } from "@/lib/form-errors";

import { useUpdateOrganization } from "../api/update-organization";

type Organization = components["schemas"]["OrganizationDetailOutput"];

type OrganizationFormProps = {
  organization: Organization;
  /** Members see the settings but cannot change them. */
  canManage: boolean;
};

export function OrganizationForm({ organization, canManage }: OrganizationFormProps) {
  const update = useUpdateOrganization();
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const form = useForm({
    initialValues: { name: organization.name, retention_days: organization.retention_days ?? 30 },
    validate: {
      name: isNotEmpty("The organization needs a name."),
      retention_days: isInRange({ min: 1, max: 3650 }, "Between 1 and 3650 days."),
    },
  });

  const submit = form.onSubmit((values) => {
    setBanner(null);
    update.mutate(
      { name: values.name.trim(), retention_days: values.retention_days },
      {
        onSuccess: (saved) => {
          form.resetDirty({ name: saved.name, retention_days: saved.retention_days ?? values.retention_days });
          notifications.show({ color: "teal", message: "Settings saved." });
        },
        onError: (error) => setBanner(applyServerErrors(form, error, ["name", "retention_days"])),
      },
    );
  });

  return (
    <Card withBorder maw={560}>
      <form onSubmit={submit} noValidate aria-label="Organization settings">
        <Stack>
          <FormErrorBanner banner={banner} />
          <TextInput label="Name" required readOnly={!canManage} {...form.getInputProps("name")} />
          <NumberInput
            label="Keep webhooks for (days)"
            description="Older logs and their attempts are deleted every hour."
            min={1}
            max={3650}
            readOnly={!canManage}
            {...form.getInputProps("retention_days")}
          />
          <Text size="sm" c="dimmed">
            Slug: <code>{organization.slug}</code>
          </Text>
          {canManage ? (
            <Group>
              <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
                Save settings
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              Only admins can change these settings.
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}
