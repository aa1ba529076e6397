/**
 * /desk/admin/privacy: the queue of citizens' data requests (admins and supervisors answer them), and
 * /desk/admin/breach: the breach helper (admins only). Everyone else gets 403 on every route, GET or POST.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { openProfileName } from "../../messaging/messaging.repo.ts";
import { breachCsv, findAffectedCitizens } from "../../privacy/breach.service.ts";
import { listRequests } from "../../privacy/dsr.repo.ts";
import { deleteOptionalData, refuseRequest, sendDataCopy } from "../../privacy/dsr.service.ts";
import { isDomainError } from "../../shared/domain-error.ts";
import { isUuid } from "../../shared/uuid.ts";
import { runDeskAction } from "../actions.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { domainErrorText, forbidden, notFound } from "../errors.tsx";
import { sendPage } from "../respond.ts";
import { redirect, userOf } from "../session.ts";
import { type BreachForm, BreachPage, type Message, RequestsPage } from "./privacy.views.tsx";
import { pw } from "./privacy.words.ts";

const DONE = new Set(["copy", "copy_template", "delete", "refused"]);

type Params = { id: string };
type Query = Record<string, string | undefined>;

/** A datetime-local value is read as office time (WITA, UTC+8). */
const witaDate = (value: string | undefined) => {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  const d = new Date(`${value}:00+08:00`);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

const breachForm = (q: Query): BreachForm => ({
  items: (q.items ?? "").slice(0, 200_000),
  from: q.from ?? "",
  to: q.to ?? "",
});

export const privacyRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  // Data requests: admins and supervisors; the breach helper: admins only.
  app.addHook("preHandler", async (req) => {
    const role = userOf(req).role;
    const breach = req.url.startsWith("/desk/admin/breach");
    if (breach ? role !== "admin" : role !== "admin" && role !== "supervisor") throw forbidden();
  });
  const db = deps.database.db;
  const now = () => deps.citizen.now();

  const page = async (reply: FastifyReply, user: DeskUser, message?: Message, status = 200) =>
    sendPage(
      reply,
      <RequestsPage
        user={user}
        deps={deps}
        rows={(await listRequests(db, user.officeId)).map((r) => ({
          ...r,
          profile_name: openProfileName(deps.citizen.keys, r.profile_name),
        }))}
        now={now()}
        message={message}
      />,
      status,
    );

  app.get<{ Querystring: Query }>("/desk/admin/privacy", async (req, reply) => {
    const user = userOf(req);
    const done = req.query.done;
    const message: Message | undefined =
      done && DONE.has(done)
        ? { kind: "ok", text: pw(user.locale, `done_${done}` as "done_copy") }
        : undefined;
    return page(reply, user, message);
  });

  /** Answers a request; a refusal (already handled, wrong kind) re-renders the queue with the reason (422). */
  const run = async (
    req: FastifyRequest<{ Params: Params; Body: { reason?: string } }>,
    reply: FastifyReply,
    done: string,
  ) => {
    const user = userOf(req);
    if (!isUuid(req.params.id)) throw notFound();
    const o = {
      officeId: user.officeId,
      requestId: req.params.id,
      staffId: user.id,
      keys: deps.citizen.keys,
      now: now(),
      ip: req.ip,
    };
    try {
      let said = done;
      await runDeskAction(deps, user, async (tx) => {
        if (done === "copy") {
          const copy = await sendDataCopy(tx, { ...o, catalogue: deps.citizen.catalogue, blobs: deps.blobs });
          if (!copy.windowOpen) said = "copy_template";
        } else if (done === "delete") await deleteOptionalData(tx, o);
        else await refuseRequest(tx, { ...o, reason: String(req.body?.reason ?? "") });
        return undefined;
      });
      return redirect(req, reply, `/desk/admin/privacy?done=${said}`);
    } catch (error) {
      if (!isDomainError(error) || error.code === "request_not_found") throw error;
      const own = (pw as (l: string, k: string) => string | undefined)(user.locale, error.code);
      return page(reply, user, { kind: "error", text: own ?? domainErrorText(user.locale, error.code) }, 422);
    }
  };

  app.post<{ Params: Params; Body: { reason?: string } }>("/desk/admin/privacy/:id/copy", (req, reply) =>
    run(req, reply, "copy"),
  );
  app.post<{ Params: Params; Body: { reason?: string } }>("/desk/admin/privacy/:id/delete", (req, reply) =>
    run(req, reply, "delete"),
  );
  app.post<{ Params: Params; Body: { reason?: string } }>("/desk/admin/privacy/:id/refuse", (req, reply) =>
    run(req, reply, "refused"),
  );

  const search = (req: FastifyRequest<{ Querystring: Query }>, exported: boolean) => {
    const user = userOf(req);
    const form = breachForm(req.query);
    return db.transaction((tx) =>
      findAffectedCitizens(tx, {
        officeId: user.officeId,
        staffId: user.id,
        keys: deps.citizen.keys,
        query: { text: form.items, from: witaDate(form.from), to: witaDate(form.to) },
        export: exported,
        ip: req.ip,
        now: now(),
      }),
    );
  };

  app.get<{ Querystring: Query }>("/desk/admin/breach", async (req, reply) => {
    const user = userOf(req);
    const form = breachForm(req.query);
    const asked = form.items.trim() !== "" || (form.from !== "" && form.to !== "");
    const found = asked ? await search(req, false) : undefined;
    return sendPage(reply, <BreachPage user={user} deps={deps} form={form} found={found} />);
  });

  app.get<{ Querystring: Query }>("/desk/admin/breach.csv", async (req, reply) => {
    const found = await search(req, true);
    const day = now().toISOString().slice(0, 10);
    return reply
      .code(200)
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="terdampak-${day}.csv"`)
      .header("cache-control", "no-store")
      .header("x-content-type-options", "nosniff")
      .send(breachCsv(found));
  });
};
