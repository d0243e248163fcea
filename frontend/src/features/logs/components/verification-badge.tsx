import { Badge } from "@mantine/core";

import { reasonLabel, reasonSentence, verificationColors, verificationLabels, type Verification } from "@/lib/verification";

/** A request's verification state; a failure names its reason ("Failed: wrong signature"). */
export function VerificationBadge({ verification, reason }: { verification: Verification; reason: string }) {
  const label = verificationLabels[verification];
  return (
    <Badge
      color={verificationColors[verification]}
      variant="outline"
      title={reason ? reasonSentence(reason) : undefined}
      style={{ textTransform: "none" }}
    >
      {reason ? `${label}: ${reasonLabel(reason).toLowerCase()}` : label}
    </Badge>
  );
}
