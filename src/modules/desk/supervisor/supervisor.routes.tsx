/**
 * GET /desk/supervisor and its actions, for supervisors only (403 for anyone else, checked on the server
 * for every route). Each action redirects back with what happened (PRG), or re-renders with the refusal.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Tx } from "../../../platform/db/client.ts";
import { declareSiakOutage, endSiakOutage } from "../../applications/clock.service.ts";
import { tellWaitingCitizens } from "../../applications/outage-notice.service.ts";
import { assign } from "../../applications/review.service.ts";
import type { ComplaintResult } from "../../complaints/complaint-actions.ts";
import { assignComplaint, referComplaint } from "../../complaints/complaint-disposition.ts";
import { allowedComplaintActions } from "../../complaints/complaint-lifecycle.ts";
import { listComplaintEvents } from "../../complaints/complaints.repo.ts";
import { escalate } from "../../complaints/complaints.service.ts";
import { DomainError } from "../../shared/domain-error.ts";
import { isUuid } from "../../shared/uuid.ts";
import { visibleApplication } from "../access.repo.ts";
import { requireActor, runDeskAction } from "../actions.ts";
import { ComplaintPage } from "../complaints/complaint.views.tsx";
import { kw } from "../complaints/complaint.words.ts";
import { findScopedComplaint, historyNames, listOpenComplaints } from "../complaints/complaint-desk.repo.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { forbidden, notFound } from "../errors.tsx";
import { attemptForm } from "../form-attempt.ts";
import { sendPage } from "../respond.ts";
import { userOf } from "../session.ts";
import {
  findOpenOutage,
  listBreaches,
  listOfficeStaff,
  listServiceStaff,
  type Scope,
  servesService,
} from "./supervisor.repo.ts";
import { type Message, SupervisorComplaintActions, SupervisorPage } from "./supervisor.views.tsx";
import { sw } from "./supervisor.words.ts";

const scopeOf = (user: DeskUser): Scope => ({ officeId: user.officeId, services: user.services });

type Query = Record<string, string | undefined>;
type Params = { id: string };
type Body = Record<string, string | undefined>;

/** What a redirect's ?done=… says, with the counts it carries. */
const doneMessage = (user: DeskUser, q: Query): Message | undefined => {
  const key = q.done && `done_${q.done}`;
  if (!key) return undefined;
  const vars = { affected: q.affected ?? "0", told: q.told ?? "0", skipped: q.skipped ?? "0" };
  const text = (sw as (l: string, k: string, v: object) => string | undefined)(user.locale, key, vars);
  return text ? { kind: "ok", text } : undefined;
};

export const supervisorRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  app.addHook("preHandler", async (req) => {
    if (userOf(req).role !== "supervisor") throw forbidden();
  });
  const db = deps.database.db;
  const keys = deps.citizen.keys;
  const now = () => deps.citizen.now();

  const page = async (reply: FastifyReply, user: DeskUser, message?: Message, status = 200) => {
    const scope = scopeOf(user);
    const [outage, breaches, staff, complaints] = await Promise.all([
      findOpenOutage(db, user.officeId),
      listBreaches(db, scope),
      listServiceStaff(db, scope),
      listOpenComplaints(db, keys, scope),
    ]);
    return sendPage(
      reply,
      <SupervisorPage {...{ user, deps, outage, breaches, staff, complaints, message }} />,
      status,
    );
  };

  const complaintPage = async (
    reply: FastifyReply,
    user: DeskUser,
    id: string,
    message?: Message,
    status = 200,
  ) => {
    const complaint = isUuid(id) ? await findScopedComplaint(db, keys, scopeOf(user), id) : undefined;
    if (!complaint) throw notFound();
    const [events, staff] = await Promise.all([
      listComplaintEvents(db, keys, id),
      complaint.service_code
        ? listServiceStaff(db, { officeId: user.officeId, services: [complaint.service_code] })
        : listOfficeStaff(db, user.officeId),
    ]);
    const names = await historyNames(db, user.officeId, events);
    const work = allowedComplaintActions(complaint.status, "supervisor");
    const actions = (
      <SupervisorComplaintActions
        user={user}
        c={complaint}
        staff={staff}
        canWork={work.includes("verify") || work.includes("answer")}
      />
    );
    return sendPage(
      reply,
      <ComplaintPage
        {...{ user, deps, complaint, events, names, actions, message }}
        back={{ href: "/desk/supervisor", label: kw(user.locale, "backSupervisor") }}
        active="supervisor"
      />,
      status,
    );
  };

  /** Runs an action; a refusal re-renders the page it came from with the reason (422/409). */
  const attempt = attemptForm;

  app.get<{ Querystring: Query }>("/desk/supervisor", async (req, reply) => {
    const user = userOf(req);
    return page(reply, user, doneMessage(user, req.query));
  });

  app.post<{ Params: Params; Body: Body }>("/desk/supervisor/applications/:id/assign", (req, reply) => {
    const user = userOf(req);
    const actor = requireActor(user);
    const operatorId = req.body?.operatorId ?? "";
    return attempt(
      req,
      reply,
      async () => {
        await runDeskAction(deps, user, async (tx) => {
          const application = await visibleApplication(tx, user, req.params.id, { lock: true });
          if (
            !isUuid(operatorId) ||
            !(await servesService(tx, user.officeId, operatorId, application.serviceCode))
          )
            throw new DomainError("operator_not_found");
          return assign(tx, {
            officeId: user.officeId,
            applicationId: application.id,
            actor,
            operatorId,
            now: now(),
          });
        });
        return "/desk/supervisor?done=assigned";
      },
      (m, s) => page(reply, user, m, s),
    );
  });

  app.post<{ Body: Body }>("/desk/supervisor/outage/declare", (req, reply) => {
    const user = userOf(req);
    const actor = requireActor(user);
    const note = req.body?.note?.trim().slice(0, 500) || undefined;
    return attempt(
      req,
      reply,
      async () => {
        const r = await runDeskAction(deps, user, async (tx) => {
          const declared = await declareSiakOutage(tx, { officeId: user.officeId, actor, note, now: now() });
          const told = req.body?.tell
            ? await tellWaitingCitizens(tx, { keys: deps.citizen.keys, officeId: user.officeId, now: now() })
            : undefined;
          return { affected: declared.affected, told, notification: undefined };
        });
        const q = new URLSearchParams({
          done: r.told ? "declared_told" : "declared",
          affected: String(r.affected),
        });
        if (r.told) {
          q.set("told", String(r.told.told));
          q.set("skipped", String(r.told.skipped));
        }
        return `/desk/supervisor?${q}`;
      },
      (m, s) => page(reply, user, m, s),
    );
  });

  app.post("/desk/supervisor/outage/end", (req, reply) => {
    const user = userOf(req);
    const actor = requireActor(user);
    return attempt(
      req,
      reply,
      async () => {
        const r = await runDeskAction(deps, user, async (tx) => ({
          ...(await endSiakOutage(tx, {
            officeId: user.officeId,
            actor,
            calendar: deps.citizen.calendar,
            now: now(),
          })),
          notification: undefined,
        }));
        return `/desk/supervisor?done=ended&affected=${r.affected}`;
      },
      (m, s) => page(reply, user, m, s),
    );
  });

  app.get<{ Params: Params; Querystring: Query }>("/desk/supervisor/complaints/:id", async (req, reply) => {
    const user = userOf(req);
    return complaintPage(reply, user, req.params.id, doneMessage(user, req.query));
  });

  /** A complaint action in one transaction with the reporter's notification, on a complaint in scope. */
  const complaintAction =
    (done: string, run: (tx: Tx, user: DeskUser, id: string, body: Body) => Promise<ComplaintResult>) =>
    (req: FastifyRequest<{ Params: Params; Body: Body }>, reply: FastifyReply) => {
      const user = userOf(req);
      requireActor(user);
      const { id } = req.params;
      return attempt(
        req,
        reply,
        async () => {
          await runDeskAction(deps, user, async (tx) => {
            const complaint = isUuid(id) ? await findScopedComplaint(tx, keys, scopeOf(user), id) : undefined;
            if (!complaint) throw notFound();
            const result = await run(tx, user, id, req.body ?? {});
            for (const n of result.notifications) await deps.notifyComplaint(tx, n);
            return undefined;
          });
          return `/desk/supervisor/complaints/${id}?done=${done}`;
        },
        (m, s) => complaintPage(reply, user, id, m, s),
      );
    };

  app.post<{ Params: Params; Body: Body }>(
    "/desk/supervisor/complaints/:id/assign",
    complaintAction("complaint_assigned", async (tx, user, id, body) => {
      const operatorId = body.operatorId ?? "";
      const complaint = (await findScopedComplaint(tx, keys, scopeOf(user), id))!;
      const eligible = isUuid(operatorId)
        ? complaint.service_code
          ? await servesService(tx, user.officeId, operatorId, complaint.service_code)
          : (await listOfficeStaff(tx, user.officeId)).some((s) => s.id === operatorId)
        : false;
      if (!eligible) throw new DomainError("operator_not_found");
      return assignComplaint(tx, {
        officeId: user.officeId,
        complaintId: id,
        actor: requireActor(user),
        operatorId,
        now: now(),
      });
    }),
  );

  app.post<{ Params: Params; Body: Body }>(
    "/desk/supervisor/complaints/:id/escalate",
    complaintAction("escalated", (tx, user, id, body) =>
      escalate(tx, {
        officeId: user.officeId,
        complaintId: id,
        actor: requireActor(user),
        reason: (body.reason ?? "").slice(0, 500),
        keys,
        now: now(),
      }),
    ),
  );

  app.post<{ Params: Params; Body: Body }>(
    "/desk/supervisor/complaints/:id/refer",
    complaintAction("referred", (tx, user, id, body) =>
      referComplaint(tx, {
        officeId: user.officeId,
        complaintId: id,
        actor: requireActor(user),
        office: body.office ?? "",
        now: now(),
      }),
    ),
  );
};
