/**
 * Lifecycle actions and document verdicts on one application. Each runs through runDeskAction (the change
 * and the citizen's notification commit together) on the locked row, after the same visibility check as
 * the page (404 outside the person's services) and the actor check (403 for admins and viewers). The
 * answer is the refreshed detail.
 */
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Tx } from "../../platform/db/client.ts";
import type { Application } from "../applications/applications.service.ts";
import {
  assign,
  claim,
  complete,
  reject,
  release,
  requestRevision,
  type StaffActionOptions,
  startProcessing,
  type TransitionResult,
} from "../applications/applications.service.ts";
import { verifyItem } from "../applications/verification.service.ts";
import { DomainError } from "../shared/domain-error.ts";
import { visibleApplication } from "./access.repo.ts";
import { requireActor, runDeskAction } from "./actions.ts";
import { assignableStaff } from "./application.repo.ts";
import type { IdParams } from "./application.routes.tsx";
import { sendDetail } from "./application.routes.tsx";
import { citizenLocaleOf, knownRequirement, rejectedItems } from "./application.service.ts";
import type { DeskDeps } from "./context.ts";
import { notFound } from "./errors.tsx";
import { reasonText } from "./reject-reasons.ts";
import {
  commitOrDiscard,
  insertResultBlobs,
  MAX_RESULT_BYTES,
  MAX_RESULT_FILES,
  storeCompletion,
} from "./results.ts";
import { userOf } from "./session.ts";

type Form = Record<string, string | undefined>;
type Run = (
  tx: Tx,
  base: StaffActionOptions,
  application: Application,
  req: FastifyRequest,
) => Promise<Pick<TransitionResult, "notification">>;

/** Visibility (404), then the actor (403), then the use case on the locked row; answers with the detail. */
const act = (deps: DeskDeps, run: Run) => async (req: FastifyRequest<IdParams>, reply: FastifyReply) => {
  const user = userOf(req);
  await runDeskAction(deps, user, async (tx) => {
    const application = await visibleApplication(tx, user, req.params.id, { lock: true });
    const actor = requireActor(user);
    const base = { officeId: user.officeId, applicationId: application.id, actor, now: deps.citizen.now() };
    return run(tx, base, application, req);
  });
  return sendDetail(deps, req, reply, req.params.id);
};

const form = (req: FastifyRequest): Form =>
  req.body && typeof req.body === "object" ? (req.body as Form) : {};

const REQUIREMENT_ID = /^[a-z][a-z0-9_]{0,63}$/;

type ItemParams = { Params: { id: string; requirementId: string } };

export const applicationActionRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  // Only this plugin parses uploads, and only after the session hook has let the request through.
  await app.register(multipart, {
    limits: { fileSize: MAX_RESULT_BYTES, files: MAX_RESULT_FILES, fields: 10, parts: MAX_RESULT_FILES + 10 },
  });
  const path = (action: string) => `/desk/applications/:id/${action}`;

  app.post<IdParams>(
    path("claim"),
    act(deps, (tx, base) => claim(tx, base)),
  );
  app.post<IdParams>(
    path("release"),
    act(deps, (tx, base) => release(tx, base)),
  );
  app.post<IdParams>(
    path("start-processing"),
    act(deps, (tx, base) => startProcessing(tx, base)),
  );

  app.post<IdParams>(
    path("assign"),
    act(deps, async (tx, base, application, req) => {
      const operatorId = form(req).operatorId ?? "";
      const staff = await assignableStaff(tx, base.officeId, application.serviceCode);
      // Only someone who works on this service: anyone else could not even open it.
      if (!staff.some((s) => s.id === operatorId)) throw new DomainError("operator_not_found");
      return assign(tx, { ...base, operatorId });
    }),
  );

  app.post<IdParams>(
    path("request-revision"),
    act(deps, async (tx, base) =>
      requestRevision(tx, { ...base, items: await rejectedItems(tx, base.applicationId) }),
    ),
  );

  app.post<IdParams>(
    path("reject"),
    act(deps, (tx, base, _app, req) => reject(tx, { ...base, reason: form(req).reason ?? "" })),
  );

  const verdict = (kind: "accepted" | "rejected") =>
    act(deps, async (tx, base, application, req) => {
      const { requirementId } = (req as FastifyRequest<ItemParams>).params;
      if (
        !REQUIREMENT_ID.test(requirementId) ||
        !(await knownRequirement(tx, deps, application, requirementId))
      )
        throw notFound();
      const body = form(req);
      const reason =
        kind === "rejected"
          ? reasonText({
              preset: body.preset,
              free: body.reason,
              citizenLocale: await citizenLocaleOf(tx, application),
            })
          : undefined;
      await verifyItem(tx, {
        ...base,
        requirementId,
        verdict: kind,
        ...(reason !== undefined ? { reason } : {}),
      });
      return {}; // a verdict tells the citizen nothing until the revision request
    });
  app.post<ItemParams>("/desk/applications/:id/items/:requirementId/accept", verdict("accepted"));
  app.post<ItemParams>("/desk/applications/:id/items/:requirementId/reject", verdict("rejected"));

  app.post<IdParams>(path("complete"), async (req, reply) => {
    const user = userOf(req);
    // Refused before a byte of the upload is read: strangers (404) and viewers (403) store nothing.
    await visibleApplication(deps.database.db, user, req.params.id);
    requireActor(user);
    const { stored, pickup } = await storeCompletion(req, deps.blobs);
    if (stored.length === 0 && !pickup) throw new DomainError("file_required");
    await commitOrDiscard(deps.blobs, stored, () =>
      runDeskAction(deps, user, async (tx) => {
        const application = await visibleApplication(tx, user, req.params.id, { lock: true });
        const base = { officeId: user.officeId, applicationId: application.id, actor: requireActor(user) };
        // The rows commit with the completion (and the notification that sends them), or not at all.
        const resultBlobIds = await insertResultBlobs(tx, user.officeId, stored);
        return complete(tx, { ...base, now: deps.citizen.now(), resultBlobIds, pickup });
      }),
    );
    return sendDetail(deps, req, reply, req.params.id);
  });
};
