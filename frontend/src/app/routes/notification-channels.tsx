import { ChannelsPanel } from "@/features/notification-channels/components/channels-panel";

export function NotificationChannelsRoute() {
  return <ChannelsPanel />;
}
