/**
 * One chat in the workspace's right column: who the citizen is and who holds the chat (refreshing), the
 * timeline (refreshing), and the reply box, which is never swapped by a refresh so typing is not lost.
 */
import type { Child } from "hono/jsx";
import type { Message } from "../messaging/messaging.repo.ts";
import type { DeskDeps, DeskUser, Locale } from "./context.ts";
import { canAct } from "./context.ts";
import type { CannedResponse } from "./conversation.repo.ts";
import type { ChatContext, OfferedTemplate } from "./conversation.service.ts";
import { w } from "./conversation.words.ts";
import { serviceName } from "./labels.ts";
import { Notice } from "./layout.tsx";
import { Timeline } from "./timeline.views.tsx";
import { formatDateTime } from "./words.ts";

const base = (id: string) => `/desk/conversations/${id}`;

/** A button that posts (htmx, or a plain form without JavaScript) and shows the chat again. */
const ActionButton = (o: { user: DeskUser; id: string; action: string; label: string; confirm?: string }) => (
  <form
    method="post"
    action={`${base(o.id)}/${o.action}`}
    hx-post={`${base(o.id)}/${o.action}`}
    hx-target="#detail"
    hx-swap="innerHTML"
    class="inline"
    hx-confirm={o.confirm}
  >
    <input type="hidden" name="_csrf" value={o.user.csrfToken} />
    <button type="submit" class={o.action === "close" ? "danger" : undefined} data-action={o.action}>
      {o.label}
    </button>
  </form>
);

const WindowLine = ({ ctx, l }: { ctx: ChatContext; l: Locale }) => (
  <p
    class={`window ${ctx.window.open ? "open" : "closed"}`}
    data-window={ctx.window.open ? "open" : "closed"}
  >
    {ctx.window.closesAt
      ? w(l, ctx.window.open ? "open" : "closed", { at: formatDateTime(ctx.window.closesAt, l) })
      : w(l, "never")}
  </p>
);

export const ConversationHead = (o: { user: DeskUser; deps: DeskDeps; ctx: ChatContext }) => {
  const l = o.user.locale;
  const { conversation: c, contact } = o.ctx;
  const mine = c.heldBy === o.user.id;
  return (
    <header
      id="chat-head"
      class="chat-head"
      hx-get={`${base(c.id)}/head`}
      hx-trigger="sse:change throttle:1s"
      hx-swap="outerHTML"
    >
      <h2>
        {contact.profileName ?? contact.waId ?? contact.userId ?? "—"}
        {contact.waId && contact.profileName && <span class="phone"> +{contact.waId}</span>}
      </h2>
      <p class="facts">
        {c.handoverAt && (
          <span>
            {w(l, "waiting")} {formatDateTime(c.handoverAt, l)} · {w(l, "service")}:{" "}
            {c.handoverService
              ? serviceName(o.deps.citizen.catalogue, l, c.handoverService)
              : w(l, "anyService")}{" "}
            ·{" "}
          </span>
        )}
        <span data-holder={c.heldBy ?? ""}>
          {w(l, "holder")}: {o.ctx.holderName ?? w(l, "bot")}
        </span>
      </p>
      <WindowLine ctx={o.ctx} l={l} />
      {canAct(o.user) && (
        <div class="chat-actions">
          {!mine && <ActionButton user={o.user} id={c.id} action="take" label={w(l, "takeOver")} />}
          {(c.heldBy || c.handoverAt) && (
            <>
              <ActionButton user={o.user} id={c.id} action="hand-back" label={w(l, "handBack")} />
              <ActionButton
                user={o.user}
                id={c.id}
                action="close"
                label={w(l, "close")}
                confirm={w(l, "closeConfirm")}
              />
            </>
          )}
        </div>
      )}
    </header>
  );
};

const CannedPicker = (o: { id: string; l: Locale; canned: CannedResponse[] }) =>
  o.canned.length === 0 ? null : (
    <form
      method="get"
      action={base(o.id)}
      hx-get={`${base(o.id)}/reply-box`}
      hx-target="#reply"
      hx-swap="outerHTML"
      hx-trigger="change, submit"
      class="canned"
    >
      <label>
        {w(o.l, "canned")}
        <select name="canned" title={w(o.l, "cannedNote")}>
          <option value="">{w(o.l, "cannedPick")}</option>
          {o.canned.map((c) => (
            <option value={c.id}>{c.title}</option>
          ))}
        </select>
      </label>
      <button type="submit">{w(o.l, "insert")}</button>
    </form>
  );

const TextReply = (o: { user: DeskUser; id: string; text: string; canned: CannedResponse[] }) => {
  const l = o.user.locale;
  return (
    <>
      <CannedPicker id={o.id} l={l} canned={o.canned} />
      <form
        method="post"
        action={`${base(o.id)}/reply`}
        hx-post={`${base(o.id)}/reply`}
        hx-target="#reply"
        hx-swap="outerHTML"
        class="reply-form"
      >
        <input type="hidden" name="_csrf" value={o.user.csrfToken} />
        <textarea
          name="text"
          aria-label={w(l, "reply")}
          rows={3}
          maxlength={4096}
          placeholder={w(l, "placeholder")}
          required
        >
          {o.text}
        </textarea>
        <button type="submit" class="primary">
          {w(l, "send")}
        </button>
      </form>
    </>
  );
};

/** Prefilled where the desk knows the answer (the citizen's name, their tracking number). */
const KNOWN: Record<string, "nama" | "nomor"> = { citizen_name: "nama", application_number: "nomor" };

const knownValue = (ctx: ChatContext, variable: string) => {
  const key = KNOWN[variable];
  return (key && ctx.variables[key]) || "";
};

const TemplateForm = (o: { user: DeskUser; id: string; t: OfferedTemplate; ctx: ChatContext }) => (
  <details class="template" data-template={o.t.name}>
    <summary>
      <code>{o.t.name}</code> ({o.t.language})
    </summary>
    <p class="template-body">{o.t.body}</p>
    <form
      method="post"
      action={`${base(o.id)}/reply`}
      hx-post={`${base(o.id)}/reply`}
      hx-target="#reply"
      hx-swap="outerHTML"
      class="stack"
    >
      <input type="hidden" name="_csrf" value={o.user.csrfToken} />
      <input type="hidden" name="template" value={o.t.name} />
      <input type="hidden" name="language" value={o.t.language} />
      {o.t.variables.map((v, i) => (
        <label>
          {`{{${i + 1}}} ${v.name}`}
          <input
            name={v.name}
            placeholder={v.example}
            value={knownValue(o.ctx, v.name)}
            maxlength={200}
            required
          />
        </label>
      ))}
      <button type="submit" class="primary">
        {w(o.user.locale, "sendTemplate")}
      </button>
    </form>
  </details>
);

/** The reply box: free text inside the 24-hour window, approved templates outside it. */
export const ReplyBox = (o: {
  user: DeskUser;
  ctx: ChatContext;
  canned: CannedResponse[];
  text?: string;
  notice?: Child;
}) => {
  const l = o.user.locale;
  const id = o.ctx.conversation.id;
  return (
    <section id="reply" class="reply" aria-label={w(l, "reply")}>
      {o.notice}
      {!canAct(o.user) ? (
        <Notice kind="empty">{w(l, "readOnly")}</Notice>
      ) : o.ctx.window.open ? (
        <>
          {o.ctx.conversation.heldBy !== o.user.id && <p class="hint">{w(l, "takeOverNote")}</p>}
          <TextReply user={o.user} id={id} text={o.text ?? ""} canned={o.canned} />
        </>
      ) : (
        <div class="templates" data-window="closed">
          <p class="why">{w(l, "closedWhy")}</p>
          {o.ctx.templates.length === 0 ? (
            <Notice kind="empty">{w(l, "noTemplates")}</Notice>
          ) : (
            o.ctx.templates.map((t) => <TemplateForm user={o.user} id={id} t={t} ctx={o.ctx} />)
          )}
        </div>
      )}
    </section>
  );
};

export const ConversationDetail = (o: {
  user: DeskUser;
  deps: DeskDeps;
  ctx: ChatContext;
  messages: Message[];
  hasOlder: boolean;
  limit: number;
  canned: CannedResponse[];
  text?: string;
}) => (
  <article class="chat" data-conversation={o.ctx.conversation.id}>
    <ConversationHead user={o.user} deps={o.deps} ctx={o.ctx} />
    <div class="timeline-scroll">
      <Timeline
        conversationId={o.ctx.conversation.id}
        l={o.user.locale}
        messages={o.messages}
        hasOlder={o.hasOlder}
        limit={o.limit}
        templates={o.deps.citizen.catalogue.templates}
      />
    </div>
    <ReplyBox user={o.user} ctx={o.ctx} canned={o.canned} text={o.text} />
  </article>
);

export const chatTitle = (l: Locale) => w(l, "title");
