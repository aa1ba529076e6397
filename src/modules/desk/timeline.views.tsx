/**
 * The chat as the citizen sees it on their phone: their messages on the left, the office's (bot and
 * operators) on the right, with WhatsApp's ticks.
 */
import type { Template } from "../catalogue/schema.ts";
import type { Message } from "../messaging/messaging.repo.ts";
import type { Locale } from "./context.ts";
import { InboundBody, OutboundBody } from "./message-body.views.tsx";
import { w } from "./timeline.words.ts";
import { formatDateTime } from "./words.ts";

export const TIMELINE_PAGE = 100;

const TICK: Record<string, string> = {
  queued: "⏱",
  accepted: "⏱",
  sent: "✓",
  delivered: "✓✓",
  read: "✓✓",
  failed: "⚠",
};

/** WhatsApp's ticks; a failure says why (Meta's code and title), the operator's only clue. */
const Ticks = ({ m, l }: { m: Message; l: Locale }) => {
  const status = m.status in TICK ? m.status : "queued";
  const key =
    status === "accepted" ? "queued" : (status as "queued" | "sent" | "delivered" | "read" | "failed");
  return (
    <>
      <span class={`ticks t-${status}`} title={w(l, key)} data-status={status}>
        {TICK[status]}
        <span class="sr">{w(l, key)}</span>
      </span>
      {status === "failed" && (
        <p class="failure">
          {w(l, "failed")}. {w(l, "reason")}: {m.errorCode ?? "?"} {m.errorTitle ?? ""}
        </p>
      )}
    </>
  );
};

const Bubble = ({ m, l, templates }: { m: Message; l: Locale; templates: Template[] }) => {
  const inbound = m.direction === "in";
  return (
    <li class={`bubble ${inbound ? "in" : "out"}`} data-message={m.id} data-type={m.type}>
      {inbound ? <InboundBody m={m} l={l} /> : <OutboundBody m={m} l={l} templates={templates} />}
      <span class="meta">
        <time datetime={m.occurredAt.toISOString()}>{formatDateTime(m.occurredAt, l)}</time>
        {!inbound && <Ticks m={m} l={l} />}
      </span>
    </li>
  );
};

/**
 * The refreshing list of messages. It re-fetches itself on every change of the office (new messages,
 * ticks) and keeps how far back the operator has loaded; the reply box lives outside it and is never swapped.
 */
export const Timeline = (o: {
  conversationId: string;
  l: Locale;
  messages: Message[];
  hasOlder: boolean;
  limit: number;
  templates: Template[];
}) => {
  const url = `/desk/conversations/${o.conversationId}/timeline?limit=${o.limit}`;
  const older = `/desk/conversations/${o.conversationId}/timeline?limit=${o.limit + TIMELINE_PAGE}`;
  return (
    <section
      id="timeline"
      class="timeline"
      hx-get={url}
      hx-trigger="sse:change throttle:1s"
      hx-swap="outerHTML"
      aria-label={w(o.l, "timeline")}
    >
      {o.hasOlder && (
        <a
          class="older"
          href={`/desk/conversations/${o.conversationId}?limit=${o.limit + TIMELINE_PAGE}`}
          hx-get={older}
          hx-target="#timeline"
          hx-swap="outerHTML"
        >
          {w(o.l, "older")}
        </a>
      )}
      {o.messages.length === 0 ? (
        <p class="empty">{w(o.l, "empty")}</p>
      ) : (
        <ol class="bubbles">
          {o.messages.map((m) => (
            <Bubble m={m} l={o.l} templates={o.templates} />
          ))}
        </ol>
      )}
    </section>
  );
};
