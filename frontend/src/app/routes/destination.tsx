import { Anchor, Group } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowLeft } from "@tabler/icons-react";
import { Link, useNavigate, useParams } from "react-router";

import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";
import { PageHeader } from "@/components/page-header";
import { paths } from "@/config/paths";
import { useDestination } from "@/features/destinations/api/get-destination";
import { DestinationDetail } from "@/features/destinations/components/destination-detail";
import { useProviderOptions } from "@/features/providers/api/get-providers";

export function DestinationRoute() {
  const { destinationId = "" } = useParams();
  const destination = useDestination(destinationId);
  const providerOptions = useProviderOptions();
  const navigate = useNavigate();

  return (
    <>
      <Group mb="xs">
        <Anchor component={Link} to={paths.destinations.getHref()} size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} /> All destinations
          </Group>
        </Anchor>
      </Group>
      {destination.isPending ? (
        <LoadingState label="Loading the destination" />
      ) : destination.isError ? (
        <ErrorState title="This destination could not be loaded" error={destination.error} />
      ) : (
        <>
          <PageHeader title={destination.data.name} />
          <DestinationDetail
            destination={destination.data}
            providerOptions={providerOptions}
            onDeleted={() => {
              notifications.show({ message: `${destination.data.name} deleted.` });
              void navigate(paths.destinations.getHref(), { replace: true });
            }}
          />
        </>
      )}
    </>
  );
}
