/**
 * /desk/complaints: the complaints an operator (or supervisor) works on, and the work on one — verify,
 * answer, escalate — as the lifecycle allows in its stage. Every route checks the person's scope on the
 * server (access.repo.ts complaintVisibleSql): a complaint outside it is 404, for the page and every action.
 * Admins and viewers do not handle complaints (403).
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Tx } from "../../../platform/db/client.ts";
import type { ComplaintResult } from "../../complaints/complaint-actions.ts";
import { allowedComplaintActions } from "../../complaints/complaint-lifecycle.ts";
import { listComplaintEvents } from "../../complaints/complaints.repo.ts";
import { answerComplaint, escalate, verifyComplaint } from "../../complaints/complaints.service.ts";
import { roleOf } from "../../shared/actor.ts";
import { isUuid } from "../../shared/uuid.ts";
import { complaintScopeOf } from "../access.repo.ts";
import { requireActor, runDeskAction } from "../actions.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { notFound } from "../errors.tsx";
import { attemptForm } from "../form-attempt.ts";
import { sendPage } from "../respond.ts";
import { userOf } from "../session.ts";
import type { Message } from "../supervisor/supervisor.views.tsx";
import { ComplaintPage } from "./complaint.views.tsx";
import { kw } from "./complaint.words.ts";
import { findScopedComplaint, historyNames, listComplaintWork } from "./complaint-desk.repo.ts";
import { ComplaintListPage, WorkActions } from "./complaint-work.views.tsx";

const DONE = ["verified", "answered", "escalated"] as const;

type Params = { id: string };
type Body = Record<string, string | undefined>;
type Query = Record<string, string | undefined>;

const doneMessage = (user: DeskUser, q: Query): Message | undefined => {
  const done = DONE.find((d) => d === q.done);
  return done ? { kind: "ok", text: kw(user.locale, `done_${done}`) } : undefined;
};

export const complaintWorkRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  app.addHook("preHandler", async (req) => {
    requireActor(userOf(req));
  });
  const db = deps.database.db;
  const keys = deps.citizen.keys;
  const now = () => deps.citizen.now();

  const find = (tx: Tx, user: DeskUser, id: string) =>
    isUuid(id) ? findScopedComplaint(tx, keys, complaintScopeOf(user), id) : Promise.resolve(undefined);

  const page = async (reply: FastifyReply, user: DeskUser, id: string, message?: Message, status = 200) => {
    const complaint = await find(db, user, id);
    if (!complaint) throw notFound();
    const events = await listComplaintEvents(db, keys, complaint.id);
    const names = await historyNames(db, user.officeId, events);
    const allowed = allowedComplaintActions(complaint.status, roleOf(requireActor(user)));
    return sendPage(
      reply,
      <ComplaintPage
        {...{ user, deps, complaint, events, names, message }}
        back={{ href: "/desk/complaints", label: kw(user.locale, "back") }}
        active="complaints"
        actions={<WorkActions user={user} c={complaint} allowed={allowed} />}
      />,
      status,
    );
  };

  app.get<{ Querystring: Query }>("/desk/complaints", async (req, reply) => {
    const user = userOf(req);
    const rows = await listComplaintWork(db, complaintScopeOf(user), now());
    return sendPage(reply, <ComplaintListPage user={user} deps={deps} rows={rows} />);
  });

  app.get<{ Params: Params; Querystring: Query }>("/desk/complaints/:id", (req, reply) => {
    const user = userOf(req);
    return page(reply, user, req.params.id, doneMessage(user, req.query));
  });

  /**
   * One work action on a complaint in scope, in one transaction with what the reporter is told (the outbox row
   * commits with the change). Out of scope → 404 before anything is written.
   */
  const workAction =
    (
      done: (typeof DONE)[number],
      run: (tx: Tx, o: { user: DeskUser; id: string; body: Body }) => Promise<ComplaintResult>,
    ) =>
    (req: FastifyRequest<{ Params: Params; Body: Body }>, reply: FastifyReply) => {
      const user = userOf(req);
      const { id } = req.params;
      return attemptForm(
        req,
        reply,
        async () => {
          await runDeskAction(deps, user, async (tx) => {
            if (!(await find(tx, user, id))) throw notFound();
            const result = await run(tx, { user, id, body: req.body ?? {} });
            for (const n of result.notifications) await deps.notifyComplaint(tx, n);
            return undefined;
          });
          return `/desk/complaints/${id}?done=${done}`;
        },
        (message, status) => page(reply, user, id, message, status),
      );
    };

  const staff = (user: DeskUser, id: string) => ({
    officeId: user.officeId,
    complaintId: id,
    actor: requireActor(user),
    calendar: deps.citizen.calendar,
    now: now(),
  });

  app.post<{ Params: Params; Body: Body }>(
    "/desk/complaints/:id/verify",
    workAction("verified", (tx, { user, id, body }) =>
      verifyComplaint(tx, {
        ...staff(user, id),
        laporReference: body.laporReference?.trim().slice(0, 100) || undefined,
      }),
    ),
  );

  app.post<{ Params: Params; Body: Body }>(
    "/desk/complaints/:id/answer",
    workAction("answered", (tx, { user, id, body }) =>
      answerComplaint(tx, { ...staff(user, id), keys, answer: (body.answer ?? "").slice(0, 2000) }),
    ),
  );

  app.post<{ Params: Params; Body: Body }>(
    "/desk/complaints/:id/escalate",
    workAction("escalated", (tx, { user, id, body }) =>
      escalate(tx, { ...staff(user, id), keys, reason: (body.reason ?? "").slice(0, 500) }),
    ),
  );
};
