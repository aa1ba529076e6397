/**
 * The queues an operator works from, as pure definitions: which applications each one holds. The repo turns
 * them into SQL; the views name them. Order of the list = order on screen.
 */
export const QUEUES = [
  "new",
  "mine",
  "others",
  "waiting",
  "processing",
  "at_risk",
  "breached",
  "done_today",
  "chats",
] as const;
export type QueueKey = (typeof QUEUES)[number];

export const isQueueKey = (s: unknown): s is QueueKey => QUEUES.includes(s as QueueKey);

export type QueueFilter = {
  queue: QueueKey;
  /** Narrows to one of the operator's services. */
  service?: string;
  status?: string;
  /** Submitted on this office-local date (YYYY-MM-DD). */
  date?: string;
  /** A tracking number, whole or in part, or a NIK (looked up through the blind index). */
  search?: string;
};

/** A typed 16-digit number is a NIK; anything else is read as (part of) a tracking number. */
export const searchKind = (search: string): { nik: string } | { tracking: string } | undefined => {
  const compact = search.replace(/[\s.-]/g, "");
  if (/^\d{16}$/.test(compact)) return { nik: compact };
  const tracking = search.trim().toUpperCase();
  return tracking ? { tracking } : undefined;
};
