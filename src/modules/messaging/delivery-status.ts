/**
 * Delivery status of an outbound message moves one way: queued < accepted < sent < delivered < read.
 * `failed` is terminal. Webhooks arrive out of order and repeated, so an update that would move the
 * status backwards (or out of `failed`) is ignored. Meta may skip `delivered` when a message is read at once.
 */
export type OutboundStatus = "queued" | "accepted" | "sent" | "delivered" | "read" | "failed";

const RANK: Record<OutboundStatus, number> = {
  queued: 0,
  accepted: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
};

export const isOutboundStatus = (s: string): s is OutboundStatus => s in RANK;

/** The status after applying `incoming` to `current`, or undefined when nothing changes. */
export const advanceStatus = (
  current: OutboundStatus,
  incoming: OutboundStatus,
): OutboundStatus | undefined => {
  if (current === "failed") return undefined;
  if (incoming === "failed") return "failed";
  return RANK[incoming] > RANK[current] ? incoming : undefined;
};

/** WhatsApp's voice "played" counts as read for our purposes. */
export const toOutboundStatus = (webhookStatus: string): OutboundStatus | undefined =>
  webhookStatus === "played" ? "read" : isOutboundStatus(webhookStatus) ? webhookStatus : undefined;

const WINDOW_MS = 24 * 60 * 60 * 1000;

/** The customer-service window: free-form messages are allowed for 24 h after the citizen's last message. */
export const isWindowOpen = (lastInboundAt: Date | null | undefined, now: Date): boolean =>
  Boolean(lastInboundAt) && now.getTime() < lastInboundAt!.getTime() + WINDOW_MS;

export const windowClosesAt = (lastInboundAt: Date | null | undefined): Date | undefined =>
  lastInboundAt ? new Date(lastInboundAt.getTime() + WINDOW_MS) : undefined;
