/**
 * A chat at /desk/conversations/:id: the page (or the #detail fragment for htmx), its refreshing parts,
 * and the operator's actions. Every route asks visibleConversation first: outside the person's services
 * the chat does not exist (404); actions also need someone who may act (requireActor: 403).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Tx } from "../../platform/db/client.ts";
import { visibleConversation } from "./access.repo.ts";
import { requireActor, runDeskAction } from "./actions.ts";
import { type CannedVariables, fillCanned } from "./canned.ts";
import type { DeskDeps, DeskUser } from "./context.ts";
import { findCanned, listCanned, newestMessages } from "./conversation.repo.ts";
import {
  closeChat,
  handBack,
  loadChatContext,
  replyTemplate,
  replyText,
  takeOver,
} from "./conversation.service.ts";
import { ConversationDetail, ConversationHead, ReplyBox } from "./conversation.views.tsx";
import { Notice } from "./layout.tsx";
import { sendWorkspace } from "./queue.routes.tsx";
import { sendFragment } from "./respond.ts";
import { userOf } from "./session.ts";
import { TIMELINE_PAGE, Timeline } from "./timeline.views.tsx";
import { defineWords } from "./words.ts";

const w = defineWords({
  id: {
    handedBack: "Chat diserahkan ke bot; bot kembali menjawab warga.",
    closed: "Chat ditutup dan keluar dari antrean.",
    back: "Kembali ke antrean chat",
  },
  en: {
    handedBack: "The chat is handed back; the bot answers the citizen again.",
    closed: "The chat is closed and has left the queue.",
    back: "Back to the chat queue",
  },
});

type Params = { Params: { id: string }; Querystring: Record<string, string | undefined> };
type Post = { Params: { id: string }; Body: Record<string, string | undefined> };

const MAX_LOADED = 2000;
const isHtmx = (req: FastifyRequest) => req.headers["hx-request"] === "true";

/** How many of the newest messages to show: pages of 100, as far back as the operator has loaded. */
const parseLimit = (raw: string | undefined) => {
  const n = Number(raw);
  return Number.isInteger(n) && n >= TIMELINE_PAGE ? Math.min(n, MAX_LOADED) : TIMELINE_PAGE;
};

const contextOf = async (deps: DeskDeps, tx: Tx, user: DeskUser, id: string) =>
  loadChatContext(tx, deps.citizen, await visibleConversation(tx, user, id));

/** The reply box's text when the operator picked a ready answer: filled in for this citizen. */
const cannedText = async (tx: Tx, user: DeskUser, id: string | undefined, vars: CannedVariables) => {
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const canned = await findCanned(tx, user.officeId, id);
  return canned ? fillCanned(canned.body, vars) : undefined;
};

const renderDetail = async (
  deps: DeskDeps,
  user: DeskUser,
  id: string,
  q: Record<string, string | undefined>,
) => {
  const tx = deps.database.db;
  const ctx = await contextOf(deps, tx, user, id);
  const limit = parseLimit(q.limit);
  const [timeline, canned, text] = await Promise.all([
    newestMessages(tx, deps.citizen.keys, ctx.conversation.id, limit),
    listCanned(tx, user.officeId),
    cannedText(tx, user, q.canned, ctx.variables),
  ]);
  return (
    <ConversationDetail
      user={user}
      deps={deps}
      ctx={ctx}
      {...timeline}
      limit={limit}
      canned={canned}
      text={text}
    />
  );
};

/** After an action: htmx gets the chat again, a plain form is sent back to the page. */
const showAgain = async (deps: DeskDeps, req: FastifyRequest<Post>, reply: FastifyReply) => {
  const id = req.params.id;
  if (!isHtmx(req)) return reply.redirect(`/desk/conversations/${id}`, 303);
  return sendFragment(reply, await renderDetail(deps, userOf(req), id, {}));
};

/**
 * After a hand-back or close the chat may have left the person's view (it was visible through the
 * hand-over alone), so the column says what happened instead of showing the chat again.
 */
const released = (req: FastifyRequest<Post>, reply: FastifyReply, key: "handedBack" | "closed") => {
  if (!isHtmx(req)) return reply.redirect("/desk?queue=chats", 303);
  const l = userOf(req).locale;
  reply.header("hx-push-url", "/desk?queue=chats");
  return sendFragment(
    reply,
    <Notice kind="ok">
      {w(l, key)} <a href="/desk?queue=chats">{w(l, "back")}</a>
    </Notice>,
  );
};

/** A repeated form field arrives as an array; only plain single values are read. */
const singleValues = (body: unknown): Record<string, string | undefined> =>
  Object.fromEntries(
    Object.entries(body && typeof body === "object" ? body : {}).filter(([, v]) => typeof v === "string"),
  );

/** Runs an action on a chat the person may see and act on, with the outbox woken afterwards. */
const act = (
  deps: DeskDeps,
  req: FastifyRequest<Post>,
  action: (tx: Tx, user: DeskUser, id: string) => Promise<unknown>,
) => {
  const user = userOf(req);
  requireActor(user);
  return runDeskAction(deps, user, async (tx) => {
    const conversation = await visibleConversation(tx, user, req.params.id);
    await action(tx, user, conversation.id);
    return undefined;
  });
};

const sendReply = (
  deps: DeskDeps,
  tx: Tx,
  user: DeskUser,
  id: string,
  body: Record<string, string | undefined>,
) =>
  body.template
    ? replyTemplate(tx, {
        keys: deps.citizen.keys,
        conversationId: id,
        operatorId: user.id,
        templates: deps.citizen.catalogue.templates,
        name: body.template,
        language: body.language ?? "id",
        values: body,
      })
    : replyText(tx, {
        keys: deps.citizen.keys,
        conversationId: id,
        operatorId: user.id,
        text: body.text ?? "",
        now: deps.citizen.now(),
      });

export const conversationRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  app.get<Params>("/desk/conversations/:id", async (req, reply) => {
    const detail = await renderDetail(deps, userOf(req), req.params.id, req.query);
    return isHtmx(req) ? sendFragment(reply, detail) : sendWorkspace(deps, req, reply, detail);
  });

  app.get<Params>("/desk/conversations/:id/timeline", async (req, reply) => {
    const user = userOf(req);
    const tx = deps.database.db;
    const conversation = await visibleConversation(tx, user, req.params.id);
    const limit = parseLimit(req.query.limit);
    const timeline = await newestMessages(tx, deps.citizen.keys, conversation.id, limit);
    return sendFragment(
      reply,
      <Timeline
        conversationId={conversation.id}
        l={user.locale}
        {...timeline}
        limit={limit}
        templates={deps.citizen.catalogue.templates}
      />,
    );
  });

  app.get<Params>("/desk/conversations/:id/head", async (req, reply) => {
    const user = userOf(req);
    const ctx = await contextOf(deps, deps.database.db, user, req.params.id);
    return sendFragment(reply, <ConversationHead user={user} deps={deps} ctx={ctx} />);
  });

  app.get<Params>("/desk/conversations/:id/reply-box", async (req, reply) => {
    const user = userOf(req);
    const tx = deps.database.db;
    const ctx = await contextOf(deps, tx, user, req.params.id);
    const [canned, text] = await Promise.all([
      listCanned(tx, user.officeId),
      cannedText(tx, user, req.query.canned, ctx.variables),
    ]);
    return sendFragment(reply, <ReplyBox user={user} ctx={ctx} canned={canned} text={text} />);
  });

  app.post<Post>("/desk/conversations/:id/reply", async (req, reply) => {
    const body = singleValues(req.body);
    await act(deps, req, (tx, user, id) => sendReply(deps, tx, user, id, body));
    if (!isHtmx(req)) return reply.redirect(`/desk/conversations/${req.params.id}`, 303);
    // A fresh, empty box; the message itself appears in the timeline with the next refresh.
    const user = userOf(req);
    const ctx = await contextOf(deps, deps.database.db, user, req.params.id);
    const canned = await listCanned(deps.database.db, user.officeId);
    return sendFragment(reply, <ReplyBox user={user} ctx={ctx} canned={canned} />);
  });

  app.post<Post>("/desk/conversations/:id/take", async (req, reply) => {
    await act(deps, req, (tx, user, id) => takeOver(tx, { conversationId: id, operatorId: user.id }));
    return showAgain(deps, req, reply);
  });

  app.post<Post>("/desk/conversations/:id/hand-back", async (req, reply) => {
    await act(deps, req, (tx, _user, id) => handBack(tx, deps.citizen, { conversationId: id }));
    return released(req, reply, "handedBack");
  });

  app.post<Post>("/desk/conversations/:id/close", async (req, reply) => {
    await act(deps, req, (tx, _user, id) => closeChat(tx, deps.citizen.keys, { conversationId: id }));
    return released(req, reply, "closed");
  });
};
