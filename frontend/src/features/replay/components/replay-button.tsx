import { Button, Menu } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconChevronDown, IconRepeat } from "@tabler/icons-react";

import { showErrorNotification } from "@/components/error-notification";

import { useReplayLog } from "../api/replay-log";

type ReplayButtonProps = {
  logId: string;
  /** Destinations to offer for a replay to just one of them. */
  destinationOptions: { value: string; label: string }[];
  /** Called once the replay is queued, e.g. to watch for its attempts. */
  onReplayed?: () => void;
};

/** Sends a stored webhook again: to every destination that matches it now, or to one. */
export function ReplayButton({ logId, destinationOptions, onReplayed }: ReplayButtonProps) {
  const replay = useReplayLog();
  const send = (destinationId: string | null) =>
    replay.mutate(
      { logId, destinationId },
      {
        onSuccess: ({ deliveries }) => {
          onReplayed?.();
          notifications.show({
            color: deliveries > 0 ? "teal" : "yellow",
            title: deliveries > 0 ? "Replay queued" : "Nothing to replay to",
            message:
              deliveries > 0
                ? `${deliveries} ${deliveries === 1 ? "delivery" : "deliveries"} on the way.`
                : "No active destination matches this webhook.",
          });
        },
        onError: (error) => showErrorNotification("Replay failed", error),
      },
    );

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button leftSection={<IconRepeat size={16} />} rightSection={<IconChevronDown size={14} />} loading={replay.isPending}>
          Replay
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => send(null)}>To every matching destination</Menu.Item>
        {destinationOptions.length > 0 && <Menu.Label>Only to</Menu.Label>}
        {destinationOptions.map((option) => (
          <Menu.Item key={option.value} onClick={() => send(option.value)}>
            {option.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
