/**
 * The application view: the detail (a fragment for htmx, the whole workspace for a deep link), the audited
 * NIK reveal and internal notes. Lifecycle actions are in application-actions.routes.tsx, files in
 * files.routes.ts; this plugin registers all three.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { visibleApplication } from "./access.repo.ts";
import { requireActor } from "./actions.ts";
import { addNote, loadApplicationView, revealSubjectNik } from "./application.service.ts";
import { ApplicationDetail, RevealedNik } from "./application.views.tsx";
import { applicationActionRoutes } from "./application-actions.routes.tsx";
import type { DeskDeps } from "./context.ts";
import { fileRoutes } from "./files.routes.ts";
import { sendWorkspace } from "./queue.routes.tsx";
import { sendFragment } from "./respond.ts";
import { userOf } from "./session.ts";

export type IdParams = { Params: { id: string } };

/** The current detail of the application: what every action answers with, so the column shows what is stored. */
export const sendDetail = async (deps: DeskDeps, req: FastifyRequest, reply: FastifyReply, id: string) => {
  const user = userOf(req);
  const application = await visibleApplication(deps.database.db, user, id);
  const view = await loadApplicationView(deps, user, application);
  const detail = <ApplicationDetail view={view} user={user} />;
  return req.headers["hx-request"] === "true"
    ? sendFragment(reply, detail)
    : sendWorkspace(deps, req, reply, detail);
};

export const applicationRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  app.get<IdParams>("/desk/applications/:id", (req, reply) => sendDetail(deps, req, reply, req.params.id));

  app.post<IdParams>("/desk/applications/:id/reveal-nik", async (req, reply) => {
    const user = userOf(req);
    const nik = await deps.database.db.transaction(async (tx) => {
      const application = await visibleApplication(tx, user, req.params.id);
      requireActor(user);
      return revealSubjectNik(tx, deps, user, application, req.ip);
    });
    return sendFragment(reply, <RevealedNik nik={nik} />);
  });

  app.post<IdParams & { Body: { body?: string } }>("/desk/applications/:id/notes", async (req, reply) => {
    const user = userOf(req);
    await deps.database.db.transaction(async (tx) => {
      const application = await visibleApplication(tx, user, req.params.id);
      requireActor(user);
      await addNote(tx, { user, application, body: String(req.body?.body ?? "") });
    });
    return sendDetail(deps, req, reply, req.params.id);
  });

  await app.register(applicationActionRoutes(deps));
  await app.register(fileRoutes(deps));
};
